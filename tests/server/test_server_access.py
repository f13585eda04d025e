"""Access is enforced by PostgreSQL itself: each role, connecting directly with psycopg
and with the psql binary, sees and changes no more than its rights.

One database for the module: four people, their assessments, ratings, plans and
appraisals (one signed), and a login per role:

- ``asha`` (person 1): a person;
- ``ben`` (person 2): an appraiser of Asha (1) and Cara (3), signed for Cara;
- ``lee``: a lead (aggregates only: no table row at all);
- ``ada``: an admin (everything);
- ``nora``: a login without a role.

Dev (person 4) is nobody's but the admin's to see.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import psycopg
import pytest
from psycopg import errors
from sqlmodel import SQLModel

from ppf_app.cli.main import main as cli_main
from ppf_app.services import assessments, people, plans
from ppf_app.services.frameworks import add_framework
from ppf_app.services.library import open_library
from ppf_app.services.plan_views import ObjectiveInput
from ppf_app.storage.models import Appraisal
from tests.conftest import DATA
from tests.server.conftest import PASSWORD, SUPERUSER, Cluster, run_ppf

#: Tables with personal data, and how a row finds its person.
PERSON_OF: dict[str, str] = {
    "person": "SELECT id, id FROM person",
    "assessment": "SELECT id, person_id FROM assessment",
    "rating": "SELECT r.id, a.person_id FROM rating r JOIN assessment a ON a.id = r.assessment_id",
    "plan": "SELECT p.id, a.person_id FROM plan p JOIN assessment a ON a.id = p.assessment_id",
    "objective": "SELECT o.id, a.person_id FROM objective o JOIN plan p ON p.id = o.plan_id "
    "JOIN assessment a ON a.id = p.assessment_id",
    "appraisal": "SELECT id, person_id FROM appraisal",
    "appraisal_signature": "SELECT s.id, a.person_id FROM appraisal_signature s "
    "JOIN appraisal a ON a.id = s.appraisal_id",
    "appraisal_countersignature": "SELECT s.id, a.person_id FROM appraisal_countersignature s "
    "JOIN appraisal a ON a.id = s.appraisal_id",
    "known_key": "SELECT k.id, p.id FROM known_key k JOIN person p ON p.uid = k.person_uid",
    # A learning pair belongs to two people; the fixture makes none, and
    # tests/pairs/test_pairs_server.py checks that each of the two (and their appraisers)
    # sees it. Here a pair counts as its left person's.
    "learning_pair": "SELECT id, left_person_id FROM learning_pair",
    "pair_meeting": "SELECT m.id, p.left_person_id FROM pair_meeting m "
    "JOIN learning_pair p ON p.id = m.pair_id",
    "pair_shadowing": "SELECT s.id, p.left_person_id FROM pair_shadowing s "
    "JOIN learning_pair p ON p.id = s.pair_id",
}
#: Any other table of the models: a record of an assessment or of a person.
for _table in SQLModel.metadata.sorted_tables:
    if _table.name in PERSON_OF or _table.name == "framework_snapshot":
        continue
    if "assessment_id" in _table.columns:
        PERSON_OF[_table.name] = (
            f"SELECT t.id, a.person_id FROM {_table.name} t "
            "JOIN assessment a ON a.id = t.assessment_id"
        )
    elif "person_id" in _table.columns:
        PERSON_OF[_table.name] = f"SELECT id, person_id FROM {_table.name}"
#: Framework texts and the schema's version: no personal data; persons and appraisers
#: read them all.
SHARED = ("framework_snapshot", "framework_file", "alembic_version")
#: The tables behind the rules: a login reads its own rows only.
MAPPING = ("ppf_access", "ppf_access_appraisee")
#: Admins only (the server's own settings; what the training-needs analysis counts of
#: each framework version, recorded by an admin's program).
ADMIN_ONLY = ("ppf_server", "ppf_tna_outline")
#: What a lead may read: no table or view at all. Its training-needs analysis comes from
#: the functions in LEAD_MAY_CALL, which return suppressed figures only.
LEAD_MAY_READ: frozenset[str] = frozenset()
#: The functions a lead may call (besides those open to every login).
LEAD_MAY_CALL = frozenset({"ppf_tna", "ppf_tna_frameworks"})

EVERY_RELATION = {*PERSON_OF, *SHARED, *MAPPING, *ADMIN_ONLY}
#: Tables the fixture below fills, so that seeing none of their rows proves nothing.
FILLED = {"person", "assessment", "rating", "plan", "objective", "appraisal", "prompt_answer"}


@dataclass
class Org:
    cluster: Cluster
    database: str
    owner_url: str
    logins: dict[str, str]  # who -> login name
    people: dict[str, int]  # who -> person id
    assessment: dict[str, int]  # name -> id
    appraisal: dict[str, int]
    #: table -> {row id: person id}, as the superuser sees them
    rows: dict[str, dict[int, int]]

    def connect(self, who: str) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(
            f"host=127.0.0.1 port={self.cluster.port} dbname={self.database} "
            f"user={self.logins[who]} password={PASSWORD}"
        )

    def psql(self, who: str, sql: str):
        return self.cluster.psql(self.logins[who], PASSWORD, self.database, sql)


def _superuser_rows(cluster: Cluster, database: str) -> dict[str, dict[int, int]]:
    with psycopg.connect(cluster.superuser_conninfo(database)) as connection:
        return {
            table: {int(row[0]): int(row[1]) for row in connection.execute(query)}  # type: ignore[arg-type]
            for table, query in PERSON_OF.items()
        }


@pytest.fixture(scope="module")
def org(pg_cluster: Cluster) -> Iterator[Org]:
    database = pg_cluster.create_database("access_" + secrets.token_hex(4))
    owner_url = pg_cluster.owner_url(database)
    assert cli_main(["server", "init", owner_url]) == 0
    tag = secrets.token_hex(3)
    logins = {
        who: pg_cluster.create_login(f"{who}_{tag}")
        for who in ("asha", "ben", "lee", "ada", "nora")
    }

    ids: dict[str, int] = {}
    made: dict[str, int] = {}
    with open_library(database_url=owner_url) as lib:
        for who, group in (
            ("asha", "clinician"),
            ("ben", "manager"),
            ("cara", "clinician"),
            ("dev", "manager"),
        ):
            ids[who] = people.add_person(lib, name=who.title(), professional_group=group).id
        behaviours = [b.id for _, b in lib.frameworks.default().behaviours()][:3]
        add_framework(lib, DATA / "frameworks" / "good" / "minimal.toml")

        def assess(name: str, who: str, kind: str) -> None:
            view = assessments.start_assessment(
                lib, ids[who], kind=kind, assessed_on=date(2026, 5, 1)
            )
            for behaviour in behaviours:
                assessments.set_rating(lib, view.id, behaviour, level=3, evidence=f"{who} {kind}")
            plans.add_objective(lib, view.id, ObjectiveInput(text=f"Objective of {who} ({kind})"))
            made[name] = view.id
            answers = SQLModel.metadata.tables.get("prompt_answer")
            if answers is not None:  # answers in words to a framework's prompts
                with lib.db.transaction() as connection:
                    connection.execute(
                        answers.insert().values(
                            assessment_id=view.id,
                            prompt_id="reflection",
                            text=f"{who} reflects",
                            updated_at=datetime.now(UTC),
                        )
                    )

        for who in ("asha", "ben", "cara", "dev"):
            assess(f"{who}-self", who, "self")
        assess("asha-appraiser", "asha", "appraiser")
        assess("cara-appraiser", "cara", "appraiser")
        assess("cara-agreed", "cara", "agreed")

        appraisals: dict[str, int] = {}
        with lib.db.session() as session:
            for name, own, appraiser, agreed in (
                ("asha", "asha-self", "asha-appraiser", None),
                ("cara", "cara-self", "cara-appraiser", "cara-agreed"),
            ):
                record = Appraisal(
                    person_id=ids[name],
                    self_assessment_id=made[own],
                    appraiser_assessment_id=made[appraiser],
                    agreed_assessment_id=made[agreed] if agreed else None,
                    appraiser_name="Ben",
                    held_on=date(2026, 5, 2),
                )
                session.add(record)
                session.flush()
                assert record.id is not None
                appraisals[name] = record.id

    with psycopg.connect(pg_cluster.superuser_conninfo(database)) as connection:
        connection.execute(
            "UPDATE appraisal SET signed_at = now(), signed_by_appraisee = 'Cara', "
            "signed_by_appraiser = 'Ben' WHERE id = %s",
            (appraisals["cara"],),
        )

    # as IT would: ppf server grant, one login at a time
    for who, *options in (
        ("asha", "--role", "person", "--person", ids["asha"]),
        ("ben", "--role", "appraiser", "--person", ids["ben"], "--appraisee", ids["asha"],
         "--appraisee", ids["cara"]),
        ("lee", "--role", "lead"),
        ("ada", "--role", "admin"),
    ):  # fmt: skip
        assert cli_main(["server", "grant", owner_url, "--login", logins[who],
                         *map(str, options)]) == 0  # fmt: skip
    yield Org(
        pg_cluster,
        database,
        owner_url,
        logins,
        ids,
        made,
        appraisals,
        _superuser_rows(pg_cluster, database),
    )


def _may_see(org: Org, who: str) -> set[int]:
    """The people whose records ``who`` may read."""
    p = org.people
    return {
        "asha": {p["asha"]},
        "ben": {p["ben"], p["asha"], p["cara"]},
        "ada": set(p.values()),
    }[who]


def _relations(org: Org) -> set[str]:
    with psycopg.connect(org.cluster.superuser_conninfo(org.database)) as connection:
        return {
            str(row[0])
            for row in connection.execute(
                "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
                "AND relkind IN ('r', 'v', 'm', 'p', 'f')"
            )
        }


def test_every_table_and_view_is_covered(org: Org):
    """A new table or view without a rule here fails this test until it gets one."""
    assert _relations(org) == EVERY_RELATION


def test_every_table_has_forced_row_level_security_or_no_personal_data(org: Org):
    with psycopg.connect(org.cluster.superuser_conninfo(org.database)) as connection:
        flags = {
            str(row[0]): (bool(row[1]), bool(row[2]))
            for row in connection.execute(
                "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
                "WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'"
            )
        }
    for table in (*PERSON_OF, *MAPPING, "framework_snapshot", "framework_file"):
        assert flags[table] == (True, True), table


@pytest.mark.parametrize("who", ["asha", "ben", "ada"])
def test_each_login_sees_exactly_the_rows_of_its_people(org: Org, who: str):
    allowed = _may_see(org, who)
    with org.connect(who) as connection:
        for table, everything in org.rows.items():
            seen = {int(row[0]) for row in connection.execute(f"SELECT id FROM {table}")}  # type: ignore[arg-type]
            expected = {row for row, person in everything.items() if person in allowed}
            assert seen == expected, (who, table)
            assert expected or table not in FILLED, (who, table)  # not vacuous
        for table in SHARED:
            count = connection.execute(f"SELECT count(*) FROM {table}").fetchone()  # type: ignore[arg-type]
            assert count is not None and count[0] >= 1, (who, table)


@pytest.mark.parametrize("who", ["asha", "ben"])
def test_the_mapping_shows_a_login_its_own_grant_only(org: Org, who: str):
    with org.connect(who) as connection:
        logins = {str(row[0]) for row in connection.execute("SELECT login FROM ppf_access")}
        assert logins == {org.logins[who]}
        others = connection.execute("SELECT DISTINCT login FROM ppf_access_appraisee").fetchall()
        assert {str(row[0]) for row in others} <= {org.logins[who]}
        with pytest.raises(errors.InsufficientPrivilege):
            connection.execute("SELECT * FROM ppf_server")


def test_the_admin_sees_every_grant(org: Org):
    with org.connect("ada") as connection:
        logins = {str(row[0]) for row in connection.execute("SELECT login FROM ppf_access")}
    assert {org.logins[w] for w in ("asha", "ben", "lee", "ada")} <= logins


@pytest.mark.parametrize("who", ["lee", "nora"])
def test_a_lead_and_a_login_without_role_read_no_table_or_view(org: Org, who: str):
    for relation in sorted(EVERY_RELATION - LEAD_MAY_READ):
        with org.connect(who) as connection:
            try:
                rows = connection.execute(f'SELECT * FROM "{relation}"').fetchall()  # type: ignore[arg-type]
            except errors.InsufficientPrivilege:
                continue
            assert rows == [], (who, relation)
        # and through psql
        result = org.psql(who, f'SELECT count(*) FROM "{relation}"')
        assert result.returncode != 0 and "permission denied" in result.stderr, (relation, result)


def test_a_lead_calls_the_training_needs_functions_and_no_other(org: Org):
    """The functions that run with the owner's rights (and so could read rows) that a
    lead may call: the training-needs analysis only, besides the schema revision every
    login asks for. Other functions run with the lead's own rights, which read nothing."""
    query = (
        "SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace "
        "AND p.prosecdef AND p.prorettype <> 'trigger'::regtype "
        "AND has_function_privilege(p.oid, 'EXECUTE')"
    )
    with org.connect("lee") as connection:
        callable_ = {str(row[0]) for row in connection.execute(query)}
    assert callable_ == LEAD_MAY_CALL | {"ppf_schema_revision"}
    with org.connect("nora") as connection:
        callable_ = {str(row[0]) for row in connection.execute(query)}
        assert callable_ == {"ppf_schema_revision"}
        with pytest.raises(errors.InsufficientPrivilege):
            connection.execute("SELECT * FROM ppf_tna('organisation', 'ppf', '1', 5)")


