"""The development-plan PDF, read back: content and order, furniture, fonts, hostile text."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from ppf_app.domain.framework import Activity
from ppf_app.domain.plan import Objective, PlanDocument, Signature
from ppf_app.reports.fonts import REGULAR, covered_codepoints
from ppf_app.reports.furniture import FOOTER_TEXT
from ppf_app.reports.plan_pdf import render_plan_pdf, write_plan_pdf_file
from ppf_app.reports.styles import MARGIN_X, PAGE_WIDTH
from tests.reports.test_report_builders import framework_from_parts, sample_plan
from tests.reports.test_report_text import NAMES

OBJECTIVES = (
    Objective(
        objective="Chair the weekly safety huddle",
        linked_behaviours=("c-listen",),
        activity="Shadow the matron",
        support="Ward manager",
        success_measure="Huddle held every week for three months",
        target_date=date(2027, 2, 1),
        status="Not started",
    ),
    Objective(objective="Write the ward's business case", linked_behaviours=("c-own", "c-plan")),
)
HOSTILE = '<b>not bold</b> & <font size="40">big</font> <para> "quoted" </para>'
LONG_WORD = "W" + "ŵ" * 2499 + "y" * 2500
EMOJI = "Thanks 😀🏥 team"
RTL = "שלום עולם"


def page_texts(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def assert_in_order(text: str, needles: list[str]) -> None:
    position = 0
    for needle in needles:
        found = text.find(needle, position)
        assert found >= 0, f"{needle!r} missing after position {position}"
        position = found + len(needle)


def test_every_part_present_and_in_order() -> None:
    plan = sample_plan(
        evidence={"c-listen": "Ran listening clinics on Ward 7."}, objectives=OBJECTIVES
    )
    text = " ".join(page_texts(render_plan_pdf(plan, invariant=True)))
    assert_in_order(
        text,
        [
            # who, framework and group, dates
            "Personal development plan",
            "Rhiannon Ŵyn Llŷr",
            "Framework Small Framework 1",
            "Group Clinician",
            "Self-assessment of 2 November 2026",
            "Review date 1 May 2027",
            "Consultant physician",
            "Betsi Cadwaladr University Health Board",
            "the framework named above",
            # objectives, each with the need it came from in full
            "Objectives",
            "1. Chair the weekly safety huddle",
            "1.1 Listens to patients and carers Now Developing; target Leading.",
            "Activity Shadow the matron",
            "Support Ward manager",
            "Success measure Huddle held every week for three months",
            "1 February 2027 · Status: Not started",
            "2. Write the ward's business case",
            "2.1 Owns decisions and their consequences Now Starting; target Developing.",
            "2.2 Plans the service's work ahead Now Established; target Established.",
            # suggested areas, in the order chosen, with the objective that takes them up
            "Suggested training areas",
            "1. People and line management (objective 1)",
            "Your largest gap",
            "Line management workshop",
            "2. Leadership and accountability (objective 2)",
            "Leadership course",
            "Shadow a director",
            "Review of the previous plan",
            "Signatures",
            "reviewed on 1 May 2027",
            "Individual",
            "Rhiannon Ŵyn Llŷr",
            "Appraiser",
            # the detail: results, charts, scale, strengths and development areas
            "Results",
            "4 of 4 behaviours rated",
            "Patients' care and safety first 3.0 Leading (4)",
            "Responsibility for own work 2.0 Established (3)",
            "The scale: 1 Starting · 2 Developing · 3 Established · 4 Leading",
            "Strengths and development areas",
            "Development areas",
            "Listens to patients and carers Developing Leading",
            "Owns decisions and their consequences Starting Developing",
            # every behaviour, in file order, with level, target and evidence
            "Appendix: every behaviour",
            "1. Patients' care and safety first",
            "Listens to patients and carers",
            "Ran listening clinics on Ward 7.",
            "Developing target Leading, 2 below",
            "Raises safety concerns promptly",
            "Leading at target",
            "2. Responsibility for own work",
            "Owns decisions and their consequences",
            "Plans the service's work ahead",
        ],
    )
    assert "Operational and business planning" not in text  # no gap, not suggested
    assert "2.7" not in text and "3.5" not in text  # targets are levels, not averages
    assert text.count("The scale") == 1


def test_footer_and_page_n_of_m_on_every_page() -> None:
    texts = page_texts(render_plan_pdf(sample_plan(), invariant=True))
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert FOOTER_TEXT in text
        assert f"Page {number} of {len(texts)}" in text


def test_invariant_renders_are_byte_identical() -> None:
    plan = sample_plan(objectives=OBJECTIVES)
    first = render_plan_pdf(plan, invariant=True)
    assert first.startswith(b"%PDF-")
    assert render_plan_pdf(plan, invariant=True) == first


def test_only_the_bundled_fonts_are_used_and_embedded() -> None:
    reader = PdfReader(io.BytesIO(render_plan_pdf(sample_plan(), invariant=True)))
    seen = set()
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            name = str(font["/BaseFont"]).split("+")[-1]
            seen.add(name)
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), name
    assert seen <= {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"}
    assert "DejaVuSans" in seen


@pytest.mark.parametrize("name", NAMES)
def test_names_in_many_scripts_print_as_spelt(name: str) -> None:
    text = " ".join(page_texts(render_plan_pdf(sample_plan(name=name), invariant=True)))
    assert text.count(name) >= 2  # cover and signature block (and the running header)
    assert "\ufffd" not in text


def test_hostile_evidence_comes_out_as_text() -> None:
    evidence = {
        "c-listen": HOSTILE,
        "c-safe": LONG_WORD,
        "c-own": EMOJI,
        "c-plan": RTL + "\nsecond line",
    }
    objective = Objective(objective=LONG_WORD, activity=HOSTILE, support=RTL)
    plan = sample_plan(evidence=evidence, objectives=(objective,))
    data = render_plan_pdf(plan, invariant=True)
    text = " ".join(page_texts(data))
    assert HOSTILE in text  # markup printed literally, not applied
    assert "".join(LONG_WORD[:200]) in "".join(text.split())  # evidence excerpt
    # the objective, in full: split over pages, between the page furniture
    pieces = re.findall("[Wŵy]{100,}", "".join(text.split()))
    assert "".join(pieces[:-1]) == LONG_WORD
    assert "Thanks \ufffd\ufffd team" in text  # emoji are marked as replaced
    assert RTL in text  # drawn in visual order, extracted in typed order
    drawable = covered_codepoints(REGULAR)
    assert all(ord(ch) in drawable for ch in text)  # nothing falls back to an empty box


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_a_five_thousand_character_word_wraps_inside_the_page(tmp_path: Path) -> None:
    plan = sample_plan(
        evidence={"c-safe": LONG_WORD},
        objectives=(Objective(objective=LONG_WORD, success_measure="Audit shows it"),),
    )
    pdf = write_plan_pdf_file(plan, tmp_path / "plan.pdf", invariant=True)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    right_edges = [float(x) for x in re.findall(r'xMax="([0-9.]+)"', html)]
    assert right_edges
    assert max(right_edges) <= PAGE_WIDTH - MARGIN_X + 1
    plain = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pieces = re.findall("[Wŵy]{100,}", "".join(plain.split()))
    assert "".join(pieces[:-1]) == LONG_WORD  # the objective, in full
    assert pieces[-1] == LONG_WORD[: len(pieces[-1])]  # the evidence excerpt


def test_blank_notes_leave_no_gaps() -> None:
    plain = render_plan_pdf(sample_plan(), invariant=True)
    blanks = sample_plan(evidence={"c-listen": "   ", "c-own": "", "c-safe": "\n\t"})
    assert render_plan_pdf(blanks, invariant=True) == plain
    text = " ".join(page_texts(render_plan_pdf(sample_plan(objectives=OBJECTIVES[1:]))))
    # an objective's empty fields say so, each on its own line, rather than a bare label
    assert "Activity Not agreed yet Support Not agreed yet Success measure Not agreed yet" in text


def test_missing_review_date_and_signature_names_leave_lines_to_fill_in() -> None:
    plan = replace(
        sample_plan(review_date=None),
        signatures=(Signature(role="Individual"), Signature(role="Appraiser", name="Dr Ann Bell")),
    )
    text = " ".join(page_texts(render_plan_pdf(plan, invariant=True)))
    assert "Review date To be agreed" in text  # first page
    assert "Review date: ____" in text
    assert "No objective is agreed yet" in text  # and a worked example per area instead
    assert "EXAMPLE TO REWRITE" in text
    assert_in_order(text, ["Signatures", "Individual", "Appraiser", "Dr Ann Bell"])


def three_hundred_behaviours() -> PlanDocument:
    titles = [f"Value number {v} with a fairly long title to wrap" for v in range(15)]
    fw = framework_from_parts(
        scale=5,
        values=[[["a"] if b % 3 else ["b", "c"] for b in range(20)] for _ in range(15)],
        areas=["a", "b", "c"],
        value_titles=titles,
        behaviour_text="Behaviour {v}.{b}: does the right thing at the right time, every time",
    )
    ratings: dict[str, int | None] = {b.id: (i % 5) + 1 for i, (_, b) in enumerate(fw.behaviours())}
    evidence = {
        b.id: f"Evidence for {b.id}. " * (i % 4) for i, (_, b) in enumerate(fw.behaviours())
    }
    return sample_plan(fw, ratings=ratings, evidence=evidence)


def test_a_300_behaviour_framework_paginates_cleanly(tmp_path: Path) -> None:
    plan = three_hundred_behaviours()
    pdf = write_plan_pdf_file(plan, tmp_path / "big.pdf", invariant=True)
    texts = page_texts(pdf.read_bytes())
    assert len(texts) > 10
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
    whole = " ".join(texts)
    ratings_part = whole[whole.index("Appendix: every behaviour") :]
    assert_in_order(ratings_part, [f"Behaviour {v}.{b}:" for v in range(15) for b in range(20)])
    if shutil.which("qpdf"):
        subprocess.run(["qpdf", "--check", str(pdf)], check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_right_to_left_text_extracts_as_typed(tmp_path: Path) -> None:
    arabic = "مرحبا بالعالم"
    plan = sample_plan(name="Dr שרה כהן", evidence={"c-plan": f"Met {RTL} and {arabic} on 3 May"})
    pdf = write_plan_pdf_file(plan, tmp_path / "p.pdf", invariant=True)
    plain = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    marks = str.maketrans("", "", "\u202a\u202b\u202c")  # embedding marks poppler adds
    plain = plain.translate(marks)
    assert "שרה כהן" in plain
    assert RTL in plain
    assert arabic in plain


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="needs qpdf")
def test_qpdf_finds_the_file_sound(tmp_path: Path) -> None:
    pdf = write_plan_pdf_file(sample_plan(objectives=OBJECTIVES), tmp_path / "p.pdf")
    result = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
def test_pages_render_to_png(tmp_path: Path) -> None:
    pdf = write_plan_pdf_file(sample_plan(objectives=OBJECTIVES), tmp_path / "p.pdf")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "page")],
        check=True,
        capture_output=True,
    )
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == len(PdfReader(pdf).pages)
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)


def test_the_file_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"previous plan")
    plan = sample_plan()
    broken = replace(plan, results=replace(plan.results, values=()))
    with pytest.raises(KeyError):
        write_plan_pdf_file(broken, target)
    assert target.read_bytes() == b"previous plan"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.pdf"]
    folder = tmp_path / "folder"  # renaming onto a folder fails after the temporary file
    (folder / "inside").mkdir(parents=True)
    with pytest.raises(OSError):
        write_plan_pdf_file(plan, folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "plan.pdf"]
    write_plan_pdf_file(plan, target)
    assert target.read_bytes().startswith(b"%PDF-")
    assert target.stat().st_mode & 0o777 == 0o600


def test_hostile_names_and_framework_text_print_literally() -> None:
    fw = framework_from_parts(
        values=[[["a"]], [[]], [[]]],
        areas=["a"],
        value_titles=["<b>Care</b> & co", "V" * 300, "Third </para>"],
        behaviour_text="Does <i>{v}.{b}</i> & more",
    )
    name = "<b>Ann</b> & (O'Neil) \\ ) 😀"
    plan = sample_plan(fw, name=name, ratings={"v0-b0": 1, "v1-b0": 4})
    data = render_plan_pdf(plan, invariant=True)
    text = " ".join(page_texts(data))
    assert "<b>Ann</b> & (O'Neil) \\ ) \ufffd" in text
    assert "<b>Care</b> & co" in text and "Third </para>" in text
    assert "Does <i>0.0</i> & more" in text
    assert "V" * 300 in "".join(text.split())  # the long title, wrapped in the tables
    info = PdfReader(io.BytesIO(data)).metadata
    assert info is not None and info.title == "Personal development plan: " + name[:-1] + "\ufffd"


def test_a_suggestion_says_why_and_offers_its_first_activities() -> None:
    fw = framework_from_parts(values=[[["a"]] * 12], areas=["a"])
    fw = fw.model_copy(
        update={
            "training_areas": (
                fw.training_areas[0].model_copy(
                    update={
                        "activity_details": tuple(Activity(text=f"Activity {n}") for n in range(4))
                    }
                ),
            )
        }
    )
    ratings: dict[str, int | None] = {f"v0-b{i}": 1 if i < 3 else 2 for i in range(12)}
    text = " ".join(page_texts(render_plan_pdf(sample_plan(fw, ratings=ratings))))
    part = text[text.index("Suggested training areas") : text.index("Review of the previous")]
    assert "1. Area a" in part
    assert "Your largest gap: “Behaviour 0.0” is Level 1 against a target of Level 3." in part
    assert "It also covers 11 more behaviours below target." in part
    assert "Activity 0" in part and "Activity 1" in part and "Activity 2" not in part
    assert "and 2 more in the framework" in part
