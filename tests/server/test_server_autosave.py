"""The autosave of a rating on a server goes in one statement (``ppf_set_rating``) once the
assessment has been changed through the library, and keeps every rule of the general way:
the same stored values, progress and time stamps as a local library, the same refusals
with the same words, the row rules and sign-off triggers of the login, and nothing
written when a change is refused. A database whose rules predate the function keeps
working the general way until its owner runs ``ppf server init`` again."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest

from ppf_app.cli.main import main as cli_main
from ppf_app.core.errors import NotFound, UserError
from ppf_app.domain.answers import NOT_APPLICABLE
from ppf_app.domain.framework import Framework
from ppf_app.services import assessments, people
from ppf_app.services.library import Library, open_library
from ppf_app.services.views import RatingChange
from ppf_app.storage import server, server_access
from ppf_app.storage.models import Appraisal, SignedRecordError
from ppf_app.storage.repositories import ratings as ratings_repo
from tests.server.conftest import PASSWORD, Cluster

GROUP = "clinician"


@dataclass
class Org:
    cluster: Cluster
    database: str
    owner_url: str
    login: str
    asha: int
    ben: int

    def url(self) -> str:
        return self.cluster.url(self.login, PASSWORD, self.database)

    def superuser(self) -> psycopg.Connection[tuple[Any, ...]]:
        return psycopg.connect(self.cluster.superuser_conninfo(self.database))


@pytest.fixture(scope="module")
def org(pg_cluster: Cluster) -> Iterator[Org]:
    database = pg_cluster.create_database("autosave_" + secrets.token_hex(4))
    owner_url = pg_cluster.owner_url(database)
    assert cli_main(["server", "init", owner_url]) == 0
    with open_library(database_url=owner_url) as admin:
        asha = people.add_person(admin, name="Asha", professional_group=GROUP).id
        ben = people.add_person(admin, name="Ben", professional_group="manager").id
    login = pg_cluster.create_login("asha_" + secrets.token_hex(3))
    assert cli_main(["server", "grant", owner_url, "--login", login, "--role", "person",
                     "--person", str(asha)]) == 0  # fmt: skip
    yield Org(pg_cluster, database, owner_url, login, asha, ben)


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The statements run straight on the driver (the one-statement autosave), in order."""
    ran: list[str] = []
    first_row = server.first_row

    def counted(connection: Any, statement: str, params: Any, **options: Any) -> Any:
        ran.append(statement)
        return first_row(connection, statement, params, **options)

    monkeypatch.setattr(server, "first_row", counted)
    return ran


def _framework(lib: Library) -> Framework:
    return lib.frameworks.default()


def _stored(org: Org, assessment_id: int) -> tuple[object, dict[str, tuple[object, ...]]]:
    """The assessment's ``updated_at`` and its ratings, as the superuser reads them."""
    with org.superuser() as connection:
        stamp = connection.execute(
            "SELECT updated_at FROM assessment WHERE id = %s", (assessment_id,)
        ).fetchone()
        rows = connection.execute(
            "SELECT behaviour_id, level, not_applicable, evidence, updated_at FROM rating "
            "WHERE assessment_id = %s",
            (assessment_id,),
        ).fetchall()
    assert stamp is not None
    return stamp[0], {str(row[0]): tuple(row[1:]) for row in rows}


def _seen(change: RatingChange) -> tuple[object, ...]:
    """What a change shows, without ids and times (which differ between two libraries)."""
    rating = change.rating
    return (
        change.behaviour_id,
        None if rating is None else (rating.level, rating.not_applicable, rating.evidence),
        change.assessment.progress,
        change.assessment.status,
        change.assessment.group_id,
    )


