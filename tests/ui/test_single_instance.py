"""One window per user and library: a second ``ppf-app`` on the same data folder hands
its files to the open one, which comes forward, and quits; another data folder gets its
own app; a channel left by a killed app is taken over. Real processes throughout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ppf_app.ui import single_instance
from ppf_app.ui.single_instance import SingleInstance, files_to_open, library_key
from tests.conftest import REPO_ROOT
from tests.ui.lines import Lines

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the test signals POSIX processes")


@pytest.fixture
def runtime() -> Iterator[Path]:
    """A private runtime folder of the test's own (not the user's), with a short path as
    a socket's needs."""
    folder = Path(tempfile.mkdtemp(prefix="ppf-rt-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def env(tmp_path: Path, runtime: Path) -> dict[str, str]:
    """Every process of a test shares the runtime folder, and settings in a temporary
    folder."""
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(REPO_ROOT),
        XDG_RUNTIME_DIR=str(runtime),
        TMPDIR=str(runtime),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )


class Host:
    """``ppf-app`` running in its own process, reporting its channel's events."""

    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.ui.instance_host", *args],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._lines = Lines(self.process)

    def line(self, timeout: float = 90) -> str:
        return self._lines.next(timeout)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=30)

    def end(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def hosts() -> Iterator[list[Host]]:
    started: list[Host] = []
    yield started
    for host in started:
        host.end()
        for stream in (host.process.stdout, host.process.stderr):
            if stream is not None:
                stream.close()


#: ``ppf-app`` as installed: its entry point, ``ppf_app.ui.app:main``.
PPF_APP = [sys.executable, "-c", "import sys; from ppf_app.ui.app import main; sys.exit(main())"]


def second_start(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PPF_APP, *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
@pytest.mark.gui
def test_a_second_start_hands_its_files_to_the_open_window(
    tmp_path: Path, env: dict[str, str], hosts: list[Host]
) -> None:
    data = tmp_path / "data"
    first = Host(env, "--data-dir", str(data))
    hosts.append(first)
    assert first.line() == "listening"

    portable = tmp_path / "from the appraiser.ppf.json"
    framework = tmp_path / "our-values.toml"
    started = second_start(
        env, "--data-dir", str(data), str(portable), str(framework), str(tmp_path / "notes.txt")
    )
    assert started.returncode == 0, started.stderr
    assert first.line() == "activated"
    word, paths = first.line().split(" ", 1)
    assert word == "files"
    assert json.loads(paths) == [str(portable), str(framework)]
    # The open app goes on; the second start left no window behind.
    assert first.process.poll() is None

    # A relative path is made absolute by the start that names it.
    moved = dict(env)
    relative = second_start(moved, "--data-dir", str(data), "plan.ppf")
    assert relative.returncode == 0
    assert first.line() == "activated"
    assert json.loads(first.line().split(" ", 1)[1]) == [str(REPO_ROOT / "plan.ppf")]


@pytest.mark.slow
@pytest.mark.gui
def test_another_data_folder_gets_its_own_app_and_a_killed_app_is_replaced(
    tmp_path: Path, runtime: Path, env: dict[str, str], hosts: list[Host]
) -> None:
    first = Host(env, "--data-dir", str(tmp_path / "mine"))
    hosts.append(first)
    assert first.line() == "listening"
    other = Host(env, "--data-dir", str(tmp_path / "team"))
    hosts.append(other)
    assert other.line() == "listening"  # not handed to the first

    first.kill()  # its channel's file stays behind
    assert len(list((runtime / "ppf-app").glob("*.sock"))) == 2
    again = Host(env, "--data-dir", str(tmp_path / "mine"))
    hosts.append(again)
    assert again.line() == "listening"
    started = second_start(env, "--data-dir", str(tmp_path / "mine"))
    assert started.returncode == 0, started.stderr
    assert again.line() == "activated"


# -- in one process -------------------------------------------------------------------------


@pytest.mark.gui
def test_channel_in_process(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "private"
    folder.mkdir(mode=0o700)
    key = library_key(tmp_path / "data")
    server = SingleInstance(key, folder)
    assert not server.forward(["x.ppf"])  # nobody listens yet
    assert server.listen()
    try:
        received: list[list[str]] = []
        server.connect_files(received.append)
        with qtbot.waitSignal(server.activate_requested, timeout=10_000):
            assert SingleInstance(key, folder).forward([str(tmp_path / "a.json")])
        qtbot.waitUntil(lambda: bool(received), timeout=10_000)
        assert received == [[str(tmp_path / "a.json")]]
        # A later listener of the files gets what came before at once.
        late: list[list[str]] = []
        server.connect_files(late.append)
        assert late == [[str(tmp_path / "a.json")]]
        # Without the user's secret, a caller is refused and nothing arrives.
        stranger = SingleInstance(key, folder)
        stranger._secret = b"x" * 32
        assert not stranger.forward(["b.json"])
        assert received == [[str(tmp_path / "a.json")]]
        # The channel's folder and secret are the user's only.
        assert (folder / "channel.key").stat().st_mode & 0o077 == 0
    finally:
        server.close()
    assert not Path(server.address).exists()


def test_the_key_names_the_user_and_the_library(tmp_path: Path) -> None:
    assert library_key(tmp_path / "a") == library_key(tmp_path / "a")
    assert library_key(tmp_path / "a") != library_key(tmp_path / "b")
    assert library_key(tmp_path / "a", "postgresql://db/ppf") != library_key(tmp_path / "a")
    assert files_to_open(["x.PPF", "y.toml", "z.json", "w.pdf", "v"]) == [
        str(Path("x.PPF").absolute()),
        str(Path("y.toml").absolute()),
        str(Path("z.json").absolute()),
    ]
    assert single_instance.current() is None  # tests run without a channel
