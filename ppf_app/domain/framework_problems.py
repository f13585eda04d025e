"""Plain-English problems for framework files: locations, type names, pydantic errors.

A location is a path into the file such as ``values[2].behaviours[0].training_areas[1]``
(0-based indices), ``framework.id`` or ``groups[0].targets.pf-listen``. pydantic's error
``loc`` tuples are turned into that syntax and its messages into sentences a framework
author can act on.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from ppf_app.domain.framework import (
    Behaviour,
    Framework,
    FrameworkInfo,
    Group,
    ScaleLevel,
    TrainingArea,
    Value,
)

Loc = tuple[int | str, ...]
LocatedProblem = tuple[Loc, str]

#: Longest piece of a file quoted back in a message.
_QUOTE_LIMIT = 60
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")

#: The model found at a location, by the location's keys with indices left out.
_MODELS: dict[tuple[str, ...], type[BaseModel]] = {
    (): Framework,
    ("framework",): FrameworkInfo,
    ("scale",): ScaleLevel,
    ("training_areas",): TrainingArea,
    ("groups",): Group,
    ("values",): Value,
    ("values", "behaviours"): Behaviour,
}

#: pydantic error types whose count rules :mod:`framework_rules` reports itself, with
#: the count taken before item validation (pydantic counts only the valid items).
_COUNTED_ELSEWHERE = frozenset({"too_short", "too_long"})


def quote(value: object) -> str:
    """``value`` in single quotes on one line: control characters escaped, long text cut."""
    text = str(value)
    if len(text) > _QUOTE_LIMIT:
        text = text[: _QUOTE_LIMIT - 1] + "…"
    shown = "".join(
        _ESCAPES.get(ch, f"\\u{ord(ch):04x}") if unicodedata.category(ch)[0] == "C" else ch
        for ch in text
    )
    return f"'{shown}'"


def _key(part: str) -> str:
    """A key as TOML writes it: bare when it can be, else in double quotes."""
    if _BARE_KEY.fullmatch(part):
        return part
    return '"' + quote(part)[1:-1].replace('"', '\\"') + '"'


def format_loc(loc: Loc) -> str:
    """``("values", 2, "behaviours", 0)`` -> ``values[2].behaviours[0]``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{_key(part)}" if text else _key(part)
    return text or "file"


def toml_type(value: object) -> str:
    """What a TOML author calls the type of ``value``, with an article."""
    if isinstance(value, bool):
        return "a boolean (true/false)"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, dt.datetime):
        return "a date-time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, dt.time):
        return "a time"
    return type(value).__name__


def _allowed_keys(loc: Loc) -> list[str]:
    model = _MODELS.get(tuple(p for p in loc if isinstance(p, str)))
    return list(model.model_fields) if model else []


def loc_sort_key(loc: Loc) -> tuple[tuple[int, int, str], ...]:
    """Order locations as the format lists its keys, indices by number, unknown keys last."""
    key: list[tuple[int, int, str]] = []
    for depth, part in enumerate(loc):
        if isinstance(part, int):
            key.append((0, part, ""))
        else:
            allowed = _allowed_keys(loc[:depth])
            rank = allowed.index(part) if part in allowed else len(allowed)
            key.append((1, rank, part))
    return tuple(key)


def sorted_problems(problems: Iterable[LocatedProblem]) -> list[tuple[str, str]]:
    """``(location, message)`` pairs in the order of the format, locations formatted."""
    ordered = sorted(problems, key=lambda problem: loc_sort_key(problem[0]))
    return [(format_loc(loc), message) for loc, message in ordered]


def _unknown_key(loc: Loc) -> str:
    key = str(loc[-1])
    allowed = _allowed_keys(loc[:-1])
    message = f"unknown key {quote(key)}"
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"{message}; did you mean {quote(close[0])}?"
    if allowed:
        return f"{message}; the keys allowed here are {', '.join(allowed)}"
    return message


def _missing_key(loc: Loc) -> str:
    key = str(loc[-1])
    if loc == ("framework",):
        return "required table [framework] is missing"
    if loc[-1] == "behaviours":
        return "required key 'behaviours' is missing: each value needs at least one behaviour"
    return f"required key {quote(key)} is missing"


def _expected(what: str, error: ErrorDetails) -> str:
    return f"expected {what}, got {toml_type(error['input'])}"


def translate_error(error: ErrorDetails) -> str | None:
    """The sentence for one pydantic error, or None when another rule reports it."""
    kind = error["type"]
    loc = error["loc"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    if kind in _COUNTED_ELSEWHERE:
        return None
    if kind == "extra_forbidden":
        return _unknown_key(loc)
    if kind == "missing":
        return _missing_key(loc)
    if kind == "int_type":
        return _expected("an integer", error)
    if kind == "string_type":
        return _expected("a string", error)
    if kind == "tuple_type":
        return _expected("an array", error)
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _expected("a table", error)
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_pattern_mismatch":
        if tuple(loc) == ("framework", "id"):
            return (
                f"{quote(error['input'])} is not a valid framework id: use 1 to 64 lower-case "
                "letters, digits and hyphens, starting with a letter or digit"
            )
        return f"{quote(error['input'])} does not match the pattern {ctx.get('pattern')}"
    return str(error["msg"])


def translate_errors(errors: Iterable[ErrorDetails]) -> list[LocatedProblem]:
    """``(loc, message)`` for each pydantic error worth reporting."""
    found: list[LocatedProblem] = []
    for error in errors:
        message = translate_error(error)
        if message is not None:
            found.append((tuple(error["loc"]), message))
    return found
