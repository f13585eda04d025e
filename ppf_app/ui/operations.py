"""The one door from the app to the services: run an operation, report a refusal,
announce what changed.

Every page reads and writes through :class:`Op`, in the spirit of Anki's
``CollectionOp``: the operation is a plain function of the open library, run as one unit
of work (:func:`ppf_app.services.unit.perform`). On success its change set is announced
(:meth:`AppContext.announce`), so every page showing one of the changed records
refreshes itself; the caller's ``done`` callback gets the operation's value.

There is one failure path, here: a refusal the user can act on (:class:`UserError`)
goes to the ``refused`` callback when the page shows it in place (a "Not saved" line
beside a field), else to a message box titled as the caller asked; anything unexpected
goes to the error dialog with the log file's path.

Quick operations (a click, a keystroke's autosave, reading a screen) run at once on the
UI thread, so what a person did is saved before the next event; slow ones (imports,
PDFs, a batch) run :meth:`Op.in_background`, with progress and cancel when they report
it.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QWidget

from ppf_app.core.errors import UserError
from ppf_app.services.unit import Outcome, perform
from ppf_app.ui import errors, messages

if TYPE_CHECKING:
    from ppf_app.services.library import Library
    from ppf_app.ui.context import AppContext

log = logging.getLogger(__name__)

T = TypeVar("T")

#: How long a background operation waits for the window to take in one progress report
#: before it goes on (so a Cancel pressed on seeing one item stops before the next).
PROGRESS_ACK_TIMEOUT_S = 5.0


class Progress:
    """Handed to a background operation that reports progress: thread-safe.

    The operation calls :meth:`report` after each item and asks :meth:`cancelled`
    before starting the next.
    """

    def __init__(self, emit: Callable[[object], None]) -> None:
        self._emit = emit
        self._stop = threading.Event()
        self._shown = threading.Semaphore(0)

    def report(self, item: object) -> None:
        self._emit(item)
        self._shown.acquire(timeout=PROGRESS_ACK_TIMEOUT_S)

    def cancelled(self) -> bool:
        return self._stop.is_set()

    def cancel(self) -> None:
        self._stop.set()

    def acknowledge(self) -> None:
        self._shown.release()


class Op(QObject, Generic[T]):
    """An operation on the open library, started from a page.

    Args:
        parent: the widget a refusal is shown over (and that owns the operation).
        context: the open library and the change announcements.
        operation: ``operation(library)`` (or ``operation(library, progress)`` for
            :meth:`with_progress`), run as one unit of work.
        refused_title: the title of the message box a refusal is shown in.
    """

    _finished = Signal(object, object)
    _progressed = Signal(object)

    def __init__(
        self,
        parent: QWidget | None,
        context: AppContext,
        operation: Callable[..., T],
        *,
        refused_title: str = "",
    ) -> None:
        super().__init__(parent)
        self._widget = parent
        self._context = context
        self._operation = operation
        self._refused_title = refused_title or self.tr("Not done")
        self._done: Callable[[T], None] | None = None
        self._refused: Callable[[UserError], None] | None = None
        self._ended: Callable[[], None] | None = None
        self._on_progress: Callable[[object], None] | None = None
        self._alone = False
        self.progress: Progress | None = None
        self._finished.connect(self._finish)
        self._progressed.connect(self._show_progress)

    # -- building ---------------------------------------------------------------------

    def done(self, callback: Callable[[T], None]) -> Op[T]:
        """Call ``callback(value)`` on success (after the changes are announced)."""
        self._done = callback
        return self

    def refused(self, callback: Callable[[UserError], None]) -> Op[T]:
        """Show a refusal in place with ``callback`` instead of a message box."""
        self._refused = callback
        return self

    def ended(self, callback: Callable[[], None]) -> Op[T]:
        """Call ``callback()`` once the operation is over, however it ended."""
        self._ended = callback
        return self

    def with_progress(self, callback: Callable[[object], None]) -> Op[T]:
        """The operation takes a :class:`Progress` too; each report goes to ``callback``
        in the UI thread."""
        self._on_progress = callback
        self.progress = Progress(self._progressed.emit)
        return self

    def alone(self) -> Op[T]:
        """The operation is one call of a service, which opens its own unit of work: run
        it without an outer one (see :func:`ppf_app.services.unit.perform`), so that an
        autosave on a server goes as one statement, its own transaction."""
        self._alone = True
        return self

    # -- running ----------------------------------------------------------------------

    def run(self) -> T | None:
        """Run now, on the UI thread; the value, or None when it failed (already told)."""
        try:
            try:
                outcome = self._perform()
            except BaseException as error:
                self._fail(error)
                return None
            self._succeed(outcome)
            return outcome.value
        finally:
            self.deleteLater()

    def in_background(self) -> None:
        """Run in the thread pool; the callbacks come back on the UI thread."""
        _running.add(self)
        QThreadPool.globalInstance().start(_Task(self))

    def cancel(self) -> None:
        """Ask a background operation with progress to stop before its next item."""
        if self.progress is not None:
            self.progress.cancel()

    def _perform(self) -> Outcome[T]:
        library = self._context.library
        if self.progress is not None:
            return perform(library, self._operation, self.progress)
        return perform(library, self._operation, alone=self._alone)

    # -- ending -----------------------------------------------------------------------

    def _succeed(self, outcome: Outcome[T]) -> None:
        try:
            if not outcome.changes.empty:
                self._context.announce(outcome.changes, self._widget)
            if self._done is not None:
                self._done(outcome.value)
        finally:
            if self._ended is not None:
                self._ended()

    def _fail(self, error: BaseException) -> None:
        try:
            if isinstance(error, UserError):
                log.info("%s: %s", self._refused_title, error)
                if self._refused is not None:
                    self._refused(error)
                else:
                    messages.problem(self._widget, self._refused_title, "\n".join(error.problems))
            elif isinstance(error, Exception):
                errors.report_unexpected(type(error), error, error.__traceback__)
            else:
                raise error
        finally:
            if self._ended is not None:
                self._ended()

    @Slot(object, object)
    def _finish(self, outcome: object, error: object) -> None:
        _running.discard(self)
        if isinstance(error, BaseException):
            self._fail(error)
        else:
            assert isinstance(outcome, Outcome)
            self._succeed(outcome)
        self.deleteLater()

    @Slot(object)
    def _show_progress(self, item: object) -> None:
        try:
            if self._on_progress is not None:
                self._on_progress(item)
        finally:
            if self.progress is not None:
                self.progress.acknowledge()


class _Task(QRunnable):
    def __init__(self, op: Op[Any]) -> None:
        super().__init__()
        self._op = op

    def run(self) -> None:
        try:
            outcome = self._op._perform()
        except Exception as exc:  # delivered to the UI thread, which tells the user
            log.debug("Background operation failed", exc_info=True)
            self._op._finished.emit(None, exc)
        else:
            self._op._finished.emit(outcome, None)


#: Background operations still running (kept alive until they report back).
_running: set[Op[Any]] = set()


def read(
    parent: QWidget | None,
    context: AppContext,
    query: Callable[[Library], T],
    *,
    quiet: bool = False,
) -> T | None:
    """Read what a page shows (one unit of work); None when refused (already told,
    unless ``quiet``: then only logged)."""
    title = QCoreApplication.translate("operations", "Cannot show this")
    op = Op(parent, context, query, refused_title=title)
    if quiet:
        op.refused(lambda error: log.info("Not shown: %s", error))
    return op.run()


def open_library_or_explain(data_dir: str | None, *, interactive: bool = True) -> Library | None:
    """The library, or None after telling the user why the data folder cannot be used.

    A damaged, foreign, newer or locked data folder raises a UserError whose lines say
    which, and where the newest good backup is; they are shown as they are (in a dialog,
    and on standard error when not ``interactive``).
    """
    try:
        from ppf_app.services.library import open_library

        return open_library(data_dir)
    except UserError as error:
        log.error("Cannot open the data folder:\n%s", error)
        if not interactive:
            for line in error.problems:
                print(f"ppf-app: {line}", file=sys.stderr)
            return None
        messages.problem(
            None,
            QCoreApplication.translate("application", "Cannot open your records"),
            "\n\n".join(error.problems),
        )
        return None
