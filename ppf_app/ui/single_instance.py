"""One window per user and library: starting ``ppf-app`` again brings the open window
forward, and hands it the files named on the command line.

The first app to start on a library listens on a local channel named after the user and
the library (the data folder, or the database server); a later start on the same library
connects, sends what it was asked to open and quits. Another user, or another data
folder, gets its own app.

The channel is a Unix domain socket in a folder only the user can open (Linux and macOS)
or a named pipe (Windows), through Python's ``multiprocessing.connection``; each
connection proves it knows a secret kept in a file only the user can read. Nothing here
can reach another computer, and Qt's networking module is not used (``QLocalServer`` is
part of it; the app does without it, see ``tests/test_privacy.py``).

The running app announces what arrives with :attr:`SingleInstance.activate_requested` (bring
the window forward) and :attr:`SingleInstance.files_received` (the paths, made absolute by
the sender). :meth:`SingleInstance.connect_files` also delivers the files named when the
app itself was started. Which files are taken: portable files (``.json``, ``.ppf``) and
framework files (``.toml``), see :data:`ACCEPTED_SUFFIXES`.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import secrets
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from multiprocessing import AuthenticationError
from multiprocessing.connection import Client, Connection, Listener
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)

#: File endings the app takes from the command line: portable files and frameworks.
ACCEPTED_SUFFIXES = (".json", ".ppf", ".toml")
#: The longest message a start may send (a list of paths).
MAX_MESSAGE_BYTES = 256 * 1024
#: How long a second start waits for the first app to answer, in seconds.
ANSWER_TIMEOUT_S = 5.0
#: The format of a message, so a newer app can tell an older one's apart.
PROTOCOL = 1

_WINDOWS = sys.platform == "win32"


def files_to_open(arguments: Sequence[str]) -> list[str]:
    """The command line's files the app can open, made absolute (others are left out)."""
    chosen = []
    for argument in arguments:
        path = Path(argument).expanduser()
        if path.suffix.lower() in ACCEPTED_SUFFIXES:
            chosen.append(str(path.absolute()))
        else:
            log.info("Not a portable or framework file, not opened: %s", argument)
    return chosen


def library_key(data_folder: Path, database_url: str | None = None) -> str:
    """Names the library (and the user), for the channel's name."""
    where = database_url or str(data_folder.expanduser().absolute())
    text = f"{_user()}\0{where}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this user id: its number will do
        return str(os.getuid()) if hasattr(os, "getuid") else "user"


#: The longest path a Unix domain socket may have (108 bytes on Linux, 104 on macOS).
MAX_SOCKET_PATH = 100


def private_folder() -> Path:
    """A folder only this user can open, for the channel and its secret."""
    if _WINDOWS:
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home()) / "PPF" / "ppf-app"
    else:
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        if runtime and Path(runtime).is_dir():
            base = Path(runtime) / "ppf-app"
        else:
            base = Path(tempfile.gettempdir()) / f"ppf-app-{_user_number()}"
        if len(str(base)) > MAX_SOCKET_PATH - 32:  # no room for the socket's name
            base = Path("/tmp") / f"ppf-app-{_user_number()}"
    return _owned(base)


def _owned(base: Path) -> Path:
    base.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not _WINDOWS:
        if base.stat().st_uid != os.getuid():
            raise PermissionError(f"{base} belongs to another user")
        os.chmod(base, 0o700)
    return base


def _user_number() -> str:
    return str(os.getuid()) if hasattr(os, "getuid") else _user()


def _secret(folder: Path) -> bytes:
    """The user's secret for the channel (made on first use, readable by the user only)."""
    path = folder / "channel.key"
    try:
        secret = path.read_bytes()
    except FileNotFoundError:
        secret = b""
    if len(secret) < 32:
        fresh = secrets.token_bytes(32)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another start made it at the same moment
            return path.read_bytes()
        with os.fdopen(descriptor, "wb") as out:
            out.write(fresh)
        secret = fresh
    return secret


