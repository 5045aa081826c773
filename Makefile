# deputydesk — the one entry point for building, running and testing.
SHELL := /bin/bash
GO    ?= go
BIN   := bin
DB    ?=
export LANG := zh_CN.UTF-8
comma := ,

# Debian/Ubuntu packages the build and tests need, and a file each one
# installs, so `deps` only calls apt-get when something is missing.
DEB_PKGS := gcc:/usr/bin/gcc pkg-config:/usr/bin/pkg-config \
	libgl1-mesa-dev:/usr/include/GL/gl.h xorg-dev:/usr/include/X11/extensions/Xrandr.h \
	libxxf86vm-dev:/usr/include/X11/extensions/xf86vmode.h \
	fonts-noto-cjk:/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc \
	fonts-lxgw-wenkai:/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf \
	poppler-utils:/usr/bin/pdftotext xvfb:/usr/bin/Xvfb libgl1-mesa-dri:/usr/lib/x86_64-linux-gnu/dri \
	imagemagick:/usr/bin/import zbar-tools:/usr/bin/zbarimg locales:/usr/sbin/locale-gen \
	file:/usr/bin/file zip:/usr/bin/zip unzip:/usr/bin/unzip chromium:/usr/bin/chromium \
	qemu-user-static:/usr/bin/qemu-aarch64-static

# apt waits for another apt-get or the desktop's updater to let go of the
# dpkg lock instead of failing at once. The lock on the package lists has no
# such option, so the update is retried while it is held.
APT := env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600
apt_update = for i in $$(seq 60); do $$SUDO $(APT) update -qq && break; \
	[ $$i = 60 ] && exit 1; echo "apt 正被其他程序使用，10 秒后重试……"; sleep 10; done

.PHONY: deps ui-fonts deps-windows mesa-windows deps-root root build hub run test vet screenshots test-dates bench windows dist check-dist check-deb-install clean \
	linux-amd64 linux-arm64 linux-loong64

deps:
	@missing=""; for p in $(DEB_PKGS); do \
		pkg=$${p%%:*}; file=$${p#*:}; [ -e "$$file" ] || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "安装缺少的系统软件包:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$(apt_update); $$SUDO $(APT) install -y -qq --no-install-recommends $$missing; \
	fi
	@command -v $(GO) >/dev/null || { echo "需要 Go 1.26 或更新版本：https://go.dev/dl/"; exit 1; }
	$(GO) mod download

build: deps
	$(GO) build -tags migrated_fynedo -o $(BIN)/deputydesk ./cmd/deputydesk

run: build
	./$(BIN)/deputydesk $(if $(DB),--db $(DB))

vet: deps
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt: 以上文件需要格式化"; exit 1; }
	$(GO) vet ./...

# TODAY=2027-03-31 runs the suite as if today were that date: every test
# that depends on the date takes it from DEPUTYDESK_TEST_TODAY.
TODAY ?=
test: vet
	$(if $(TODAY),DEPUTYDESK_TEST_TODAY=$(TODAY)) $(GO) test -count=1 -timeout 40m ./...

# The packages whose tests depend on the date, run again on the days where
# calendar arithmetic goes wrong (month ends, new year, leap day).
DATE_PKGS := ./store/calendar/... ./app/cli/ ./app/ui/ ./app/demo/... ./app/ledger/ ./app/assess/ ./sync/...
test-dates: deps
	for d in 2026-12-31 2027-01-01 2027-03-31 2028-02-29; do \
		echo "== 以 $$d 为今天运行 =="; \
		DEPUTYDESK_TEST_TODAY=$$d $(GO) test -count=1 -timeout 20m $(DATE_PKGS) || exit 1; \
	done

screenshots: deps
	rm -rf build/screenshots
	$(GO) run ./cmd/screenshots -out build/screenshots

# bench builds (once, in the user's cache folder) a ten-year busy township
# and runs every benchmark over it, then prints one table of figures.
bench: deps
	LANG=zh_CN.UTF-8 $(GO) run ./cmd/benchtable -benchtime $(or $(BENCHTIME),5x) ./...

hub: deps
	CGO_ENABLED=0 $(GO) build -o $(BIN)/deputyhub ./cmd/deputyhub

# The app's name, ID and version come from FyneApp.toml.
APP_ID      := $(shell sed -n 's/^ *ID *= *"\(.*\)"/\1/p' FyneApp.toml)
APP_VERSION := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
APP_BUILD   := $(shell sed -n 's/^ *Build *= *\([0-9]*\)/\1/p' FyneApp.toml)
FYNE        := $(abspath $(BIN))/fyne
MINGW_CC    := x86_64-w64-mingw32-gcc

deps-windows: deps
	@command -v $(MINGW_CC) >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$(apt_update); $$SUDO $(APT) install -y -qq --no-install-recommends gcc-mingw-w64-x86-64; }

