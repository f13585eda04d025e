"""``ppf dev generate``: made-up libraries for trying the app at scale."""

from __future__ import annotations

import argparse

from ppf_app.cli.argtypes import framework_ref, iso_date
from ppf_app.core.errors import UserError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("dev", help="tools for testing: made-up libraries")
    actions = parser.add_subparsers(dest="dev_action", metavar="ACTION")
    actions.required = True

    generate = actions.add_parser(
        "generate",
        help="add made-up people with assessment histories to the library",
        description="Add made-up people, each with a history of yearly assessments and "
        "realistic ratings, to the library (for trying the app at scale; never on real "
        "records). The same seed gives the same people and ratings.",
    )
    generate.add_argument("--people", type=int, required=True, metavar="N")
    generate.add_argument(
        "--assessments-per-person", type=int, default=3, metavar="K", help="default: 3"
    )
    generate.add_argument("--seed", type=int, default=0, metavar="S", help="default: 0")
    generate.add_argument(
        "--framework",
        type=framework_ref,
        metavar="ID[@VERSION]",
        help="the framework assessed against (default: the bundled one)",
    )
    generate.add_argument(
        "--as-of",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="the newest assessments fall in the year before this date (default: today)",
    )
    generate.add_argument(
        "--force",
        action="store_true",
        help="add to a library that already has people (by default only an empty one)",
    )
    generate.set_defaults(handler=_generate)


def _generate(args: argparse.Namespace) -> int:
    from ppf_app.services import people
    from ppf_app.services.generate import generate_library
    from ppf_app.services.library import open_library

    framework_id, version = args.framework if args.framework else (None, None)
    with open_library(args.data_dir) as lib:
        existing = len(people.list_people(lib))
        if existing and not args.force:
            raise UserError(
                f"{lib.paths.root}: the library already holds {existing} "
                f"{'person' if existing == 1 else 'people'}; made-up people go into a new data "
                "folder (--data-dir), or add --force to add them anyway"
            )
        result = generate_library(
            lib,
            people_count=args.people,
            assessments_per_person=args.assessments_per_person,
            seed=args.seed,
            framework_id=framework_id,
            version=version,
            as_of=args.as_of,
        )
    print(
        f"Added {result.people:,} people, {result.assessments:,} assessments and "
        f"{result.ratings:,} ratings ({result.framework_id} {result.framework_version}) "
        f"in {result.seconds:.1f} s"
    )
    return 0
