"""Slow work (imports, reports) off the UI thread; results come back by signal.

A :class:`Task` runs a plain function on the global ``QThreadPool``. Its ``done`` or
``failed`` signal is emitted from the worker thread and, because the receiving slot lives
in the UI thread, Qt queues it there: widgets are only touched from the UI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class Task(QRunnable):
    """One call of ``func(*args)`` in the thread pool."""

    def __init__(self, func: Callable[..., Any], *args: Any) -> None:
        super().__init__()
        self.signals = _Signals()
        self._func = func
        self._args = args

    def run(self) -> None:
        try:
            result = self._func(*self._args)
        except Exception as exc:  # delivered to the UI thread, which decides what to show
            log.debug("Background task failed", exc_info=True)
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


_running: set[Task] = set()


def run_in_background(
    func: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None],
    on_failed: Callable[[BaseException], None],
    receiver: QObject,
) -> Task:
    """Run ``func(*args)`` off the UI thread; call ``on_done``/``on_failed`` in the UI thread.

    ``receiver`` is a QObject living in the UI thread (usually the page); the callbacks
    are delivered through it so they run in its thread.
    """
    task = Task(func, *args)
    relay = _Relay(on_done, on_failed, task)
    relay.moveToThread(receiver.thread())
    relay.setParent(receiver)
    task.signals.done.connect(relay.deliver_done)
    task.signals.failed.connect(relay.deliver_failed)
    task.setAutoDelete(False)
    _running.add(task)
    QThreadPool.globalInstance().start(task)
    return task


class _Relay(QObject):
    def __init__(
        self,
        on_done: Callable[[Any], None],
        on_failed: Callable[[BaseException], None],
        task: Task,
    ) -> None:
        super().__init__()
        self._on_done = on_done
        self._on_failed = on_failed
        self._task = task

    @Slot(object)
    def deliver_done(self, result: object) -> None:
        self._finish()
        self._on_done(result)

    @Slot(object)
    def deliver_failed(self, exc: object) -> None:
        self._finish()
        assert isinstance(exc, BaseException)
        self._on_failed(exc)

    def _finish(self) -> None:
        _running.discard(self._task)
        self.deleteLater()
