"""The installed frameworks: the bundled ones plus those a user added to the data folder.

Bundled files (``resources/frameworks/*.toml``) are read-only and always win. Added files
live in the data folder's ``frameworks/`` and are written only by :meth:`FrameworkLibrary.add`,
atomically and readable by their owner only. A broken file there never makes the library
unusable: it is skipped, logged and reported by :meth:`FrameworkLibrary.problems`.

The same ``(id, version)`` can be added twice only when the file is byte-for-byte the same
as the installed one. Byte identity, not an equal model, is the test because an assessment
keeps a snapshot of the exact file it was made with (:meth:`FrameworkLibrary.source_bytes`);
a file that differs only in comments or spacing needs a new version.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from ppf_app.core.errors import NotFound, UserError
from ppf_app.core.paths import FILE_MODE, make_private_dir
from ppf_app.domain.framework import Framework
from ppf_app.domain.framework_loader import FrameworkError, load_framework_with_source
from ppf_app.domain.framework_version import newest, parse_spec, version_key

log = logging.getLogger(__name__)

DEFAULT_FRAMEWORK_ID = "ppf"
FRAMEWORK_SUFFIX = ".toml"

Key = tuple[str, str]

_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9._-]")


@dataclass(frozen=True)
class InstalledFramework:
    """One installed framework, the file it came from and that file's exact bytes."""

    framework: Framework
    data: bytes
    path: Path
    bundled: bool


def file_name_for(framework: Framework) -> str:
    """``ID@VERSION.toml``, with anything unsafe in a file name replaced and a hash added."""
    safe = _UNSAFE_IN_NAME.sub("_", framework.version)[:80]
    if safe != framework.version:
        digest = hashlib.sha256(framework.version.encode("utf-8")).hexdigest()[:10]
        safe = f"{safe}-{digest}"
    return f"{framework.id}@{safe}{FRAMEWORK_SUFFIX}"


def _describe(key: Key) -> str:
    return f"framework '{key[0]}' version '{key[1]}'"


