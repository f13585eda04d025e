"""The ``ppf`` command starts quickly: commands that need no library load no database code.

``ppf --version`` and ``ppf framework validate`` only parse arguments and read framework
files, so SQLAlchemy (and the services behind the library) must not be imported for
them; every command module imports its services inside its handlers.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from ppf_app.core.resources import bundled_frameworks_dir

PROBE = textwrap.dedent(
    """
    import contextlib, io, json, sys
    from ppf_app.cli.main import main

    def loaded(argv):
        before = set(sys.modules)
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                status = main(argv)
            except SystemExit as exit:
                status = exit.code
        return status, sorted(set(sys.modules) - before)

    version_status, _ = loaded(["--version"])
    heavy = sorted(m for m in sys.modules if m.split(".")[0] in {"sqlalchemy", "sqlmodel"})
    validate_status, _ = loaded(["framework", "validate", *sys.argv[1:]])
    after = sorted(m for m in sys.modules if m.split(".")[0] in {"sqlalchemy", "sqlmodel"})
    print(json.dumps({
        "version": [version_status, heavy],
        "validate": [validate_status, after],
        "services": sorted(m for m in sys.modules if m.startswith("ppf_app.services.")),
    }))
    """
)


def test_version_and_framework_validate_import_no_database_code() -> None:
    files = sorted(str(path) for path in bundled_frameworks_dir().glob("*.toml"))
    assert files, "no bundled framework to validate"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *files], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    version_status, version_heavy = report["version"]
    assert version_status == 0
    assert version_heavy == [], (
        "ppf --version imported database code; a command module imports its services at "
        "top level instead of inside its handlers"
    )
    validate_status, validate_heavy = report["validate"]
    assert validate_status == 0
    assert validate_heavy == [], f"ppf framework validate imported {validate_heavy[:5]}"
    # The framework services, and the change notes they make (no database code in either).
    assert report["services"] == ["ppf_app.services.frameworks", "ppf_app.services.unit"]
