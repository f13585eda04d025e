"""What a framework file may hold at all: nesting, numbers, ids and versions.

A framework file comes from anyone. Some files are valid TOML yet would stop the app
later: arrays nested hundreds deep overflow the parser's stack, an integer of thousands of
digits cannot even be printed (Python refuses to turn more than 4,300 digits into text),
a scale value of 2**70 overflows wherever it meets a fixed-size integer, a version of
thousands of digits cannot be ordered, and an id holding a right-to-left override reads
differently from what it is. These checks refuse such files up front, with a location,
so that everything after them works on data of a sane size.

- :func:`nesting_problem` runs on the text *before* it is parsed (the parser recurses).
- :func:`huge_integer_problems` locates the integer the parser refused for its length.
- :func:`shape_problems` walks the parsed data without recursion: depth and integers.
- :func:`normalise_ids` puts every id and id reference into Unicode NFC, so two ids that
  differ only in how an accent is encoded are the same id.
- :func:`id_problem` and :func:`version_problem` check one id or version.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

from ppf_app.domain.framework_problems import Loc, LocatedProblem, quote

#: Deepest nesting of arrays and tables a framework file may use. The format itself needs
#: six (values, a value, its behaviours, a behaviour, its levels, a descriptor).
MAX_NESTING = 32

#: The range of every integer in a framework file: what a 32-bit signed integer holds.
MIN_INTEGER = -(2**31)
MAX_INTEGER = 2**31 - 1

#: Longest version a framework may have; versions are compared and shown everywhere.
MAX_VERSION_LENGTH = 64

#: Python refuses to convert decimal integers longer than this to or from text.
_PYTHON_DIGIT_LIMIT = 4300

_NESTING_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # multi-line basic string
    r"|'''(?:[^']|'(?!''))*'''"  # multi-line literal string
    r'|"(?:[^"\\\n]|\\.)*"'  # basic string
    r"|'[^'\n]*'"  # literal string
    r"|#[^\n]*"  # comment
    r"|[\[\]{}]",
    re.DOTALL,
)
_HUGE_VALUE = re.compile(
    r"(?:=|\[|,|\{)[ \t\n]*[+-]?[0-9][0-9_]{" + str(_PYTHON_DIGIT_LIMIT) + ",}"
)
_HUGE_RUN = re.compile(r"[0-9][0-9_]{" + str(_PYTHON_DIGIT_LIMIT) + ",}")

_BIDI_AND_CONTROL = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _line_of(text: str, offset: int) -> str:
    return f"line {text.count(chr(10), 0, offset) + 1}"


def nesting_problem(text: str) -> tuple[str, str] | None:
    """``(location, message)`` when arrays and tables nest more than :data:`MAX_NESTING`
    deep, found by counting brackets outside strings and comments.

    Run before parsing: Python's TOML parser recurses once per level and a few hundred
    levels exhaust its stack. The count may be off in a file whose strings are not
    closed, but such a file is refused either way.
    """
    depth = 0
    for token in _NESTING_TOKENS.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return (
                    _line_of(text, token.start()),
                    f"arrays and tables are nested more than {MAX_NESTING} deep here; "
                    "a framework file needs far fewer levels",
                )
        elif bracket in "]}":
            depth = max(depth - 1, 0)
    return None


def huge_integer_problems(text: str) -> list[tuple[str, str]]:
    """Where the integers too long for Python to read are, for the parser's ValueError."""
    found = list(_HUGE_VALUE.finditer(text)) or list(_HUGE_RUN.finditer(text))
    message = (
        f"a whole number of more than {_PYTHON_DIGIT_LIMIT} digits; numbers in a framework "
        f"file lie between {MIN_INTEGER} and {MAX_INTEGER}"
    )
    lines = dict.fromkeys(_line_of(text, match.end() - 1) for match in found)
    return [(line, message) for line in lines] or [("file", message)]


def describe_integer(value: int) -> str:
    """``value`` as text, or "a number of about N digits" when it is too long to print."""
    if abs(value) < 10**30:
        return str(value)
    digits = math.floor(value.bit_length() * math.log10(2)) + 1
    return f"a number of about {digits} digits"


def _out_of_range(value: int) -> str:
    return (
        f"{describe_integer(value)} is out of range: numbers in a framework file lie "
        f"between {MIN_INTEGER} and {MAX_INTEGER}"
    )


def shape_problems(data: dict[str, Any]) -> list[LocatedProblem]:
    """Tables or arrays nested too deep, and integers out of range, anywhere in ``data``.

    Walks with an explicit stack, so no depth of data can overflow it; does not descend
    below :data:`MAX_NESTING`.
    """
    problems: list[LocatedProblem] = []
    stack: list[tuple[Loc, object, int]] = [((), data, 0)]
    while stack:
        loc, node, depth = stack.pop()
        if isinstance(node, bool):
            continue
        if isinstance(node, int):
            if not MIN_INTEGER <= node <= MAX_INTEGER:
                problems.append((loc, _out_of_range(node)))
            continue
        children: list[tuple[int | str, object]]
        if isinstance(node, dict):
            children = [(str(k), v) for k, v in node.items()]
        elif isinstance(node, list | tuple):
            children = list(enumerate(node))
        else:
            continue
        if depth >= MAX_NESTING:
            problems.append(
                (
                    loc,
                    f"arrays and tables are nested more than {MAX_NESTING} deep here; "
                    "a framework file needs far fewer levels",
                )
            )
            continue
        for key, child in reversed(children):
            stack.append(((*loc, key), child, depth + 1))
    return problems


