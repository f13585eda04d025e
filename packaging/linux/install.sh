#!/bin/sh
# Install (or remove) PPF Self-Assessment from the unpacked app folder this script sits in.
#
#   sudo ./install.sh               for everyone: /opt/ppf-self-assessment, /usr/local/bin
#   ./install.sh --user             for you only: ~/.local/lib, ~/.local/bin, ~/.local/share
#   ./install.sh --prefix DIR       under DIR: DIR/lib/ppf-self-assessment, DIR/bin, DIR/share
#   add --uninstall to any of these to remove what that form installed
#
# The people's data is never touched: it lives in each user's own data folder.
set -eu

APP_ID=io.github.ppf_self_assessment.PPFSelfAssessment
HERE=$(cd "$(dirname "$0")" && pwd)

mode=system; prefix=; uninstall=0
while [ $# -gt 0 ]; do
    case "$1" in
        --user) mode=user ;;
        --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a folder" >&2; exit 2; }
                  mode=prefix; prefix=$2; shift ;;
        --uninstall) uninstall=1 ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown option: $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done

case "$mode" in
    system) appdir=/opt/ppf-self-assessment; bindir=/usr/local/bin; sharedir=/usr/local/share ;;
    user) appdir=$HOME/.local/lib/ppf-self-assessment; bindir=$HOME/.local/bin
          sharedir=${XDG_DATA_HOME:-$HOME/.local/share} ;;
    prefix) prefix=$(mkdir -p "$prefix" && cd "$prefix" && pwd)
            appdir=$prefix/lib/ppf-self-assessment; bindir=$prefix/bin; sharedir=$prefix/share ;;
esac

desktop=$sharedir/applications/$APP_ID.desktop
metainfo=$sharedir/metainfo/$APP_ID.metainfo.xml
icons=$sharedir/icons/hicolor

refresh_menus() {
    command -v update-desktop-database >/dev/null 2>&1 \
        && update-desktop-database -q "$sharedir/applications" 2>/dev/null || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 \
        && gtk-update-icon-cache -q -t "$icons" 2>/dev/null || true
}

if [ "$uninstall" -eq 1 ]; then
    rm -f "$bindir/ppf" "$bindir/ppf-app" "$desktop" "$metainfo"
    rm -f "$icons"/*/apps/"$APP_ID".png "$icons/scalable/apps/$APP_ID.svg"
    rm -rf "$appdir"
    refresh_menus
    echo "Removed PPF Self-Assessment from $appdir"
    exit 0
fi

[ -x "$HERE/ppf-app" ] && [ -x "$HERE/ppf" ] && [ -d "$HERE/share" ] || {
    echo "install.sh: run it from the unpacked app folder (ppf, ppf-app and share/ beside it)" >&2
    exit 2
}

# Copy into a new folder first, then swap it in, so a failed copy leaves the old install whole.
mkdir -p "$(dirname "$appdir")" "$bindir"
staging="$appdir.new.$$"
rm -rf "$staging"
cp -R "$HERE" "$staging"
rm -rf "$appdir.old.$$"
[ ! -e "$appdir" ] || mv "$appdir" "$appdir.old.$$"
mv "$staging" "$appdir"
rm -rf "$appdir.old.$$"

ln -sf "$appdir/ppf" "$bindir/ppf"
ln -sf "$appdir/ppf-app" "$bindir/ppf-app"

mkdir -p "$(dirname "$desktop")" "$(dirname "$metainfo")"
# The menu entry names the program by its full path: ~/.local/bin is not always on a
# desktop session's PATH.
sed -e "s|^Exec=ppf-app|Exec=$bindir/ppf-app|" -e "s|^TryExec=ppf-app|TryExec=$bindir/ppf-app|" \
    "$HERE/share/applications/$APP_ID.desktop" > "$desktop.tmp"
mv "$desktop.tmp" "$desktop"
cp "$HERE/share/metainfo/$APP_ID.metainfo.xml" "$metainfo"
for folder in "$HERE"/share/icons/hicolor/*/apps; do
    size=$(basename "$(dirname "$folder")")
    mkdir -p "$icons/$size/apps"
    cp "$folder"/* "$icons/$size/apps/"
done
refresh_menus

echo "Installed PPF Self-Assessment in $appdir"
echo "Programs: $bindir/ppf-app (the desktop app) and $bindir/ppf (the command line)"
