"""Server mode: an organisation's library on one PostgreSQL database.

``ppf server init URL`` prepares the database (:func:`init_server`): the schema by the
same Alembic migrations as a local library, the product's group roles, and the access
rules of :mod:`ppf_app.storage.server_access` (privileges and row-level security), all
in one transaction; run again, it changes nothing. ``ppf server grant`` gives a login its
role (:func:`grant_role`). Everything else opens the database as a :class:`Library`
(:func:`open_server_library`) and works as on a local one.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from ppf_app.core.errors import UserError
from ppf_app.core.paths import FILE_MODE, data_paths
from ppf_app.core.resources import bundled_frameworks_dir
from ppf_app.domain.framework import Framework
from ppf_app.domain.framework_library import FrameworkLibrary
from ppf_app.services.library import Library
from ppf_app.storage import schema, server, server_access
from ppf_app.storage.database import Database, open_server_database
from ppf_app.storage.server import ServerError, ServerProblem

__all__ = [
    "PRODUCT_ROLES",
    "InitReport",
    "ServerError",
    "ServerFrameworkLibrary",
    "ServerProblem",
    "add_server_framework",
    "grant_role",
    "init_server",
    "open_server_library",
    "server_framework_library",
]

log = logging.getLogger(__name__)

PRODUCT_ROLES = server_access.PRODUCT_ROLES

#: One ``server init`` at a time on a database (a transaction-level advisory lock).
_INIT_LOCK = 0x50504631


# -- opening -----------------------------------------------------------------------------


def open_server_library(url: str, data_dir: str | os.PathLike[str] | None = None) -> Library:
    """The library on the database server ``url``.

    ``paths`` is the data folder ``data_dir`` names, neither created nor used for data
    (output files are still never written into it).

    Raises:
        ServerError: unreachable, not prepared, of another version, or no role for this
            login (see :func:`ppf_app.storage.database.open_server_database`).
    """
    db = open_server_database(url)
    try:
        frameworks = ServerFrameworkLibrary(bundled_frameworks_dir(), db)
    except BaseException:
        db.close()
        raise
    return Library(paths=data_paths(data_dir), db=db, frameworks=frameworks)


# -- frameworks added on the server --------------------------------------------------------


class ServerFrameworkLibrary(FrameworkLibrary):
    """The bundled frameworks plus those added on the server (the ``framework_file`` table).

    The files added on the server are copied into a private temporary folder at each
    reload and read from there, so reading, checking and the rules for adding the same
    id and version twice are exactly a local library's. :meth:`add` keeps a new file in
    the database, where every desk finds it.
    """

    def __init__(self, bundled_dir: Path, db: Database) -> None:
        self._db = db
        self._cache = Path(tempfile.mkdtemp(prefix="ppf-server-frameworks-"))
        self._finalizer = weakref.finalize(self, shutil.rmtree, self._cache, True)
        self._stored: set[Path] = set()
        super().__init__(bundled_dir=bundled_dir, user_dir=self._cache)

    def reload(self) -> None:
        with self._lock:
            self._copy_from_server()
            super().reload()

    def _copy_from_server(self) -> None:
        try:
            with self._db.transaction() as connection:
                rows = server.framework_files(connection)
        except ServerError as exc:
            if exc.kind is not ServerProblem.REFUSED:
                raise
            rows = []  # a lead reads no table: the bundled frameworks only
        wanted = {self._cache / f"server-{row_id}.toml": content for row_id, content in rows}
        for path in self._cache.glob("*.toml"):
            if path not in wanted:
                path.unlink(missing_ok=True)
        for path, content in wanted.items():
            if not path.exists() or path.read_bytes() != content:
                path.write_bytes(content)
                if os.name == "posix":
                    os.chmod(path, FILE_MODE)
        self._stored = set(wanted)

    def add(self, path: str | os.PathLike[str]) -> Framework:
        """Install a framework file for everyone on the server (an admin's right).

        Same rules as a local library: an identical file is accepted and changes nothing;
        another file with an installed id and version is refused.
        """
        with self._lock:
            framework = super().add(path)  # checked, and written into the folder if new
            entry = self.entry(framework.id, framework.version)
            if entry.bundled or entry.path in self._stored:
                return framework
            try:
                with self._db.transaction() as connection:
                    stored = server.store_framework_file(
                        connection,
                        framework_id=framework.id,
                        version=framework.version,
                        sha256=hashlib.sha256(entry.data).hexdigest(),
                        content=entry.data,
                    )
            except BaseException:
                entry.path.unlink(missing_ok=True)
                self._entries = None
                raise
            if not stored:  # another desk added this id and version meanwhile
                entry.path.unlink(missing_ok=True)
                return super().add(path)  # identical: accepted; else refused
            self.reload()
            log.info("Added framework %s %s on the server", framework.id, framework.version)
            return framework

    def problems(self) -> list[str]:
        """As a local library's, naming a server file ``server:ID`` instead of a path."""
        prefix = f"{self._cache}{os.sep}"
        return [line.replace(prefix, "server:") for line in super().problems()]

    def close(self) -> None:
        """Remove the private copies of the server's files."""
        self._finalizer()


def server_framework_library(url: str) -> ServerFrameworkLibrary:
    """The frameworks of the server library ``url`` (``ppf framework list`` and ``export``)."""
    db = open_server_database(url)
    try:
        library = ServerFrameworkLibrary(bundled_frameworks_dir(), db)
        library.reload()
    finally:
        db.close()  # the engine reconnects if the library is read again
    return library


def add_server_framework(url: str, path: str | os.PathLike[str]) -> Framework:
    """Install a framework file on the server library ``url`` (``ppf framework add``)."""
    library = open_server_library(url)
    try:
        return library.frameworks.add(path)
    finally:
        library.close()


# -- preparing the database ------------------------------------------------------------------


@dataclass
class InitReport:
    """What ``server init`` changed (nothing, the second time)."""

    created_roles: list[str] = field(default_factory=list)
    made_admin: bool = False
    upgraded_from: str | None = None
    upgraded: bool = False
    rules_written: bool = False
    owner_recorded: bool = False

    @property
    def changed(self) -> bool:
        return bool(
            self.created_roles
            or self.made_admin
            or self.upgraded
            or self.rules_written
            or self.owner_recorded
        )


def init_server(url: str) -> InitReport:
    """Prepare (or upgrade) the database ``url`` for the whole organisation, in one
    transaction: nothing is changed unless everything succeeds.

    Run as the database's owner with the right to create roles (``CREATEROLE``), or as a
    superuser. The login running it owns the tables and becomes an admin.

    Raises:
        ServerError: the server cannot be reached or refuses; the database holds tables
            that are not this product's; or a newer version prepared it.
    """
    from alembic import command

    engine = server.make_engine(url)
    where = server.describe(engine.url)
    report = InitReport()
    try:
        with engine.begin() as connection:
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _INIT_LOCK})
            revision = schema.current_revision(connection)
            _refuse_foreign_or_newer(connection, where, revision)
            report.created_roles = server_access.ensure_roles(connection)
            report.made_admin = server_access.ensure_admin(connection)
            if revision != schema.HEAD_REVISION:
                command.upgrade(schema.alembic_config(connection), "head")
                report.upgraded_from, report.upgraded = revision, True
            try:
                report.rules_written = server_access.apply(connection)
            except server_access.AccessNewer as exc:
                raise _newer(where, f"its access rules are of version {exc.stored}") from None
            report.owner_recorded = server_access.record_owner(connection)
    except DBAPIError as exc:
        raise _refusal(exc, where, "prepare the database") from None
    finally:
        engine.dispose()
    log.info("server init %s: %s", server.location(engine.url), report)
    return report


