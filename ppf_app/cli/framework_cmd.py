"""``ppf framework validate|add|list|export``: check, install and list framework files."""

from __future__ import annotations

import argparse
import sys

from ppf_app.core.errors import UserError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "framework",
        help="check, install and list frameworks of values and behaviours",
        description="Check framework files, install them into the library and list them.",
    )
    actions = parser.add_subparsers(dest="framework_action", metavar="ACTION")
    actions.required = True

    validate = actions.add_parser(
        "validate",
        help="check files against framework formats 1 and 2",
        description="Check files against framework formats 1 and 2. Prints nothing when every file "
        "is valid; otherwise every problem, one a line: FILE: LOCATION: PROBLEM.",
    )
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.set_defaults(handler=_validate)

    add = actions.add_parser(
        "add",
        help="install a framework file into the library",
        description="Install a framework file into the library and print its id and "
        "version. The same id and version can be added again only with identical content.",
    )
    add.add_argument("file", metavar="FILE")
    add.set_defaults(handler=_add)

    listing = actions.add_parser(
        "list",
        help="list the installed frameworks",
        description="List the installed frameworks, the bundled one included: "
        "id, version and title separated by tabs.",
    )
    listing.set_defaults(handler=_list)

    behaviours = actions.add_parser(
        "behaviours",
        help="list a framework's behaviours in order: id, number, text",
        description="List the behaviours of an installed framework in order, one a line: "
        "behaviour id, number as the app shows it (1.1) and text, separated by tabs.",
    )
    behaviours.add_argument("framework", metavar="ID[@VERSION]")
    behaviours.add_argument(
        "--group", metavar="GROUP", help="only the behaviours asked of this group"
    )
    behaviours.set_defaults(handler=_behaviours)

    export = actions.add_parser(
        "export",
        help="print an installed framework's file",
        description="Print the exact file an installed framework was read from, e.g. as a "
        "starting point for a framework of your own.",
    )
    export.add_argument("framework", metavar="ID[@VERSION]")
    export.set_defaults(handler=_export)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _validate(args: argparse.Namespace) -> int:
    from ppf_app.services import frameworks as service

    problems = service.validate_files(args.files)
    if problems:
        raise UserError(problems)
    return 0


def _add(args: argparse.Namespace) -> int:
    from ppf_app.services import frameworks as service

    framework = service.add_framework_file(args.data_dir, args.file)  # under the library lock
    print(f"{framework.id}\t{framework.version}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from ppf_app.services import frameworks as service

    library = service.framework_library_for(args.data_dir)
    for framework in service.list_frameworks(library):
        print(f"{framework.id}\t{framework.version}\t{_one_line(framework.title)}")
    skipped = service.skipped_framework_files(library)
    if skipped:
        print("ppf: some framework files were skipped:", file=sys.stderr)
        for problem in skipped:
            print(problem, file=sys.stderr)
    return 0


def _behaviours(args: argparse.Namespace) -> int:
    from ppf_app.services import frameworks as service

    library = service.framework_library_for(args.data_dir)
    for behaviour_id, number, text in service.behaviour_lines(library, args.framework, args.group):
        print(f"{behaviour_id}\t{number}\t{_one_line(text)}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from ppf_app.services import frameworks as service

    library = service.framework_library_for(args.data_dir)
    entry = library.entry(*library.parse(args.framework))
    sys.stdout.buffer.write(entry.data)
    sys.stdout.flush()
    return 0
