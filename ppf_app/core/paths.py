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

from ppf_app.core.errors import UserError

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

    @property
    def framework_cache(self) -> Path:
        """What the frameworks' TOML held, kept to read them faster (safe to delete)."""
        return self.root / "framework-cache.json"

    def ensure(self) -> DataPaths:
        """Create the folders (owner-only) and return self.

        Existing folders keep their permissions, only tightened to their owner: a
        folder the user made read-only stays read-only, and is refused.

        Raises:
            DataFolderUnusable: the folder is read-only, belongs to another user account,
                or cannot be created or used; nothing was changed.
        """
        folders = (self.root, self.backups, self.frameworks)
        for folder in folders:
            refusal = folder_refusal(folder, self.root)
            if refusal is not None:
                raise DataFolderUnusable(self.root, *refusal)
        try:
            for folder in folders:
                make_private_dir(folder)
        except OSError as exc:
            raise DataFolderUnusable(
                self.root,
                f"cannot be used: {exc.strerror or exc}"
                + (f" ({exc.filename})" if exc.filename else ""),
                "Check that the folder and the folders above it belong to you, or choose "
                "another data folder with --data-dir.",
            ) from None
        return self


class DataFolderUnusable(UserError):
    """The data folder cannot be used by this account; nothing in it was changed."""

    def __init__(self, root: Path, what: str, todo: str) -> None:
        self.root = root
        super().__init__([f"The data folder {root} {what}.", todo])


def folder_refusal(folder: Path, root: Path) -> tuple[str, str] | None:
    """Why an existing folder of the data folder ``root`` cannot be written, or ``None``."""
    if os.name != "posix":
        return None
    try:
        info = folder.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        return (
            f"cannot be read: {exc.strerror or exc}",
            "Check that the folder belongs to you, or choose another data folder with "
            "--data-dir. Nothing was changed.",
        )
    if not stat.S_ISDIR(info.st_mode):
        return (
            f"is not a folder ({folder} is a file)",
            "Move that file away, or choose another data folder with --data-dir.",
        )
    if info.st_uid != os.geteuid():
        return (
            f"belongs to another user account (user id {info.st_uid}), so this account "
            f"(user id {os.geteuid()}) may not use it",
            "Use your own data folder (--data-dir FOLDER or PPF_DATA_DIR). Nothing was changed.",
        )
    if not info.st_mode & stat.S_IWUSR or not os.access(folder, os.W_OK | os.X_OK):
        where = "" if folder == root else f" ({folder} is read-only)"
        return (
            f"is read-only{where}, so nothing can be saved in it",
            "Its permissions were left as they are. Make it writable again if that was not "
            "meant (for example 'chmod u+w FOLDER'), or choose another data folder with "
            "--data-dir. Nothing was changed.",
        )
    return None


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


def is_within(path: str | os.PathLike[str], folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or inside it, links followed (``..`` too)."""
    try:
        resolved = Path(path).expanduser().resolve()
        base = folder.expanduser().resolve()
    except (OSError, RuntimeError):
        return False
    return resolved == base or base in resolved.parents


def data_folder_holding(path: str | os.PathLike[str]) -> Path | None:
    """The data folder ``path`` would be a file of (directly, or in its ``backups`` or
    ``frameworks``), recognised by its library database; ``None`` for any other place."""
    try:
        folder = Path(path).expanduser().resolve().parent
    except (OSError, RuntimeError):
        return None
    candidates = [folder]
    if folder.name in ("backups", "frameworks"):
        candidates.append(folder.parent)
    for candidate in candidates:
        if (candidate / DATABASE_NAME).exists():
            return candidate
    return None


def make_private_dir(path: Path) -> None:
    """Create ``path`` (and missing parents, each owner-only) and restrict it to its owner.

    Permissions are only ever tightened: group and other access is taken away, and the
    owner's own access is left as it is (a folder made read-only stays read-only).
    """
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
    _tighten(path, DIR_MODE)


def make_private_file(path: Path) -> None:
    """Restrict an existing file to its owner (tightening only, as :func:`make_private_dir`)."""
    _tighten(path, FILE_MODE)


def _tighten(path: Path, allowed: int) -> None:
    if os.name != "posix":
        return
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    if mode & ~allowed:
        os.chmod(path, mode & allowed)
