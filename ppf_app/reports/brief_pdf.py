"""The meeting brief: one A4 page to take into the appraisal meeting, always one.

Every column says whose level it is (Self, Appraiser, Agreed) beside the target. The page
holds the person's own largest gaps with their evidence (always, whatever the appraiser
said), every behaviour rated by both in its quadrant (blind spots, agreed development
needs, hidden strengths, agreed strengths; the largest first, with how many more), the
previous plan's objectives and what became of them, and this plan's objectives. Before
the appraiser has rated anything it says so plainly.

It fits by shortening, never by spilling. Each part is measured alone with one row,
two, and so on (the heights add up, as the parts are stacked in one frame); the page
starts with one row of each part, each behaviour on up to two lines with a line of its
evidence and notes, and adds rows a part at a time, in the order the meeting needs them,
while they fit. If even one row of each does not fit, behaviours are cut to one line, then
their evidence lines are dropped; a last resort shrinks the content to the page (a name
or a note of thousands of characters, say).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepInFrame, Paragraph, Spacer, Table

from ppf_app import __version__
from ppf_app.core.files import write_private_atomic
from ppf_app.domain.meeting import QUADRANT_ORDER, BriefObjective, MeetingBrief, MeetingRow
from ppf_app.reports.chart import wrap_label
from ppf_app.reports.fonts import BOLD, ITALIC, REGULAR
from ppf_app.reports.furniture import NumberedCanvas, PlanDocTemplate
from ppf_app.reports.styles import FRAME_WIDTH, MUTED_HEX, styles
from ppf_app.reports.tables import data_table, long_date, para
from ppf_app.reports.text import clean, fit, markup

LEVEL_WIDTH = 20 * mm
LEVEL_SIZE = 8
TEXT_SIZE = 8.5
DETAIL_SIZE = 7.5
OBJECTIVE_SIZE = 8.5
#: Room kept free at the foot of the page, for what measuring cannot see exactly.
SAFETY = 4 * mm
#: The most rows a part shows (then "and N more").
MOST_ROWS = 6
#: The most objectives of each plan listed.
MOST_OBJECTIVES = 8
#: From the least shortening to the most: a line of evidence and notes under each
#: behaviour, and how many lines its text is cut to.
TIERS = ((True, 2), (True, 1), (False, 1))
#: The parts that grow a row at a time, in the order the meeting needs them.
GROWING = ("gaps", "q0", "q1", "q2", "q3", "objectives")


@dataclass(frozen=True)
class Fit:
    """How much of each part the page shows.

    Attributes:
        gaps: rows of the person's own largest gaps.
        quadrants: rows of each quadrant, in :data:`QUADRANT_ORDER`.
        objectives: objectives listed, of each plan.
        detail: a line of evidence and notes under each behaviour.
        text_lines: a behaviour's text is cut to (about) this many lines.
    """

    gaps: int = 1
    quadrants: tuple[int, int, int, int] = (1, 1, 1, 1)
    objectives: int = 2
    detail: bool = True
    text_lines: int = 2


# -- styles ------------------------------------------------------------------------------


@cache
def _text_style() -> ParagraphStyle:
    return styles().cell.clone("BriefText", fontSize=TEXT_SIZE, leading=10.5)


@cache
def _head_style() -> ParagraphStyle:
    return styles().cell_head.clone("BriefHead", fontSize=8.5, leading=10.5)


@cache
def _level_style() -> ParagraphStyle:
    return styles().cell.clone("BriefLevel", fontSize=LEVEL_SIZE, leading=10.5)


@cache
def _detail_style() -> ParagraphStyle:
    return styles().evidence.clone("BriefDetail", fontSize=DETAIL_SIZE, leading=9.5)


@cache
def _objective_style() -> ParagraphStyle:
    return styles().bullet.clone(
        "BriefObjective", fontSize=OBJECTIVE_SIZE, leading=11, spaceAfter=0
    )


# -- the tables of behaviours ------------------------------------------------------------


def _columns(brief: MeetingBrief) -> list[str]:
    """Whose levels the tables show: always the person's; the appraiser's and the agreed
    ones once there are any."""
    columns = ["Self"]
    if brief.has_appraiser_ratings:
        columns.append("Appraiser")
    if brief.has_agreed_levels:
        columns.append("Agreed")
    return [*columns, "Target"]


def _text_width(brief: MeetingBrief) -> float:
    """Room for a behaviour's text in its cell (the cell's paddings taken off)."""
    return float(FRAME_WIDTH - LEVEL_WIDTH * len(_columns(brief)) - 10)


def _levels(brief: MeetingBrief, row: MeetingRow, columns: Sequence[str]) -> list[str]:
    level = {
        "Self": row.self_level,
        "Appraiser": row.appraiser_level,
        "Agreed": row.agreed_level,
        "Target": row.target,
    }
    return [brief.label(level[column]) for column in columns]


def _detail(row: MeetingRow, width: float, *, own_only: bool) -> str:
    """The evidence and the agreed note on one line of ``width``, each given an equal
    share of it."""
    parts = []
    if row.self_evidence.strip():
        parts.append(("Evidence: " if own_only else "Self: ") + row.self_evidence)
    if not own_only and row.appraiser_evidence.strip():
        parts.append("Appraiser: " + row.appraiser_evidence)
    if row.agreed_note.strip():
        parts.append("Agreed: " + row.agreed_note)
    if not parts:
        return ""
    separator = " · "
    share = (width - stringWidth(separator, ITALIC, DETAIL_SIZE) * (len(parts) - 1)) / len(parts)
    return separator.join(fit(part, ITALIC, DETAIL_SIZE, share) for part in parts)


def _behaviour(
    brief: MeetingBrief, row: MeetingRow, fitting: Fit, *, own_only: bool
) -> list[Flowable]:
    """The behaviour's number and text, cut to the lines allowed, and its detail line."""
    width = _text_width(brief)
    number = brief.numbers.get(row.behaviour_id, "")
    lead = f"<b>{markup(number, BOLD)}</b> " if number else ""
    text = row.behaviour_text
    room = width - stringWidth(f"{number} ", BOLD, TEXT_SIZE)
    cut = escape(" ".join(wrap_label(text, room, TEXT_SIZE, max_lines=fitting.text_lines)))
    cell: list[Flowable] = [Paragraph(lead + cut, _text_style())]
    detail = _detail(row, width, own_only=own_only) if fitting.detail else ""
    if detail:
        line = escape(detail)
        cell.append(Paragraph(f'<font color="{MUTED_HEX}"><i>{line}</i></font>', _detail_style()))
    return cell


