from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ppf_app.core import paths


def test_cli_option_wins_over_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PPF_DATA_DIR", str(tmp_path / "env"))
    assert paths.resolve_data_dir(tmp_path / "cli") == tmp_path / "cli"
    assert paths.resolve_data_dir(None) == tmp_path / "env"


def test_platform_folder_when_nothing_is_set(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("PPF_DATA_DIR", raising=False)
    folder = paths.resolve_data_dir(None)
    assert "ppf-self-assessment" in str(folder)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_data_folder_is_private(tmp_path: Path):
    layout = paths.DataPaths(tmp_path / "lib").ensure()
    for folder in (layout.root, layout.backups, layout.frameworks):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
