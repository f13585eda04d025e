"""A learning pair's report as a PDF (A4), built from a :class:`PairDocument`.

The first page is the agreement the two sign at the start: who they are, the terms of
the pairing, each person's objectives and what each can learn from the other, and room
for both signatures. Then progress: the meetings and shadowing sessions so far and the
joint improvement project; and, once the "after" self assessments are in, each person's
gaps on the behaviours the pairing targeted, before and after, side by side.

Gaps are weighted gaps (scale steps below target times importance); a negative change is
a gap that closed. The plan report's fonts, colours and page furniture are used.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ppf_app import __version__
from ppf_app.core.files import write_private_atomic
from ppf_app.reports.fonts import REGULAR
from ppf_app.reports.furniture import NumberedCanvas, PlanDocTemplate
from ppf_app.reports.styles import ACCENT, FRAME_WIDTH, RULE, styles
from ppf_app.reports.tables import data_table, long_date, para
from ppf_app.reports.text import clean, excerpt

#: Behaviours listed per person on the agreement before "and N more" (one page).
AGREEMENT_BEHAVIOURS = 3
BEHAVIOUR_CHARS = 80
OBJECTIVE_CHARS = 70
NOTE_CHARS = 600


@dataclass(frozen=True)
class Objective:
    text: str
    target_date: date | None = None


@dataclass(frozen=True)
class Change:
    """One targeted behaviour's weighted gap before and after (None: not measured)."""

    behaviour: str
    before: int | None
    after: int | None

    @property
    def change(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class Participant:
    name: str
    job_title: str
    group_title: str
    department: str
    objectives: tuple[Objective, ...]
    learns: tuple[str, ...]
    """The behaviours the pairing targets for this person ("1.2 text")."""
    partner: str
    before_on: date | None
    after_on: date | None
    changes: tuple[Change, ...]

    @property
    def measured(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.change is not None)


@dataclass(frozen=True)
class Meeting:
    held_on: date
    note: str


@dataclass(frozen=True)
class Shadowing:
    held_on: date
    shadow: str
    host: str
    place: str
    learned: str


@dataclass(frozen=True)
class ProjectText:
    title: str
    aim: str
    measure: str
    presented_on: date | None


@dataclass(frozen=True)
class PairDocument:
    """Everything the pair's report shows."""

    framework_title: str
    left: Participant
    right: Participant
    start_on: date
    months: int
    ends_on: date
    agreed_on: date | None
    ended_on: date | None
    meetings: tuple[Meeting, ...]
    shadowing: tuple[Shadowing, ...]
    project: ProjectText
    as_of: date

    @property
    def names(self) -> str:
        return f"{self.left.name} and {self.right.name}"


def _half() -> float:
    return float(FRAME_WIDTH - 6 * mm) / 2


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def signed_change(value: int | None) -> str:
    """``+1``, ``-2``, ``0``; a dash when not measured."""
    if value is None:
        return "–"
    return f"+{value}" if value > 0 else str(value)


def gap_text(value: int | None) -> str:
    return "–" if value is None else str(value)


# -- the agreement -------------------------------------------------------------------------


def _band(doc: PairDocument) -> Table:
    s = styles()
    return Table(
        [[Paragraph("Learning pair agreement", s.title)], [para(doc.framework_title, s.subtitle)]],
        colWidths=[FRAME_WIDTH],
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("BACKGROUND", (0, 0), (-1, -1), ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 16),
                ("RIGHTPADDING", (0, 0), (-1, -1), 16),
                ("TOPPADDING", (0, 0), (0, 0), 10),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 10),
            ]
        ),
    )


def _heading(text: str) -> Paragraph:
    """A heading of the agreement page: a little closer to what it heads."""
    return para(text, styles().h2.clone("AgreementHeading", spaceBefore=8))


def _item(text: str) -> Paragraph:
    """A bullet in a cell of the agreement: small, so that the page holds it all."""
    s = styles()
    style = s.cell.clone("AgreementItem", leftIndent=9, bulletIndent=0, spaceAfter=2)
    return para(text, style, bullet="•")


