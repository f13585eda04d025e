"""A PostgreSQL cluster of one's own, to stop and start at will: the session's cluster
(:func:`tests.server.conftest.pg_cluster`), the test that the app keeps ratings while the
server is away, and ``make bench``.

initdb in a temporary folder, a free port of 127.0.0.1, SCRAM passwords, run as
``postgres`` when root; with settings of its own: the tests' clusters run without fsync
(:data:`FAST`), a benchmark's needs the durable settings a real server has
(:data:`DURABLE`).
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.server.conftest import (
    OWNER,
    OWNER_PASSWORD,
    SUPERUSER,
    Cluster,
    _as_server_user,
    find_binaries,
    free_port,
)

#: The tests' settings: quick and throwaway.
FAST = ("-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off")
#: A real server's: every commit reaches the disk.
DURABLE = ("-c fsync=on", "-c synchronous_commit=on", "-c full_page_writes=on")


class Unavailable(Exception):
    """PostgreSQL's server programs are not installed (or cannot be run here)."""


class ControlledCluster(Cluster):
    """A :class:`Cluster` that can be stopped and started again on the same port."""

    options: str = ""

    def _ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / "pg_ctl"), "-D", str(self.data), *args]
        done = subprocess.run(
            _as_server_user(self.run_as, command), capture_output=True, text=True, timeout=180
        )
        if check and done.returncode != 0:
            log = self.base / "server.log"
            tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
            raise RuntimeError(f"pg_ctl {' '.join(args)} failed:\n{done.stderr}\n{tail}")
        return done

    def start(self) -> None:
        self._ctl("-o", self.options, "-l", str(self.base / "server.log"), "-w", "-t", "60",
                  "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._ctl("-m", mode, "-w", "stop")


def _run(run_as: str | None, command: list[str]) -> None:
    done = subprocess.run(
        _as_server_user(run_as, command), capture_output=True, text=True, timeout=180
    )
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed:\n{done.stdout}{done.stderr}")


@contextmanager
def own_cluster(settings: tuple[str, ...] = FAST) -> Iterator[ControlledCluster]:
    """A running cluster with its owner login (:data:`OWNER`), removed at the end.

    Raises:
        Unavailable: PostgreSQL is not installed, or root without a postgres user.
    """
    found = find_binaries()
    if found is None:
        raise Unavailable(
            "PostgreSQL is not installed (no initdb/pg_ctl in /usr/lib/postgresql/*/bin or "
            "on PATH, or no psql)"
        )
    bin_dir, psql = found
    run_as = None
    account = None
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        import pwd

        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            raise Unavailable(
                "running as root, and there is no 'postgres' system user to run the "
                "PostgreSQL server as (it refuses root); install Debian's postgresql package"
            ) from None
        run_as = "postgres"
    base = Path(tempfile.mkdtemp(prefix="ppf-pg-own-"))
    password = "super-" + secrets.token_hex(12)
    pwfile = base / "pwfile"
    pwfile.write_text(password + "\n")
    if account is not None:
        for path in (base, pwfile):
            os.chown(path, account.pw_uid, account.pw_gid)
    cluster = ControlledCluster(bin_dir, psql, base, free_port(), run_as, password)
    cluster.options = " ".join(
        (
            f"-p {cluster.port} -c listen_addresses=127.0.0.1",
            f"-c unix_socket_directories={base}",
            "-c max_connections=120",
            *settings,
        )
    )
    started = False
    try:
        _run(run_as, [str(bin_dir / "initdb"), "-D", str(cluster.data), "-U", SUPERUSER,
                      f"--pwfile={pwfile}", "--auth-local=scram-sha-256",
                      "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C",
                      "--no-sync"])  # fmt: skip
        cluster.start()
        started = True
        cluster.run_superuser(f"CREATE ROLE {OWNER} LOGIN CREATEROLE PASSWORD '{OWNER_PASSWORD}'")
        yield cluster
    finally:
        if started:
            cluster._ctl("-m", "immediate", "stop", check=False)
        shutil.rmtree(base, ignore_errors=True)
