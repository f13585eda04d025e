"""The installed frameworks: bundled plus added, versions, atomic adds, broken files skipped."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import stat
from pathlib import Path

import pytest

from ppf_app.core.errors import NotFound, UserError
from ppf_app.domain.framework_library import FrameworkLibrary, file_name_for
from ppf_app.domain.framework_loader import FrameworkError, load_framework
from ppf_app.domain.framework_version import newest, parse_spec, version_key
from tests.domain.frameworks import BROKEN, BUNDLED_PPF, GOOD, bundled_library


def with_version(source: Path, version: str, folder: Path) -> Path:
    """A copy of ``source`` with another ``version``."""
    text = source.read_text(encoding="utf-8")
    old_version = load_framework(source).version
    text = text.replace(f'version = "{old_version}"', f'version = "{version}"', 1)
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    target = folder / f"{source.stem}-{digest}.toml"
    target.write_text(text, encoding="utf-8")
    return target


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder`` with its SHA-256 and mode: a byte-for-byte listing."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): (
            hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir",
            stat.S_IMODE(p.stat().st_mode),
        )
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture
def library(tmp_path: Path) -> FrameworkLibrary:
    return bundled_library(tmp_path)


# -- reading ----------------------------------------------------------------------------


def test_bundled_frameworks_are_listed_without_a_user_folder(library: FrameworkLibrary) -> None:
    assert [fw.key for fw in library.all()] == [
        ("leadership-model", "2013"),
        ("ppf", load_framework(BUNDLED_PPF).version),
    ]
    assert library.default().id == "ppf"
    assert library.problems() == []
    assert not library.user_dir.exists()


def test_add_installs_a_private_copy_and_lists_it(library: FrameworkLibrary) -> None:
    fw = library.add(GOOD / "full.toml")
    assert fw.key == ("team-practice", "1.2")
    installed = library.user_dir / "team-practice@1.2.toml"
    assert installed.read_bytes() == (GOOD / "full.toml").read_bytes()
    if os.name == "posix":
        assert stat.S_IMODE(installed.stat().st_mode) == 0o600
        assert stat.S_IMODE(library.user_dir.stat().st_mode) == 0o700
        assert stat.S_IMODE(library.user_dir.parent.stat().st_mode) == 0o700
    assert [p.name for p in library.user_dir.iterdir()] == ["team-practice@1.2.toml"]
    assert ("team-practice", "1.2") in [f.key for f in library.all()]
    # A fresh library over the same folders sees it too.
    again = FrameworkLibrary(library.bundled_dir, library.user_dir)
    assert again.get("team-practice") == fw
    assert not again.is_bundled("team-practice", "1.2")
    assert again.is_bundled("ppf", again.default().version)


def test_same_file_twice_is_accepted_and_writes_nothing(library: FrameworkLibrary) -> None:
    library.add(GOOD / "full.toml")
    before = snapshot(library.user_dir)
    assert library.add(GOOD / "full.toml").key == ("team-practice", "1.2")
    assert FrameworkLibrary(library.bundled_dir, library.user_dir).add(GOOD / "full.toml")
    assert snapshot(library.user_dir) == before


def test_different_content_same_id_and_version_is_refused_and_nothing_changes(
    library: FrameworkLibrary, tmp_path: Path
) -> None:
    library.add(GOOD / "full.toml")
    changed = tmp_path / "changed.toml"
    changed.write_bytes((GOOD / "full.toml").read_bytes() + b"\n# a comment is a change\n")
    before = snapshot(library.user_dir.parent)
    with pytest.raises(FrameworkError) as caught:
        library.add(changed)
    (problem,) = caught.value.problems
    assert problem.startswith(
        f"{changed}: framework.version: framework 'team-practice' version '1.2' is already "
        "installed with different content"
    )
    assert snapshot(library.user_dir.parent) == before
    assert library.source_bytes("team-practice", "1.2") == (GOOD / "full.toml").read_bytes()


def test_bundled_framework_cannot_be_replaced(library: FrameworkLibrary, tmp_path: Path) -> None:
    same_key = tmp_path / "mine.toml"
    same_key.write_bytes((GOOD / "leadership-model.toml").read_bytes() + b"# mine\n")
    with pytest.raises(FrameworkError) as caught:
        library.add(same_key)
    assert caught.value.problems == [
        f"{same_key}: framework.version: framework 'leadership-model' version '2013' is "
        "bundled with the product and cannot be replaced; give your file another id or "
        "version"
    ]
    # The bundled file itself is identical: accepted, and nothing is written.
    assert library.add(GOOD / "leadership-model.toml").key == ("leadership-model", "2013")
    assert library.is_bundled("leadership-model", "2013")
    assert not library.user_dir.parent.exists()


def test_broken_file_is_refused_and_leaves_no_trace(
    library: FrameworkLibrary, tmp_path: Path
) -> None:
    library.add(GOOD / "minimal.toml")
    before = snapshot(library.user_dir.parent)
    with pytest.raises(FrameworkError):
        library.add(BROKEN / "several-problems.toml")
    with pytest.raises(FrameworkError):
        library.add(tmp_path / "missing.toml")
    assert snapshot(library.user_dir.parent) == before


def test_versions_newest_first_by_number(library: FrameworkLibrary, tmp_path: Path) -> None:
    library.add(GOOD / "minimal.toml")
    for version in ("2", "10", "9.1"):
        library.add(with_version(GOOD / "minimal.toml", version, tmp_path))
    assert [fw.version for fw in library.all() if fw.id == "minimal"] == ["1", "2", "9.1", "10"]
    assert library.get("minimal").version == "10"
    assert library.get("minimal", "9.1").version == "9.1"
    assert library.resolve("minimal@2").version == "2"
    assert library.resolve("minimal").version == "10"


def test_not_found_lists_what_is_installed(library: FrameworkLibrary) -> None:
    library.add(GOOD / "minimal.toml")
    with pytest.raises(NotFound) as caught:
        library.get("hlm")
    assert str(caught.value) == (
        "no framework 'hlm' is installed; installed: leadership-model@2013, minimal@1, "
        f"ppf@{library.default().version}"
    )
    with pytest.raises(NotFound) as caught:
        library.get("minimal", "7")
    assert str(caught.value) == "framework 'minimal' has no version '7'; installed versions: 1"


def test_default_needs_the_bundled_ppf(tmp_path: Path) -> None:
    empty = FrameworkLibrary(bundled_dir=tmp_path / "none", user_dir=tmp_path / "user")
    assert empty.all() == []
    with pytest.raises(NotFound, match="bundled framework 'ppf' is missing"):
        empty.default()


def test_a_user_file_called_ppf_does_not_become_the_default(
    library: FrameworkLibrary, tmp_path: Path
) -> None:
    text = BUNDLED_PPF.read_text(encoding="utf-8")
    bundled_version = load_framework(BUNDLED_PPF).version
    newer = tmp_path / "ppf-newer.toml"
    newer.write_text(
        text.replace(f'version = "{bundled_version}"', 'version = "9999.1"', 1), encoding="utf-8"
    )
    library.add(newer)
    assert library.get("ppf").version == "9999.1"
    assert library.default().version == bundled_version


def test_broken_user_file_is_skipped_logged_and_reported(
    library: FrameworkLibrary, caplog: pytest.LogCaptureFixture
) -> None:
    library.add(GOOD / "minimal.toml")
    damaged = library.user_dir / "damaged.toml"
    shutil.copy(BROKEN / "duplicate-groups.toml", damaged)
    (library.user_dir / "notes.txt").write_text("not a framework", encoding="utf-8")
    (library.user_dir / ".adding-x.tmp").write_bytes(b"left by a crash")
    fresh = FrameworkLibrary(library.bundled_dir, library.user_dir)
    with caplog.at_level(logging.WARNING):
        keys = [fw.key for fw in fresh.all()]
    assert ("minimal", "1") in keys and len(keys) == 3
    assert fresh.problems() == [
        f"{damaged}: groups[1].id: id 'manager' is already used by groups[0]"
    ]
    assert "Skipped framework file" in caplog.text and str(damaged) in caplog.text


def test_a_hand_copied_duplicate_is_skipped_and_reported(library: FrameworkLibrary) -> None:
    library.add(GOOD / "minimal.toml")
    copy = library.user_dir / "zz-copy.toml"
    shutil.copy(GOOD / "minimal.toml", copy)
    fresh = FrameworkLibrary(library.bundled_dir, library.user_dir)
    assert [fw.key for fw in fresh.all()].count(("minimal", "1")) == 1
    (problem,) = fresh.problems()
    assert problem.startswith(f"{copy}: framework.version: framework 'minimal' version '1'")
    assert problem.endswith("this file is ignored")


def test_add_does_not_overwrite_a_skipped_file_with_the_same_name(
    library: FrameworkLibrary,
) -> None:
    library.user_dir.mkdir(parents=True)
    squatter = library.user_dir / "minimal@1.toml"
    squatter.write_bytes(b"not = [valid")
    library.add(GOOD / "minimal.toml")
    assert squatter.read_bytes() == b"not = [valid"
    assert (library.user_dir / "minimal@1-2.toml").read_bytes() == (
        GOOD / "minimal.toml"
    ).read_bytes()


def test_source_text_is_the_exact_file(library: FrameworkLibrary, tmp_path: Path) -> None:
    crlf = tmp_path / "crlf.toml"
    crlf.write_bytes((GOOD / "full.toml").read_bytes().replace(b"\n", b"\r\n"))
    library.add(crlf)
    assert library.source_bytes("team-practice", "1.2") == crlf.read_bytes()
    assert library.source_text("team-practice", "1.2") == crlf.read_bytes().decode("utf-8")
    assert library.source_bytes("ppf", library.default().version) == BUNDLED_PPF.read_bytes()


def test_unsafe_version_gets_a_safe_distinct_file_name(
    library: FrameworkLibrary, tmp_path: Path
) -> None:
    a = library.add(with_version(GOOD / "minimal.toml", "1/2", tmp_path))
    b = library.add(with_version(GOOD / "minimal.toml", "1_2", tmp_path))
    names = sorted(p.name for p in library.user_dir.iterdir())
    assert len(names) == 2 and all("/" not in n for n in names)
    assert file_name_for(a) != file_name_for(b)
    assert file_name_for(b) == "minimal@1_2.toml"


def test_unwritable_user_folder_is_a_user_error(library: FrameworkLibrary) -> None:
    library.user_dir.parent.mkdir(parents=True)
    library.user_dir.write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(UserError, match="cannot install the framework there"):
        library.add(GOOD / "minimal.toml")
    assert [p.name for p in library.user_dir.parent.iterdir()] == ["frameworks"]


# -- versions and ID[@VERSION] ----------------------------------------------------------


def test_version_order() -> None:
    versions = ["2026.10", "2026.2", "2026.1", "1.beta", "1.0", "10", "9"]
    assert sorted(versions, key=version_key) == [
        "1.0",
        "1.beta",
        "9",
        "10",
        "2026.1",
        "2026.2",
        "2026.10",
    ]
    assert newest(["2026.2", "2026.10"]) == "2026.10"
    assert newest(["a", "b"]) == "b"


def test_parse_spec() -> None:
    assert parse_spec("ppf") == ("ppf", None)
    assert parse_spec("ppf@2026.1") == ("ppf", "2026.1")
    assert FrameworkLibrary.parse(" hlm@2013 ") == ("hlm", "2013")
    with pytest.raises(UserError, match="no version after '@'"):
        parse_spec("ppf@")
    with pytest.raises(UserError, match="does not name a framework"):
        parse_spec("@1")
