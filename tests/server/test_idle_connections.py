"""Pooled connections to the server: one given back moments ago is used as it is (a burst
of autosaves pays no extra round trip); one left idle is tried first and replaced when the
server dropped it, so the person never sees the drop; one dropped within the moment fails
its one statement as unreachable (the Rate page keeps that change) and the next works."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from ppf_app.cli.main import main as cli_main
from ppf_app.core.errors import UserError
from ppf_app.services import people
from ppf_app.services.library import Library, open_library
from ppf_app.storage import server
from ppf_app.ui.offline import is_unreachable
from tests.server.conftest import Cluster


@dataclass
class Opened:
    lib: Library
    cluster: Cluster
    database: str
    pings: list[int]

    def drop_connections(self) -> None:
        """The server ends every session of the database but the superuser's own."""
        self.cluster.run_superuser(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{self.database}' AND pid <> pg_backend_pid()",
            database=self.database,
        )

    def names(self) -> list[str]:
        return [person.name for person in people.list_people(self.lib)]


@pytest.fixture
def opened(pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> Iterator[Opened]:
    database = pg_cluster.create_database("idle_" + secrets.token_hex(4))
    owner_url = pg_cluster.owner_url(database)
    assert cli_main(["server", "init", owner_url]) == 0
    with open_library(database_url=owner_url) as admin:
        people.add_person(admin, name="Asha", professional_group="clinician")
    with open_library(database_url=owner_url) as lib:
        dialect = lib.db.engine.dialect
        pings: list[int] = []
        ping = dialect.do_ping

        def counted(connection: Any) -> bool:
            pings.append(1)
            return ping(connection)

        monkeypatch.setattr(dialect, "do_ping", counted)
        yield Opened(lib, pg_cluster, database, pings)


def test_a_connection_used_moments_ago_is_not_tried_first(opened: Opened) -> None:
    for _ in range(5):
        assert opened.names() == ["Asha"]
    assert opened.pings == []


def test_an_idle_connection_dropped_by_the_server_is_replaced_unseen(
    opened: Opened, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert opened.names() == ["Asha"]
    opened.drop_connections()
    monkeypatch.setattr(server, "PING_AFTER_IDLE", 0.0)  # every pooled connection is idle
    assert opened.names() == ["Asha"]
    assert opened.pings  # tried, found dropped, replaced


def test_a_connection_dropped_within_the_moment_fails_once_then_works(opened: Opened) -> None:
    assert opened.names() == ["Asha"]
    opened.drop_connections()
    with pytest.raises(UserError) as caught:
        opened.names()
    assert is_unreachable(caught.value), caught.value.problems  # kept, and saved again
    assert opened.names() == ["Asha"]
