"""The installed frameworks: title, id, version, size and where each came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication

from ppf_app.domain.framework import Framework
from ppf_app.ui.models.table_model import Column, RowTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("FrameworksModel", text)


@dataclass(frozen=True)
class FrameworkRow:
    framework: Framework
    bundled: bool
    path: str

    @property
    def key(self) -> tuple[str, str]:
        return self.framework.key


class FrameworksModel(RowTableModel[FrameworkRow]):
    TITLE, ID, VERSION, BEHAVIOURS, SOURCE = range(5)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column(
                    _tr("Title"),
                    lambda r: r.framework.title,
                    tooltip=lambda r: r.framework.framework.description or r.framework.title,
                ),
                Column(_tr("Id"), lambda r: r.framework.id),
                Column(_tr("Version"), lambda r: r.framework.version),
                Column(
                    _tr("Behaviours"),
                    lambda r: str(r.framework.behaviour_count),
                    lambda r: r.framework.behaviour_count,
                    align_right=True,
                ),
                Column(
                    _tr("Source"),
                    lambda r: _tr("Bundled") if r.bundled else _tr("Added"),
                    tooltip=lambda r: r.path,
                ),
            ],
            parent,
        )

    def row_of(self, key: tuple[str, str]) -> int | None:
        for row, item in enumerate(self.rows()):
            if item.key == key:
                return row
        return None
