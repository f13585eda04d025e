"""The product makes no network connection: a whole workflow runs with the network refused.

Each command runs in its own Python process whose ``sitecustomize`` (written below)
replaces the socket functions that reach another machine: connecting or sending on an
IPv4/IPv6 socket and every host-name lookup. An attempt is written to a log and then
refused. Local sockets (``AF_UNIX``, ``socketpair``) stay allowed: Qt's offscreen
platform may use them and they never leave the computer. Qt's own networking would
bypass Python's sockets, so loading ``PySide6.QtNetwork`` at all counts as an attempt.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO_ROOT

GUARD = '''
"""Refuse network access in this process; log every attempt (see tests/test_privacy.py)."""
import atexit
import os
import socket
import sys

_LOG = os.environ["PPF_NETGUARD_LOG"]
_INET = (socket.AF_INET, socket.AF_INET6)


def _record(what):
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()} {what}\\n")


def _refuse(what):
    _record("ATTEMPT " + what)
    raise OSError(f"network access is disabled here: {what}")


def _guard_method(name):
    original = getattr(socket.socket, name)

    def guarded(self, *args, **kwargs):
        if self.family in _INET:
            _refuse(f"socket.{name}{args!r}")
        return original(self, *args, **kwargs)

    setattr(socket.socket, name, guarded)


for _name in ("connect", "connect_ex", "sendto", "sendmsg"):
    _guard_method(_name)


def _guard_function(name):
    def guarded(*args, **kwargs):
        _refuse(f"socket.{name}{args!r}")

    setattr(socket, name, guarded)


for _name in (
    "getaddrinfo",
    "gethostbyname",
    "gethostbyname_ex",
    "gethostbyaddr",
    "getnameinfo",
    "create_connection",
):
    _guard_function(_name)


@atexit.register
def _report_qt_network():
    if "PySide6.QtNetwork" in sys.modules:
        _record("ATTEMPT imported PySide6.QtNetwork")


_record("armed " + " ".join(sys.argv))
'''


@dataclass
class Guarded:
    """Runs Python processes with the network refused, and reads what they tried."""

    guard_dir: Path
    log: Path

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            [str(self.guard_dir), str(REPO_ROOT), env.get("PYTHONPATH", "")]
        ).rstrip(os.pathsep)
        env["PPF_NETGUARD_LOG"] = str(self.log)
        env["QT_QPA_PLATFORM"] = "offscreen"
        env.update(extra)
        return env

    def python(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.guard_dir,
        )

    def lines(self) -> list[str]:
        if not self.log.exists():
            return []
        return self.log.read_text(encoding="utf-8").splitlines()

    def attempts(self) -> list[str]:
        return [line for line in self.lines() if " ATTEMPT " in line]

    def armed_count(self) -> int:
        return sum(1 for line in self.lines() if " armed " in line)


@pytest.fixture
def guarded(tmp_path: Path) -> Guarded:
    guard_dir = tmp_path / "guard"
    guard_dir.mkdir()
    (guard_dir / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    return Guarded(guard_dir=guard_dir, log=tmp_path / "network-attempts.log")


# -- the guard itself can fail a test ---------------------------------------------------------


def test_guard_refuses_and_records_an_internet_connection(guarded: Guarded) -> None:
    code = "import socket; socket.socket().connect(('127.0.0.1', 9))"
    result = guarded.python("-c", code)
    assert result.returncode != 0
    assert "network access is disabled" in result.stderr
    assert len(guarded.attempts()) == 1
    assert "connect" in guarded.attempts()[0]


def test_guard_refuses_and_records_a_name_lookup(guarded: Guarded) -> None:
    for code in (
        "import socket; socket.getaddrinfo('example.org', 443)",
        "import urllib.request; urllib.request.urlopen('http://example.org/', timeout=5)",
    ):
        result = guarded.python("-c", code)
        assert result.returncode != 0, code
    assert len(guarded.attempts()) == 2
    assert all("getaddrinfo" in line or "create_connection" in line for line in guarded.attempts())


def test_guard_counts_qt_networking_as_an_attempt(guarded: Guarded) -> None:
    result = guarded.python("-c", "import PySide6.QtNetwork")
    assert result.returncode == 0, result.stderr
    assert guarded.attempts() == [guarded.attempts()[0]]
    assert "PySide6.QtNetwork" in guarded.attempts()[0]


def test_guard_allows_local_sockets(guarded: Guarded) -> None:
    code = "import socket; a, b = socket.socketpair(); a.sendall(b'ok'); assert b.recv(2) == b'ok'"
    result = guarded.python("-c", code)
    assert result.returncode == 0, result.stderr
    assert guarded.attempts() == []
    assert guarded.armed_count() == 1


# -- the product under the guard --------------------------------------------------------------


def default_framework() -> tuple[Path, dict[str, Any]]:
    """The bundled framework new assessments use (the newest ``ppf``): its file and content."""
    found = []
    for path in (REPO_ROOT / "resources" / "frameworks").glob("*.toml"):
        content = tomllib.loads(path.read_text(encoding="utf-8"))
        info = content["framework"]
        if info["id"] == "ppf":
            found.append((tuple(int(part) for part in info["version"].split(".")), path, content))
    _, path, content = max(found, key=lambda item: item[0])
    return path, content


def bundled_ratings(path: Path, group: str = "clinician") -> Path:
    """A complete ratings CSV for the default bundled framework (every behaviour asked of
    ``group``), with evidence on some rows."""
    _, framework = default_framework()
    levels = [level["value"] for level in framework["scale"]]
    behaviours = [
        b["id"]
        for value in framework["values"]
        for b in value["behaviours"]
        if group in b.get("for_groups", [group])
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["behaviour_id", "level", "evidence"])
        for index, behaviour in enumerate(behaviours):
            evidence = "Led the ward huddle on falls, March" if index % 3 == 0 else ""
            writer.writerow([behaviour, levels[index % len(levels)], evidence])
    return path


class Workflow:
    """A user's session through ``ppf``, every step under the network guard."""

    def __init__(self, guarded: Guarded, data_dir: Path) -> None:
        self.guarded = guarded
        self.data_dir = data_dir
        self.steps: list[str] = []

    def ppf(self, *args: str, data_dir: Path | None = None) -> str:
        folder = data_dir or self.data_dir
        argv: Sequence[str] = ("-m", "ppf_app.cli.main", "--data-dir", str(folder), *args)
        result = self.guarded.python(*argv)
        assert result.returncode == 0, f"ppf {' '.join(args)}: {result.stderr}"
        self.steps.append(" ".join(a for a in args[:2] if a.isidentifier()))
        return result.stdout.strip()


