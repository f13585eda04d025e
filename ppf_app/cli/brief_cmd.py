"""``ppf brief``: the one-page appraisal meeting brief of a person, as a PDF."""

from __future__ import annotations

import argparse
from pathlib import Path

from ppf_app.cli.argtypes import record_id


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "brief",
        help="write the one-page appraisal meeting brief PDF of a person; prints the path",
        description="Write the appraisal meeting brief (one A4 page, always) of a person's "
        "latest self assessment, or the one named with --assessment: the person's own "
        "largest gaps with their evidence; each behaviour rated by both as a blind spot, "
        "agreed development need, hidden strength or agreed strength, largest first; the "
        "previous plan's objectives and what became of them; this plan's objectives and the "
        "next review date. An existing file is replaced.",
    )
    parser.add_argument("--person", type=record_id, required=True, metavar="ID")
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    parser.add_argument(
        "--assessment",
        type=record_id,
        metavar="ID",
        help="the self assessment (default: the person's latest)",
    )
    parser.set_defaults(handler=_brief)


def _brief(args: argparse.Namespace) -> int:
    from ppf_app.services import meeting_brief
    from ppf_app.services.library import open_library

    with open_library(args.data_dir) as lib:
        written = meeting_brief.write_brief(
            lib, args.person, args.out, self_assessment_id=args.assessment
        )
    print(written)
    return 0
