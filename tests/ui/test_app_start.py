"""The desktop entry point: smoke start and the no-display message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(extra)
    return env


def test_smoke_start_exits_zero(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "-m", "ppf_app", "--smoke", "--data-dir", str(tmp_path / "d")],
        env=_env(QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_no_display_prints_one_clear_line(tmp_path: Path):
    env = _env()
    env.pop("QT_QPA_PLATFORM", None)
    result = subprocess.run(
        [sys.executable, "-m", "ppf_app", "--data-dir", str(tmp_path / "d")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "xvfb-run make run" in lines[0]
