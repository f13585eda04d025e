"""Fixtures of the service tests: a real library in a temporary folder, and a clinician."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ppf_app.services import people
from ppf_app.services.library import Library, open_library
from ppf_app.services.views import PersonView
from tests.helpers.appraisals import behaviour_ids


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    """A new library in ``tmp_path / "data"`` (a test module may define its own)."""
    with open_library(tmp_path / "data") as library:
        yield library


@pytest.fixture
def ann(lib: Library) -> PersonView:
    return people.add_person(lib, name="Ann", professional_group="clinician")


@pytest.fixture
def ids(lib: Library) -> list[str]:
    """The default framework's behaviours asked of a clinician (Ann's group)."""
    return behaviour_ids(lib)
