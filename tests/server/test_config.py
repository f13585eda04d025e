"""Which library: ``--database-url`` over ``PPF_DATABASE_URL`` over a named data folder
over the system-wide settings file IT deploys; ``local`` always means the local library.
(No server is needed: an unreachable one shows which was chosen.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from ppf_app.core import config
from ppf_app.core.config import SettingsError, database_url, system_settings
from tests.server.conftest import free_port, run_ppf

SERVER = "postgresql://ppf-db.example/ppf"


@pytest.fixture
def settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "settings.toml"
    monkeypatch.setenv(config.ENV_SETTINGS_FILE, str(path))
    monkeypatch.delenv(config.ENV_DATABASE_URL, raising=False)
    return path


def test_the_order_of_choice(settings_file: Path, monkeypatch: pytest.MonkeyPatch):
    settings_file.write_text(f'database_url = "{SERVER}/from-file"\n')
    monkeypatch.delenv("PPF_DATA_DIR")
    assert database_url() == f"{SERVER}/from-file"
    assert database_url("/some/data/folder") is None  # a named data folder is local
    monkeypatch.setenv("PPF_DATA_DIR", "/some/data/folder")
    assert database_url() is None
    monkeypatch.setenv(config.ENV_DATABASE_URL, f"{SERVER}/from-env")
    assert database_url("/some/data/folder") == f"{SERVER}/from-env"
    with config.settings(database_url=f"{SERVER}/from-option"):
        assert database_url() == f"{SERVER}/from-option"
        with config.settings(database_url="local"):
            assert database_url() is None
    assert database_url() == f"{SERVER}/from-env"
    monkeypatch.setenv(config.ENV_DATABASE_URL, "LOCAL")
    assert database_url() is None


def test_no_settings_file_is_no_settings(settings_file: Path):
    assert system_settings() == config.SystemSettings()


def test_the_default_place_is_the_platforms_system_wide_folder(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(config.ENV_SETTINGS_FILE, raising=False)
    assert config.settings_file().name == "settings.toml"
    assert config.settings_file().parent.name == "ppf-self-assessment"


@pytest.mark.parametrize(
    ("content", "wording"),
    [
        ('database_url = "postgresql://x/y"\ncolour = "blue"\n', "unknown setting 'colour'"),
        ("database_url = 5\n", "database_url must be a non-empty text"),
        ("database_url = \n", "is not a valid TOML settings file"),
    ],
)
def test_a_wrong_settings_file_is_named_and_refused(
    settings_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    content: str,
    wording: str,
):
    settings_file.write_text(content)
    monkeypatch.delenv("PPF_DATA_DIR")
    with pytest.raises(SettingsError) as caught:
        database_url()
    assert str(settings_file) in str(caught.value) and wording in str(caught.value)
    ran = run_ppf(capsys, "person", "list")
    assert ran.code == 2 and wording in ran.err and "Traceback" not in ran.err


def test_the_settings_file_sends_ppf_to_the_server(
    settings_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    port = free_port()
    settings_file.write_text(f'database_url = "postgresql://someone@127.0.0.1:{port}/ppf"\n')
    monkeypatch.delenv("PPF_DATA_DIR")
    ran = run_ppf(capsys, "person", "list")
    assert ran.code == 2 and f"127.0.0.1:{port}/ppf" in ran.err
    assert len(ran.err.strip().splitlines()) == 1
    # ... and "local" (or a named data folder) keeps to the local library
    ran = run_ppf(capsys, "--database-url", "local", "--data-dir", settings_file.parent / "d",
                  "person", "list")  # fmt: skip
    assert (ran.code, ran.out) == (0, "")
