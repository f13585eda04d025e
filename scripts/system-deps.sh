#!/usr/bin/env bash
# The system libraries Qt needs on a bare Debian/Ubuntu machine, and the PDF tools and
# the PostgreSQL server the tests use when present (the server tests start a throwaway
# cluster of their own; the package's default cluster is never used). Installs them when run as root with apt-get; otherwise names
# the exact command to run.
#   --runtime-only   only what the app needs to start (not the test tools)
#   --quiet          say nothing when all is present
set -u
runtime_only=0; quiet=0
for arg in "$@"; do
    case "$arg" in
        --runtime-only) runtime_only=1 ;;
        --quiet) quiet=1 ;;
    esac
done

[ "$(uname -s)" = "Linux" ] || exit 0
command -v dpkg-query >/dev/null 2>&1 || exit 0

# Debian package : a file that proves it is there
runtime=(
    "libegl1:libEGL.so.1"
    "libgl1:libGL.so.1"
    "libxkbcommon0:libxkbcommon.so.0"
    "libxkbcommon-x11-0:libxkbcommon-x11.so.0"
    "libfontconfig1:libfontconfig.so.1"
    "libfreetype6:libfreetype.so.6"
    "libglib2.0-0:libglib-2.0.so.0"
    "libdbus-1-3:libdbus-1.so.3"
    "libxcb-cursor0:libxcb-cursor.so.0"
    "libxcb-icccm4:libxcb-icccm.so.4"
    "libxcb-keysyms1:libxcb-keysyms.so.1"
    "libxcb-shape0:libxcb-shape.so.0"
    "libxcb-xkb1:libxcb-xkb.so.1"
    "libxcb-randr0:libxcb-randr.so.0"
    "libxcb-render-util0:libxcb-render-util.so.0"
    "libxcb-image0:libxcb-image.so.0"
    "fonts-dejavu-core:/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
)
tools=(
    "poppler-utils:/usr/bin/pdftotext"
    "qpdf:/usr/bin/qpdf"
    "xvfb:/usr/bin/xvfb-run"
    "postgresql:/usr/lib/postgresql/*/bin/initdb"
    "postgresql-client:/usr/bin/psql"
)

find_missing() {
    local entry pkg probe
    for entry in "$@"; do
        pkg="${entry%%:*}"; probe="${entry#*:}"
        if [[ "$probe" == /* ]]; then
            compgen -G "$probe" >/dev/null && continue  # a path, or a pattern of one
        else
            ldconfig -p 2>/dev/null | grep -q "$probe" && continue
        fi
        echo "$pkg"
    done
}

mapfile -t missing_runtime < <(find_missing "${runtime[@]}")
missing_tools=()
[ "$runtime_only" -eq 1 ] || mapfile -t missing_tools < <(find_missing "${tools[@]}")
missing=("${missing_runtime[@]}" "${missing_tools[@]}")

if [ ${#missing[@]} -eq 0 ]; then
    [ "$quiet" -eq 1 ] || echo "System libraries: all present."
    exit 0
fi

line="sudo apt-get install -y ${missing[*]}"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
        exit 0
    fi
    echo "Could not install: ${missing[*]}. Run: $line" >&2
else
    echo "Missing system packages: ${missing[*]}" >&2
    echo "Install them with: $line" >&2
fi
if [ ${#missing_runtime[@]} -gt 0 ]; then
    echo "Qt cannot start without: ${missing_runtime[*]}" >&2
    exit 1
fi
echo "Continuing: the tests that need ${missing_tools[*]} will be skipped." >&2
exit 0
