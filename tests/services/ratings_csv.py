"""Ratings CSV files for the import tests, and what a refused import must leave."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ppf_app.core.errors import UserError
from ppf_app.services import ratings_import
from ppf_app.services.library import Library
from ppf_app.services.views import PersonView


def counts(lib: Library) -> tuple[int, int]:
    """How many assessments and ratings the library's file holds."""
    with sqlite3.connect(lib.paths.database) as raw:
        a = raw.execute("SELECT count(*) FROM assessment").fetchone()[0]
        r = raw.execute("SELECT count(*) FROM rating").fetchone()[0]
    raw.close()
    return int(a), int(r)


def write(tmp_path: Path, data: bytes | str, name: str = "ratings.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def refused(lib: Library, person: PersonView, path: Path) -> list[str]:
    """The problems an import of ``path`` is refused with; it records nothing."""
    before = counts(lib)
    with pytest.raises(UserError) as caught:
        ratings_import.import_ratings(lib, person.id, path)
    assert counts(lib) == before, "a refused import must record nothing"
    return caught.value.problems
