#!/bin/sh
# build-mesa.sh TARBALL WORK OUT cross-builds Mesa's software OpenGL for
# 64-bit Windows from its source TARBALL (in WORK) and puts opengl32.dll,
# the gallium driver it loads (libgallium_wgl.dll) and Mesa's licence into
# OUT. Only softpipe is built: llvmpipe needs LLVM for Windows, and
# softpipe's OpenGL 3.3 is more than Fyne's 2.1 needs. The DLLs link libgcc, libstdc++, winpthread and zlib
# statically, so they need nothing but Windows itself.
set -eu
tarball=$1
work=$2
out=$3
jobs=${JOBS:-2}
rm -rf "$work" && mkdir -p "$work"
tar -C "$work" -xzf "$tarball"
src=$(echo "$work"/mesa-*)
# Debian's mingw pkg-config wrapper is broken (Debian bug 930492): point
# pkg-config at the mingw root's .pc files (zlib) instead.
cat >"$work/pkg-config" <<'PC'
#!/bin/sh
PKG_CONFIG_LIBDIR=/usr/x86_64-w64-mingw32/lib/pkgconfig exec pkg-config "$@"
PC
chmod +x "$work/pkg-config"
# The posix thread model: Mesa's C++ uses std::mutex, which gcc's win32
# model lacks before gcc 13.
cat >"$work/cross.ini" <<INI
[binaries]
c = 'x86_64-w64-mingw32-gcc-posix'
cpp = 'x86_64-w64-mingw32-g++-posix'
ar = 'x86_64-w64-mingw32-ar'
strip = 'x86_64-w64-mingw32-strip'
windres = 'x86_64-w64-mingw32-windres'
pkgconfig = '$work/pkg-config'

[built-in options]
c_link_args = ['-static', '-static-libgcc', '-s']
cpp_link_args = ['-static', '-static-libgcc', '-static-libstdc++', '-s']

[host_machine]
system = 'windows'
cpu_family = 'x86_64'
cpu = 'x86_64'
endian = 'little'
INI
# Mesa's generators are Python scripts that need mako: use the system
# Python, where the distribution's python3-mako is installed.
PATH=/usr/bin:$PATH meson setup "$work/build" "$src" --cross-file "$work/cross.ini" \
	--buildtype=release -Db_ndebug=true --wrap-mode=nofallback \
	-Dplatforms=windows -Dgallium-drivers=swrast -Dvulkan-drivers= -Dllvm=disabled \
	-Dopengl=true -Dglx=disabled -Degl=disabled -Dgbm=disabled -Dgles1=disabled -Dgles2=disabled \
	-Dshared-glapi=disabled -Dosmesa=false -Dgallium-va=disabled -Dgallium-vdpau=disabled \
	-Dgallium-omx=disabled -Dgallium-xa=disabled -Dgallium-nine=false -Dgallium-opencl=disabled \
	-Dgallium-d3d10umd=false -Dvideo-codecs= -Dmicrosoft-clc=disabled -Dspirv-to-dxil=false \
	-Dshader-cache=disabled -Dzlib=enabled -Dzstd=disabled -Dvalgrind=disabled -Dlibunwind=disabled \
	-Dlmsensors=disabled -Dbuild-tests=false -Dmin-windows-version=10
PATH=/usr/bin:$PATH ninja -C "$work/build" -j "$jobs" \
	src/gallium/targets/libgl-gdi/opengl32.dll
mkdir -p "$out"
cp "$work/build/src/gallium/targets/libgl-gdi/opengl32.dll" \
	"$work/build/src/gallium/targets/wgl/libgallium_wgl.dll" "$out/"
# The MIT licence travels with the DLLs.
cp "$src/docs/license.rst" "$out/Mesa-LICENSE.txt"
