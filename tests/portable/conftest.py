"""The two computers of :mod:`tests.portable.exchange`: made once per test module, then
copied for each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.portable.exchange import Exchange, make_exchange


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Exchange:
    return make_exchange(tmp_path_factory.mktemp("exchange"))


@pytest.fixture
def ex(made: Exchange, tmp_path: Path) -> Iterator[Exchange]:
    yield made.copy_to(tmp_path / "copy")