def _who(person: Participant) -> list[Flowable]:
    s = styles()
    cell: list[Flowable] = [para(person.name, s.h3)]
    for line in (person.job_title, person.group_title, person.department):
        if line:
            cell.append(para(line, s.cell))
    return cell


def _objectives_cell(person: Participant) -> list[Flowable]:
    s = styles()
    if not person.objectives:
        return [para("To be chosen from my own plan (two or three).", s.muted)]
    items = []
    for objective in person.objectives:
        text = excerpt(objective.text, OBJECTIVE_CHARS)
        if objective.target_date is not None:
            text += f" (by {long_date(objective.target_date)})"
        items.append(_item(text))
    return items


def _learns_cell(person: Participant) -> list[Flowable]:
    s = styles()
    if not person.learns:
        return [para("No behaviour where my partner is above target and I am below.", s.muted)]
    shown: list[Flowable] = [
        _item(excerpt(text, BEHAVIOUR_CHARS)) for text in person.learns[:AGREEMENT_BEHAVIOURS]
    ]
    more = len(person.learns) - AGREEMENT_BEHAVIOURS
    if more > 0:
        shown.append(para(f"and {_plural(more, 'more behaviour')}", s.muted))
    return shown


def _side_by_side(rows: list[tuple[str, list[Flowable], list[Flowable]]]) -> Table:
    s = styles()
    label_width = 30 * mm
    column = (FRAME_WIDTH - label_width) / 2
    body = [[para(label, s.cell_bold), left, right] for label, left, right in rows]
    return Table(
        body,
        colWidths=[label_width, column, column],
        hAlign="LEFT",
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        ),
    )


def _terms(doc: PairDocument) -> list[Flowable]:
    before = [d for d in (doc.left.before_on, doc.right.before_on) if d is not None]
    assessed = (
        f" (before: {long_date(max(before))})" if len(before) == 2 else ""  # both made
    )
    lines = [
        f"We will learn together as a pair from {long_date(doc.start_on)} for "
        f"{_plural(doc.months, 'month')}, to {long_date(doc.ends_on)}.",
        "We will meet at least once a month and note what each meeting covered.",
        "Each of us will shadow the other at work, and write down what we learned.",
        "We will run a joint improvement project, measure it and present it before the "
        "pairing ends.",
        f"Each of us self-assesses against the framework at the start{assessed} and again "
        "at the end, so that we can see what changed on the behaviours below.",
    ]
    return [_item(line) for line in lines]


def _project_lines(doc: PairDocument) -> list[Flowable]:
    s = styles()
    project = doc.project
    blank = "______________________________________________"
    rows = [
        ("Title", project.title or blank),
        ("Aim", excerpt(project.aim, 300) or blank),
        ("Measure", excerpt(project.measure, 300) or blank),
    ]
    return [
        data_table(
            [[para(label, s.cell_bold), para(value, s.cell)] for label, value in rows],
            [30 * mm, FRAME_WIDTH - 30 * mm],
            header=False,
            zebra=False,
        )
    ]


def _signatures(doc: PairDocument) -> list[Flowable]:
    s = styles()
    signed = long_date(doc.agreed_on)
    head = [para(text, s.cell_head) for text in ("Name", "Signature", "Date")]
    rows: list[list[object]] = [head]
    for person in (doc.left, doc.right):
        rows.append([para(person.name, s.cell_bold), "", para(signed, s.cell)])
    rows.append([para("Programme lead", s.cell_bold), "", ""])
    return [
        KeepTogether(
            [
                _heading("Signatures: we agree to the terms above"),
                data_table(
                    rows,
                    [60 * mm, 70 * mm, FRAME_WIDTH - 130 * mm],
                    zebra=False,
                    row_heights=[None, 9 * mm, 9 * mm, 9 * mm],
                    extra=(("INNERGRID", (0, 1), (-1, -1), 0.5, RULE),),
                ),
            ]
        )
    ]


