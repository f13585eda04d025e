"""What every page shares: the open library, whose record is open, what changed, and
where the user wants to go.

Pages never call each other or the main window. They read and write through
:class:`ppf_app.ui.operations.Op`, which announces each operation's change set here
(:attr:`AppContext.changed`); each page listens and refreshes what it shows. A page that
wants another page shown asks with :meth:`AppContext.go`; the main window routes it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoGroup

from ppf_app.services.library import Library
from ppf_app.services.unit import Changes
from ppf_app.services.views import PersonView


class AppContext(QObject):
    #: Records changed (a :class:`Changes`, and the widget whose operation changed them):
    #: every other page showing one of them refreshes.
    changed = Signal(object, object)
    #: Whose record is open changed (a PersonView, or None when nobody is chosen).
    person_changed = Signal(object)
    #: Show a page: its name, what it is about (an assessment or person id, or None),
    #: and what to do there once shown ("" for nothing; see ``Page.act``).
    navigation_requested = Signal(str, object, str)
    #: A short message for the status bar ("Saved", ...).
    status_message = Signal(str)

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self._person: PersonView | None = None
        #: The undo stacks of the pages that have one (the Edit menu acts on the active).
        self.undo_group: QUndoGroup | None = None

    @property
    def data_folder(self) -> Path:
        return self.library.paths.root

    # -- whose record is open ---------------------------------------------------------

    @property
    def person(self) -> PersonView | None:
        return self._person

    def set_person(self, person: PersonView | None) -> None:
        """Open ``person``'s record (None: nobody); pages showing another's close."""
        if person == self._person:
            return
        self._person = person
        self.person_changed.emit(person)

    def group_title(self, group_id: str) -> str:
        """The default framework's title for a professional group id."""
        group = self.library.frameworks.default().group(group_id)
        return group.title if group is not None else group_id

    # -- announcements and routes -----------------------------------------------------

    def announce(self, changes: Changes, source: QObject | None = None) -> None:
        """Tell every page what an operation started from ``source`` changed.

        The page that started it has drawn the result already and does not read again.
        """
        self.changed.emit(changes, source)

    def go(self, page_name: str, subject: int | None = None, intent: str = "") -> None:
        """Ask for ``page_name`` to be shown (about ``subject`` when given), then to do
        ``intent`` there."""
        self.navigation_requested.emit(page_name, subject, intent)
