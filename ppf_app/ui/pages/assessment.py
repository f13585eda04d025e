"""Rating an assessment: values as sections, one row per behaviour, saved as you go.

Every rating click is one call of the service's ``set_rating`` (one commit); evidence is
saved 500 ms after the last keystroke and at once when the field loses focus, the page
is left or the window closes. Rating changes go on an undo stack whose undo and redo
save again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ppf_app.core.errors import UserError
from ppf_app.domain.answers import NOT_APPLICABLE, Answer
from ppf_app.domain.framework import Behaviour, Framework
from ppf_app.services import appraisal, assessments
from ppf_app.services.library import Library
from ppf_app.services.screens.rating import RatingScreen, rating_screen
from ppf_app.services.views import AssessmentView, Progress, RatingChange
from ppf_app.ui import messages
from ppf_app.ui.context import AppContext
from ppf_app.ui.labels import assessment_summary
from ppf_app.ui.offline import OfflineSaver
from ppf_app.ui.pages.base import ScreenPage, heading_font, muted
from ppf_app.ui.undo import RatingCommand
from ppf_app.ui.widgets.behaviour_row import BehaviourRow, EvidenceEdit
from ppf_app.ui.widgets.rating_control import Level

#: Rows built per event-loop turn after the first screenful (see AssessmentPage.open).
ROWS_PER_STEP = 8
#: Rows built before the page is first shown: more than a screenful.
FIRST_ROWS = 8
#: How many unanswered behaviours the completion message lists by name.
LIST_UNANSWERED = 8


class ValueSection(QFrame):
    """A value's heading, description and behaviour rows."""

    def __init__(self, number: int, title: str, description: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 8)
        layout.setSpacing(2)
        self.heading = QLabel(f"{number}. {title}")
        self.heading.setFont(heading_font(self.heading, 1.25))
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        if description:
            about = QLabel(description)
            about.setWordWrap(True)
            muted(about)
            layout.addWidget(about)
        self.rows: list[BehaviourRow] = []

    def add_row(self, row: BehaviourRow) -> None:
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        if self.rows:
            line = QFrame()
            line.setFrameShape(QFrame.Shape.HLine)
            line.setFrameShadow(QFrame.Shadow.Sunken)
            layout.addWidget(line)
        layout.addWidget(row)
        self.rows.append(row)


