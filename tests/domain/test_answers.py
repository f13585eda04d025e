"""The not-applicable answer: a sentinel of its own, never a level."""

from __future__ import annotations

import pickle

import pytest

from ppf_app.domain.answers import (
    NOT_APPLICABLE,
    NotApplicable,
    from_portable,
    is_level,
    is_not_applicable,
    to_portable,
)


def test_not_applicable_is_not_a_level() -> None:
    assert not is_level(NOT_APPLICABLE)
    assert not is_level(None)
    assert not is_level(True)
    assert is_level(0) and is_level(3)
    assert is_not_applicable(NOT_APPLICABLE) and not is_not_applicable("n/a")
    assert NOT_APPLICABLE != 0 and str(NOT_APPLICABLE) == "not applicable"
    assert pickle.loads(pickle.dumps(NOT_APPLICABLE)) is NOT_APPLICABLE
    assert list(NotApplicable) == [NOT_APPLICABLE]


@pytest.mark.parametrize("answer", [NOT_APPLICABLE, None, 0, 4, -2])
def test_portable_round_trip(answer: int | NotApplicable | None) -> None:
    assert from_portable(to_portable(answer)) == answer


def test_portable_spellings_and_refusals() -> None:
    assert to_portable(NOT_APPLICABLE) == "n/a"
    assert from_portable(" N/A ") is NOT_APPLICABLE
    assert from_portable("Not applicable") is NOT_APPLICABLE
    for bad in ("3", 2.0, True, [1]):
        with pytest.raises(ValueError):
            from_portable(bad)
