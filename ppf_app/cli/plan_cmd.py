"""``ppf plan``: write a person's development plan as a PDF, or everyone's (``--all``)."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import TextIO

from ppf_app.cli.argtypes import iso_date, record_id
from ppf_app.core.errors import UserError

EXIT_ALL_WRITTEN = 0
EXIT_SOME_SKIPPED = 2
BAR_WIDTH = 20

BATCH_HELP = """\
with --all: one PDF per person, named <id>-<name>-<date>.pdf after their latest
assessment, in --out-dir (created when missing; files of the same names are replaced).
Each path written is printed on standard output. A person who has no assessment, or
whose plan cannot be made (for instance, the framework of their assessment cannot be
found), is reported on standard error as "person ID (name): problem" and skipped; the
batch goes on. A progress bar is drawn on standard error when it is a terminal.

exit status with --all: 0 every plan was written; 2 some people were skipped (or bad
usage); 1 something unexpected (the message names the log file)."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "plan",
        help="write the development plan PDF for a person's assessment, or for everyone; "
        "prints each path written",
        description="Write the development plan (PDF, A4) for a person's latest assessment,\n"
        "or the one named with --assessment: first the plan (objectives, suggested training\n"
        "areas, the review of the previous plan, review date and signatures), then the\n"
        "results it rests on. Objectives are added with 'ppf objective add'. An existing\n"
        "file is replaced. With --all, write everyone's (or one group's) plans into a folder.",
        epilog=BATCH_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument(
        "--person", type=record_id, metavar="ID", help="one person's plan (with --out)"
    )
    who.add_argument("--all", action="store_true", help="every person's plan (with --out-dir)")
    parser.add_argument("--out", type=Path, metavar="FILE.pdf", help="the file (with --person)")
    parser.add_argument(
        "--out-dir", type=Path, metavar="DIR", help="the folder for the plans (with --all)"
    )
    parser.add_argument(
        "--group",
        metavar="GROUP",
        help="with --all: only people of this professional group (e.g. clinician)",
    )
    parser.add_argument(
        "--assessment",
        type=record_id,
        metavar="ID",
        help="with --person: the assessment (default: the latest)",
    )
    parser.add_argument(
        "--review-date",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="with --person: set when the plan is to be reviewed (it is kept), then write it",
    )
    parser.set_defaults(handler=_plan)


def _usage_problems(args: argparse.Namespace) -> list[str]:
    problems = []
    if args.all:
        if args.out is not None:
            problems.append("--out names one file: with --all, name a folder with --out-dir")
        if args.out_dir is None:
            problems.append("--all needs --out-dir DIR: the folder to write the plans in")
        if args.assessment is not None:
            problems.append("--assessment goes with --person, not with --all")
        if args.review_date is not None:
            problems.append("--review-date goes with --person, not with --all")
    else:
        if args.out_dir is not None:
            problems.append("--out-dir goes with --all: with --person, name the file with --out")
        if args.group is not None:
            problems.append("--group goes with --all")
        if args.out is None:
            problems.append("--person needs --out FILE.pdf: the file to write")
    return problems


def _plan(args: argparse.Namespace) -> int:
    from ppf_app.services import plan_report
    from ppf_app.services.library import open_library

    problems = _usage_problems(args)
    if problems:
        raise UserError(problems)
    if args.all:
        return _plan_all(args)
    with open_library(args.data_dir) as lib:
        if args.review_date is not None:
            plan_report.check_destination(args.out)
            plan_report.set_review_date(lib, args.person, args.assessment, args.review_date)
        written = plan_report.write_plan_pdf(lib, args.person, args.out, args.assessment)
    print(written)
    return 0


class ProgressBar:
    """``[#####     ] 12/40 name`` redrawn in place on a terminal; silent otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.active = stream.isatty()
        self.shown = 0

    def draw(self, done: int, total: int, name: str) -> None:
        if not self.active:
            return
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        line = f"[{'#' * filled}{' ' * (BAR_WIDTH - filled)}] {done}/{total} {name}"
        columns = shutil.get_terminal_size((80, 24)).columns
        line = line[: max(columns - 1, 10)]
        self.stream.write("\r" + line.ljust(self.shown))
        self.stream.flush()
        self.shown = len(line)

    def clear(self) -> None:
        if self.active and self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()
            self.shown = 0


def _plan_all(args: argparse.Namespace) -> int:
    from ppf_app.services import plan_batch
    from ppf_app.services.library import open_library

    bar = ProgressBar(sys.stderr)
    written = skipped = 0
    with open_library(args.data_dir) as lib:
        for result in plan_batch.write_team_plans(lib, args.out_dir, group=args.group):
            if result.path is not None:
                written += 1
                print(result.path, flush=True)
            else:
                skipped += 1
                bar.clear()
                print(result.describe_problem(), file=sys.stderr, flush=True)
            bar.draw(result.index, result.total, result.name)
    bar.clear()
    if skipped:
        noun = "plan" if written == 1 else "plans"
        print(f"{written} {noun} written, {skipped} skipped", file=sys.stderr)
        return EXIT_SOME_SKIPPED
    return EXIT_ALL_WRITTEN
