"""What this process is to the others sharing a data folder.

Two settings, made once by the entry point (``ppf`` sets both from its command line; the
app keeps the defaults):

* the name written into the data folder's lock file while this process holds it, so that
  a refused second writer can say who has the library open ("ppf assess import"); never
  a person's name or any other argument;
* how long opening a library that another process has open waits for it before refusing
  (0, the default: refuse at once, as the app does; ``ppf`` waits 10 seconds).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: The longest wait ``--wait`` accepts: a day.
MAX_WAIT_SECONDS = 86_400.0

_program: str | None = None
_lock_wait = 0.0


def program() -> str:
    """This process's name for the lock file (default: the name it was started as)."""
    if _program:
        return _program
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return name if name and name not in ("-c", "-m", "__main__.py") else "a Python program"


def lock_wait() -> float:
    """Seconds to wait for a data folder another process has open (0: refuse at once)."""
    return _lock_wait


@contextmanager
def settings(*, program: str | None = None, lock_wait: float | None = None) -> Iterator[None]:
    """Use these settings until the block ends (an entry point's run, or a test)."""
    global _program, _lock_wait
    saved = (_program, _lock_wait)
    if program is not None:
        _program = program
    if lock_wait is not None:
        _lock_wait = min(max(lock_wait, 0.0), MAX_WAIT_SECONDS)
    try:
        yield
    finally:
        _program, _lock_wait = saved