def test_a_lead_cannot_give_roles(org: Org):
    with org.connect("lee") as connection, pytest.raises(errors.InsufficientPrivilege):
        connection.execute("SELECT ppf_grant(%s, 'admin', NULL, '{}')", (org.logins["lee"],))


def test_psql_shows_each_login_what_psycopg_does(org: Org):
    for who in ("asha", "ben", "ada"):
        allowed = _may_see(org, who)
        for table, everything in org.rows.items():
            result = org.psql(who, f"SELECT count(*) FROM {table}")
            assert result.returncode == 0, result.stderr
            expected = sum(1 for person in everything.values() if person in allowed)
            assert int(result.stdout.strip()) == expected, (who, table)
    # what a person's psql cannot see, it cannot change either
    sql = (
        "WITH changed AS (UPDATE person SET job_title = 'hacked' WHERE id <> "
        f"{org.people['asha']} RETURNING id) SELECT count(*) FROM changed"
    )
    result = org.psql("asha", sql)
    assert (result.returncode, result.stdout.strip()) == (0, "0"), result.stderr
    result = org.psql("asha", "INSERT INTO person (name, professional_group, job_title, "
                      "organisation, uid, created_at, updated_at) VALUES ('X', 'clinician', '', "
                      "'', 'x', now(), now())")  # fmt: skip
    assert result.returncode != 0 and "permission denied" in result.stderr


