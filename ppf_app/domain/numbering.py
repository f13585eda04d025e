"""How behaviours are numbered wherever a person sees them: ``1.2`` is the second
behaviour of the first value, in the order of the framework file."""

from __future__ import annotations

from ppf_app.domain.framework import Framework


def behaviour_numbers(framework: Framework) -> dict[str, str]:
    """Behaviour id -> its number (``"1.2"``), for every behaviour of the framework
    (:attr:`Framework.behaviour_numbers`, worked out once per framework)."""
    return dict(framework.behaviour_numbers)


def value_number(framework: Framework, value_id: str) -> int:
    """A value's number (from 1) in the framework."""
    for number, value in enumerate(framework.values, start=1):
        if value.id == value_id:
            return number
    raise KeyError(value_id)
