"""Learning pairs: proposals over everyone's assessments, accepting or swapping them, each
pair's record and report, and the cohort summary for a lead.

The page reads its screen in one call (``services.screens.pairs``) and changes things one
operation at a time; the proposals are worked out again each time it is shown, as
assessments may have changed meanwhile.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QItemSelection, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ppf_app.domain.disclosure import DEFAULT_MIN_GROUP, MIN_GROUP_FLOOR
from ppf_app.domain.pair_outcomes import CohortSummary
from ppf_app.services import pair_records, pairs
from ppf_app.services.pairs import PairOptions, ProposalView
from ppf_app.services.screens.pairs import PairScreen, PairsScreen, pair_screen, pairs_screen
from ppf_app.services.unit import Changes
from ppf_app.ui import messages
from ppf_app.ui.context import AppContext
from ppf_app.ui.models.pairs_model import PairsModel, ProposalsModel
from ppf_app.ui.models.table_model import RowRole
from ppf_app.ui.operations import read
from ppf_app.ui.pages.base import Page, muted
from ppf_app.ui.pdf_export import ask_pdf_path, open_in_viewer, pdf_file_name
from ppf_app.ui.widgets.date_field import DateField
from ppf_app.ui.widgets.pair_record import PairRecordPanel
from ppf_app.ui.widgets.record_table import record_table
from ppf_app.ui.widgets.responsive import FlowLayout, ResponsiveSplitter, labelled

if TYPE_CHECKING:
    from ppf_app.services.library import Library

#: The tabs of the page, in order.
PROPOSALS_TAB, PAIRS_TAB, COHORT_TAB = range(3)
#: Narrower than this (in pixels), a proposal's reasons stand below the list.
PROPOSALS_WIDE_FROM = 900
#: An operation on the pair shown: ``operation(library, pair_id)``.
PairOperation = Callable[["Library", int], object]


class PairsPage(Page):
    page_name = "pairs"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.options = PairOptions()
        self.min_group = DEFAULT_MIN_GROUP
        self.shown: PairsScreen | None = None
        self.record: PairScreen | None = None
        self._stale = True
        self._cohort_stale = False
        self.last_report: Path | None = None

        self.add_title(self.tr("Learning pairs"))
        intro = QLabel(
            self.tr(
                "Pair clinicians and managers whose strengths meet each other's gaps: for up "
                "to nine months they meet monthly, shadow each other, run a joint improvement "
                "project and self-assess before and after."
            )
        )
        intro.setWordWrap(True)
        self.page_layout.addWidget(intro)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Learning pairs"))
        self.tabs.addTab(self._proposals_tab(), self.tr("P&roposals"))
        self.tabs.addTab(self._pairs_tab(), self.tr("P&airs"))
        self.tabs.addTab(self._cohort_tab(), self.tr("&Cohort"))
        self.tabs.currentChanged.connect(self._on_tab)
        self.page_layout.addWidget(self.tabs, 1)

    # -- building -------------------------------------------------------------------------

    def _proposals_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        # Rows of choices wrap onto another line on a narrow window.
        row = FlowLayout()
        self.framework_choice = self._combo(row, self.tr("&Framework"))
        self.left_choice = self._combo(row, self.tr("P&air"))
        self.right_choice = self._combo(row, self.tr("&with"))
        column.addLayout(row)
        row = FlowLayout()
        self.separate = QCheckBox(self.tr("Keep people of the same &department apart"))
        row.addWidget(self.separate)
        self.include_paired = QCheckBox(self.tr("Include people already in a pair"))
        row.addWidget(self.include_paired)
        self.suggest_button = QPushButton(self.tr("&Suggest"))
        self.suggest_button.clicked.connect(self.suggest)
        row.addWidget(self.suggest_button)
        column.addLayout(row)
        self.found = muted(QLabel())
        self.found.setWordWrap(True)
        column.addWidget(self.found)

        # The reasons beside the proposals; below them on a narrow window.
        splitter = ResponsiveSplitter(PROPOSALS_WIDE_FROM)
        self.proposals = ProposalsModel(self)
        self.proposals_table = record_table(
            self.proposals, self.tr("Proposed pairs"), stretch_column=ProposalsModel.RIGHT
        )
        self.proposals_table.selectionModel().selectionChanged.connect(self._on_proposal)
        splitter.addWidget(self.proposals_table)
        self.reasons = QTextBrowser()
        self.reasons.setAccessibleName(self.tr("Why this pair"))
        self.reasons.setOpenLinks(False)
        splitter.addWidget(self.reasons)
        splitter.set_weights(3, 2)
        lines = self.fontMetrics().lineSpacing()
        splitter.set_stacked_height(0, lines * 8)
        splitter.set_stacked_height(1, lines * 8)
        column.addWidget(splitter, 1)

        row = FlowLayout()
        start_label = QLabel(self.tr("S&tart"))
        self.start = DateField()
        self.start.setAccessibleName(self.tr("Start date"))
        self.start.set_value(date.today())
        start_label.setBuddy(self.start)
        row.addWidget(labelled(start_label, self.start))
        months_label = QLabel(self.tr("&Months"))
        self.months = QSpinBox()
        self.months.setRange(1, pairs.MAX_MONTHS)
        self.months.setValue(pairs.MAX_MONTHS)
        self.months.setAccessibleName(self.tr("Months"))
        months_label.setBuddy(self.months)
        row.addWidget(labelled(months_label, self.months))
        self.accept_button = QPushButton(self.tr("A&ccept"))
        self.accept_button.setToolTip(self.tr("Record the chosen proposal as a learning pair"))
        self.accept_button.clicked.connect(self.accept)
        row.addWidget(self.accept_button)
        self.swap_with = self._combo(row, self.tr("Swap partner with"))
        self.swap_button = QPushButton(self.tr("S&wap"))
        self.swap_button.clicked.connect(self.swap)
        row.addWidget(self.swap_button)
        column.addLayout(row)
        return tab

    def _combo(self, row: QLayout, text: str) -> QComboBox:
        label = QLabel(text)
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setAccessibleName(text.replace("&", ""))
        label.setBuddy(combo)
        row.addWidget(labelled(label, combo))
        return combo

    def _pairs_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.pairs_model = PairsModel(parent=self)
        self.pairs_table = record_table(
            self.pairs_model, self.tr("Learning pairs"), stretch_column=PairsModel.RIGHT
        )
        self.pairs_table.selectionModel().selectionChanged.connect(self._on_pair)
        splitter.addWidget(self.pairs_table)
        self.panel = PairRecordPanel()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.panel)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        column.addWidget(splitter, 1)
        self._connect_panel()
        return tab

    def _cohort_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        about = QLabel(
            self.tr(
                "Every pair in this library together, as a lead may see it: counts rounded "
                "to 5, and nothing shown for fewer people than the smallest group. The mean "
                "gaps are over the behaviours each pairing targeted, before and after."
            )
        )
        about.setWordWrap(True)
        column.addWidget(about)
        row = QHBoxLayout()
        label = QLabel(self.tr("Smallest &group shown"))
        self.min_group_choice = QSpinBox()
        self.min_group_choice.setRange(MIN_GROUP_FLOOR, 1000)
        self.min_group_choice.setValue(DEFAULT_MIN_GROUP)
        self.min_group_choice.setAccessibleName(self.tr("Smallest group shown"))
        self.min_group_choice.valueChanged.connect(self._min_group_changed)
        label.setBuddy(self.min_group_choice)
        row.addWidget(label)
        row.addWidget(self.min_group_choice)
        row.addStretch(1)
        column.addLayout(row)
        self.cohort_form = QFormLayout()
        self.cohort_figures: list[QLabel] = []
        column.addLayout(self.cohort_form)
        column.addStretch(1)
        return tab

    def _connect_panel(self) -> None:
        panel = self.panel
        panel.agree_requested.connect(lambda: self._on_pair_do(pair_records.agree))
        panel.end_requested.connect(lambda: self._on_pair_do(pair_records.end_pair, frees=True))
        panel.remove_requested.connect(self.remove_pair)
        panel.report_requested.connect(self.save_report)
        panel.after_requested.connect(lambda: self._on_pair_do(pair_records.set_afters))
        panel.objectives_chosen.connect(
            lambda person, uids: self._on_pair_do(
                lambda lib, pair: pair_records.set_objectives(lib, pair, person, uids)
            )
        )
        panel.meeting_added.connect(
            lambda day, note: self._on_pair_do(
                lambda lib, pair: pair_records.add_meeting(lib, pair, held_on=day, note=note),
                then=panel.clear_meeting_entry,
            )
        )
        panel.meeting_removed.connect(
            lambda meeting: self._on_pair_do(
                lambda lib, _pair: pair_records.remove_meeting(lib, meeting)
            )
        )
        panel.shadowing_added.connect(
            lambda day, shadow, place, learned: self._on_pair_do(
                lambda lib, pair: pair_records.add_shadowing(
                    lib, pair, shadow_id=shadow, held_on=day, place=place, learned=learned
                ),
                then=panel.clear_shadowing_entry,
            )
        )
        panel.shadowing_removed.connect(
            lambda sitting: self._on_pair_do(
                lambda lib, _pair: pair_records.remove_shadowing(lib, sitting)
            )
        )
        panel.project_saved.connect(
            lambda title, aim, measure, presented: self._on_pair_do(
                lambda lib, pair: pair_records.set_project(
                    lib, pair, title=title, aim=aim, measure=measure, presented_on=presented
                )
            )
        )

    # -- showing --------------------------------------------------------------------------

    def activated(self) -> None:
        if self._stale or self.shown is None:
            self.refresh()

    def affected_by(self, changes: Changes) -> bool:
        return bool(changes.people or changes.records or changes.assessments or changes.frameworks)

    def changes_arrived(self, changes: Changes) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def refresh(self) -> None:
        options, min_group = self.options, self.min_group
        screen = read(self, self._context, lambda lib: pairs_screen(lib, options, min_group))
        if screen is None:
            return
        self._stale = False
        self._cohort_stale = False
        self.draw(screen)

    def draw(self, screen: PairsScreen) -> None:
        self.shown = screen
        options = screen.options
        suggestions = screen.suggestions
        self._fill(self.framework_choice, screen.frameworks, suggestions.framework_id)
        self._fill(self.left_choice, screen.groups, options.left_group)
        self._fill(self.right_choice, screen.groups, options.right_group)
        self.separate.setChecked(options.separate_departments)
        self.include_paired.setChecked(options.include_paired)
        titles = dict(screen.groups)
        self.proposals.set_group_titles(
            titles.get(options.left_group, options.left_group),
            titles.get(options.right_group, options.right_group),
        )
        self.proposals.set_rows(suggestions.proposals)
        self.found.setText(
            self.tr(
                "{pairs} pairs proposed. With a complete self-assessment on {framework}: "
                "{left} ({left_title}) and {right} ({right_title}); {out} left out as already "
                "in a pair."
            ).format(
                pairs=len(suggestions.proposals),
                framework=suggestions.framework_title,
                left=suggestions.left_people,
                left_title=titles.get(options.left_group, options.left_group),
                right=suggestions.right_people,
                right_title=titles.get(options.right_group, options.right_group),
                out=suggestions.left_out,
            )
        )
        if suggestions.proposals:
            self.proposals_table.selectRow(0)
        else:
            self._show_proposal(None)
        chosen = self.record.record.pair.id if self.record is not None else None
        self.pairs_model.today = screen.today
        self.pairs_model.set_rows(screen.pairs)
        self._draw_cohort(screen.cohort)
        if chosen is not None and self.pairs_model.row_of(chosen) is not None:
            self.select_pair(chosen)
        else:
            self.record = None
            self.panel.show_screen(None)

    def _fill(self, combo: QComboBox, choices: tuple[tuple[str, str], ...], current: str) -> None:
        combo.blockSignals(True)
        combo.clear()
        for key, title in choices:
            combo.addItem(title, key)
        index = combo.findData(current)
        if index < 0 and current:
            combo.addItem(current, current)
            index = combo.count() - 1
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def _draw_cohort(self, summary: CohortSummary) -> None:
        texts = summary.texts()
        while self.cohort_form.rowCount():
            self.cohort_form.removeRow(0)
        self.cohort_figures = []
        for label, figure in texts:
            shown = QLabel(figure)
            shown.setAccessibleName(f"{label}: {figure}")
            self.cohort_form.addRow(label, shown)
            self.cohort_figures.append(shown)

    # -- proposals ------------------------------------------------------------------------

    def suggest(self) -> None:
        """Propose again with the options chosen on the page."""
        self.options = PairOptions(
            framework_id=self.framework_choice.currentData(),
            left_group=self.left_choice.currentData() or pairs.LEFT_GROUP,
            right_group=self.right_choice.currentData() or pairs.RIGHT_GROUP,
            separate_departments=self.separate.isChecked(),
            include_paired=self.include_paired.isChecked(),
        )
        self.refresh()

    def selected_proposal(self) -> ProposalView | None:
        rows = self.proposals_table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.proposals.data(rows[0], RowRole)
        return item if isinstance(item, ProposalView) else None

    def _on_proposal(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_proposal(self.selected_proposal())

    def _show_proposal(self, proposal: ProposalView | None) -> None:
        self.accept_button.setEnabled(proposal is not None)
        self.swap_with.clear()
        if proposal is None:
            self.reasons.setHtml("")
            self.swap_button.setEnabled(False)
            return
        self.reasons.setHtml(explain_html(proposal))
        for other in self.proposals.rows():
            if other.key != proposal.key:
                self.swap_with.addItem(
                    self.tr("{right} (now with {left})").format(
                        right=other.right.name, left=other.left.name
                    ),
                    key_text(other.key),
                )
        self.swap_button.setEnabled(self.swap_with.count() > 0)

    def accept(self) -> None:
        """Record the chosen proposal as a pair."""
        proposal = self.selected_proposal()
        if proposal is None:
            return
        self.start.commit_text()
        start, months = self.start.value(), self.months.value()
        framework_id, version = self.options.framework_id, self.options.version
        self.run(
            lambda lib: pairs.create_pair(
                lib,
                proposal.left.id,
                proposal.right.id,
                start=start,
                months=months,
                framework_id=framework_id,
                version=version,
            ),
            refused=self.tr("Pair not recorded"),
        ).done(self._accepted).run()

    def _accepted(self, made: pairs.PairView) -> None:
        self._context.status_message.emit(
            self.tr("Pair recorded: {left} and {right}").format(
                left=made.left.name, right=made.right.name
            )
        )
        self.refresh()
        self.select_pair(made.id)
        self.tabs.setCurrentIndex(PAIRS_TAB)

    def swap(self) -> None:
        """Exchange partners between the chosen proposal and the one picked to swap with."""
        first = self.selected_proposal()
        key = self.swap_with.currentData()
        row = self.proposals.row_of(from_key_text(key)) if isinstance(key, str) else None
        if first is None or row is None:
            return
        second = self.proposals.row_at(row)
        options = self.options
        swapped = self.run(
            lambda lib: pairs.swap_partners(lib, options, first, second),
            refused=self.tr("Not swapped"),
        ).run()
        if swapped is None:
            return
        self.proposals.replace(first, second, swapped)
        found = self.proposals.row_of(swapped[0].key)
        if found is not None:
            self.proposals_table.selectRow(found)

    # -- pairs ----------------------------------------------------------------------------

    def select_pair(self, pair_id: int) -> None:
        row = self.pairs_model.row_of(pair_id)
        if row is not None:
            self.pairs_table.selectRow(row)
            self.show_pair(pair_id)

    def selected_pair_id(self) -> int | None:
        rows = self.pairs_table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.pairs_model.data(rows[0], RowRole)
        return item.id if isinstance(item, pairs.PairView) else None

    def _on_pair(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        pair_id = self.selected_pair_id()
        if pair_id is None:
            self.record = None
            self.panel.show_screen(None)
        elif self.record is None or self.record.record.pair.id != pair_id:
            self.show_pair(pair_id)

    def show_pair(self, pair_id: int) -> None:
        screen = read(self, self._context, lambda lib: pair_screen(lib, pair_id))
        self.record = screen
        self.panel.show_screen(screen)

    def _on_pair_do(
        self,
        operation: PairOperation,
        *,
        then: Callable[[], None] | None = None,
        frees: bool = False,
    ) -> None:
        """Run ``operation(lib, pair_id)`` on the pair shown; then show it again.

        ``frees``: the operation may free its people for other pairs, so the proposals
        are worked out again too.
        """
        if self.record is None:
            return
        pair_id = self.record.record.pair.id

        def done(_value: object) -> None:
            if then is not None:
                then()
            if frees:
                self.refresh()
                self.select_pair(pair_id)
                return
            self.show_pair(pair_id)
            row = self.pairs_model.row_of(pair_id)
            if self.record is not None and row is not None:
                rows = self.pairs_model.rows()
                rows[row] = self.record.record.pair
                self.pairs_model.set_rows(rows)
                self.pairs_table.selectRow(row)
            self._cohort_stale = True

        self.run(lambda lib: operation(lib, pair_id), refused=self.tr("Not saved")).done(done).run()

    def remove_pair(self) -> None:
        if self.record is None:
            return
        pair = self.record.record.pair
        if not messages.confirm(
            self,
            self.tr("Remove this pair?"),
            self.tr(
                "The pair of {left} and {right}, with its meetings, shadowing and project, "
                "will be removed. Their assessments and plans stay as they are."
            ).format(left=pair.left.name, right=pair.right.name),
            self.tr("Remove"),
        ):
            return
        self.run(lambda lib: pair_records.delete_pair(lib, pair.id)).done(
            lambda _id: self._removed()
        ).run()

    def _removed(self) -> None:
        self.record = None
        self.refresh()

    def ask_report_path(self, suggested: str) -> Path | None:
        """Where to save the pair's report (tests replace this)."""
        return ask_pdf_path(self, self.tr("Save the pair's report"), suggested)

    def save_report(self) -> None:
        """Ask where, then write the pair's report in the background and show it."""
        if self.record is None:
            return
        pair = self.record.record.pair
        names = f"{pair.left.name} and {pair.right.name}"
        out = self.ask_report_path(pdf_file_name("learning-pair", names, pair.start_on))
        if out is None:
            return
        self._context.status_message.emit(self.tr("Writing {name}…").format(name=out.name))
        self.run(
            lambda lib: pair_records.write_report(lib, pair.id, out),
            refused=self.tr("Report not saved"),
        ).done(self._report_written).in_background()

    def _report_written(self, path: Path) -> None:
        self.last_report = path
        self._context.status_message.emit(self.tr("Pair report saved: {path}").format(path=path))
        open_in_viewer(path, self)

    def act(self, intent: str) -> None:
        if intent == "save-pdf":
            self.save_report()

    # -- the cohort -----------------------------------------------------------------------

    def _on_tab(self, index: int) -> None:
        if index == COHORT_TAB and self._cohort_stale:
            self.refresh_cohort()

    def _min_group_changed(self, value: int) -> None:
        self.min_group = value
        self.refresh_cohort()

    def refresh_cohort(self) -> None:
        """Read the cohort summary again, and only it (the proposals stay as they are)."""
        min_group = self.min_group
        view = read(
            self, self._context, lambda lib: pair_records.cohort_view(lib, min_group=min_group)
        )
        if view is None:
            return
        self._cohort_stale = False
        if self.shown is not None:
            self.shown = replace(self.shown, cohort=view.summary)
        self._draw_cohort(view.summary)


