"""``ppf objective add|list``: the objectives of an assessment's development plan, so that
a plan made from the command line can be complete (with ``ppf plan --review-date``)."""

from __future__ import annotations

import argparse

from ppf_app.cli.argtypes import iso_date, record_id

PLAN_NOTE = """\
The plan is the one 'ppf plan' prints for the assessment: for a self assessment that has
an appraisal, the plan agreed in it. Behaviours are named by id or by number (1.2), comma
separated. A signed appraisal's plan cannot change."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "objective",
        help="add and list the objectives of an assessment's development plan",
        description=PLAN_NOTE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="objective_action", metavar="ACTION")
    actions.required = True

    add = actions.add_parser(
        "add",
        help="add an objective to an assessment's plan; prints its id",
        description="Add an objective to the plan of an assessment and print its id.\n\n"
        + PLAN_NOTE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add.add_argument("--assessment", type=record_id, required=True, metavar="ID")
    add.add_argument("--text", required=True, metavar="T", help="what will be done")
    add.add_argument(
        "--behaviours",
        type=_references,
        default=(),
        metavar="ID,...",
        help="the behaviours it is for (ids or numbers such as 1.2, comma separated)",
    )
    add.add_argument("--activity", default="", metavar="T", help="how: a course, shadowing…")
    add.add_argument("--support", default="", metavar="T", help="the support agreed")
    add.add_argument("--measure", default="", metavar="T", help="how success will be seen")
    add.add_argument("--due", type=iso_date, metavar="YYYY-MM-DD", help="the target date")
    add.add_argument(
        "--status",
        default="not_started",
        metavar="STATUS",
        help="not_started (the default), in_progress, done or carried_forward",
    )
    add.set_defaults(handler=_add)

    listing = actions.add_parser(
        "list",
        help="list a plan's objectives: id<TAB>status<TAB>due<TAB>text",
        description="List the objectives of an assessment's plan, in order, one a line: "
        "id<TAB>status<TAB>due<TAB>text (due is YYYY-MM-DD or empty).\n\n" + PLAN_NOTE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    listing.add_argument("--assessment", type=record_id, required=True, metavar="ID")
    listing.set_defaults(handler=_list)


def _references(text: str) -> tuple[str, ...]:
    """``pf-impact,1.2`` as ``("pf-impact", "1.2")``; blanks between commas are refused."""
    found = tuple(part.strip() for part in text.split(","))
    if any(not part for part in found):
        raise argparse.ArgumentTypeError(
            f"{text!r}: name the behaviours by id or number, separated by commas"
        )
    return found


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _add(args: argparse.Namespace) -> int:
    from ppf_app.services import plan_report
    from ppf_app.services.library import open_library
    from ppf_app.services.plan_views import ObjectiveInput

    objective = ObjectiveInput(
        text=args.text,
        behaviour_ids=args.behaviours,
        activity=args.activity,
        support=args.support,
        success_measure=args.measure,
        target_date=args.due,
        status=args.status,
    )
    with open_library(args.data_dir) as lib:
        added = plan_report.add_plan_objective(lib, args.assessment, objective)
    print(added.uid)
    return 0


def _list(args: argparse.Namespace) -> int:
    from ppf_app.services import plan_report
    from ppf_app.services.library import open_library

    with open_library(args.data_dir) as lib:
        plan = plan_report.plan_objectives(lib, args.assessment)
    for objective in plan.objectives:
        due = objective.target_date.isoformat() if objective.target_date else ""
        print(f"{objective.uid}\t{objective.status.value}\t{due}\t{_one_line(objective.text)}")
    return 0
