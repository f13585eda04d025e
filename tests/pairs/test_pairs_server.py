"""Learning pairs on an organisation's PostgreSQL database: a pair belongs to both its
people (each reads it, and so do the appraisers of either), its members record its
progress, making pairs is an admin's, and a lead reads no pair at all."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from psycopg import errors

from ppf_app.services import assessments, pair_records, pairs
from ppf_app.services.library import open_library
from tests.pairs.cohorts import FRAMEWORK_ID, known_cohort
from tests.server.conftest import (  # the server tests' throwaway cluster
    PASSWORD,
    Cluster,
    database_name,
    pg_cluster,
    ppf,
    prepared,
)

__all__ = ["database_name", "pg_cluster", "ppf", "prepared"]


def _ids(cluster: Cluster, database: str, login: str, sql: str) -> set[int]:
    with psycopg.connect(
        f"host=127.0.0.1 port={cluster.port} dbname={database} user={login} password={PASSWORD}"
    ) as connection:
        return {int(row[0]) for row in connection.execute(sql)}  # type: ignore[arg-type]


@pytest.mark.slow
def test_who_sees_and_keeps_a_pair_on_the_server(
    pg_cluster: Cluster, prepared: str, ppf, tmp_path: Path
) -> None:
    admin = pg_cluster.owner_url(prepared)
    with open_library(database_url=admin) as lib:
        known = known_cohort(lib)
        i = known.ids
        first = pairs.create_pair(lib, i["C1"], i["M2"], framework_id=FRAMEWORK_ID).id
        second = pairs.create_pair(lib, i["C2"], i["M1"], framework_id=FRAMEWORK_ID).id
        for pair in (first, second):
            pair_records.add_meeting(lib, pair, note=f"meeting of pair {pair}")
        pair_records.add_shadowing(lib, second, shadow_id=i["M1"], place="Clinic")
        assert pair_records.pair_record(lib, first).right.before is not None  # an admin's view

    logins = {
        who: pg_cluster.create_login(f"{who}_{prepared}") for who in ("asha", "mai", "ben", "lee")
    }
    for who, *options in (
        ("asha", "--role", "person", "--person", i["C1"]),
        ("mai", "--role", "person", "--person", i["M2"]),
        ("ben", "--role", "appraiser", "--person", i["M3"], "--appraisee", i["C2"]),
        ("lee", "--role", "lead"),
    ):
        ran = ppf("server", "grant", admin, "--login", logins[who], *options)
        assert ran.code == 0, ran.err

    def sees(who: str, table: str) -> set[int]:
        return _ids(pg_cluster, prepared, logins[who], f"SELECT id FROM {table}")

    # Both members see their pair, and only theirs; an appraiser sees an appraisee's.
    assert sees("asha", "learning_pair") == sees("mai", "learning_pair") == {first}
    assert sees("ben", "learning_pair") == {second}
    assert len(sees("asha", "pair_meeting")) == 1 and sees("asha", "pair_shadowing") == set()
    assert len(sees("ben", "pair_shadowing")) == 1
    # A lead reads no pair, meeting or shadowing session.
    for table in ("learning_pair", "pair_meeting", "pair_shadowing"):
        with pytest.raises(errors.InsufficientPrivilege):
            sees("lee", table)

    def as_(who: str, *args: object):  # type: ignore[no-untyped-def]
        return ppf("--database-url", pg_cluster.login_url(logins[who], prepared), *args)

    # A member sees the partner's profile (the name on the pair's record), never their
    # assessments; an appraiser the profiles of an appraisee's pair.
    assert sees("asha", "person") == {i["C1"], i["M2"]}
    with open_library(database_url=admin) as lib:
        mine = {a.id for a in assessments.list_assessments(lib, i["C1"])}
    assert sees("asha", "assessment") == mine
    assert sees("ben", "person") == {i["M3"], i["C2"], i["M1"]}

    # The product shows each login the same.
    listed = as_("asha", "pairs", "list")
    assert listed.code == 0 and [line.split("\t")[0] for line in listed.out.splitlines()] == [
        str(first)
    ]
    # A member records the pair's progress; nobody else does.
    assert as_("mai", "pairs", "meeting", "--pair", first, "--note", "Second meeting").code == 0
    assert as_("asha", "pairs", "project", "--pair", first, "--title", "Flow").code == 0
    assert as_("asha", "pairs", "meeting", "--pair", second, "--note", "not mine").code == 2
    assert as_("ben", "pairs", "meeting", "--pair", second, "--note", "not a member").code == 2
    # A member's report: their own change, the partner's not theirs to see.
    report = tmp_path / "pair.pdf"
    ran = as_("asha", "pairs", "report", "--pair", first, "--out", report)
    assert (ran.code, ran.out.strip()) == (0, str(report))
    with open_library(database_url=pg_cluster.url(logins["asha"], PASSWORD, prepared)) as own:
        record = pair_records.pair_record(own, first)
    assert (record.left.person.id, record.right.person.id) == (i["C1"], i["M2"])
    assert record.left.before is not None  # Asha's own assessment
    assert record.right.before is None and record.right.after is None  # Mai's: not hers
    # Making pairs is an admin's.
    made = as_("asha", "pairs", "create", "--framework", FRAMEWORK_ID, "--left", i["C1"],
               "--right", i["M3"])  # fmt: skip
    assert made.code == 2 and made.out == ""
    with open_library(database_url=admin) as lib:
        record = pair_records.pair_record(lib, first)
        assert [m.note for m in record.meetings][-1] == "Second meeting"
        assert record.project.title == "Flow"
        assert len(pair_records.pair_record(lib, second).meetings) == 1
        assert len(pairs.list_pairs(lib)) == 2

    # The admin's proposals and cohort summary work on the server as on a library.
    ran = ppf("--database-url", admin, "pairs", "suggest", "--framework", FRAMEWORK_ID)
    assert ran.code == 0
    assert ran.out.splitlines() == [f"{i['C3']}\t{i['M3']}\t4"]
    ran = ppf("--database-url", admin, "pairs", "cohort")
    assert ran.code == 0 and ran.out.startswith("Pairs\t*")
