"""Shared fixtures. Every test runs with its own data and log folders, never the user's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _isolated_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point the data and log folders at fresh temporary folders for each test."""
    base = tmp_path_factory.mktemp("ppf")
    monkeypatch.setenv("PPF_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("PPF_LOG_DIR", str(base / "logs"))
    yield


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder that does not exist yet."""
    return tmp_path / "library"
