"""``ppf key show|known``: this library's signing key, and the keys it trusts."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "key", help="this library's signing key, and the keys it trusts for each person"
    )
    actions = parser.add_subparsers(dest="key_action", metavar="ACTION")
    actions.required = True

    show = actions.add_parser(
        "show",
        help="print this library's key fingerprint (made on first use), to read aloud when "
        "exchanging files",
        description="Print the fingerprint of the key this data folder signs its portable "
        "files and sign-offs with: 20 characters in groups of four. Read it to the person "
        "you exchange files with; they compare it with what their import shows before "
        "trusting it (ppf import --trust FINGERPRINT). The key is made the first time it "
        "is needed; its private half never leaves the data folder.",
    )
    show.add_argument(
        "--public-key", action="store_true", help="print the public key (base64) after a tab"
    )
    show.set_defaults(handler=_show)

    known = actions.add_parser(
        "known",
        help="the keys trusted for files about each person: "
        "person_id<TAB>name<TAB>fingerprint<TAB>trusted on",
    )
    known.set_defaults(handler=_known)


def _show(args: argparse.Namespace) -> int:
    from ppf_app.services import keys

    key = keys.data_folder_key(args.data_dir)
    print(
        f"{key.public.fingerprint}\t{key.public.text}"
        if args.public_key
        else key.public.fingerprint
    )
    return 0


def _known(args: argparse.Namespace) -> int:
    from ppf_app.services import keys
    from ppf_app.services.library import open_library

    with open_library(args.data_dir) as lib:
        found = keys.known_keys(lib)
    for row in found:
        person = str(row.person_id) if row.person_id is not None else ""
        print(f"{person}\t{row.person_name}\t{row.fingerprint}\t{row.trusted_on}")
    return 0