def _count(connection: psycopg.Connection[tuple[object, ...]], sql: str, *params: object) -> int:
    cursor = connection.execute(sql, params)  # type: ignore[arg-type]
    return cursor.rowcount


def test_a_person_changes_its_own_records_only(org: Org):
    p, a = org.people, org.assessment
    with org.connect("asha") as connection:
        assert (
            _count(connection, "UPDATE person SET job_title = 'Nurse' WHERE id = %s", p["asha"])
            == 1
        )
        for other in ("ben", "cara", "dev"):
            assert (
                _count(connection, "UPDATE person SET job_title = 'x' WHERE id = %s", p[other]) == 0
            )
            assert _count(connection, "DELETE FROM assessment WHERE person_id = %s", p[other]) == 0
        assert (
            _count(
                connection, "UPDATE rating SET level = 1 WHERE assessment_id = %s", a["ben-self"]
            )
            == 0
        )
        assert (
            _count(
                connection, "UPDATE rating SET level = 2 WHERE assessment_id = %s", a["asha-self"]
            )
            == 3
        )
        connection.rollback()
    for statement, params in (
        (
            "INSERT INTO assessment (framework_id, framework_version, kind, assessed_on, status, "
            "uid, person_id, created_at, updated_at) VALUES ('ppf', '2026.1', 'self', "
            "'2026-06-01', 'draft', %s, %s, now(), now())",
            (secrets.token_hex(8), p["ben"]),
        ),
        (
            "INSERT INTO rating (assessment_id, behaviour_id, level, evidence, updated_at) "
            "VALUES (%s, 'new', 2, '', now())",
            (a["dev-self"],),
        ),
        (
            "UPDATE assessment SET person_id = %s WHERE id = %s",
            (p["ben"], a["asha-self"]),
        ),
        ("INSERT INTO ppf_access (login, role) VALUES ('someone', 'admin')", ()),
    ):
        with org.connect("asha") as connection, pytest.raises(errors.InsufficientPrivilege):
            connection.execute(statement, params)  # type: ignore[arg-type]


