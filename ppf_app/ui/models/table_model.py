"""A read-only table model over a list of plain rows, with column constants and roles.

Every cell answers ``Qt.AccessibleTextRole`` with its whole text as a screen reader
should say it: the column's ``accessible`` text when it has one, else what it shows, with
line breaks as spaces; a cell that shows nothing (or only a dash) says "none" rather than
nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

Row = TypeVar("Row")

#: The row object itself, for views that need more than the displayed text.
RowRole = Qt.ItemDataRole.UserRole + 1
#: A value to sort by: a number or text that Qt can compare (never a Python object).
SortRole = Qt.ItemDataRole.UserRole + 2

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[Row]):
    header: str
    display: Callable[[Row], str]
    sort_key: Callable[[Row], Any] | None = None
    tooltip: Callable[[Row], str] | None = None
    align_right: bool = False
    #: What a screen reader says for the cell, when it is not the displayed text.
    accessible: Callable[[Row], str] | None = None


#: Cell texts that show "nothing here" to the eye but say nothing to a screen reader.
_BLANK = frozenset({"", "-", "–", "—"})


def accessible_text(column: Column[Row], row: Row) -> str:
    """The whole text of a cell for a screen reader (never empty)."""
    text = column.accessible(row) if column.accessible is not None else column.display(row)
    text = " ".join(str(text).split())
    if text in _BLANK:
        return QCoreApplication.translate("RowTableModel", "none")
    return text


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """Rows are replaced as a whole with :meth:`set_rows` (a model reset)."""

    def __init__(self, columns: Sequence[Column[Row]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Row] = []

    # -- rows -----------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    # -- Qt -------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self._columns):
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(row)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return accessible_text(column, row)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == RowRole:
            return row
        if role == SortRole:
            key = column.sort_key(row) if column.sort_key else column.display(row)
            return key
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].header
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
