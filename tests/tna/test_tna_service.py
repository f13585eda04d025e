"""The training-needs analysis over a local library: which assessment of each person
counts, how answers become gaps, the CSV and PDF files, and what is never read."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from ppf_app.cli.main import main as cli_main
from ppf_app.core.errors import UserError
from ppf_app.domain.answers import NOT_APPLICABLE, is_level
from ppf_app.domain.cohort import Answer, PersonFacts
from ppf_app.domain.tna import CSV_HEADER, training_needs
from ppf_app.domain.tna_outline import NO_GROUP, TnaOutline
from ppf_app.services import assessments, people, tna
from ppf_app.services.library import Library, open_library
from tests.tna.cohort import SECRET, Organisation, assessment, build


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Organisation]:
    folder = tmp_path_factory.mktemp("tna") / "library"
    with open_library(folder) as lib:
        return folder, build(lib)


@pytest.fixture
def library(built: tuple[Path, Organisation]):
    folder, org = built
    with open_library(folder) as lib:
        yield lib, org, folder


@pytest.fixture
def folder(built: tuple[Path, Organisation]) -> Path:
    return built[0]


def _expected_facts(lib: Library, org: Organisation) -> list[PersonFacts]:
    """Each person's facts worked out from the framework itself, not from the outline."""
    framework = lib.frameworks.default()
    steps = framework.scale_positions
    facts = []
    for person_id, assessment_id in sorted(org.chosen.items()):
        view = assessments.get_assessment(lib, assessment_id)
        group = view.group_id or None
        answers = assessments.answers(lib, assessment_id)
        made = []
        for _, behaviour in framework.behaviours():
            answer = answers.get(behaviour.id)
            if not is_level(answer) or not framework.asks(behaviour.id, group):
                continue
            made.append(
                Answer.from_steps(
                    behaviour.id,
                    steps[answer],
                    steps[framework.target_for(behaviour.id, group)],
                    framework.importance_for(behaviour.id, group),
                )
            )
        department = org.people[person_id] or None
        facts.append(PersonFacts(person_id, view.group_id or NO_GROUP, department, tuple(made)))
    return facts


@pytest.mark.parametrize("breakdown", ["organisation", "department", "group"])
def test_each_persons_latest_complete_assessment_counts(library, breakdown: str):
    lib, org, _ = library
    result = tna.training_needs_analysis(lib, breakdown=breakdown)
    framework = lib.frameworks.default()
    expected = training_needs(
        _expected_facts(lib, org),
        TnaOutline.from_framework(framework).framework_outline,
        breakdown,  # type: ignore[arg-type]
    )
    assert result.report == expected
    assert result.computed == tna.COMPUTED_HERE
    assert result.framework.key == framework.key


def test_signed_agreed_levels_count_and_unsigned_ones_do_not(tmp_path: Path):
    with open_library(tmp_path / "lib") as lib:
        framework = lib.frameworks.default()
        everyone = [b.id for b in framework.behaviours_for("manager")]
        top, bottom = framework.scale_values[-1], framework.scale_values[0]
        ids = []
        for n in range(5):
            person = people.add_person(lib, name=f"P{n}", professional_group="manager")
            ids.append(person.id)
            ratings = [assessments.NewRating(b, top) for b in everyone]
            assessment(lib, person.id, ratings, on=date(2026, 1, 1))
        report = tna.training_needs_analysis(lib).report
        assert all(row.with_need == 0 for row in report.rows)
        # a newer draft with gaps everywhere, and another framework's: neither counts
        for person_id in ids:
            low = [assessments.NewRating(b, bottom) for b in everyone]
            assessment(lib, person_id, low, on=date(2026, 2, 1), complete=False)
        assert tna.training_needs_analysis(lib).report == report
        # a newer complete self assessment counts
        for person_id in ids:
            low = [assessments.NewRating(b, bottom, SECRET) for b in everyone]
            assessment(lib, person_id, low, on=date(2026, 3, 1))
        lowered = tna.training_needs_analysis(lib).report
        assert all(row.with_need == 5 for row in lowered.rows if row.people)


