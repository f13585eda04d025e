"""The frameworks service: the same calls with a framework library or an open library."""

from __future__ import annotations

from pathlib import Path

import pytest

from ppf_app.domain.framework_loader import FrameworkError
from ppf_app.services import frameworks as service
from ppf_app.services.library import open_library
from tests.domain.frameworks import BROKEN, GOOD


def test_validate_files_gathers_every_problem(tmp_path: Path) -> None:
    assert service.validate_files(sorted(GOOD.glob("*.toml"))) == []
    problems = service.validate_files(
        [BROKEN / "duplicate-groups.toml", GOOD / "full.toml", tmp_path / "gone.toml"]
    )
    assert problems == [
        f"{BROKEN / 'duplicate-groups.toml'}: groups[1].id: id 'manager' is already used by "
        "groups[0]",
        f"{tmp_path / 'gone.toml'}: file: no such file",
    ]
    assert service.validate_file(GOOD / "minimal.toml").id == "minimal"
    with pytest.raises(FrameworkError):
        service.validate_file(BROKEN / "empty.toml")


def test_framework_library_for_a_data_folder_creates_nothing(tmp_path: Path) -> None:
    library = service.framework_library_for(tmp_path / "new")
    # Both bundled versions: the default and the one it supersedes.
    assert [fw.key for fw in service.list_frameworks(library)] == [
        ("ppf", "2026.1"),
        ("ppf", library.default().version),
    ]
    assert not (tmp_path / "new").exists()


def test_an_open_library_and_its_framework_library_are_interchangeable(data_dir: Path) -> None:
    with open_library(data_dir) as library:
        added = service.add_framework(library, GOOD / "leadership-model.toml")
        assert added.key == ("leadership-model", "2013")
        assert service.list_frameworks(library) == library.frameworks.all()
    # A later run, and one without the database, see the same frameworks.
    standalone = service.framework_library_for(data_dir)
    assert [fw.key for fw in service.list_frameworks(standalone)] == [
        ("leadership-model", "2013"),
        ("ppf", "2026.1"),
        ("ppf", standalone.default().version),
    ]
    entries = service.installed_frameworks(standalone)
    assert [(e.framework.id, e.bundled) for e in entries] == [
        ("leadership-model", False),
        ("ppf", True),
        ("ppf", True),
    ]
    assert service.skipped_framework_files(standalone) == []
