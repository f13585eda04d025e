"""The page protocol: what a page shows, how it is shown and cleared, and how it keeps
itself up to date.

Every page of the main window is a :class:`Page`. The main window only builds pages
(when first shown), puts them in its stack and routes between them:

- ``show_subject(subject)`` shows the page about ``subject`` (an assessment id for the pages
  that show one assessment, None for the others) and ``clear()`` shows nothing;
- ``activated()`` is called each time the page comes to the front and ``leave()``
  before another page does (save what is pending);
- ``act(intent)`` does one of the page's own actions, asked for by a menu.

A page draws itself from one read of its screen (:meth:`draw` gets what
``ppf_app.services.screens`` returned). It listens to the change sets operations
announce; when one touches what it shows it reads again, at once when it is in front,
else the next time it is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ppf_app.services.unit import Changes
from ppf_app.services.views import AssessmentView, PersonView
from ppf_app.ui import messages, operations

if TYPE_CHECKING:
    from ppf_app.services.library import Library
    from ppf_app.ui.context import AppContext

S = TypeVar("S")


class PageBody(QWidget):
    """What a page shows, in its scroll area: as tall as the window, and taller only as
    far as its parts need at their least (word-wrapped text at the width it is given, a
    table at its least height); stretching parts, such as tables, share what is left.

    (A scroll area would otherwise give a body of wrapped text its preferred height, and
    a page that fits the window would scroll.)
    """

    def heightForWidth(self, width: int) -> int:
        layout = self.layout()
        if layout is None:
            return super().heightForWidth(width)
        least = layout.minimumHeightForWidth(width)
        return least if least >= 0 else layout.totalMinimumSize().height()


class Page(QWidget):
    """A page of the main window.

    Class attributes:
        page_name: its name in navigation and settings.
        needs_subject: shown only about an assessment (``show(assessment_id)``).
    """

    page_name = ""
    needs_subject = False

    #: The page was cleared: it has nothing to show any more.
    emptied = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        # The page's body scrolls up and down when the window is lower than the page
        # (a laptop at 150 %); its parts reflow to the width, so it never scrolls sideways.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.page_scroll = QScrollArea()
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setAccessibleName(self.tr("Page"))
        self.body = PageBody()
        self.page_layout = QVBoxLayout(self.body)
        self.page_layout.setContentsMargins(24, 20, 24, 16)
        self.page_layout.setSpacing(12)
        self.page_scroll.setWidget(self.body)
        outer.addWidget(self.page_scroll)
        context.changed.connect(self._on_changed)
        context.person_changed.connect(self._on_person_changed)

    @property
    def context(self) -> AppContext:
        return self._context

    # -- the protocol -----------------------------------------------------------------

    @property
    def subject(self) -> int | None:
        """The assessment shown (None: none, or a page not about one)."""
        return None

    def show_subject(self, subject: int | None = None, *, quiet: bool = False) -> None:
        """Show the page about ``subject`` (``quiet``: when it cannot be shown, say
        nothing; restoring the last session)."""

    def clear(self) -> None:
        """Show nothing (another person was chosen, the record was deleted)."""

    def activated(self) -> None:
        """Called each time the page comes to the front."""

    def leave(self) -> None:
        """Called before another page comes to the front or the window closes: save
        pending edits."""

    def unsaved(self) -> int:
        """How many changes the page holds that could not be saved yet (kept while the
        organisation's server cannot be reached); closing the window would lose them."""
        return 0

    def act(self, intent: str) -> None:
        """Do one of the page's own actions, named by the menu that asks for it
        (``"add"``, ``"save-pdf"``, ``"next-value"``...); others are ignored."""

    def affected_by(self, changes: Changes) -> bool:
        """Whether ``changes`` touch what the page shows."""
        return False

    def refresh(self) -> None:
        """Read what the page shows again and draw it."""

    # -- keeping up to date -----------------------------------------------------------

    def _on_changed(self, changes: Changes, source: object) -> None:
        if source is not self and self.affected_by(changes):
            self.changes_arrived(changes)

    def changes_arrived(self, changes: Changes) -> None:
        """What touched this page: read again now (in front) or when next shown."""
        self.refresh()

    def _on_person_changed(self, person: PersonView | None) -> None:
        """Another person's record was opened."""

    # -- building blocks --------------------------------------------------------------

    def run(self, operation: Callable[..., Any], *, refused: str = "") -> operations.Op[Any]:
        """An operation started from this page (see :class:`ppf_app.ui.operations.Op`)."""
        return operations.Op(self, self._context, operation, refused_title=refused)

    def add_title(self, text: str) -> QLabel:
        title = QLabel(text)
        title.setAccessibleName(text)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        title.setWordWrap(True)
        self.page_layout.addWidget(title)
        return title

    def add_header(self, title: str = "") -> QHBoxLayout:
        """A title and subtitle (``self.title``, ``self.subtitle``) with room on the right
        for the page's buttons; the caller adds the buttons, then the row to the page."""
        header = QHBoxLayout()
        titles = QVBoxLayout()
        self.title = QLabel(title)
        self.title.setFont(heading_font(self, 1.6))
        self.title.setWordWrap(True)
        titles.addWidget(self.title)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        return header


class ScreenPage(Page, Generic[S]):
    """A page about one assessment, drawn from one read of its screen.

    Subclasses give :meth:`read_screen` (one service call) and :meth:`draw`. A change
    announced while the page is hidden only marks it stale; it is read again the next
    time it is shown, so hidden pages cost nothing while someone rates.
    """

    needs_subject = True

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._subject: int | None = None
        self._person_id: int | None = None
        self._stale = False
        self.shown: S | None = None

    @property
    def subject(self) -> int | None:
        return self._subject

    @property
    def assessment(self) -> AssessmentView | None:
        """The assessment shown (the screen's), or None."""
        shown = getattr(self.shown, "assessment", None)
        return shown if isinstance(shown, AssessmentView) else None

    def read_screen(self, library: Library, subject: int) -> S:
        """The page's one read: a screen function of ``ppf_app.services.screens``."""
        raise NotImplementedError

    def draw(self, screen: S) -> None:
        raise NotImplementedError

    def draw_empty(self) -> None:
        raise NotImplementedError

    def person_of(self, screen: S) -> int:
        """Whose record ``screen`` shows (a page never shows another person's)."""
        raise NotImplementedError

    def show_subject(self, subject: int | None = None, *, quiet: bool = False) -> None:
        if subject is None:
            subject = self._subject
        if subject is None:
            return
        self.leave()
        subject_id = subject
        screen = operations.read(
            self,
            self._context,
            lambda library: self.read_screen(library, subject_id),
            quiet=quiet,
        )
        if screen is None:
            return
        person = self._context.person
        if person is None or self.person_of(screen) != person.id:
            # Never show one person's record under another's name.
            if not quiet:
                messages.warn(
                    self,
                    self.tr("Another person's assessment"),
                    self.tr("This assessment belongs to someone else; switch person first."),
                )
            return
        self._subject = subject
        self._person_id = person.id
        self._stale = False
        self.shown = screen
        self.draw(screen)

    def refresh(self) -> None:
        if self._subject is None:
            return
        if not self.isVisible():
            self._stale = True
            return
        self.show_subject(self._subject)

    def clear(self) -> None:
        self.leave()
        self._subject = None
        self._person_id = None
        self._stale = False
        self.shown = None
        self.draw_empty()
        self.emptied.emit()

    def activated(self) -> None:
        if self._subject is not None and self._stale:
            self.show_subject(self._subject)

    def affected_by(self, changes: Changes) -> bool:
        if self._subject is None:
            return False
        if self._subject in changes.removed:
            return True
        return changes.touches_assessment(self._subject) or (
            self._person_id is not None and self._person_id in changes.people
        )

    def changes_arrived(self, changes: Changes) -> None:
        if self._subject is not None and self._subject in changes.removed:
            self.clear()
        else:
            self.refresh()

    def _on_person_changed(self, person: PersonView | None) -> None:
        if self._subject is not None and (person is None or person.id != self._person_id):
            self.clear()


def muted(label: QLabel) -> QLabel:
    """Secondary text in the palette's muted colour (follows light and dark themes)."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def heading_font(widget: QWidget, scale: float = 1.2) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    return font
