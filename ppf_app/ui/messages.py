"""One place for message boxes, so tests can switch them to logging.

Pages never build a ``QMessageBox`` themselves: they call :func:`inform`, :func:`warn`,
:func:`problem` or :func:`confirm` (and :func:`ask_text`, :func:`ask_secret` for a line
typed). With :func:`use_logging` (tests), nothing is shown: each message is logged and
:func:`confirm` returns the answer set for it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

log = logging.getLogger(__name__)


@dataclass
class _Mode:
    dialogs: bool = True
    confirm_answer: bool = True
    text_answer: str | None = None
    secret_answer: str | None = ""
    shown: list[tuple[str, str, str]] = field(default_factory=list)


_mode = _Mode()


def use_logging(*, confirm_answer: bool = True) -> None:
    """Log messages instead of showing them; :func:`confirm` answers ``confirm_answer``."""
    _mode.dialogs = False
    _mode.confirm_answer = confirm_answer
    _mode.shown.clear()


def use_dialogs() -> None:
    _mode.dialogs = True


def shown() -> list[tuple[str, str, str]]:
    """``(kind, title, text)`` of every message logged since :func:`use_logging`."""
    return list(_mode.shown)


@contextmanager
def answering(answer: bool) -> Iterator[None]:
    """Within the block, :func:`confirm` returns ``answer`` (logging mode only)."""
    previous = _mode.confirm_answer
    _mode.confirm_answer = answer
    try:
        yield
    finally:
        _mode.confirm_answer = previous


def _record(kind: str, title: str, text: str, details: str = "") -> None:
    _mode.shown.append((kind, title, text))
    level = logging.WARNING if kind in ("warning", "problem") else logging.INFO
    log.log(level, "%s: %s: %s%s", kind, title, text, f"\n{details}" if details else "")


def inform(parent: QWidget | None, title: str, text: str) -> None:
    if not _mode.dialogs:
        _record("info", title, text)
        return
    QMessageBox.information(parent, title, text)


def warn(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """Something the user should know and can act on (e.g. unanswered behaviours)."""
    if not _mode.dialogs:
        _record("warning", title, text, details)
        return
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    box.exec()


def problem(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """A refused input or a state the user can fix; ``details`` is shown selectable."""
    if not _mode.dialogs:
        _record("problem", title, text, details)
        return
    box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    box.exec()


@contextmanager
def answering_text(answer: str | None) -> Iterator[None]:
    """Within the block, :func:`ask_text` returns ``answer`` (logging mode only)."""
    previous = _mode.text_answer
    _mode.text_answer = answer
    try:
        yield
    finally:
        _mode.text_answer = previous


def ask_text(parent: QWidget | None, title: str, label: str, default: str = "") -> str | None:
    """A line of text the user types (a name); None when cancelled or left empty."""
    if not _mode.dialogs:
        _record("ask", title, label)
        answer = _mode.text_answer
        return answer.strip() or None if answer is not None else None
    text, accepted = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, default)
    return text.strip() or None if accepted else None


def confirm(
    parent: QWidget | None, title: str, text: str, yes_text: str = "", *, warning: bool = False
) -> bool:
    """Ask before doing something; ``warning``: something risky (Cancel is the default)."""
    if not _mode.dialogs:
        _record("confirm", title, text)
        return _mode.confirm_answer
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton(yes_text or box.tr("OK"), QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    if warning:
        box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is yes


@contextmanager
def answering_secret(answer: str | None) -> Iterator[None]:
    """Within the block, :func:`ask_secret` returns ``answer`` (logging mode only;
    otherwise it returns "", as a person leaving it empty)."""
    previous = _mode.secret_answer
    _mode.secret_answer = answer
    try:
        yield
    finally:
        _mode.secret_answer = previous


def ask_secret(parent: QWidget | None, title: str, label: str) -> str | None:
    """A passphrase typed with its characters hidden; None when cancelled, "" when left
    empty. Never logged."""
    if not _mode.dialogs:
        _record("ask", title, label)
        return _mode.secret_answer
    text, accepted = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Password)
    return text if accepted else None
