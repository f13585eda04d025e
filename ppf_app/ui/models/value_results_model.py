"""Each value's average level against its target, and the change since last time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication

from ppf_app.ui.models.table_model import Column, RowTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("ValueResultsModel", text)


@dataclass(frozen=True)
class ValueRow:
    number: int
    title: str
    mean_level: float | None
    mean_target: float
    rated: int
    total: int
    previous: float | None = None
    not_applicable: int = 0

    @property
    def change(self) -> float | None:
        if self.mean_level is None or self.previous is None:
            return None
        return self.mean_level - self.previous


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _change(row: ValueRow) -> str:
    change = row.change
    if change is None:
        return "–"
    if abs(change) < 0.05:
        return _tr("no change")
    return f"{change:+.1f}"


def _coverage(row: ValueRow) -> str:
    text = _tr("{rated} of {total} behaviours rated").format(rated=row.rated, total=row.total)
    if row.not_applicable:
        text += _tr("; {count} not applicable").format(count=row.not_applicable)
    return text


def _gap(row: ValueRow) -> str:
    if row.mean_level is None:
        return _tr("not rated")
    gap = row.mean_level - row.mean_target
    if abs(gap) < 0.05:
        return _tr("at target")
    if gap > 0:
        return _tr("{gap:.1f} above").format(gap=gap)
    return _tr("{gap:.1f} below").format(gap=-gap)


class ValueResultsModel(RowTableModel[ValueRow]):
    VALUE, AVERAGE, TARGET, GAP, CHANGE = range(5)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column(_tr("Value"), lambda r: f"{r.number}. {r.title}", lambda r: r.number),
                Column(
                    _tr("Average"),
                    lambda r: _number(r.mean_level),
                    lambda r: -1.0 if r.mean_level is None else r.mean_level,
                    tooltip=_coverage,
                    align_right=True,
                ),
                Column(
                    _tr("Target"),
                    lambda r: _number(r.mean_target),
                    lambda r: r.mean_target,
                    align_right=True,
                ),
                Column(_tr("Against target"), _gap),
                Column(
                    _tr("Change"),
                    _change,
                    lambda r: 0.0 if r.change is None else r.change,
                    align_right=True,
                ),
            ],
            parent,
        )
