"""``ppf person add|list|edit``: the people in the library."""

from __future__ import annotations

import argparse

from ppf_app.cli.argtypes import record_id


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("person", help="add, list and edit people")
    actions = parser.add_subparsers(dest="person_action", metavar="ACTION")
    actions.required = True

    add = actions.add_parser("add", help="add a person; prints the new id")
    add.add_argument("--name", required=True)
    add.add_argument(
        "--group",
        required=True,
        help="professional group: a group id of the default framework, e.g. clinician",
    )
    add.add_argument("--job-title", default="")
    add.add_argument("--organisation", default="")
    add.add_argument(
        "--department", default="", help="where in the organisation (for the training needs)"
    )
    add.set_defaults(handler=_add)

    listing = actions.add_parser("list", help="list people: id<TAB>name<TAB>group")
    listing.set_defaults(handler=_list)

    edit = actions.add_parser("edit", help="change a person's details")
    edit.add_argument("id", type=record_id, metavar="ID")
    edit.add_argument("--name")
    edit.add_argument("--group")
    edit.add_argument("--job-title")
    edit.add_argument("--organisation")
    edit.add_argument("--department")
    edit.set_defaults(handler=_edit)


def _add(args: argparse.Namespace) -> int:
    from ppf_app.services import people
    from ppf_app.services.library import open_library

    with open_library(args.data_dir) as lib:
        person = people.add_person(
            lib,
            name=args.name,
            professional_group=args.group,
            job_title=args.job_title,
            organisation=args.organisation,
            department=args.department,
        )
    print(person.id)
    return 0


def _list(args: argparse.Namespace) -> int:
    from ppf_app.services import people
    from ppf_app.services.library import open_library

    with open_library(args.data_dir) as lib:
        everyone = people.list_people(lib)
    for person in everyone:
        print(f"{person.id}\t{person.name}\t{person.professional_group}")
    return 0


def _edit(args: argparse.Namespace) -> int:
    from ppf_app.services import people
    from ppf_app.services.library import open_library

    with open_library(args.data_dir) as lib:
        people.update_person(
            lib,
            args.id,
            name=args.name,
            professional_group=args.group,
            job_title=args.job_title,
            organisation=args.organisation,
            department=args.department,
        )
    return 0
