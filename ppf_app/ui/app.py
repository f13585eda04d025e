"""Entry point of ``ppf-app``: arguments, display check, logging, then the window."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence

from ppf_app import __version__

APP_DISPLAY_NAME = "PPF Self-Assessment"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="ppf-app", description=APP_DISPLAY_NAME)
    parser.add_argument("--version", action="version", version=f"ppf-app {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="use DIR as the data folder")
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="use the organisation's PostgreSQL database (default: $PPF_DATABASE_URL, "
        "else the system-wide settings; 'local': the local library)",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="start, show the main window and quit once the event loop is idle",
    )
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="a portable file (.json, .ppf) or framework file (.toml) to open; when the app "
        "is already open on the same library, its window takes the files and comes forward",
    )
    return parser.parse_args(argv)


def display_problem() -> str | None:
    """Why Qt could not open a window here, or None when it can."""
    if not sys.platform.startswith("linux"):
        return None
    if os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "ppf-app: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set). "
        "Start it from a desktop session, or run it on a virtual screen: xvfb-run make run"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    # Start-up makes objects that live as long as the app (modules, classes, the window)
    # and next to no garbage, so the cyclic garbage collector, which would walk them all
    # again and again, waits until the window is up; then they are frozen out of its
    # later passes (run_application). Reference counting frees everything else meanwhile.
    gc.disable()
    try:
        return _start(args)
    finally:
        gc.enable()


def _start(args: argparse.Namespace) -> int:
    """Logging, the services, then the window (until it is closed)."""
    from ppf_app.core.logs import setup_logging

    setup_logging()

    # The services (and through them SQLAlchemy and pydantic) are imported before
    # PySide6 on purpose: Qt for Python looks at the source of the modules imported
    # after it (from modules that use ``from __future__ import annotations``), which
    # costs start-up time and memory for these few hundred modules. For the window's
    # own modules, which come after it, it reads the files as bytes (ui/qt_sources.py).
    import ppf_app.services.assessments
    import ppf_app.services.library
    import ppf_app.services.people  # noqa: F401
    from ppf_app.core import config
    from ppf_app.ui.qt_sources import check_modules_quickly

    check_modules_quickly()
    from ppf_app.ui.application import run_application

    with config.settings(database_url=args.database_url):
        return run_application(data_dir=args.data_dir, smoke=args.smoke, files=args.files)