class AssessmentPage(ScreenPage[RatingScreen]):
    page_name = "assessment"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._view: AssessmentView | None = None
        self._framework: Framework | None = None
        self._rows: list[BehaviourRow | None] = []
        self._section_rows: list[list[int]] = []
        self._evidence: dict[str, str] = {}
        self._scale: list[Level] = []
        self._generation = 0
        self._row_index: dict[str, int] = {}
        self._numbers: dict[str, str] = {}
        self._levels: dict[str, Answer] = {}
        self._asked: list[tuple[Behaviour, ...]] = []
        self.prompt_edits: dict[str, EvidenceEdit] = {}
        self._prompt_saved: dict[str, str] = {}
        self._sections: list[ValueSection] = []
        # Changes kept while the organisation's server cannot be reached (ui/offline.py).
        self.offline = OfflineSaver(self, context)
        self._focus_pending = False
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._follow_focus)
        self.offline.offline_changed.connect(self._show_offline)
        self.offline.saved.connect(self._saved_later)
        self.offline.refused.connect(lambda _write, error: self._show_refused(error))
        self.undo_stack = QUndoStack(self)
        if context.undo_group is not None:
            context.undo_group.addStack(self.undo_stack)

        self.title = self.add_title(self.tr("Assessment"))
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.page_layout.addWidget(self.subtitle)

        bar = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Behaviours answered"))
        self.progress.setFormat(self.tr("%v of %m answered"))
        self.progress.setMinimumWidth(240)
        bar.addWidget(self.progress, 1)
        bar.addWidget(QLabel(self.tr("Go to value:")))
        self.value_picker = QComboBox()
        self.value_picker.setAccessibleName(self.tr("Go to value"))
        self.value_picker.setMinimumContentsLength(20)
        self.value_picker.activated.connect(self.go_to_value)
        bar.addWidget(self.value_picker)
        self.page_layout.addLayout(bar)

        self._keys_template = self.tr(
            "Keys: Tab next behaviour · 1–{n} choose a level · ←/→ step · E or Enter "
            "evidence · Ctrl+PgDn / Ctrl+PgUp next or previous value · Ctrl+Z undo"
        )
        self.keys_hint = QLabel()
        self.keys_hint.setWordWrap(True)
        muted(self.keys_hint)
        self.page_layout.addWidget(self.keys_hint)

        banner = QHBoxLayout()
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName(self.tr("Why this assessment cannot change"))
        banner.addWidget(self.banner, 1)
        self.new_version_button = QPushButton(self.tr("Start a &new version"))
        self.new_version_button.setAccessibleName(
            self.tr("Copy this assessment into a new version to change it")
        )
        self.new_version_button.clicked.connect(self.start_new_version)
        banner.addWidget(self.new_version_button)
        self.page_layout.addLayout(banner)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAccessibleName(self.tr("Behaviours"))
        self.scroll_area.setFrameShape(QFrame.Shape.StyledPanel)
        self.page_layout.addWidget(self.scroll_area, 1)

        footer = QHBoxLayout()
        self.saved_label = QLabel()
        self.saved_label.setAccessibleName(self.tr("Save status"))
        footer.addWidget(self.saved_label, 1)
        self.results_button = QPushButton(self.tr("See results"))
        self.results_button.setAccessibleName(self.tr("See the results of this assessment"))
        self.results_button.clicked.connect(self._ask_results)
        footer.addWidget(self.results_button)
        self.complete_button = QPushButton(self.tr("Mark complete"))
        self.complete_button.setAccessibleName(self.tr("Mark this assessment complete"))
        self.complete_button.clicked.connect(self.mark_complete)
        footer.addWidget(self.complete_button)
        self.page_layout.addLayout(footer)

    # -- opening --------------------------------------------------------------------

    @property
    def assessment(self) -> AssessmentView | None:
        return self._view

    def read_screen(self, library: Library, subject: int) -> RatingScreen:
        return rating_screen(library, subject)

    def person_of(self, screen: RatingScreen) -> int:
        return screen.person.id

    def show_subject(self, subject: int | None = None, *, quiet: bool = False) -> None:
        """Show an assessment for rating; the one shown already stays as it is (its rows
        hold what is being typed)."""
        if subject is not None and subject == self._subject and self._view is not None:
            return
        super().show_subject(subject, quiet=quiet)

    def activated(self) -> None:
        super().activated()
        self.undo_stack.setActive(True)
        if self._focus_pending:
            self.focus_first_unanswered()

    def focus_first_unanswered(self) -> None:
        """Put the keyboard on the first behaviour without an answer (the first one when
        every behaviour is answered), so the first number key rates it."""
        self._focus_pending = False
        if not self._rows:
            return
        order = sorted(self._row_index, key=self._row_index.__getitem__)
        first = next((b for b in order if self._levels.get(b) is None), order[0])
        self.focus_behaviour(self._row_index[first])

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        """The "Go to value" list shows the value the keyboard is in, however it got
        there."""
        if new is None or not self.isAncestorOf(new):
            return
        for index, section in enumerate(self._sections):
            if section.isAncestorOf(new):
                if self.value_picker.currentIndex() != index:
                    self.value_picker.setCurrentIndex(index)
                return

    def act(self, intent: str) -> None:
        if intent == "next-value":
            self.step_value(1)
        elif intent == "previous-value":
            self.step_value(-1)

    def draw(self, screen: RatingScreen) -> None:
        """Show the assessment for rating.

        The first value's rows are built at once; the others follow in small steps from
        the event loop, so even a framework of hundreds of behaviours opens without a wait.
        """
        self.undo_stack.clear()
        self._view = screen.assessment
        self._framework = screen.framework
        self._build(screen)
        for behaviour_id, rating in screen.ratings.items():
            if behaviour_id in self._row_index:
                self._levels[behaviour_id] = rating.answer
                self._evidence[behaviour_id] = rating.evidence
        self._build_section(0, limit=FIRST_ROWS)
        self._show_header()
        self.saved_label.setText("")
        self.scroll_area.verticalScrollBar().setValue(0)
        QTimer.singleShot(0, lambda generation=self._generation: self._build_more(generation))
        self._focus_pending = True
        if self.isVisible():
            QTimer.singleShot(0, self, self._focus_if_pending)

    def _focus_if_pending(self) -> None:
        if self._focus_pending and self.isVisible():
            self.focus_first_unanswered()

    def draw_empty(self) -> None:
        self.undo_stack.clear()
        self._view = None
        self._framework = None
        self._build(None)
        self.title.setText(self.tr("Assessment"))
        self.subtitle.setText(self.tr("Open an assessment from the home page."))

    def _build(self, screen: RatingScreen | None) -> None:
        """Empty sections (headings only) for the screen's framework; rows come later."""
        framework = screen.framework if screen is not None else None
        self._generation += 1
        old = self.scroll_area.takeWidget()
        if old is not None:
            old.deleteLater()
        self._rows = []
        self._row_index = {}
        self._numbers = {}
        self._levels = {}
        self._evidence = {}
        self._sections = []
        self._section_rows = []
        self._scale = []
        self.value_picker.clear()
        container = QWidget()
        layout = QVBoxLayout(container)
        layout.setContentsMargins(16, 8, 16, 16)
        # Rows arrive after the container is in the scroll area: its minimum size must
        # grow with them, or the scroll area squeezes them into the first height.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self._asked = []
        if screen is not None and framework is not None:
            self._scale = [Level(c.value, c.label, c.description) for c in screen.levels]
            self.keys_hint.setText(self._keys_template.format(n=len(self._scale)))
            for value, behaviours in screen.values():
                v_number = int(screen.numbers[behaviours[0].id].split(".")[0])
                section = ValueSection(v_number, value.title, value.description or "")
                indexes = []
                for behaviour in behaviours:
                    self._row_index[behaviour.id] = len(self._rows)
                    self._numbers[behaviour.id] = screen.numbers[behaviour.id]
                    self._levels[behaviour.id] = None
                    indexes.append(len(self._rows))
                    self._rows.append(None)
                layout.addWidget(section)
                self._sections.append(section)
                self._section_rows.append(indexes)
                self._asked.append(behaviours)
                self.value_picker.addItem(f"{v_number}. {value.title}")
            if screen.prompts:
                layout.addWidget(self._prompts_box(screen))
        layout.addStretch(1)
        self.scroll_area.setWidget(container)

    def _prompts_box(self, screen: RatingScreen) -> QWidget:
        """The framework's questions answered in words, after the values."""
        box = QGroupBox(self.tr("In your own words"))
        layout = QVBoxLayout(box)
        self.prompt_edits = {}
        for prompt in screen.prompts:
            question = QLabel(prompt.text)
            question.setWordWrap(True)
            layout.addWidget(question)
            edit = EvidenceEdit()
            edit.setAccessibleName(prompt.text)
            edit.setReadOnly(screen.read_only)
            edit.setPlainText(prompt.answer)
            edit.focus_left.connect(lambda pid=prompt.prompt_id: self._save_prompt(pid))
            layout.addWidget(edit)
            self.prompt_edits[prompt.prompt_id] = edit
        self._prompt_saved = {prompt.prompt_id: prompt.answer for prompt in screen.prompts}
        return box

    def _save_prompt(self, prompt_id: str) -> None:
        subject = self._subject
        edit = self.prompt_edits.get(prompt_id)
        if subject is None or edit is None:
            return
        text = edit.toPlainText()
        if text == self._prompt_saved.get(prompt_id, ""):
            return
        saved = (
            self.run(lambda lib: assessments.set_prompt_answer(lib, subject, prompt_id, text))
            .refused(self._show_refused)
            .run()
        )
        if saved is not None:
            self._prompt_saved[prompt_id] = text
            self.saved_label.setText(self.tr("Saved"))

    def _build_section(self, section_index: int, limit: int | None = None) -> int:
        """Build the section's missing rows (at most ``limit``); return how many were built."""
        framework = self._framework
        screen = self.shown
        section = self._sections[section_index]
        if framework is None or screen is None:
            return 0
        behaviours = self._asked[section_index]
        pending = list(zip(behaviours, self._section_rows[section_index], strict=True))[
            len(section.rows) :
        ]
        if limit is not None:
            pending = pending[:limit]
        for behaviour, row_index in pending:
            row = BehaviourRow(
                behaviour.id,
                self._numbers[behaviour.id],
                behaviour.text,
                [Level(c.value, c.label, c.description) for c in screen.levels_for(behaviour.id)],
                not_applicable=screen.not_applicable_for(behaviour.id),
                not_applicable_hint=screen.not_applicable_hint,
            )
            row.show_state(self._levels[behaviour.id], self._evidence.get(behaviour.id, ""))
            self._fit_row(row, behaviour.id)
            row.rating_chosen.connect(self._on_rating_chosen)
            row.evidence_edited.connect(self._on_evidence_edited)
            row.step_requested.connect(self._on_step)
            self._rows[row_index] = row
            section.add_row(row)
        return len(pending)

    def _fit_row(self, row: BehaviourRow, behaviour_id: str) -> None:
        """A row as the screen's mode wants it: the appraiser sees the person's own
        rating beside each behaviour; a signed record cannot be changed."""
        screen = self.shown
        if screen is None:
            return
        if screen.as_appraiser:
            row.evidence.setPlaceholderText(self.tr("What you have seen of this behaviour"))
            own = screen.self_ratings.get(behaviour_id)
            level = own.level if own is not None else None
            said = self.tr("{name}'s own rating: {level}").format(
                name=screen.person.name,
                level=self._level_label(level) if level is not None else self.tr("not rated"),
            )
            if own is not None and own.evidence.strip():
                said += " — " + own.evidence.strip()
            reference = muted(QLabel(said))
            reference.setWordWrap(True)
            reference.setAccessibleName(self.tr("The person's own rating"))
            layout = row.layout()
            if isinstance(layout, QVBoxLayout):
                layout.insertWidget(1, reference)
        if screen.read_only:
            row.rating.setEnabled(False)
            row.evidence.setReadOnly(True)
            if row.not_applicable is not None:
                row.not_applicable.setEnabled(False)

    def _level_label(self, level: int) -> str:
        for item in self._scale:
            if item.value == level:
                return f"{item.value} {item.label}"
        return str(level)

    def _build_more(self, generation: int) -> None:
        """Build a few more rows, then come back for the next few (keeps the UI responsive)."""
        if generation != self._generation:
            return  # another assessment was opened meanwhile
        for index in range(len(self._sections)):
            if self._build_section(index, limit=ROWS_PER_STEP):
                QTimer.singleShot(0, self, lambda: self._build_more(generation))
                return

    def _built_row(self, index: int) -> BehaviourRow:
        """The row at ``index``, building its section (and those before it) when needed."""
        row = self._rows[index]
        if row is None:
            for section_index, indexes in enumerate(self._section_rows):
                self._build_section(section_index)
                if index in indexes:
                    break
            row = self._rows[index]
        assert row is not None
        return row

    def built_count(self) -> int:
        """How many behaviour rows exist so far (the rest are on their way)."""
        return sum(1 for row in self._rows if row is not None)

    def is_fully_built(self) -> bool:
        return self.built_count() == len(self._rows)

    def _show_header(self) -> None:
        view = self._view
        screen = self.shown
        if view is None or screen is None:
            return
        if screen.as_appraiser:
            who = screen.appraisal.appraiser_name if screen.appraisal else ""
            self.title.setText(
                self.tr("Appraiser's ratings of {name}").format(name=screen.person.name)
            )
            if who:
                self.title.setText(
                    self.tr("{who} rating {name}").format(who=who, name=screen.person.name)
                )
        else:
            self.title.setText(self.tr("Rating: {name}").format(name=screen.person.name))
        self.subtitle.setText(assessment_summary(view))
        self._show_progress(view.progress)
        read_only = screen.read_only
        self.complete_button.setEnabled(not view.is_complete and not read_only)
        self.complete_button.setText(
            self.tr("Completed") if view.is_complete else self.tr("Mark complete")
        )
        record = screen.appraisal
        if read_only and record is not None and record.signed_on is not None:
            self.banner.setText(
                self.tr(
                    "This assessment belongs to the appraisal signed on {date}: it is shown "
                    "as signed and cannot change. Start a new version to change it."
                ).format(date=record.signed_on.isoformat())
            )
        self.banner.setVisible(read_only)
        self.new_version_button.setVisible(read_only)

    def start_new_version(self) -> None:
        """A copy to change: of the self assessment, or of the signed appraisal."""
        screen = self.shown
        if screen is None or not screen.read_only:
            return
        if screen.assessment.kind == "self" or screen.appraisal is None:
            subject = screen.assessment.id
            made = self.run(
                lambda lib: assessments.new_version(lib, subject), refused=self.tr("No new version")
            ).run()
            if made is not None:
                self._context.go("assessment", made.id)
            return
        record_id = screen.appraisal.id
        record = self.run(
            lambda lib: appraisal.new_version(lib, record_id), refused=self.tr("No new version")
        ).run()
        if record is not None:
            self._context.go("meeting", record.id)

    def _show_progress(self, progress: Progress) -> None:
        self.progress.setMaximum(max(progress.total, 1))
        self.progress.setValue(progress.answered)
        self.progress.setAccessibleDescription(
            self.tr("{answered} of {total} answered").format(
                answered=progress.answered, total=progress.total
            )
        )

    # -- saving ---------------------------------------------------------------------

    def _on_rating_chosen(self, behaviour_id: str, level: object) -> None:
        new: Answer = NOT_APPLICABLE if level is NOT_APPLICABLE else None
        if isinstance(level, int) and not isinstance(level, bool):
            new = level
        old = self._levels.get(behaviour_id)
        if new == old:
            return
        self.undo_stack.push(
            RatingCommand(self._save_level, behaviour_id, self._numbers[behaviour_id], old, new)
        )

    def _save_level(self, behaviour_id: str, level: Answer) -> bool:
        """Save one answer (the undo stack's commands call this). False when refused."""
        subject = self._subject
        if subject is None:
            return False
        change = self.offline.save(subject, behaviour_id, level=level, refused=self._show_refused)
        if change is None:
            self.row(behaviour_id).show_level(self._levels[behaviour_id])
            return False
        self._levels[behaviour_id] = level
        row = self.row(behaviour_id)
        if row.answer() != level:
            row.show_level(level)
        if isinstance(change, RatingChange):  # else kept, to save when the server is back
            self._after_save(change.assessment)
        return True

    def _on_evidence_edited(self, behaviour_id: str, text: str) -> None:
        subject = self._subject
        if subject is None:
            return
        change = self.offline.save(subject, behaviour_id, evidence=text, refused=self._show_refused)
        if isinstance(change, RatingChange):
            self._after_save(change.assessment)

    def _show_offline(self, offline: bool) -> None:
        text = (
            self.tr(
                "Offline: the server cannot be reached. Your changes are kept and will be "
                "saved when it is back (retrying every few seconds)."
            )
            if offline
            else self.tr("Back online: every change is saved")
        )
        self.saved_label.setText(text)
        self._context.status_message.emit(text)

    def _saved_later(self, change: RatingChange) -> None:
        if change.assessment.id == self._subject and not self.offline.offline:
            self._after_save(change.assessment)
        elif change.assessment.id == self._subject:
            self._view = change.assessment
            self._show_progress(change.assessment.progress)

    def _after_save(self, view: AssessmentView) -> None:
        was_complete = self._view is not None and self._view.is_complete
        self._view = view
        self._show_progress(view.progress)
        self.saved_label.setText(self.tr("Saved"))
        self._context.status_message.emit(self.tr("Saved"))
        if was_complete != view.is_complete:
            self._show_header()

    def _show_refused(self, error: UserError) -> None:
        text = "\n".join(error.problems)
        self.saved_label.setText(self.tr("Not saved"))
        self._context.status_message.emit(self.tr("Not saved: {problem}").format(problem=text))
        messages.problem(self, self.tr("Not saved"), text)

    def leave(self) -> None:
        self.undo_stack.setActive(False)
        for row in self._rows:
            if row is not None and row.has_pending_evidence():
                row.flush_evidence()

    def unsaved(self) -> int:
        return len(self.offline.pending())

    # -- keyboard -------------------------------------------------------------------

    def _on_step(self, behaviour_id: str, step: int) -> None:
        index = self._row_index[behaviour_id] + step
        if 0 <= index < len(self._rows):
            self.focus_behaviour(index)
        elif index >= len(self._rows):
            self.complete_button.setFocus(Qt.FocusReason.TabFocusReason)
        else:
            self.value_picker.setFocus(Qt.FocusReason.BacktabFocusReason)

    def focus_behaviour(self, index: int) -> None:
        row = self._built_row(index)
        row.focus_rating()
        self.scroll_area.ensureWidgetVisible(row, 0, 60)

    def row(self, behaviour_id: str) -> BehaviourRow:
        return self._built_row(self._row_index[behaviour_id])

    def rows(self) -> list[BehaviourRow]:
        """Every behaviour's row, in framework order (all built)."""
        return [self._built_row(index) for index in range(len(self._rows))]

    def current_value_index(self) -> int:
        """The value holding the keyboard focus, else the one at the top of the view."""
        focused = self.focusWidget()
        for index, section in enumerate(self._sections):
            if focused is not None and section.isAncestorOf(focused):
                return index
        top = self.scroll_area.verticalScrollBar().value()
        current = 0
        for index, section in enumerate(self._sections):
            if section.y() <= top + 1:
                current = index
        return current

    def step_value(self, step: int) -> None:
        if not self._sections:
            return
        current = self.current_value_index()
        target = max(0, min(len(self._sections) - 1, current + step))
        self.go_to_value(target)

    def go_to_value(self, index: int) -> None:
        section = self._sections[index]
        self.value_picker.setCurrentIndex(index)
        if self._section_rows[index]:
            first = self._built_row(self._section_rows[index][0])
            first.focus_rating()
        container = self.scroll_area.widget()
        layout = container.layout() if container is not None else None
        if layout is not None:
            layout.activate()  # the section's position, with the rows just built
        self.scroll_area.verticalScrollBar().setValue(section.y())

    # -- completing -----------------------------------------------------------------

    def mark_complete(self) -> None:
        subject = self._subject
        if subject is None:
            return
        self.leave()
        result = self.run(lambda lib: assessments.complete_assessment(lib, subject)).run()
        if result is None:
            return
        if not result.completed:
            if not messages.confirm(
                self,
                self.tr("Some behaviours are not rated"),
                self._unanswered_text(result.unanswered),
                self.tr("Mark complete anyway"),
            ):
                self._point_at(result.unanswered[0])
                return
            result = self.run(
                lambda lib: assessments.complete_assessment(lib, subject, force=True)
            ).run()
            if result is None:
                return
        self._view = result.assessment
        self._show_header()
        self._context.status_message.emit(self.tr("Assessment marked complete"))
        self._context.go("results", subject)

    def _unanswered_text(self, unanswered: tuple[str, ...]) -> str:
        framework = self._framework
        assert framework is not None
        lines = []
        for behaviour_id in unanswered[:LIST_UNANSWERED]:
            _, behaviour = framework.behaviour_index[behaviour_id]
            lines.append(f"{self._numbers[behaviour_id]}  {behaviour.text}")
        more = len(unanswered) - LIST_UNANSWERED
        if more > 0:
            lines.append(self.tr("… and {count} more").format(count=more))
        intro = self.tr("{count} of {total} behaviours have no rating yet:").format(
            count=len(unanswered),
            total=self._view.progress.total if self._view else framework.behaviour_count,
        )
        outro = self.tr(
            "Unrated behaviours are left out of your results. Cancel to go to the first one."
        )
        return "\n\n".join([intro, "\n".join(lines), outro])

    def _point_at(self, behaviour_id: str) -> None:
        index = self._row_index.get(behaviour_id)
        if index is not None:
            self.focus_behaviour(index)

    def _ask_results(self) -> None:
        self.leave()
        if self._subject is not None:
            self._context.go("results", self._subject)
