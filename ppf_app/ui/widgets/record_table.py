"""The read-only table of records the pages share: whole rows, one at a time."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


def record_table(
    model: QAbstractItemModel,
    accessible_name: str,
    *,
    stretch_column: int | None = None,
    parent: QWidget | None = None,
) -> QTableView:
    """A table showing ``model`` whose rows are chosen whole and edited elsewhere.

    Columns fit their contents; ``stretch_column`` takes the width that is left.
    """
    table = QTableView(parent)
    table.setModel(model)
    table.setAccessibleName(accessible_name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    head = table.horizontalHeader()
    head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch_column is not None:
        head.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    return table