def test_not_applicable_is_no_gap_and_no_person(tmp_path: Path):
    with open_library(tmp_path / "lib") as lib:
        framework = lib.frameworks.default()
        asked = [b.id for b in framework.behaviours_for("manager")]
        value = framework.values[0]
        first_value = {b.id for b in value.behaviours}
        bottom = framework.scale_values[0]
        for n in range(6):
            person = people.add_person(lib, name=f"P{n}", professional_group="manager")
            ratings = [
                assessments.NewRating.of(
                    b,
                    NOT_APPLICABLE
                    if b in first_value and framework.allows_not_applicable(b)
                    else bottom,
                )
                for b in asked
            ]
            assessment(lib, person.id, ratings, on=date(2026, 1, 1))
        report = tna.training_needs_analysis(lib).report
        row = report.row("all", "value", value.id)
        answerable = [b for b in first_value & set(asked) if not framework.allows_not_applicable(b)]
        assert (row.people == 5) == bool(answerable)  # 6 people rounded, or nobody
        if not answerable:
            assert (row.people, row.mean_gap) == (0, None)


def test_refusals(library):
    lib, _, folder = library
    with pytest.raises(UserError, match="at least 5"):
        tna.training_needs_analysis(lib, min_group=4)
    with pytest.raises(UserError, match="cannot break down"):
        tna.training_needs_analysis(lib, breakdown="person")
    with pytest.raises(UserError, match=r"\.csv or a \.pdf"):
        tna.write_tna(lib, folder.parent / "out.txt")


def test_the_outline_travels_as_json_unchanged(library):
    lib, _, _ = library
    outline = TnaOutline.from_framework(lib.frameworks.default())
    assert TnaOutline.from_json(outline.as_json()) == outline


# -- the command ---------------------------------------------------------------------------


def _ppf(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli_main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_ppf_tna_writes_the_csv_of_the_contract(folder: Path, tmp_path: Path, capsys):
    out = tmp_path / "tna.csv"
    code, printed, err = _ppf(capsys, "--data-dir", folder, "tna", "--by", "department",
                              "--out", out)  # fmt: skip
    assert (code, err) == (0, ""), err
    assert printed.strip() == str(out)
    text = out.read_text(encoding="utf-8")
    assert SECRET not in text
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_HEADER
    segments = {row[0] for row in rows[1:]}
    assert {"all", "Emergency care", "Radiology", "all (department)", "(no department)"} <= segments
    for row in rows[1:]:
        if row[4] == "*":
            assert row[5:] == ["*", "*"]
        else:
            assert int(row[4]) % 5 == 0 and int(row[5]) % 5 == 0
    hidden = {row[0] for row in rows[1:] if row[4] == "*"}
    assert {"Radiology", "Estates", "all (department)", "(no department)"} <= hidden


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--min-group", "4"], "at least 5"),
        (["--framework", "nope"], "nope"),
        (["--min-group", "five"], "invalid int value"),
        (["--by", "person"], "invalid choice"),
    ],
)
def test_ppf_tna_refuses_bad_options(folder: Path, tmp_path: Path, capsys, args, message):
    out = tmp_path / "tna.csv"
    try:
        code, _, err = _ppf(capsys, "--data-dir", folder, "tna", "--out", out, *args)
    except SystemExit as exited:  # argparse's own refusals
        code, err = int(str(exited.code)), capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err
    assert not out.exists()


def test_ppf_tna_writes_the_pdf_report(folder: Path, tmp_path: Path, capsys):
    out = tmp_path / "tna.pdf"
    code, _, err = _ppf(capsys, "--data-dir", folder, "tna", "--by", "group", "--out", out)
    assert code == 0, err
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Training needs analysis" in text
    assert "Training areas ranked by the people who need them" in text
    assert "Heat map" in text and "How small groups are protected" in text
    assert SECRET not in text
    with open_library(folder) as lib:
        outline = TnaOutline.from_framework(lib.frameworks.default())
    assert outline.training_areas[0].title.split()[0] in text


def test_the_command_offers_the_domains_breakdowns_and_default():
    """``ppf tna`` keeps its own copies (the command line loads no analysis to start):
    they are the analysis's own."""
    from ppf_app.cli import tna_cmd
    from ppf_app.domain import disclosure
    from ppf_app.domain import tna as tna_domain

    assert tna_cmd.BREAKDOWNS == tna_domain.BREAKDOWNS
    assert tna_cmd.DEFAULT_MIN_GROUP == disclosure.DEFAULT_MIN_GROUP
