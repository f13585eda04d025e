"""Which library to use: the data folder on this computer, or a database server.

A whole organisation can keep its records on one PostgreSQL database ("server mode"). The
database is chosen, first match wins, by:

1. the ``--database-url URL`` option of ``ppf`` and ``ppf-app``;
2. the ``PPF_DATABASE_URL`` environment variable;
3. (a data folder named with ``--data-dir`` or ``PPF_DATA_DIR`` means that folder's local
   library, and stops here;)
4. ``database_url`` in the system-wide settings file IT deploys, :func:`settings_file`;

otherwise the local library in the per-user data folder is used. The value ``local`` (in
the option or the variable) always means the local library, whatever the settings file
says.

The system-wide settings file is TOML, readable by everyone and writable by IT only::

    # PPF Self-Assessment: settings for everyone on this computer
    database_url = "postgresql://ppf-db.trust.nhs.uk/ppf"

It lives in the platform's folder for system-wide settings (platformdirs
``site_config_dir``): ``/etc/xdg/ppf-self-assessment/settings.toml`` on Linux (the first
folder of ``$XDG_CONFIG_DIRS`` when that is set), ``C:\\ProgramData\\PPF\\ppf-self-assessment\\
settings.toml`` on Windows and ``/Library/Application Support/ppf-self-assessment/
settings.toml`` on macOS. ``PPF_SETTINGS_FILE`` names another file (to try one out).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from ppf_app.core.errors import UserError
from ppf_app.core.paths import APP_AUTHOR, APP_NAME, ENV_DATA_DIR

ENV_DATABASE_URL = "PPF_DATABASE_URL"
ENV_SETTINGS_FILE = "PPF_SETTINGS_FILE"
SETTINGS_NAME = "settings.toml"
#: The option or variable value that means the local library, whatever the settings say.
LOCAL = "local"
#: A settings file larger than this is not a settings file.
MAX_SETTINGS_BYTES = 64 * 1024

_KNOWN_KEYS = frozenset({"database_url"})

#: The ``--database-url`` of this run (the entry point sets it with :func:`settings`).
_database_url_option: str | None = None


@dataclass(frozen=True)
class SystemSettings:
    """What the system-wide settings file says (an empty file or none: nothing)."""

    database_url: str | None = None
    source: Path | None = None


class SettingsError(UserError):
    """The system-wide settings file cannot be used; the lines say what to change."""


def settings_file() -> Path:
    """The system-wide settings file (``PPF_SETTINGS_FILE`` names another one)."""
    override = os.environ.get(ENV_SETTINGS_FILE)
    if override:
        return Path(override).expanduser().absolute()
    return Path(platformdirs.site_config_dir(APP_NAME, APP_AUTHOR)) / SETTINGS_NAME


def system_settings(path: Path | None = None) -> SystemSettings:
    """Read the system-wide settings file; an absent file is no settings.

    Raises:
        SettingsError: the file cannot be read, is not TOML, has an unknown key or a
            value of the wrong type. Every problem is named with the file.
    """
    path = settings_file() if path is None else path
    try:
        if not path.is_file():
            return SystemSettings()
        with path.open("rb") as stream:
            data = stream.read(MAX_SETTINGS_BYTES + 1)
    except OSError as exc:
        raise SettingsError(
            [
                f"{path}: the system-wide settings file cannot be read: {exc.strerror or exc}",
                "Ask your IT team to make it readable by everyone, or use --database-url.",
            ]
        ) from None
    if len(data) > MAX_SETTINGS_BYTES:
        raise SettingsError(
            f"{path}: is larger than {MAX_SETTINGS_BYTES} bytes; not a settings file"
        )
    import tomllib  # only where there is a settings file

    try:
        table = tomllib.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{path}: is not a valid TOML settings file: {exc}") from None
    problems = [f"{path}: unknown setting '{key}'" for key in sorted(set(table) - _KNOWN_KEYS)]
    url = table.get("database_url")
    if url is not None and (not isinstance(url, str) or not url.strip()):
        problems.append(f"{path}: database_url must be a non-empty text, such as "
                        '"postgresql://SERVER/DATABASE"')  # fmt: skip
    if problems:
        raise SettingsError(problems)
    return SystemSettings(database_url=url.strip() if url else None, source=path)


@contextmanager
def settings(*, database_url: str | None = None) -> Iterator[None]:
    """Use this ``--database-url`` until the block ends (an entry point's run, or a test)."""
    global _database_url_option
    saved = _database_url_option
    if database_url is not None:
        _database_url_option = database_url
    try:
        yield
    finally:
        _database_url_option = saved


def database_url(data_dir: str | os.PathLike[str] | None = None) -> str | None:
    """The database server to use, or ``None`` for the local library (see the module).

    ``data_dir`` is the ``--data-dir`` given, if any: naming a data folder means its local
    library unless a database URL is given as well.

    Raises:
        SettingsError: the system-wide settings file is unusable.
    """
    for value in (_database_url_option, os.environ.get(ENV_DATABASE_URL)):
        if value and value.strip():
            return None if value.strip().lower() == LOCAL else value.strip()
    if data_dir or os.environ.get(ENV_DATA_DIR):
        return None
    return system_settings().database_url