# go-gl imports opengl32.dll into the exe, so Windows would load the
# system's at start, before the program could choose Mesa's (see mesa-windows).
# Linked against this delay-load import library instead, opengl32.dll is
# loaded on the first OpenGL call, after app/startup has picked one.
DELAYIMP := build/delayimp
$(DELAYIMP)/libopengl32.a: | deps-windows
	mkdir -p $(DELAYIMP)
	{ echo 'LIBRARY opengl32.dll'; echo EXPORTS; \
		x86_64-w64-mingw32-nm $$($(MINGW_CC) -print-file-name=libopengl32.a) | sed -n 's/^.* I __imp_//p' | sort -u; } >$(DELAYIMP)/opengl32.def
	x86_64-w64-mingw32-dlltool -d $(DELAYIMP)/opengl32.def -y $@

# The embedded UI font (app/ui/fonts): Noto Sans CJK SC from fonts-noto-cjk,
# cut with fontTools to GB 2312 and the characters in the sources, without
# layout tables. Run after adding text with a character the font lacks
# (TestEmbeddedFontsCoverTheProgramsText names it).
CJK_TTC  := /usr/share/fonts/opentype/noto
ui-fonts: deps
	@[ -e /usr/lib/python3/dist-packages/fontTools ] || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$(apt_update); $$SUDO $(APT) install -y -qq --no-install-recommends python3-fonttools; }
	mkdir -p build
	/usr/bin/python3 assets/fonts/subset-chars.py app store sync >build/ui-font-chars.txt
	for w in Regular Bold; do /usr/bin/python3 -m fontTools.subset $(CJK_TTC)/NotoSansCJK-$$w.ttc --font-number=2 \
		--text-file=build/ui-font-chars.txt --layout-features= --drop-tables+=GSUB,GPOS,GDEF,BASE,JSTF,VORG,vhea,vmtx \
		--no-hinting --desubroutinize --output-file=app/ui/fonts/NotoSansSC-$$w-subset.otf; done

# Windows executables: the desktop app as a GUI program with the icon and
# version from FyneApp.toml (through fyne package), and the county hub.
windows: deps-windows $(DELAYIMP)/libopengl32.a
	mkdir -p $(BIN)
	GOBIN=$(abspath $(BIN)) $(GO) install fyne.io/tools/cmd/fyne@v1.7.4
	cd cmd/deputydesk && CC=$(MINGW_CC) CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CGO_LDFLAGS="-L$(abspath $(DELAYIMP))" \
		$(FYNE) package --os windows --release --icon ../../assets/icon.png --name deputydesk \
		--app-id $(APP_ID) --app-version $(APP_VERSION) --app-build $(APP_BUILD) --tags migrated_fynedo
	mv cmd/deputydesk/deputydesk.exe $(BIN)/deputydesk.exe
	CGO_ENABLED=0 GOOS=windows GOARCH=amd64 $(GO) build -trimpath -ldflags "-s -w" -o $(BIN)/deputyhub.exe ./cmd/deputyhub

