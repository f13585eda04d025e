"""The appraisal meeting page: one appraisal, its self and appraiser ratings side by
side, the levels agreed (saved as chosen and typed), the previous plan reviewed, the
agreed plan, sign-off and the meeting brief.

Agreed levels are saved as soon as they are chosen; notes ~400 ms after typing stops,
and at once when the note loses focus, the page is left or the window closes. Once the
appraisal is signed, the page is a read-only record: no control that changes anything
is enabled, and "Start a new version" is the one way on.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QStandardItemModel
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
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ppf_app.core.errors import UserError
from ppf_app.domain.answers import NOT_APPLICABLE, Answer
from ppf_app.services import appraisal
from ppf_app.services import meeting as meeting_ops
from ppf_app.services.appraisal import AppraisalView, MeetingView
from ppf_app.services.library import Library
from ppf_app.services.plan_views import ObjectiveView
from ppf_app.services.screens.meeting import MeetingScreen, ReviewItem, meeting_screen
from ppf_app.services.views import AssessmentView
from ppf_app.ui import messages
from ppf_app.ui.context import AppContext
from ppf_app.ui.models.meeting_model import MeetingModel, answer_text
from ppf_app.ui.pages.base import ScreenPage, heading_font, muted
from ppf_app.ui.pdf_export import PdfExport
from ppf_app.ui.signature_text import signature_line
from ppf_app.ui.widgets.behaviour_row import EVIDENCE_DEBOUNCE_MS, EvidenceEdit
from ppf_app.ui.widgets.record_table import record_table
from ppf_app.ui.widgets.responsive import ResponsiveSplitter
from ppf_app.ui.widgets.sign_off_dialog import SignOffDialog

#: Narrower than this (in pixels), the table stands above the agreed level and sign-off.
MEETING_WIDE_FROM = 900


#: The agreed-level choice's data for "not applicable" (a text: the combo keeps it as is).
NOT_APPLICABLE_DATA = "n/a"


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
    """The page of one appraisal (its id is the page's subject)."""

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
            self.tr("Rate the behaviours as the appraiser, on this computer")
        )
        self.rate_button.clicked.connect(self.rate_as_appraiser)
        actions.addWidget(self.rate_button)
        self.plan_button = QPushButton(self.tr("Agreed &plan…"))
        self.plan_button.setAccessibleName(self.tr("Open the plan agreed in this appraisal"))
        self.plan_button.clicked.connect(self.open_plan)
        actions.addWidget(self.plan_button)
        self.brief_button = QPushButton(self.tr("Meeting &brief PDF…"))
        self.brief_button.setAccessibleName(self.tr("Save the one-page meeting brief as PDF"))
        self.brief_button.clicked.connect(self.save_brief)
        actions.addWidget(self.brief_button)
        self.sign_button = QPushButton(self.tr("&Sign off…"))
        self.sign_button.setAccessibleName(self.tr("Sign off the appraisal"))
        self.sign_button.clicked.connect(self.sign)
        actions.addWidget(self.sign_button)
        self.new_version_button = QPushButton(self.tr("Start a &new version"))
        self.new_version_button.setAccessibleName(
            self.tr("Start a new version of the signed appraisal to change it")
        )
        self.new_version_button.clicked.connect(self.start_new_version)
        actions.addWidget(self.new_version_button)
        self.countersign_button = QPushButton(self.tr("C&ountersign…"))
        self.countersign_button.setAccessibleName(
            self.tr("Add this computer's own signature to the signed appraisal, for your role")
        )
        self.countersign_button.clicked.connect(self.countersign)
        actions.addWidget(self.countersign_button)
        self.page_layout.addLayout(actions)

        # The table beside the agreed level, the previous plan and sign-off; above them
        # on a narrow window.
        splitter = ResponsiveSplitter(MEETING_WIDE_FROM)
        self.model = MeetingModel(self)
        self.table = record_table(
            self.model, self.tr("Ratings side by side"), stretch_column=MeetingModel.BEHAVIOUR
        )
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.installEventFilter(self)
        self.table.setToolTip(
            self.tr(
                "Number keys set the agreed level of the selected behaviour (1 is the "
                "lowest level); Delete clears it. The note is written beside the table."
            )
        )
        splitter.addWidget(self.table)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(8, 0, 0, 0)
        agreed_box = QGroupBox(self.tr("Agreed in the meeting"))
        agreed_layout = QVBoxLayout(agreed_box)
        self.behaviour = QLabel()
        self.behaviour.setWordWrap(True)
        agreed_layout.addWidget(self.behaviour)
        self.evidence = muted(QLabel())
        self.evidence.setWordWrap(True)
        agreed_layout.addWidget(self.evidence)
        form = QFormLayout()
        self.agreed = QComboBox()
        self.agreed.setAccessibleName(self.tr("Agreed level"))
        self.agreed.activated.connect(self._on_agreed_level)
        agreed_label = QLabel(self.tr("Agreed &level:"))
        agreed_label.setBuddy(self.agreed)
        form.addRow(agreed_label, self.agreed)
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
        self.agree_rest_button = QPushButton(self.tr("Agree all remaining at self level"))
        self.agree_rest_button.setAccessibleName(
            self.tr("Agree every behaviour not agreed yet at the person's own level")
        )
        self.agree_rest_button.clicked.connect(self.agree_remaining)
        agreed_layout.addWidget(self.agree_rest_button)
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
        # Room for a reflection and its buttons when the side stands below the table.
        scroll.setMinimumHeight(int(self.fontMetrics().lineSpacing() * 7))
        objectives_layout.addWidget(scroll)
        side_layout.addWidget(objectives_box, 1)
        self.objective_rows: list[ObjectiveReviewRow] = []

        sign_box = QGroupBox(self.tr("Sign-off"))
        sign_layout = QVBoxLayout(sign_box)
        self.plan_summary = QLabel()
        self.plan_summary.setWordWrap(True)
        sign_layout.addWidget(self.plan_summary)
        self.sign_needs = QLabel()
        self.sign_needs.setWordWrap(True)
        self.sign_needs.setAccessibleName(self.tr("What signing still needs"))
        sign_layout.addWidget(self.sign_needs)
        side_layout.addWidget(sign_box)
        splitter.addWidget(side)
        splitter.set_weights(6, 4, sizes=(700, 340))
        splitter.set_stacked_height(0, int(self.fontMetrics().lineSpacing() * 16))
        self.page_layout.addWidget(splitter, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(EVIDENCE_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.flush)
        self._update_controls()

    # -- showing --------------------------------------------------------------------

    @property
    def assessment(self) -> AssessmentView | None:
        """The self assessment the appraisal reviews."""
        return self.shown.meeting.self_assessment if self.shown is not None else None

    @property
    def appraisal(self) -> AppraisalView | None:
        return self.shown.appraisal if self.shown is not None else None

    @property
    def meeting(self) -> MeetingView | None:
        return self.shown.meeting if self.shown is not None else None

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

    def leave(self) -> None:
        self.flush()

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
            if screen.not_applicable_label:
                self.agreed.addItem(screen.not_applicable_label, NOT_APPLICABLE_DATA)
            self.agreed.setCurrentIndex(max(0, self.agreed.findData(current)))
        finally:
            self._loading = False
        meeting = screen.meeting
        self.title.setText(self.tr("Appraisal of {name}").format(name=screen.person.name))
        self.subtitle.setText(self._compared_text(screen.appraisal))
        self.notice.setText(self._notice_text(meeting))
        self.model.show(
            meeting.rows,
            self._labels,
            self._numbers,
            not_applicable=screen.not_applicable_label,
        )
        row = self.model.row_of(keep) if keep else None
        self.table.selectRow(0 if row is None else row)
        if row is None:
            self.table.scrollToTop()  # the largest differences come first
        self._show_selected()
        self._show_objectives(screen.to_review)
        self._show_sign_off(screen)
        self._update_controls()

    def draw_empty(self) -> None:
        self.model.set_rows([])
        self.title.setText(self.tr("Appraisal meeting"))
        self.subtitle.setText(self.tr("Open a self assessment's results, then its appraisal."))
        self.notice.setText("")
        self.plan_summary.setText("")
        self.sign_needs.setText("")
        self._show_objectives(())
        self._show_selected()
        self._update_controls()

    def reload(self) -> None:
        """Read the meeting again from the library and show it (keeping the selection)."""
        if self._subject is not None:
            self.show_subject(self._subject)

    def _compared_text(self, record: AppraisalView) -> str:
        own = record.self_assessment
        parts = [
            self.tr("Appraisal of {date}").format(date=record.held_on.isoformat()),
            self.tr("self assessment of {date}").format(date=own.assessed_on.isoformat()),
        ]
        theirs = record.appraiser_assessment
        if theirs is not None:
            who = record.appraiser_name or self.tr("the appraiser")
            parts.append(
                self.tr("compared with the ratings of {who} ({date})").format(
                    who=who, date=theirs.assessed_on.isoformat()
                )
            )
        parts.append(f"{own.framework_title} {own.framework_version}")
        return " · ".join(parts)

    def _notice_text(self, meeting: MeetingView) -> str:
        record = meeting.appraisal
        if record.signed and record.signed_on is not None:
            return self.tr(
                "Signed on {date} by {appraisee} and {appraiser}. This appraisal is a "
                "read-only record: its ratings, agreed levels, notes and plan stay as "
                "signed. Start a new version to change them."
            ).format(
                date=record.signed_on.isoformat(),
                appraisee=record.signed_by_appraisee,
                appraiser=record.signed_by_appraiser,
            )
        if record.appraiser_assessment is None:
            return self.tr(
                "No appraiser's ratings yet. The appraiser can rate on this computer with "
                "Rate as appraiser, or on their own computer: export this record with "
                "File > Export for appraisal, and bring their file back with File > "
                "Import. The agreed levels can be recorded meanwhile."
            )
        if not meeting.discussion:
            return self.tr("Self and appraiser ratings agree on every behaviour rated by both.")
        return self.tr("{count} behaviours differ; the largest differences come first.").format(
            count=len(meeting.discussion)
        )

    def _show_sign_off(self, screen: MeetingScreen) -> None:
        plan = screen.plan
        count = len(plan.objectives)
        review = (
            self.tr("review on {date}").format(date=plan.review_date.isoformat())
            if plan.review_date
            else self.tr("no review date")
        )
        self.plan_summary.setText(
            self.tr("Agreed plan: {count} objectives, {review}.").format(count=count, review=review)
            if count != 1
            else self.tr("Agreed plan: 1 objective, {review}.").format(review=review)
        )
        if screen.signed:  # signatures are checked on every read: a changed record says so
            check = screen.appraisal.signature
            self.sign_needs.setText(self.tr("Signed.") + " " + signature_line(check))
        elif screen.sign_off_needs:
            self.sign_needs.setText(
                self.tr("Before signing:")
                + "<ul>"
                + "".join(f"<li>{need}</li>" for need in screen.sign_off_needs)
                + "</ul>"
            )
        else:
            self.sign_needs.setText(self.tr("Ready to sign."))

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
                self.evidence.setText("")
                self.agreed.setCurrentIndex(0 if self.agreed.count() else -1)
                self.note.setPlainText("")
            else:
                number = self._numbers.get(row.behaviour_id, "")
                self.behaviour.setText(f"{number} {row.behaviour_text}")
                self.evidence.setText(self._evidence_text(row))
                agreed = NOT_APPLICABLE_DATA if row.agreed_not_applicable else row.agreed_level
                self.agreed.setCurrentIndex(max(0, self.agreed.findData(agreed)))
                self._offer_not_applicable(row.behaviour_id)
                self.note.setPlainText(row.agreed_note)
        finally:
            self._loading = False
        self.save_note.setText("")
        self._update_controls()

    def _evidence_text(self, row: Any) -> str:
        parts = []
        if row.self_evidence:
            parts.append(
                self.tr("Self ({level}): {text}").format(
                    level=self._answer_text(row.self_answer), text=row.self_evidence
                )
            )
        if row.appraiser_evidence:
            parts.append(
                self.tr("Appraiser ({level}): {text}").format(
                    level=self._answer_text(row.appraiser_answer),
                    text=row.appraiser_evidence,
                )
            )
        return "\n".join(parts)

    def _answer_text(self, answer: Answer) -> str:
        screen = self.shown
        label = screen.not_applicable_label if screen is not None else ""
        return answer_text(answer, self._labels, label)

    def _offer_not_applicable(self, behaviour_id: str) -> None:
        """The "not applicable" choice is there only for behaviours that offer it."""
        index = self.agreed.findData(NOT_APPLICABLE_DATA)
        model = self.agreed.model()
        if index < 0 or not isinstance(model, QStandardItemModel):
            return
        item = model.item(index)
        if item is not None:
            item.setEnabled(self._allows_not_applicable(behaviour_id))

    def _allows_not_applicable(self, behaviour_id: str | None) -> bool:
        screen = self.shown
        return screen is not None and behaviour_id in screen.not_applicable_allowed

    def _on_order(self, framework_order: bool) -> None:
        keep = self.selected_behaviour()
        self.model.set_framework_order(framework_order)
        if keep is not None:
            self.select_behaviour(keep)

    # -- agreeing -------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the table, a number key agrees the selected behaviour at that level of the
        scale (1 the lowest) and Delete or Backspace takes the agreed level away."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if self._agree_by_key(event):
                return True
        return super().eventFilter(watched, event)

    def _agree_by_key(self, event: QKeyEvent) -> bool:
        if event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            return False
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9 or key == Qt.Key.Key_0:
            index = 9 if key == Qt.Key.Key_0 else key - Qt.Key.Key_1
            # Item 0 of the combo is "Not agreed yet"; the levels follow, lowest first.
            screen = self.shown
            if screen is None or index >= len(screen.levels):
                return True
            combo_index = index + 1
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            combo_index = 0
        elif key == Qt.Key.Key_N:
            combo_index = self.agreed.findData(NOT_APPLICABLE_DATA)
            if combo_index < 0 or not self._allows_not_applicable(self.selected_behaviour()):
                return True
        else:
            return False
        if self.signed or self.selected_behaviour() is None:
            return True
        self.agreed.setCurrentIndex(combo_index)
        self._on_agreed_level(combo_index)
        return True

    def _on_agreed_level(self, _index: int) -> None:
        if self._loading:
            return
        behaviour_id = self.selected_behaviour()
        if behaviour_id is None or self.shown is None:
            return
        self.flush()
        chosen = self.agreed.currentData()
        level: Answer = NOT_APPLICABLE if chosen == NOT_APPLICABLE_DATA else chosen
        self._save(behaviour_id, level, self.note.toPlainText())

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
        meeting = self.meeting
        if pending is None or meeting is None:
            return
        behaviour_id, note = pending
        row = next((r for r in meeting.rows if r.behaviour_id == behaviour_id), None)
        if row is None or row.agreed_note == note:
            return
        self._save(behaviour_id, row.agreed_answer, note)

    def _save(self, behaviour_id: str, level: Answer, note: str) -> None:
        subject = self._subject
        if subject is None:
            return
        saved = (
            self.run(lambda lib: appraisal.agree(lib, subject, behaviour_id, level, note))
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

    def agree_remaining(self) -> None:
        subject = self._subject
        if subject is None or self.signed:
            return
        self.flush()
        count = self.run(
            lambda lib: appraisal.agree_remaining_at_self(lib, subject),
            refused=self.tr("Not agreed"),
        ).run()
        if count is None:
            return
        self._context.status_message.emit(
            self.tr("{count} behaviours agreed at the person's own level").format(count=count)
        )
        self.reload()

    # -- the previous plan ----------------------------------------------------------

    @staticmethod
    def _outcome_text(item: ReviewItem) -> str:
        if not item.reviewed:
            return ""
        objective = item.objective
        tr = QCoreApplication.translate
        if objective.status.value == "done":
            text = tr("MeetingPage", "Done")
        elif objective.status.value == "carried_forward":
            text = tr("MeetingPage", "Carried forward into the new plan")
        else:
            text = tr("MeetingPage", "Carried into the new plan")
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

    # -- appraiser, plan, sign-off, new version -------------------------------------

    def ask_appraiser_name(self, current: str) -> str | None:
        """The appraiser's name, asked once."""
        return messages.ask_text(
            self,
            self.tr("Rate as appraiser"),
            self.tr("Your name, as the appraiser (it is recorded with your ratings):"),
            current,
        )

    def rate_as_appraiser(self) -> None:
        subject = self._subject
        record = self.appraisal
        if subject is None or record is None or record.signed:
            return
        name = record.appraiser_name
        if not name:
            asked = self.ask_appraiser_name("")
            if asked is None:
                return
            name = asked
        review = self.run(
            lambda lib: appraisal.rate_as_appraiser(lib, subject, appraiser_name=name),
            refused=self.tr("Not started"),
        ).run()
        if review is not None:
            self._context.go("assessment", review.id)

    def open_plan(self) -> None:
        record = self.appraisal
        if record is not None:
            self.flush()
            self._context.go("plan", record.self_assessment.id)

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
        self.reload()
        screen = self.shown
        if screen is None:
            return
        if screen.sign_off_needs:
            # Said before anyone types a name: what signing still needs.
            messages.problem(
                self,
                self.tr("Not ready to sign"),
                "\n".join(f"• {need}" for need in screen.sign_off_needs),
            )
            return
        names = self.ask_signatures(screen.person.name, screen.appraisal.appraiser_name)
        if names is None:
            return
        signed = self.run(
            lambda lib: appraisal.sign(lib, subject, appraisee=names[0], appraiser=names[1]),
            refused=self.tr("Not signed"),
        ).run()
        if signed is not None:
            self._context.status_message.emit(self.tr("Signed; the appraisal is now read-only"))
            self.reload()

    def ask_countersign_role(self, screen: MeetingScreen) -> str | None:
        """The role to countersign for, or None when cancelled (tests replace this)."""
        names = {
            "appraisee": screen.appraisal.signed_by_appraisee,
            "appraiser": screen.appraisal.signed_by_appraiser,
        }
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Countersign"))
        box.setText(
            self.tr(
                "The sign-off was signed with the key of the computer it was made on. Add "
                "this computer's own signature for your role? Nothing the appraisal shows "
                "changes. Then export it back, so both copies carry both keys."
            )
        )
        buttons: list[tuple[object, str]] = []
        for role in screen.may_countersign:
            label = (
                self.tr("I am the appraisee, {name}")
                if role == "appraisee"
                else self.tr("I am the appraiser, {name}")
            ).format(name=names[role])
            buttons.append((box.addButton(label, QMessageBox.ButtonRole.AcceptRole), role))
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return next((role for button, role in buttons if button is clicked), None)

    def countersign(self) -> None:
        subject = self._subject
        screen = self.shown
        if subject is None or screen is None or not screen.may_countersign:
            return
        role = self.ask_countersign_role(screen)
        if role is None:
            return
        done = self.run(
            lambda lib: appraisal.countersign(lib, subject, role),
            refused=self.tr("Not countersigned"),
        ).run()
        if done is not None:
            self._context.status_message.emit(
                self.tr("Countersigned with this computer's key; export it to the other party")
            )
            self.reload()

    def start_new_version(self) -> None:
        subject = self._subject
        if subject is None or not self.signed:
            return
        made = self.run(
            lambda lib: appraisal.new_version(lib, subject), refused=self.tr("No new version")
        ).run()
        if made is not None:
            self._context.status_message.emit(
                self.tr("A new version to change; the signed one stays as signed")
            )
            self.show_subject(made.id)

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
        screen = self.shown
        shown = screen is not None
        signed = self.signed
        editable = shown and not signed
        has_row = self.selected_behaviour() is not None
        self.agreed.setEnabled(editable and has_row)
        self.note.setReadOnly(not editable)
        self.note.setEnabled(editable and has_row)
        self.agree_rest_button.setEnabled(
            editable and screen is not None and bool(screen.meeting.unagreed)
        )
        self.order_toggle.setEnabled(shown)
        self.brief_button.setEnabled(shown)
        self.plan_button.setEnabled(shown)
        self.sign_button.setEnabled(editable)
        self.sign_button.setDefault(editable and screen is not None and not screen.sign_off_needs)
        self.new_version_button.setVisible(signed)
        self.countersign_button.setVisible(
            signed and screen is not None and bool(screen.may_countersign)
        )
        self.rate_button.setVisible(editable)
        if screen is not None:
            self.rate_button.setText(
                self.tr("Rate as appraiser…")
                if screen.appraisal.appraiser_assessment is None
                else self.tr("Appraiser's ratings…")
            )
        for row in self.objective_rows:
            for widget in (row.reflection, row.done_button, row.carry_button):
                widget.setEnabled(editable)
