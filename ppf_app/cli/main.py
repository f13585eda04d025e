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
from ppf_app.cli.argtypes import DEFAULT_WAIT_SECONDS, wait_seconds
from ppf_app.core import config, files, process
from ppf_app.core.errors import UserError
from ppf_app.core.logs import redact_arguments, setup_logging

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_BAD_INPUT = 2

#: Options whose values are logged as they are: ids, kinds, dates, counts, never a name
#: or a path (a file name often holds one).
SAFE_OPTIONS = frozenset(
    {
        "--person",
        "--assessment",
        "--kind",
        "--framework",
        "--date",
        "--wait",
        "--group",
        "--people",
        "--assessments-per-person",
        "--seed",
        "--as-of",
    }
)


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
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="use the organisation's PostgreSQL database URL (postgresql://SERVER/DATABASE) "
        "instead of the local library (default: $PPF_DATABASE_URL, else the system-wide "
        "settings; 'local': the local library)",
    )
    parser.add_argument(
        "--wait",
        type=wait_seconds,
        default=DEFAULT_WAIT_SECONDS,
        metavar="SECONDS",
        help="when another window or command has the library open, wait up to SECONDS "
        f"for it before refusing (default: {DEFAULT_WAIT_SECONDS:g}; 0: refuse at once)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for register in commands.REGISTRARS:
        register(sub)
    return parser


def _command(args: argparse.Namespace) -> str:
    """``ppf assess import``: the command words only, never an argument's value."""
    words = ["ppf", str(args.command)]
    actions = [str(v) for k, v in sorted(vars(args).items()) if k.endswith("_action") and v]
    return " ".join(words + actions[:1])


def _command_words(parser: argparse.ArgumentParser) -> set[str]:
    """Every command and action name of ``parser``, recursively."""
    words: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                words.add(name)
                words |= _command_words(sub)
    return words


def _outputs_outside_the_data_folder(args: argparse.Namespace) -> None:
    """No output path (``--out``, ``--out-dir``) may be a file of the data folder."""
    from ppf_app.core.paths import resolve_data_dir

    outputs = [getattr(args, name, None) for name in ("out", "out_dir")]
    if any(outputs):
        data_folder = resolve_data_dir(args.data_dir)
        for output in outputs:
            if output:
                files.refuse_data_folder_output(output, data_folder)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    log_path = setup_logging()
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        _outputs_outside_the_data_folder(args)
        # New files are owner-only whatever the umask; a busy library is waited for.
        with (
            files.private_umask(),
            process.settings(program=_command(args), lock_wait=args.wait),
            config.settings(database_url=args.database_url),
        ):
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
        shown = redact_arguments(arguments, _command_words(parser), SAFE_OPTIONS)
        log.critical("Unexpected error in ppf %s", " ".join(shown), exc_info=True)
        print(
            f"ppf: unexpected error; the details are in the log file: {log_path}",
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED
    return int(status or EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
