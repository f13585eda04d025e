"""Errors the user can act on, shared by every layer.

Anything raised as :class:`UserError` is shown as it is (one problem a line) by the CLI
(exit status 2) and by the app (a calm message box). Everything else is unexpected: it is
logged with its traceback and the user is pointed at the log file.
"""

from __future__ import annotations

from collections.abc import Iterable


class UserError(Exception):
    """Bad input or a state the user can fix; ``problems`` are the lines to show."""

    def __init__(self, problems: str | Iterable[str]) -> None:
        lines = [problems] if isinstance(problems, str) else list(problems)
        if not lines:
            lines = ["invalid input"]
        self.problems: list[str] = lines
        super().__init__("\n".join(lines))


class NotFound(UserError):
    """A person, assessment or framework the user named does not exist."""