def test_the_one_statement_autosave_stores_what_a_local_library_stores(
    org: Org, statements: list[str], tmp_path: Path
):
    with open_library(tmp_path / "local") as local, open_library(database_url=org.url()) as lib:
        here = people.add_person(local, name="Asha", professional_group=GROUP).id
        on_server = assessments.start_assessment(lib, org.asha, assessed_on=date(2026, 5, 1))
        on_disk = assessments.start_assessment(local, here, assessed_on=date(2026, 5, 1))
        framework = _framework(lib)
        asked = [b.id for b in framework.behaviours_for(GROUP)]
        a, b, c, d = [x for x in asked if framework.allows_not_applicable(x)][:4]
        changes: list[tuple[str, dict[str, Any]]] = [
            (a, {"level": 2}),
            (a, {"evidence": "seen on the ward"}),
            (a, {"level": None}),  # the evidence stays: the rating too
            (a, {"evidence": ""}),  # nothing left: removed
            (b, {"level": NOT_APPLICABLE, "evidence": "no chance this year"}),
            (b, {"level": 3}),
            (c, {"evidence": "   "}),  # blank evidence alone is no rating
            (c, {"level": 1, "evidence": " \u00a0 "}),
            (c, {"level": None}),  # blank evidence left: removed
            (d, {"level": 4, "evidence": "x"}),
            (b, {}),  # nothing changed but the time
        ]
        for behaviour, fields in changes:
            before = len(statements)
            change = assessments.set_rating(lib, on_server.id, behaviour, **fields)
            expected = assessments.set_rating(local, on_disk.id, behaviour, **fields)
            assert _seen(change) == _seen(expected), (behaviour, fields)
            assert change.assessment.updated_at > on_server.updated_at
            # every change but the first went in one statement, stamped once
            first = (behaviour, fields) == changes[0]
            assert len(statements) == before + (0 if first else 1)
            if change.rating is not None and not first:
                assert change.rating.updated_at == change.assessment.updated_at
        cleared = assessments.clear_rating(lib, on_server.id, d)
        assert _seen(cleared) == _seen(assessments.clear_rating(local, on_disk.id, d))
        assert statements == [ratings_repo._SERVER_WRITE] * len(changes)
        last = assessments.set_rating(lib, on_server.id, b, evidence="seen twice")
        assessments.set_rating(local, on_disk.id, b, evidence="seen twice")

        def kept(found: dict[str, Any]) -> dict[str, tuple[object, ...]]:
            return {k: (v.level, v.not_applicable, v.evidence) for k, v in found.items()}

        server_ratings = assessments.ratings(lib, on_server.id)
        assert (
            kept(server_ratings)
            == kept(assessments.ratings(local, on_disk.id))
            == {b: (3, False, "seen twice")}
        )
    # read back through another library: the evidence and the time as returned
    with open_library(database_url=org.url()) as again:
        read = assessments.ratings(again, on_server.id)[b]
        assert (read.evidence, read.updated_at) == ("seen twice", last.rating.updated_at)  # type: ignore[union-attr]
        view = assessments.get_assessment(again, on_server.id)
        assert view.updated_at == last.assessment.updated_at
        assert view.progress == last.assessment.progress


@pytest.fixture
def rated(org: Org) -> Iterator[tuple[Library, int, Framework]]:
    """Asha's library with an assessment already changed once (so the next change goes in
    one statement): the library, the assessment and its framework."""
    with open_library(database_url=org.url()) as lib:
        view = assessments.start_assessment(lib, org.asha)
        framework = _framework(lib)
        first = framework.behaviours_for(GROUP)[0].id
        assessments.set_rating(lib, view.id, first, level=2, evidence="first")
        yield lib, view.id, framework


def _refused_by_both(
    lib: Library, org: Org, assessment_id: int, change: Callable[[Library], object]
) -> str:
    """The message of a refused change on the one-statement way, checked to be the general
    way's word for word (a fresh library goes the general way), with nothing written."""
    before = _stored(org, assessment_id)
    with pytest.raises(UserError) as fast:
        change(lib)
    with open_library(database_url=org.url()) as fresh, pytest.raises(UserError) as general:
        change(fresh)
    assert str(fast.value) == str(general.value)
    assert type(fast.value) is type(general.value)
    assert _stored(org, assessment_id) == before
    return str(fast.value)


def test_a_refused_change_says_what_the_general_way_says_and_writes_nothing(
    org: Org, rated: tuple[Library, int, Framework], statements: list[str]
):
    lib, assessment_id, framework = rated
    asked = [b.id for b in framework.behaviours_for(GROUP)]
    not_asked = next(b.id for _, b in framework.behaviours() if b.id not in asked)
    no_na = next(b for b in asked if not framework.allows_not_applicable(b))

    def rate(behaviour: str, **fields: Any) -> Callable[[Library], object]:
        return lambda on: assessments.set_rating(on, assessment_id, behaviour, **fields)

    said = _refused_by_both(lib, org, assessment_id, rate(not_asked, level=2))
    assert f"is not asked of the group {GROUP}" in said
    said = _refused_by_both(lib, org, assessment_id, rate(asked[1], level=9))
    assert said.startswith("level 9 is not on the scale")
    said = _refused_by_both(lib, org, assessment_id, rate(no_na, level=NOT_APPLICABLE))
    assert "'not applicable' is not offered" in said
    said = _refused_by_both(lib, org, assessment_id, rate("no-such-behaviour", level=2))
    assert "is not in framework" in said
    said = _refused_by_both(lib, org, assessment_id, rate(asked[1], evidence="x" * 20_001))
    assert said.startswith("evidence: at most")
    assert statements == []  # refused before anything was sent
    # and the library still goes in one statement afterwards
    assessments.set_rating(lib, assessment_id, asked[1], level=3)
    assert statements == [ratings_repo._SERVER_WRITE]


