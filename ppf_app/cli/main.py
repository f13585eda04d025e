"""Entry point of ``ppf``.

Exit status: 0 success; 2 bad input or usage (one problem a line on standard error);
1 anything unexpected (the message names the log file).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from ppf_app import __version__
from ppf_app.cli import commands
from ppf_app.core.errors import UserError
from ppf_app.core.logs import setup_logging

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_BAD_INPUT = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ppf",
        description="PPF Self-Assessment on the command line: frameworks, people, "
        "assessments, development plans and portable files.",
    )
    parser.add_argument("--version", action="version", version=f"ppf {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="use DIR as the data folder (default: $PPF_DATA_DIR, else the per-user folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for register in commands.REGISTRARS:
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    log_path = setup_logging()
    try:
        status = args.handler(args)
    except UserError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception:
        log.critical("Unexpected error in ppf %s", " ".join(sys.argv[1:]), exc_info=True)
        print(
            f"ppf: unexpected error; the details are in the log file: {log_path}",
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED
    return int(status or EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