def _refuse_foreign_or_newer(connection: Connection, where: str, revision: str | None) -> None:
    if revision is not None and schema.schema_number(revision) is None:
        raise _newer(where, f"its schema is {revision!r}")
    if revision is None:
        taken = connection.execute(
            text(
                "SELECT string_agg(name, ', ' ORDER BY name) FROM unnest(CAST(:names AS text[])) "
                "AS name WHERE to_regclass(name) IS NOT NULL"
            ),
            {"names": list(server_access.PERSONAL_TABLES)},
        ).scalar()
        if taken:
            raise ServerError(
                ServerProblem.NOT_PREPARED,
                where,
                [
                    f"The database {where} already has tables named {taken} that are not "
                    "PPF Self-Assessment's; nothing was changed.",
                    "Prepare an empty database instead (createdb -O OWNER NAME).",
                ],
            )


def _newer(where: str, detail: str) -> ServerError:
    return ServerError(
        ServerProblem.NEWER,
        where,
        [
            f"The database {where} was prepared by a newer version of PPF Self-Assessment "
            f"({detail}; this version knows up to schema {schema.SCHEMA_VERSION}).",
            "Use the newer version; nothing was changed.",
        ],
    )


def _refusal(exc: DBAPIError, where: str, doing: str) -> UserError:
    translated = server.translate(exc, where)
    if translated is not None:
        return translated
    detail = " ".join(str(exc.orig).split())
    return ServerError(
        ServerProblem.REFUSED, where, f"Could not {doing} on {where}: {detail}; nothing was changed"
    )


