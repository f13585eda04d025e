"""The development plan of an assessment: suggested training areas on the left, the
objectives chosen from them (and edited) on the right, the review date, and Save as PDF.

Every edit is saved at once through the plan services; typed text 500 ms after the last
keystroke and whenever its field loses focus, the page is left or the window closes.
"""

from __future__ import annotations

import dataclasses
import html
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ppf_app.core.errors import UserError
from ppf_app.domain.advice import MAX_LIMIT, MIN_LIMIT
from ppf_app.services import plans, preferences
from ppf_app.services.library import Library
from ppf_app.services.plan_views import ObjectiveInput, ObjectiveView, PlanView
from ppf_app.services.screens.plan import (
    GapLine,
    PlanScreen,
    SuggestionLine,
    activities_for,
    plan_screen,
)
from ppf_app.ui import messages
from ppf_app.ui.context import AppContext
from ppf_app.ui.labels import assessment_summary
from ppf_app.ui.models.objectives_model import ObjectivesModel, status_choices
from ppf_app.ui.operations import read
from ppf_app.ui.pages.base import ScreenPage, heading_font, muted
from ppf_app.ui.pdf_export import PdfExport
from ppf_app.ui.widgets.date_field import DateField
from ppf_app.ui.widgets.objective_editor import NO_DATE, ObjectiveEditor, qdate_to_date
from ppf_app.ui.widgets.record_table import record_table
from ppf_app.ui.widgets.responsive import ResponsiveSplitter

#: Narrower than this (in pixels), the suggestions stand above the objectives.
PLAN_WIDE_FROM = 900


def _gap_items(gaps: tuple[GapLine, ...]) -> str:
    """The behaviours as an HTML list: number, text, and level against target."""
    items = "".join(
        f"<li><b>{html.escape(g.number)}</b> {html.escape(g.text)} "
        f"<i>({html.escape(g.level_label)} → {html.escape(g.target_label)})</i></li>"
        for g in gaps
    )
    return f"<ul style='margin-left:-20px'>{items}</ul>"


class SuggestionCard(QFrame):
    """One suggested training area: why, the behaviours it is for, its activities, and
    "Add as objective"."""

    add_requested = Signal(int)

    def __init__(self, index: int, suggestion: SuggestionLine) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.area_id = suggestion.area_id
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.setSpacing(4)
        heading = f"{index + 1}. {suggestion.title}"
        if suggestion.stretch:
            heading += " " + self.tr("(stretch)")
        title = QLabel(heading)
        title.setFont(heading_font(title, 1.05))
        title.setWordWrap(True)
        layout.addWidget(title)
        self.reason = QLabel(suggestion.reason)
        self.reason.setWordWrap(True)
        layout.addWidget(self.reason)
        if suggestion.behaviours:
            behaviours = QLabel(
                f"<b>{html.escape(self.tr('For'))}</b>{_gap_items(suggestion.behaviours)}"
            )
            behaviours.setTextFormat(Qt.TextFormat.RichText)
            behaviours.setWordWrap(True)
            muted(behaviours)
            layout.addWidget(behaviours)
        if suggestion.activities:
            items = "".join(f"<li>{html.escape(a)}</li>" for a in suggestion.activities)
            activities = QLabel(
                f"<b>{html.escape(self.tr('Activities'))}</b>"
                f"<ul style='margin-left:-20px'>{items}</ul>"
            )
            activities.setTextFormat(Qt.TextFormat.RichText)
            activities.setWordWrap(True)
            layout.addWidget(activities)
        row = QHBoxLayout()
        row.addStretch(1)
        self.add_button = QPushButton(self.tr("Add as objective"))
        self.add_button.setAccessibleName(
            self.tr("Add {area} as an objective").format(area=suggestion.title)
        )
        self.add_button.clicked.connect(lambda: self.add_requested.emit(index))
        row.addWidget(self.add_button)
        layout.addLayout(row)


