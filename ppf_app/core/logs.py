"""Logging to a rotating file in the platform's log folder."""

from __future__ import annotations

import logging
import logging.handlers
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
