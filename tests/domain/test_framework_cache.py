"""The frameworks' TOML kept by the sha256 of their bytes: read once, checked every time."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pytest

from ppf_app.domain import framework_cache, framework_loader
from ppf_app.domain.framework_cache import TomlCache
from ppf_app.domain.framework_library import FrameworkLibrary
from ppf_app.domain.framework_loader import parse_framework

FRAMEWORKS = Path(__file__).resolve().parents[1] / "data" / "frameworks"
GOOD = FRAMEWORKS / "good"
BUNDLED_PPF = Path(__file__).resolve().parents[2] / "resources" / "frameworks" / "ppf.toml"


@pytest.fixture(autouse=True)
def _nothing_parsed_yet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a new process would: no framework parsed in memory."""
    monkeypatch.setattr(framework_loader, "_parsed", OrderedDict())


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path, Path]:
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    shutil.copy(BUNDLED_PPF, bundled / "ppf.toml")
    user = tmp_path / "data" / "frameworks"
    user.mkdir(parents=True)
    shutil.copy(GOOD / "minimal.toml", user / "minimal.toml")
    return bundled, user, tmp_path / "data" / "framework-cache.json"


def library(folders: tuple[Path, Path, Path]) -> FrameworkLibrary:
    bundled, user, cache = folders
    return FrameworkLibrary(bundled_dir=bundled, user_dir=user, cache_file=cache)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cached(cache: Path) -> dict[str, Any]:
    files: dict[str, Any] = json.loads(cache.read_text(encoding="utf-8"))["files"]
    return files


def toml_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sources whose TOML is read from now on (not taken from the cache)."""
    reads: list[str] = []
    real = framework_loader._parse_toml

    def counted(text: str, source: str) -> dict[str, Any]:
        reads.append(Path(source).name)
        return real(text, source)

    monkeypatch.setattr(framework_loader, "_parse_toml", counted)
    return reads


def test_the_toml_read_once_is_taken_from_the_cache_next_time(
    folders: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled, user, cache = folders
    first = library(folders).all()
    assert set(cached(cache)) == {sha(bundled / "ppf.toml"), sha(user / "minimal.toml")}
    assert os.stat(cache).st_mode & 0o077 == 0

    monkeypatch.setattr(framework_loader, "_parsed", OrderedDict())
    reads = toml_reads(monkeypatch)
    again = library(folders).all()
    assert reads == []
    assert again == first


def test_a_reload_in_the_same_process_keeps_the_cache(
    folders: tuple[Path, Path, Path],
) -> None:
    bundled, user, cache = folders
    frameworks = library(folders)
    frameworks.all()
    frameworks.reload()  # its files already parsed in this process
    assert set(cached(cache)) == {sha(bundled / "ppf.toml"), sha(user / "minimal.toml")}


def test_a_changed_file_is_read_again_and_its_old_toml_dropped(
    folders: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _bundled, user, cache = folders
    library(folders).all()
    old = sha(user / "minimal.toml")
    text = (user / "minimal.toml").read_text(encoding="utf-8")
    (user / "minimal.toml").write_text(
        text.replace('title = "Minimal framework"', 'title = "Changed"'), encoding="utf-8"
    )

    monkeypatch.setattr(framework_loader, "_parsed", OrderedDict())
    reads = toml_reads(monkeypatch)
    frameworks = library(folders)
    assert frameworks.get("minimal").title == "Changed"
    assert reads == ["minimal.toml"]
    assert old not in cached(cache)
    assert sha(user / "minimal.toml") in cached(cache)


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff not json at all",
        b'{"format": 1, "python": "3.11", "files": ',
        b"[1, 2, 3]",
        json.dumps({"format": 999, "python": framework_cache.PYTHON, "files": {}}).encode(),
        json.dumps({"format": 1, "python": "2.7", "files": {}}).encode(),
        b"",
    ],
)
def test_a_damaged_cache_is_ignored_and_written_again(
    folders: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    bundled, user, cache = folders
    cache.write_bytes(content)
    reads = toml_reads(monkeypatch)
    assert {f.id for f in library(folders).all()} == {"ppf", "minimal"}
    assert sorted(reads) == ["minimal.toml", "ppf.toml"]
    assert set(cached(cache)) == {sha(bundled / "ppf.toml"), sha(user / "minimal.toml")}


def test_toml_taken_from_the_cache_is_checked_as_a_file_is(
    folders: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the cache says a user's file holds goes through every check again."""
    _bundled, user, cache = folders
    library(folders).all()
    content = json.loads(cache.read_text(encoding="utf-8"))
    entry = content["files"][sha(user / "minimal.toml")]
    entry["values"] = []  # a framework needs at least one value
    cache.write_text(json.dumps(content), encoding="utf-8")

    monkeypatch.setattr(framework_loader, "_parsed", OrderedDict())
    frameworks = library(folders)
    assert {f.id for f in frameworks.all()} == {"ppf"}
    assert any("minimal.toml: values" in line for line in frameworks.problems())


def test_a_broken_file_is_not_cached(folders: tuple[Path, Path, Path]) -> None:
    _bundled, user, cache = folders
    (user / "broken.toml").write_text('format = 1\n[framework]\nid = "x"\n', encoding="utf-8")
    frameworks = library(folders)
    assert {f.id for f in frameworks.all()} == {"ppf", "minimal"}
    assert frameworks.problems()
    assert sha(user / "broken.toml") not in cached(cache)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_as_the_cache_is_ignored(folders: tuple[Path, Path, Path]) -> None:
    cache = folders[2]
    os.mkfifo(cache)
    assert TomlCache(cache).get("0" * 64) is None  # returns at once, without waiting
    assert {f.id for f in library(folders).all()} == {"ppf", "minimal"}


def test_a_cache_that_cannot_be_written_costs_nothing_but_time(
    folders: tuple[Path, Path, Path],
) -> None:
    cache = folders[2]
    cache.mkdir()  # a folder in the way: the file cannot be written
    assert {f.id for f in library(folders).all()} == {"ppf", "minimal"}
    assert cache.is_dir()


def test_toml_that_json_cannot_hold_is_not_cached(tmp_path: Path) -> None:
    cache = TomlCache(tmp_path / "cache.json")
    cache.put("a" * 64, {"when": __import__("datetime").date(2026, 1, 1)})
    cache.put("b" * 64, {"title": "fine"})
    cache.save()
    assert set(cached(tmp_path / "cache.json")) == {"b" * 64}


def test_the_same_bytes_are_parsed_once_and_failures_each_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = BUNDLED_PPF.read_bytes()
    reads = toml_reads(monkeypatch)
    first = parse_framework(data, "bundled/ppf.toml")
    assert parse_framework(data, "a snapshot of it") is first
    assert reads == ["ppf.toml"]
    broken = b"format = 1\n"
    for _ in range(2):
        with pytest.raises(framework_loader.FrameworkError):
            parse_framework(broken, "broken.toml")
    assert reads == ["ppf.toml", "broken.toml", "broken.toml"]
