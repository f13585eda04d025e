"""``ppf plan`` and the plan service: a real library, a real PDF read back, a real process."""

from __future__ import annotations

import csv as csv_module
import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from ppf_app.cli.main import main
from ppf_app.core.errors import UserError
from ppf_app.domain.advice import advise_training
from ppf_app.services import people, plan_report, ratings_import
from ppf_app.services.library import Library, open_library
from tests.helpers.cli import ppf


def text_of(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


def rate(lib: Library, person_id: int, on: date, level_of: dict[int, int], folder: Path) -> int:
    """A completed assessment rating the i-th behaviour asked of the person's group
    ``level_of.get(i % 5, 3)``."""
    framework = lib.frameworks.default()
    group = people.get_person(lib, person_id).professional_group
    csv = folder / f"ratings-{on}.csv"
    with csv.open("w", encoding="utf-8", newline="") as handle:
        writer = csv_module.writer(handle)
        writer.writerow(["behaviour_id", "level", "evidence"])
        for i, behaviour in enumerate(framework.behaviours_for(group)):
            evidence = f"Evidence <{i}> & more" if i % 3 == 0 else ""
            writer.writerow([behaviour.id, level_of.get(i % 5, 3), evidence])
    result = ratings_import.import_ratings(lib, person_id, csv, assessed_on=on)
    return result.assessment.id


@pytest.fixture
def library(tmp_path: Path) -> tuple[Path, int, int, int]:
    """A data folder with Dafydd (two assessments) and Ewa (none)."""
    data = tmp_path / "data"
    with open_library(data) as lib:
        dafydd = people.add_person(
            lib,
            name="Dafydd Ŵyn Llŷr",
            professional_group="clinician",
            job_title="Consultant",
            organisation="Hywel Dda UHB",
        ).id
        ewa = people.add_person(lib, name="Ewa Łukasik", professional_group="manager").id
        first = rate(lib, dafydd, date(2025, 10, 1), {0: 1, 1: 2}, tmp_path)
        rate(lib, dafydd, date(2026, 10, 1), {0: 2}, tmp_path)
    return data, dafydd, ewa, first


def test_the_plan_holds_the_latest_assessment(library: tuple[Path, int, int, int]) -> None:
    data, dafydd, _, _ = library
    with open_library(data) as lib:
        plan = plan_report.plan_document(lib, dafydd)
        framework = lib.frameworks.default()
        assert plan.assessment_date == date(2026, 10, 1)
        assert plan.person.group_title  # the group's title from the framework
        ratings = {r.behaviour_id: r.level for r in plan.rows}
        expected = advise_training(framework, ratings, "clinician")
        assert [s.area_id for s in plan.suggestions] == [s.area_id for s in expected.suggestions]
        assert plan.previous is not None and plan.previous.assessed_on == date(2025, 10, 1)
        out = plan_report.write_plan_pdf(lib, dafydd, data.parent / "plan.pdf")
    text = text_of(out.read_bytes())
    assert "Dafydd Ŵyn Llŷr" in text and "Hywel Dda UHB" in text
    assert "Self-assessment of 1 October 2026" in text
    assert "Change is since the self assessment of 1 October 2025." in text
    assert "Evidence <0> & more" in text
    for suggestion in plan.suggestions:
        assert suggestion.title in text


def test_a_named_assessment_is_printed(library: tuple[Path, int, int, int]) -> None:
    data, dafydd, _, first = library
    with open_library(data) as lib:
        out = plan_report.write_plan_pdf(lib, dafydd, data.parent / "old.pdf", first)
    assert "1 October 2025" in text_of(out.read_bytes())


def test_refusals_say_what_is_wrong(library: tuple[Path, int, int, int], tmp_path: Path) -> None:
    data, dafydd, ewa, first = library
    out = tmp_path / "x.pdf"
    with open_library(data) as lib:
        with pytest.raises(UserError, match="person 99: no such person"):
            plan_report.write_plan_pdf(lib, 99, out)
        with pytest.raises(UserError, match="has no assessment yet"):
            plan_report.write_plan_pdf(lib, ewa, out)
        with pytest.raises(UserError, match="belongs to another person"):
            plan_report.write_plan_pdf(lib, ewa, out, first)
        with pytest.raises(UserError, match="assessment 999: no such assessment"):
            plan_report.write_plan_pdf(lib, dafydd, out, 999)
        with pytest.raises(UserError, match="does not exist"):
            plan_report.write_plan_pdf(lib, dafydd, tmp_path / "missing" / "x.pdf")
        with pytest.raises(UserError, match="is a folder"):
            plan_report.write_plan_pdf(lib, dafydd, tmp_path)
    assert not out.exists()


def test_ppf_plan_writes_the_pdf_and_prints_its_path(
    library: tuple[Path, int, int, int], tmp_path: Path
) -> None:
    data, dafydd, _, first = library
    out = tmp_path / "plans" / "dafydd.pdf"
    out.parent.mkdir()
    out.write_bytes(b"an older plan")
    result = ppf(data, "plan", "--person", dafydd, "--out", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    text = text_of(out.read_bytes())
    assert "Dafydd Ŵyn Llŷr" in text and "1 October 2026" in text
    assert sorted(p.name for p in out.parent.iterdir()) == ["dafydd.pdf"]  # no leftovers

    status = main(
        ["--data-dir", str(data), "plan", "--person", str(dafydd), "--assessment", str(first),
         "--out", str(out)]
    )  # fmt: skip
    assert status == 0
    assert "1 October 2025" in text_of(out.read_bytes())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--person", "42"], "person 42: no such person"),
        (["--person", "2"], "person 2 (Ewa Łukasik) has no assessment yet"),
        (["--person", "1", "--assessment", "77"], "assessment 77: no such assessment"),
        (["--person", "2", "--assessment", "1"], "assessment 1: it belongs to another person"),
    ],
)
def test_ppf_plan_bad_input_exits_2(
    library: tuple[Path, int, int, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    data = library[0]
    out = tmp_path / "never.pdf"
    status = main(["--data-dir", str(data), "plan", *args, "--out", str(out)])
    captured = capsys.readouterr()
    assert status == 2, captured
    assert message in captured.err
    assert captured.out == ""
    assert not out.exists()


def test_ppf_plan_refusal_in_a_real_process(
    library: tuple[Path, int, int, int], tmp_path: Path
) -> None:
    data = library[0]
    result = ppf(data, "plan", "--person", "42", "--out", tmp_path / "never.pdf")
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr.strip() == "person 42: no such person"
    assert result.stdout == ""
