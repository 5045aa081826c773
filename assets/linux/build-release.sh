#!/bin/sh
# build-release.sh ARCH OUT builds the desktop app for linux/ARCH (amd64 or
# arm64) with cgo into OUT/deputydesk. The Makefile runs it inside the
# Debian 11 root, whose glibc 2.31 keeps the binary's floor at GLIBC_2.28
# or lower; for arm64 it uses the aarch64 cross compiler and the arm64
# X11/GL libraries installed beside the amd64 ones (multiarch).
set -eu
arch=$1
out=$2
case $arch in
amd64) cc=gcc triplet=x86_64-linux-gnu ;;
arm64) cc=aarch64-linux-gnu-gcc triplet=aarch64-linux-gnu ;;
*) echo "build-release.sh: unknown architecture $arch" >&2; exit 2 ;;
esac
mkdir -p "$out"
# -buildvcs=false: the root has no git, and the stamp is not needed.
CGO_ENABLED=1 GOOS=linux GOARCH=$arch CC=$cc \
	PKG_CONFIG_LIBDIR=/usr/lib/$triplet/pkgconfig:/usr/share/pkgconfig \
	go build -tags migrated_fynedo -trimpath -buildvcs=false -ldflags "-s -w" \
	-o "$out/deputydesk" ./cmd/deputydesk
