"""Everything SQLite-specific: the URL, pragmas, file checks, the online backup API.

A server database plugged in later would replace this module's role, not the services.
Every function that only looks at a file opens it read-only and never changes a byte of
it, so a file that is damaged or not ours can be reported exactly as it was found.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import struct
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from ppf_app.core.paths import make_private_file
from ppf_app.storage.errors import DataFolderProblem

#: "PPF1" as a 32-bit integer: marks a database file as this product's.
APPLICATION_ID = 0x50504631

#: The tables whose presence shows that an unmarked file was meant to be a library.
LIBRARY_TABLES = frozenset({"person", "assessment", "rating"})

_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100
_COMPANIONS = ("-wal", "-shm", "-journal")

# Leading bytes of file types people may save under the database's name by mistake.
_OTHER_FORMATS = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
)

# The WAL file: its header, each frame's header, and the header's magic number (the low
# bit, set or not, says which byte order the checksums use).
_WAL_HEADER = 32
_WAL_FRAME_HEADER = 24
_WAL_MAGIC = 0x377F0682

# SQLite result codes (primary code = extended code & 0xFF) that mean a write was refused.
_SQLITE_IOERR = 10
_SQLITE_FULL = 13


# -- URLs and engines ------------------------------------------------------------------


def url_for(path: Path) -> str:
    return f"sqlite:///{path}"


def is_sqlite_url(url: str) -> bool:
    return url.split(":", 1)[0].split("+", 1)[0] == "sqlite"


def path_from_url(url: str) -> Path:
    """The database file of a ``sqlite:///...`` URL."""
    return Path(url.split(":///", 1)[1])


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling skips BEGIN before DDL; SQLAlchemy's
    # "begin" listener below emits it instead, so schema changes are atomic too.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
    finally:
        cursor.close()


def _on_connect_for_migrations(dbapi_connection: Any, _record: Any) -> None:
    _on_connect(dbapi_connection, _record)
    # Batch migrations copy and drop tables; with foreign keys on, dropping a parent
    # table would cascade-delete its children. Checked with foreign_key_check afterwards.
    dbapi_connection.execute("PRAGMA foreign_keys=OFF")


def _on_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def configure_engine(engine: Engine, *, for_migrations: bool = False) -> None:
    """Pragmas on every connection and explicit transactions."""
    on_connect = _on_connect_for_migrations if for_migrations else _on_connect
    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", _on_begin)


def make_engine(path: Path, *, for_migrations: bool = False) -> Engine:
    engine = create_engine(url_for(path))
    configure_engine(engine, for_migrations=for_migrations)
    return engine


def secure_files(database: Path) -> None:
    """Owner-only permissions on the database and its WAL companions."""
    for suffix in ("", *_COMPANIONS):
        make_private_file(Path(f"{database}{suffix}"))


def companions(database: Path) -> list[Path]:
    """The WAL, shared-memory and journal files that belong with ``database``."""
    return [Path(f"{database}{suffix}") for suffix in _COMPANIONS]


# -- looking at a file without changing it -----------------------------------------------


class FileProblem(Exception):
    """What is wrong with a database file, found without writing to it."""

    def __init__(self, kind: DataFolderProblem, what: str) -> None:
        self.kind = kind
        self.what = what
        super().__init__(what)


@dataclass(frozen=True)
class FileFacts:
    """What a database file says about itself."""

    application_id: int
    user_version: int
    revision: str | None
    tables: frozenset[str]
    #: The column names of each table.
    columns: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: The named indexes (not SQLite's automatic ones).
    indexes: frozenset[str] = frozenset()
    #: The file's facts (:mod:`ppf_app.storage.check_state`) when SQLite's quick check
    #: of every page was made and passed, to be recorded once the file is taken; None
    #: when it was not made (unchanged since it last passed) or nobody may record it.
    passed_check: tuple[int, ...] | None = None


def _read_only_uri(path: Path, *, immutable: bool = False) -> str:
    flags = "mode=ro&immutable=1" if immutable else "mode=ro"
    return f"{path.absolute().as_uri()}?{flags}"


@contextmanager
def read_only(path: Path, *, immutable: bool = False) -> Iterator[sqlite3.Connection]:
    """A read-only connection; ``immutable`` also skips locks and the WAL companions."""
    connection = sqlite3.connect(_read_only_uri(path, immutable=immutable), uri=True)
    with closing(connection):
        yield connection


def _describe_other_format(head: bytes) -> str:
    for magic, name in _OTHER_FORMATS:
        if head.startswith(magic):
            return f"it is {name}, not a database"
    if head.lstrip()[:1] in (b"{", b"[", b"<") or head.isascii():
        return "it is a text file, not a database"
    return "it is not a database (its first bytes are not those of an SQLite file)"


def read_header(path: Path) -> tuple[int, int]:
    """``(application_id, user_version)`` from the file header.

    Raises:
        FileProblem: the file is empty, not SQLite, or its header is cut short.
    """
    try:
        # Non-blocking, and checked to be a regular file: a named pipe under the
        # database's name must not keep the app from starting.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise FileProblem(
                    DataFolderProblem.NOT_SQLITE, f"it is {special_kind(info.st_mode)}"
                )
            head = stream.read(_HEADER_SIZE)
            size = info.st_size
    except OSError as exc:
        raise FileProblem(
            DataFolderProblem.UNREADABLE, f"the file cannot be read ({exc.strerror})"
        ) from exc
    if size == 0:
        raise FileProblem(DataFolderProblem.EMPTY, "it has 0 bytes")
    if not head.startswith(_MAGIC):
        raise FileProblem(DataFolderProblem.NOT_SQLITE, _describe_other_format(head))
    if len(head) < _HEADER_SIZE:
        raise FileProblem(DataFolderProblem.DAMAGED, "the file is cut short (truncated)")
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    change_counter = head[24:28]
    pages = int.from_bytes(head[28:32], "big")
    if page_size < 512:
        raise FileProblem(DataFolderProblem.DAMAGED, "the file is cut short (truncated)")
    short = size < page_size or (change_counter == head[92:96] and size < pages * page_size)
    if short and not wal_holds_the_rest(path, page_size, size):
        if size < page_size:
            raise FileProblem(DataFolderProblem.DAMAGED, "the file is cut short (truncated)")
        raise FileProblem(
            DataFolderProblem.DAMAGED,
            f"the file is cut short (truncated): {size} bytes of {pages * page_size}",
        )
    application_id = int.from_bytes(head[68:72], "big", signed=True)
    user_version = int.from_bytes(head[60:64], "big", signed=True)
    return application_id, user_version


