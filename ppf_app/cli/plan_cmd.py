"""``ppf plan``: write a person's development plan as a PDF."""

from __future__ import annotations

import argparse
from pathlib import Path

from ppf_app.services import plan_report
from ppf_app.services.library import open_library


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "plan",
        help="write the development plan PDF for a person's assessment; prints the path",
        description="Write the development plan (PDF, A4) for a person's latest assessment, "
        "or the one named with --assessment: results, strengths and development areas, "
        "suggested training areas, objectives and signatures. An existing file is replaced.",
    )
    parser.add_argument("--person", type=int, required=True, metavar="ID")
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    parser.add_argument(
        "--assessment", type=int, metavar="ID", help="the assessment (default: the latest)"
    )
    parser.set_defaults(handler=_plan)


def _plan(args: argparse.Namespace) -> int:
    with open_library(args.data_dir) as lib:
        written = plan_report.write_plan_pdf(lib, args.person, args.out, args.assessment)
    print(written)
    return 0