def test_setting_a_group_role_sees_nothing(org: Org):
    """The rules follow the login (current_user), not the group role it may switch to."""
    with org.connect("asha") as connection:
        connection.execute("SET ROLE ppf_person")
        row = connection.execute("SELECT count(*) FROM person").fetchone()
        assert row is not None and row[0] == 0


def test_an_appraiser_writes_for_appraisees_until_sign_off(org: Org):
    p, a, r = org.people, org.assessment, org.appraisal
    insert = (
        "INSERT INTO assessment (framework_id, framework_version, kind, assessed_on, status, "
        "uid, person_id, created_at, updated_at) VALUES ('ppf', '2026.1', %s, '2026-06-01', "
        "'draft', %s, %s, now(), now())"
    )
    with org.connect("ben") as connection:
        # an appraisee's appraiser assessment, its ratings, plan and the open appraisal
        connection.execute(insert, ("appraiser", secrets.token_hex(8), p["asha"]))
        assert (
            _count(
                connection,
                "UPDATE rating SET level = 4 WHERE assessment_id = %s",
                a["asha-appraiser"],
            )
            == 3
        )
        assert (
            _count(connection, "UPDATE appraisal SET appraiser_name = 'B' WHERE id = %s", r["asha"])
            == 1
        )
        # but not the appraisee's own self assessment, nor their profile
        assert (
            _count(
                connection, "UPDATE rating SET level = 1 WHERE assessment_id = %s", a["asha-self"]
            )
            == 0
        )
        assert _count(connection, "UPDATE person SET job_title = 'x' WHERE id = %s", p["asha"]) == 0
        # nothing of a signed appraisal, nothing of someone else's
        for name in ("cara-self", "cara-appraiser", "cara-agreed"):
            assert (
                _count(connection, "UPDATE rating SET level = 1 WHERE assessment_id = %s", a[name])
                == 0
            )
            assert (
                _count(
                    connection,
                    "DELETE FROM objective WHERE plan_id IN "
                    "(SELECT id FROM plan WHERE assessment_id = %s)",
                    a[name],
                )
                == 0
            )
        assert (
            _count(connection, "UPDATE appraisal SET appraiser_name = 'B' WHERE id = %s", r["cara"])
            == 0
        )
        assert (
            _count(
                connection, "UPDATE rating SET level = 1 WHERE assessment_id = %s", a["dev-self"]
            )
            == 0
        )
        connection.rollback()
    for values in (("self", p["asha"]), ("appraiser", p["dev"]), ("agreed", p["cara"])):
        with org.connect("ben") as connection:
            kind, person = values
            try:
                connection.execute(insert, (kind, secrets.token_hex(8), person))
            except errors.InsufficientPrivilege:
                continue
            # a new agreed assessment for Cara is a new cycle: allowed, it is not signed
            assert kind == "agreed"
            connection.rollback()


