"""``ppf tna``: the training-needs analysis of everyone in the library, as CSV or PDF."""

from __future__ import annotations

import argparse
from pathlib import Path

from ppf_app.cli.argtypes import framework_ref

BREAKDOWNS = ("department", "group", "organisation")
DEFAULT_MIN_GROUP = 5  # the domain's default; checked there (a smaller one is refused)

EPILOG = """\
Each person counts once, with their latest complete assessment on the framework version
(the agreed assessment of a signed appraisal, else their own). A behaviour is a need when
it is below the target for the assessment's group (in scale steps, weighted by its
importance); not applicable is no need.

Disclosure control: counts are rounded to the nearest 5; a segment of fewer people than
--min-group shows * for its figures, and where the hidden figures could be worked out
from the 'all' row and the other segments, the next smallest segment is hidden too.
Evidence and notes are never read.

CSV columns: segment,kind,id,title,people,with_need,mean_gap (kind: value or
training_area). On an organisation's server, a lead's analysis is computed by the
database itself, which gives a lead these figures and nothing else."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "tna",
        help="write the training-needs analysis (CSV or PDF) of everyone; prints the path",
        description="Write the training-needs analysis: for each department, group or the "
        "whole organisation, how many people need development in each value and training "
        "area and by how much, the training areas ranked by the people who need them, and "
        "a heat map (PDF). An existing file is replaced.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.csv|FILE.pdf")
    parser.add_argument(
        "--by",
        choices=BREAKDOWNS,
        default="organisation",
        help="segment by department, by the group the assessment was made for, or not at "
        "all (default: organisation)",
    )
    parser.add_argument(
        "--framework",
        type=framework_ref,
        metavar="ID[@VERSION]",
        help="the framework (default: the bundled one, its newest version)",
    )
    parser.add_argument(
        "--min-group",
        type=int,
        default=DEFAULT_MIN_GROUP,
        metavar="N",
        help=f"the smallest group shown (default {DEFAULT_MIN_GROUP}; smaller is refused)",
    )
    parser.set_defaults(handler=_tna)


def _tna(args: argparse.Namespace) -> int:
    from ppf_app.services import tna
    from ppf_app.services.library import open_library

    framework_id, version = args.framework if args.framework else (None, None)
    with open_library(args.data_dir) as lib:
        written = tna.write_tna(
            lib,
            args.out,
            framework_id=framework_id,
            version=version,
            breakdown=args.by,
            min_group=args.min_group,
        )
    print(written)
    return 0
