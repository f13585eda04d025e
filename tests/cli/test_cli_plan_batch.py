"""``ppf plan --all``: one PDF per person, bad records reported and skipped, never stopping."""

from __future__ import annotations

import io
import re
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from ppf_app.cli.main import main
from ppf_app.cli.plan_cmd import ProgressBar
from ppf_app.core.errors import UserError
from ppf_app.services import assessments, people, plan_batch, plans
from ppf_app.services.library import Library, open_library
from ppf_app.services.plans import ObjectiveInput

NAMES = [
    ("Aled Jones", "clinician"),
    ("Bethan Ŵyn / Llŷr", "manager"),
    ('Ceri O\'Neill: "CN"', "clinician"),
    ("Dorota Łukasik", "clinician"),
    ("Eluned Price", "manager"),
]
SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*-\d{4}-\d{2}-\d{2}\.pdf$")


def text_of(pdf: Path) -> str:
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def assess(lib: Library, person_id: int, on: date) -> int:
    assessment = assessments.start_assessment(lib, person_id, assessed_on=on).id
    first = next(lib.frameworks.default().behaviours())[1]
    assessments.set_rating(lib, assessment, first.id, level=1)
    return assessment


@pytest.fixture
def team(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """Five people with an assessment each (one on a framework since removed), one without."""
    data = tmp_path / "data"
    ids: dict[str, int] = {}
    with open_library(data) as lib:
        for n, (name, group) in enumerate(NAMES):
            ids[name] = people.add_person(lib, name=name, professional_group=group).id
            assessment = assess(lib, ids[name], date(2026, 3, 1 + n))
            plans.add_objective(lib, assessment, ObjectiveInput(text=f"Objective of {name}"))
        ids["Ffion Hughes"] = people.add_person(
            lib, name="Ffion Hughes", professional_group="manager"
        ).id
        broken = assessments.latest_assessment(lib, ids['Ceri O\'Neill: "CN"'])
        assert broken is not None
    # The assessment's framework is gone: no snapshot, nothing installed under that id.
    with sqlite3.connect(data / "library.sqlite3") as connection:
        connection.execute(
            "UPDATE assessment SET framework_id = 'removed-framework' WHERE id = ?", (broken.id,)
        )
    connection.close()
    return data, ids


def test_safe_file_names_on_every_system() -> None:
    on = date(2026, 5, 4)
    assert plan_batch.safe_file_name(7, "Siân Ŵyn-Llŷr", on) == "7-Sian-Wyn-Llyr-2026-05-04.pdf"
    assert plan_batch.safe_file_name(8, "Dorota Łukasik", on) == "8-Dorota-Lukasik-2026-05-04.pdf"
    for name in ['a/b\\c:d*e?f"g<h>i|j', "CON", "  ..  ", "مريم", "😀", "x" * 500, "\n\t"]:
        file_name = plan_batch.safe_file_name(12, name, on)
        assert SAFE.match(file_name), file_name
        assert len(file_name) < 100
    assert plan_batch.safe_file_name(3, "مريم", on) == "3-person-2026-05-04.pdf"


@pytest.mark.slow
def test_batch_writes_every_good_plan_and_reports_the_rest(
    team: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    data, ids = team
    out_dir = tmp_path / "plans" / "team"  # created by the command
    result = subprocess.run(
        [sys.executable, "-m", "ppf_app.cli.main", "--data-dir", str(data), "plan", "--all",
         "--out-dir", str(out_dir)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    written = [Path(line) for line in result.stdout.splitlines()]
    assert len(written) == 4
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(p.name for p in written)
    for path in written:
        assert SAFE.match(path.name), path.name
    by_person = {int(p.name.split("-", 1)[0]): p for p in written}
    broken = ids['Ceri O\'Neill: "CN"']
    assert broken not in by_person
    for name, _ in NAMES:
        if ids[name] != broken:
            text = text_of(by_person[ids[name]])
            assert f"Objective of {name}" in text
    assert (
        by_person[ids["Dorota Łukasik"]].name
        == f"{ids['Dorota Łukasik']}-Dorota-Lukasik-2026-03-04.pdf"
    )
    problems = [line for line in result.stderr.splitlines() if line.startswith("person ")]
    assert len(problems) == 2, result.stderr
    assert problems[0].startswith(f'person {broken} (Ceri O\'Neill: "CN"): ')
    assert "removed-framework" in problems[0]
    assert problems[1] == f"person {ids['Ffion Hughes']} (Ffion Hughes): no assessment yet"
    assert "4 plans written, 2 skipped" in result.stderr
    assert "\r[" not in result.stderr  # no progress bar when standard error is not a terminal


def test_batch_by_group_all_written_exits_0(
    team: tuple[Path, dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, ids = team
    out_dir = tmp_path / "managers"
    with open_library(data) as lib:  # the one manager without an assessment gets one
        assess(lib, ids["Ffion Hughes"], date(2026, 6, 1))
    status = main(
        ["--data-dir", str(data), "plan", "--all", "--group", "manager", "--out-dir", str(out_dir)]
    )
    captured = capsys.readouterr()
    assert status == 0, captured.err
    names = sorted(Path(line).name for line in captured.out.splitlines())
    assert names == sorted(
        [
            f"{ids['Bethan Ŵyn / Llŷr']}-Bethan-Wyn-Llyr-2026-03-02.pdf",
            f"{ids['Eluned Price']}-Eluned-Price-2026-03-05.pdf",
            f"{ids['Ffion Hughes']}-Ffion-Hughes-2026-06-01.pdf",
        ]
    )
    assert sorted(p.name for p in out_dir.iterdir()) == names
    assert captured.err == ""


def test_the_service_stops_when_cancelled_and_keeps_what_it_wrote(
    team: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    data, _ = team
    seen = []
    with open_library(data) as lib:
        for result in plan_batch.write_team_plans(
            lib, tmp_path / "out", cancelled=lambda: len(seen) >= 2
        ):
            seen.append(result)
    assert [(r.index, r.total) for r in seen] == [(1, 6), (2, 6)]
    assert all(r.written for r in seen)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        r.path.name for r in seen if r.path
    )


def test_bad_usage_exits_2_and_writes_nothing(
    team: tuple[Path, dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, _ = team
    base = ["--data-dir", str(data), "plan"]
    out = str(tmp_path / "x.pdf")
    out_dir = str(tmp_path / "dir")
    cases = [
        (["--all", "--out", out], "--out names one file"),
        (["--all"], "--all needs --out-dir"),
        (["--person", "1", "--out-dir", out_dir], "--out-dir goes with --all"),
        (["--person", "1", "--out", out, "--group", "manager"], "--group goes with --all"),
        (["--all", "--out-dir", out_dir, "--group", "surgeons"], "group 'surgeons': nobody"),
    ]
    for args, message in cases:
        assert main([*base, *args]) == 2, args
        assert message in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main([*base, "--all", "--person", "1", "--out-dir", out_dir])
    assert caught.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "dir").exists()
    with open_library(data) as lib, pytest.raises(UserError, match="is a file"):
        (tmp_path / "file").write_text("")
        next(plan_batch.write_team_plans(lib, tmp_path / "file"))


class Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_the_progress_bar_redraws_in_place_on_a_terminal_only() -> None:
    terminal = Terminal()
    bar = ProgressBar(terminal)
    bar.draw(12, 40, "Aled Jones")
    bar.draw(40, 40, "Eluned")
    bar.clear()
    drawn = terminal.getvalue()
    assert drawn.startswith("\r[######              ] 12/40 Aled Jones")
    assert "\r[####################] 40/40 Eluned    " in drawn  # the longer line overwritten
    assert drawn.endswith("\r")
    plain = io.StringIO()
    ProgressBar(plain).draw(1, 2, "x")
    assert plain.getvalue() == ""


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_a_terminal_gets_the_progress_bar_and_standard_output_stays_clean(
    team: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    import os
    import pty

    data, ids = team
    leader, follower = pty.openpty()
    try:
        process = subprocess.run(
            [sys.executable, "-m", "ppf_app.cli.main", "--data-dir", str(data), "plan", "--all",
             "--group", "manager", "--out-dir", str(tmp_path / "out")],
            stdout=subprocess.PIPE, stderr=follower, text=True, timeout=180,
        )  # fmt: skip
        os.close(follower)
        follower = -1
        drawn = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is closed once everything was read (Linux)
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)
    terminal = drawn.decode("utf-8")
    assert process.returncode == 2  # Ffion has no assessment yet
    assert "\r[" in terminal and "] 3/3 " in terminal
    assert f"person {ids['Ffion Hughes']} (Ffion Hughes): no assessment yet" in terminal
    lines = process.stdout.splitlines()
    assert len(lines) == 2 and all(line.endswith(".pdf") for line in lines)
    assert "[" not in process.stdout
