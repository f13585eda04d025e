"""Everything the local library does works on the server: a product workflow through the
``ppf`` command (and the app's start) against a real PostgreSQL database, by an admin
and by a person on their own login."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ppf_app.services.frameworks import framework_library_for
from tests.conftest import DATA, REPO_ROOT
from tests.server.conftest import Cluster, Ran


def ok(ran: Ran) -> str:
    assert ran.code == 0, ran.err
    return ran.out


def refused(ran: Ran) -> str:
    assert ran.code == 2, (ran.out, ran.err)
    assert "Traceback" not in ran.err and ran.out == ""
    return ran.err


def _ratings(path: Path, level: int, group: str = "clinician") -> Path:
    """A ratings CSV of every behaviour the default framework asks of ``group``."""
    framework = framework_library_for(path.parent / "no-library").default()
    rows = [
        f"{behaviour.id},{level},seen on the ward" for behaviour in framework.behaviours_for(group)
    ]
    path.write_text("behaviour_id,level,evidence\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_person_works_on_the_server_as_on_a_local_library(
    pg_cluster: Cluster, prepared: str, ppf, tmp_path: Path
):
    admin = pg_cluster.owner_url(prepared)

    def as_admin(*args: object) -> Ran:
        return ppf("--database-url", admin, *args)

    asha = int(ok(as_admin("person", "add", "--name", "Asha Patel", "--group", "clinician")))
    ben = int(ok(as_admin("person", "add", "--name", "Ben Okoro", "--group", "manager")))
    login = pg_cluster.create_login("asha_" + prepared)
    assert (
        ok(ppf("server", "grant", admin, "--login", login, "--role", "person", "--person", asha))
        == ""
    )
    me = pg_cluster.login_url(login, prepared)

    def as_asha(*args: object) -> Ran:
        return ppf("--database-url", me, *args)

    # Asha's own records, on her own login
    assert ok(as_asha("person", "list")) == f"{asha}\tAsha Patel\tclinician\n"
    january = int(
        ok(
            as_asha(
                "assess",
                "import",
                "--person",
                asha,
                "--ratings",
                _ratings(tmp_path / "jan.csv", 2),
                "--date",
                "2026-01-10",
            )
        )
    )
    june = int(
        ok(
            as_asha(
                "assess",
                "import",
                "--person",
                asha,
                "--ratings",
                _ratings(tmp_path / "jun.csv", 4),
                "--date",
                "2026-06-10",
            )
        )
    )
    listed = ok(as_asha("assess", "list", "--person", asha))
    assert str(january) in listed and str(june) in listed
    plan = tmp_path / "plan.pdf"
    assert ok(as_asha("plan", "--person", asha, "--out", plan)).strip() == str(plan)
    assert plan.read_bytes().startswith(b"%PDF")
    exported = tmp_path / "asha.ppf"
    ok(as_asha("export", "--person", asha, "--out", exported))
    assert int(ok(as_asha("import", exported))) == asha  # the same records, not copies
    assert ok(as_asha("assess", "list", "--person", asha)) == listed

    # what is not hers: invisible or refused, one line each
    assert "Ben" not in ok(as_asha("person", "list"))
    refused(as_asha("assess", "import", "--person", ben, "--ratings", tmp_path / "jan.csv"))
    refused(as_asha("export", "--person", ben, "--out", tmp_path / "ben.ppf"))
    err = refused(as_asha("person", "add", "--name", "Someone", "--group", "clinician"))
    assert "refused" in err and len(err.strip().splitlines()) == 1

    # a framework added on the server is everyone's; only an admin adds one
    added = ok(as_admin("framework", "add", DATA / "frameworks" / "good" / "full.toml"))
    assert added == "team-practice\t1.2\n"
    assert ok(as_admin("framework", "add", DATA / "frameworks" / "good" / "full.toml")) == added
    assert "team-practice\t1.2\t" in ok(as_asha("framework", "list"))
    assert ok(as_asha("framework", "export", "team-practice")) == (
        DATA / "frameworks" / "good" / "full.toml"
    ).read_text(encoding="utf-8")
    refused(as_asha("framework", "add", DATA / "frameworks" / "good" / "minimal.toml"))
    team = tmp_path / "team.csv"
    team.write_text("behaviour_id,level\npf-listen,2\npf-raise,3\ntw-share,4\n", encoding="utf-8")
    ok(
        as_asha(
            "assess", "import", "--person", asha, "--ratings", team, "--framework", "team-practice"
        )
    )
    assert "team-practice" not in ok(ppf("framework", "list"))  # the local library's own

    # the portable file moves between a local library and the server both ways
    # (each signed: the server's desks sign with their own per-user key; each key is
    # confirmed once where it is new)
    local = tmp_path / "local"
    desk_key = ok(as_admin("key", "show")).strip()
    local_id = int(ok(ppf("--data-dir", local, "import", exported, "--trust", desk_key)))
    assert ok(ppf("--data-dir", local, "person", "list")) == f"{local_id}\tAsha Patel\tclinician\n"
    back = tmp_path / "from-local.ppf"
    ok(ppf("--data-dir", local, "export", "--person", local_id, "--out", back))
    local_key = ok(ppf("--data-dir", local, "key", "show")).strip()
    assert int(ok(as_admin("import", back, "--trust", local_key))) == asha
    assert len(ok(as_admin("person", "list")).splitlines()) == 2


def test_the_app_starts_on_the_server(pg_cluster: Cluster, prepared: str, tmp_path: Path):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PPF_DATABASE_URL": pg_cluster.owner_url(prepared),
        "PPF_DATA_DIR": str(tmp_path / "unused"),
        "PPF_LOG_DIR": str(tmp_path / "logs"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "ppf_app", "--smoke"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "unused").exists()  # no data folder in server mode


def test_made_up_people_on_the_server_and_no_backup_folder(pg_cluster: Cluster, prepared: str, ppf):
    admin = pg_cluster.owner_url(prepared)
    ok(ppf("--database-url", admin, "dev", "generate", "--people", "12",
           "--assessments-per-person", "2", "--seed", "3"))  # fmt: skip
    assert len(ok(ppf("--database-url", admin, "person", "list")).splitlines()) == 12
    err = refused(ppf("--database-url", admin, "backup", "list"))
    assert "pg_dump" in err
