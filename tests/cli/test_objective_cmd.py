"""``ppf objective add|list`` and ``ppf plan --review-date``: a plan made from the command
line alone is complete (objectives with their behaviours, a review date)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from ppf_app.cli.main import main
from ppf_app.services import appraisal, people, plans
from ppf_app.services.library import open_library


def run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    """``ppf ARGS``: exit status, standard output and standard error."""
    try:
        status = main(["--data-dir", str(data), *args])
    except SystemExit as exit_:  # argparse refuses a malformed option this way
        status = int(exit_.code or 0)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def assessed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, int, int]:
    """A clinician with a complete self assessment on the bundled framework, imported."""
    data = tmp_path / "data"
    with open_library(data) as lib:
        person = people.add_person(lib, name="Rhian Ifans", professional_group="clinician").id
        framework = lib.frameworks.default()
        asked = framework.behaviours_for("clinician")
    ratings = tmp_path / "ratings.csv"
    with ratings.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["behaviour_id", "level"])
        for n, behaviour in enumerate(asked):
            writer.writerow([behaviour.id, 1 if n < 3 else framework.scale_values[-2]])
    status, out, err = run(
        capsys, data, "assess", "import", "--person", str(person), "--ratings", str(ratings)
    )
    assert status == 0, err
    return data, person, int(out)


def test_a_plan_made_from_the_command_line_is_complete(
    assessed: tuple[Path, int, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, person, assessment = assessed
    with open_library(data) as lib:
        first = lib.frameworks.default().behaviours_for("clinician")[0]
    status, out, err = run(
        capsys, data, "objective", "add", "--assessment", str(assessment),
        "--text", "Chair four weekly bed meetings\nwith the site manager",
        "--behaviours", f"1.1,{first.id}", "--activity", "Shadow the site manager",
        "--support", "The site manager", "--measure", "Every action closed in the week",
        "--due", "2027-03-31",
    )  # fmt: skip
    assert status == 0, err
    uid = out.strip()
    status, out, err = run(
        capsys, data, "objective", "add", "--assessment", str(assessment), "--text", "Teach",
        "--status", "in_progress",
    )  # fmt: skip
    assert status == 0, err
    second = out.strip()
    status, out, _ = run(capsys, data, "objective", "list", "--assessment", str(assessment))
    assert status == 0
    assert out.splitlines() == [
        f"{uid}\tnot_started\t2027-03-31\tChair four weekly bed meetings with the site manager",
        f"{second}\tin_progress\t\tTeach",
    ]
    with open_library(data) as lib:
        stored = plans.get_plan(lib, assessment).objectives[0]
        assert stored.behaviour_ids == (first.id,)  # "1.1" is that behaviour: named once

    pdf = tmp_path / "plan.pdf"
    status, out, err = run(
        capsys, data, "plan", "--person", str(person), "--out", str(pdf),
        "--review-date", "2027-04-30",
    )  # fmt: skip
    assert status == 0, err
    assert out.strip() == str(pdf)
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    first_pages = " ".join(" ".join(p.extract_text().split()) for p in reader.pages[:2])
    assert "Review date 30 April 2027" in first_pages
    assert "Chair four weekly bed meetings with the site manager" in first_pages
    assert f"1.1 {' '.join(first.text.split())}" in first_pages  # its behaviour, in full
    assert "Shadow the site manager" in first_pages and "31 March 2027" in first_pages
    with open_library(data) as lib:
        assert plans.get_plan(lib, assessment).review_date.isoformat() == "2027-04-30"


def test_an_appraised_self_assessment_takes_objectives_into_the_agreed_plan(
    assessed: tuple[Path, int, int], capsys: pytest.CaptureFixture[str]
) -> None:
    data, _, assessment = assessed
    with open_library(data) as lib:
        record = appraisal.open_for(lib, assessment, appraiser_name="Dr Helen Marsh")
        assert record.agreed_assessment is not None
        agreed = record.agreed_assessment.id
    status, out, err = run(
        capsys, data, "objective", "add", "--assessment", str(assessment), "--text", "Audit"
    )
    assert status == 0, err
    with open_library(data) as lib:
        assert [o.uid for o in plans.get_plan(lib, agreed).objectives] == [out.strip()]
        assert plans.get_plan(lib, assessment).objectives == ()
    status, listed, _ = run(capsys, data, "objective", "list", "--assessment", str(agreed))
    assert listed.split("\t")[0] == out.strip()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--behaviours", "9.9"], "behaviours: '9.9': framework ppf 2027.1 has no behaviour"),
        (["--behaviours", "pe-objectives"], "is not asked of the group clinician"),
        (["--behaviours", "1.1,,1.2"], "name the behaviours by id or number"),
        (["--due", "31/03/2027"], "is not a date"),
        (["--status", "half done"], "status: 'half done' is not a status"),
    ],
)
def test_bad_input_exits_2_and_adds_nothing(
    assessed: tuple[Path, int, int],
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    data, _, assessment = assessed
    status, out, err = run(
        capsys, data, "objective", "add", "--assessment", str(assessment), "--text", "T", *args
    )
    assert status == 2, (out, err)
    assert message in err and out == ""
    with open_library(data) as lib:
        assert plans.get_plan(lib, assessment).objectives == ()


def test_an_unknown_assessment_is_named(
    assessed: tuple[Path, int, int], capsys: pytest.CaptureFixture[str]
) -> None:
    data = assessed[0]
    status, _, err = run(capsys, data, "objective", "list", "--assessment", "77")
    assert status == 2 and "assessment 77: no such assessment" in err
    status, _, err = run(
        capsys, data, "plan", "--all", "--out-dir", str(data.parent), "--review-date", "2027-01-01"
    )
    assert status == 2 and "--review-date goes with --person" in err
