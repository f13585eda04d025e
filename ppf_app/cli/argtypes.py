"""argparse types shared by the command groups: a date, a framework reference."""

from __future__ import annotations

import argparse
import re
from datetime import date

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
