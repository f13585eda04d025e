"""Framework versions: their order and the ``ID[@VERSION]`` way of naming one."""

from __future__ import annotations

from ppf_app.core.errors import UserError

VersionKey = tuple[tuple[tuple[int, int, str], ...], str]


def _numeric_part(digits: str) -> tuple[int, int, str]:
    """A part of digits only, ordered as its number without converting it to one.

    Python refuses to convert more than 4,300 digits to an ``int``, and a version is
    text from a file: compare the number's length (leading zeros removed), then its
    digits, which orders numbers of any length exactly as their values.
    """
    significant = digits.lstrip("0")
    return (0, len(significant), significant)


def version_key(version: str) -> VersionKey:
    """A sort key: dotted parts compare as numbers where they are numbers, else as text.

    ``2026.2 < 2026.10``; a numeric part sorts before a text part in the same place
    (``1.0 < 1.beta``); ties are broken by the whole string so the order is total. Never
    fails, however long the version.
    """
    parts = tuple(
        _numeric_part(part) if part.isascii() and part.isdigit() else (1, 0, part)
        for part in version.split(".")
    )
    return parts, version


def newest(versions: list[str]) -> str:
    return max(versions, key=version_key)


def parse_spec(spec: str) -> tuple[str, str | None]:
    """``"ppf@2026.1"`` -> ``("ppf", "2026.1")``; ``"ppf"`` -> ``("ppf", None)`` (newest).

    Raises :class:`UserError` for an empty id or an ``@`` with no version after it.
    """
    framework_id, at, version = spec.strip().partition("@")
    if not framework_id:
        raise UserError(f"'{spec}' does not name a framework: write ID or ID@VERSION")
    if at and not version:
        raise UserError(
            f"'{spec}' has no version after '@': write {framework_id}@VERSION, "
            f"or {framework_id} alone for its newest version"
        )
    return framework_id, (version if at else None)
