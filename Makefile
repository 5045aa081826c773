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
	imagemagick:/usr/bin/import zbar-tools:/usr/bin/zbarimg locales:/usr/sbin/locale-gen

.PHONY: deps build run test vet screenshots bench windows dist clean

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

test: vet
	$(GO) test -count=1 -timeout 40m ./...

screenshots: deps
	rm -rf build/screenshots
	$(GO) run ./cmd/screenshots -out build/screenshots

clean:
	rm -rf $(BIN) build
