"""Permissions are tightened, never loosened; a read-only or foreign data folder is refused.

A refusal changes nothing: not a mode, not a byte, not a new file.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from ppf_app.cli.main import main as cli_main
from ppf_app.core import paths as core_paths
from ppf_app.core.paths import DataFolderUnusable, DataPaths, make_private_dir
from ppf_app.services import people
from ppf_app.services.library import DataFolderError, DataFolderProblem, open_library

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _state(root: Path) -> dict[str, tuple[int, int, str]]:
    """Every file and folder under ``root`` with its mode, owner and content digest."""
    found = {}
    for path in sorted([root, *root.rglob("*")]):
        info = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        found[str(path.relative_to(root))] = (stat.S_IMODE(info.st_mode), info.st_uid, digest)
    return found


def _library(data_dir: Path) -> Path:
    with open_library(data_dir) as lib:
        people.add_person(lib, name="Asha Patel", professional_group="clinician")
    return data_dir / "library.sqlite3"


def _add(data_dir: Path) -> int:
    return cli_main(
        ["--data-dir", str(data_dir), "person", "add", "--name", "B", "--group", "manager"]
    )


def test_a_read_only_library_is_refused_and_stays_read_only(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
):
    database = _library(data_dir)
    database.chmod(0o400)
    data_dir.chmod(0o500)
    try:
        before = _state(data_dir)
        assert _add(data_dir) == 2
        err = capsys.readouterr().err
        assert "read-only" in err and str(data_dir) in err
        assert "Traceback" not in err
        assert _state(data_dir) == before
        assert (_mode(data_dir), _mode(database)) == (0o500, 0o400)
    finally:
        data_dir.chmod(0o700)


def test_a_read_only_database_file_is_refused(data_dir: Path, capsys: pytest.CaptureFixture[str]):
    database = _library(data_dir)
    database.chmod(0o400)
    before = _state(data_dir)
    with pytest.raises(DataFolderError) as caught:
        open_library(data_dir)
    assert caught.value.kind is DataFolderProblem.READ_ONLY
    assert str(database) in str(caught.value) and "read-only" in str(caught.value)
    assert "restore" not in str(caught.value)
    assert _state(data_dir) == before
    assert _add(data_dir) == 2
    assert "is read-only" in capsys.readouterr().err
    assert _mode(database) == 0o400


def test_a_read_only_backups_folder_is_refused(data_dir: Path):
    _library(data_dir)
    backups = data_dir / "backups"
    backups.chmod(0o500)
    try:
        before = _state(data_dir)
        with pytest.raises(DataFolderUnusable) as caught:
            open_library(data_dir)
        assert f"{backups} is read-only" in str(caught.value)
        assert _state(data_dir) == before
    finally:
        backups.chmod(0o700)


def test_loose_permissions_are_tightened_to_the_owner(data_dir: Path):
    database = _library(data_dir)
    data_dir.chmod(0o755)
    database.chmod(0o644)
    (data_dir / "backups").chmod(0o750)
    open_library(data_dir).close()
    assert _mode(data_dir) == 0o700
    assert _mode(database) == 0o600
    assert _mode(data_dir / "backups") == 0o700


def test_tightening_never_adds_owner_access(tmp_path: Path):
    folder = tmp_path / "kept"
    folder.mkdir(mode=0o555)
    folder.chmod(0o555)
    try:
        make_private_dir(folder)
        assert _mode(folder) == 0o500
    finally:
        folder.chmod(0o700)
    target = tmp_path / "file"
    target.write_text("x")
    target.chmod(0o444)
    core_paths.make_private_file(target)
    assert _mode(target) == 0o400


def test_new_folders_are_private_under_any_umask(tmp_path: Path):
    old = os.umask(0)
    try:
        make_private_dir(tmp_path / "a" / "b" / "c")
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "c"):
        assert _mode(folder) == 0o700, folder


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_a_data_folder_of_another_user_is_refused_untouched(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
):
    _library(data_dir)
    for path in [data_dir, *data_dir.rglob("*")]:
        os.chown(path, 65534, 65534, follow_symlinks=False)
    data_dir.chmod(0o755)
    before = _state(data_dir)
    assert _add(data_dir) == 2
    err = capsys.readouterr().err
    assert f"The data folder {data_dir} belongs to another user account" in err
    assert "Traceback" not in err
    assert _state(data_dir) == before


def test_a_folder_that_cannot_be_made_is_a_clear_refusal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert _add(blocker / "library") == 2
    err = capsys.readouterr().err
    assert f"The data folder {blocker / 'library'} cannot be" in err
    assert "Not a directory" in err
    assert "Traceback" not in err


def test_permission_denied_while_tightening_is_a_refusal(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    _library(data_dir)
    data_dir.chmod(0o750)

    def denied(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted", str(data_dir))

    monkeypatch.setattr(core_paths.os, "chmod", denied)
    with pytest.raises(DataFolderUnusable) as caught:
        DataPaths(data_dir).ensure()
    assert "Operation not permitted" in str(caught.value)
    assert str(data_dir) in str(caught.value)