def key_text(key: tuple[int, int]) -> str:
    """A proposal's key as a combo box keeps it: ``"LEFT:RIGHT"``."""
    return f"{key[0]}:{key[1]}"


def from_key_text(text: str) -> tuple[int, int]:
    left, _, right = text.partition(":")
    return int(left), int(right)


def explain_html(proposal: ProposalView) -> str:
    """Why two people are proposed: which of each one's gaps the other is strong in."""
    e = html.escape
    parts = [
        f"<h3>{e(proposal.left.name)} and {e(proposal.right.name)}</h3>",
        f"<p>{e(_tr('Score'))}: {proposal.score}</p>",
    ]
    for learner, teacher, reasons in (
        (proposal.left, proposal.right, proposal.left_learns),
        (proposal.right, proposal.left, proposal.right_learns),
    ):
        heading = _tr("{learner} can learn from {teacher}").format(
            learner=learner.name, teacher=teacher.name
        )
        parts.append(f"<p><b>{e(heading)}</b></p>")
        if not reasons:
            parts.append(f"<p><i>{e(_tr('Nothing on this framework.'))}</i></p>")
            continue
        parts.append("<ul>")
        parts += [f"<li>{e(reason.describe())}</li>" for reason in reasons]
        parts.append("</ul>")
    return "".join(parts)


def _tr(text: str) -> str:
    return QCoreApplication.translate("PairsPage", text)