def _table(
    brief: MeetingBrief,
    title: str,
    rows: Sequence[MeetingRow],
    shown: int,
    fitting: Fit,
    *,
    own_only: bool = False,
) -> Table:
    """A heading row (the part's title, then whose level each column is), the rows
    shown, and "and N more"."""
    s = styles()
    columns = _columns(brief)
    body: list[list[object]] = [
        [para(title, _head_style()), *(Paragraph(c, _head_style()) for c in columns)]
    ]
    for row in rows[:shown]:
        levels = [Paragraph(escape(text), _level_style()) for text in _levels(brief, row, columns)]
        body.append([_behaviour(brief, row, fitting, own_only=own_only), *levels])
    more = len(rows) - shown
    if more > 0:
        nouns = "behaviour" if more == 1 else "behaviours"
        body.append([Paragraph(f"and {more} more {nouns}", s.note), *[""] * len(columns)])
    widths = [FRAME_WIDTH - LEVEL_WIDTH * len(columns), *[LEVEL_WIDTH] * len(columns)]
    return data_table(
        body,
        widths,
        extra=(
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("LEFTPADDING", (1, 0), (-1, -1), 3),
            ("RIGHTPADDING", (1, 0), (-1, -1), 2),
        ),
    )


# -- the parts ---------------------------------------------------------------------------


