"""``ppf export`` and ``ppf import``: a person's portable file."""

from __future__ import annotations

import argparse
from pathlib import Path

from ppf_app.cli.argtypes import record_id


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = sub.add_parser(
        "export",
        help="write a person's portable file (profile, assessments, plans); prints the path",
    )
    export.add_argument("--person", type=record_id, required=True, metavar="ID")
    export.add_argument("--out", type=Path, required=True, metavar="FILE")
    export.set_defaults(handler=_export)

    imp = sub.add_parser(
        "import",
        help="read a portable file into the library; prints the person's id",
        description="Read a portable file into the library. The person and assessments "
        "it holds are matched by their identity, so importing a file again updates them "
        "instead of adding copies. Nothing is changed unless the whole file is valid.",
    )
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.set_defaults(handler=_import)


def _export(args: argparse.Namespace) -> int:
    from ppf_app.services import portable
    from ppf_app.services.library import open_library

    with open_library(args.data_dir) as lib:
        written = portable.export_person(lib, args.person, args.out)
    print(written)
    return 0


def _import(args: argparse.Namespace) -> int:
    from ppf_app.services import portable
    from ppf_app.services.library import open_library

    data = portable.read_portable_bytes(args.file)  # before the lock: never waits holding it
    with open_library(args.data_dir) as lib:
        result = portable.import_portable(lib, args.file, data)
    print(result.person.id)
    return 0
