"""Bundled content under ``resources/`` (frameworks, fonts, icons).

Works from a source checkout, an installed wheel (the folder is shipped inside the
package as ``ppf_app/_resources`` by the build) and a PyInstaller bundle
(``sys._MEIPASS``).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


@cache
def resources_dir() -> Path:
    """The folder that holds ``frameworks/``, ``fonts/`` and ``icons/``."""
    candidates = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources")
    candidates.append(_PACKAGE_DIR / "_resources")
    candidates.append(_PACKAGE_DIR.parent / "resources")
    for candidate in candidates:
        if (candidate / "frameworks").is_dir():
            return candidate
    raise FileNotFoundError(
        "The bundled resources folder is missing; looked in: "
        + ", ".join(str(c) for c in candidates)
    )


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource, e.g. ``resource_path("frameworks", "ppf.toml")``."""
    return resources_dir().joinpath(*parts)


def bundled_frameworks_dir() -> Path:
    return resource_path("frameworks")
