"""Saving ratings while the organisation's database server cannot be reached.

On a server, a rating or a note saved while the network or the server is down would
otherwise be refused and lost. :class:`OfflineSaver` is the Rate page's door for saving
one: it saves at once as usual, and when the server cannot be reached it keeps the change
instead (the page goes on showing it), says the page is offline, and from then on keeps
every further change too, without trying the network on each keystroke. Every few
seconds it tries again off the UI thread, saving what it kept in the order it was made
(the newest value of each field wins); once everything is saved it says so and the page
is back online. A kept change the server refuses once it is back (the appraisal was
signed meanwhile, say) is reported like any refusal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

from ppf_app.core.errors import UserError
from ppf_app.domain.answers import Answer
from ppf_app.services import assessments
from ppf_app.services.assessments import UNCHANGED
from ppf_app.services.unit import perform
from ppf_app.services.views import RatingChange

if TYPE_CHECKING:
    from ppf_app.ui.context import AppContext
    from ppf_app.ui.pages.base import Page

log = logging.getLogger(__name__)

#: How often kept changes are tried again while offline.
RETRY_MS = 3000


class Kept(Enum):
    """What :meth:`OfflineSaver.save` returns for a change kept to save later."""

    KEPT = "kept"


KEPT = Kept.KEPT


def is_unreachable(error: BaseException) -> bool:
    """Whether ``error`` says the database server cannot be reached, or stopped the change
    because it met another at the same moment (a deadlock): nothing was saved, and trying
    again later will."""
    from ppf_app.services.server import ServerError, ServerProblem

    return isinstance(error, ServerError) and error.kind in (
        ServerProblem.UNREACHABLE,
        ServerProblem.BUSY,
    )


@dataclass(frozen=True)
class PendingWrite:
    """A change not saved yet: one behaviour's answer and/or evidence.

    ``version`` counts the changes merged into it, so a retry that saved an older
    version leaves a newer one kept.
    """

    assessment_id: int
    behaviour_id: str
    level: Answer | Any = UNCHANGED
    evidence: str | Any = UNCHANGED
    version: int = 0

    @property
    def key(self) -> tuple[int, str]:
        return (self.assessment_id, self.behaviour_id)

    def merged(self, later: PendingWrite) -> PendingWrite:
        return replace(
            self,
            level=self.level if later.level is UNCHANGED else later.level,
            evidence=self.evidence if later.evidence is UNCHANGED else later.evidence,
            version=self.version + 1,
        )


class OfflineSaver(QObject):
    """Saves the Rate page's changes, keeping them while the server is away."""

    #: Offline (True) or back online with everything saved (False).
    offline_changed = Signal(bool)
    #: A kept change was saved on a retry (its RatingChange).
    saved = Signal(object)
    #: A kept change was refused once the server was back (the write, the UserError).
    refused = Signal(object, object)

    _attempted = Signal(object)

    def __init__(self, page: Page, context: AppContext, *, retry_ms: int = RETRY_MS) -> None:
        super().__init__(page)
        self._page = page
        self._context = context
        self._pending: dict[tuple[int, str], PendingWrite] = {}
        self._offline = False
        self._trying = False
        self._timer = QTimer(self)
        self._timer.setInterval(retry_ms)
        self._timer.timeout.connect(self.retry)
        self._attempted.connect(self._after_attempt)

    @property
    def offline(self) -> bool:
        return self._offline

    def pending(self, assessment_id: int | None = None) -> list[PendingWrite]:
        """The changes kept (of one assessment), oldest first."""
        return [
            w
            for w in self._pending.values()
            if assessment_id is None or w.assessment_id == assessment_id
        ]

    # -- saving -----------------------------------------------------------------------

    def save(
        self,
        assessment_id: int,
        behaviour_id: str,
        *,
        level: Answer | Any = UNCHANGED,
        evidence: str | Any = UNCHANGED,
        refused: Callable[[UserError], None],
    ) -> RatingChange | Kept | None:
        """Save one change now, or keep it while offline.

        Returns the saved change, :data:`KEPT` when it is kept to save later, or None
        when it was refused (``refused`` was told why).
        """
        write = PendingWrite(assessment_id, behaviour_id, level, evidence)
        if self._offline:
            self._keep(write)
            return KEPT
        kept = False

        def unless_unreachable(error: UserError) -> None:
            nonlocal kept
            if is_unreachable(error):
                kept = True
                self._keep(write)
                self._go_offline(error)
            else:
                refused(error)

        change = (
            self._page.run(
                lambda lib: assessments.set_rating(
                    lib, assessment_id, behaviour_id, level=level, evidence=evidence
                )
            )
            .alone()
            .refused(unless_unreachable)
            .run()
        )
        return KEPT if kept else change

    def _keep(self, write: PendingWrite) -> None:
        earlier = self._pending.pop(write.key, None)
        self._pending[write.key] = earlier.merged(write) if earlier is not None else write

    def _go_offline(self, error: UserError) -> None:
        log.info("Offline, keeping changes to save later: %s", error)
        if not self._offline:
            self._offline = True
            self.offline_changed.emit(True)
        self._timer.start()

    # -- trying again -----------------------------------------------------------------

    @Slot()
    def retry(self) -> None:
        """Try to save what is kept, off the UI thread (one attempt at a time)."""
        if self._trying or not self._pending:
            if not self._pending:
                self._back_online()
            return
        self._trying = True
        writes = list(self._pending.values())
        library = self._context.library
        QThreadPool.globalInstance().start(_Attempt(library, writes, self._attempted.emit))

    @Slot(object)
    def _after_attempt(self, outcome: object) -> None:
        self._trying = False
        assert isinstance(outcome, _Outcome)
        for write, change, changes in outcome.saved:
            if self._pending.get(write.key) == write:
                del self._pending[write.key]
            if not changes.empty:
                self._context.announce(changes, self._page)
            self.saved.emit(change)
        for write, error in outcome.refused:
            if self._pending.get(write.key) == write:
                del self._pending[write.key]
            self.refused.emit(write, error)
        if outcome.unreachable is None and not self._pending:
            self._back_online()
        elif outcome.unreachable is None:
            QTimer.singleShot(0, self.retry)  # more was kept meanwhile

    def _back_online(self) -> None:
        self._timer.stop()
        if self._offline:
            self._offline = False
            log.info("Back online: the kept changes are saved")
            self.offline_changed.emit(False)


@dataclass
class _Outcome:
    saved: list[tuple[PendingWrite, RatingChange, Any]]
    refused: list[tuple[PendingWrite, UserError]]
    unreachable: UserError | None = None


class _Attempt(QRunnable):
    """Saves kept changes in order until one cannot reach the server."""

    def __init__(self, library: Any, writes: list[PendingWrite], report: Callable[[object], None]):
        super().__init__()
        self._library = library
        self._writes = writes
        self._report = report

    def run(self) -> None:
        outcome = _Outcome([], [])
        for write in self._writes:
            try:
                done = perform(
                    self._library,
                    assessments.set_rating,
                    write.assessment_id,
                    write.behaviour_id,
                    level=write.level,
                    evidence=write.evidence,
                    alone=True,
                )
            except UserError as error:
                if is_unreachable(error):
                    outcome.unreachable = error
                    break
                outcome.refused.append((write, error))
            except Exception as error:  # reported on the UI thread, tried again later
                log.warning("Saving a kept change failed", exc_info=True)
                outcome.unreachable = UserError(str(error))
                break
            else:
                outcome.saved.append((write, done.value, done.changes))
        self._report(outcome)
