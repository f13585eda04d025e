"""``ppf server init|grant``: an organisation's library on a PostgreSQL database.

``init`` prepares the database (schema, roles, access rules) and is run by its owner;
``grant`` gives a database login its role and is run by an admin. Both print nothing on
success. URL may be left out when ``--database-url`` or ``PPF_DATABASE_URL`` names the
database.
"""

from __future__ import annotations

import argparse

from ppf_app.cli.argtypes import record_id
from ppf_app.core.errors import UserError

ROLES = ("person", "appraiser", "lead", "admin")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "server",
        help="prepare an organisation's PostgreSQL database and give logins their roles",
        description="Keep a whole organisation's records on one PostgreSQL database. "
        "What a login may read and change is enforced by the database itself.",
    )
    actions = parser.add_subparsers(dest="server_action", metavar="ACTION")
    actions.required = True

    init = actions.add_parser(
        "init",
        help="prepare (or upgrade) the database; running it again changes nothing",
        description="Prepare the PostgreSQL database URL for PPF Self-Assessment: its "
        "tables (by the same migrations as a local library), the roles ppf_person, "
        "ppf_appraiser, ppf_lead and ppf_admin, and the row-level security that holds "
        "each login to its rights. Run it as the database's owner with CREATEROLE (or a "
        "superuser); that login owns the tables and becomes an admin. Run it again with a "
        "newer version to upgrade. Prints nothing.",
    )
    init.add_argument("url", nargs="?", metavar="URL", help="postgresql://SERVER/DATABASE")
    init.set_defaults(handler=_init)

    grant = actions.add_parser(
        "grant",
        help="give a database login its role",
        description="Give the database login LOGIN its role (one a login; a new grant "
        "replaces the old one): person (its own records: --person), appraiser (its "
        "appraisees' records until sign-off: --appraisee, repeated; --person for its own), "
        "lead (aggregates only) or admin (everything). Run it as an admin. Prints nothing.",
    )
    grant.add_argument("url", nargs="?", metavar="URL", help="postgresql://SERVER/DATABASE")
    grant.add_argument("--login", required=True, help="the database login (a role that can log in)")
    grant.add_argument("--role", required=True, choices=ROLES)
    grant.add_argument("--person", type=record_id, metavar="ID", help="the person the login is")
    grant.add_argument(
        "--appraisee",
        type=record_id,
        action="append",
        default=[],
        metavar="ID",
        help="a person the login appraises (repeat for each)",
    )
    grant.set_defaults(handler=_grant)


def _url(args: argparse.Namespace) -> str:
    from ppf_app.core import config

    url = args.url or config.database_url(args.data_dir)
    if not url:
        raise UserError(
            "give the database: ppf server ACTION postgresql://SERVER/DATABASE "
            "(or --database-url, or PPF_DATABASE_URL)"
        )
    return str(url)


def _init(args: argparse.Namespace) -> int:
    from ppf_app.services import server

    server.init_server(_url(args))
    return 0


def _grant(args: argparse.Namespace) -> int:
    from ppf_app.services import server

    server.grant_role(
        _url(args),
        login=args.login,
        role=args.role,
        person=args.person,
        appraisees=args.appraisee,
    )
    return 0
