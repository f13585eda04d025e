"""Plain-English problems for framework files: locations, type names, pydantic errors.

A location is a path into the file such as ``values[2].behaviours[0].training_areas[1]``
(0-based indices), ``framework.id``, ``groups[0].targets.pf-listen`` or
``values[2].behaviours[0].levels."7"`` (a key of digits only is quoted: it is a text
that reads as a number). pydantic's error ``loc`` tuples are turned into that syntax and
its messages into sentences a framework author can act on.

The keys a message lists as allowed depend on the file's format: a format 1 file is
told format 1's keys, so its author is not sent to keys it cannot use.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from ppf_app.domain.framework import (
    FORMAT_2_KEYS,
    Activity,
    Behaviour,
    CrosswalkEntry,
    Framework,
    FrameworkInfo,
    Group,
    NotApplicableAnswer,
    Prompt,
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
_DIGITS = re.compile(r"[0-9]+")

#: The newest format; a location's allowed keys default to it.
LATEST_FORMAT = 2

#: The model found at a location, by the location's keys with indices left out.
_MODELS: dict[tuple[str, ...], type[BaseModel]] = {
    (): Framework,
    ("framework",): FrameworkInfo,
    ("not_applicable",): NotApplicableAnswer,
    ("scale",): ScaleLevel,
    ("training_areas",): TrainingArea,
    ("training_areas", "activities"): Activity,
    ("groups",): Group,
    ("values",): Value,
    ("values", "behaviours"): Behaviour,
    ("prompts",): Prompt,
    ("crosswalk",): CrosswalkEntry,
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


#: Most ids a message lists ("training areas in this file: ..."), so that a file with
#: thousands of ids and thousands of mistakes cannot make millions of long messages.
LISTED_IDS = 12


def listing(ids: Iterable[str], none: str = "none are defined") -> str:
    """Sorted ids for a message, each quoted on one line; at most :data:`LISTED_IDS`."""
    ordered = sorted(ids)
    if not ordered:
        return none
    shown = ", ".join(quote(i)[1:-1] for i in ordered[:LISTED_IDS])
    more = len(ordered) - LISTED_IDS
    return f"{shown} and {more} more" if more > 0 else shown


def _key(part: str) -> str:
    """A key as TOML writes it: bare when it can be, else in double quotes."""
    if _BARE_KEY.fullmatch(part) and not _DIGITS.fullmatch(part):
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


def allowed_keys(loc: Loc, file_format: int = LATEST_FORMAT) -> list[str]:
    """The keys a table at ``loc`` may hold in ``file_format``, in the format's order."""
    return list(_allowed_keys(tuple(p for p in loc if isinstance(p, str)), file_format))


@functools.cache
def _allowed_keys(path: tuple[str, ...], file_format: int) -> tuple[str, ...]:
    """Cached: sorting the problems of a file asks this for every part of every location."""
    if path not in _MODELS:
        return ()
    model = _MODELS[path]
    keys = [field.alias or name for name, field in model.model_fields.items()]
    if file_format < LATEST_FORMAT:
        newer = FORMAT_2_KEYS.get(path, frozenset())
        keys = [k for k in keys if k not in newer]
    return tuple(keys)


def loc_sort_key(loc: Loc) -> tuple[tuple[int, int, str], ...]:
    """Order locations as the format lists its keys, indices by number, unknown keys last."""
    key: list[tuple[int, int, str]] = []
    for depth, part in enumerate(loc):
        if isinstance(part, int):
            key.append((0, part, ""))
        else:
            allowed = _allowed_keys(
                tuple(p for p in loc[:depth] if isinstance(p, str)), LATEST_FORMAT
            )
            rank = allowed.index(part) if part in allowed else len(allowed)
            key.append((1, rank, part))
    return tuple(key)


def sorted_problems(problems: Iterable[LocatedProblem]) -> list[tuple[str, str]]:
    """``(location, message)`` pairs in the order of the format, locations formatted."""
    ordered = sorted(problems, key=lambda problem: loc_sort_key(problem[0]))
    return [(format_loc(loc), message) for loc, message in ordered]


def _unknown_key(loc: Loc, file_format: int) -> str:
    key = str(loc[-1])
    allowed = allowed_keys(loc[:-1], file_format)
    message = f"unknown key {quote(key)}"
    import difflib  # only for a file with a mistake in it

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


def _is_activity(loc: Loc) -> bool:
    """Whether ``loc`` is an item of a training area's ``activities``."""
    return len(loc) >= 2 and isinstance(loc[-1], int) and loc[-2] == "activities"


def translate_error(error: ErrorDetails, file_format: int = LATEST_FORMAT) -> str | None:
    """The sentence for one pydantic error, or None when another rule reports it.

    ``file_format`` is the file's format: it decides which keys are listed as allowed.
    """
    kind = error["type"]
    loc = error["loc"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    if kind in _COUNTED_ELSEWHERE:
        return None
    if kind == "extra_forbidden":
        return _unknown_key(loc, file_format)
    if kind == "missing":
        return _missing_key(loc)
    if kind in ("model_type", "model_attributes_type") and _is_activity(loc):
        if file_format < LATEST_FORMAT:
            return _expected("a string", error)
        return _expected("a string or a table", error)
    if kind == "bool_type":
        return _expected("true or false", error)
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


def translate_errors(
    errors: Iterable[ErrorDetails], file_format: int = LATEST_FORMAT
) -> list[LocatedProblem]:
    """``(loc, message)`` for each pydantic error worth reporting."""
    found: list[LocatedProblem] = []
    for error in errors:
        message = translate_error(error, file_format)
        if message is not None:
            found.append((tuple(error["loc"]), message))
    return found
