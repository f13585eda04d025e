"""``ppf assess import|list``: assessments from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ppf_app.cli.argtypes import framework_ref, iso_date, record_id

if TYPE_CHECKING:
    from ppf_app.services.views import AssessmentView, ImportResult


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
    imp.add_argument(
        "--group",
        metavar="GROUP",
        help="the framework group the assessment is made for (default: the person's group); "
        "its targets apply and only the behaviours asked of it may be rated",
    )
    imp.add_argument(
        "--new-version",
        action="store_true",
        help="with --kind appraiser or agreed: when the appraisal is signed, record the "
        "ratings in a new version of it (the signed one stays as it was)",
    )
    imp.set_defaults(handler=_import)

    sign = actions.add_parser(
        "sign",
        help="sign an appraisal with both names; it and its plan become read-only",
        description="Record the sign-off of an appraisal (named by any of its assessments: "
        "the self assessment it reviews, the appraiser's or the agreed one): both names "
        "and the time. Every behaviour must have an agreed level, the plan an objective "
        "and a review date. From then on nothing the appraisal shows can be changed.",
    )
    sign.add_argument("--assessment", type=record_id, required=True, metavar="ID")
    sign.add_argument("--appraisee", required=True, metavar="NAME")
    sign.add_argument("--appraiser", required=True, metavar="NAME")
    sign.set_defaults(handler=_sign)

    countersign = actions.add_parser(
        "countersign",
        help="add this computer's own signature to an appraisal signed on another, for "
        "your role; prints who has signed with which key",
        description="The sign-off is made on one computer, whose key signs for both the "
        "appraisee and the appraiser. The other party, having imported the signed "
        "appraisal, adds their own key's signature for their role here, then exports it "
        "back: the appraisal is then signed by both parties' keys. Nothing the appraisal "
        "shows changes.",
    )
    countersign.add_argument("--assessment", type=record_id, required=True, metavar="ID")
    countersign.add_argument(
        "--as",
        dest="role",
        required=True,
        choices=("appraisee", "appraiser"),
        help="your role in the appraisal",
    )
    countersign.set_defaults(handler=_countersign)

    template = actions.add_parser(
        "template",
        help="write a ratings CSV to fill in: every behaviour asked of a group, with its "
        "number and text; prints the path",
        description="Write a CSV with the header behaviour_id,number,text,level,evidence "
        "and one row for each behaviour the framework asks of the group, in order. Fill in "
        "level (a value, a label, or n/a where offered) and evidence, then record it with "
        "ppf assess import.",
    )
    template.add_argument(
        "--framework", type=framework_ref, metavar="ID[@VERSION]", help="default: the bundled one"
    )
    template.add_argument("--group", metavar="GROUP", help="default: every behaviour")
    template.add_argument("--out", type=Path, required=True, metavar="FILE.csv")
    template.set_defaults(handler=_template)

    listing = actions.add_parser(
        "list",
        help="a person's assessments: id, date, kind, framework@version, status (draft, "
        "complete or signed DATE; 'signed DATE, signature broken' when the signed record "
        "was changed since), answered/total, who rated, the appraisal it belongs to",
    )
    listing.add_argument("--person", type=record_id, required=True, metavar="ID")
    listing.set_defaults(handler=_list)


def _import(args: argparse.Namespace) -> int:
    from ppf_app.services import assessments, people, ratings_import
    from ppf_app.services.library import Library, open_library
    from ppf_app.services.unit import perform

    # Every argument is checked, and the file read, before the library is opened: a bad
    # name never leaves an assessment behind, and a file that cannot be read (a named
    # pipe, say) never keeps the library's lock.
    rated_by = people.clean_line("--rated-by", args.rated_by, required=False)
    data = ratings_import.read_file(args.ratings)
    framework_id, version = args.framework if args.framework else (None, None)

    if args.kind == "self":

        def record(lib: Library) -> ImportResult:
            return ratings_import.import_ratings(
                lib,
                args.person,
                args.ratings,
                framework_id=framework_id,
                version=version,
                kind=args.kind,
                assessed_on=args.date,
                data=data,
                group_id=args.group,
            )

        with open_library(args.data_dir) as lib:
            result = perform(lib, record).value
        print(result.assessment.id)
        _note_unanswered(result.unanswered, result.assessment.progress.total)
        return 0

    def review(lib: Library) -> AssessmentView:
        from ppf_app.services import appraisal

        framework = assessments.resolve_framework(lib, framework_id, version)
        if appraisal.latest_self_assessment(lib, args.person, framework.id) is None:
            # Nothing to review yet: kept as an assessment of its own, as before.
            print(
                "note: the person has no self assessment with this framework to compare with",
                file=sys.stderr,
            )
            return ratings_import.import_ratings(
                lib,
                args.person,
                args.ratings,
                framework_id=framework_id,
                version=version,
                kind=args.kind,
                assessed_on=args.date,
                data=data,
            ).assessment
        reviewed = appraisal.latest_self_assessment(lib, args.person, framework.id)
        assert reviewed is not None
        rows = ratings_import.parse_ratings_csv(
            data, str(args.ratings), framework, reviewed.group_id
        )
        _record, member = appraisal.record_review(
            lib,
            args.person,
            kind=args.kind,
            ratings=rows,
            framework_id=framework.id,
            rated_by=rated_by,
            new_version_of_signed=args.new_version,
        )
        return member

    with open_library(args.data_dir) as lib:
        member = perform(lib, review).value  # one transaction: all of it or nothing
        missing = assessments.unanswered(lib, member.id)
    print(member.id)
    _note_unanswered(missing, member.progress.total)
    return 0


def _note_unanswered(unanswered: tuple[str, ...], total: int) -> None:
    if unanswered:
        print(f"note: {len(unanswered)} of {total} behaviours have no level", file=sys.stderr)


def _sign(args: argparse.Namespace) -> int:
    from ppf_app.core.errors import UserError
    from ppf_app.services import appraisal
    from ppf_app.services.library import open_library

    with open_library(args.data_dir) as lib:
        record = appraisal.appraisal_holding(lib, args.assessment)
        if record is None:
            raise UserError(
                f"assessment {args.assessment}: belongs to no appraisal; an appraisal is "
                "started from a self assessment (in the app, or by importing the "
                "appraiser's or the agreed ratings)"
            )
        signed = appraisal.sign(lib, record.id, appraisee=args.appraisee, appraiser=args.appraiser)
    assert signed.signed_at is not None
    print(signed.signed_at.isoformat(timespec="seconds"))
    return 0


def _countersign(args: argparse.Namespace) -> int:
    from ppf_app.core.errors import UserError
    from ppf_app.services import appraisal
    from ppf_app.services.library import open_library

    with open_library(args.data_dir) as lib:
        record = appraisal.appraisal_holding(lib, args.assessment)
        if record is None:
            raise UserError(f"assessment {args.assessment}: belongs to no appraisal")
        signed = appraisal.countersign(lib, record.id, args.role)
    print(signed.signature.parties_text)
    return 0


def _list(args: argparse.Namespace) -> int:
    from ppf_app.services import appraisal, assessments
    from ppf_app.services.library import open_library

    with open_library(args.data_dir) as lib:
        views = assessments.list_assessments(lib, args.person)
        records = appraisal.appraisals_of(lib, args.person)
    holding: dict[int, appraisal.AppraisalView] = {}
    for record in reversed(records):  # the newest appraisal wins for a shared member
        for member in record.members:
            holding[member] = record
    for view in views:
        held = holding.get(view.id)
        rated_by = ""
        if held is not None and view.kind != "self":
            rated_by = held.appraiser_name
        status = view.status
        if held is not None and held.signed_on is not None:
            status = f"signed {held.signed_on.isoformat()}"
            if held.signature.short:  # checked on read: "signature broken", say
                status += f", {held.signature.short}"
        print(
            f"{view.id}\t{view.assessed_on.isoformat()}\t{view.kind}\t"
            f"{view.framework_id}@{view.framework_version}\t{status}\t"
            f"{view.progress.answered}/{view.progress.total}\t{rated_by}\t"
            f"{f'appraisal {held.id}' if held is not None else ''}"
        )
    return 0


def _template(args: argparse.Namespace) -> int:
    from ppf_app.services import frameworks

    framework_id, version = args.framework if args.framework else (None, None)
    written = frameworks.write_template(
        frameworks.framework_library_for(args.data_dir),
        args.out,
        framework_id=framework_id,
        version=version,
        group_id=args.group,
    )
    print(written)
    return 0