def _own_gaps(brief: MeetingBrief, fitting: Fit) -> list[Flowable]:
    s = styles()
    if not brief.own_gaps:
        return [para("No behaviour is rated below its target in the self assessment.", s.note)]
    title = f"Own largest gaps ({len(brief.own_gaps)} below target)"
    return [_table(brief, title, brief.own_gaps, fitting.gaps, fitting, own_only=True)]


def _comparison_lead(brief: MeetingBrief) -> list[Flowable]:
    s = styles()
    if not brief.has_appraiser_ratings:
        who = brief.rated_by or "The appraiser"
        return [
            para(
                f"No appraiser ratings yet: {who} has not rated any behaviour, so there is "
                "nothing to compare with the self assessment. The comparison appears here "
                "once the appraiser's ratings are recorded.",
                s.body,
            )
        ]
    both = brief.rated_by_both
    differ = brief.rated_higher_by_self + brief.rated_lower_by_self
    summary = (
        f"{both} behaviour{'s' if both != 1 else ''} rated by both; the two levels differ "
        f"for {differ}: {brief.rated_higher_by_self} rated higher by self, "
        f"{brief.rated_lower_by_self} lower"
    )
    if differ:
        most = brief.largest_difference
        summary += f", by at most {most} level{'s' if most != 1 else ''}"
    legend = "; ".join(f"{kind.heading}: {kind.meaning}" for kind in QUADRANT_ORDER)
    return [
        para(f"{summary}. A level meets the target when it is at or above it. {legend}.", s.lead)
    ]


def _quadrant(brief: MeetingBrief, index: int, fitting: Fit) -> list[Flowable]:
    kind = QUADRANT_ORDER[index]
    rows = brief.quadrants.get(kind, ())
    if not rows:  # always so before the appraiser has rated anything
        return []
    title = f"{kind.heading} ({len(rows)})"
    return [_table(brief, title, rows, fitting.quadrants[index], fitting), Spacer(0, 1.5 * mm)]


def _empty_quadrants(brief: MeetingBrief) -> list[Flowable]:
    empty = [kind.heading.lower() for kind in QUADRANT_ORDER if not brief.quadrants.get(kind)]
    if not empty or not brief.has_appraiser_ratings:
        return []
    return [para(f"None among the {', '.join(empty)}.", styles().note)]


def _objective_line(objective: BriefObjective, *, previous: bool) -> str:
    text = " ".join(objective.text.split())
    if objective.target_date is not None:
        text += f" (by {long_date(objective.target_date)})"
    if previous:
        text = f"{objective.status}: {text}"
        if objective.reflection.strip():
            text += " · " + " ".join(objective.reflection.split())
    elif objective.status:
        text += f" · {objective.status}"
    return fit(text, REGULAR, OBJECTIVE_SIZE, FRAME_WIDTH - 20)


def _objectives(
    title: str,
    objectives: Sequence[BriefObjective],
    shown: int,
    empty: str,
    *,
    previous: bool,
) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [Paragraph(title, s.h3)]
    if not objectives:
        return [*story, Paragraph(empty, s.note)]
    for objective in objectives[:shown]:
        line = _objective_line(objective, previous=previous)
        story.append(Paragraph(escape(line), _objective_style(), bulletText="•"))
    more = len(objectives) - shown
    if more > 0:
        story.append(Paragraph(f"and {more} more", s.note))
    return story


def _previous(brief: MeetingBrief, fitting: Fit) -> list[Flowable]:
    return _objectives(
        "The previous plan's objectives",
        brief.previous_objectives,
        fitting.objectives,
        "No previous plan with objectives is recorded.",
        previous=True,
    )


