"""Whatever a file holds, loading it gives a Framework or a FrameworkError, nothing else."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ppf_app.domain.framework_loader import _validate, parse_framework
from tests.domain.frameworks import GOOD, outcome

FULL_LINES = (GOOD / "full.toml").read_bytes().splitlines(keepends=True)

# The keys of format 1 (and a typo), so that generated tables reach the nested rules.
KEYS = [
    "format",
    "framework",
    "id",
    "version",
    "title",
    "titel",
    "scale",
    "value",
    "label",
    "training_areas",
    "activities",
    "groups",
    "default_target",
    "targets",
    "values",
    "behaviours",
    "text",
    "pf-listen",
]

scalars = (
    st.integers(-3, 12)
    | st.sampled_from(["", "ppf", "1", "pf-listen", "people-management", "Bad Id"])
    | st.booleans()
    | st.floats(allow_nan=False)
    | st.just(dt.date(2026, 1, 1))
)
toml_like = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(KEYS), toml_like))
def test_any_table_is_loaded_or_refused_with_problems(data: dict[str, Any]) -> None:
    outcome(lambda: _validate(data, "fuzz.toml"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, len(FULL_LINES) - 1), max_size=6, unique=True))
def test_a_good_file_with_lines_removed_is_loaded_or_refused(dropped: list[int]) -> None:
    data = b"".join(line for i, line in enumerate(FULL_LINES) if i not in dropped)
    result = outcome(lambda: parse_framework(data, "edited.toml"))
    if not dropped:
        assert result == "loaded"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_are_loaded_or_refused(data: bytes) -> None:
    assert outcome(lambda: parse_framework(data, "noise.toml")) == "refused"
