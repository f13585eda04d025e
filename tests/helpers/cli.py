"""The ``ppf`` command run as a user runs it: a process of its own on one data folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def ppf(data_dir: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """``ppf --data-dir DATA_DIR ARGS``: its exit status, standard output and error."""
    return subprocess.run(
        [sys.executable, "-m", "ppf_app.cli.main", "--data-dir", str(data_dir), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )
