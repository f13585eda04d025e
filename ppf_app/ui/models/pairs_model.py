"""Tables of the Pairs page: the proposals, the pairs recorded, a pair's meetings and
shadowing sessions."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt

from ppf_app.services.pair_records import MeetingLine, ShadowingLine
from ppf_app.services.pairs import PairView, ProposalView
from ppf_app.ui.models.table_model import Column, RowTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("PairsModel", text)


def short_date(day: date | None) -> str:
    """A date in the user's short format ("" for none)."""
    if day is None:
        return ""
    return QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)


def _learns(reasons: int) -> str:
    return _tr("{n} behaviours").format(n=reasons) if reasons != 1 else _tr("1 behaviour")


class ProposalsModel(RowTableModel[ProposalView]):
    """Proposed pairs, best first."""

    LEFT, RIGHT, SCORE, LEFT_LEARNS, RIGHT_LEARNS = range(5)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column(_tr("Clinician"), lambda r: r.left.name, tooltip=lambda r: r.left.job_title),
                Column(_tr("Manager"), lambda r: r.right.name, tooltip=lambda r: r.right.job_title),
                Column(_tr("Score"), lambda r: str(r.score), lambda r: r.score, align_right=True),
                Column(
                    _tr("Clinician learns"),
                    lambda r: _learns(len(r.left_learns)),
                    lambda r: len(r.left_learns),
                    accessible=lambda r: _tr("{name} can learn {what}").format(
                        name=r.left.name, what=_learns(len(r.left_learns))
                    ),
                ),
                Column(
                    _tr("Manager learns"),
                    lambda r: _learns(len(r.right_learns)),
                    lambda r: len(r.right_learns),
                    accessible=lambda r: _tr("{name} can learn {what}").format(
                        name=r.right.name, what=_learns(len(r.right_learns))
                    ),
                ),
            ],
            parent,
        )
        self._titles: dict[int, str] = {}
        self.set_group_titles(_tr("Clinician"), _tr("Manager"))

    def set_group_titles(self, left: str, right: str) -> None:
        """Head the columns with the titles of the groups paired."""
        self._titles = {
            self.LEFT: left,
            self.RIGHT: right,
            self.LEFT_LEARNS: _tr("{group} learns").format(group=left),
            self.RIGHT_LEARNS: _tr("{group} learns").format(group=right),
        }
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, self.LEFT, self.RIGHT_LEARNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
            and section in self._titles
        ):
            return self._titles[section]
        return super().headerData(section, orientation, role)

    def row_of(self, key: tuple[int, int]) -> int | None:
        for row, item in enumerate(self.rows()):
            if item.key == key:
                return row
        return None

    def replace(
        self, first: ProposalView, second: ProposalView, swapped: tuple[ProposalView, ProposalView]
    ) -> None:
        """Put the two swapped proposals in the places of ``first`` and ``second``."""
        rows = self.rows()
        for old, new in zip((first, second), swapped, strict=True):
            rows[rows.index(old)] = new
        self.set_rows(rows)


class PairsModel(RowTableModel[PairView]):
    """The pairs recorded, newest start first."""

    LEFT, RIGHT, START, ENDS, MEETINGS, SHADOWING, STATUS = range(7)

    def __init__(self, today: date | None = None, parent: Any = None) -> None:
        self.today = today or date.today()
        statuses = {
            "active": _tr("Active"),
            "ended": _tr("Ended"),
            "finished": _tr("Finished"),
        }
        super().__init__(
            [
                Column(_tr("First"), lambda r: r.left.name),
                Column(_tr("Second"), lambda r: r.right.name),
                Column(
                    _tr("Start"), lambda r: short_date(r.start_on), lambda r: r.start_on.isoformat()
                ),
                Column(
                    _tr("Runs to"),
                    lambda r: short_date(r.ended_on or r.ends_on),
                    lambda r: (r.ended_on or r.ends_on).isoformat(),
                ),
                Column(
                    _tr("Meetings"),
                    lambda r: str(r.meetings),
                    lambda r: r.meetings,
                    align_right=True,
                ),
                Column(
                    _tr("Shadowing"),
                    lambda r: str(r.shadowing),
                    lambda r: r.shadowing,
                    align_right=True,
                ),
                Column(_tr("Status"), lambda r: statuses[r.status(self.today)]),
            ],
            parent,
        )

    def row_of(self, pair_id: int) -> int | None:
        for row, item in enumerate(self.rows()):
            if item.id == pair_id:
                return row
        return None


class MeetingsModel(RowTableModel[MeetingLine]):
    DATE, NOTE = range(2)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column(
                    _tr("Date"), lambda r: short_date(r.held_on), lambda r: r.held_on.isoformat()
                ),
                Column(_tr("Note"), lambda r: r.note, tooltip=lambda r: r.note),
            ],
            parent,
        )


class ShadowingModel(RowTableModel[ShadowingLine]):
    DATE, WHO, WHERE, LEARNED = range(4)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column(
                    _tr("Date"), lambda r: short_date(r.held_on), lambda r: r.held_on.isoformat()
                ),
                Column(
                    _tr("Who shadowed whom"),
                    lambda r: _tr("{shadow} shadowed {host}").format(
                        shadow=r.shadow.name, host=r.host.name
                    ),
                ),
                Column(_tr("Where"), lambda r: r.place),
                Column(_tr("What was learned"), lambda r: r.learned, tooltip=lambda r: r.learned),
            ],
            parent,
        )