def _current(brief: MeetingBrief, fitting: Fit) -> list[Flowable]:
    return _objectives(
        "This plan's objectives",
        brief.objectives,
        fitting.objectives,
        "No objective is agreed yet.",
        previous=False,
    )


def _about(brief: MeetingBrief) -> list[Flowable]:
    s = styles()
    facts = [f"Self assessment of {long_date(brief.self_assessed_on)}", brief.framework_title]
    if brief.group_title:
        facts.append(f"targets for {brief.group_title}")
    appraiser = brief.rated_by or "not named yet"
    rated = [
        f"Appraiser: {appraiser}, {brief.appraiser_rated} of {brief.behaviour_count} rated",
        f"agreed: {brief.agreed_count} of {brief.behaviour_count}",
        f"next review: {long_date(brief.review_date, 'not set')}",
    ]
    lines = [" · ".join(facts), " · ".join(rated)]
    if brief.job_title:
        lines.insert(0, brief.job_title)
    if brief.signed_on is not None:
        appraisee, appraiser_name = brief.signed_by
        lines.append(
            f"Signed on {long_date(brief.signed_on)} by {appraisee} (appraisee) and "
            f"{appraiser_name} (appraiser)"
        )
    if brief.signature_note:  # signatures checked on read (services/signing.py)
        lines.append(brief.signature_note)
    scale = " · ".join(f"{value} {label}" for value, label in sorted(brief.scale_labels.items()))
    lines.append(f"Levels: {scale}")
    about = s.muted.clone("BriefAbout", spaceAfter=0)
    return [para(line, about) for line in lines]


Part = Callable[[MeetingBrief, Fit], list[Flowable]]


def _parts() -> list[tuple[str, Part]]:
    """The page, top to bottom, as named parts that each draw themselves for a
    :class:`Fit` (the names of those that grow are the fields they read, see
    :func:`_uses`)."""
    s = styles()
    title = s.h1.clone("BriefTitle", fontSize=15, leading=19, spaceBefore=0, spaceAfter=2)
    h2 = s.h2.clone("BriefH2", fontSize=11, leading=14, spaceBefore=7, spaceAfter=3)

    def heading(text: str) -> Part:
        return lambda brief, fitting: [Paragraph(text, h2)]

    def quadrant(index: int) -> Part:
        return lambda brief, fitting: _quadrant(brief, index, fitting)

    return [
        ("title", lambda brief, _: [para(f"Appraisal meeting brief: {brief.person_name}", title)]),
        ("about", lambda brief, _: _about(brief)),
        ("own view", heading("The person's own view")),
        ("gaps", _own_gaps),
        ("compared", heading("Self and appraiser compared")),
        ("lead", lambda brief, _: _comparison_lead(brief)),
        *((f"q{index}", quadrant(index)) for index in range(len(QUADRANT_ORDER))),
        ("none", lambda brief, _: _empty_quadrants(brief)),
        ("plans", heading("Plans")),
        ("objectives", _previous),
        ("objectives", _current),
    ]


def _uses(name: str, fitting: Fit) -> tuple[object, ...]:
    """What of ``fitting`` the part called ``name`` depends on (its height with it)."""
    if name not in GROWING:
        return ()
    if name == "objectives":
        return (fitting.objectives,)
    return (_shown(fitting, name), fitting.detail, fitting.text_lines)


def brief_story(brief: MeetingBrief, fitting: Fit | None = None) -> list[Flowable]:
    """The page's flowables for ``fitting`` (default: one row of each part)."""
    fitting = fitting or Fit()
    return [flowable for _, part in _parts() for flowable in part(brief, fitting)]


# -- fitting -----------------------------------------------------------------------------


