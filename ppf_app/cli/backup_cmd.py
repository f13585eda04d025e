"""``ppf backup list|restore``: the data folder's backups.

Both work when the database is damaged (that is when they are needed): they never open it.
"""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("backup", help="list the backups of the library, or restore one")
    actions = parser.add_subparsers(dest="backup_action", metavar="ACTION")
    actions.required = True

    listing = actions.add_parser(
        "list", help="list backups, newest first: name<TAB>created<TAB>size in bytes"
    )
    listing.set_defaults(handler=_list)

    restore = actions.add_parser(
        "restore",
        help="put a backup back as the library; the replaced file is kept aside "
        "and its path printed",
    )
    restore.add_argument("name", metavar="NAME", help="a name from 'ppf backup list'")
    restore.set_defaults(handler=_restore)


def _local_only(args: argparse.Namespace) -> None:
    """Server mode has no backup folder: PostgreSQL's own tools back the database up."""
    from ppf_app.core import config
    from ppf_app.core.errors import UserError

    if config.database_url(args.data_dir) is not None:
        raise UserError(
            [
                "ppf backup works on a local library; an organisation's database server is "
                "backed up by its administrators (pg_dump).",
                "For a local library on this computer add --database-url local.",
            ]
        )


def _list(args: argparse.Namespace) -> int:
    from ppf_app.services import backups

    _local_only(args)
    for backup in backups.list_backups(args.data_dir):
        created = backup.created.isoformat(sep=" ", timespec="seconds")
        print(f"{backup.name}\t{created}\t{backup.size}")
        if not backup.ok:
            print(f"{backup.path}: cannot be restored: {backup.problem}", file=sys.stderr)
    return 0


def _restore(args: argparse.Namespace) -> int:
    from ppf_app.services import backups

    _local_only(args)
    loses = backups.what_restore_loses(args.data_dir, args.name)
    aside = backups.restore(args.data_dir, args.name)
    if aside is not None:
        print(aside)
        if loses:
            print(f"note: {args.name}: {loses}; the replaced file is {aside}", file=sys.stderr)
    return 0