# -- giving logins their roles -----------------------------------------------------------------


def grant_role(
    url: str,
    *,
    login: str,
    role: str,
    person: int | None = None,
    appraisees: Sequence[int] = (),
) -> None:
    """Give the database login ``login`` its product role (run as an admin).

    ``person``: the person the login is (required for ``person``, optional for an
    appraiser with records of their own); ``appraisees``: the people an appraiser
    appraises (at least one). A login has one role: a new grant replaces the old one.

    Raises:
        UserError: a wrong combination of options, an unknown login or person, or a
            login that is not an admin running it. Nothing was changed.
    """
    _check_grant(role, person, appraisees)
    db = open_server_database(url)
    try:
        if db.server_role != "admin":
            raise ServerError(
                ServerProblem.REFUSED,
                db.url,
                f"Only an admin may give logins their roles; your login {db.login!r} "
                f"has the role {db.server_role!r}.",
            )
        try:
            with db.transaction() as connection:
                _check_login_and_people(connection, db, login, person, appraisees)
                server_access.grant(
                    connection, login=login, role=role, person=person, appraisees=appraisees
                )
        except DBAPIError as exc:
            raise _refusal(exc, db.url, f"give {login!r} its role") from None
    finally:
        db.close()
    log.info("Gave a login the role %s (%d appraisees)", role, len(appraisees))


def _check_grant(role: str, person: int | None, appraisees: Sequence[int]) -> None:
    problems = []
    if role not in PRODUCT_ROLES:
        problems.append(f"--role: {role!r} is not one of {', '.join(PRODUCT_ROLES)}")
    elif role == "person":
        if person is None:
            problems.append("--role person needs --person ID: the person the login is")
        if appraisees:
            problems.append("--appraisee is for --role appraiser only")
    elif role == "appraiser":
        if not appraisees:
            problems.append("--role appraiser needs at least one --appraisee ID")
    elif person is not None or appraisees:
        problems.append(f"--role {role} takes neither --person nor --appraisee")
    if person is not None and person in appraisees:
        problems.append(f"--appraisee: person {person} is the login's own person")
    if problems:
        raise UserError(problems)


def _check_login_and_people(
    connection: Connection, db: Database, login: str, person: int | None, appraisees: Sequence[int]
) -> None:
    found = connection.execute(
        text("SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = :login"),
        {"login": login},
    ).first()
    if found is None:
        raise UserError(
            [
                f"--login: there is no database login {login!r} on {db.url}.",
                "Create it first, for example: CREATE ROLE "
                f"\"{login}\" LOGIN PASSWORD '...' (or a login for single sign-on).",
            ]
        )
    can_login, superuser = bool(found[0]), bool(found[1])
    if not can_login:
        raise UserError(f"--login: {login!r} is a role that cannot log in")
    if superuser:
        raise UserError(f"--login: {login!r} is a superuser, which sees everything anyway")
    if login in server_access.GROUP_ROLES.values():
        raise UserError(f"--login: {login!r} is one of the product's group roles")
    if login == db.login:
        raise UserError(f"--login: {login!r} is your own login")
    wanted = sorted({*appraisees, *([person] if person is not None else [])})
    if wanted:
        present = {
            int(row[0])
            for row in connection.execute(
                text("SELECT id FROM person WHERE id = ANY(:ids)"), {"ids": wanted}
            )
        }
        missing = [str(number) for number in wanted if number not in present]
        if missing:
            raise UserError(f"there is no person {', '.join(missing)} in this database")
