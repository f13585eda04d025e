"""The meeting table: self, appraiser and agreed ratings of each behaviour, side by side."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication

from ppf_app.domain.answers import NOT_APPLICABLE, Answer, is_level
from ppf_app.domain.meeting import MeetingRow
from ppf_app.ui.models.table_model import Column, RowTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("MeetingModel", text)


def level_text(level: int | None, labels: Mapping[int, str]) -> str:
    """``3 Consistent``; a dash for no level."""
    if level is None:
        return "–"
    name = labels.get(level)
    return f"{level} {name}" if name else str(level)


def answer_text(answer: Answer, labels: Mapping[int, str], not_applicable: str = "") -> str:
    """A level as :func:`level_text`; "not applicable" by the framework's own label."""
    if answer is NOT_APPLICABLE:
        return not_applicable or _tr("not applicable")
    return level_text(answer if is_level(answer) else None, labels)


def difference_text(difference: int | None) -> str:
    if difference is None:
        return ""
    return f"{difference:+d}" if difference else "0"


def discussion_rows(rows: Sequence[MeetingRow]) -> list[MeetingRow]:
    """Every row, the largest self/appraiser difference first (ties in framework order)."""
    return sorted(
        rows,
        key=lambda row: (
            -abs(row.difference) if row.difference is not None else 1,
            row.position,
        ),
    )


class MeetingModel(RowTableModel[MeetingRow]):
    """Rows of the meeting; :meth:`show` orders them by difference or as in the framework."""

    BEHAVIOUR, SELF, APPRAISER, DIFFERENCE, AGREED = range(5)

    def __init__(self, parent: Any = None) -> None:
        self._labels: dict[int, str] = {}
        self._numbers: dict[str, str] = {}
        self._not_applicable = ""
        labels = self._labels
        super().__init__(
            [
                Column(
                    _tr("Behaviour"),
                    lambda r: f"{self._numbers.get(r.behaviour_id, '')} {r.behaviour_text}".strip(),
                    sort_key=lambda r: r.position,
                    tooltip=lambda r: f"{r.value_title}\n{r.behaviour_text}",
                ),
                Column(
                    _tr("Self"), lambda r: answer_text(r.self_answer, labels, self._not_applicable)
                ),
                Column(
                    _tr("Appraiser"),
                    lambda r: answer_text(r.appraiser_answer, labels, self._not_applicable),
                ),
                Column(
                    _tr("Difference"),
                    lambda r: difference_text(r.difference),
                    sort_key=lambda r: abs(r.difference or 0),
                    align_right=True,
                ),
                Column(
                    _tr("Agreed"),
                    lambda r: (
                        answer_text(r.agreed_answer, labels, self._not_applicable)
                        + (" ✎" if r.agreed_note else "")
                    ),
                    tooltip=lambda r: r.agreed_note,
                ),
            ],
            parent,
        )
        self.framework_order = False

    def show(
        self,
        rows: Sequence[MeetingRow],
        labels: Mapping[int, str],
        numbers: Mapping[str, str],
        *,
        framework_order: bool | None = None,
        not_applicable: str = "",
    ) -> None:
        """Show ``rows`` (in framework order) with level names and behaviour numbers
        (``not_applicable``: what the framework calls that answer)."""
        self._not_applicable = not_applicable
        if framework_order is not None:
            self.framework_order = framework_order
        self._labels.clear()
        self._labels.update(labels)
        self._numbers = dict(numbers)
        in_order = sorted(rows, key=lambda row: row.position)
        self.set_rows(in_order if self.framework_order else discussion_rows(in_order))

    def set_framework_order(self, framework_order: bool) -> None:
        self.framework_order = framework_order
        self.set_rows(
            sorted(self.rows(), key=lambda row: row.position)
            if framework_order
            else discussion_rows(self.rows())
        )

    def row_of(self, behaviour_id: str) -> int | None:
        for index, row in enumerate(self.rows()):
            if row.behaviour_id == behaviour_id:
                return index
        return None

    def replace_at(self, index: int, row: MeetingRow) -> None:
        """Show a saved row in place (the order stays until the next :meth:`show`)."""
        self._rows[index] = row
        self.dataChanged.emit(self.index(index, 0), self.index(index, self.columnCount() - 1))
