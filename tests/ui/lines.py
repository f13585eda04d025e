"""Reading what a child process prints, a line at a time, with a time limit.

``select`` on the pipe and ``readline`` on Python's buffered file do not mix: readline
may take two lines from the pipe at once, and select then waits for a third. The lines
are read here from the pipe's descriptor, as they come.
"""

from __future__ import annotations

import os
import select
import subprocess
import time

import pytest


class Lines:
    """The lines ``process`` writes to its standard output (a pipe)."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self._pending = b""

    def next(self, timeout: float = 90) -> str:
        """The next line, without its end; the test fails when none comes in time."""
        stdout = self.process.stdout
        assert stdout is not None
        deadline = time.monotonic() + timeout
        while b"\n" not in self._pending:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([stdout], [], [], max(0.0, left))
            if not ready:
                pytest.fail(f"the process said nothing in {timeout} s:\n{self.errors()}")
            chunk = os.read(stdout.fileno(), 4096)
            if not chunk:
                pytest.fail(f"the process ended:\n{self.errors()}")
            self._pending += chunk
        line, _, self._pending = self._pending.partition(b"\n")
        return line.decode("utf-8").strip()

    def errors(self) -> str:
        """What the process wrote to standard error (it is ended first)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)
        stderr = self.process.stderr
        return stderr.read().decode("utf-8", "replace") if stderr is not None else ""
