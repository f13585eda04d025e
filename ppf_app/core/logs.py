"""Logging to a rotating file in the platform's log folder."""

from __future__ import annotations

import logging
import logging.handlers
from collections.abc import Collection, Sequence
from pathlib import Path

from ppf_app.core import paths

LOG_FILE_NAME = "ppf.log"
_FORMAT = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"

_configured_path: Path | None = None


def setup_logging(level: int = logging.INFO) -> Path:
    """Send log records to ``<log dir>/ppf.log`` (5 files of 1 MiB) and return its path.

    Safe to call more than once; the second call only returns the path. When the log
    folder cannot be written, records go to standard error instead.
    """
    global _configured_path
    if _configured_path is not None:
        return _configured_path
    folder = paths.log_dir()
    log_path = folder / LOG_FILE_NAME
    root = logging.getLogger()
    root.setLevel(level)
    try:
        paths.make_private_dir(folder)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_path, maxBytes=1_048_576, backupCount=4, encoding="utf-8"
        )
        paths.make_private_file(log_path)
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    _configured_path = log_path
    return log_path


def log_file_path() -> Path:
    """Where the log is (or would be) written."""
    return _configured_path or paths.log_dir() / LOG_FILE_NAME


#: What a value left out of the log is shown as.
REDACTED = "<redacted>"


def redact_arguments(
    argv: Sequence[str], words: Collection[str], safe_options: Collection[str]
) -> list[str]:
    """A command line fit for the log: personal values replaced by :data:`REDACTED`.

    Kept: command words (``assess``, ``import``), option names, the values of
    ``safe_options`` (ids, kinds, dates) and plain numbers (record ids). Everything else
    (names, job titles, file and folder paths, which often hold a name) is redacted.
    """
    shown: list[str] = []
    value_of: str | None = None
    for token in argv:
        if value_of is not None and not token.startswith("-"):
            shown.append(token if value_of in safe_options else REDACTED)
            value_of = None
            continue
        value_of = None
        if token.startswith("--"):
            name, equals, value = token.partition("=")
            if equals:
                shown.append(f"{name}={value if name in safe_options else REDACTED}")
            else:
                shown.append(name)
                value_of = name
        else:
            number = token.isascii() and token.isdigit()
            short_option = token.startswith("-") and len(token) == 2
            shown.append(token if token in words or number or short_option else REDACTED)
    return shown
