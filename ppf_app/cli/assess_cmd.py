"""``ppf assess import|list``: assessments from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ppf_app.cli.argtypes import framework_ref, iso_date, record_id

if TYPE_CHECKING:
    from ppf_app.services.appraisal import AppraisalView
    from ppf_app.services.views import ImportResult


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("assess", help="record and list assessments")
    actions = parser.add_subparsers(dest="assess_action", metavar="ACTION")
    actions.required = True

    imp = actions.add_parser(
        "import",
        help="record a completed assessment from a CSV of ratings; prints its id",
        description="Record a completed assessment from a CSV file whose header names "
        "behaviour_id and level, and optionally evidence. Behaviours without a row, or "
        "with a blank level, stay unanswered. One bad row means nothing is recorded.",
    )
    imp.add_argument("--person", type=record_id, required=True, metavar="ID")
    imp.add_argument("--ratings", type=Path, required=True, metavar="FILE.csv")
    imp.add_argument(
        "--framework",
        type=framework_ref,
        metavar="ID[@VERSION]",
        help="the framework rated against (default: the bundled one)",
    )
    imp.add_argument(
        "--kind",
        choices=("self", "appraiser", "agreed"),
        default="self",
        help="appraiser or agreed: the ratings review the person's latest self assessment "
        "(for agreed ratings, the evidence column holds the note agreed)",
    )
    imp.add_argument(
        "--rated-by",
        default="",
        metavar="NAME",
        help="the appraiser's name (with --kind appraiser or agreed)",
    )
    imp.add_argument(
        "--date", type=iso_date, metavar="YYYY-MM-DD", help="date assessed (default: today)"
    )
    imp.set_defaults(handler=_import)

    sign = actions.add_parser(
        "sign",
        help="sign an agreed assessment with both names; it and its plan become read-only",
        description="Record the sign-off of an agreed assessment: both names and the time. "
        "From then on the assessment, its ratings and its plan cannot be changed.",
    )
    sign.add_argument("--assessment", type=record_id, required=True, metavar="ID")
    sign.add_argument("--appraisee", required=True, metavar="NAME")
    sign.add_argument("--appraiser", required=True, metavar="NAME")
    sign.set_defaults(handler=_sign)

    listing = actions.add_parser(
        "list",
        help="a person's assessments: id, date, kind, framework@version, status, answered/total",
    )
    listing.add_argument("--person", type=record_id, required=True, metavar="ID")
    listing.set_defaults(handler=_list)


def _import(args: argparse.Namespace) -> int:
    from ppf_app.services import appraisal, people, ratings_import
    from ppf_app.services.library import Library, open_library
    from ppf_app.services.unit import perform

    # Every argument is checked, and the file read, before the library is opened: a bad
    # name never leaves an assessment behind, and a file that cannot be read (a named
    # pipe, say) never keeps the library's lock.
    rated_by = people.clean_line("--rated-by", args.rated_by, required=False)
    data = ratings_import.read_file(args.ratings)
    framework_id, version = args.framework if args.framework else (None, None)

    def record(lib: Library) -> tuple[ImportResult, AppraisalView | None]:
        result = ratings_import.import_ratings(
            lib,
            args.person,
            args.ratings,
            framework_id=framework_id,
            version=version,
            kind=args.kind,
            assessed_on=args.date,
            data=data,
        )
        if args.kind not in ("appraiser", "agreed"):
            return result, None
        return result, appraisal.link_to_latest_self(lib, result.assessment.id, rated_by=rated_by)

    with open_library(args.data_dir) as lib:
        result, linked = perform(lib, record).value  # one transaction: both or neither
    print(result.assessment.id)
    if args.kind in ("appraiser", "agreed") and linked is None:
        print(
            "note: the person has no self assessment with this framework to compare with",
            file=sys.stderr,
        )
    if result.unanswered:
        total = result.assessment.progress.total
        print(
            f"note: {len(result.unanswered)} of {total} behaviours have no level",
            file=sys.stderr,
        )
    return 0


def _sign(args: argparse.Namespace) -> int:
    from ppf_app.services import appraisal
    from ppf_app.services.library import open_library

    with open_library(args.data_dir) as lib:
        signed = appraisal.sign_off(
            lib, args.assessment, appraisee=args.appraisee, appraiser=args.appraiser
        )
    assert signed.signed_at is not None
    print(signed.signed_at.isoformat(timespec="seconds"))
    return 0


def _list(args: argparse.Namespace) -> int:
    from ppf_app.services import assessments
    from ppf_app.services.library import open_library

    with open_library(args.data_dir) as lib:
        views = assessments.list_assessments(lib, args.person)
    for view in views:
        print(
            f"{view.id}\t{view.assessed_on.isoformat()}\t{view.kind}\t"
            f"{view.framework_id}@{view.framework_version}\t{view.status}\t"
            f"{view.progress.answered}/{view.progress.total}"
        )
    return 0
