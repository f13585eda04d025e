"""``ppf export`` and ``ppf import``: a person's portable file.

The file is signed by this library's key; ``--encrypt`` (or ``--passphrase-file``)
protects it with a passphrase. ``ppf import`` prints what the file would change (on
standard error), trusts a new key only when told its fingerprint (``--trust``), and
changes records already in the library only with ``--yes``.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from ppf_app.cli.argtypes import record_id
from ppf_app.core.errors import UserError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = sub.add_parser(
        "export",
        help="write a person's portable file (profile, assessments, plans, appraisals), "
        "signed by this library; prints the path",
        description="Write one person's portable file, signed with this library's key "
        "(ppf key show prints its fingerprint). With --encrypt or --passphrase-file the file "
        "is protected with a passphrase (scrypt and AES-256-GCM), for email and USB sticks; "
        "tell the passphrase to the other person another way than the file.",
    )
    export.add_argument("--person", type=record_id, required=True, metavar="ID")
    export.add_argument("--out", type=Path, required=True, metavar="FILE")
    export.add_argument(
        "--encrypt",
        action="store_true",
        help="protect the file with a passphrase, asked for twice in the terminal",
    )
    export.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help="protect the file with the passphrase on the first line of FILE ('-': standard input)",
    )
    export.set_defaults(handler=_export)

    imp = sub.add_parser(
        "import",
        help="read a portable file into the library; prints what it changes and the person's id",
        description="Read a portable file into the library. The whole file is checked first "
        "(its signature, every signed appraisal's signatures, every reference) and nothing is "
        "changed unless all of it is valid. What it would add, change and leave alone is "
        "printed on standard error. The first file from a key is imported only with --trust "
        "and that key's fingerprint, compared with the sender; a file signed by another key "
        "than the one known for the person is refused unless its fingerprint is given to "
        "--trust. Changes to records already in the library (a person's name, an existing "
        "assessment) are applied only with --yes. The person and assessments are matched by "
        "their identity, so importing a file again updates them instead of adding copies.",
    )
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument(
        "--trust",
        metavar="FINGERPRINT",
        help="trust the key with this fingerprint for files about this person (compare it "
        "with the sender first: their ppf key show, or their app's profile page)",
    )
    imp.add_argument(
        "--yes",
        action="store_true",
        help="apply changes to records already in this library (listed before)",
    )
    imp.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help="for a protected file: the passphrase on the first line of FILE ('-': standard "
        "input); otherwise it is asked for in the terminal",
    )
    imp.set_defaults(handler=_import)


def _passphrase(args: argparse.Namespace, *, twice: bool) -> str:
    """The passphrase from ``--passphrase-file``, else typed in the terminal."""
    if args.passphrase_file is not None:
        if str(args.passphrase_file) == "-":
            line = sys.stdin.readline()
        else:
            from ppf_app.core import files

            data = files.read_regular_file(args.passphrase_file, max_bytes=4096, what="file")
            line = data.decode("utf-8", errors="replace").splitlines()[0] if data else ""
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UserError(
            "passphrase: not in a terminal; give it with --passphrase-file FILE (or '-' to "
            "read it from standard input)"
        )
    typed = getpass.getpass("Passphrase: ")
    if twice and getpass.getpass("The same passphrase again: ") != typed:
        raise UserError("passphrase: the two passphrases differ; nothing was written")
    return typed


def _export(args: argparse.Namespace) -> int:
    from ppf_app.services import portable
    from ppf_app.services.library import open_library

    passphrase = None
    if args.encrypt or args.passphrase_file is not None:
        passphrase = _passphrase(args, twice=True)
    with open_library(args.data_dir) as lib:
        written = portable.export_person(lib, args.person, args.out, passphrase=passphrase)
    print(written)
    return 0


def _import(args: argparse.Namespace) -> int:
    from ppf_app.services import portable
    from ppf_app.services.library import open_library

    data = portable.read_portable_bytes(args.file)  # before the lock: never waits holding it
    passphrase = _passphrase(args, twice=False) if portable.is_encrypted(data) else None
    with open_library(args.data_dir) as lib:
        try:
            done = portable.import_portable(
                lib,
                args.file,
                data,
                passphrase=passphrase,
                trust=args.trust,
                allow_changes=args.yes,
            )
        except portable.ImportNotAgreed as refused:
            _say(refused.summary)
            raise
    if done.summary is not None:
        _say(done.summary)
    print(done.person.id)
    return 0


def _say(summary: object) -> None:
    from ppf_app.services.portable_summary import ImportSummary

    assert isinstance(summary, ImportSummary)
    for line in summary.lines():
        print(line, file=sys.stderr)
