"""A library's preferences: a small TOML file in its data folder (``preferences.toml``).

What is kept here changes what the app and the command line both produce (how many
training areas a plan suggests), so it belongs to the library rather than to the app's
window settings. A missing file is no preferences; a file that cannot be read or is not
TOML is named in the error, and never overwritten by a write.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from ppf_app.core.errors import UserError
from ppf_app.core.files import replace_file

FILE_NAME = "preferences.toml"
MAX_BYTES = 64 * 1024

Preferences = dict[str, int | str | bool]


def preferences_path(folder: Path) -> Path:
    return folder / FILE_NAME


def read_preferences(folder: Path) -> Preferences:
    """The preferences stored in ``folder`` (empty when there are none).

    Raises:
        UserError: the file cannot be read, is too large or is not TOML.
    """
    path = preferences_path(folder)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise UserError(f"{path}: cannot read the preferences: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise UserError(f"{path}: larger than {MAX_BYTES} bytes; not a preferences file")
    try:
        table = tomllib.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UserError(
            f"{path}: is not a valid preferences file ({exc}); correct it or delete it"
        ) from None
    return {k: v for k, v in table.items() if isinstance(v, int | str | bool)}


def write_preferences(folder: Path, preferences: Preferences) -> None:
    """Store ``preferences`` whole (owner-only), replacing the file in one step."""
    lines = ["# PPF Self-Assessment: this library's preferences"]
    for key in sorted(preferences):
        value = preferences[key]
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, int):
            text = str(value)
        else:
            text = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        lines.append(f"{key} = {text}")
    replace_file(preferences_path(folder), ("\n".join(lines) + "\n").encode("utf-8"))