# Mesa's software OpenGL for Windows PCs whose graphics driver gives none
# (no driver, an old one, 云桌面, remote desktop): the app falls back to it
# (app/startup). Cross-built from the source Debian ships, with softpipe
# only (llvmpipe needs LLVM for Windows). About 900 build steps, some 25
# CPU-minutes: a cold build adds roughly 12-15 minutes on two idle cores
# (CI builds it at low priority beside the tests). The DLLs are kept in
# build/, so a later `make dist` skips the build.
MESA_VERSION := 22.3.6
MESA_SHA256  := 737cb8e5d380ce1a0ad01fb8b74db7f27303435c353e753d2302e8cf3927bad2
MESA_TARBALL := build/mesa_$(MESA_VERSION).orig.tar.gz
MESA_URL     ?= $(ROOT_MIRROR)/pool/main/m/mesa/mesa_$(MESA_VERSION).orig.tar.gz
MESA_WIN     := build/mesa-windows
MESA_PKGS    := meson:/usr/bin/meson ninja-build:/usr/bin/ninja bison:/usr/bin/bison flex:/usr/bin/flex \
	python3-mako:/usr/lib/python3/dist-packages/mako g++-mingw-w64-x86-64:/usr/bin/x86_64-w64-mingw32-g++-posix \
	libz-mingw-w64-dev:/usr/x86_64-w64-mingw32/lib/libz.a curl:/usr/bin/curl

$(MESA_WIN)/opengl32.dll: | deps-windows
	@missing=""; for p in $(MESA_PKGS); do [ -e "$${p#*:}" ] || missing="$$missing $${p%%:*}"; done; \
	if [ -n "$$missing" ]; then SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$(apt_update); $$SUDO $(APT) install -y -qq --no-install-recommends $$missing; fi
	mkdir -p build
	@[ -s $(MESA_TARBALL) ] || case "$(MESA_URL)" in http*) ;; \
		*) echo "找不到本机 apt 使用的 Debian 软件源，请用 MESA_URL=… 指定 Mesa 源码包"; exit 1;; esac
	[ -s $(MESA_TARBALL) ] || { curl -fsSL -o $(MESA_TARBALL).tmp $(MESA_URL) && mv $(MESA_TARBALL).tmp $(MESA_TARBALL); }
	echo "$(MESA_SHA256)  $(MESA_TARBALL)" | sha256sum -c --quiet || { echo "Mesa 源码包校验失败"; rm -f $(MESA_TARBALL); exit 1; }
	nice -n 10 sh assets/windows/build-mesa.sh $(MESA_TARBALL) build/mesa-windows.work $(MESA_WIN).tmp
	rm -rf $(MESA_WIN) build/mesa-windows.work && mv $(MESA_WIN).tmp $(MESA_WIN)

mesa-windows: $(MESA_WIN)/opengl32.dll