@dataclass(frozen=True)
class WalCommits:
    """What the committed frames of a WAL file hold.

    Attributes:
        pages: the database's size in pages after the last commit in the WAL.
        held: the page numbers of the frames up to and including that commit.
    """

    pages: int
    held: frozenset[int]


def _wal_checksum(data: bytes, big_endian: bool, s0: int, s1: int) -> tuple[int, int]:
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    for index in range(0, len(words), 2):
        s0 = (s0 + words[index] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[index + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def wal_commits(wal: Path, page_size: int) -> WalCommits | None:
    """The committed content of a WAL file, read as SQLite's recovery reads it.

    A frame counts when its salts match the header's and its checksum continues the
    chain; the WAL's content ends at the last such frame that ends a transaction (a
    commit). ``None`` when there is no WAL, it cannot be read, it is of another page size
    or holds no commit.
    """
    try:
        with wal.open("rb") as stream:
            header = stream.read(_WAL_HEADER)
            if len(header) < _WAL_HEADER:
                return None
            magic, _version, wal_page_size, _sequence, salt1, salt2, c0, c1 = struct.unpack(
                ">8I", header
            )
            if magic & 0xFFFFFFFE != _WAL_MAGIC or wal_page_size != page_size:
                return None
            big_endian = bool(magic & 1)
            if _wal_checksum(header[:24], big_endian, 0, 0) != (c0, c1):
                return None
            checksum = (c0, c1)
            held: set[int] = set()
            pending: set[int] = set()
            result: WalCommits | None = None
            while True:
                frame = stream.read(_WAL_FRAME_HEADER + page_size)
                if len(frame) < _WAL_FRAME_HEADER + page_size:
                    break
                page, commit_size, f_salt1, f_salt2, f0, f1 = struct.unpack(
                    ">6I", frame[:_WAL_FRAME_HEADER]
                )
                if (f_salt1, f_salt2) != (salt1, salt2) or page == 0:
                    break
                checksum = _wal_checksum(frame[:8], big_endian, *checksum)
                checksum = _wal_checksum(frame[_WAL_FRAME_HEADER:], big_endian, *checksum)
                if checksum != (f0, f1):
                    break
                pending.add(page)
                if commit_size:
                    held |= pending
                    pending = set()
                    result = WalCommits(pages=commit_size, held=frozenset(held))
            return result
    except OSError:
        return None


def wal_holds_the_rest(path: Path, page_size: int, size: int) -> bool:
    """Whether the WAL beside a database file shorter than its header says holds every
    committed page the file lacks.

    That is the state a checkpoint cut short (by a full disk, say) leaves behind: the
    header already counts the new pages, the file never got them, and the WAL still
    holds them all. SQLite reads such a database through its WAL, complete and intact.
    """
    commits = wal_commits(Path(f"{path}-wal"), page_size)
    if commits is None:
        return False
    whole_pages = size // page_size
    return all(page in commits.held for page in range(whole_pages + 1, commits.pages + 1))


def special_kind(mode: int) -> str:
    """What a file that is not a regular file is, in a few words."""
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not a file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file"
    return "not a regular file"


def special_companions(database: Path) -> list[str]:
    """The companions (WAL, shared memory, journal) present but not regular files."""
    found = []
    for companion in companions(database):
        try:
            mode = companion.lstat().st_mode
        except FileNotFoundError:
            continue
        except OSError as exc:
            found.append(f"{companion.name} cannot be read ({exc.strerror})")
            continue
        if not stat.S_ISREG(mode):
            found.append(f"{companion.name} is {special_kind(mode)}")
    return found


def table_names(path: Path) -> frozenset[str]:
    """The tables of any SQLite file, read without touching it or its companions."""
    try:
        with read_only(path, immutable=True) as connection:
            rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            return frozenset(str(row[0]) for row in rows)
    except sqlite3.DatabaseError as exc:
        raise FileProblem(DataFolderProblem.DAMAGED, f"SQLite cannot read it ({exc})") from exc


def inspect_library(path: Path, *, quick_check: bool = True) -> FileFacts:
    """Check a file that carries our mark: readable, intact, and at which revision.

    ``quick_check=False`` leaves out SQLite's ``quick_check`` of every page (for a file
    known to be unchanged since it last passed it: :mod:`ppf_app.storage.check_state`).

    Raises:
        FileProblem: SQLite finds the file damaged.
    """
    application_id, user_version = read_header(path)
    # Without a WAL file nobody has the database open and no commit waits outside it, so
    # it is read as an immutable file: SQLite then creates no WAL or shared-memory file.
    # With one, it is read through the WAL, under SQLite's locks.
    in_use = any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-shm"))
    try:
        with read_only(path, immutable=not in_use) as connection:
            problems = _quick_check(connection) if quick_check else []
            tables = frozenset(
                str(row[0])
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            )
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = None if row is None else str(row[0])
            columns = {
                table: frozenset(
                    str(row[0])
                    for row in connection.execute("SELECT name FROM pragma_table_info(?)", (table,))
                )
                for table in tables
            }
            indexes = frozenset(
                str(row[0])
                for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'index' "
                    "AND name NOT LIKE 'sqlite_autoindex_%'"
                )
            )
    except sqlite3.DatabaseError as exc:
        raise FileProblem(DataFolderProblem.DAMAGED, f"SQLite cannot read it ({exc})") from exc
    if problems:
        shown = "; ".join(problems[:3])
        raise FileProblem(DataFolderProblem.DAMAGED, f"SQLite finds it damaged ({shown})")
    return FileFacts(application_id, user_version, revision, tables, columns, indexes)


def quick_check_problems(path: Path) -> list[str]:
    """What SQLite's ``quick_check`` finds wrong in a file nobody has open ([] when sound).

    Raises:
        sqlite3.DatabaseError: SQLite cannot read it at all.
    """
    with read_only(path, immutable=True) as connection:
        return _quick_check(connection)


def _quick_check(connection: sqlite3.Connection) -> list[str]:
    """What ``PRAGMA quick_check`` finds wrong ([] when sound)."""
    problems = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
    return [] if problems == ["ok"] else problems


def verify_copy(path: Path) -> str | None:
    """A full ``integrity_check`` of a backup: ``None`` when sound, else what is wrong."""
    try:
        application_id, _user_version = read_header(path)
    except FileProblem as problem:
        return problem.what
    if application_id != APPLICATION_ID:
        return "not a PPF Self-Assessment library"
    try:
        with read_only(path, immutable=True) as connection:
            problems = [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        return f"SQLite cannot read it ({exc})"
    if problems != ["ok"]:
        return "damaged (" + "; ".join(problems[:3]) + ")"
    return None


# -- writing -------------------------------------------------------------------------------


def set_marks(connection: Any, user_version: int) -> None:
    """Mark a library file as ours, at a schema number (inside the open transaction)."""
    connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    set_user_version(connection, user_version)


def set_user_version(connection: Any, user_version: int) -> None:
    connection.exec_driver_sql(f"PRAGMA user_version = {int(user_version)}")


def foreign_key_violations(connection: Any) -> list[str]:
    rows = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    return [f"{row[0]} row {row[1]} -> {row[2]}" for row in rows]


def online_backup(source: Path, target: Path) -> None:
    """Copy a live database into ``target`` (a new file) with SQLite's backup API.

    Only for a file that passed the checks: the connection may checkpoint its WAL.

    The copy uses a rollback journal, so it is one self-contained file that can be read
    read-only, and the same data always gives the same bytes.
    """
    old_umask = os.umask(0o077)
    try:
        with (
            closing(sqlite3.connect(source, isolation_level=None)) as src,
            closing(sqlite3.connect(target, isolation_level=None)) as dst,
        ):
            src.execute("PRAGMA busy_timeout=5000")
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        os.umask(old_umask)
    fsync_file(target)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_refusal(exc: BaseException) -> str | None:
    """When ``exc`` means the disk refused a write, a short description; else ``None``."""
    orig = getattr(exc, "orig", exc)
    if isinstance(orig, sqlite3.Error):
        code = getattr(orig, "sqlite_errorcode", None)
        if code is not None and code & 0xFF in (_SQLITE_FULL, _SQLITE_IOERR):
            return str(orig)
        message = str(orig).lower()
        if "disk is full" in message or "disk i/o error" in message:
            return str(orig)
        return None
    if isinstance(orig, OSError) and orig.errno in (errno.ENOSPC, errno.EFBIG):
        return orig.strerror or str(orig)
    return None
