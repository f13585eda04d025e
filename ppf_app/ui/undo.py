"""Undoable rating changes: each undo and redo saves through the service again."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from ppf_app.domain.answers import Answer

#: Saves an answer (a level, not applicable, or None to clear it) for a behaviour;
#: returns False when refused.
SaveLevel = Callable[[str, Answer], bool]


class RatingCommand(QUndoCommand):
    """One rating change. ``redo`` runs when pushed: that first run is the save itself."""

    def __init__(
        self,
        save: SaveLevel,
        behaviour_id: str,
        number: str,
        old: Answer,
        new: Answer,
    ) -> None:
        super().__init__(
            QCoreApplication.translate("RatingCommand", "rating of {number}").format(number=number)
        )
        self._save = save
        self.behaviour_id = behaviour_id
        self.old = old
        self.new = new
        self.failed = False

    def redo(self) -> None:
        self.failed = not self._save(self.behaviour_id, self.new)
        if self.failed:
            # Refused: a command that did nothing must not sit on the stack.
            self.setObsolete(True)

    def undo(self) -> None:
        self._save(self.behaviour_id, self.old)
