"""Whatever a format 2 file holds, loading it gives a Framework or a FrameworkError."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ppf_app.domain.framework_loader import _validate, parse_framework
from tests.domain.frameworks import FORMAT2, outcome

LINES = (FORMAT2 / "board-leadership.toml").read_bytes().splitlines(keepends=True)

# The keys of format 2 (and a typo), so that generated tables reach the nested rules.
KEYS = [
    "format",
    "framework",
    "id",
    "version",
    "title",
    "supersedes",
    "not_applicable",
    "label",
    "scale",
    "value",
    "training_areas",
    "activities",
    "text",
    "kind",
    "for_groups",
    "provider",
    "reference",
    "groups",
    "default_target",
    "targets",
    "importance",
    "values",
    "behaviours",
    "levels",
    "prompts",
    "crosswalk",
    "from",
    "to",
    "1",
    "manager",
    "b1",
    "levles",
]

scalars = (
    st.integers(-3, 12)
    | st.integers()
    | st.sampled_from(["", "b1", "manager", "course", "retreat", "x@1", "ppf@2026.1", "1 "])
    | st.text(max_size=5)
    | st.booleans()
    | st.floats(allow_nan=False)
    | st.just(dt.date(2026, 1, 1))
)
toml_like = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(KEYS), toml_like), st.sampled_from([1, 2]))
def test_any_table_is_loaded_or_refused_with_problems(data: dict[str, Any], fmt: int) -> None:
    outcome(lambda: _validate({**data, "format": fmt}, "fuzz.toml"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, len(LINES) - 1), max_size=6, unique=True))
def test_a_format_2_file_with_lines_removed_is_loaded_or_refused(dropped: list[int]) -> None:
    data = b"".join(line for i, line in enumerate(LINES) if i not in dropped)
    result = outcome(lambda: parse_framework(data, "edited.toml"))
    if not dropped:
        assert result == "loaded"
