"""The appraisal meeting page: self and appraiser ratings side by side, agreed ratings,
the previous plan's objectives reviewed, sign-off and the meeting brief PDF.

Agreed levels are saved as soon as they are chosen; notes are saved ~500 ms after typing
stops, and at once when the note loses focus, the page is left or the window closes. The
agreed assessment is started with the first agreed rating or objective review.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ppf_app.core.errors import UserError
from ppf_app.services import appraisal, assessments, objective_review, plans
from ppf_app.services.appraisal import MeetingView
from ppf_app.services.library import Library
from ppf_app.services.plan_views import ObjectiveView
from ppf_app.services.views import AssessmentView
from ppf_app.ui import messages
from ppf_app.ui.context import AppContext
from ppf_app.ui.models.meeting_model import MeetingModel
from ppf_app.ui.pages.base import Page, heading_font, muted
from ppf_app.ui.plan_action import (
    ask_pdf_path,
    open_in_viewer,
    pdf_file_name,
    report_write_failure,
)
from ppf_app.ui.widgets.behaviour_row import EVIDENCE_DEBOUNCE_MS, EvidenceEdit
from ppf_app.ui.widgets.record_table import record_table
from ppf_app.ui.widgets.sign_off_dialog import SignOffDialog
from ppf_app.ui.workers import run_in_background


def _write_brief(library: Library, person_id: int, out: Path, self_id: int) -> Path:
    # Imported in the worker: the PDF library stays off the start-up path.
    from ppf_app.services import meeting_brief

    return meeting_brief.write_brief(library, person_id, out, self_assessment_id=self_id)


class ObjectiveReviewRow(QWidget):
    """One open objective of the previous plan: a reflection, then Done or Carry forward."""

    reviewed = Signal(str, bool, str)

    def __init__(
        self, objective: ObjectiveView, outcome: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.uid = objective.uid
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        text = objective.text.strip().splitlines()[0] if objective.text.strip() else ""
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        layout.addWidget(self.text, 0, 0, 1, 3)
        self.reflection = QLineEdit()
        self.reflection.setPlaceholderText(self.tr("Reflection"))
        self.reflection.setAccessibleName(self.tr("Reflection on “{text}”").format(text=text))
        layout.addWidget(self.reflection, 1, 0)
        self.done_button = QPushButton(self.tr("Done"))
        self.done_button.setAccessibleName(self.tr("Mark “{text}” done").format(text=text))
        self.done_button.clicked.connect(lambda: self._review(True))
        layout.addWidget(self.done_button, 1, 1)
        self.carry_button = QPushButton(self.tr("Carry forward"))
        self.carry_button.setAccessibleName(
            self.tr("Carry “{text}” forward into the new plan").format(text=text)
        )
        self.carry_button.clicked.connect(lambda: self._review(False))
        layout.addWidget(self.carry_button, 1, 2)
        self.outcome = muted(QLabel(outcome))
        self.outcome.setWordWrap(True)
        layout.addWidget(self.outcome, 2, 0, 1, 3)
        layout.setColumnStretch(0, 1)
        #: Reviewed already: the outcome is shown instead of the choice.
        self.is_reviewed = bool(outcome)
        for widget in (self.reflection, self.done_button, self.carry_button):
            widget.setVisible(not self.is_reviewed)
        self.outcome.setVisible(self.is_reviewed)

    def _review(self, done: bool) -> None:
        self.reviewed.emit(self.uid, done, self.reflection.text())


class MeetingPage(Page):
    page_name = "meeting"

    #: Rate this (appraiser) assessment on the Rate page (AssessmentView).
    rate_requested = Signal(object)
    #: The brief was written (its path) or not (None).
    brief_finished = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._self_view: AssessmentView | None = None
        self._meeting: MeetingView | None = None
        self._labels: dict[int, str] = {}
        self._numbers: dict[str, str] = {}
        self._pending_note: tuple[str, str] | None = None
        self._loading = False
        self.last_brief: Path | None = None

        self.title = QLabel(self.tr("Appraisal meeting"))
        self.title.setFont(heading_font(self, 1.6))
        self.title.setWordWrap(True)
        self.page_layout.addWidget(self.title)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.page_layout.addWidget(self.subtitle)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.page_layout.addWidget(self.notice)

        actions = QHBoxLayout()
        self.order_toggle = QCheckBox(self.tr("&Framework order"))
        self.order_toggle.setToolTip(self.tr("Show the behaviours as the framework lists them"))
        self.order_toggle.setAccessibleName(self.tr("Show the behaviours in framework order"))
        self.order_toggle.toggled.connect(self._on_order)
        actions.addWidget(self.order_toggle)
        actions.addStretch(1)
        self.rate_button = QPushButton(self.tr("Rate as appraiser…"))
        self.rate_button.setAccessibleName(
            self.tr("Start the appraiser's ratings of this assessment on this computer")
        )
        self.rate_button.clicked.connect(self.rate_as_appraiser)
        actions.addWidget(self.rate_button)
        self.brief_button = QPushButton(self.tr("Meeting &brief PDF…"))
        self.brief_button.setAccessibleName(self.tr("Save the one-page meeting brief as PDF"))
        self.brief_button.clicked.connect(self.save_brief)
        actions.addWidget(self.brief_button)
        self.sign_button = QPushButton(self.tr("&Sign off…"))
        self.sign_button.setAccessibleName(self.tr("Sign off the agreed assessment"))
        self.sign_button.clicked.connect(self.sign)
        actions.addWidget(self.sign_button)
        self.new_version_button = QPushButton(self.tr("Start a &new version"))
        self.new_version_button.setAccessibleName(
            self.tr("Copy the signed agreed assessment into a new version to change")
        )
        self.new_version_button.clicked.connect(self.start_new_version)
        actions.addWidget(self.new_version_button)
        self.page_layout.addLayout(actions)

        splitter = QSplitter()
        self.model = MeetingModel(self)
        self.table = record_table(
            self.model, self.tr("Ratings side by side"), stretch_column=MeetingModel.BEHAVIOUR
        )
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(MeetingModel.NOTE, QHeaderView.ResizeMode.Interactive)
        head.resizeSection(MeetingModel.NOTE, self.fontMetrics().averageCharWidth() * 22)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        splitter.addWidget(self.table)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(8, 0, 0, 0)
        agreed_box = QGroupBox(self.tr("Agreed in the meeting"))
        agreed_layout = QVBoxLayout(agreed_box)
        self.behaviour = QLabel()
        self.behaviour.setWordWrap(True)
        agreed_layout.addWidget(self.behaviour)
        form = QFormLayout()
        self.agreed = QComboBox()
        self.agreed.setAccessibleName(self.tr("Agreed level"))
        self.agreed.activated.connect(self._on_agreed_level)
        form.addRow(self.tr("Agreed &level:"), self.agreed)
        agreed_layout.addLayout(form)
        agreed_layout.addWidget(QLabel(self.tr("Note:")))
        self.note = EvidenceEdit()
        self.note.setAccessibleName(self.tr("Note on the agreed level"))
        self.note.setPlaceholderText(self.tr("Why this level; what was agreed"))
        self.note.textChanged.connect(self._on_note_typed)
        self.note.focus_left.connect(self.flush)
        agreed_layout.addWidget(self.note)
        self.save_note = QLabel()
        self.save_note.setWordWrap(True)
        agreed_layout.addWidget(self.save_note)
        side_layout.addWidget(agreed_box)

        objectives_box = QGroupBox(self.tr("The previous plan's objectives"))
        objectives_layout = QVBoxLayout(objectives_box)
        self.objectives_hint = muted(QLabel())
        self.objectives_hint.setWordWrap(True)
        objectives_layout.addWidget(self.objectives_hint)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        holder = QWidget()
        self._objectives_layout = QVBoxLayout(holder)
        self._objectives_layout.setContentsMargins(0, 0, 0, 0)
        self._objectives_layout.addStretch(1)
        scroll.setWidget(holder)
        objectives_layout.addWidget(scroll)
        side_layout.addWidget(objectives_box, 1)
        self.objective_rows: list[ObjectiveReviewRow] = []
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 6)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([700, 340])
        self.page_layout.addWidget(splitter, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(EVIDENCE_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.flush)
        self._update_controls()

    # -- showing --------------------------------------------------------------------

    @property
    def assessment(self) -> AssessmentView | None:
        """The self assessment discussed."""
        return self._self_view

    @property
    def meeting(self) -> MeetingView | None:
        return self._meeting

    @property
    def signed(self) -> bool:
        return self._meeting is not None and self._meeting.signed

    def activated(self) -> None:
        if self._self_view is not None:
            self.reload()

    def show_assessment(self, view: AssessmentView) -> None:
        """Show the meeting on a self assessment (saving what is pending first)."""
        self.flush()
        library = self._context.library
        self._self_view = assessments.get_assessment(library, view.id)
        framework = assessments.framework_for(library, self._self_view)
        self._labels = {level.value: level.label for level in framework.scale}
        self._numbers = {
            behaviour.id: f"{v}.{b}"
            for v, value in enumerate(framework.values, start=1)
            for b, behaviour in enumerate(value.behaviours, start=1)
        }
        self._loading = True
        try:
            self.agreed.clear()
            self.agreed.addItem(self.tr("Not agreed yet"), None)
            for value, label in self._labels.items():
                self.agreed.addItem(f"{value} {label}", value)
        finally:
            self._loading = False
        self.reload()

    def clear(self) -> None:
        self.flush()
        self._self_view = None
        self._meeting = None
        self.model.set_rows([])
        self.title.setText(self.tr("Appraisal meeting"))
        self.subtitle.setText(self.tr("Open a self assessment's results, then its meeting."))
        self.notice.setText("")
        self._show_objectives([])
        self._show_selected()
        self._update_controls()

    def reload(self) -> None:
        """Read the meeting again from the library and show it (keeping the selection)."""
        if self._self_view is None:
            return
        self.flush()
        library = self._context.library
        keep = self.selected_behaviour()
        meeting = appraisal.meeting_view(library, self._self_view.id)
        self._meeting = meeting
        person = self._context.person
        name = person.name if person is not None else ""
        self.title.setText(self.tr("Appraisal meeting of {name}").format(name=name))
        self.subtitle.setText(self._compared_text(meeting))
        self.notice.setText(self._notice_text(meeting))
        self.model.show(meeting.rows, self._labels, self._numbers)
        row = self.model.row_of(keep) if keep else None
        self.table.selectRow(0 if row is None else row)
        self._show_selected()
        self._reload_objectives()
        self._update_controls()

    def _compared_text(self, meeting: MeetingView) -> str:
        own = meeting.self_assessment
        parts = [
            self.tr("Self assessment of {date}").format(date=own.assessed_on.isoformat()),
        ]
        theirs = meeting.appraiser_assessment
        if theirs is not None:
            who = meeting.rated_by or self.tr("the appraiser")
            parts.append(
                self.tr("compared with the ratings of {who} ({date})").format(
                    who=who, date=theirs.assessed_on.isoformat()
                )
            )
        parts.append(f"{own.framework_title} {own.framework_version}")
        return " · ".join(parts)

    def _notice_text(self, meeting: MeetingView) -> str:
        if meeting.signed and meeting.sign_off is not None:
            signed = meeting.sign_off
            when = signed.signed_at.date().isoformat() if signed.signed_at else ""
            return self.tr(
                "Signed on {date} by {appraisee} and {appraiser}. The agreed ratings and "
                "the plan are read-only; start a new version to change them."
            ).format(
                date=when,
                appraisee=signed.signed_by_appraisee,
                appraiser=signed.signed_by_appraiser,
            )
        if meeting.appraiser_assessment is None:
            return self.tr(
                "No appraiser's ratings yet. The appraiser can rate on this computer with "
                "Rate as appraiser, or rate on their own computer and send back the portable "
                "file, which is brought in with “ppf import FILE”. The agreed levels can be "
                "recorded meanwhile."
            )
        if not meeting.discussion:
            return self.tr("Self and appraiser ratings agree on every behaviour rated by both.")
        return self.tr("{count} behaviours differ; the largest differences come first.").format(
            count=len(meeting.discussion)
        )

    # -- selection ------------------------------------------------------------------

    def selected_behaviour(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()).behaviour_id if rows else None

    def select_behaviour(self, behaviour_id: str) -> None:
        row = self.model.row_of(behaviour_id)
        if row is not None:
            self.table.selectRow(row)

    def _on_selection(self, *_args: Any) -> None:
        self.flush()
        self._show_selected()

    def _show_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row_at(rows[0].row()) if rows else None
        self._loading = True
        try:
            if row is None:
                self.behaviour.setText("")
                self.agreed.setCurrentIndex(0 if self.agreed.count() else -1)
                self.note.setPlainText("")
            else:
                number = self._numbers.get(row.behaviour_id, "")
                self.behaviour.setText(f"{number} {row.behaviour_text}")
                index = self.agreed.findData(row.agreed_level)
                self.agreed.setCurrentIndex(max(0, index))
                self.note.setPlainText(row.agreed_note)
        finally:
            self._loading = False
        self.save_note.setText("")
        self._update_controls()

    def _on_order(self, framework_order: bool) -> None:
        keep = self.selected_behaviour()
        self.model.set_framework_order(framework_order)
        if keep is not None:
            self.select_behaviour(keep)

    # -- agreeing -------------------------------------------------------------------

    def _agreed_id(self) -> int:
        """The agreed assessment, started now if the meeting has none yet."""
        assert self._meeting is not None and self._self_view is not None
        if self._meeting.agreed_assessment is not None:
            return self._meeting.agreed_assessment.id
        created = appraisal.start_review(
            self._context.library,
            self._self_view.id,
            kind=appraisal.AGREED,
            rated_by=self._meeting.rated_by,
        )
        self._meeting = appraisal.meeting_view(self._context.library, self._self_view.id)
        self._context.assessments_changed.emit(self._self_view.person_id)
        return created.id

    def _on_agreed_level(self, _index: int) -> None:
        if self._loading:
            return
        behaviour_id = self.selected_behaviour()
        if behaviour_id is None or self._meeting is None:
            return
        self.flush()
        self._save(behaviour_id, self.agreed.currentData(), self.note.toPlainText())

    def _on_note_typed(self) -> None:
        if self._loading:
            return
        behaviour_id = self.selected_behaviour()
        if behaviour_id is None:
            return
        self._pending_note = (behaviour_id, self.note.toPlainText())
        self._debounce.start()

    def has_pending(self) -> bool:
        return self._pending_note is not None

    def flush(self) -> None:
        """Save a note still waiting for its debounce."""
        self._debounce.stop()
        pending, self._pending_note = self._pending_note, None
        if pending is None or self._meeting is None:
            return
        behaviour_id, note = pending
        row = next((r for r in self._meeting.rows if r.behaviour_id == behaviour_id), None)
        if row is None or row.agreed_note == note:
            return
        self._save(behaviour_id, row.agreed_level, note)

    def _save(self, behaviour_id: str, level: int | None, note: str) -> None:
        assert self._self_view is not None
        try:
            agreed_id = self._agreed_id()
            appraisal.rate(self._context.library, agreed_id, behaviour_id, level, note)
        except UserError as error:
            text = "\n".join(error.problems)
            self.save_note.setText(self.tr("Not saved: {problem}").format(problem=text))
            self._context.status_message.emit(self.tr("Not saved: {problem}").format(problem=text))
            return
        self._meeting = appraisal.meeting_view(self._context.library, self._self_view.id)
        saved = next(r for r in self._meeting.rows if r.behaviour_id == behaviour_id)
        index = self.model.row_of(behaviour_id)
        if index is not None:
            self.model.replace_at(index, saved)
        self.save_note.setText("")
        self._context.status_message.emit(self.tr("Saved"))
        self._update_controls()

    # -- the previous plan ----------------------------------------------------------

    def _reload_objectives(self) -> None:
        meeting = self._meeting
        if meeting is None:
            self._show_objectives([])
            return
        library = self._context.library
        agreed = meeting.agreed_assessment
        owner = agreed.id if agreed is not None else meeting.self_assessment.id
        shown: list[tuple[ObjectiveView, str]] = []
        if agreed is not None:
            shown = [
                (objective, self._outcome_text(objective))
                for objective in plans.get_plan(library, agreed.id).objectives
                if objective.carried_from_uid
            ]
        reviewed = {objective.carried_from_uid for objective, _ in shown}
        shown += [
            (objective, "")
            for objective in objective_review.objectives_to_review(library, owner)
            if objective.uid not in reviewed
        ]
        self._show_objectives(shown)

    def _outcome_text(self, objective: ObjectiveView) -> str:
        done = objective.status.value == "done"
        text = self.tr("Done") if done else self.tr("Carried forward into the new plan")
        if objective.status.value not in ("done", "carried_forward"):
            text = self.tr("Carried into the new plan")
        if objective.reflection:
            text += f" — {objective.reflection}"
        return text

    def _show_objectives(self, objectives: list[tuple[ObjectiveView, str]]) -> None:
        for row in self.objective_rows:
            self._objectives_layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.objective_rows = []
        for objective, outcome in objectives:
            row = ObjectiveReviewRow(objective, outcome)
            row.reviewed.connect(self.review_objective)
            self._objectives_layout.insertWidget(self._objectives_layout.count() - 1, row)
            self.objective_rows.append(row)
        self.objectives_hint.setText(
            self.tr("Mark each objective done, or carry it forward, with a reflection.")
            if objectives
            else self.tr("No open objective in the previous plan.")
        )
        self._update_controls()

    def review_objective(self, uid: str, done: bool, reflection: str) -> None:
        if self._meeting is None:
            return
        self.flush()
        try:
            agreed_id = self._agreed_id()
            objective_review.review_objective(
                self._context.library, agreed_id, uid, done=done, reflection=reflection
            )
        except UserError as error:
            messages.problem(self, self.tr("Not saved"), "\n".join(error.problems))
            return
        self._context.status_message.emit(self.tr("Saved"))
        self._reload_objectives()

    # -- appraiser, sign-off, new version -------------------------------------------

    def rate_as_appraiser(self) -> None:
        if self._meeting is None or self._self_view is None:
            return
        if self._meeting.appraiser_assessment is not None:
            self.rate_requested.emit(self._meeting.appraiser_assessment)
            return
        try:
            review = appraisal.start_review(self._context.library, self._self_view.id)
        except UserError as error:
            messages.problem(self, self.tr("Not started"), "\n".join(error.problems))
            return
        self._context.assessments_changed.emit(self._self_view.person_id)
        self.rate_requested.emit(review)

    def ask_signatures(self, appraisee: str, appraiser: str) -> tuple[str, str] | None:
        """Both names from the sign-off dialog, or None when cancelled (tests replace this)."""
        dialog = SignOffDialog(appraisee, appraiser, date.today(), self)
        if dialog.exec() != SignOffDialog.DialogCode.Accepted:
            return None
        return dialog.names()

    def sign(self) -> None:
        if self._meeting is None or self._meeting.signed:
            return
        self.flush()
        person = self._context.person
        names = self.ask_signatures(person.name if person else "", self._meeting.rated_by)
        if names is None:
            return
        try:
            agreed_id = self._agreed_id()
            appraisal.sign_off(
                self._context.library, agreed_id, appraisee=names[0], appraiser=names[1]
            )
        except UserError as error:
            messages.problem(self, self.tr("Not signed"), "\n".join(error.problems))
            return
        self._context.status_message.emit(self.tr("Signed; the agreed record is now read-only"))
        self.reload()

    def start_new_version(self) -> None:
        meeting = self._meeting
        if meeting is None or not meeting.signed or meeting.agreed_assessment is None:
            return
        try:
            appraisal.new_version(self._context.library, meeting.agreed_assessment.id)
        except UserError as error:
            messages.problem(self, self.tr("No new version"), "\n".join(error.problems))
            return
        self._context.assessments_changed.emit(meeting.self_assessment.person_id)
        self._context.status_message.emit(self.tr("A new version to change; the signed one stays"))
        self.reload()

    # -- the brief ------------------------------------------------------------------

    def ask_brief_path(self, suggested: str) -> Path | None:
        """Where to save the brief (tests replace this)."""
        return ask_pdf_path(self, self.tr("Save the meeting brief"), suggested)

    def save_brief(self) -> None:
        view = self._self_view
        person = self._context.person
        if view is None or person is None or person.id != view.person_id:
            return
        self.flush()
        out = self.ask_brief_path(pdf_file_name("meeting-brief", person.name, view.assessed_on))
        if out is None:
            return
        self._context.status_message.emit(self.tr("Writing the meeting brief…"))
        self.brief_button.setEnabled(False)
        run_in_background(
            _write_brief,
            self._context.library,
            person.id,
            out,
            view.id,
            on_done=self._brief_written,
            on_failed=self._brief_failed,
            receiver=self,
        )

    def _brief_written(self, path: object) -> None:
        assert isinstance(path, Path)
        self.last_brief = path
        self._update_controls()
        self._context.status_message.emit(self.tr("Meeting brief saved: {path}").format(path=path))
        open_in_viewer(path)
        self.brief_finished.emit(path)

    def _brief_failed(self, error: BaseException) -> None:
        self._update_controls()
        report_write_failure(self, self.tr("Brief not saved"), error)
        self.brief_finished.emit(None)

    # -- state ----------------------------------------------------------------------

    def _update_controls(self) -> None:
        meeting = self._meeting
        shown = meeting is not None
        signed = self.signed
        has_row = self.selected_behaviour() is not None
        self.agreed.setEnabled(shown and has_row and not signed)
        self.note.setReadOnly(not shown or signed)
        self.note.setEnabled(shown and has_row)
        self.order_toggle.setEnabled(shown)
        self.brief_button.setEnabled(shown)
        self.sign_button.setEnabled(shown and not signed)
        self.new_version_button.setVisible(signed)
        self.rate_button.setVisible(shown and meeting is not None and not signed)
        if meeting is not None:
            self.rate_button.setText(
                self.tr("Rate as appraiser…")
                if meeting.appraiser_assessment is None
                else self.tr("Appraiser's ratings…")
            )
        for row in self.objective_rows:
            for widget in (row.reflection, row.done_button, row.carry_button):
                widget.setEnabled(not signed)

    def leave(self) -> None:
        self.flush()