class PlanPage(ScreenPage[PlanScreen]):
    page_name = "plan"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._loading = False
        self.cards: list[SuggestionCard] = []
        self._keep: str | None = None
        self.pdf_export = PdfExport(self, context, kind="development-plan")

        header = self.add_header(self.tr("Development plan"))
        self.results_button = QPushButton(self.tr("Results"))
        self.results_button.setAccessibleName(self.tr("Back to the results of this assessment"))
        self.results_button.clicked.connect(self._show_results)
        header.addWidget(self.results_button)
        self.pdf_button = QPushButton(self.tr("Save as &PDF…"))
        self.pdf_button.setAccessibleName(self.tr("Save the development plan as a PDF"))
        self.pdf_button.clicked.connect(self._save_pdf)
        header.addWidget(self.pdf_button)
        self.page_layout.addLayout(header)

        # The suggestions beside the objectives; above them on a narrow window.
        splitter = ResponsiveSplitter(PLAN_WIDE_FROM)

        # Left: the suggested training areas.
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 8, 0)
        heading_row = QHBoxLayout()
        heading = QLabel(self.tr("Suggested training areas"))
        heading.setFont(heading_font(heading, 1.15))
        heading_row.addWidget(heading)
        heading_row.addStretch(1)
        limit_label = QLabel(self.tr("&Up to"))
        self.limit = QSpinBox()
        self.limit.setRange(MIN_LIMIT, MAX_LIMIT)
        self.limit.setAccessibleName(self.tr("How many training areas a plan suggests"))
        self.limit.setToolTip(
            self.tr("How many training areas plans suggest (printed plans too), 1 to 6")
        )
        self.limit.valueChanged.connect(self._on_limit)
        limit_label.setBuddy(self.limit)
        heading_row.addWidget(limit_label)
        heading_row.addWidget(self.limit)
        left_layout.addLayout(heading_row)
        self.suggestions_hint = QLabel()
        self.suggestions_hint.setWordWrap(True)
        muted(self.suggestions_hint)
        left_layout.addWidget(self.suggestions_hint)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._cards_host = QWidget()
        self._cards_layout = QVBoxLayout(self._cards_host)
        self._cards_layout.setContentsMargins(0, 0, 4, 0)
        self._cards_layout.setSpacing(8)
        self.others = QLabel()
        self.others.setWordWrap(True)
        self.others.setTextFormat(Qt.TextFormat.RichText)
        self.others.setAccessibleName(self.tr("Also relevant, and gaps not covered"))
        self._cards_layout.addWidget(self.others)
        self._cards_layout.addStretch(1)
        scroll.setWidget(self._cards_host)
        left_layout.addWidget(scroll, 1)
        splitter.addWidget(left)

        # Right: the objectives, the selected one's editor, the review date.
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        objectives_box = QGroupBox(self.tr("Objectives"))
        objectives_layout = QVBoxLayout(objectives_box)
        self.model = ObjectivesModel(self)
        self.table = record_table(
            self.model,
            self.tr("Objectives of this plan"),
            stretch_column=ObjectivesModel.OBJECTIVE,
        )
        self.table.setWordWrap(False)
        self.table.setMinimumHeight(int(self.fontMetrics().lineSpacing() * 8))
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        objectives_layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("&New objective"))
        self.new_button.setAccessibleName(self.tr("Add an objective of your own"))
        self.new_button.clicked.connect(self.add_own_objective)
        self.up_button = QPushButton(self.tr("Move up"))
        self.up_button.setAccessibleName(self.tr("Move the selected objective up"))
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button = QPushButton(self.tr("Move down"))
        self.down_button.setAccessibleName(self.tr("Move the selected objective down"))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.remove_button = QPushButton(self.tr("&Remove…"))
        self.remove_button.setAccessibleName(self.tr("Remove the selected objective"))
        self.remove_button.clicked.connect(self.remove_selected)
        for button in (self.new_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        objectives_layout.addLayout(buttons)
        right_layout.addWidget(objectives_box, 2)

        editor_box = QGroupBox(self.tr("Selected objective"))
        editor_layout = QVBoxLayout(editor_box)
        self.editor = ObjectiveEditor(status_choices())
        self.editor.edited.connect(self._on_edited)
        editor_layout.addWidget(self.editor)
        self.save_note = QLabel()
        self.save_note.setWordWrap(True)
        editor_layout.addWidget(self.save_note)
        right_layout.addWidget(editor_box, 5)

        review_row = QHBoxLayout()
        review_label = QLabel(self.tr("Re&view the plan on:"))
        review_row.addWidget(review_label)
        self.review_date = DateField()
        self.review_date.setAccessibleName(self.tr("Review date"))
        self.review_date.setDisplayFormat("d MMM yyyy")
        self.review_date.dateChanged.connect(self._on_review_date)
        review_label.setBuddy(self.review_date)
        review_row.addWidget(self.review_date)
        self.no_review_button = self.review_date.clear_button
        self.no_review_button.setAccessibleName(self.tr("Clear the review date"))
        review_row.addStretch(1)
        right_layout.addLayout(review_row)
        splitter.addWidget(right)
        splitter.set_weights(4, 6, sizes=(400, 600))
        splitter.set_stacked_height(0, int(self.fontMetrics().lineSpacing() * 18))
        self.page_layout.addWidget(splitter, 1)
        self._update_buttons()

    # -- showing --------------------------------------------------------------------

    def read_screen(self, library: Library, subject: int) -> PlanScreen:
        return plan_screen(library, subject)

    def person_of(self, screen: PlanScreen) -> int:
        return screen.person.id

    @property
    def read_only(self) -> bool:
        return self.shown is not None and self.shown.read_only

    def draw(self, screen: PlanScreen) -> None:
        self.title.setText(self.tr("Development plan of {name}").format(name=screen.person.name))
        self.subtitle.setText(self._whose(screen))
        self._show_suggestions(screen)
        self._show_plan(screen.plan)

    def _whose(self, screen: PlanScreen) -> str:
        """Whose plan this is, said plainly: the person's own, or agreed in an appraisal."""
        record = screen.appraisal
        if record is None:
            return self.tr("The person's own plan · {summary}").format(
                summary=assessment_summary(screen.assessment, with_status=False)
            )
        own = record.self_assessment
        text = self.tr(
            "The plan agreed in the appraisal of {held} (self assessment of {date}, {framework})"
        ).format(
            held=record.held_on.isoformat(),
            date=own.assessed_on.isoformat(),
            framework=f"{own.framework_title} {own.framework_version}",
        )
        if record.signed_on is not None:
            text += " · " + self.tr("signed on {date}: read-only").format(
                date=record.signed_on.isoformat()
            )
        return text

    def draw_empty(self) -> None:
        self.title.setText(self.tr("Development plan"))
        self.subtitle.setText(self.tr("Open an assessment's results, then its plan."))
        self._show_suggestions(None)
        self.model.set_rows([])
        self.editor.show_objective(None)
        self.save_note.setText("")
        self._update_buttons()

    def reload(self, select_uid: str | None = None) -> None:
        """Read the plan again from the library and show it (``select_uid`` selected)."""
        if self._subject is None:
            return
        self.editor.flush()
        if select_uid is not None:
            self._keep = select_uid
        self.show_subject(self._subject)

    def _show_plan(self, plan: PlanView) -> None:
        keep = self._keep or self.editor.objective_uid
        self._keep = None
        self.model.set_rows(plan.objectives)
        self._loading = True
        try:
            review = plan.review_date
            self.review_date.setDate(NO_DATE if review is None else QDate(review))
        finally:
            self._loading = False
        row = self.model.row_of(keep) if keep else None
        if row is None and self.model.rowCount():
            row = 0
        if row is None:
            self.editor.show_objective(None)
        else:
            self.table.selectRow(row)
            self._show_selected(force=True)
        self._update_buttons()

    def _show_suggestions(self, screen: PlanScreen | None) -> None:
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        suggestions = screen.suggestions if screen is not None else ()
        for index, suggestion in enumerate(suggestions):
            card = SuggestionCard(index, suggestion)
            card.add_requested.connect(self.add_suggestion)
            # Cards go before the "also relevant" text and the stretch.
            self._cards_layout.insertWidget(self._cards_layout.count() - 2, card)
            self.cards.append(card)
        self.others.setText(self._others_text(screen) if screen is not None else "")
        self.others.setVisible(bool(self.others.text()))
        if screen is None:
            self.suggestions_hint.setText("")
            return
        self._loading = True
        try:
            self.limit.setValue(screen.limit)
        finally:
            self._loading = False
        if screen.stretch and suggestions:
            hint = self.tr(
                "Every rated behaviour is at or above its target: these stretch areas aim "
                "at the top of the scale."
            )
        elif suggestions:
            hint = self.tr(
                "Chosen one at a time, the widest gap first (steps below target, weighed "
                "by importance); each adds behaviours the ones before it do not cover."
            )
        else:
            hint = self.tr(
                "No training area to suggest: rate some behaviours first, or add "
                "objectives of your own with New objective."
            )
        if screen.not_applicable:
            hint += " " + self.tr(
                "{count} answered “not applicable”: never a gap, never suggested."
            ).format(count=screen.not_applicable)
        self.suggestions_hint.setText(hint)

    def _others_text(self, screen: PlanScreen) -> str:
        parts = []
        if screen.also_relevant:
            items = "".join(
                f"<li><b>{html.escape(area.title)}</b>: "
                + html.escape(", ".join(f"{g.number} {g.text}" for g in area.behaviours))
                + "</li>"
                for area in screen.also_relevant
            )
            parts.append(
                f"<p><b>{html.escape(self.tr('Also relevant'))}</b></p>"
                f"<ul style='margin-left:-20px'>{items}</ul>"
            )
        if screen.uncovered:
            parts.append(
                f"<p><b>{html.escape(self.tr('Gaps these suggestions do not cover'))}</b></p>"
                + _gap_items(screen.uncovered)
            )
        return "".join(parts)

    def _on_limit(self, value: int) -> None:
        """Store how many areas plans suggest, and show the plan again with it."""
        if self._loading or self.shown is None:
            return
        done = self.run(
            lambda lib: preferences.set_suggested_areas(lib, value),
            refused=self.tr("Suggested areas not changed"),
        ).run()
        if done is not None:
            self.reload()

    # -- selection ------------------------------------------------------------------

    def selected(self) -> ObjectiveView | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(rows[0].row())

    def select(self, uid: str) -> None:
        row = self.model.row_of(uid)
        if row is not None:
            self.table.selectRow(row)

    def _on_selection(self, *_args: Any) -> None:
        self._show_selected()
        self._update_buttons()

    def _show_selected(self, *, force: bool = False) -> None:
        objective = self.selected()
        if not force and objective is not None and objective.uid == self.editor.objective_uid:
            return
        self.save_note.setText("")
        screen = self.shown
        self.editor.show_objective(
            objective,
            list(screen.behaviour_choices) if screen is not None else [],
            self._activities_for(objective) if objective is not None else [],
        )

    def _activities_for(self, objective: ObjectiveView) -> list[str]:
        screen = self.shown
        return list(screen.activities.get(objective.uid, ())) if screen is not None else []

    def _update_buttons(self) -> None:
        objective = self.selected()
        has_plan = self._subject is not None
        editable = has_plan and not self.read_only
        self.pdf_button.setEnabled(has_plan)
        for widget in (self.new_button, self.review_date, self.no_review_button):
            widget.setEnabled(editable)
        self.remove_button.setEnabled(editable and objective is not None)
        count = self.model.rowCount()
        self.up_button.setEnabled(editable and objective is not None and objective.position > 0)
        self.down_button.setEnabled(
            editable and objective is not None and objective.position < count - 1
        )
        self.results_button.setEnabled(has_plan)
        self.editor.setEnabled(editable and objective is not None)
        for card in self.cards:
            card.add_button.setEnabled(editable)

    # -- changing -------------------------------------------------------------------

    def add_suggestion(self, index: int) -> None:
        """Add the ``index``-th suggestion as an objective, and select it."""
        screen = self.shown
        if screen is None or not 0 <= index < len(screen.suggestions):
            return
        self._add(screen.suggestions[index].proposal)

    def add_own_objective(self) -> None:
        if self._subject is None:
            return
        if self._add(ObjectiveInput(text=self.tr("New objective"))):
            self.editor.objective.setFocus()
            self.editor.objective.selectAll()

    def _owner(self) -> int | None:
        """The assessment whose plan is shown (an appraisal's: its agreed assessment)."""
        return self.shown.assessment.id if self.shown is not None else None

    def _add(self, objective: ObjectiveInput) -> bool:
        subject = self._owner()
        if subject is None or self.read_only:
            return False
        self.editor.flush()
        added = self.run(
            lambda lib: plans.add_objective(lib, subject, objective),
            refused=self.tr("Objective not added"),
        ).run()
        if added is None:
            return False
        self.reload(select_uid=added.uid)
        self._saved()
        return True

    def move_selected(self, step: int) -> None:
        objective = self.selected()
        if objective is None:
            return
        self.editor.flush()
        position = max(0, objective.position + step)
        if self.run(lambda lib: plans.move_objective(lib, objective.uid, position)).run():
            self.reload(select_uid=objective.uid)
            self._saved()

    def remove_selected(self) -> None:
        objective = self.selected()
        if objective is None:
            return
        question = self.tr("Remove the objective “{text}” from this plan?").format(
            text=objective.text.strip().splitlines()[0] if objective.text.strip() else ""
        )
        if not messages.confirm(self, self.tr("Remove objective"), question, self.tr("Remove")):
            return
        self.editor.flush()
        position = objective.position
        plan = self.run(lambda lib: plans.delete_objective(lib, objective.uid)).run()
        if plan is None:
            return
        self.editor.show_objective(None)
        rest = plan.objectives
        self.reload(select_uid=rest[min(position, len(rest) - 1)].uid if rest else None)
        self._saved()

    def _on_edited(self, uid: str, changes: dict[str, Any]) -> None:
        current = next((o for o in self.model.rows() if o.uid == uid), None)
        if current is None:
            return
        wanted = dataclasses.replace(current.as_input(), **changes)
        saved = (
            self.run(lambda lib: plans.update_objective(lib, uid, wanted))
            .refused(self._not_saved)
            .run()
        )
        if saved is None:
            return
        self.model.replace_row(saved)
        self.save_note.setText("")
        if "behaviour_ids" in changes:
            self._refresh_activities(saved)
        self._saved()

    def _not_saved(self, error: UserError) -> None:
        # Typed text is saved while typing: say what is wrong here, not in a dialog.
        text = "\n".join(error.problems)
        self.save_note.setText(self.tr("Not saved: {problem}").format(problem=text))
        self._context.status_message.emit(self.tr("Not saved: {problem}").format(problem=text))

    def _refresh_activities(self, objective: ObjectiveView) -> None:
        subject = self._owner()
        if subject is None:
            return
        offered = read(
            self,
            self._context,
            lambda lib: activities_for(lib, subject, objective.behaviour_ids),
        )
        combo = self.editor.activity
        text = combo.currentText()
        blocked = combo.blockSignals(True)
        combo.clear()
        combo.addItems(list(offered or ()))
        combo.setEditText(text)
        combo.blockSignals(blocked)

    def _on_review_date(self, chosen: QDate) -> None:
        subject = self._owner()
        if self._loading or subject is None or self.read_only:
            return
        review = qdate_to_date(chosen)
        if self.run(lambda lib: plans.set_review_date(lib, subject, review)).run() is not None:
            self._saved()

    def _saved(self) -> None:
        self._context.status_message.emit(self.tr("Saved"))

    def act(self, intent: str) -> None:
        if intent == "save-pdf":
            self._save_pdf()

    def _save_pdf(self) -> None:
        self.leave()
        screen = self.shown
        if screen is not None:
            self.pdf_export.export(
                screen.assessment.id,
                screen.person.id,
                screen.person.name,
                screen.assessment.assessed_on,
            )

    def _show_results(self) -> None:
        if self._subject is not None:
            self._context.go("results", self._subject)

    # -- leaving --------------------------------------------------------------------

    def leave(self) -> None:
        self.editor.flush()