def _sign_an_appraisal_of(org: Org, assessment_id: int) -> None:
    """An appraisal of Asha's assessment, signed (by the superuser: no keys needed here)."""
    with open_library(database_url=org.owner_url) as admin, admin.db.session() as session:
        record = Appraisal(person_id=org.asha, self_assessment_id=assessment_id,
                           appraiser_name="Ben", held_on=date(2026, 5, 2))  # fmt: skip
        session.add(record)
        session.flush()
        appraisal_id = record.id
    with org.superuser() as connection:
        connection.execute(
            "UPDATE appraisal SET signed_at = now(), signed_by_appraisee = 'Asha', "
            "signed_by_appraiser = 'Ben' WHERE id = %s",
            (appraisal_id,),
        )


def test_a_signed_assessment_refuses_the_change_with_the_same_words(
    org: Org, rated: tuple[Library, int, Framework], statements: list[str]
):
    lib, assessment_id, framework = rated
    _sign_an_appraisal_of(org, assessment_id)
    behaviour = framework.behaviours_for(GROUP)[1].id

    def rate(on: Library) -> object:
        return assessments.set_rating(on, assessment_id, behaviour, level=4)

    said = _refused_by_both(lib, org, assessment_id, rate)
    assert said.startswith("this assessment belongs to a signed appraisal")
    assert statements == [ratings_repo._SERVER_WRITE]  # the server refused it
    with pytest.raises(SignedRecordError):  # and keeps refusing
        assessments.clear_rating(lib, assessment_id, framework.behaviours_for(GROUP)[0].id)


def test_an_assessment_the_login_no_longer_sees_is_not_there(
    org: Org, pg_cluster: Cluster, statements: list[str]
):
    login = pg_cluster.create_login("moving_" + secrets.token_hex(3))
    assert cli_main(["server", "grant", org.owner_url, "--login", login, "--role", "person",
                     "--person", str(org.asha)]) == 0  # fmt: skip
    with open_library(database_url=pg_cluster.url(login, PASSWORD, org.database)) as lib:
        view = assessments.start_assessment(lib, org.asha)
        behaviour = _framework(lib).behaviours_for(GROUP)[0].id
        assessments.set_rating(lib, view.id, behaviour, level=1)
        # the login now belongs to Ben: Asha's records are not its to see or change
        assert cli_main(["server", "grant", org.owner_url, "--login", login, "--role",
                         "person", "--person", str(org.ben)]) == 0  # fmt: skip
        before = _stored(org, view.id)
        with pytest.raises(NotFound) as gone:
            assessments.set_rating(lib, view.id, behaviour, level=2)
        assert str(gone.value) == f"assessment {view.id}: no such assessment"
        assert statements == [ratings_repo._SERVER_WRITE]
        with pytest.raises(NotFound) as again:  # the general way says the same
            assessments.set_rating(lib, view.id, behaviour, level=2)
        assert str(again.value) == str(gone.value)
        assert _stored(org, view.id) == before


def test_the_server_writes_only_against_the_framework_and_group_checked(
    org: Org, rated: tuple[Library, int, Framework], statements: list[str]
):
    """Were the library's note of an assessment's group wrong, the server writes nothing
    and the change goes the general way, checked against the assessment as it is."""
    lib, assessment_id, framework = rated
    not_asked = next(b.id for _, b in framework.behaviours() if not framework.asks(b.id, GROUP))
    other = next(g.id for g in framework.groups if framework.asks(not_asked, g.id))
    checked = assessments._checked_of(lib)
    checked[assessment_id] = (*checked[assessment_id][:2], other)
    before = _stored(org, assessment_id)
    with pytest.raises(UserError, match=f"is not asked of the group {GROUP}"):
        assessments.set_rating(lib, assessment_id, not_asked, level=2)
    assert statements == [ratings_repo._SERVER_WRITE]
    assert _stored(org, assessment_id) == before
    assert checked[assessment_id][2] == GROUP  # noted again as it is


