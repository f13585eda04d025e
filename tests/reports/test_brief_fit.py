"""The meeting brief is one A4 page for any framework up to 300 behaviours: it fits by
shortening (fewer rows, then shorter texts), never by spilling onto a second page."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from ppf_app.domain import meeting
from ppf_app.domain.framework import Framework
from ppf_app.domain.framework_loader import load_framework
from ppf_app.domain.meeting import QUADRANT_ORDER, BriefObjective, MeetingBrief, Quadrant
from ppf_app.reports.brief_pdf import fitted_story, render_brief_pdf
from ppf_app.reports.furniture import PlanDocTemplate
from tests.bench.big_framework import write_big_framework
from tests.domain.frameworks import hlm
from tests.domain.people_2027 import framework as bundled

LONG = "A long note about what was seen on the ward, in clinic and in meetings. " * 6


def _levels(framework: Framework, shift: int) -> dict[str, int | None]:
    """Every behaviour a level of the scale, cycling, shifted by ``shift`` steps."""
    values = framework.scale_values
    return {
        b.id: values[(i * 7 + shift) % len(values)]
        for i, (_, b) in enumerate(framework.behaviours())
    }


def full_brief(
    framework: Framework, *, appraiser: bool = True, name: str = "Dr Aisha Rahman"
) -> MeetingBrief:
    """Self, appraiser and agreed levels for every behaviour, with long evidence and notes,
    and long lists of objectives: the most a brief has to hold."""
    ids = [b.id for _, b in framework.behaviours()]
    rows = meeting.compare(
        framework,
        _levels(framework, 0),
        _levels(framework, 3) if appraiser else {},
        {b: (framework.scale_values[1], LONG) for b in ids[::2]} if appraiser else {},
        None,
        self_evidence=dict.fromkeys(ids, LONG),
        appraiser_evidence=dict.fromkeys(ids, LONG) if appraiser else {},
    )
    objectives = tuple(
        BriefObjective(text=f"Objective {n}: {LONG}", target_date=date(2027, 3, 31), status="Done")
        for n in range(10)
    )
    return meeting.brief(
        rows,
        person_name=name,
        job_title="Consultant cardiologist",
        framework=framework,
        self_assessed_on=date(2026, 3, 2),
        rated_by="Dr Helen Marsh",
        objectives=objectives,
        previous_objectives=objectives,
        review_date=date(2027, 3, 31),
    )


def page_texts(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Framework:
    return load_framework(write_big_framework(tmp_path_factory.mktemp("big") / "big.toml"))


@pytest.mark.parametrize("which", ["bundled", "nine values", "300 behaviours"])
def test_the_brief_is_one_page_for_any_framework_size(which: str, big: Framework) -> None:
    framework = {"bundled": bundled(), "nine values": hlm(), "300 behaviours": big}[which]
    brief = full_brief(framework)
    texts = page_texts(render_brief_pdf(brief, invariant=True))
    assert len(texts) == 1, which
    (page,) = texts
    assert "Page 1 of 1" in page
    # every part is there, shortened, with how many more there are
    assert "Own largest gaps" in page
    for kind in QUADRANT_ORDER:
        rows = brief.quadrants[kind]
        if rows:
            assert f"{kind.heading} ({len(rows)})" in page
    assert "more behaviours" in page
    assert "The previous plan's objectives" in page and "This plan's objectives" in page


def test_what_is_not_shown_is_counted(big: Framework) -> None:
    brief = full_brief(big)
    doc = PlanDocTemplate(io.BytesIO(), header="x")
    frame = doc.pageTemplates[0].frames[0]
    _, fitting = fitted_story(brief, frame._width, frame._height)
    page = page_texts(render_brief_pdf(brief, invariant=True))[0]
    blind = brief.quadrants[Quadrant.BLIND_SPOT]
    assert fitting.quadrants[0] >= 1
    assert f"and {len(blind) - fitting.quadrants[0]} more behaviours" in page
    assert f"and {len(brief.own_gaps) - fitting.gaps} more behaviours" in page
    assert f"and {len(brief.objectives) - fitting.objectives} more" in page


def test_a_roomy_brief_shows_evidence_and_more_rows() -> None:
    framework = bundled()
    brief = full_brief(framework)
    doc = PlanDocTemplate(io.BytesIO(), header="x")
    frame = doc.pageTemplates[0].frames[0]
    _, fitting = fitted_story(brief, frame._width, frame._height)
    assert fitting.detail  # a line of evidence and notes under each behaviour
    assert fitting.gaps >= 2
    page = page_texts(render_brief_pdf(brief, invariant=True))[0]
    assert "Evidence: A long note" in page and "Appraiser: A long note" in page


def test_before_the_appraiser_rates_it_says_so() -> None:
    page = page_texts(render_brief_pdf(full_brief(bundled(), appraiser=False)))[0]
    assert "No appraiser ratings yet: Dr Helen Marsh has not rated any behaviour" in page
    assert "No differences" not in page
    assert "Appraiser Target" not in page  # no column for levels nobody gave
    assert "Self Target" in page


def test_a_name_of_thousands_of_characters_still_makes_one_page(tmp_path: Path) -> None:
    brief = full_brief(bundled(), name="Ŵ" * 4000)
    assert len(page_texts(render_brief_pdf(brief))) == 1
