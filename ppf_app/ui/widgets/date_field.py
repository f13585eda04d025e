"""A date that may be left empty: a line to type it in, a calendar to pick it, a button to
clear it.

Typing takes the system's short date format (``31/03/2027`` in the UK), ISO
(``2027-03-31``) or the format the field shows; the date is taken when Enter is pressed
or the field loses focus. An empty field shows "No date" greyed as a placeholder, so
typing into it starts from nothing. A typed text that is not a date stays as typed, is
marked "Not a date" beside the field and changes nothing, until it is corrected or
cleared. The calendar (the button, or Alt+Down or F4 in the field) opens on the date
shown, else on today.

Besides its own API (:meth:`value`, :meth:`set_value`, :attr:`value_changed`), it
answers the calls a ``QDateEdit`` with a "No date" special value took, so a form can
swap one for the other: :meth:`date` gives :meth:`minimumDate` when empty,
:meth:`setDate` with the minimum (or an invalid date) clears it, and
:attr:`dateChanged` sends the new date, or the minimum when cleared.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

#: ``datetime.date``, for annotations inside :class:`DateField` (whose ``date()`` is Qt's).
Day = date
#: The date that stands for "No date" in the QDateEdit-shaped calls (their minimum).
NO_DATE = QDate(2000, 1, 1)
#: The format every field accepts whatever the system's: ISO 8601.
ISO_FORMAT = "yyyy-MM-dd"
#: The frame of a field whose typed text is not a date.
PROBLEM_COLOUR = "#d0342c"


def to_date(chosen: QDate) -> date | None:
    """A Python date from a QDate; None for an invalid one."""
    if not chosen.isValid():
        return None
    return date(chosen.year(), chosen.month(), chosen.day())


def short_format(locale: QLocale) -> str:
    """The locale's short date format with the year in four digits (``dd/MM/yyyy``)."""
    text = locale.dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in text:
        text = text.replace("yy", "yyyy")
    return text


def parse_date(text: str, locale: QLocale, extra_formats: tuple[str, ...] = ()) -> QDate:
    """The date ``text`` names in ISO, the locale's short format (two or four digit year)
    or one of ``extra_formats``; an invalid QDate when it names none."""
    text = " ".join(text.split())
    if not text:
        return QDate()
    try:
        iso = date.fromisoformat(text)
    except ValueError:
        pass
    else:
        return QDate(iso.year, iso.month, iso.day)
    # A two-digit year is read as within fifty years either side of today.
    base_year = QDate.currentDate().year() - 50
    formats = [short_format(locale), locale.dateFormat(QLocale.FormatType.ShortFormat)]
    formats += [*extra_formats, locale.dateFormat(QLocale.FormatType.LongFormat)]
    for form in dict.fromkeys(formats):
        found = locale.toDate(text, form, base_year)
        if found.isValid():
            return found
    return QDate()


class _CalendarPopup(QFrame):
    """The calendar under the field: Enter or a click picks, Escape closes."""

    picked = Signal(QDate)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setAccessibleName(self.tr("Calendar"))
        layout.addWidget(self.calendar)
        self.calendar.clicked.connect(self.picked)
        self.calendar.activated.connect(self.picked)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)


