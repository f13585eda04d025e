"""argparse types shared by the command groups: a date, a framework reference, an id."""

from __future__ import annotations

import argparse
import re
from datetime import date

from ppf_app.core import process

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_date(text: str) -> date:
    """An argparse type for ``YYYY-MM-DD``."""
    try:
        if not _DATE.match(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31"
        ) from None


def framework_ref(text: str) -> tuple[str, str | None]:
    """An argparse type for ``ID`` or ``ID@VERSION``."""
    framework_id, _, version = text.partition("@")
    if not framework_id or ("@" in text and not version):
        raise argparse.ArgumentTypeError(f"{text!r}: write the framework as ID or ID@VERSION")
    return framework_id, version or None


#: The largest id a record can have (SQLite's INTEGER is 64-bit, signed).
MAX_ID = 2**63 - 1
_DIGITS = re.compile(r"[0-9]+", re.ASCII)


def record_id(text: str) -> int:
    """An argparse type for the id of a person or an assessment: 1 to :data:`MAX_ID`."""
    if not _DIGITS.fullmatch(text) or not 1 <= int(text) <= MAX_ID:
        shown = text if len(text) <= 30 else text[:27] + "..."
        raise argparse.ArgumentTypeError(
            f"{shown!r} is not an id; an id is a whole number from 1 to {MAX_ID} "
            "(see 'ppf person list' and 'ppf assess list')"
        )
    return int(text)


#: How long ``ppf`` waits for a library another window or command has open.
DEFAULT_WAIT_SECONDS = 10.0
_SECONDS = re.compile(r"[0-9]+(\.[0-9]+)?", re.ASCII)


def wait_seconds(text: str) -> float:
    """An argparse type for ``--wait``: seconds, 0 up to a day."""
    if not _SECONDS.fullmatch(text) or float(text) > process.MAX_WAIT_SECONDS:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of seconds; write one from 0 (refuse at once) to "
            f"{process.MAX_WAIT_SECONDS:g}, e.g. --wait 30"
        )
    return float(text)
