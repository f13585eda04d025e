"""The training-needs analysis (TNA) of an organisation, for a learning and development lead.

Over each person's latest complete assessment on one framework version (the agreed one
where an appraisal was signed, else their own: see
:mod:`ppf_app.storage.repositories.cohort_facts`), how many people fall short of target
in each value and training area and by how much, for each department, group or the
whole organisation, with small groups suppressed (:mod:`ppf_app.domain.tna`,
:mod:`ppf_app.domain.disclosure`).

Where it is computed:

* on a local library, and for an admin on a server, here: the services read each
  person's scale answers (never evidence or notes) and the domain computes the report;
  an admin also records on the server what the analysis counts of that framework version
  (its outline), so that leads can use it;
* for a lead on a server, inside the database (``ppf_tna``): a lead may read no person's
  row, only the figures that function publishes, which are then laid out here exactly as
  the domain lays out its own (a test proves both give the same figures).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ppf_app.core.errors import UserError
from ppf_app.domain.disclosure import DEFAULT_MIN_GROUP, Published, check_min_group
from ppf_app.domain.framework_library import DEFAULT_FRAMEWORK_ID
from ppf_app.domain.framework_version import version_key
from ppf_app.domain.tna import (
    ALL_SEGMENT,
    Breakdown,
    TnaReport,
    check_breakdown,
    tna_report,
    training_needs,
)
from ppf_app.domain.tna_outline import TnaOutline
from ppf_app.services import assessments
from ppf_app.services.unit import unit

if TYPE_CHECKING:
    from ppf_app.services.library import Library

#: Where the figures were computed (the report says so).
COMPUTED_HERE = "here"
COMPUTED_BY_SERVER = "server"

#: The file kinds ``write_tna`` writes, by suffix.
FORMATS = (".csv", ".pdf")


@dataclass(frozen=True)
class TnaFramework:
    """A framework version whose training needs can be analysed."""

    framework_id: str
    version: str
    title: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.framework_id, self.version)

    @property
    def spec(self) -> str:
        return f"{self.framework_id}@{self.version}"


@dataclass(frozen=True)
class TnaResult:
    """A training-needs analysis after disclosure control, and what it is of.

    Attributes:
        report: the figures (rows, ranking, heat map), suppressed.
        framework: the framework version analysed.
        computed: :data:`COMPUTED_HERE` or :data:`COMPUTED_BY_SERVER`.
    """

    report: TnaReport
    framework: TnaFramework
    computed: str

    @property
    def breakdown(self) -> Breakdown:
        return self.report.breakdown

    @property
    def min_group(self) -> int:
        return self.report.min_group


# -- which frameworks ---------------------------------------------------------------------


def tna_frameworks(lib: Library) -> list[TnaFramework]:
    """The framework versions that can be analysed, by id then version.

    A lead on a server: those the server has an outline of; anyone else: the installed
    frameworks.
    """
    if lib.lead_only:
        with unit(lib) as work:
            from ppf_app.storage.server import tna_frameworks as recorded

            found = [TnaFramework(i, v, t) for i, v, t, _ in recorded(work.connection)]
        return sorted(found, key=lambda f: (f.framework_id, version_key(f.version)))
    return [TnaFramework(f.id, f.version, f.title) for f in lib.frameworks.all()]


def _lead_outline(lib: Library, framework_id: str | None, version: str | None) -> TnaOutline:
    from ppf_app.storage.server import tna_frameworks as recorded

    with unit(lib) as work:
        rows = recorded(work.connection)
    wanted = framework_id or DEFAULT_FRAMEWORK_ID
    mine = [row for row in rows if row[0] == wanted]
    if version is not None:
        mine = [row for row in mine if row[1] == version]
    if not mine:
        known = ", ".join(f"{row[0]}@{row[1]}" for row in rows) or "none"
        named = wanted if version is None else f"{wanted}@{version}"
        raise UserError(
            [
                f"framework {named}: the server has no training-needs analysis of it "
                f"(those it has: {known}).",
                "An admin prepares it by running ppf server init, or ppf tna once.",
            ]
        )
    newest = max(mine, key=lambda row: version_key(row[1]))
    return TnaOutline.from_json(newest[3])


# -- the analysis -------------------------------------------------------------------------


def training_needs_analysis(
    lib: Library,
    *,
    framework_id: str | None = None,
    version: str | None = None,
    breakdown: str = "organisation",
    min_group: int = DEFAULT_MIN_GROUP,
) -> TnaResult:
    """The training-needs analysis of everyone in the library, after disclosure control.

    Args:
        framework_id: the framework (default: the bundled one); ``version`` (default:
            the newest) is the exact version whose assessments count.
        breakdown: ``department``, ``group`` or ``organisation``.
        min_group: the minimum group (5 or more).

    Raises:
        UserError: an unknown breakdown or framework, or a minimum group below 5.
    """
    chosen = check_breakdown(breakdown)
    check_min_group(min_group)
    if lib.lead_only:
        outline = _lead_outline(lib, framework_id, version)
        return _server_analysis(lib, outline, chosen, min_group)
    from ppf_app.storage.repositories.cohort_facts import chosen_answers

    installed = assessments.resolve_framework(lib, framework_id, version)
    with unit(lib) as work:
        framework = assessments.framework_by_key(
            lib, installed.id, installed.version, session=work.session
        )
        outline = TnaOutline.from_framework(framework)
        people = [
            outline.person_facts(c.person_id, c.group_id, c.department, c.levels)
            for c in chosen_answers(framework.id, framework.version, connection=work.connection)
        ]
        if lib.on_server and lib.db.server_role == "admin":
            from ppf_app.storage.server_access import record_outline

            record_outline(work.connection, outline)  # so that leads can ask for it
    report = training_needs(people, outline.framework_outline, chosen, min_group)
    return TnaResult(report, _framework_of(outline), COMPUTED_HERE)


def _framework_of(outline: TnaOutline) -> TnaFramework:
    return TnaFramework(outline.framework_id, outline.version, outline.title)


def _server_analysis(
    lib: Library, outline: TnaOutline, breakdown: Breakdown, min_group: int
) -> TnaResult:
    from ppf_app.storage.server import tna_rows

    with unit(lib) as work:
        rows = tna_rows(
            work.connection,
            breakdown=breakdown,
            framework_id=outline.framework_id,
            version=outline.version,
            min_group=min_group,
        )
    report = report_from_published(outline, breakdown, min_group, rows)
    return TnaResult(report, _framework_of(outline), COMPUTED_BY_SERVER)


def report_from_published(
    outline: TnaOutline,
    breakdown: Breakdown,
    min_group: int,
    rows: Sequence[tuple[str, int, bool, int | None, int | None, Any]],
) -> TnaReport:
    """A :class:`TnaReport` from figures published elsewhere (the server's ``ppf_tna``),
    in the domain's order: segments ``all`` first then by name, values in framework
    order, training areas ranked by the organisation-wide figures.

    Args:
        rows: ``(segment, column position, hidden, people, with_need, mean_gap)``; the
            columns are the outline's values, then its training areas.
    """
    values, areas = outline.values, outline.training_areas
    published: dict[tuple[str, int], Published] = {}
    for segment, column, hidden, people, with_need, mean in rows:
        published[(segment, column)] = Published(
            hidden=hidden,
            people=people,
            with_need=with_need,
            mean_gap=None if mean is None else float(Decimal(str(mean))),
        )
    others = sorted(
        {segment for segment, _ in published if segment != ALL_SEGMENT},
        key=lambda name: (name.casefold(), name),
    )
    segments = (ALL_SEGMENT, *others)
    width = len(values) + len(areas)
    missing = [(s, c) for s in segments for c in range(width) if (s, c) not in published]
    if missing:
        raise ValueError(f"the server left out figures: {missing[:3]}")
    return tna_report(published, segments, values, areas, breakdown, min_group)


# -- files ----------------------------------------------------------------------------------


def csv_bytes(report: TnaReport) -> bytes:
    """The TNA CSV file (``cli.md``): UTF-8, a header line, one line per row."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(report.csv_records())
    return buffer.getvalue().encode("utf-8")


def write_tna(
    lib: Library,
    out: Path,
    *,
    framework_id: str | None = None,
    version: str | None = None,
    breakdown: str = "organisation",
    min_group: int = DEFAULT_MIN_GROUP,
    invariant: bool = False,
) -> Path:
    """Write the analysis to ``out`` (atomically): a CSV file or a PDF report, by suffix."""
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise UserError(f"--out: {out.name}: name a .csv or a .pdf file")
    if out.is_dir():
        raise UserError(f"{out}: is a folder; give a file name")
    if not out.parent.is_dir():
        raise UserError(f"{out}: the folder {out.parent} does not exist")
    result = training_needs_analysis(
        lib,
        framework_id=framework_id,
        version=version,
        breakdown=breakdown,
        min_group=min_group,
    )
    return save_tna(result, out, invariant=invariant)


def save_tna(result: TnaResult, out: Path, *, invariant: bool = False) -> Path:
    """Write an analysis already made to ``out``: CSV or PDF by suffix."""
    from ppf_app.core.files import write_private_atomic

    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise UserError(f"{out.name}: name a .csv or a .pdf file")
    if suffix == ".csv":
        data = csv_bytes(result.report)
    else:
        from ppf_app.reports.tna_pdf import render_tna_pdf

        data = render_tna_pdf(
            result.report,
            framework_title=result.framework.title,
            framework_version=result.framework.version,
            invariant=invariant,
        )
    try:
        return write_private_atomic(out, data)
    except OSError as exc:
        raise UserError(f"{out}: cannot write the file: {exc.strerror or exc}") from None
