"""The training-needs analysis on a server: computed inside PostgreSQL for a lead, who
reads no person's row, with the same published figures as the Python domain computes
for an admin on the same data; refusals; nothing but suppressed figures comes back."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from psycopg import errors

from ppf_app.cli.main import main as cli_main
from ppf_app.core.errors import UserError
from ppf_app.domain.tna import BREAKDOWNS
from ppf_app.services import tna
from ppf_app.services.library import Library, open_library
from tests.server.conftest import PASSWORD, Cluster
from tests.tna.cohort import SECRET, Organisation, build


@dataclass
class Server:
    cluster: Cluster
    database: str
    owner_url: str
    lead: str
    org: Organisation

    def lead_url(self) -> str:
        return self.cluster.login_url(self.lead, self.database)

    def connect_lead(self) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(
            f"host=127.0.0.1 port={self.cluster.port} dbname={self.database} "
            f"user={self.lead} password={PASSWORD}"
        )


@pytest.fixture(scope="module")
def server(pg_cluster: Cluster) -> Iterator[Server]:
    database = pg_cluster.create_database("tna_" + secrets.token_hex(4))
    owner_url = pg_cluster.owner_url(database)
    assert cli_main(["server", "init", owner_url]) == 0
    with open_library(database_url=owner_url) as lib:
        org = build(lib)
    assert len(org.signed) == 3
    lead = pg_cluster.create_login(f"lead_{secrets.token_hex(3)}")
    assert cli_main(["server", "grant", owner_url, "--login", lead, "--role", "lead"]) == 0
    yield Server(pg_cluster, database, owner_url, lead, org)


def _analysis(lib: Library, breakdown: str, min_group: int) -> tna.TnaResult:
    return tna.training_needs_analysis(lib, breakdown=breakdown, min_group=min_group)


@pytest.mark.parametrize("min_group", [5, 7])
def test_the_server_publishes_exactly_what_the_domain_does(server: Server, min_group: int):
    with (
        open_library(database_url=server.owner_url) as admin,
        open_library(database_url=server.lead_url()) as lead,
    ):
        for breakdown in BREAKDOWNS:
            here = _analysis(admin, breakdown, min_group)
            there = _analysis(lead, breakdown, min_group)
            assert (here.computed, there.computed) == (tna.COMPUTED_HERE, tna.COMPUTED_BY_SERVER)
            assert there.report.csv_records() == here.report.csv_records(), breakdown
            assert there.report.heat_map == here.report.heat_map
            assert there.report.area_ranking == here.report.area_ranking
            assert there.report == here.report
            assert there.framework == here.framework


def test_small_departments_are_hidden_and_the_next_smallest_with_them(server: Server):
    with open_library(database_url=server.lead_url()) as lead:
        report = _analysis(lead, "department", 5).report
    assert set(report.segments) == {
        "all", "Emergency care", "Pharmacy", "Théâtres", "Radiology", "Estates",
        "all (department)", "(no department)",
    }  # fmt: skip
    value = report.values[0].id
    shown = {s: report.row(s, "value", value).hidden for s in report.segments}
    # below five: hidden; together 10 people, so no secondary needed (two or more hidden)
    assert shown["Radiology"] and shown["Estates"] and shown["all (department)"]
    assert shown["(no department)"]
    assert not shown["Emergency care"] and not shown["all"]
    for row in report.rows:
        if not row.hidden:
            assert row.people is not None and row.people % 5 == 0


def test_a_lead_reads_the_function_and_nothing_else(server: Server):
    with server.connect_lead() as connection:
        rows = connection.execute(
            "SELECT * FROM ppf_tna('department', 'ppf', %s, 5)",
            (_default_version(server),),
        ).fetchall()
        assert rows
        for row in rows:
            assert row[5] is None or row[5] % 5 == 0
            assert SECRET not in repr(row)
        for table in ("person", "assessment", "rating", "ppf_tna_outline", "framework_snapshot"):
            with pytest.raises(errors.InsufficientPrivilege):
                connection.execute(f"SELECT * FROM {table}")  # type: ignore[arg-type]
            connection.rollback()
        with pytest.raises(errors.InvalidParameterValue, match="at least 5"):
            connection.execute("SELECT * FROM ppf_tna('department', 'ppf', %s, 4)",
                               (_default_version(server),))  # fmt: skip
        connection.rollback()
        with pytest.raises(errors.InvalidParameterValue, match="cannot break down"):
            connection.execute("SELECT * FROM ppf_tna('person', 'ppf', %s, 5)",
                               (_default_version(server),))  # fmt: skip
        connection.rollback()
        # the outline is the admin's: a lead cannot record another
        with pytest.raises(errors.InsufficientPrivilege):
            connection.execute(
                "INSERT INTO ppf_tna_outline (framework_id, version, outline) "
                "VALUES ('x', '1', '{}')"
            )
    result = server.cluster.psql(
        server.lead, PASSWORD, server.database,
        f"SELECT count(*) FROM ppf_tna('group', 'ppf', '{_default_version(server)}', 5)",
    )  # fmt: skip
    assert result.returncode == 0 and int(result.stdout) > 0, result.stderr
    result = server.cluster.psql(server.lead, PASSWORD, server.database, "SELECT * FROM rating")
    assert result.returncode != 0 and "permission denied" in result.stderr


def test_persons_cannot_call_it(server: Server):
    login = server.cluster.create_login(f"p_{secrets.token_hex(3)}")
    person = next(iter(server.org.people))
    assert cli_main(["server", "grant", server.owner_url, "--login", login, "--role",
                     "person", "--person", str(person)]) == 0  # fmt: skip
    with (
        psycopg.connect(
            f"host=127.0.0.1 port={server.cluster.port} dbname={server.database} "
            f"user={login} password={PASSWORD}"
        ) as connection,
        pytest.raises(errors.InsufficientPrivilege),
    ):
        connection.execute("SELECT * FROM ppf_tna('organisation', 'ppf', '1', 5)")


def test_a_lead_is_refused_a_framework_the_server_has_no_outline_of(server: Server):
    with (
        open_library(database_url=server.lead_url()) as lead,
        pytest.raises(UserError, match="no training-needs analysis of it"),
    ):
        tna.training_needs_analysis(lead, framework_id="nope")


def test_the_caller_cannot_change_how_means_are_rounded(server: Server):
    version = _default_version(server)
    with server.connect_lead() as connection:
        plain = connection.execute(
            "SELECT * FROM ppf_tna('group', 'ppf', %s, 5)", (version,)
        ).fetchall()
        connection.execute("SET extra_float_digits = -15")
        changed = connection.execute(
            "SELECT * FROM ppf_tna('group', 'ppf', %s, 5)", (version,)
        ).fetchall()
    assert plain == changed


def _default_version(server: Server) -> str:
    with open_library(database_url=server.owner_url) as lib:
        return lib.frameworks.default().version


@pytest.mark.parametrize("seed", [11, 12])
def test_secondary_suppression_agrees_too(pg_cluster: Cluster, seed: int):
    """One department below the minimum: the next smallest is hidden with it, by both."""
    database = pg_cluster.create_database(f"tna2_{seed}_{secrets.token_hex(3)}")
    owner_url = pg_cluster.owner_url(database)
    assert cli_main(["server", "init", owner_url]) == 0
    lead = pg_cluster.create_login(f"lead2_{secrets.token_hex(3)}")
    assert cli_main(["server", "grant", owner_url, "--login", lead, "--role", "lead"]) == 0
    with open_library(database_url=owner_url) as admin:
        build(admin, seed=seed, departments={"Wards": 16, "Clinics": 6, "Pharmacy": 3}, signed=2)
        with open_library(database_url=pg_cluster.login_url(lead, database)) as lib:
            secondary = 0
            for breakdown in BREAKDOWNS:
                for min_group in (5, 6, 9):
                    here = _analysis(admin, breakdown, min_group).report
                    there = _analysis(lib, breakdown, min_group).report
                    assert there == here, (breakdown, min_group)
                    if breakdown == "department":
                        secondary += sum(
                            1 for row in here.rows
                            if row.segment == "Clinics" and row.hidden
                        )  # fmt: skip
    assert secondary  # Clinics (6) hidden beside Pharmacy (3) at a minimum of 5


@pytest.mark.gui
def test_the_app_opens_on_training_needs_for_a_lead(server: Server, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ppf_app.ui import errors, messages, settings
    from tests.ui.test_ui_support import make_window

    settings.use_ini_folder(tmp_path / "settings")
    messages.use_logging()
    errors.use_logging()
    with open_library(database_url=server.lead_url()) as lib:
        window = make_window(qtbot, lib)
        page = window.page("tna")
        assert window.current_page() is page
        qtbot.waitUntil(lambda: page.shown is not None, timeout=20000)
        assert page.shown is not None and page.shown.lead
        assert page.shown.result is not None
        assert page.shown.result.computed == tna.COMPUTED_BY_SERVER
        assert "database server" in page.status.text()
        window.close()