def agreement(doc: PairDocument) -> list[Flowable]:
    """The first page: what the two agree to at the start."""
    left, right = doc.left, doc.right
    return [
        _band(doc),
        # An agreement too long for one page goes on under the running header.
        NextPageTemplate("body"),
        Spacer(0, 3 * mm),
        _side_by_side(
            [
                ("Who", _who(left), _who(right)),
                ("Objectives from my plan", _objectives_cell(left), _objectives_cell(right)),
                (
                    "What I can learn from my partner",
                    _learns_cell(left),
                    _learns_cell(right),
                ),
            ]
        ),
        _heading("What we agree"),
        *_terms(doc),
        _heading("Our improvement project"),
        *_project_lines(doc),
        *_signatures(doc),
    ]


# -- progress ------------------------------------------------------------------------------


def _meetings(doc: PairDocument) -> list[Flowable]:
    s = styles()
    if not doc.meetings:
        return [para("No meetings recorded yet.", s.muted)]
    head = [para(text, s.cell_head) for text in ("Date", "What we covered")]
    body = [
        [para(long_date(m.held_on), s.cell), para(excerpt(m.note, NOTE_CHARS) or "–", s.cell)]
        for m in doc.meetings
    ]
    return [data_table([head, *body], [36 * mm, FRAME_WIDTH - 36 * mm])]


def _shadowing(doc: PairDocument) -> list[Flowable]:
    s = styles()
    if not doc.shadowing:
        return [para("No shadowing recorded yet.", s.muted)]
    head = [
        para(t, s.cell_head) for t in ("Date", "Who shadowed whom", "Where", "What was learned")
    ]
    body = [
        [
            para(long_date(item.held_on), s.cell),
            para(f"{item.shadow} shadowed {item.host}", s.cell),
            para(item.place or "–", s.cell),
            para(excerpt(item.learned, NOTE_CHARS) or "–", s.cell),
        ]
        for item in doc.shadowing
    ]
    widths = [30 * mm, 42 * mm, 32 * mm, FRAME_WIDTH - 104 * mm]
    return [data_table([head, *body], widths)]


def _project(doc: PairDocument) -> list[Flowable]:
    s = styles()
    project = doc.project
    if not (project.title or project.aim or project.measure or project.presented_on):
        return [para("Not chosen yet.", s.muted)]
    rows = [
        ("Title", project.title or "–"),
        ("Aim", excerpt(project.aim, NOTE_CHARS) or "–"),
        ("Measure", excerpt(project.measure, NOTE_CHARS) or "–"),
        ("Presented", long_date(project.presented_on, "Not yet presented")),
    ]
    return [
        data_table(
            [[para(label, s.cell_bold), para(value, s.cell)] for label, value in rows],
            [36 * mm, FRAME_WIDTH - 36 * mm],
            header=False,
        )
    ]


def progress(doc: PairDocument) -> list[Flowable]:
    """Meetings and shadowing so far, and the project."""
    s = styles()
    if doc.ended_on is not None:
        state = f"Closed on {long_date(doc.ended_on)}."
    elif doc.as_of >= doc.ends_on:
        state = f"Ran its course on {long_date(doc.ends_on)}."
    else:
        state = f"Runs to {long_date(doc.ends_on)}."
    agreed = (
        f" Agreement signed on {long_date(doc.agreed_on)}."
        if doc.agreed_on
        else " Agreement not signed yet."
    )
    return [
        para(f"Progress: {doc.names}", s.h1),
        para(
            f"As of {long_date(doc.as_of)}. Started on {long_date(doc.start_on)} for "
            f"{_plural(doc.months, 'month')}. {state}{agreed}",
            s.muted,
        ),
        para(
            f"{_plural(len(doc.meetings), 'meeting')} held, "
            f"{_plural(len(doc.shadowing), 'shadowing session')}.",
            s.body,
        ),
        para("Meetings", s.h2),
        *_meetings(doc),
        para("Shadowing", s.h2),
        *_shadowing(doc),
        para("Joint improvement project", s.h2),
        *_project(doc),
    ]


