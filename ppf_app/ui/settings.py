"""Remembered window state and choices (QSettings), in one typed place.

Tests point QSettings at a temporary ini file with :func:`use_ini_folder`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

_GEOMETRY = "window/geometry"
_STATE = "window/state"
_LAST_PAGE = "window/last_page"
_LAST_PERSON = "library/{folder}/last_person"
_LAST_ASSESSMENT = "library/{folder}/last_assessment"


def use_ini_folder(folder: Path) -> None:
    """Keep every setting in ini files under ``folder`` (tests and portable runs)."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


class AppSettings:
    """The few things the app remembers between runs."""

    def __init__(self) -> None:
        self._settings = QSettings()

    def geometry(self) -> QByteArray | None:
        value = self._settings.value(_GEOMETRY)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_geometry(self, value: QByteArray) -> None:
        self._settings.setValue(_GEOMETRY, value)

    def window_state(self) -> QByteArray | None:
        value = self._settings.value(_STATE)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_state(self, value: QByteArray) -> None:
        self._settings.setValue(_STATE, value)

    def last_page(self) -> str:
        value = self._settings.value(_LAST_PAGE, "")
        return value if isinstance(value, str) else ""

    def set_last_page(self, name: str) -> None:
        self._settings.setValue(_LAST_PAGE, name)

    def last_person(self, data_folder: Path) -> int | None:
        return _int_or_none(self._settings.value(_folder_key(_LAST_PERSON, data_folder)))

    def set_last_person(self, data_folder: Path, person_id: int | None) -> None:
        key = _folder_key(_LAST_PERSON, data_folder)
        if person_id is None:
            self._settings.remove(key)
        else:
            self._settings.setValue(key, person_id)

    def last_assessment(self, data_folder: Path) -> int | None:
        return _int_or_none(self._settings.value(_folder_key(_LAST_ASSESSMENT, data_folder)))

    def set_last_assessment(self, data_folder: Path, assessment_id: int | None) -> None:
        key = _folder_key(_LAST_ASSESSMENT, data_folder)
        if assessment_id is None:
            self._settings.remove(key)
        else:
            self._settings.setValue(key, assessment_id)

    def sync(self) -> None:
        self._settings.sync()


def _folder_key(template: str, data_folder: Path) -> str:
    # Each data folder remembers its own choices: ids mean nothing across libraries.
    digest = hashlib.sha1(str(data_folder).encode("utf-8")).hexdigest()[:16]
    return template.format(folder=digest)


def _int_or_none(value: object) -> int | None:
    if value is None:
        return None
    try:
        return int(str(value))
    except ValueError:
        return None
