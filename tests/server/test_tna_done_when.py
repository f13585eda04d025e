"""Done when: two logins in the same department on the same server, tried as new users
would (``ppf`` commands and psql): each sees only their own records, the appraiser sees
both, the lead sees the training-needs analysis with small departments hidden, and psql
as any of them shows no more."""

from __future__ import annotations

import csv
import secrets
from pathlib import Path

from tests.server.conftest import PASSWORD, Cluster

SMALL = "Pharmacy"  # Asha and Ben: two people, hidden in the analysis
SMALLER = "Estates"  # three people, hidden too (together the hidden are five)
LARGE = "Wards"  # six people, shown


def _fill(template: Path, out: Path, level: str, evidence: str) -> Path:
    with template.open(encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    with out.open("w", encoding="utf-8", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=["behaviour_id", "level", "evidence"])
        writer.writeheader()
        for row in rows:
            writer.writerow({"behaviour_id": row["behaviour_id"], "level": level,
                             "evidence": evidence})  # fmt: skip
    return out


def test_two_colleagues_an_appraiser_and_a_lead(
    pg_cluster: Cluster, prepared: str, ppf, tmp_path: Path
) -> None:
    database = prepared
    owner = pg_cluster.owner_url(database)
    tag = secrets.token_hex(3)
    logins = {who: pg_cluster.create_login(f"{who}_{tag}") for who in ("asha", "ben", "sam", "lee")}

    def url(who: str) -> str:
        return pg_cluster.login_url(logins[who], database)

    # IT adds the people and gives the logins their roles
    ids: dict[str, int] = {}
    others = [(f"w{n}", LARGE if n < 6 else SMALLER) for n in range(9)]
    for who, department in [("asha", SMALL), ("ben", SMALL), *others]:
        ran = ppf("--database-url", owner, "person", "add", "--name", who.title(),
                  "--group", "manager", "--department", department)  # fmt: skip
        assert ran.code == 0, ran.err
        ids[who] = int(ran.out)
    for who, *options in (
        ("asha", "--role", "person", "--person", ids["asha"]),
        ("ben", "--role", "person", "--person", ids["ben"]),
        ("sam", "--role", "appraiser", "--appraisee", ids["asha"], "--appraisee", ids["ben"]),
        ("lee", "--role", "lead"),
    ):
        ran = ppf("server", "grant", owner, "--login", logins[who], *options)
        assert ran.code == 0, ran.err

    # each colleague, as a new user: a template, filled in, imported as their own
    template = tmp_path / "template.csv"
    assert ppf("--database-url", url("asha"), "assess", "template", "--framework", "ppf",
               "--group", "manager", "--out", template).code == 0  # fmt: skip
    for who, level in (("asha", "1"), ("ben", "4")):
        filled = _fill(template, tmp_path / f"{who}.csv", level, f"{who}'s private note")
        ran = ppf("--database-url", url(who), "assess", "import", "--person", ids[who],
                  "--ratings", filled)  # fmt: skip
        assert ran.code == 0, ran.err
    # the others' assessments, by the admin
    for n in range(9):
        filled = _fill(template, tmp_path / f"w{n}.csv", str(1 + n % 4), "")
        assert ppf("--database-url", owner, "assess", "import", "--person", ids[f"w{n}"],
                   "--ratings", filled).code == 0  # fmt: skip

    def names(who: str) -> set[str]:
        ran = ppf("--database-url", url(who), "person", "list")
        assert ran.code == 0, ran.err
        return {line.split("\t")[1] for line in ran.out.splitlines()}

    assert names("asha") == {"Asha"}
    assert names("ben") == {"Ben"}
    assert names("sam") == {"Asha", "Ben"}
    # neither colleague can reach the other's assessment
    ran = ppf("--database-url", url("asha"), "assess", "list", "--person", ids["ben"])
    assert ran.code == 2 and "Traceback" not in ran.err

    # the lead: the analysis, Pharmacy hidden, Wards shown; no person at all
    out = tmp_path / "tna.csv"
    ran = ppf("--database-url", url("lee"), "tna", "--by", "department", "--out", out)
    assert ran.code == 0, ran.err
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    by_segment = {(r["segment"], r["id"]): r for r in rows}
    first_value = rows[0]["id"]
    assert by_segment[(SMALL, first_value)]["people"] == "*"
    assert by_segment[(SMALLER, first_value)]["people"] == "*"
    assert by_segment[(LARGE, first_value)]["people"] == "5"  # six, rounded
    assert by_segment[("all", first_value)]["people"] == "10"  # eleven, rounded
    assert "private note" not in out.read_text(encoding="utf-8")
    ran = ppf("--database-url", url("lee"), "person", "list")
    assert ran.code == 2 and "refused" in ran.err

    # psql as each of them shows no more
    def psql(who: str, sql: str) -> tuple[int, str]:
        done = pg_cluster.psql(logins[who], PASSWORD, database, sql)
        return done.returncode, (done.stdout + done.stderr).strip()

    for who, people_seen in (("asha", 1), ("ben", 1), ("sam", 2)):
        for table in ("person", "assessment"):
            code, out_text = psql(who, f"SELECT count(*) FROM {table}")
            assert (code, out_text) == (0, str(people_seen)), (who, table, out_text)
        code, out_text = psql(who, "SELECT count(DISTINCT evidence) FROM rating "
                                   "WHERE evidence LIKE '%private note%'")  # fmt: skip
        assert (code, out_text) == (0, str(people_seen)), (who, out_text)
    for table in ("person", "assessment", "rating", "ppf_access", "ppf_tna_outline"):
        code, out_text = psql("lee", f"SELECT count(*) FROM {table}")
        assert code != 0 and "permission denied" in out_text, (table, out_text)
    code, out_text = psql(
        "lee",
        "SELECT segment, people FROM ppf_tna('department', 'ppf', "
        "(SELECT max(version) FROM ppf_tna_frameworks() WHERE framework_id = 'ppf'), 5) "
        f"WHERE segment = '{SMALL}' LIMIT 1",
    )
    assert (code, out_text) == (0, f"{SMALL}|"), out_text
    for who in ("asha", "ben", "sam"):
        code, out_text = psql(who, "SELECT count(*) FROM ppf_tna('organisation', 'ppf', '1', 5)")
        assert code != 0 and "permission denied" in out_text
