#!/usr/bin/env bash
# Run the test suite; treat "no tests ran" (pytest's exit 5) as the failure it is.
py="$1"; shift
"$py" -m pytest "$@"
status=$?
if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests: failing on purpose, a run without tests proves nothing." >&2
    exit 1
fi
exit "$status"
