"""A real PostgreSQL server for the server-mode tests: a throwaway cluster, once a session.

``initdb`` makes a cluster in a temporary folder and ``pg_ctl`` starts it on a free port
of 127.0.0.1 (its socket in that folder too); it is stopped and removed at the end of
the session. The binaries are Debian's (``/usr/lib/postgresql/*/bin``, the newest
version) or the first ``initdb`` on ``PATH``. PostgreSQL refuses to run as root, so a
root run starts the cluster as the ``postgres`` system user (the Debian package makes
it) through ``runuser``; a normal user runs it as itself.

Logins authenticate over TCP with passwords (SCRAM), as a desk would; only the cluster's
superuser is used to set up roles and databases. The tests skip, saying why, only where
the server binaries are missing; a server that fails to start fails them.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SUPERUSER = "postgres"
#: The login that owns the product's databases and runs ``ppf server init`` (not a
#: superuser, so that row-level security holds it too).
OWNER = "ppf_test_owner"
OWNER_PASSWORD = "owner-" + secrets.token_hex(8)
#: Every test login's password (the logins differ by name).
PASSWORD = "pw-" + secrets.token_hex(8)


def find_binaries() -> tuple[Path, Path] | None:
    """(the folder of initdb, pg_ctl and postgres; psql), or None when not installed."""
    debian = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parts[4]) if Path(path).parts[4].isdigit() else 0,
    )
    initdb = Path(debian[-1]) if debian else None
    if initdb is None and shutil.which("initdb"):
        initdb = Path(str(shutil.which("initdb")))
    if initdb is None or not (initdb.parent / "pg_ctl").exists():
        return None
    psql = initdb.parent / "psql"
    if not psql.exists():
        found = shutil.which("psql")
        if found is None:
            return None
        psql = Path(found)
    return initdb.parent, psql


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    """A running throwaway PostgreSQL cluster."""

    bin_dir: Path
    psql_path: Path
    base: Path
    port: int
    run_as: str | None
    superuser_password: str
    _databases: list[str] = field(default_factory=list)

    @property
    def data(self) -> Path:
        return self.base / "data"

    def url(self, login: str, password: str, database: str) -> str:
        return f"postgresql://{login}:{password}@127.0.0.1:{self.port}/{database}"

    def owner_url(self, database: str) -> str:
        return self.url(OWNER, OWNER_PASSWORD, database)

    def login_url(self, login: str, database: str) -> str:
        return self.url(login, PASSWORD, database)

    def superuser_conninfo(self, database: str = "postgres") -> str:
        return (
            f"host=127.0.0.1 port={self.port} dbname={database} user={SUPERUSER} "
            f"password={self.superuser_password}"
        )

    def run_superuser(self, *statements: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.superuser_conninfo(database), autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)  # type: ignore[arg-type]

    def create_database(self, name: str) -> str:
        """A new, empty database owned by :data:`OWNER`; its name."""
        self.run_superuser(f'CREATE DATABASE "{name}" OWNER {OWNER}')
        self._databases.append(name)
        return name

    def create_login(self, name: str) -> str:
        """A login (cluster-wide) with :data:`PASSWORD`; its name."""
        self.run_superuser(f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{PASSWORD}'")
        return name

    def psql(
        self, login: str, password: str, database: str, sql: str
    ) -> subprocess.CompletedProcess[str]:
        """Run ``sql`` with the psql binary as ``login`` (unaligned, tuples only)."""
        env = {
            **os.environ,
            "PGPASSWORD": password,
            "PGCONNECT_TIMEOUT": "10",
            "PSQLRC": os.devnull,
        }
        return subprocess.run(
            [
                str(self.psql_path),
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                login,
                "-d",
                database,
                "-c",
                sql,
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )

    def tool(self, name: str) -> Path:
        """A client program of the same version (pg_dump, ...)."""
        return self.bin_dir / name


def _as_server_user(run_as: str | None, command: list[str]) -> list[str]:
    if run_as is None:
        return command
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", run_as, "--", *command]
    import shlex

    return ["su", run_as, "-s", "/bin/sh", "-c", shlex.join(command)]


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """The session's throwaway cluster: :func:`tests.server.own_cluster.own_cluster` with
    the quick settings (no fsync), removed at the end."""
    from tests.server.own_cluster import FAST, Unavailable, own_cluster

    with ExitStack() as stack:
        try:
            cluster = stack.enter_context(own_cluster(FAST))
        except Unavailable as why:
            pytest.skip(
                f"{why}: `make test` installs PostgreSQL when run as root "
                "(scripts/system-deps.sh); otherwise: sudo apt-get install postgresql "
                "postgresql-client"
            )
        yield cluster


@pytest.fixture
def database_name(request: pytest.FixtureRequest) -> str:
    """A database name unique to the test."""
    return "t_" + secrets.token_hex(6)


@dataclass
class Ran:
    """What one ``ppf`` command did."""

    code: int
    out: str
    err: str


def run_ppf(capsys: pytest.CaptureFixture[str], *args: object) -> Ran:
    """Run ``ppf ARGS`` in this process; its exit status and output."""
    from ppf_app.cli.main import main

    capsys.readouterr()
    code = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return Ran(code, captured.out, captured.err)


@pytest.fixture
def ppf(capsys: pytest.CaptureFixture[str]):
    """``ppf(*args)``: run a command, its :class:`Ran`."""

    def run(*args: object) -> Ran:
        return run_ppf(capsys, *args)

    return run


@pytest.fixture
def prepared(pg_cluster: Cluster, database_name: str, ppf) -> str:
    """A new database prepared by ``ppf server init`` as its owner; its name."""
    pg_cluster.create_database(database_name)
    ran = ppf("server", "init", pg_cluster.owner_url(database_name))
    assert (ran.code, ran.out, ran.err) == (0, "", ""), ran.err
    return database_name