class FrameworkLibrary:
    """The frameworks in ``bundled_dir`` and ``user_dir``, read on first use."""

    parse = staticmethod(parse_spec)

    def __init__(self, bundled_dir: Path, user_dir: Path) -> None:
        self.bundled_dir = Path(bundled_dir)
        self.user_dir = Path(user_dir)
        self._lock = threading.RLock()
        self._entries: dict[Key, InstalledFramework] | None = None
        self._problems: list[str] = []

    # -- reading ----------------------------------------------------------------------

    def reload(self) -> None:
        """Read both folders again (after another process added a framework)."""
        with self._lock:
            entries: dict[Key, InstalledFramework] = {}
            problems: list[str] = []
            for folder, bundled in ((self.bundled_dir, True), (self.user_dir, False)):
                for path in _framework_files(folder):
                    self._read_one(path, bundled, entries, problems)
            self._entries = entries
            self._problems = problems

    @staticmethod
    def _read_one(
        path: Path, bundled: bool, entries: dict[Key, InstalledFramework], problems: list[str]
    ) -> None:
        level = logging.ERROR if bundled else logging.WARNING
        try:
            framework, data = load_framework_with_source(path)
        except FrameworkError as exc:
            log.log(level, "Skipped framework file %s:\n%s", path, "\n".join(exc.problems))
            problems.extend(exc.problems)
            return
        other = entries.get(framework.key)
        if other is not None:
            problem = (
                f"{path}: framework.version: {_describe(framework.key)} is already installed "
                f"from {other.path}; this file is ignored"
            )
            log.log(level, "Skipped framework file: %s", problem)
            problems.append(problem)
            return
        entries[framework.key] = InstalledFramework(framework, data, path, bundled)

    def _loaded(self) -> dict[Key, InstalledFramework]:
        with self._lock:
            if self._entries is None:
                self.reload()
            assert self._entries is not None
            return self._entries

    def installed(self) -> list[InstalledFramework]:
        """Every installed framework with its file, sorted by id then version."""
        return sorted(
            self._loaded().values(),
            key=lambda e: (e.framework.id, version_key(e.framework.version)),
        )

    def all(self) -> list[Framework]:
        """Every installed framework, the bundled ones included, by id then version."""
        return [entry.framework for entry in self.installed()]

    def problems(self) -> list[str]:
        """``FILE: LOCATION: PROBLEM`` for each framework file that was skipped."""
        self._loaded()
        return list(self._problems)

    def entry(self, framework_id: str, version: str | None = None) -> InstalledFramework:
        """The installed framework ``framework_id`` at ``version`` (None: the newest one)."""
        entries = self._loaded()
        versions = [v for (i, v) in entries if i == framework_id]
        if not versions:
            raise NotFound(f"no framework '{framework_id}' is installed; {self._listing()}")
        if version is None:
            version = newest(versions)
        found = entries.get((framework_id, version))
        if found is None:
            listed = ", ".join(sorted(versions, key=version_key))
            raise NotFound(
                f"framework '{framework_id}' has no version '{version}'; "
                f"installed versions: {listed}"
            )
        return found

    def get(self, framework_id: str, version: str | None = None) -> Framework:
        """The framework ``framework_id`` at ``version`` (None: the newest); else NotFound."""
        return self.entry(framework_id, version).framework

    def resolve(self, spec: str) -> Framework:
        """The framework an ``ID[@VERSION]`` string names."""
        return self.get(*parse_spec(spec))

    def default(self) -> Framework:
        """The newest bundled ``ppf`` framework."""
        bundled = [
            key[1]
            for key, entry in self._loaded().items()
            if entry.bundled and key[0] == DEFAULT_FRAMEWORK_ID
        ]
        if not bundled:
            raise NotFound(
                f"the bundled framework '{DEFAULT_FRAMEWORK_ID}' is missing from "
                f"{self.bundled_dir}; reinstall PPF Self-Assessment"
            )
        return self.get(DEFAULT_FRAMEWORK_ID, newest(bundled))

    def is_bundled(self, framework_id: str, version: str) -> bool:
        return self.entry(framework_id, version).bundled

    def source_bytes(self, framework_id: str, version: str) -> bytes:
        """The exact bytes of the file the framework was read from."""
        return self.entry(framework_id, version).data

    def source_text(self, framework_id: str, version: str) -> str:
        """The text of the file the framework was read from (a leading BOM kept)."""
        return self.source_bytes(framework_id, version).decode("utf-8")

    def _listing(self) -> str:
        keys = sorted(self._loaded(), key=lambda k: (k[0], version_key(k[1])))
        if not keys:
            return "no frameworks are installed"
        return "installed: " + ", ".join(f"{i}@{v}" for i, v in keys)

    # -- adding -----------------------------------------------------------------------

    def add(self, path: str | os.PathLike[str]) -> Framework:
        """Validate the file at ``path`` and install it into ``user_dir``.

        Adding a file identical to an installed one (bundled ones included) is accepted
        and writes nothing. Raises :class:`FrameworkError` for a broken file, or for an
        installed ``(id, version)`` with different content; nothing is written then.
        """
        source = os.fspath(path)
        framework, data = load_framework_with_source(path)
        with self._lock:
            self.reload()
            existing = self._loaded().get(framework.key)
            if existing is not None:
                if existing.data == data:
                    return existing.framework
                raise _refusal(source, existing)
            target = self._free_path(file_name_for(framework))
            try:
                _write_atomically(target, data)
            except OSError as exc:
                raise UserError(
                    f"{self.user_dir}: cannot install the framework there: {exc.strerror or exc}"
                ) from exc
            log.info("Added %s from %s as %s", _describe(framework.key), source, target)
            self._loaded()[framework.key] = InstalledFramework(framework, data, target, False)
            return framework

    def _free_path(self, name: str) -> Path:
        """``user_dir/name``, or a numbered variant when a (skipped) file already has it."""
        target = self.user_dir / name
        stem = name.removesuffix(FRAMEWORK_SUFFIX)
        number = 2
        while target.exists():
            target = self.user_dir / f"{stem}-{number}{FRAMEWORK_SUFFIX}"
            number += 1
        return target


def _refusal(source: str, existing: InstalledFramework) -> FrameworkError:
    """Why a different file with an installed ``(id, version)`` cannot be added."""
    key = existing.framework.key
    if existing.bundled:
        why = (
            f"{_describe(key)} is bundled with the product and cannot be replaced; "
            "give your file another id or version"
        )
    else:
        why = (
            f"{_describe(key)} is already installed with different content "
            f"({existing.path}); change 'version' in [framework] to install this file beside it"
        )
    return FrameworkError(source, [("framework.version", why)])


def _framework_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"*{FRAMEWORK_SUFFIX}") if not p.name.startswith("."))


def _make_private_dirs(folder: Path) -> None:
    """Create ``folder`` and any missing parent, each readable by its owner only."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    for path in reversed(missing):
        make_private_dir(path)


def _write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``target``, then rename it into place."""
    _make_private_dirs(target.parent)
    handle, temp_name = tempfile.mkstemp(prefix=".adding-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if os.name == "posix":
            os.chmod(temp_name, FILE_MODE)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
