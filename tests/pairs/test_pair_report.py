"""The pair's report from a plain document (no database): the agreement stays on its own
page when full, the same document gives the same bytes, and what is not measured yet
says so."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from ppf_app.reports.pair_pdf import (
    Change,
    Meeting,
    Objective,
    PairDocument,
    Participant,
    ProjectText,
    Shadowing,
    render_pair_pdf,
    signed_change,
)

LONG = "I explain the reasons behind decisions that affect patients and staff, including " * 2


def person(name: str, *, after: date | None, learns: int = 10) -> Participant:
    return Participant(
        name=name,
        job_title="Specialty registrar, acute medicine and the frailty unit",
        group_title="Clinician",
        department="Medicine",
        objectives=tuple(Objective(LONG, date(2026, 9, 30)) for _ in range(3)),
        learns=tuple(f"1.{n} {LONG}" for n in range(1, learns + 1)),
        partner="Someone",
        before_on=date(2026, 1, 10),
        after_on=after,
        changes=tuple(
            Change(f"1.{n} {LONG}", 2, 1 if after else None) for n in range(1, learns + 1)
        ),
    )


def document(after: date | None) -> PairDocument:
    return PairDocument(
        framework_title="Shared values for paired learning",
        left=person("Dr Amina Okafor", after=after),
        right=person("Nguyễn Thị Mai", after=None, learns=0),
        start_on=date(2026, 3, 2),
        months=9,
        ends_on=date(2026, 12, 2),
        agreed_on=None,
        ended_on=None,
        meetings=(Meeting(date(2026, 3, 11), "Chose the project " * 30),),
        shadowing=(Shadowing(date(2026, 3, 25), "Dr Amina Okafor", "Nguyễn Thị Mai", "", ""),),
        project=ProjectText("", "", "", None),
        as_of=date(2026, 4, 1),
    )


def pages(data: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


def test_a_full_agreement_is_one_page_and_the_rest_follows() -> None:
    data = render_pair_pdf(document(after=date(2026, 10, 1)), invariant=True)
    text = pages(data)
    assert "Learning pair agreement" in text[0] and "Signatures" in text[0]
    assert "and 7 more behaviours" in text[0]
    assert "No behaviour where my partner is above target and I am below." in text[0]
    assert "Title: ____" not in text[0] and "Title ____" in text[0]  # blanks to fill in
    assert text[1].startswith("Learning pair · Dr Amina Okafor and Nguyễn Thị Mai")
    assert "Progress: Dr Amina Okafor and Nguyễn Thị Mai" in text[1]
    assert "Agreement not signed yet." in text[1]
    assert "1 meeting held, 1 shadowing session." in text[1]
    assert "Not chosen yet." in text[1]
    change = " ".join(text[2:])
    assert "Total (measured) 20 10 -10" in change
    assert "The pairing targeted no behaviour for this person." in change
    # The same document, the same bytes.
    assert render_pair_pdf(document(after=date(2026, 10, 1)), invariant=True) == data


def test_what_is_not_measured_yet_says_so() -> None:
    change = " ".join(pages(render_pair_pdf(document(after=None), invariant=True))[2:])
    assert "after: not yet" in change
    assert "Not measured yet: the after self-assessment is not recorded." in change
    assert "Total (measured)" not in change
    assert [signed_change(v) for v in (None, -2, 0, 3)] == ["–", "-2", "0", "+3"]