# Linux release binaries are built inside a Debian 11 (bullseye) root:
# linked against its glibc 2.31 they need at most GLIBC_2.28 and so start on
# 统信UOS 20 (glibc 2.28) and 麒麟 V10 (2.31), where a build on Debian 12
# (glibc 2.36) asks for 2.34. The root also holds the aarch64 cross
# compiler and arm64 X11/GL headers for the ARM64 (飞腾, 鲲鹏) build. It is
# made once with debootstrap and kept in build/, so later runs reuse it; the
# host's Go toolchain and caches are bind-mounted in.
ROOT        := build/bullseye-root
# The Debian mirror the host's apt already uses (deb822 or one-line form).
ROOT_MIRROR ?= $(shell { sed -n 's/^URIs: *\([^ ]*\/debian\)$$/\1/p' /etc/apt/sources.list.d/*.sources; \
	sed -n 's/^deb  *\(http[^ ]*\/debian\)  *.*/\1/p' /etc/apt/sources.list; } 2>/dev/null | head -1)
ROOT_DEV    := libgl1-mesa-dev libx11-dev libxrandr-dev libxcursor-dev libxinerama-dev \
	libxi-dev libxxf86vm-dev libxext-dev libxrender-dev libxfixes-dev
ROOT_PKGS   := gcc libc6-dev pkg-config gcc-aarch64-linux-gnu libc6-dev-arm64-cross $(ROOT_DEV)
GOROOT_HOST  = $(shell $(GO) env GOROOT)
GOCACHE_HOST = $(shell $(GO) env GOCACHE)
GOMOD_HOST   = $(shell $(GO) env GOMODCACHE)

deps-root:
	@command -v debootstrap >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$(apt_update); $$SUDO $(APT) install -y -qq --no-install-recommends debootstrap; }

$(ROOT)/.ready: | deps-root
	@test -n "$(ROOT_MIRROR)" || { echo "找不到本机 apt 使用的 Debian 软件源，请用 ROOT_MIRROR=… 指定"; exit 1; }
	mkdir -p $(dir $(ROOT))
	rm -rf $(ROOT).tmp
	debootstrap --variant=minbase --include=$(subst $(eval) ,$(comma),$(ROOT_PKGS)) bullseye $(ROOT).tmp $(ROOT_MIRROR)
	chroot $(ROOT).tmp dpkg --add-architecture arm64
	chroot $(ROOT).tmp apt-get update -qq
	DEBIAN_FRONTEND=noninteractive chroot $(ROOT).tmp apt-get install -y -qq --no-install-recommends $(addsuffix :arm64,$(ROOT_DEV))
	chroot $(ROOT).tmp apt-get clean
	rm -rf $(ROOT) && mv $(ROOT).tmp $(ROOT) && touch $@

root: $(ROOT)/.ready

# linux-ARCH builds the Linux release programs into build/linux/ARCH: the
# desktop app with cgo inside the Debian 11 root (the host's Go toolchain
# and caches bind-mounted in; a private mount namespace drops the mounts
# when the build ends, even when it fails), the hub without cgo on the host.
LINUX := build/linux
REL   := -trimpath -ldflags "-s -w"
linux-amd64 linux-arm64: linux-%: $(ROOT)/.ready
	$(GO) mod download
	mkdir -p $(ROOT)/src $(ROOT)/goroot $(ROOT)/gocache $(ROOT)/gomod
	unshare -m --propagation private sh -ec '\
		mount --bind $(CURDIR) $(ROOT)/src; mount --bind $(GOROOT_HOST) $(ROOT)/goroot; \
		mount --bind $(GOCACHE_HOST) $(ROOT)/gocache; mount --bind $(GOMOD_HOST) $(ROOT)/gomod; \
		mount -t proc proc $(ROOT)/proc; \
		exec chroot $(ROOT) env -i PATH=/goroot/bin:/usr/bin:/bin HOME=/tmp LANG=C.UTF-8 \
			GOROOT=/goroot GOCACHE=/gocache GOMODCACHE=/gomod GOTOOLCHAIN=local GOTELEMETRY=off GOPROXY=off GOFLAGS=-mod=readonly \
			sh -ec "cd /src && sh assets/linux/build-release.sh $* $(LINUX)/$*"'
	CGO_ENABLED=0 GOOS=linux GOARCH=$* $(GO) build $(REL) -o $(LINUX)/$*/deputyhub ./cmd/deputyhub

# The county hub alone for LoongArch (龙芯) servers: it has no C code, and
# Debian has no LoongArch C cross compiler for the desktop app.
linux-loong64:
	CGO_ENABLED=0 GOOS=linux GOARCH=loong64 $(GO) build $(REL) -o $(LINUX)/loong64/deputyhub ./cmd/deputyhub

# Packages for a secretary: the Windows zip and, for each Linux
# architecture, a .deb (installs into the menu) and a tar.gz for users
# without root (unpack and run, or ./install-menu.sh). Each holds the
# programs, the README, the one-page 使用说明 and the PDF font. The county
# hub alone is packed for LoongArch servers.
DIST       := build/dist
# The Windows zip's folder for Mesa's DLLs, as app/startup names it.
MESA_DIR   := 软件渲染
PDF_FONT   := /usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf
DEB_VER    := $(APP_VERSION)-$(APP_BUILD)
MAINTAINER ?= deputydesk <deputydesk@deputydesk.cn>
DISTPACK   := $(BIN)/distpack
LINUX_ARCHES := amd64 arm64

$(DISTPACK): $(wildcard cmd/distpack/*.go)
	$(GO) build -o $@ ./cmd/distpack

dist: windows mesa-windows $(addprefix linux-,$(LINUX_ARCHES)) linux-loong64 $(DISTPACK)
	rm -rf $(DIST) && mkdir -p $(DIST)
	$(LINUX)/amd64/deputydesk report guide --out $(DIST)/使用说明.pdf
	$(DISTPACK) icons assets/icon.png $(DIST)/hicolor deputydesk
	# PDFs need a TrueType Chinese font; ship LXGW WenKai (SIL OFL) for PCs without one.
	mkdir -p $(DIST)/fonts && cp $(PDF_FONT) $(DIST)/fonts/ && \
		cp /usr/share/doc/fonts-lxgw-wenkai/copyright $(DIST)/fonts/LXGWWenKai-LICENSE.txt
	mkdir -p $(DIST)/deputydesk-windows
	cp -r $(BIN)/deputydesk.exe $(BIN)/deputyhub.exe README.md $(DIST)/使用说明.pdf $(DIST)/fonts $(DIST)/deputydesk-windows/
	# Mesa's software OpenGL in a folder of its own: beside the exe Windows
	# would always load it, in place of a working graphics driver.
	mkdir -p $(DIST)/deputydesk-windows/$(MESA_DIR) && \
		cp $(MESA_WIN)/opengl32.dll $(MESA_WIN)/libgallium_wgl.dll $(MESA_WIN)/Mesa-LICENSE.txt $(DIST)/deputydesk-windows/$(MESA_DIR)/
	$(DISTPACK) zip $(DIST)/deputydesk-windows-amd64.zip $(DIST)/deputydesk-windows
	for a in $(LINUX_ARCHES); do d=$(DIST)/deputydesk-linux-$$a; mkdir -p $$d && \
		cp -r $(LINUX)/$$a/deputydesk $(LINUX)/$$a/deputyhub README.md $(DIST)/使用说明.pdf $(DIST)/fonts \
			assets/linux/deputydesk.desktop assets/linux/install-menu.sh $$d/ && \
		cp $(DIST)/hicolor/256x256/apps/deputydesk.png $$d/ && \
		tar -C $(DIST) --owner=0 --group=0 -czf $(DIST)/deputydesk-linux-$$a.tar.gz deputydesk-linux-$$a && \
		sh assets/linux/mkdeb.sh $$a $$d $(DIST)/hicolor $(ROOT) $(DEB_VER) "$(MAINTAINER)" \
			$(DIST)/deputydesk_$(DEB_VER)_$$a.deb || exit 1; done
	mkdir -p $(DIST)/deputyhub-linux-loong64 && cp $(LINUX)/loong64/deputyhub README.md $(DIST)/deputyhub-linux-loong64/
	tar -C $(DIST) --owner=0 --group=0 -czf $(DIST)/deputyhub-linux-loong64.tar.gz deputyhub-linux-loong64
	@ls -la $(DIST)/*.zip $(DIST)/*.tar.gz $(DIST)/*.deb

# check-dist proves the packages are what they claim, reading them back
# from the archives: Windows GUI executables; Linux programs for the right
# CPU that need at most GLIBC_2.28 (统信UOS 20); the .deb's menu entry,
# icons, fonts and Depends; UTF-8 flags on the zip's Chinese names; and the
# .deb installed, started and removed in the Debian 11 root (and the arm64
# one under qemu when this machine runs aarch64 programs).
GLIBC_FLOOR := 2.28
CHECK := build/check
check-dist: dist
	file $(BIN)/deputydesk.exe | grep -q 'PE32+ executable (GUI) x86-64' || { file $(BIN)/deputydesk.exe; echo "deputydesk.exe 不是 Windows 图形程序"; exit 1; }
	file $(BIN)/deputyhub.exe | grep -q 'PE32+ executable (console) x86-64' || { file $(BIN)/deputyhub.exe; echo "deputyhub.exe 不是 Windows 程序"; exit 1; }
	for f in deputydesk.exe deputyhub.exe README.md 使用说明.pdf fonts/LXGWWenKai-Regular.ttf fonts/LXGWWenKai-LICENSE.txt; do \
		$(DISTPACK) list $(DIST)/deputydesk-windows-amd64.zip | grep -qx "deputydesk-windows/$$f" || { echo "zip 中缺少 $$f"; exit 1; }; done
	for f in opengl32.dll libgallium_wgl.dll; do \
		$(DISTPACK) cat $(DIST)/deputydesk-windows-amd64.zip "deputydesk-windows/$(MESA_DIR)/$$f" | file - | grep -q 'PE32+ executable (DLL) .* x86-64' || \
			{ echo "zip 中的 $(MESA_DIR)/$$f 缺少或不是 64 位 Windows DLL"; exit 1; }; done
	$(DISTPACK) cat $(DIST)/deputydesk-windows-amd64.zip "deputydesk-windows/$(MESA_DIR)/Mesa-LICENSE.txt" | grep -q 'MIT' || \
		{ echo "zip 中缺少 Mesa 的许可证"; exit 1; }
	! $(DISTPACK) list $(DIST)/deputydesk-windows-amd64.zip | grep -qx 'deputydesk-windows/opengl32.dll' || { echo "opengl32.dll 不能放在 deputydesk.exe 旁边"; exit 1; }
	$(DISTPACK) checkzip $(DIST)/deputydesk-windows-amd64.zip
	rm -rf $(CHECK) && mkdir -p $(CHECK)
	set -e; for a in $(LINUX_ARCHES); do \
		case $$a in amd64) elf='x86-64';; arm64) elf='ARM aarch64';; esac; \
		for f in deputydesk deputyhub README.md 使用说明.pdf fonts/LXGWWenKai-Regular.ttf deputydesk.desktop deputydesk.png install-menu.sh; do \
			tar --quoting-style=literal -tzf $(DIST)/deputydesk-linux-$$a.tar.gz | grep -qx "deputydesk-linux-$$a/$$f" || { echo "deputydesk-linux-$$a.tar.gz 中缺少 $$f"; exit 1; }; done; \
		mkdir -p $(CHECK)/tar-$$a $(CHECK)/deb-$$a; \
		tar -C $(CHECK)/tar-$$a -xzf $(DIST)/deputydesk-linux-$$a.tar.gz; \
		dpkg-deb -x $(DIST)/deputydesk_$(DEB_VER)_$$a.deb $(CHECK)/deb-$$a; \
		for b in $(CHECK)/tar-$$a/deputydesk-linux-$$a/deputydesk $(CHECK)/tar-$$a/deputydesk-linux-$$a/deputyhub \
			$(CHECK)/deb-$$a/opt/deputydesk/deputydesk $(CHECK)/deb-$$a/opt/deputydesk/deputyhub; do \
			file -L $$b | grep -q "ELF 64-bit LSB executable, $$elf" || { file $$b; echo "$$b 不是 $$a 程序"; exit 1; }; \
			need=$$(objdump -T $$b 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1 | cut -d_ -f2); \
			[ -z "$$need" ] || [ "$$(printf '%s\n' $$need $(GLIBC_FLOOR) | sort -V | tail -1)" = $(GLIBC_FLOOR) ] || \
				{ echo "$$b 需要 GLIBC_$$need，高于 $(GLIBC_FLOOR)（统信UOS 20）"; exit 1; }; \
			echo "$$b: $$a, glibc ≥ $${need:-（不需要，静态链接）}"; done; \
		deb=$(DIST)/deputydesk_$(DEB_VER)_$$a.deb; \
		[ "$$(dpkg-deb -f $$deb Architecture)" = $$a ] || { echo "$$deb 的架构不是 $$a"; exit 1; }; \
		for p in libc6 libgl1 libx11-6 libxrandr2 libxcursor1 libxi6; do \
			dpkg-deb -f $$deb Depends | tr ',' '\n' | grep -q "^ *$$p\b" || { echo "$$deb 的 Depends 缺少 $$p"; exit 1; }; done; \
		desk=$(CHECK)/deb-$$a/usr/share/applications/deputydesk.desktop; \
		grep -qx 'Name=人大代表工作台' $$desk && grep -qx 'Icon=deputydesk' $$desk && grep -qx 'Exec=deputydesk' $$desk || { echo "$$deb 的菜单项不对"; exit 1; }; \
		for s in 16 32 48 64 128 256 512; do file $(CHECK)/deb-$$a/usr/share/icons/hicolor/$${s}x$${s}/apps/deputydesk.png | grep -q "$$s x $$s" || { echo "$$deb 缺少 $$s 像素图标"; exit 1; }; done; \
		[ "$$(readlink $(CHECK)/deb-$$a/usr/bin/deputydesk)" = /opt/deputydesk/deputydesk ] || { echo "$$deb 缺少 /usr/bin/deputydesk"; exit 1; }; \
		test -s $(CHECK)/deb-$$a/opt/deputydesk/fonts/LXGWWenKai-Regular.ttf && test -s $(CHECK)/deb-$$a/opt/deputydesk/fonts/LXGWWenKai-LICENSE.txt || { echo "$$deb 缺少字体"; exit 1; }; \
		echo "$$deb: $$(dpkg-deb -f $$deb Depends)"; done
	file $(CHECK)/../linux/loong64/deputyhub | grep -q 'LoongArch' || { echo "deputyhub 不是 LoongArch 程序"; exit 1; }
	$(MAKE) --no-print-directory check-deb-install ARCH=amd64
	@if command -v qemu-aarch64-static >/dev/null; then $(MAKE) --no-print-directory check-deb-install ARCH=arm64; \
		else echo "本机不能运行 aarch64 程序（未安装 qemu-user-static），跳过 arm64 安装包的启动检查"; fi
	@echo "安装包检查通过"

# check-deb-install installs the .deb for ARCH in the Debian 11 root
# (glibc 2.31, as on 麒麟 V10), starts both programs from /usr/bin (arm64
# ones through qemu-user, against the root's arm64 libraries), removes the
# package and checks that nothing it installed is left; a PDF made in between
# shows the app finds its fonts from /opt.
EMU = $(if $(filter arm64,$(ARCH)),/tmp/qemu-aarch64-static)
# IN_ROOT runs a command in the root with /proc, as on a real system (the app
# finds its fonts/ folder through /proc/self/exe).
IN_ROOT = unshare -m --propagation private sh -ec 'mount -t proc proc $(ROOT)/proc; exec chroot $(ROOT) "$$@"' sh
check-deb-install:
	cp $(DIST)/deputydesk_$(DEB_VER)_$(ARCH).deb $(ROOT)/tmp/
	$(if $(EMU),cp $$(command -v qemu-aarch64-static) $(ROOT)$(EMU))
	chroot $(ROOT) dpkg -i /tmp/deputydesk_$(DEB_VER)_$(ARCH).deb
	$(IN_ROOT) env LANG=C.UTF-8 $(EMU) /usr/bin/deputydesk help | grep -q 'deputydesk' || { echo "$(ARCH): 安装后 deputydesk help 不能运行"; exit 1; }
	$(IN_ROOT) $(EMU) /usr/bin/deputyhub --help 2>&1 | grep -q '用法' || { $(IN_ROOT) $(EMU) /usr/bin/deputyhub --help; echo "$(ARCH): deputyhub --help 不能运行"; exit 1; }
	# The root has no Chinese font of its own: a PDF proves the app finds the shipped fonts/ folder.
	$(IN_ROOT) env LANG=C.UTF-8 $(EMU) /usr/bin/deputydesk report guide --out /tmp/dd-guide.pdf >/dev/null || { echo "$(ARCH): 安装后找不到随附的字体"; exit 1; }
	test -s $(ROOT)/tmp/dd-guide.pdf && rm -f $(ROOT)/tmp/dd-guide.pdf
	chroot $(ROOT) dpkg -r deputydesk
	rm -f $(ROOT)/tmp/deputydesk_$(DEB_VER)_$(ARCH).deb $(if $(EMU),$(ROOT)$(EMU))
	! test -e $(ROOT)/opt/deputydesk && ! test -e $(ROOT)/usr/bin/deputydesk && ! test -e $(ROOT)/usr/share/applications/deputydesk.desktop || { echo "$(ARCH): dpkg -r 后仍有文件留下"; exit 1; }
	@echo "$(ARCH): 在 Debian 11 中安装、启动、卸载均正常"

clean:
	rm -rf $(BIN) build