@pytest.mark.slow
def test_whole_workflow_makes_no_network_connection(guarded: Guarded, tmp_path: Path) -> None:
    flow = Workflow(guarded, tmp_path / "library")
    framework_file, _ = default_framework()

    flow.ppf("framework", "validate", str(framework_file))
    assert flow.ppf("framework", "list").startswith("ppf\t")

    person_id = flow.ppf(
        "person", "add", "--name", "Asha Patel", "--group", "clinician",
        "--job-title", "Ward manager", "--organisation", "Example NHS Trust",
    )  # fmt: skip
    assert "Asha Patel" in flow.ppf("person", "list")

    ratings = bundled_ratings(tmp_path / "ratings.csv")
    assert flow.ppf("assess", "import", "--person", person_id, "--ratings", str(ratings))

    pdf = tmp_path / "plan.pdf"
    flow.ppf("plan", "--person", person_id, "--out", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")

    portable = tmp_path / "asha.ppf"
    flow.ppf("export", "--person", person_id, "--out", str(portable))
    assert portable.stat().st_size > 0
    other_computer = tmp_path / "other-library"
    fingerprint = flow.ppf("key", "show")  # read aloud, compared on the other computer
    flow.ppf("import", str(portable), "--trust", fingerprint, data_dir=other_computer)
    assert "Asha Patel" in flow.ppf("person", "list", data_dir=other_computer)

    assert "library-" in flow.ppf("backup", "list")

    smoke = guarded.python("-m", "ppf_app", "--smoke", "--data-dir", str(flow.data_dir))
    assert smoke.returncode == 0, smoke.stderr
    flow.steps.append("ppf-app --smoke")

    assert guarded.attempts() == []
    # Every process really ran under the guard: one "armed" line each.
    assert guarded.armed_count() == len(flow.steps) == 12  # `key show` is a step of its own