# -- ids and versions -----------------------------------------------------------------


def _invisible(text: str) -> str | None:
    """The first control, format (bidi override, zero width...) or unassigned character."""
    for ch in text:
        if unicodedata.category(ch) in _BIDI_AND_CONTROL:
            name = unicodedata.name(ch, "")
            return f"U+{ord(ch):04X}" + (f" {name}" if name else "")
    return None


def id_problem(value: str, what: str = "an id") -> str | None:
    """Why ``value`` cannot be an id: surrounding spaces or an invisible character.

    Such an id reads as another one (a right-to-left override even reverses what is
    shown), so references and lookups typed by a person would silently miss it.
    """
    hidden = _invisible(value)
    if hidden:
        return (
            f"{quote(value)} holds an invisible control or direction character ({hidden}); "
            f"{what} must read the same wherever it is shown"
        )
    if value != value.strip():
        return f"{quote(value)} starts or ends with a space; remove it"
    return None


def version_problem(value: str) -> str | None:
    """Why ``value`` cannot be a framework version (too long, spaces, invisible text)."""
    if len(value) > MAX_VERSION_LENGTH:
        return (
            f"the version is {len(value)} characters long; a version has at most "
            f"{MAX_VERSION_LENGTH} (such as 2026.1)"
        )
    return id_problem(value, "a version")


def _nfc(value: object) -> object:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _nfc_list(value: object) -> object:
    return [_nfc(item) for item in value] if isinstance(value, list) else value


def _nfc_keys(table: dict[str, Any], loc: Loc, problems: list[LocatedProblem]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, item in table.items():
        normal = unicodedata.normalize("NFC", key)
        if normal in out:
            problems.append(
                (
                    (*loc, key),
                    f"{quote(key)} is the same id as a key before it, written with other "
                    "Unicode characters (an accent encoded differently); give it once",
                )
            )
            continue
        out[normal] = item
    return out


def _normalise_table(table: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """A copy of ``table`` with the ids at ``keys`` (an id, or a list of ids) in NFC."""
    out = dict(table)
    for key in keys:
        if key in out:
            out[key] = _nfc_list(out[key]) if isinstance(out[key], list) else _nfc(out[key])
    return out


def normalise_ids(data: dict[str, Any]) -> tuple[dict[str, Any], list[LocatedProblem]]:
    """A copy of ``data`` with every id and id reference in Unicode NFC.

    Texts are left exactly as written; only what is compared as an id changes, so an id
    typed on one keyboard matches the same id typed on another. Two keys of one table that
    become equal are reported: TOML saw two keys, the framework would see one.
    """
    problems: list[LocatedProblem] = []
    out = dict(data)
    if isinstance(out.get("framework"), dict):
        out["framework"] = _normalise_table(out["framework"], ("supersedes",))
    if isinstance(out.get("training_areas"), list):
        areas: list[Any] = []
        for area in out["training_areas"]:
            if isinstance(area, dict):
                area = _normalise_table(area, ("id", "for_groups"))
                if isinstance(area.get("activities"), list):
                    area["activities"] = [
                        _normalise_table(a, ("for_groups",)) if isinstance(a, dict) else a
                        for a in area["activities"]
                    ]
            areas.append(area)
        out["training_areas"] = areas
    if isinstance(out.get("groups"), list):
        groups: list[Any] = []
        for index, group in enumerate(out["groups"]):
            if isinstance(group, dict):
                group = _normalise_table(group, ("id",))
                for key in ("targets", "importance"):
                    if isinstance(group.get(key), dict):
                        group[key] = _nfc_keys(group[key], ("groups", index, key), problems)
            groups.append(group)
        out["groups"] = groups
    if isinstance(out.get("values"), list):
        values: list[Any] = []
        for value in out["values"]:
            if isinstance(value, dict):
                value = _normalise_table(value, ("id",))
                if isinstance(value.get("behaviours"), list):
                    value["behaviours"] = [
                        _normalise_table(b, ("id", "training_areas", "for_groups"))
                        if isinstance(b, dict)
                        else b
                        for b in value["behaviours"]
                    ]
            values.append(value)
        out["values"] = values
    if isinstance(out.get("prompts"), list):
        out["prompts"] = [
            _normalise_table(p, ("id", "for_groups")) if isinstance(p, dict) else p
            for p in out["prompts"]
        ]
    if isinstance(out.get("crosswalk"), list):
        out["crosswalk"] = [
            _normalise_table(c, ("from", "to")) if isinstance(c, dict) else c
            for c in out["crosswalk"]
        ]
    return out, problems
