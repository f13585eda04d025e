"""Preferences of a library that change what its plans say.

``suggested_areas``: how many training areas a development plan suggests (1 to 6, 3
unless changed). The app's plan page and ``ppf plan`` read the same value, so a plan
printed from either suggests the same areas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ppf_app.core.errors import UserError
from ppf_app.domain.advice import DEFAULT_LIMIT, MAX_LIMIT, MIN_LIMIT
from ppf_app.storage.preferences_file import read_preferences, write_preferences

if TYPE_CHECKING:
    from ppf_app.services.library import Library

SUGGESTED_AREAS = "suggested_areas"


def check_suggested_areas(value: object) -> int:
    """``value`` as a number of suggested areas.

    Raises:
        UserError: not a whole number from 1 to 6.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except ValueError:
            value = None
    if not isinstance(value, int) or not MIN_LIMIT <= value <= MAX_LIMIT:
        raise UserError(f"suggested areas: give a whole number from {MIN_LIMIT} to {MAX_LIMIT}")
    return value


def suggested_areas(lib: Library) -> int:
    """How many training areas a plan of this library suggests.

    A stored value that is out of range (edited by hand) is read as the default.
    """
    stored = read_preferences(lib.paths.root).get(SUGGESTED_AREAS, DEFAULT_LIMIT)
    try:
        return check_suggested_areas(stored)
    except UserError:
        return DEFAULT_LIMIT


def set_suggested_areas(lib: Library, value: object) -> int:
    """Store how many training areas plans suggest; returns the number stored.

    Raises:
        UserError: not a whole number from 1 to 6 (nothing is stored).
    """
    count = check_suggested_areas(value)
    preferences = read_preferences(lib.paths.root)
    preferences[SUGGESTED_AREAS] = count
    write_preferences(lib.paths.root, preferences)
    return count
