# deputydesk — the one entry point for building, running and testing.
SHELL := /bin/bash
GO    ?= go
BIN   := bin
DB    ?=
export LANG := zh_CN.UTF-8
export CGO_ENABLED := 1

# Debian/Ubuntu packages the build and tests need, and a file each one
# installs, so `deps` only calls apt-get when something is missing.
DEB_PKGS := gcc:/usr/bin/gcc pkg-config:/usr/bin/pkg-config \
	libgl1-mesa-dev:/usr/include/GL/gl.h xorg-dev:/usr/include/X11/extensions/Xrandr.h \
	libxxf86vm-dev:/usr/include/X11/extensions/xf86vmode.h \
	fonts-noto-cjk:/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc \
	fonts-lxgw-wenkai:/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf \
	poppler-utils:/usr/bin/pdftotext xvfb:/usr/bin/Xvfb libgl1-mesa-dri:/usr/lib/x86_64-linux-gnu/dri \
	imagemagick:/usr/bin/import zbar-tools:/usr/bin/zbarimg locales:/usr/sbin/locale-gen \
	file:/usr/bin/file zip:/usr/bin/zip unzip:/usr/bin/unzip chromium:/usr/bin/chromium

.PHONY: deps deps-windows build hub run test test-dates vet screenshots bench windows dist check-dist clean

deps:
	@missing=""; for p in $(DEB_PKGS); do \
		pkg=$${p%%:*}; file=$${p#*:}; [ -e "$$file" ] || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "安装缺少的系统软件包:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
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
	$(GO) build -o $(BIN)/deputyhub ./cmd/deputyhub

# The app's name, ID and version come from FyneApp.toml.
APP_ID      := $(shell sed -n 's/^ *ID *= *"\(.*\)"/\1/p' FyneApp.toml)
APP_VERSION := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
APP_BUILD   := $(shell sed -n 's/^ *Build *= *\([0-9]*\)/\1/p' FyneApp.toml)
FYNE        := $(abspath $(BIN))/fyne
MINGW_CC    := x86_64-w64-mingw32-gcc

deps-windows: deps
	@command -v $(MINGW_CC) >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends gcc-mingw-w64-x86-64; }

# Windows executables: the desktop app as a GUI program with the icon and
# version from FyneApp.toml (through fyne package), and the county hub.
windows: deps-windows
	mkdir -p $(BIN)
	GOBIN=$(abspath $(BIN)) $(GO) install fyne.io/tools/cmd/fyne@v1.7.4
	cd cmd/deputydesk && CC=$(MINGW_CC) CGO_ENABLED=1 GOOS=windows GOARCH=amd64 \
		$(FYNE) package --os windows --release --icon ../../assets/icon.png --name deputydesk \
		--app-id $(APP_ID) --app-version $(APP_VERSION) --app-build $(APP_BUILD) --tags migrated_fynedo
	mv cmd/deputydesk/deputydesk.exe $(BIN)/deputydesk.exe
	CGO_ENABLED=0 GOOS=windows GOARCH=amd64 $(GO) build -trimpath -ldflags "-s -w" -o $(BIN)/deputyhub.exe ./cmd/deputyhub

# Packages for a secretary: unzip and run, no installer. Each holds the
# programs, the README and the one-page 使用说明.
DIST := build/dist
PDF_FONT := /usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf
dist: windows build hub
	rm -rf $(DIST) && mkdir -p $(DIST)/deputydesk-windows $(DIST)/deputydesk-linux
	./$(BIN)/deputydesk report guide --out $(DIST)/使用说明.pdf
	cp $(BIN)/deputydesk.exe $(BIN)/deputyhub.exe README.md $(DIST)/使用说明.pdf $(DIST)/deputydesk-windows/
	cp $(BIN)/deputydesk $(BIN)/deputyhub README.md $(DIST)/使用说明.pdf $(DIST)/deputydesk-linux/
	# PDFs need a TrueType Chinese font; ship LXGW WenKai (SIL OFL) for PCs without one.
	for d in windows linux; do mkdir -p $(DIST)/deputydesk-$$d/fonts; \
		cp $(PDF_FONT) $(DIST)/deputydesk-$$d/fonts/; \
		cp /usr/share/doc/fonts-lxgw-wenkai/copyright $(DIST)/deputydesk-$$d/fonts/LXGWWenKai-LICENSE.txt; done
	cd $(DIST) && rm -f deputydesk-windows-amd64.zip && zip -qr deputydesk-windows-amd64.zip deputydesk-windows
	tar -C $(DIST) -czf $(DIST)/deputydesk-linux-amd64.tar.gz deputydesk-linux
	@ls -la $(DIST)/*.zip $(DIST)/*.tar.gz

# check-dist proves the packages are what they claim: PE32+ Windows GUI
# executables and the expected files in each archive.
check-dist: dist
	file $(BIN)/deputydesk.exe | grep -q 'PE32+ executable (GUI) x86-64' || { file $(BIN)/deputydesk.exe; echo "deputydesk.exe 不是 Windows 图形程序"; exit 1; }
	file $(BIN)/deputyhub.exe | grep -q 'PE32+ executable (console) x86-64' || { file $(BIN)/deputyhub.exe; echo "deputyhub.exe 不是 Windows 程序"; exit 1; }
	for f in deputydesk.exe deputyhub.exe README.md 使用说明.pdf fonts/LXGWWenKai-Regular.ttf; do \
		unzip -l $(DIST)/deputydesk-windows-amd64.zip | grep -q "deputydesk-windows/$$f" || { echo "zip 中缺少 $$f"; exit 1; }; done
	for f in deputydesk deputyhub README.md 使用说明.pdf fonts/LXGWWenKai-Regular.ttf; do \
		tar --quoting-style=literal -tzf $(DIST)/deputydesk-linux-amd64.tar.gz | grep -q "deputydesk-linux/$$f" || { echo "tar.gz 中缺少 $$f"; exit 1; }; done
	@echo "安装包检查通过"

clean:
	rm -rf $(BIN) build
