"""Table models of the training-needs page: the ranking, the heat map, every figure.

Every figure here has been through disclosure control already (the services never hand
the app an exact count); hidden figures show as ``*``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from ppf_app.domain.disclosure import HIDDEN, format_mean
from ppf_app.domain.tna import KIND_VALUE, HeatMap, TnaRow
from ppf_app.ui.models.table_model import Column, RowTableModel

AnyIndex = QModelIndex | QPersistentModelIndex

#: The heat map's colours: no gap to the largest gap shown (NHS pale to NHS blue).
HEAT_LOW = QColor("#F2F7FC")
HEAT_HIGH = QColor("#005EB8")
HIDDEN_FILL = QColor("#D9DEE1")
INK = QColor("#212B32")
INK_ON_DARK = QColor("#FFFFFF")


def _tr(text: str) -> str:
    return QCoreApplication.translate("TnaModel", text)


def _mean(row: TnaRow) -> str:
    return row.figures.texts()[2] or "–"


def _hidden_words(row: TnaRow, text: str) -> str:
    return _tr("hidden") if row.hidden else text


@dataclass(frozen=True)
class RankedArea:
    """A training area in the ranking: its place (None when hidden) and figures."""

    place: int | None
    row: TnaRow


class TnaRankingModel(RowTableModel[RankedArea]):
    """The training areas ranked by the people who need them (organisation-wide)."""

    PLACE, AREA, WITH_NEED, PEOPLE, MEAN_GAP = range(5)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column(_tr("#"), lambda r: "" if r.place is None else str(r.place)),
                Column(_tr("Training area"), lambda r: r.row.title),
                Column(
                    _tr("People with a need"),
                    lambda r: r.row.figures.texts()[1],
                    align_right=True,
                    accessible=lambda r: _hidden_words(r.row, r.row.figures.texts()[1]),
                ),
                Column(
                    _tr("People"),
                    lambda r: r.row.figures.texts()[0],
                    align_right=True,
                    accessible=lambda r: _hidden_words(r.row, r.row.figures.texts()[0]),
                ),
                Column(
                    _tr("Mean gap"),
                    lambda r: _mean(r.row),
                    align_right=True,
                    accessible=lambda r: _hidden_words(r.row, _mean(r.row)),
                ),
            ],
            parent,
        )

    def set_ranking(self, ranking: tuple[TnaRow, ...]) -> None:
        self.set_rows(
            [
                RankedArea(None if row.hidden else place, row)
                for place, row in enumerate(ranking, start=1)
            ]
        )


class TnaFiguresModel(RowTableModel[TnaRow]):
    """Every published row, as in the CSV file."""

    SEGMENT, KIND, TITLE, PEOPLE, WITH_NEED, MEAN_GAP = range(6)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column(_tr("Segment"), lambda r: r.segment),
                Column(
                    _tr("Kind"),
                    lambda r: _tr("Value") if r.kind == KIND_VALUE else _tr("Training area"),
                ),
                Column(_tr("Value or training area"), lambda r: r.title),
                Column(
                    _tr("People"),
                    lambda r: r.figures.texts()[0],
                    align_right=True,
                    accessible=lambda r: _hidden_words(r, r.figures.texts()[0]),
                ),
                Column(
                    _tr("With a need"),
                    lambda r: r.figures.texts()[1],
                    align_right=True,
                    accessible=lambda r: _hidden_words(r, r.figures.texts()[1]),
                ),
                Column(
                    _tr("Mean gap"),
                    _mean,
                    align_right=True,
                    accessible=lambda r: _hidden_words(r, _mean(r)),
                ),
            ],
            parent,
        )


def heat_colour(share: float) -> QColor:
    """The colour of a share of the largest gap (:meth:`HeatMap.share`), from
    :data:`HEAT_LOW` (none) to :data:`HEAT_HIGH` (largest)."""
    return QColor.fromRgbF(
        HEAT_LOW.redF() + (HEAT_HIGH.redF() - HEAT_LOW.redF()) * share,
        HEAT_LOW.greenF() + (HEAT_HIGH.greenF() - HEAT_LOW.greenF()) * share,
        HEAT_LOW.blueF() + (HEAT_HIGH.blueF() - HEAT_LOW.blueF()) * share,
    )


class TnaHeatMapModel(QAbstractTableModel):
    """Segments (rows) by values (columns): each cell the published mean gap, coloured by
    its size; hidden cells show ``*``, cells nobody was asked show a dash."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._map: HeatMap | None = None

    def set_heat_map(self, heat_map: HeatMap | None) -> None:
        self.beginResetModel()
        self._map = heat_map
        self.endResetModel()

    @property
    def heat_map(self) -> HeatMap | None:
        return self._map

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._map is None else len(self._map.segments)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._map is None else len(self._map.columns)

    def text(self, row: int, column: int) -> str:
        assert self._map is not None
        if self._map.hidden[row][column]:
            return HIDDEN
        gap = self._map.cells[row][column]
        return "–" if gap is None else format_mean(gap)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        heat = self._map
        if heat is None or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(heat.segments) and 0 <= column < len(heat.columns)):
            return None
        hidden = heat.hidden[row][column]
        gap = heat.cells[row][column]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if hidden:
                return HIDDEN_FILL
            return None if gap is None else heat_colour(heat.share(gap))
        if role == Qt.ItemDataRole.ForegroundRole:
            if hidden or gap is None:
                return INK if hidden else None
            return INK_ON_DARK if heat.dark(gap) else INK
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            where = f"{heat.segments[row]}, {heat.columns[column].title}"
            if hidden:
                return _tr("{where}: hidden to protect a small group").format(where=where)
            if gap is None:
                return _tr("{where}: nobody asked").format(where=where)
            return _tr("{where}: mean gap {gap}").format(where=where, gap=format_mean(gap))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        heat = self._map
        if heat is None:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(heat.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return str(section + 1)
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                return heat.columns[section].title
        if (
            orientation == Qt.Orientation.Vertical
            and 0 <= section < len(heat.segments)
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
        ):
            return heat.segments[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def key_text(self) -> str:
        """Which value each column number is."""
        if self._map is None:
            return ""
        return "; ".join(
            f"{number} {heading.title}" for number, heading in enumerate(self._map.columns, 1)
        )
