"""``ppf server init`` upgrades a database prepared by an earlier version: the same
migrations as a local library, run on PostgreSQL from every earlier schema, keep every row
(even with the earlier rules' row-level security forced on the tables) and then write
this version's rules."""

from __future__ import annotations

import psycopg
import pytest
from alembic import command
from sqlalchemy import Connection, inspect, text

from ppf_app.storage import schema, server, server_access
from tests.server.conftest import Cluster
from tests.storage import test_storage_migrations as local_migrations

EARLIER = schema.REVISIONS[:-1]


def _prepare_at(url: str, revision: str) -> None:
    """A database as an earlier ``server init`` left it: that schema, with sample rows,
    and every table's row-level security forced (admins only)."""
    engine = server.make_engine(url)
    try:
        with engine.begin() as connection:
            server_access.ensure_roles(connection)
            server_access.ensure_admin(connection)
            command.upgrade(schema.alembic_config(connection), revision)
            for table, rows in local_migrations.ROWS_AT[revision].items():
                for row in rows:
                    names = ", ".join(row)
                    marks = ", ".join(f"CAST(:{name} AS {_type(connection, table, name)})"
                                      for name in row)  # fmt: skip
                    connection.execute(text(f"INSERT INTO {table} ({names}) VALUES ({marks})"), row)
            for table in inspect(connection).get_table_names():
                if table == "alembic_version":
                    continue
                connection.execute(text(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"))
                connection.execute(text(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY"))
                connection.execute(
                    text(f"CREATE POLICY earlier_admin ON {table} TO ppf_admin USING (true)")
                )
    finally:
        engine.dispose()


def _type(connection: Connection, table: str, column: str) -> str:
    found = connection.execute(
        text(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
            "WHERE attrelid = CAST(:table AS regclass) AND attname = :column"
        ),
        {"table": table, "column": column},
    ).scalar()
    return str(found)


@pytest.mark.parametrize("revision", EARLIER)
def test_init_upgrades_every_earlier_schema_keeping_every_row(
    pg_cluster: Cluster, database_name: str, revision: str, ppf
):
    pg_cluster.create_database(database_name)
    url = pg_cluster.owner_url(database_name)
    _prepare_at(url, revision)
    ran = ppf("--database-url", url, "person", "list")
    assert ran.code == 2 and "not prepared" in ran.err  # the earlier rules had no functions

    ran = ppf("server", "init", url)
    assert (ran.code, ran.err) == (0, "")

    reshaped = set().union(
        *(
            tables
            for at, tables in getattr(local_migrations, "RESHAPED_AFTER", {}).items()
            if at >= revision
        )
    )
    with psycopg.connect(pg_cluster.superuser_conninfo(database_name)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (schema.HEAD_REVISION,)
        ]
        for table, rows in local_migrations.ROWS_AT[revision].items():
            if table in reshaped:
                continue
            count = connection.execute(f"SELECT count(*) FROM {table}").fetchone()  # type: ignore[arg-type]
            assert count == (len(rows),), table
        leftover = connection.execute(
            "SELECT count(*) FROM pg_policy WHERE polname = 'earlier_admin'"
        ).fetchone()
        assert leftover == (0,)
    ran = ppf("--database-url", url, "person", "list")
    assert ran.code == 0 and "Ada Lovelace" in ran.out
