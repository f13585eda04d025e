"""``ppf pairs``: clinician-manager learning pairs, from proposal to a measured change.

``suggest`` keeps its output to ``left_person_id<TAB>right_person_id<TAB>score`` lines,
best first; ``--explain`` writes why to standard error, so a script reading standard
output is never confused by it.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ppf_app.cli.argtypes import framework_ref, iso_date, record_id

if TYPE_CHECKING:
    from ppf_app.services.pairs import PairView, ProposalView

#: As ppf_app.services.pairs (not imported at registration: ``ppf --version`` stays light).
MAX_MONTHS = 9


def months(text: str) -> int:
    """An argparse type for ``--months``: a whole number from 1 to 9."""
    if not text.isdigit() or not 1 <= int(text) <= MAX_MONTHS:
        raise argparse.ArgumentTypeError(
            f"{text!r}: a pairing lasts 1 to {MAX_MONTHS} months; write a whole number"
        )
    return int(text)


def min_group(text: str) -> int:
    if not text.isdigit() or int(text) < 5:
        raise argparse.ArgumentTypeError(
            f"{text!r}: the minimum group is a whole number of at least 5 (figures about "
            "fewer people could identify them)"
        )
    return int(text)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "pairs",
        help="clinician-manager learning pairs: propose, record, report",
        description="Learning pairs put a clinician and a manager together for up to nine "
        "months: they meet monthly, shadow each other, run a joint improvement project "
        "and self-assess before and after. 'suggest' proposes pairs whose gaps meet each "
        "other's strengths; 'create' records one; the other actions keep its record.",
    )
    actions = parser.add_subparsers(dest="pairs_action", metavar="ACTION")
    actions.required = True

    suggest = actions.add_parser(
        "suggest",
        help="propose pairs over everyone with a complete self assessment; prints "
        "left_person_id<TAB>right_person_id<TAB>score a line, best first",
        description="Propose learning pairs between two groups so that, over the whole "
        "cohort, the total of each pair's complementarity is as high as it can be. A "
        "pair's score: over the behaviours both were asked, the sum of min(one's gap, the "
        "other's margin above target) in both directions, in scale steps, weighted by the "
        "learner's importance. Each person is in at most one pair; pairs scoring 0 are not "
        "proposed. Each person's latest complete self assessment on the framework counts, "
        "with the levels agreed in a signed appraisal of it in place of their own.",
    )
    _framework_option(suggest)
    suggest.add_argument("--left", default="clinician", metavar="GROUP", help="default: clinician")
    suggest.add_argument("--right", default="manager", metavar="GROUP", help="default: manager")
    suggest.add_argument(
        "--separate-departments",
        action="store_true",
        help="never pair two people of the same department",
    )
    suggest.add_argument(
        "--include-paired",
        action="store_true",
        help="also propose people already in an active pair (left out by default)",
    )
    suggest.add_argument(
        "--explain",
        action="store_true",
        help="write to standard error, for each pair, which of each person's gaps the "
        "other is strong in",
    )
    suggest.set_defaults(handler=_suggest)

    create = actions.add_parser(
        "create",
        help="record a learning pair; prints its id",
        description="Record a learning pair. Each person's latest complete self assessment "
        "on the framework is their 'before'; the behaviours where one is below target and "
        "the other above are what the pairing targets. Someone already in an active pair "
        "is refused until that pair is ended.",
    )
    create.add_argument("--left", type=record_id, required=True, metavar="ID")
    create.add_argument("--right", type=record_id, required=True, metavar="ID")
    create.add_argument("--start", type=iso_date, metavar="YYYY-MM-DD", help="default: today")
    create.add_argument(
        "--months", type=months, default=MAX_MONTHS, metavar="N", help="1 to 9 (default: 9)"
    )
    _framework_option(create)
    create.set_defaults(handler=_create)

    listing = actions.add_parser(
        "list",
        help="the pairs: id<TAB>left id<TAB>right id<TAB>start<TAB>months<TAB>status"
        "<TAB>meetings<TAB>shadowing a line",
    )
    listing.set_defaults(handler=_list)

    agree = actions.add_parser("agree", help="record that both signed the agreement")
    _pair_option(agree)
    agree.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="default: today")
    agree.set_defaults(handler=_agree)

    meeting = actions.add_parser("meeting", help="record a meeting the pair held; prints its id")
    _pair_option(meeting)
    meeting.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="default: today")
    meeting.add_argument("--note", default="", metavar="TEXT", help="what the meeting covered")
    meeting.set_defaults(handler=_meeting)

    shadow = actions.add_parser("shadow", help="record a shadowing session; prints its id")
    _pair_option(shadow)
    shadow.add_argument(
        "--shadow",
        type=record_id,
        required=True,
        metavar="ID",
        help="the person who did the shadowing (the other one was shadowed)",
    )
    shadow.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="default: today")
    shadow.add_argument("--where", default="", metavar="TEXT")
    shadow.add_argument("--learned", default="", metavar="TEXT", help="what was learned")
    shadow.set_defaults(handler=_shadow)

    project = actions.add_parser(
        "project", help="write the joint improvement project (the fields given)"
    )
    _pair_option(project)
    project.add_argument("--title", metavar="TEXT")
    project.add_argument("--aim", metavar="TEXT")
    project.add_argument("--measure", metavar="TEXT", help="how it is measured")
    project.add_argument(
        "--presented", type=iso_date, metavar="YYYY-MM-DD", help="when it was presented"
    )
    project.set_defaults(handler=_project)

    objectives = actions.add_parser(
        "objectives",
        help="the objectives of a person's own plan the pairing serves (two or three)",
        description="Name up to three objectives of the person's plans, by id or uid, "
        "separated by commas; an empty list clears them.",
    )
    _pair_option(objectives)
    objectives.add_argument("--person", type=record_id, required=True, metavar="ID")
    objectives.add_argument(
        "--objectives", required=True, metavar="ID,...", help="objective ids or uids"
    )
    objectives.set_defaults(handler=_objectives)

    after = actions.add_parser(
        "after",
        help="record a person's 'after' self assessment; prints its id",
        description="Without --assessment: the person's latest complete self assessment on "
        "the pair's framework dated on or after the pair's start.",
    )
    _pair_option(after)
    after.add_argument("--person", type=record_id, required=True, metavar="ID")
    after.add_argument("--assessment", type=record_id, metavar="ID")
    after.set_defaults(handler=_after)

    end = actions.add_parser("end", help="close a pairing; its people may then be paired again")
    _pair_option(end)
    end.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="default: today")
    end.set_defaults(handler=_end)

    report = actions.add_parser(
        "report",
        help="write the pair's report PDF (agreement, progress, change); prints the path",
    )
    _pair_option(report)
    report.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    report.set_defaults(handler=_report)

    cohort = actions.add_parser(
        "cohort",
        help="the cohort of pairs for a lead: label<TAB>figure lines, small groups as *",
        description="How many pairs and people, meetings held, and the mean gap on the "
        "targeted behaviours before and after, over every pair (of one framework). Counts "
        "are rounded to 5; a cohort of fewer people than --min-group shows * throughout, "
        "and the means need at least that many people measured before and after.",
    )
    cohort.add_argument(
        "--framework", type=framework_ref, metavar="ID", help="pairs of this framework only"
    )
    cohort.add_argument("--min-group", type=min_group, default=5, metavar="N")
    cohort.set_defaults(handler=_cohort)


def _framework_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--framework",
        type=framework_ref,
        metavar="ID[@VERSION]",
        help="the framework the assessments are on (default: the bundled one; any "
        "version unless one is named)",
    )


def _pair_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pair", type=record_id, required=True, metavar="ID")


def _framework(args: argparse.Namespace) -> tuple[str | None, str | None]:
    chosen: tuple[str, str | None] | None = args.framework
    return chosen if chosen is not None else (None, None)


def _suggest(args: argparse.Namespace) -> int:
    from ppf_app.services import pairs
    from ppf_app.services.library import open_library

    framework_id, version = _framework(args)
    options = pairs.PairOptions(
        framework_id=framework_id,
        version=version,
        left_group=args.left,
        right_group=args.right,
        separate_departments=args.separate_departments,
        include_paired=args.include_paired,
    )
    with open_library(args.data_dir) as lib:
        found = pairs.suggest(lib, options)
    for proposal in found.proposals:
        print(f"{proposal.left.id}\t{proposal.right.id}\t{proposal.score}")
        if args.explain:
            _explain(proposal)
    if args.explain:
        print(
            f"# {len(found.proposals)} pairs from {found.left_people} {args.left} and "
            f"{found.right_people} {args.right} with a complete self assessment on "
            f"{found.framework_title}; {found.left_out} left out as already paired",
            file=sys.stderr,
        )
    return 0


def _explain(proposal: ProposalView) -> None:
    left, right = proposal.left, proposal.right
    lines = [f"# {left.id} {left.name} with {right.id} {right.name}: score {proposal.score}"]
    for learner, teacher, reasons in (
        (left, right, proposal.left_learns),
        (right, left, proposal.right_learns),
    ):
        if reasons:
            lines.append(f"#   {learner.name} can learn from {teacher.name}:")
            lines += [f"#     {reason.describe()}" for reason in reasons]
    print("\n".join(lines), file=sys.stderr)


def _create(args: argparse.Namespace) -> int:
    from ppf_app.services import pairs
    from ppf_app.services.library import open_library

    framework_id, version = _framework(args)
    with open_library(args.data_dir) as lib:
        made = pairs.create_pair(
            lib,
            args.left,
            args.right,
            start=args.start,
            months=args.months,
            framework_id=framework_id,
            version=version,
        )
    print(made.id)
    return 0


def _list(args: argparse.Namespace) -> int:
    from ppf_app.services import pairs
    from ppf_app.services.library import open_library

    with open_library(args.data_dir) as lib:
        found = pairs.list_pairs(lib)
    today = date.today()
    for pair in found:
        print(_pair_line(pair, today))
    return 0


def _pair_line(pair: PairView, today: date) -> str:
    return "\t".join(
        str(value)
        for value in (
            pair.id,
            pair.left.id,
            pair.right.id,
            pair.start_on.isoformat(),
            pair.months,
            pair.status(today),
            pair.meetings,
            pair.shadowing,
        )
    )


def _agree(args: argparse.Namespace) -> int:
    from ppf_app.services import pair_records
    from ppf_app.services.library import open_library

    with open_library(args.data_dir) as lib:
        pair_records.agree(lib, args.pair, args.date)
    return 0


def _meeting(args: argparse.Namespace) -> int:
    from ppf_app.services import pair_records
    from ppf_app.services.library import open_library

    with open_library(args.data_dir) as lib:
        made = pair_records.add_meeting(lib, args.pair, held_on=args.date, note=args.note)
    print(made.id)
    return 0


def _shadow(args: argparse.Namespace) -> int:
    from ppf_app.services import pair_records
    from ppf_app.services.library import open_library

    with open_library(args.data_dir) as lib:
        made = pair_records.add_shadowing(
            lib,
            args.pair,
            shadow_id=args.shadow,
            held_on=args.date,
            place=args.where,
            learned=args.learned,
        )
    print(made.id)
    return 0


def _project(args: argparse.Namespace) -> int:
    from ppf_app.services import pair_records
    from ppf_app.services.library import open_library

    keep = pair_records.KEEP
    with open_library(args.data_dir) as lib:
        pair_records.set_project(
            lib,
            args.pair,
            title=keep if args.title is None else args.title,
            aim=keep if args.aim is None else args.aim,
            measure=keep if args.measure is None else args.measure,
            presented_on=keep if args.presented is None else args.presented,
        )
    return 0


def _objectives(args: argparse.Namespace) -> int:
    from ppf_app.services import pair_records
    from ppf_app.services.library import open_library

    chosen = [part for part in args.objectives.split(",") if part.strip()]
    with open_library(args.data_dir) as lib:
        pair_records.set_objectives(lib, args.pair, args.person, chosen)
    return 0


def _after(args: argparse.Namespace) -> int:
    from ppf_app.services import pair_records
    from ppf_app.services.library import open_library

    with open_library(args.data_dir) as lib:
        found = pair_records.set_after(lib, args.pair, args.person, args.assessment)
    print(found.id)
    return 0


def _end(args: argparse.Namespace) -> int:
    from ppf_app.services import pair_records
    from ppf_app.services.library import open_library

    with open_library(args.data_dir) as lib:
        pair_records.end_pair(lib, args.pair, args.date)
    return 0


def _report(args: argparse.Namespace) -> int:
    from ppf_app.services import pair_records
    from ppf_app.services.library import open_library

    with open_library(args.data_dir) as lib:
        written = pair_records.write_report(lib, args.pair, args.out)
    print(written)
    return 0


def _cohort(args: argparse.Namespace) -> int:
    from ppf_app.services import pair_records
    from ppf_app.services.library import open_library

    framework_id = args.framework[0] if args.framework else None
    with open_library(args.data_dir) as lib:
        view = pair_records.cohort_view(lib, framework_id=framework_id, min_group=args.min_group)
    for label, figure in view.summary.texts():
        print(f"{label}\t{figure}")
    return 0
