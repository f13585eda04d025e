"""The Rate page on a server saves each change as one statement, committed on its own:
from the second change of an assessment on, a key press reaches the server as one
round trip, and the database holds what the page shows."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg.pq import TransactionStatus
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ppf_app.cli.main import main as cli_main
from ppf_app.services import assessments, people
from ppf_app.services.library import open_library
from ppf_app.storage import server
from ppf_app.ui.pages.assessment import AssessmentPage
from tests.server.conftest import PASSWORD, Cluster
from tests.ui.test_ui_support import make_window, ui_settings

__all__ = ["ui_settings"]

pytestmark = [pytest.mark.gui]


def test_each_change_on_the_rate_page_is_one_statement_on_its_own(
    qtbot: QtBot, pg_cluster: Cluster, ui_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = pg_cluster.create_database("rate_page_" + secrets.token_hex(3))
    owner = pg_cluster.owner_url(database)
    assert cli_main(["server", "init", owner]) == 0
    with open_library(database_url=owner) as admin:
        person = people.add_person(admin, name="Asha", professional_group="manager").id
    login = pg_cluster.create_login("asha_" + secrets.token_hex(3))
    assert cli_main(["server", "grant", owner, "--login", login, "--role", "person",
                     "--person", str(person)]) == 0  # fmt: skip

    sent: list[tuple[bool, TransactionStatus]] = []
    first_row = server.first_row

    def watched(connection: Any, statement: str, params: Any, **options: Any) -> Any:
        row = first_row(connection, statement, params, **options)
        driver = connection.connection.driver_connection
        sent.append((bool(options.get("alone")), driver.info.transaction_status))
        return row

    monkeypatch.setattr(server, "first_row", watched)
    with open_library(database_url=pg_cluster.url(login, PASSWORD, database)) as lib:
        view = assessments.start_assessment(lib, person)
        window = make_window(qtbot, lib)
        window.go("assessment", view.id)
        page = window.assessment
        assert isinstance(page, AssessmentPage)
        rows = page.rows()
        qtbot.keyClick(rows[0].rating, Qt.Key.Key_2)  # the first change: the general way
        assert sent == []
        qtbot.keyClick(rows[1].rating, Qt.Key.Key_3)
        qtbot.keyClick(rows[0].rating, Qt.Key.Key_4)
        # each sent alone, and committed by the server as it ended: nothing left open
        assert sent == [(True, TransactionStatus.IDLE)] * 2
        assert page.progress.value() == 2
        window.close()
    with psycopg.connect(pg_cluster.superuser_conninfo(database)) as connection:
        stored = dict(
            connection.execute(  # type: ignore[arg-type]
                "SELECT behaviour_id, level FROM rating WHERE assessment_id = %s", (view.id,)
            ).fetchall()
        )
    assert stored == {rows[0].behaviour_id: 4, rows[1].behaviour_id: 3}
