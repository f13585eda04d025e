"""``ppf server init``: the schema by the same migrations as a local library, the roles and
the rules; run twice it changes nothing; a newer, older, foreign, missing or unreachable
database is one clear refusal (exit 2), never a traceback."""

from __future__ import annotations

import os
import subprocess

import psycopg
import pytest
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

from ppf_app.services.server import init_server
from ppf_app.storage import models, schema, server_access
from tests.server.conftest import OWNER, Cluster, free_port

#: The sign-off guards: on PostgreSQL, one trigger (table, name) for each of SQLite's.
SIGNED_TRIGGERS = {
    (statement.split()[9], statement.split()[5]) for statement in models.SIGNED_TRIGGERS
}


def _superuser(cluster: Cluster, database: str) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(cluster.superuser_conninfo(database), autocommit=True)


def _state(cluster: Cluster, database: str) -> dict[str, object]:
    """Everything ``init`` could change: the whole dump, the catalog objects by identity
    (a dropped and re-created object has a new oid), and the roles and memberships."""
    dump = subprocess.run(
        [
            str(cluster.tool("pg_dump")),
            "-h",
            "127.0.0.1",
            "-p",
            str(cluster.port),
            "-U",
            "postgres",
            "-d",
            database,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PGPASSWORD": cluster.superuser_password},
        timeout=120,
        check=True,
    ).stdout
    # pg_dump 15.14 and later fence the dump with a random key each run.
    dump = "\n".join(
        line for line in dump.splitlines() if not line.startswith(("\\restrict", "\\unrestrict"))
    )
    with _superuser(cluster, database) as connection:

        def rows(sql: str) -> list[tuple[object, ...]]:
            return sorted(connection.execute(sql).fetchall(), key=repr)  # type: ignore[arg-type]

        return {
            "dump": dump,
            "classes": rows(
                "SELECT oid, relname FROM pg_class WHERE relnamespace = 'public'::regnamespace"
            ),
            "functions": rows(
                "SELECT oid, proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace"
            ),
            "policies": rows("SELECT oid, polname FROM pg_policy"),
            "triggers": rows("SELECT oid, tgname FROM pg_trigger WHERE NOT tgisinternal"),
            "roles": rows("SELECT oid, rolname FROM pg_roles WHERE rolname LIKE 'ppf%'"),
            "members": rows("SELECT roleid, member, admin_option FROM pg_auth_members"),
        }


def test_init_prepares_the_schema_the_roles_and_the_rules(pg_cluster: Cluster, prepared: str):
    with _superuser(pg_cluster, prepared) as connection:
        version = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        assert version == [(schema.HEAD_REVISION,)]
        roles = connection.execute(
            "SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname LIKE 'ppf\\_%%' "
            "AND rolname <> %s ORDER BY rolname",
            (OWNER,),
        ).fetchall()
        assert roles == [(name, False) for name in sorted(server_access.GROUP_ROLES.values())]
        owner_is_admin = connection.execute(
            "SELECT pg_has_role(%s, 'ppf_admin', 'USAGE')", (OWNER,)
        ).fetchone()
        assert owner_is_admin == (True,)
        triggers = connection.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal"
        ).fetchall()
        assert set(triggers) == SIGNED_TRIGGERS
        owners = connection.execute(
            "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
        assert owners == [(OWNER,)]
        granted = connection.execute("SELECT login, role FROM ppf_access").fetchall()
        assert granted == [(OWNER, "admin")]


def test_the_migrations_make_the_models_schema_on_postgresql(pg_cluster: Cluster, prepared: str):
    """The same Alembic migrations as SQLite: every table, column and named index."""
    engine = create_engine(
        pg_cluster.owner_url(prepared).replace("postgresql://", "postgresql+psycopg://")
    )
    try:
        inspector = inspect(engine)
        for table in SQLModel.metadata.sorted_tables:
            columns = {column["name"] for column in inspector.get_columns(table.name)}
            assert columns == {column.name for column in table.columns}, table.name
            indexes = {index["name"] for index in inspector.get_indexes(table.name)}
            wanted = {str(index.name) for index in table.indexes if index.name}
            assert wanted <= indexes, table.name
    finally:
        engine.dispose()


def test_init_run_again_changes_nothing(pg_cluster: Cluster, prepared: str, ppf):
    before = _state(pg_cluster, prepared)
    ran = ppf("server", "init", pg_cluster.owner_url(prepared))
    assert (ran.code, ran.out, ran.err) == (0, "", "")
    report = init_server(pg_cluster.owner_url(prepared))
    assert not report.changed, report
    assert _state(pg_cluster, prepared) == before


def test_a_newer_database_is_refused_and_left_alone(pg_cluster: Cluster, prepared: str, ppf):
    with _superuser(pg_cluster, prepared) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00dfeed'")
    before = _state(pg_cluster, prepared)
    url = pg_cluster.owner_url(prepared)
    ran = ppf("server", "init", url)
    assert ran.code == 2 and "Traceback" not in ran.err
    assert "prepared by a newer version" in ran.err and "'f00dfeed'" in ran.err
    assert "owner_password" not in ran.err and pg_cluster.owner_url(prepared) not in ran.err
    assert _state(pg_cluster, prepared) == before
    ran = ppf("--database-url", url, "person", "list")
    assert ran.code == 2 and "newer version" in ran.err


def test_an_older_database_names_the_upgrade(pg_cluster: Cluster, prepared: str, ppf):
    with _superuser(pg_cluster, prepared) as connection:
        connection.execute("UPDATE alembic_version SET version_num = %s", (schema.REVISIONS[0],))
    ran = ppf("--database-url", pg_cluster.owner_url(prepared), "person", "list")
    assert ran.code == 2
    assert "earlier version" in ran.err and "ppf server init postgresql://" in ran.err


def test_a_database_not_prepared_says_how(pg_cluster: Cluster, database_name: str, ppf):
    pg_cluster.create_database(database_name)
    ran = ppf("--database-url", pg_cluster.owner_url(database_name), "person", "list")
    assert ran.code == 2 and "is not prepared" in ran.err and "ppf server init" in ran.err


def test_a_database_with_foreign_tables_is_refused(pg_cluster: Cluster, database_name: str, ppf):
    pg_cluster.create_database(database_name)
    with psycopg.connect(
        pg_cluster.owner_url(database_name).replace("postgresql://", "postgres://"),
        autocommit=True,
    ) as connection:
        connection.execute("CREATE TABLE person (id integer)")
    ran = ppf("server", "init", pg_cluster.owner_url(database_name))
    assert ran.code == 2 and "not PPF Self-Assessment's" in ran.err
    with _superuser(pg_cluster, database_name) as connection:
        assert connection.execute("SELECT to_regclass('alembic_version')").fetchone() == (None,)


def test_only_the_owner_prepares_the_database(pg_cluster: Cluster, prepared: str, ppf):
    login = pg_cluster.create_login("intruder_" + prepared)
    before = _state(pg_cluster, prepared)
    pg_cluster.run_superuser(f'GRANT ppf_person TO "{login}"')
    before = _state(pg_cluster, prepared)
    ran = ppf("server", "init", pg_cluster.login_url(login, prepared))
    assert ran.code == 2 and "Traceback" not in ran.err
    assert len(ran.err.strip().splitlines()) == 1, ran.err
    assert _state(pg_cluster, prepared) == before


@pytest.mark.parametrize(
    "problem", ["no-server", "wrong-password", "no-database", "not-postgresql"]
)
def test_an_unusable_server_is_one_line_exit_2(
    pg_cluster: Cluster, prepared: str, ppf, problem: str
):
    url = {
        "no-server": f"postgresql://someone:pw@127.0.0.1:{free_port()}/ppf",
        "wrong-password": pg_cluster.url(OWNER, "not-the-password", prepared),
        "no-database": pg_cluster.owner_url("no_such_database"),
        "not-postgresql": "mysql://someone@127.0.0.1/ppf",
    }[problem]
    for command in (["server", "init", url], ["--database-url", url, "person", "list"]):
        ran = ppf(*command)
        assert ran.code == 2, (problem, ran)
        assert len(ran.err.strip().splitlines()) == 1, (problem, ran.err)
        assert "Traceback" not in ran.err and ran.out == ""
        assert "not-the-password" not in ran.err and ":pw@" not in ran.err
    wording = {
        "no-server": "Connection refused",
        "wrong-password": "password authentication failed",
        "no-database": 'database "no_such_database" does not exist',
        "not-postgresql": "is not a PostgreSQL database URL",
    }[problem]
    assert wording in ran.err


def test_the_postgresql_sign_off_triggers_are_the_sqlite_ones(pg_cluster: Cluster, prepared: str):
    """What the migrations made on PostgreSQL is, trigger by trigger, the plpgsql twin of
    each of SQLite's (``models.SIGNED_TRIGGERS``): same table, event and condition."""
    with _superuser(pg_cluster, prepared) as connection:
        for name, function, trigger in models.postgresql_triggers():
            found = connection.execute(
                "SELECT p.prosrc, pg_get_triggerdef(t.oid) FROM pg_trigger t "
                "JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgname = %s",
                (name,),
            ).fetchall()
            assert len(found) == 1, name
            body, definition = found[0]
            assert " ".join(str(body).split()) == " ".join(function.split("$ppf$")[1].split())
            assert str(definition).replace("public.", "") == trigger


def test_the_models_make_the_same_triggers_on_postgresql(pg_cluster: Cluster, database_name: str):
    pg_cluster.create_database(database_name)
    engine = create_engine(
        pg_cluster.owner_url(database_name).replace("postgresql://", "postgresql+psycopg://")
    )
    try:
        SQLModel.metadata.create_all(engine)
    finally:
        engine.dispose()
    with _superuser(pg_cluster, database_name) as connection:
        triggers = connection.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal"
        ).fetchall()
    assert set(triggers) == SIGNED_TRIGGERS