class SingleInstance(QObject):
    """The channel of one library: :meth:`forward` (a later start) or :meth:`listen`
    (the first)."""

    #: Another start asked for the window to come forward.
    activate_requested = Signal()
    #: Files to open (absolute paths, as text), from another start or this one's own.
    files_received = Signal(list)
    #: A message taken in the listening thread, handed to the UI thread.
    _arrived = Signal(bool, list)

    def __init__(self, key: str, folder: Path | None = None) -> None:
        super().__init__()
        self._arrived.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._folder = folder or private_folder()
        self._secret = _secret(self._folder)
        if _WINDOWS:
            self.address = rf"\\.\pipe\ppf-app-{key}"
            self._family = "AF_PIPE"
        else:
            self.address = str(self._folder / f"{key}.sock")
            self._family = "AF_UNIX"
        self._listener: Listener | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self.received: list[str] = []

    # -- a later start --------------------------------------------------------------------

    def forward(self, files: Sequence[str] = ()) -> bool:
        """Hand ``files`` to the app already open on this library and ask it to come
        forward; False when none is open (then this start becomes the app)."""
        message = json.dumps({"protocol": PROTOCOL, "activate": True, "files": list(files)})
        try:
            connection = Client(self.address, family=self._family, authkey=self._secret)
        except (FileNotFoundError, ConnectionRefusedError):
            return False
        except (OSError, AuthenticationError) as error:  # stale, or not this user's
            log.info("No app answers on %s: %s", self.address, error)
            return False
        try:
            connection.send_bytes(message.encode("utf-8"))
            if connection.poll(ANSWER_TIMEOUT_S):
                answer = connection.recv_bytes(64)
                return answer == b"ok"
            log.warning("The open app did not answer in %s s", ANSWER_TIMEOUT_S)
            return False
        except (EOFError, OSError) as error:
            log.warning("The open app did not take the message: %s", error)
            return False
        finally:
            connection.close()

    # -- the first start ------------------------------------------------------------------

    def listen(self) -> bool:
        """Take calls from later starts (in a background thread); False when the channel
        cannot be opened (the app then runs without it)."""
        if not _WINDOWS:
            stale = Path(self.address)
            if stale.exists() or stale.is_symlink():
                # forward() found nobody answering on it: left by an app that was killed.
                stale.unlink()
        try:
            self._listener = Listener(self.address, family=self._family, authkey=self._secret)
        except OSError as error:
            log.warning("Cannot listen on %s: %s", self.address, error)
            return False
        self._thread = threading.Thread(target=self._serve, name="single-instance", daemon=True)
        self._thread.start()
        log.info("Listening for later starts on %s", self.address)
        return True

    def is_listening(self) -> bool:
        return self._listener is not None

    def close(self) -> None:
        """Stop listening (the channel's file is removed)."""
        listener, self._listener = self._listener, None
        if listener is None:
            return
        self._stopping.set()
        try:
            listener.close()
        except OSError:
            log.debug("Closing the channel", exc_info=True)
        if not _WINDOWS:
            Path(self.address).unlink(missing_ok=True)

    def _serve(self) -> None:
        while not self._stopping.is_set():
            listener = self._listener
            if listener is None:
                return
            try:
                connection = listener.accept()
            except (OSError, EOFError, AuthenticationError) as error:
                if self._stopping.is_set():
                    return
                # A caller without the secret, or one that hung up: refused, go on.
                log.info("A call on the channel was refused: %s", error)
                continue
            try:
                self._answer(connection)
            except (OSError, EOFError, ValueError) as error:
                log.info("A message on the channel was not taken: %s", error)
            finally:
                connection.close()

    def _answer(self, connection: Connection) -> None:
        if not connection.poll(ANSWER_TIMEOUT_S):
            raise ValueError("nothing was sent")
        raw = connection.recv_bytes(MAX_MESSAGE_BYTES)
        message = json.loads(raw.decode("utf-8"))
        if not isinstance(message, dict) or message.get("protocol") != PROTOCOL:
            raise ValueError(f"not a message of this app: {raw[:80]!r}")
        files = message.get("files", [])
        if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
            raise ValueError("the files are not a list of paths")
        connection.send_bytes(b"ok")
        self._arrived.emit(bool(message.get("activate")), files_to_open(files))

    @Slot(bool, list)
    def _deliver(self, activate: bool, files: list[str]) -> None:
        """In the UI thread: announce what a later start asked for."""
        if activate:
            self.activate_requested.emit()
        if files:
            self.received.extend(files)
            self.files_received.emit(files)

    # -- the receiving side -----------------------------------------------------------------

    def connect_files(self, slot: Callable[[list[str]], object]) -> None:
        """Call ``slot(paths)`` for every file that arrives from now on, and at once for
        those that came before (the files the app was started with among them)."""
        if self.received:
            slot(list(self.received))
        self.files_received.connect(slot)


def bring_forward(window: QWidget) -> None:
    """Show ``window`` in front, restored if it was minimised."""
    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
    # Where the system will not let another program take the front, the task bar flashes.
    QApplication.alert(window)


_current: list[SingleInstance] = []


def current() -> SingleInstance | None:
    """The running app's channel (None when it runs without one: ``--smoke``, tests)."""
    return _current[0] if _current else None


def start(key: str, files: Sequence[str]) -> bool:
    """At start-up: True when this start is to be the app (it now listens, see
    :func:`current`; ``files`` are kept for :meth:`SingleInstance.connect_files`), False
    when an app already open on this library took ``files`` and came forward."""
    try:
        channel = SingleInstance(key)
    except OSError as error:
        log.warning("Starting without the one-window check: %s", error)
        return True
    if channel.forward(files):
        log.info("Another window of this library is open: handed it %d files", len(files))
        channel.deleteLater()
        return False
    channel.received.extend(files)
    channel.listen()
    _current[:] = [channel]
    return True


def stop() -> None:
    """Close the running app's channel."""
    if _current:
        _current.pop().close()