class DateField(QWidget):
    """A date or none (see the module's description)."""

    #: The date was changed by the user or by :meth:`set_value`: a ``date`` or None.
    value_changed = Signal(object)
    #: As ``QDateEdit.dateChanged``: the new date, or :meth:`minimumDate` when cleared.
    dateChanged = Signal(QDate)
    #: The typed text is not a date (the text), or is again acceptable ("").
    problem_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value: date | None = None
        self._minimum = NO_DATE
        self._maximum = QDate(9999, 12, 31)
        self._display_format = ""
        self._problem = ""
        self._popup: _CalendarPopup | None = None

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.line = QLineEdit()
        self.line.setPlaceholderText(self.tr("No date"))
        self.line.setMinimumWidth(self.line.fontMetrics().horizontalAdvance("00 September 0000"))
        self.line.editingFinished.connect(self.commit_text)
        self.line.textEdited.connect(self._on_text_edited)
        self.line.installEventFilter(self)
        layout.addWidget(self.line)
        self.setFocusProxy(self.line)

        self.calendar_button = QToolButton()
        self.calendar_button.setText(self.tr("Calendar…"))
        self.calendar_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.calendar_button.setAccessibleName(self.tr("Choose the date from a calendar"))
        self.calendar_button.setToolTip(self.tr("Choose from a calendar (Alt+Down)"))
        self.calendar_button.clicked.connect(self.open_calendar)
        layout.addWidget(self.calendar_button)

        self.clear_button = QPushButton(self.tr("No date"))
        self.clear_button.setAccessibleName(self.tr("Clear the date"))
        self.clear_button.clicked.connect(self.clear)
        layout.addWidget(self.clear_button)

        self.problem_label = QLabel()
        self.problem_label.setAccessibleName(self.tr("Date problem"))
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        layout.addWidget(self.problem_label, 1)
        self._update_tooltip()

    # -- the value ----------------------------------------------------------------------

    def value(self) -> date | None:
        """The date taken (None: no date). A typed text not yet taken does not count."""
        return self._value

    def set_value(self, value: date | None) -> None:
        """Show ``value`` (None: no date); :attr:`value_changed` only when it differs."""
        self._problem_off()
        self._show(value)
        self._take(value)

    def clear(self) -> None:
        """No date (as the clear button does)."""
        self.set_value(None)

    def problem(self) -> str:
        """Why the typed text was not taken ("" when it was)."""
        return self._problem

    def commit_text(self) -> None:
        """Take the typed text: a date, nothing (empty), or a problem shown beside it."""
        text = self.line.text()
        if not text.strip():
            self._problem_off()
            self._take(None)
            return
        found = parse_date(text, self.locale(), self._extra_formats())
        if not found.isValid() or not self._minimum < found <= self._maximum:
            self._problem_on(text)
            return
        self._problem_off()
        chosen = to_date(found)
        self._show(chosen)
        self._take(chosen)

    # -- the calendar -------------------------------------------------------------------

    def open_calendar(self) -> None:
        """Show the calendar under the field, on the date shown or else on today."""
        if self._popup is None:
            self._popup = _CalendarPopup(self)
            self._popup.picked.connect(self._picked)
        calendar = self._popup.calendar
        calendar.setMinimumDate(self._minimum.addDays(1))
        calendar.setMaximumDate(self._maximum)
        typed = parse_date(self.line.text(), self.locale(), self._extra_formats())
        if typed.isValid():
            start = typed
        elif self._value is not None:
            start = QDate(self._value)
        else:
            start = QDate.currentDate()
        calendar.setSelectedDate(start)
        calendar.setCurrentPage(start.year(), start.month())
        self._popup.adjustSize()
        self._popup.move(self.line.mapToGlobal(QPoint(0, self.line.height())))
        self._popup.show()
        calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def calendar(self) -> QCalendarWidget | None:
        """The calendar while it is open (tests drive it)."""
        popup = self._popup
        return popup.calendar if popup is not None and popup.isVisible() else None

    def _picked(self, chosen: QDate) -> None:
        if self._popup is not None:
            self._popup.close()
        self.set_value(to_date(chosen))
        self.line.setFocus(Qt.FocusReason.PopupFocusReason)

    # -- QDateEdit's shape --------------------------------------------------------------

    def date(self) -> QDate:
        return QDate(self._value) if self._value is not None else QDate(self._minimum)

    def setDate(self, chosen: QDate) -> None:
        if not chosen.isValid() or chosen <= self._minimum:
            self.set_value(None)
        else:
            self.set_value(to_date(chosen))

    def minimumDate(self) -> QDate:
        return QDate(self._minimum)

    def setMinimumDate(self, minimum: QDate) -> None:
        """Dates up to ``minimum`` stand for "no date" (as a QDateEdit's special value)."""
        self._minimum = QDate(minimum)

    def setMaximumDate(self, maximum: QDate) -> None:
        self._maximum = QDate(maximum)

    def setSpecialValueText(self, text: str) -> None:
        """What the empty field shows, greyed."""
        self.line.setPlaceholderText(text)

    def setDisplayFormat(self, display_format: str) -> None:
        """How a taken date is shown (Qt date format); the locale's short one by default."""
        self._display_format = display_format
        self._show(self._value)

    def displayFormat(self) -> str:
        return self._display_format or short_format(self.locale())

    def setCalendarPopup(self, _enable: bool) -> None:
        """The calendar is always offered."""

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self.line.setAccessibleName(name)
        self.calendar_button.setAccessibleName(
            self.tr("Choose the {name} from a calendar").format(name=name.lower())
        )
        self.clear_button.setAccessibleName(self.tr("Clear the {name}").format(name=name.lower()))

    # -- inside ---------------------------------------------------------------------------

    def _extra_formats(self) -> tuple[str, ...]:
        return (self.displayFormat(),)

    def _show(self, value: Day | None) -> None:
        if value is None:
            self.line.clear()
        else:
            self.line.setText(self.locale().toString(QDate(value), self.displayFormat()))

    def _take(self, value: Day | None) -> None:
        if value == self._value:
            return
        self._value = value
        self.value_changed.emit(value)
        self.dateChanged.emit(self.date())

    def _on_text_edited(self, _text: str) -> None:
        if self._problem:
            self._problem_off()

    def _problem_on(self, text: str) -> None:
        self._problem = text
        example = self.locale().toString(QDate.currentDate(), short_format(self.locale()))
        message = self.tr("Not a date. Type it as {example} or {iso}.").format(
            example=example, iso=QDate.currentDate().toString(ISO_FORMAT)
        )
        self.problem_label.setText("⚠ " + message)
        self.problem_label.show()
        self.line.setAccessibleDescription(message)
        self.line.setProperty("accepted", False)
        # A red frame (readable on light and dark backgrounds) marks the field at a glance.
        self.line.setStyleSheet(f"QLineEdit {{ border: 2px solid {PROBLEM_COLOUR}; }}")
        self.problem_changed.emit(text)

    def _problem_off(self) -> None:
        if not self._problem:
            return
        self._problem = ""
        self.problem_label.hide()
        self.problem_label.clear()
        self.line.setAccessibleDescription("")
        self.line.setProperty("accepted", True)
        self.line.setStyleSheet("")
        self.problem_changed.emit("")

    def _update_tooltip(self) -> None:
        example = QDate(QDate.currentDate().year() + 1, 3, 31)
        self.line.setToolTip(
            self.tr("Type a date such as {example} or {iso}, or leave it empty.").format(
                example=self.locale().toString(example, short_format(self.locale())),
                iso=example.toString(ISO_FORMAT),
            )
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.line
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            alt_down = event.key() == Qt.Key.Key_Down and bool(
                event.modifiers() & Qt.KeyboardModifier.AltModifier
            )
            if alt_down or event.key() == Qt.Key.Key_F4:
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)
