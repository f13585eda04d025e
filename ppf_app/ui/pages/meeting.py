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

from PySide6.QtCore import QCoreApplication, QTimer, Signal
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
from ppf_app.services import meeting as meeting_ops
from ppf_app.services.appraisal import MeetingView
from ppf_app.services.library import Library
from ppf_app.services.plan_views import ObjectiveView
from ppf_app.services.screens.meeting import MeetingScreen, ReviewItem, meeting_screen
from ppf_app.services.views import AssessmentView
from ppf_app.ui.context import AppContext
from ppf_app.ui.models.meeting_model import MeetingModel
from ppf_app.ui.pages.base import ScreenPage, heading_font, muted
from ppf_app.ui.pdf_export import PdfExport
from ppf_app.ui.widgets.behaviour_row import EVIDENCE_DEBOUNCE_MS, EvidenceEdit
from ppf_app.ui.widgets.record_table import record_table
from ppf_app.ui.widgets.sign_off_dialog import SignOffDialog


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


class MeetingPage(ScreenPage[MeetingScreen]):
    page_name = "meeting"

    #: The brief was written (its path) or not (None).
    brief_finished = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._labels: dict[int, str] = {}
        self._numbers: dict[str, str] = {}
        self._pending_note: tuple[str, str] | None = None
        self._loading = False
        self.brief_export = PdfExport(self, context, kind="meeting-brief")
        self.brief_export.finished.connect(self._brief_finished)

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
        return self.shown.meeting.self_assessment if self.shown is not None else None

    @property
    def meeting(self) -> MeetingView | None:
        return self.shown.meeting if self.shown is not None else None

    @property
    def _meeting(self) -> MeetingView | None:
        return self.meeting

    @property
    def signed(self) -> bool:
        return self.shown is not None and self.shown.signed

    @property
    def last_brief(self) -> Path | None:
        return self.brief_export.last_written

    def read_screen(self, library: Library, subject: int) -> MeetingScreen:
        return meeting_screen(library, subject)

    def person_of(self, screen: MeetingScreen) -> int:
        return screen.person.id

    def draw(self, screen: MeetingScreen) -> None:
        keep = self.selected_behaviour()
        self._labels = {level.value: level.label for level in screen.levels}
        self._numbers = screen.numbers
        self._loading = True
        try:
            current = self.agreed.currentData()
            self.agreed.clear()
            self.agreed.addItem(self.tr("Not agreed yet"), None)
            for level in screen.levels:
                self.agreed.addItem(f"{level.value} {level.label}", level.value)
            self.agreed.setCurrentIndex(max(0, self.agreed.findData(current)))
        finally:
            self._loading = False
        meeting = screen.meeting
        self.title.setText(self.tr("Appraisal meeting of {name}").format(name=screen.person.name))
        self.subtitle.setText(self._compared_text(meeting))
        self.notice.setText(self._notice_text(meeting))
        self.model.show(meeting.rows, self._labels, self._numbers)
        row = self.model.row_of(keep) if keep else None
        self.table.selectRow(0 if row is None else row)
        self._show_selected()
        self._show_objectives(screen.to_review)
        self._update_controls()

    def draw_empty(self) -> None:
        self.model.set_rows([])
        self.title.setText(self.tr("Appraisal meeting"))
        self.subtitle.setText(self.tr("Open a self assessment's results, then its meeting."))
        self.notice.setText("")
        self._show_objectives(())
        self._show_selected()
        self._update_controls()

    def reload(self) -> None:
        """Read the meeting again from the library and show it (keeping the selection)."""
        if self._subject is not None:
            self.show_subject(self._subject)

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
        subject = self._subject
        if subject is None:
            return
        saved = (
            self.run(lambda lib: meeting_ops.agree(lib, subject, behaviour_id, level, note))
            .refused(self._not_saved)
            .run()
        )
        if saved is None:
            return
        self.save_note.setText("")
        self._context.status_message.emit(self.tr("Saved"))
        self.reload()

    def _not_saved(self, error: UserError) -> None:
        text = "\n".join(error.problems)
        self.save_note.setText(self.tr("Not saved: {problem}").format(problem=text))
        self._context.status_message.emit(self.tr("Not saved: {problem}").format(problem=text))

    # -- the previous plan ----------------------------------------------------------

    @staticmethod
    def _outcome_text(item: ReviewItem) -> str:
        if not item.reviewed:
            return ""
        objective = item.objective
        done = objective.status.value == "done"
        text = (
            QCoreApplication.translate("MeetingPage", "Done")
            if done
            else QCoreApplication.translate("MeetingPage", "Carried forward into the new plan")
        )
        if objective.status.value not in ("done", "carried_forward"):
            text = QCoreApplication.translate("MeetingPage", "Carried into the new plan")
        if objective.reflection:
            text += f" — {objective.reflection}"
        return text

    def _show_objectives(self, items: tuple[ReviewItem, ...]) -> None:
        for row in self.objective_rows:
            self._objectives_layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.objective_rows = []
        for item in items:
            row = ObjectiveReviewRow(item.objective, self._outcome_text(item))
            row.reviewed.connect(self.review_objective)
            self._objectives_layout.insertWidget(self._objectives_layout.count() - 1, row)
            self.objective_rows.append(row)
        self.objectives_hint.setText(
            self.tr("Mark each objective done, or carry it forward, with a reflection.")
            if items
            else self.tr("No open objective in the previous plan.")
        )
        self._update_controls()

    def review_objective(self, uid: str, done: bool, reflection: str) -> None:
        subject = self._subject
        if subject is None:
            return
        self.flush()
        reviewed = self.run(
            lambda lib: meeting_ops.review_previous_objective(
                lib, subject, uid, done=done, reflection=reflection
            ),
            refused=self.tr("Not saved"),
        ).run()
        if reviewed is not None:
            self._context.status_message.emit(self.tr("Saved"))
            self.reload()

    # -- appraiser, sign-off, new version -------------------------------------------

    def rate_as_appraiser(self) -> None:
        subject = self._subject
        if subject is None:
            return
        review = self.run(
            lambda lib: meeting_ops.rate_as_appraiser(lib, subject), refused=self.tr("Not started")
        ).run()
        if review is not None:
            self._context.go("assessment", review.id)

    def ask_signatures(self, appraisee: str, appraiser: str) -> tuple[str, str] | None:
        """Both names from the sign-off dialog, or None when cancelled (tests replace this)."""
        dialog = SignOffDialog(appraisee, appraiser, date.today(), self)
        if dialog.exec() != SignOffDialog.DialogCode.Accepted:
            return None
        return dialog.names()

    def sign(self) -> None:
        subject = self._subject
        screen = self.shown
        if subject is None or screen is None or screen.signed:
            return
        self.flush()
        names = self.ask_signatures(screen.person.name, screen.meeting.rated_by)
        if names is None:
            return
        signed = self.run(
            lambda lib: meeting_ops.sign(lib, subject, appraisee=names[0], appraiser=names[1]),
            refused=self.tr("Not signed"),
        ).run()
        if signed is not None:
            self._context.status_message.emit(self.tr("Signed; the agreed record is now read-only"))
            self.reload()

    def start_new_version(self) -> None:
        subject = self._subject
        if subject is None or not self.signed:
            return
        made = self.run(
            lambda lib: meeting_ops.new_version(lib, subject), refused=self.tr("No new version")
        ).run()
        if made is not None:
            self._context.status_message.emit(
                self.tr("A new version to change; the signed one stays")
            )
            self.reload()

    # -- the brief ------------------------------------------------------------------

    def save_brief(self) -> None:
        screen = self.shown
        if screen is None:
            return
        self.flush()
        self.brief_button.setEnabled(False)
        own = screen.meeting.self_assessment
        self.brief_export.export(own.id, screen.person.id, screen.person.name, own.assessed_on)

    def _brief_finished(self, path: object) -> None:
        self._update_controls()
        self.brief_finished.emit(path)

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
