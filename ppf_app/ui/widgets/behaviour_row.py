"""One behaviour on the assessment page: its text, the rating control, an evidence note."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ppf_app.domain.answers import NOT_APPLICABLE, Answer
from ppf_app.ui.widgets.rating_control import Level, RatingControl

#: Evidence is saved this long after the last keystroke, and at once whenever the note
#: loses focus (another field, another page, another window): a crash or a kill loses at
#: most the last this-many milliseconds of typing.
EVIDENCE_DEBOUNCE_MS = 400


class EvidenceEdit(QPlainTextEdit):
    """A short multi-line note; Tab leaves it, focus-out announces it."""

    focus_left = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        lines = 2.6
        self.setFixedHeight(int(self.fontMetrics().lineSpacing() * lines + 12))

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_left.emit()


class BehaviourRow(QWidget):
    """Rating and evidence for one behaviour. Emits user changes; shows given state."""

    #: (behaviour id, level or None) when the user chooses a level.
    rating_chosen = Signal(str, object)
    #: (behaviour id, text) when an evidence note should be saved.
    evidence_edited = Signal(str, str)
    #: (behaviour id, +1 / -1): move to the next or previous behaviour.
    step_requested = Signal(str, int)

    def __init__(
        self,
        behaviour_id: str,
        number: str,
        text: str,
        levels: Sequence[Level],
        parent: QWidget | None = None,
        *,
        not_applicable: str = "",
        not_applicable_hint: str = "",
    ) -> None:
        super().__init__(parent)
        self.behaviour_id = behaviour_id
        self._saved_evidence = ""
        self._not_applicable_hint = not_applicable_hint
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 10)
        layout.setSpacing(4)
        self.text_label = QLabel(f"<b>{number}</b>&nbsp; {_escape(text)}")
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.text_label)

        controls = QHBoxLayout()
        controls.setSpacing(12)
        self.rating = RatingControl(levels)
        self.rating.setAccessibleName(
            self.tr("Rating for {number} {text}").format(number=number, text=text)
        )
        controls.addWidget(self.rating)
        #: "Not applicable" beside the scale, when the framework offers it here.
        self.not_applicable: QPushButton | None = None
        if not_applicable:
            self.not_applicable = QPushButton(not_applicable)
            self.not_applicable.setCheckable(True)
            self.not_applicable.setAccessibleName(
                self.tr("{label} for {number}").format(label=not_applicable, number=number)
            )
            self.not_applicable.setToolTip(
                not_applicable_hint
                or self.tr("Not a level: this does not apply to you. It is never a gap.")
            )
            self.not_applicable.toggled.connect(self._on_not_applicable)
            controls.addWidget(self.not_applicable)
        controls.addStretch(1)
        layout.addLayout(controls)
        # The descriptor of the level under the mouse or keyboard cursor (else the chosen one).
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName(self.tr("Level description"))
        self.hint.setMinimumHeight(self.hint.fontMetrics().lineSpacing())
        hint_font = self.hint.font()
        hint_font.setItalic(True)
        self.hint.setFont(hint_font)
        layout.addWidget(self.hint)

        self.evidence = EvidenceEdit()
        self.evidence.setPlaceholderText(
            self.tr("Evidence: an example from your work that shows this (optional)")
        )
        self.evidence.setAccessibleName(self.tr("Evidence for {number}").format(number=number))
        layout.addWidget(self.evidence)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(EVIDENCE_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.flush_evidence)

        self.rating.level_chosen.connect(self._on_level)
        self.rating.hint_changed.connect(self._show_hint)
        self.rating.step_requested.connect(
            lambda step: self.step_requested.emit(behaviour_id, step)
        )
        self.rating.evidence_requested.connect(self.focus_evidence)
        self.evidence.textChanged.connect(self._debounce.start)
        self.evidence.focus_left.connect(self.flush_evidence)
        self.evidence.installEventFilter(self)

    # -- state ----------------------------------------------------------------------

    def show_state(self, level: Answer, evidence: str) -> None:
        """Display saved values without emitting changes."""
        self.show_level(level)
        if evidence != self.evidence.toPlainText():
            blocked = self.evidence.blockSignals(True)
            self.evidence.setPlainText(evidence)
            self.evidence.blockSignals(blocked)
        self._saved_evidence = evidence

    def show_level(self, level: Answer) -> None:
        """Show an answer (a level, not applicable, or none) without emitting changes."""
        self.rating.set_level(level if isinstance(level, int) else None)
        if self.not_applicable is not None:
            blocked = self.not_applicable.blockSignals(True)
            self.not_applicable.setChecked(level is NOT_APPLICABLE)
            self.not_applicable.blockSignals(blocked)
        self._show_hint("")

    def answer(self) -> Answer:
        if self.not_applicable is not None and self.not_applicable.isChecked():
            return NOT_APPLICABLE
        return self.rating.level()

    def focus_rating(self) -> None:
        self.rating.setFocus(Qt.FocusReason.TabFocusReason)

    def focus_evidence(self) -> None:
        self.evidence.setFocus(Qt.FocusReason.OtherFocusReason)

    def flush_evidence(self) -> None:
        """Save the note now if it changed since the last save."""
        self._debounce.stop()
        text = self.evidence.toPlainText()
        if text != self._saved_evidence:
            self._saved_evidence = text
            self.evidence_edited.emit(self.behaviour_id, text)

    def has_pending_evidence(self) -> bool:
        return self.evidence.toPlainText() != self._saved_evidence

    # -- private --------------------------------------------------------------------

    def _on_level(self, level: object) -> None:
        if self.not_applicable is not None and self.not_applicable.isChecked():
            blocked = self.not_applicable.blockSignals(True)
            self.not_applicable.setChecked(False)
            self.not_applicable.blockSignals(blocked)
        self.rating_chosen.emit(self.behaviour_id, level)
        self._show_hint(self.rating.descriptor(_index(self.rating, level)))

    def _on_not_applicable(self, checked: bool) -> None:
        if checked:
            self.rating.set_level(None)
        self.rating_chosen.emit(self.behaviour_id, NOT_APPLICABLE if checked else None)
        self._show_hint("")

    def _show_hint(self, text: str) -> None:
        if not text:
            if self.not_applicable is not None and self.not_applicable.isChecked():
                text = self._not_applicable_hint
            else:
                level = self.rating.level()
                text = (
                    self.rating.descriptor(_index(self.rating, level)) if level is not None else ""
                )
        self.hint.setText(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Escape in the note returns to the rating control.
        if (
            watched is self.evidence
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            self.focus_rating()
            return True
        return super().eventFilter(watched, event)


def _index(control: RatingControl, level: object) -> int | None:
    for index, item in enumerate(control.levels):
        if item.value == level:
            return index
    return None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