def test_a_database_whose_rules_predate_the_function_works_until_init_writes_them(
    pg_cluster: Cluster, prepared: str, statements: list[str]
):
    owner_url = pg_cluster.owner_url(prepared)
    with psycopg.connect(pg_cluster.superuser_conninfo(prepared)) as connection:
        connection.execute(f"DROP FUNCTION {ratings_repo.SERVER_WRITE_FUNCTION}")
        connection.execute("UPDATE ppf_server SET value = '2:earlier' WHERE key = 'access'")
    with open_library(database_url=owner_url) as lib:
        asha = people.add_person(lib, name="Asha", professional_group=GROUP).id
        view = assessments.start_assessment(lib, asha)
        asked = [b.id for b in _framework(lib).behaviours_for(GROUP)]
        for level, behaviour in enumerate(asked[:3], start=1):
            change = assessments.set_rating(lib, view.id, behaviour, level=level)
        assert change.assessment.progress.answered == 3
        assert statements == []  # the general way, every time
    assert cli_main(["server", "init", owner_url]) == 0
    with psycopg.connect(pg_cluster.superuser_conninfo(prepared)) as connection:
        found = connection.execute(
            "SELECT to_regprocedure(%s) IS NOT NULL, (SELECT value FROM ppf_server "
            "WHERE key = 'access')",
            (ratings_repo.SERVER_WRITE_FUNCTION,),
        ).fetchone()
    assert found is not None and found[0] is True
    assert str(found[1]).startswith(f"{server_access.ACCESS_VERSION}:")
    with open_library(database_url=owner_url) as lib:
        assessments.set_rating(lib, view.id, asked[3], level=4)
        change = assessments.set_rating(lib, view.id, asked[4], level=4)
        assert change.assessment.progress.answered == 5
    assert statements == [ratings_repo._SERVER_WRITE]


def test_the_function_named_is_the_function_made():
    function = server_access.RATING_FUNCTION
    name = function.signature.split("(", 1)[0]
    made = f"{name}({server_access._argument_types(function.signature)})"
    assert made == ratings_repo.SERVER_WRITE_FUNCTION


def _transaction_status(lib: Library) -> Any:
    with lib.db.engine.connect() as connection:
        driver = connection.connection.driver_connection
        assert driver is not None
        return driver.info.transaction_status


def test_a_statement_alone_is_its_own_transaction_and_one_in_a_unit_is_not(org: Org):
    """``alone``: the statement is committed by the server as it ends, with nothing to
    commit after it (one round trip); otherwise it is part of the unit's transaction."""
    from psycopg.pq import TransactionStatus

    with open_library(database_url=org.url()) as lib:
        for alone, status in ((True, TransactionStatus.IDLE), (False, TransactionStatus.INTRANS)):
            with lib.db.transaction() as connection:
                assert server.first_row(connection, "SELECT 1", {}, alone=alone) == (1,)
                driver = connection.connection.driver_connection
                assert driver is not None
                assert driver.info.transaction_status == status
                assert driver.autocommit is False  # the connection is as it was
                # a statement after it runs in a transaction again
                assert connection.exec_driver_sql("SELECT 2").scalar() == 2
                assert driver.info.transaction_status == TransactionStatus.INTRANS
        assert _transaction_status(lib) == TransactionStatus.IDLE


def test_a_change_inside_a_larger_operation_goes_back_with_it(
    org: Org, rated: tuple[Library, int, Framework], statements: list[str]
):
    """The one statement is sent on its own only when the change is the whole operation;
    inside a larger one (which fails after it) it is undone with the rest."""
    from ppf_app.services.unit import perform

    lib, assessment_id, framework = rated
    behaviour = framework.behaviours_for(GROUP)[2].id
    before = _stored(org, assessment_id)

    def change_then_fail(on: Library) -> None:
        assessments.set_rating(on, assessment_id, behaviour, level=4, evidence="then undone")
        raise RuntimeError("the rest of the operation failed")

    with pytest.raises(RuntimeError, match="the rest"):
        perform(lib, change_then_fail)
    assert statements == [ratings_repo._SERVER_WRITE]
    assert _stored(org, assessment_id) == before
    # the change alone is saved, in one statement
    done = perform(lib, assessments.set_rating, assessment_id, behaviour, level=4, alone=True)
    assert done.value.rating is not None and done.value.rating.level == 4
    assert done.changes.assessments == {assessment_id}
    assert statements == [ratings_repo._SERVER_WRITE] * 2
    stamp, ratings = _stored(org, assessment_id)
    assert ratings[behaviour][:3] == (4, False, "")
    assert stamp == done.value.assessment.updated_at.replace(tzinfo=None)


def test_a_refused_change_alone_leaves_the_connection_usable(
    org: Org, rated: tuple[Library, int, Framework]
):
    """A statement sent on its own that the server refuses (a signed assessment) changes
    nothing, and the next operation on the same connection works."""
    from ppf_app.services.unit import perform

    lib, assessment_id, framework = rated
    _sign_an_appraisal_of(org, assessment_id)
    before = _stored(org, assessment_id)
    behaviour = framework.behaviours_for(GROUP)[3].id
    with pytest.raises(SignedRecordError):
        perform(lib, assessments.set_rating, assessment_id, behaviour, level=1, alone=True)
    assert _stored(org, assessment_id) == before
    other = assessments.start_assessment(lib, org.asha)
    change = perform(lib, assessments.set_rating, other.id, behaviour, level=1, alone=True)
    assert change.value.rating is not None