# -- the change ----------------------------------------------------------------------------


def _person_changes(person: Participant) -> list[Flowable]:
    s = styles()
    width = _half()
    dates = f"Before: {long_date(person.before_on, 'none')}"
    dates += f" · after: {long_date(person.after_on, 'not yet')}"
    cell: list[Flowable] = [para(person.name, s.h3), para(dates, s.muted)]
    if not person.changes:
        cell.append(para("The pairing targeted no behaviour for this person.", s.muted))
        return cell
    small = s.cell_head.clone("ChangeHead", fontSize=8, leading=10)
    head = [para(text, small) for text in ("Behaviour", "Before", "After", "Change")]
    body = [
        [
            para(excerpt(c.behaviour, BEHAVIOUR_CHARS), s.cell),
            para(gap_text(c.before), s.cell),
            para(gap_text(c.after), s.cell),
            para(signed_change(c.change), s.cell_bold),
        ]
        for c in person.changes
    ]
    measured = person.measured
    if measured:
        before = sum(c.before or 0 for c in measured)
        after = sum(c.after or 0 for c in measured)
        body.append(
            [
                para("Total (measured)", s.cell_bold),
                para(str(before), s.cell_bold),
                para(str(after), s.cell_bold),
                para(signed_change(after - before), s.cell_bold),
            ]
        )
    number = 14.5 * mm
    cell.append(
        data_table(
            [head, *body],
            [width - 3 * number, number, number, number],
            extra=(
                ("LEFTPADDING", (1, 0), (-1, -1), 3),
                ("RIGHTPADDING", (1, 0), (-1, -1), 3),
            ),
        )
    )
    if not measured:
        cell.append(
            para(
                "Not measured yet: the after self-assessment is not recorded."
                if person.after_on is None
                else "None of these behaviours was answered both before and after.",
                s.muted,
            )
        )
    return cell


def change(doc: PairDocument) -> list[Flowable]:
    """Each person's gaps on the targeted behaviours, before and after, side by side."""
    s = styles()
    width = _half()
    table = Table(
        [[_person_changes(doc.left), _person_changes(doc.right)]],
        colWidths=[width + 3 * mm, width + 3 * mm],
        hAlign="LEFT",
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6 * mm),
                ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
            ]
        ),
    )
    return [
        para("Change on the behaviours the pairing targeted", s.h1),
        para(
            "Each gap is the number of scale steps below the person's target, times the "
            "behaviour's importance for their group (0 at or above target), from their own "
            "self-assessments before and after the pairing. A negative change is a gap that "
            "closed.",
            s.muted,
        ),
        table,
    ]


def pair_story(doc: PairDocument) -> list[Flowable]:
    """The flowables of the whole report, in print order."""
    return [
        *agreement(doc),
        PageBreak(),
        *progress(doc),
        PageBreak(),
        *change(doc),
    ]


def render_pair_pdf(doc: PairDocument, *, invariant: bool = False) -> bytes:
    """The report as PDF bytes."""
    buffer = io.BytesIO()
    names = clean(doc.names)
    template = PlanDocTemplate(
        buffer,
        header=f"Learning pair · {names} · {doc.framework_title}",
        title=f"Learning pair: {names}",
        author=names,
        subject=doc.framework_title,
        creator=f"PPF Self-Assessment {__version__}",
        invariant=1 if invariant else 0,
        initialFontName=REGULAR,
    )
    template.build(pair_story(doc), canvasmaker=NumberedCanvas)
    return buffer.getvalue()


def write_pair_pdf_file(
    doc: PairDocument, path: str | os.PathLike[str], *, invariant: bool = False
) -> Path:
    """Write the report to ``path`` atomically (temporary file beside it, then rename)."""
    return write_private_atomic(path, render_pair_pdf(doc, invariant=invariant))
