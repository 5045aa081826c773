#!/bin/sh
# install-menu.sh adds 人大代表工作台 to this user's application menu (no
# root needed): it writes a menu entry that points at the programs in this
# folder. Run it again after moving the folder; remove the entry with
#   rm ~/.local/share/applications/deputydesk.desktop
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
apps=${XDG_DATA_HOME:-$HOME/.local/share}/applications
mkdir -p "$apps"
sed -e "s|^Exec=.*|Exec=\"$dir/deputydesk\"|" -e "s|^Icon=.*|Icon=$dir/deputydesk.png|" \
	"$dir/deputydesk.desktop" > "$apps/deputydesk.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database "$apps" 2>/dev/null || true
echo "已加入开始菜单：人大代表工作台（$apps/deputydesk.desktop）"