def test_signed_records_are_read_only_even_for_an_admin(org: Org):
    a = org.assessment
    with org.connect("ada") as connection:
        with pytest.raises(errors.RaiseException, match="signed records are read-only"):
            connection.execute(
                "UPDATE rating SET level = 1 WHERE assessment_id = %s", (a["cara-agreed"],)
            )
        connection.rollback()
        with pytest.raises(errors.RaiseException, match="signed records are read-only"):
            connection.execute("DELETE FROM appraisal WHERE id = %s", (org.appraisal["cara"],))
        connection.rollback()
        assert (
            _count(
                connection,
                "UPDATE person SET job_title = 'Admin did it' WHERE id = %s",
                org.people["dev"],
            )
            == 1
        )
        connection.rollback()


def test_only_an_admin_gives_roles(org: Org, capsys: pytest.CaptureFixture[str]):
    url = org.cluster.login_url(org.logins["asha"], org.database)
    ran = run_ppf(capsys, "server", "grant", url, "--login", org.logins["nora"], "--role", "admin")
    assert ran.code == 2 and "Only an admin" in ran.err and "Traceback" not in ran.err
    ran = run_ppf(
        capsys,
        "--database-url",
        org.cluster.login_url(org.logins["nora"], org.database),
        "person",
        "list",
    )
    assert ran.code == 2 and "has no role" in ran.err


