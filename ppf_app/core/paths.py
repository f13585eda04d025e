"""Where the product keeps its files: the one place that knows about platformdirs.

The data folder holds the library database, its backups and user-added framework
files. It is chosen, in order, by ``--data-dir``, by the ``PPF_DATA_DIR`` environment
variable, and otherwise by the platform's per-user data folder.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "ppf-self-assessment"
APP_AUTHOR = "PPF"
ENV_DATA_DIR = "PPF_DATA_DIR"
ENV_LOG_DIR = "PPF_LOG_DIR"

DATABASE_NAME = "library.sqlite3"

#: Owner-only permissions: appraisal records are personal data.
DIR_MODE = stat.S_IRWXU  # 0o700
FILE_MODE = stat.S_IRUSR | stat.S_IWUSR  # 0o600


@dataclass(frozen=True)
class DataPaths:
    """The files and folders inside one data folder."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / DATABASE_NAME

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def frameworks(self) -> Path:
        return self.root / "frameworks"

    @property
    def lock_file(self) -> Path:
        return self.root / "library.lock"

    def ensure(self) -> DataPaths:
        """Create the folders (owner-only) and return self."""
        for folder in (self.root, self.backups, self.frameworks):
            make_private_dir(folder)
        return self


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: ``--data-dir`` wins over ``PPF_DATA_DIR`` over platformdirs."""
    if cli_value:
        return Path(cli_value).expanduser().absolute()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().absolute()
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def data_paths(cli_value: str | os.PathLike[str] | None = None) -> DataPaths:
    return DataPaths(resolve_data_dir(cli_value))


def log_dir() -> Path:
    """The folder for the rotating log file (``PPF_LOG_DIR`` overrides it)."""
    env = os.environ.get(ENV_LOG_DIR)
    if env:
        return Path(env).expanduser().absolute()
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def make_private_dir(path: Path) -> None:
    """Create ``path`` (and parents) and make it readable by its owner only."""
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(path, DIR_MODE)


def make_private_file(path: Path) -> None:
    """Restrict an existing file to its owner."""
    if os.name == "posix" and path.exists():
        os.chmod(path, FILE_MODE)
