"""The Rate page when the organisation's server goes away: nothing typed is lost.

A real server of the test's own is stopped while a person rates and types evidence: the
page keeps every change, says it is offline, and saves them all once the server is
started again; the database then holds exactly what was typed, once.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ppf_app.cli.main import main as cli_main
from ppf_app.services import assessments, people
from ppf_app.services.library import Library, open_library
from ppf_app.ui import messages
from ppf_app.ui.offline import is_unreachable
from ppf_app.ui.pages.assessment import AssessmentPage
from tests.server.conftest import PASSWORD
from tests.server.own_cluster import ControlledCluster, Unavailable, own_cluster
from tests.ui.test_ui_support import make_window, ui_settings

__all__ = ["ui_settings"]

pytestmark = [pytest.mark.gui, pytest.mark.slow]


@pytest.fixture
def cluster() -> Iterator[ControlledCluster]:
    try:
        with own_cluster() as made:
            yield made
    except Unavailable as why:
        pytest.skip(str(why))


def _saved(cluster: ControlledCluster, database: str, assessment_id: int) -> dict[str, tuple]:
    with psycopg.connect(cluster.superuser_conninfo(database)) as connection:
        rows = connection.execute(
            "SELECT behaviour_id, level, evidence FROM rating WHERE assessment_id = %s",
            (assessment_id,),
        ).fetchall()
    return {str(r[0]): (r[1], r[2]) for r in rows}


def test_ratings_typed_while_the_server_is_down_are_saved_when_it_is_back(
    qtbot: QtBot, cluster: ControlledCluster, ui_settings: Path
) -> None:
    database = "offline_" + secrets.token_hex(3)
    cluster.create_database(database)
    owner = cluster.owner_url(database)
    assert cli_main(["server", "init", owner]) == 0
    with open_library(database_url=owner) as admin:
        person = people.add_person(admin, name="Asha", professional_group="manager")
    login = cluster.create_login(f"asha_{secrets.token_hex(3)}")
    assert cli_main(["server", "grant", owner, "--login", login, "--role", "person",
                     "--person", str(person.id)]) == 0  # fmt: skip
    lib: Library = open_library(database_url=cluster.url(login, PASSWORD, database))
    try:
        view = assessments.start_assessment(lib, person.id)
        window = make_window(qtbot, lib)
        window.go("assessment", view.id)
        page = window.assessment
        assert isinstance(page, AssessmentPage)
        page.offline._timer.setInterval(200)
        rows = page.rows()
        qtbot.keyClick(rows[0].rating, Qt.Key.Key_2)
        assert _saved(cluster, database, view.id)[rows[0].behaviour_id][0] == 2

        cluster.stop()
        with qtbot.waitSignal(page.offline.offline_changed, timeout=30000):
            qtbot.keyClick(rows[1].rating, Qt.Key.Key_3)
        assert page.offline.offline
        assert "Offline" in page.saved_label.text()
        assert rows[1].rating.level() == 3  # still shown as chosen
        qtbot.keyClick(rows[2].rating, Qt.Key.Key_4)
        qtbot.keyClick(rows[1].rating, Qt.Key.Key_4)  # changed again: the newest wins
        rows[2].evidence.setFocus()
        qtbot.keyClicks(rows[2].evidence, "Led the huddle")
        rows[2].flush_evidence()
        qtbot.keyClicks(rows[2].evidence, " twice")
        rows[2].flush_evidence()
        assert len(page.offline.pending(view.id)) == 2
        qtbot.wait(600)  # retries fail quietly while the server is down
        assert page.offline.offline and len(page.offline.pending()) == 2
        # Closing now would lose them: the app asks, and stays open when told to.
        with messages.answering(False):
            window.close()
        assert window.isVisible()
        assert messages.shown()[-1][:2] == ("confirm", "Changes not saved yet")
        assert "2 changes have not reached" in messages.shown()[-1][2]

        cluster.start()
        with qtbot.waitSignal(page.offline.offline_changed, timeout=30000) as back:
            pass
        assert back.args == [False]
        assert not page.offline.pending()
        assert "Back online" in page.saved_label.text()
        saved = _saved(cluster, database, view.id)
        assert saved[rows[0].behaviour_id] == (2, "")
        assert saved[rows[1].behaviour_id] == (4, "")
        assert saved[rows[2].behaviour_id] == (4, "Led the huddle twice")
        assert len(saved) == 3
        assert page.progress.value() == 3
        # and the page saves at once again
        qtbot.keyClick(rows[3].rating, Qt.Key.Key_1)
        assert _saved(cluster, database, view.id)[rows[3].behaviour_id][0] == 1
        window.close()
    finally:
        lib.close()


def test_an_unreachable_server_is_one_clear_line(cluster: ControlledCluster) -> None:
    database = "gone_" + secrets.token_hex(3)
    cluster.create_database(database)
    owner = cluster.owner_url(database)
    assert cli_main(["server", "init", owner]) == 0
    with open_library(database_url=owner) as lib:
        person = people.add_person(lib, name="Ben", professional_group="manager")
        view = assessments.start_assessment(lib, person.id)
        cluster.stop()
        try:
            behaviour = lib.frameworks.default().behaviours_for("manager")[0].id
            with pytest.raises(Exception) as caught:
                assessments.set_rating(lib, view.id, behaviour, level=2)
            assert is_unreachable(caught.value), repr(caught.value)
            text = str(caught.value)
            assert "Cannot use the database server" in text and "\n" not in text.strip()
        finally:
            cluster.start()