def test_through_the_product_each_login_lists_its_people(
    org: Org, capsys: pytest.CaptureFixture[str]
):
    for who, expected in (
        ("asha", {"Asha"}),
        ("ben", {"Asha", "Ben", "Cara"}),
        ("ada", {"Asha", "Ben", "Cara", "Dev"}),
    ):
        url = org.cluster.login_url(org.logins[who], org.database)
        ran = run_ppf(capsys, "--database-url", url, "person", "list")
        assert ran.code == 0, ran.err
        assert {line.split("\t")[1] for line in ran.out.splitlines()} == expected
    ran = run_ppf(
        capsys,
        "--database-url",
        org.cluster.login_url(org.logins["lee"], org.database),
        "person",
        "list",
    )
    assert ran.code == 2 and "refused" in ran.err and len(ran.err.strip().splitlines()) == 1


def test_an_appraisal_reaches_its_own_persons_assessments_only(org: Org):
    """Else a person could name someone else's assessment and freeze it by signing."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import ProgrammingError
    from sqlmodel import Session

    p, a = org.people, org.assessment
    engine = create_engine(
        org.cluster.login_url(org.logins["asha"], org.database).replace(
            "postgresql://", "postgresql+psycopg://"
        )
    )
    try:
        for assessment, allowed in (("asha-self", True), ("dev-self", False)):
            with Session(engine) as session:
                session.add(
                    Appraisal(
                        person_id=p["asha"],
                        self_assessment_id=a[assessment],
                        held_on=date(2026, 7, 1),
                    )
                )
                if allowed:
                    session.flush()
                    session.rollback()
                    continue
                with pytest.raises(ProgrammingError) as caught:
                    session.flush()
                assert isinstance(caught.value.orig, errors.InsufficientPrivilege)
    finally:
        engine.dispose()


def test_nobody_truncates_a_table(org: Org):
    for who in ("ada", "asha", "ben", "lee"):
        with org.connect(who) as connection, pytest.raises(errors.InsufficientPrivilege):
            connection.execute("TRUNCATE rating")


def test_an_admin_gives_roles_and_a_new_grant_replaces_the_old(
    org: Org, capsys: pytest.CaptureFixture[str]
):
    p = org.people
    login = org.cluster.create_login(f"new_{secrets.token_hex(3)}")
    admin = org.cluster.login_url(org.logins["ada"], org.database)
    mine = org.cluster.login_url(login, org.database)

    def grant(*options: object) -> int:
        ran = run_ppf(capsys, "server", "grant", admin, "--login", login, *options)
        assert ran.out == "" and "Traceback" not in ran.err
        return ran.code

    def names() -> set[str]:
        ran = run_ppf(capsys, "--database-url", mine, "person", "list")
        assert ran.code == 0, ran.err
        return {line.split("\t")[1] for line in ran.out.splitlines()}

    assert grant("--role", "person", "--person", p["dev"]) == 0
    assert names() == {"Dev"}
    assert grant("--role", "appraiser", "--appraisee", p["asha"]) == 0
    assert names() == {"Asha"}
    with org.connect("ada") as c:
        roles = c.execute(
            "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = %s",
            (login,),
        ).fetchall()
    assert roles == [("ppf_appraiser",)]
    # wrong combinations, unknown logins and people: refused, nothing changed
    assert grant("--role", "person") == 2
    assert grant("--role", "lead", "--person", p["dev"]) == 2
    assert grant("--role", "person", "--person", "999999") == 2
    ran = run_ppf(capsys, "server", "grant", admin, "--login", "nobody_here", "--role", "lead")
    assert ran.code == 2 and "no database login" in ran.err
    assert names() == {"Asha"}


# -- the autosave's one statement decides as the row rules do ----------------------------


def _outcome(
    connection: psycopg.Connection[tuple[object, ...]], statement: str, params: tuple[object, ...]
) -> str:
    """What one statement did, rolled back: ``wrote`` (a row back), ``nothing``,
    ``signed`` (the sign-off triggers refused it) or ``denied`` (no right to run it)."""
    try:
        row = connection.execute(statement, params).fetchone()  # type: ignore[arg-type]
    except errors.InsufficientPrivilege:
        return "denied"
    except errors.RaiseException as refused:
        assert "signed records are read-only" in str(refused)
        return "signed"
    finally:
        connection.rollback()
    return "wrote" if row is not None else "nothing"


_SET_RATING = (
    "SELECT id FROM ppf_set_rating(%s, %s, %s, 2, false, '', false, false, false, "
    "localtimestamp, %s, %s, %s)"
)


@pytest.mark.parametrize("who", ["asha", "ben", "ada", "lee", "nora"])
def test_the_autosave_function_writes_where_the_row_rules_let_the_login_write(org: Org, who: str):
    """``ppf_set_rating`` runs as the owner and decides once what the rules of
    ``assessment`` and ``rating`` decide statement by statement: for every login and
    every assessment, it writes exactly where the login could write the rating itself,
    is refused by the sign-off triggers where they would refuse, and cannot be called
    by a login with no right to write."""
    with psycopg.connect(org.cluster.superuser_conninfo(org.database)) as connection:
        facts = {
            int(row[0]): (str(row[1]), str(row[2]), str(row[3]), str(row[4]))
            for row in connection.execute(
                "SELECT a.id, a.framework_id, a.framework_version, a.group_id, "
                "(SELECT min(behaviour_id) FROM rating r WHERE r.assessment_id = a.id) "
                "FROM assessment a"
            )
        }
    decided: dict[int, str] = {}
    with org.connect(who) as connection:
        for assessment_id, (framework_id, version, group_id, behaviour) in facts.items():
            by_rules = _outcome(
                connection,
                "UPDATE assessment SET updated_at = localtimestamp WHERE id = %s RETURNING id",
                (assessment_id,),
            )
            rating = _outcome(
                connection,
                "UPDATE rating SET level = 2 WHERE assessment_id = %s AND behaviour_id = %s "
                "RETURNING id",
                (assessment_id, behaviour),
            )
            assert rating == by_rules, (who, assessment_id)
            by_function = _outcome(
                connection,
                _SET_RATING,
                (org.logins[who], assessment_id, behaviour, framework_id, version, group_id),
            )
            assert by_function == by_rules, (who, assessment_id)
            decided[assessment_id] = by_function
    a = org.assessment
    expected_writes = {
        "asha": {a["asha-self"], a["asha-appraiser"]},
        "ben": {a["ben-self"], a["asha-appraiser"]},
        "ada": {i for n, i in a.items() if not n.startswith("cara-")},
        "lee": set(),
        "nora": set(),
    }[who]
    assert {i for i, done in decided.items() if done == "wrote"} == expected_writes
    if who == "ada":
        assert {decided[a[n]] for n in ("cara-self", "cara-appraiser", "cara-agreed")} == {"signed"}


def test_the_autosave_function_acts_for_the_sessions_own_login_only(org: Org):
    """Naming another login, or calling after ``SET ROLE`` (whatever the role), gets
    nothing back and writes nothing: the app then goes the general way, under the rules
    of the role taken."""
    with psycopg.connect(org.cluster.superuser_conninfo(org.database)) as connection:
        row = connection.execute(
            "SELECT framework_id, framework_version, group_id, updated_at FROM assessment "
            "WHERE id = %s",
            (org.assessment["asha-appraiser"],),
        ).fetchone()
    assert row is not None
    framework_id, version, group_id, stamped = row
    target = org.assessment["asha-appraiser"]

    def attempt(connection: psycopg.Connection[tuple[object, ...]], login: object) -> str:
        return _outcome(
            connection, _SET_RATING, (login, target, "x", framework_id, version, group_id)
        )

    with org.connect("asha") as connection:
        assert attempt(connection, org.logins["asha"]) == "wrote"  # its own: yes
    with org.connect("nora") as connection:  # no role: may not call it at all
        assert attempt(connection, org.logins["ben"]) == "denied"
    with org.connect("ben") as connection:
        assert attempt(connection, org.logins["ada"]) == "nothing"  # not as the admin
        assert attempt(connection, SUPERUSER) == "nothing"  # nor the superuser
    with psycopg.connect(org.cluster.superuser_conninfo(org.database)) as connection:
        connection.execute(f'SET ROLE "{org.logins["asha"]}"')
        assert attempt(connection, org.logins["asha"]) == "nothing"
    with org.connect("asha") as connection:
        connection.execute(f'SET ROLE "{org.logins["asha"]}"')  # its own login: still itself
        assert attempt(connection, org.logins["asha"]) == "wrote"
    with psycopg.connect(org.cluster.superuser_conninfo(org.database)) as connection:
        after = connection.execute(
            "SELECT updated_at FROM assessment WHERE id = %s", (target,)
        ).fetchone()
    assert after is not None and after[0] == stamped  # every attempt was rolled back
