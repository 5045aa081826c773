#!/bin/sh
# mkdeb.sh ARCH PKGDIR ICONS ROOT VERSION MAINTAINER OUT.deb builds the
# Debian package of the desktop app for ARCH from PKGDIR (the folder of the
# tar.gz: programs, README, 使用说明.pdf, fonts/), the hicolor icons under
# ICONS, and the Debian 11 root ROOT the programs were built in, which
# tells which package provides each library they load.
#
# Layout (Debian, Ubuntu, 统信UOS, 麒麟 all read it): the programs and
# their fonts/ folder stay together in /opt/deputydesk, because the app
# finds the shipped PDF font beside its own executable; /usr/bin has links
# to the programs; the menu entry and icons are where the desktop looks.
# dpkg's triggers in desktop-file-utils and the icon caches pick them up,
# so the package needs no maintainer scripts.
set -eu
arch=$1 pkgdir=$2 icons=$3 root=$4 version=$5 maintainer=$6 out=$7
case $arch in
amd64) triplet=x86_64-linux-gnu ;;
arm64) triplet=aarch64-linux-gnu ;;
*) echo "mkdeb.sh: unknown architecture $arch" >&2; exit 2 ;;
esac
here=$(dirname "$0")
stage=$(mktemp -d "${TMPDIR:-/tmp}/deputydesk-deb.XXXXXX")
trap 'rm -rf "$stage"' EXIT

opt=$stage/opt/deputydesk
mkdir -p "$opt" "$stage/usr/bin" "$stage/usr/share/applications" \
	"$stage/usr/share/icons" "$stage/usr/share/doc/deputydesk" "$stage/DEBIAN"
cp -r "$pkgdir/deputydesk" "$pkgdir/deputyhub" "$pkgdir/README.md" "$pkgdir/使用说明.pdf" "$pkgdir/fonts" "$opt/"
ln -s /opt/deputydesk/deputydesk "$stage/usr/bin/deputydesk"
ln -s /opt/deputydesk/deputyhub "$stage/usr/bin/deputyhub"
cp "$here/deputydesk.desktop" "$stage/usr/share/applications/deputydesk.desktop"
cp -r "$icons" "$stage/usr/share/icons/hicolor"
cat > "$stage/usr/share/doc/deputydesk/copyright" <<COPY
人大代表工作台 (deputydesk)

The font in /opt/deputydesk/fonts is LXGW WenKai (霞鹜文楷), under the SIL
Open Font License 1.1; its full copyright file is
/opt/deputydesk/fonts/LXGWWenKai-LICENSE.txt.
COPY
find "$stage" -type d -exec chmod 0755 {} +
find "$stage" -type f -exec chmod 0644 {} +
chmod 0755 "$opt/deputydesk" "$opt/deputyhub"

# Depends: the package of every library the app links (NEEDED) or GLFW
# loads at start with dlopen, looked up in the root it was built against;
# libc6 at least the highest glibc symbol version the programs use.
needed=$(objdump -p "$opt/deputydesk" | awk '$1 == "NEEDED" { print $2 }')
dlopened="libX11-xcb.so.1 libXcursor.so.1 libXi.so.6 libXinerama.so.1 libXrandr.so.2 libXrender.so.1 libXxf86vm.so.1"
deps=""
for so in $needed $dlopened; do
	p=$(chroot "$root" dpkg -S "*/$triplet/$so" 2>/dev/null | grep -v '^diversion' | head -1 | cut -d: -f1)
	[ -n "$p" ] || { echo "mkdeb.sh: no package in $root provides $so" >&2; exit 1; }
	case " $deps " in *" $p "*) ;; *) deps="$deps $p" ;; esac
done
floor=$(objdump -T "$opt/deputydesk" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1 | cut -d_ -f2)
depends=""
for p in $deps; do
	[ "$p" = libc6 ] && p="libc6 (>= $floor)"
	depends="${depends:+$depends, }$p"
done

cat > "$stage/DEBIAN/control" <<CONTROL
Package: deputydesk
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Depends: $depends
Recommends: libgl1-mesa-dri, zenity
Section: misc
Priority: optional
Homepage: https://deputydesk.cn
Description: 人大代表工作台 — township deputies' workbench
 乡镇人大秘书用的桌面软件：代表名册、代表小组、联络站值班、接待记录与
 群众反映事项闭环办理、履职活动与年度履职考核、月度台账导出与上报县人大。
 Works offline over one local SQLite file; includes the county hub
 (deputyhub) and the LXGW WenKai font for Chinese PDFs.
CONTROL
dpkg-deb --root-owner-group -Zxz --build "$stage" "$out" >/dev/null
echo "$out: Depends: $depends"
