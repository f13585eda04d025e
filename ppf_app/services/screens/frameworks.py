"""The frameworks screen: every installed framework and the files that were skipped."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ppf_app.domain.framework import Framework
from ppf_app.services import frameworks

if TYPE_CHECKING:
    from ppf_app.services.library import Library


@dataclass(frozen=True)
class InstalledLine:
    framework: Framework
    bundled: bool
    path: str


@dataclass(frozen=True)
class FrameworksScreen:
    installed: tuple[InstalledLine, ...]
    skipped: tuple[str, ...]
    """``FILE: LOCATION: PROBLEM`` for each framework file that could not be read."""
    default_key: tuple[str, str]


def frameworks_screen(lib: Library) -> FrameworksScreen:
    """Everything the frameworks screen shows (files only: no database read)."""
    return FrameworksScreen(
        installed=tuple(
            InstalledLine(entry.framework, entry.bundled, str(entry.path))
            for entry in frameworks.installed_frameworks(lib)
        ),
        skipped=tuple(frameworks.skipped_framework_files(lib)),
        default_key=lib.frameworks.default().key,
    )