def stack_height(flowables: Sequence[Flowable], width: float, height: float) -> float:
    """How tall ``flowables`` are stacked in a frame of ``width``, their spaces included
    (a frame drops the space before its first flowable: the title has none)."""
    total = 0.0
    for flowable in flowables:
        used: float = flowable.wrap(width, height)[1]
        total += used + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def _limits(brief: MeetingBrief) -> dict[str, int]:
    """The most rows each growing part can show."""
    # Before the appraiser has rated anything, the person's own gaps have the room.
    most_gaps = MOST_ROWS if brief.has_appraiser_ratings else 2 * MOST_ROWS
    limits = {"gaps": min(len(brief.own_gaps), most_gaps)}
    for index, kind in enumerate(QUADRANT_ORDER):
        limits[f"q{index}"] = min(len(brief.quadrants.get(kind, ())), MOST_ROWS)
    most = max(len(brief.objectives), len(brief.previous_objectives))
    limits["objectives"] = min(most, MOST_OBJECTIVES)
    return limits


def _grown(fitting: Fit, part: str) -> Fit:
    if part == "gaps":
        return replace(fitting, gaps=fitting.gaps + 1)
    if part == "objectives":
        return replace(fitting, objectives=fitting.objectives + 1)
    rows = list(fitting.quadrants)
    rows[int(part[1:])] += 1
    return replace(fitting, quadrants=(rows[0], rows[1], rows[2], rows[3]))


def _shown(fitting: Fit, part: str) -> int:
    if part == "gaps":
        return fitting.gaps
    if part == "objectives":
        return fitting.objectives
    return fitting.quadrants[int(part[1:])]


def fitted_story(brief: MeetingBrief, width: float, height: float) -> tuple[list[Flowable], Fit]:
    """The fullest story that fits one frame of ``width`` by ``height``, and how it was
    set; the last resort is shrunk to fit."""
    room = height - SAFETY
    parts = _parts()
    heights: dict[tuple[int, tuple[object, ...]], float] = {}

    def measure(fitting: Fit) -> float:
        """The page's height: the sum of its parts' (each measured once per setting)."""
        total = 0.0
        for index, (name, part) in enumerate(parts):
            key = (index, _uses(name, fitting))
            if key not in heights:
                heights[key] = stack_height(part(brief, fitting), width, height)
            total += heights[key]
        return total

    start = None
    for detail, lines in TIERS:
        candidate = Fit(detail=detail, text_lines=lines)
        if measure(candidate) <= room:
            start = candidate
            break
    if start is None:
        tightest = Fit(detail=False, text_lines=1)
        story = brief_story(brief, tightest)
        return [KeepInFrame(width, room, story, mode="shrink")], tightest
    # Grow a row at a time, each part in turn in the order the meeting needs them,
    # while the page still holds it.
    limits = _limits(brief)
    growing = list(GROWING)
    current = start
    while growing:
        for part in list(growing):
            if _shown(current, part) >= limits[part]:
                growing.remove(part)
                continue
            candidate = _grown(current, part)
            if measure(candidate) <= room:
                current = candidate
            else:
                growing.remove(part)
    return brief_story(brief, current), current


def render_brief_pdf(brief: MeetingBrief, *, invariant: bool = False) -> bytes:
    buffer = io.BytesIO()
    name = clean(brief.person_name)
    doc = PlanDocTemplate(
        buffer,
        header=f"Appraisal meeting brief · {name}",
        title=f"Appraisal meeting brief: {name}",
        author=name,
        subject=brief.framework_title,
        creator=f"PPF Self-Assessment {__version__}",
        invariant=1 if invariant else 0,
        initialFontName=REGULAR,
    )
    frame = doc.pageTemplates[0].frames[0]
    story, _ = fitted_story(brief, frame._width, frame._height)
    doc.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()


def write_brief_pdf_file(
    brief: MeetingBrief, path: str | os.PathLike[str], *, invariant: bool = False
) -> Path:
    """Write the brief to ``path`` atomically (temporary file beside it, then rename)."""
    return write_private_atomic(path, render_brief_pdf(brief, invariant=invariant))
