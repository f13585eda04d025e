#!/usr/bin/env bash
# Print the first Python 3.11 or newer on PATH, or explain what is missing.
for candidate in "${PYTHON:-}" python3 python3.13 python3.12 python3.11 python; do
    [ -n "$candidate" ] || continue
    command -v "$candidate" >/dev/null 2>&1 || continue
    if "$candidate" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
        command -v "$candidate"
        exit 0
    fi
done
echo "PPF Self-Assessment needs Python 3.11 or newer with venv." >&2
echo "On Debian or Ubuntu: sudo apt-get install python3 python3-venv" >&2
exit 1
