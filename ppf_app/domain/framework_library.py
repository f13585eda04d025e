"""The installed frameworks: the bundled ones plus those a user added to the data folder.

Bundled files (``resources/frameworks/*.toml``) are read-only and always win. Added files
live in the data folder's ``frameworks/`` and are written only by :meth:`FrameworkLibrary.add`,
atomically and readable by their owner only. A broken file there never makes the library
unusable: it is skipped, logged and reported by :meth:`FrameworkLibrary.problems`.

Reading is defensive: whatever a file in ``frameworks/`` holds (nesting hundreds deep, a
version of thousands of digits, bytes that are not text), it is skipped and reported, and
listing carries on. Framework ids are compared without regard to case or Unicode
normalisation: ``PPF`` and ``ppf`` name the same framework.

A framework that supersedes an installed one has its crosswalk checked against it: an old
behaviour id the older framework lacks is a problem of the newer file, refused by
:meth:`FrameworkLibrary.add` and reported by :meth:`FrameworkLibrary.problems` for a file
already in the folder (which stays installed: its crosswalk entry is just not used).

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
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ppf_app.core.errors import NotFound, UserError
from ppf_app.core.paths import FILE_MODE, make_private_dir
from ppf_app.domain.crosswalk import crosswalk_problems
from ppf_app.domain.framework import Framework
from ppf_app.domain.framework_cache import TomlCache
from ppf_app.domain.framework_loader import (
    WHOLE_FILE,
    FrameworkError,
    load_framework_with_source,
)
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


def fold_key(framework_id: str, version: str) -> Key:
    """The key two frameworks are the same by: the id without case or Unicode form, the
    version in Unicode NFC."""
    return (
        unicodedata.normalize("NFC", framework_id).casefold(),
        unicodedata.normalize("NFC", version),
    )


def _key_of(framework: Framework) -> Key:
    return fold_key(framework.id, framework.version)


class FrameworkLibrary:
    """The frameworks in ``bundled_dir`` and ``user_dir``, read on first use.

    With a ``cache_file``, the TOML of the files read is kept there for the next reload
    (:mod:`ppf_app.domain.framework_cache`); every file is checked at every reload.
    """

    parse = staticmethod(parse_spec)

    def __init__(
        self, bundled_dir: Path, user_dir: Path, *, cache_file: Path | None = None
    ) -> None:
        self.bundled_dir = Path(bundled_dir)
        self.user_dir = Path(user_dir)
        self.cache_file = cache_file
        self._lock = threading.RLock()
        #: By :func:`fold_key`, so that lookups ignore the case of an id.
        self._entries: dict[Key, InstalledFramework] | None = None
        self._problems: list[str] = []

    # -- reading ----------------------------------------------------------------------

    def reload(self) -> None:
        """Read both folders again (after another process added a framework).

        Never raises for what a file holds: a file that cannot be read or loaded is
        skipped and reported by :meth:`problems`.
        """
        with self._lock:
            entries: dict[Key, InstalledFramework] = {}
            problems: list[str] = []
            cache = TomlCache(self.cache_file) if self.cache_file is not None else None
            for folder, bundled in ((self.bundled_dir, True), (self.user_dir, False)):
                for path in _framework_files(folder):
                    self._read_one(path, bundled, entries, problems, cache)
            if cache is not None:
                cache.save()
            for entry in entries.values():
                problems.extend(_crosswalk_lines(entry, entries))
            self._entries = entries
            self._problems = problems

    @staticmethod
    def _read_one(
        path: Path,
        bundled: bool,
        entries: dict[Key, InstalledFramework],
        problems: list[str],
        cache: TomlCache | None = None,
    ) -> None:
        level = logging.ERROR if bundled else logging.WARNING
        try:
            framework, data = load_framework_with_source(path, cache=cache)
        except FrameworkError as exc:
            log.log(level, "Skipped framework file %s:\n%s", path, "\n".join(exc.problems))
            problems.extend(exc.problems)
            return
        except Exception as exc:
            # The loader refuses what it knows of; anything else a file provokes must
            # still leave every other framework, and the app, usable.
            log.log(level, "Skipped framework file %s", path, exc_info=True)
            problems.append(
                f"{path}: {WHOLE_FILE}: could not be read as a framework file "
                f"({type(exc).__name__}); it is ignored"
            )
            return
        other = entries.get(_key_of(framework))
        if other is not None:
            problem = (
                f"{path}: framework.version: {_describe(framework.key)} is already installed "
                f"from {other.path}; this file is ignored"
            )
            log.log(level, "Skipped framework file: %s", problem)
            problems.append(problem)
            return
        entries[_key_of(framework)] = InstalledFramework(framework, data, path, bundled)

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
        """The installed framework ``framework_id`` at ``version`` (None: the newest one).

        The id is matched without regard to case or Unicode normalisation.
        """
        entries = self._loaded()
        folded_id = fold_key(framework_id, "")[0]
        versions = [v for (i, v) in entries if i == folded_id]
        if not versions:
            raise NotFound(f"no framework '{framework_id}' is installed; {self._listing()}")
        if version is None:
            version = newest(versions)
        found = entries.get(fold_key(framework_id, version))
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

    def superseded(self, framework: Framework) -> Framework | None:
        """The installed framework that ``framework`` supersedes, or None."""
        key = framework.superseded_key
        if key is None:
            return None
        found = self._loaded().get(fold_key(*key))
        return found.framework if found is not None else None

    def _listing(self) -> str:
        keys = sorted(
            (e.framework.key for e in self._loaded().values()),
            key=lambda k: (k[0], version_key(k[1])),
        )
        if not keys:
            return "no frameworks are installed"
        return "installed: " + ", ".join(f"{i}@{v}" for i, v in keys)

    # -- adding -----------------------------------------------------------------------

    def add(self, path: str | os.PathLike[str]) -> Framework:
        """Validate the file at ``path`` and install it into ``user_dir``.

        Adding a file identical to an installed one (bundled ones included) is accepted
        and writes nothing. Raises :class:`FrameworkError` for a broken file, for an
        installed ``(id, version)`` (any case of the id) with different content, or for a
        crosswalk naming behaviours the installed framework it supersedes lacks; nothing
        is written then.
        """
        source = os.fspath(path)
        framework, data = load_framework_with_source(path)
        with self._lock:
            self.reload()
            existing = self._loaded().get(_key_of(framework))
            if existing is not None:
                if existing.data == data:
                    return existing.framework
                raise _refusal(source, existing)
            older = self.superseded(framework)
            if older is not None:
                wrong = crosswalk_problems(framework, older)
                if wrong:
                    raise FrameworkError(source, wrong)
            target = self._free_path(file_name_for(framework))
            try:
                _write_atomically(target, data)
            except OSError as exc:
                raise UserError(
                    f"{self.user_dir}: cannot install the framework there: {exc.strerror or exc}"
                ) from exc
            log.info("Added %s from %s as %s", _describe(framework.key), source, target)
            self._loaded()[_key_of(framework)] = InstalledFramework(framework, data, target, False)
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


def _crosswalk_lines(
    entry: InstalledFramework, entries: dict[Key, InstalledFramework]
) -> list[str]:
    """``FILE: LOCATION: PROBLEM`` for each crosswalk ``from`` the superseded framework lacks."""
    key = entry.framework.superseded_key
    older = entries.get(fold_key(*key)) if key is not None else None
    if older is None:
        return []
    lines = [
        f"{entry.path}: {where}: {message}"
        for where, message in crosswalk_problems(entry.framework, older.framework)
    ]
    for line in lines:
        log.warning("Framework file with a crosswalk problem: %s", line)
    return lines


def _framework_files(folder: Path) -> list[Path]:
    try:
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.glob(f"*{FRAMEWORK_SUFFIX}") if not p.name.startswith("."))
    except OSError as exc:
        log.warning("Cannot list the framework folder %s: %s", folder, exc)
        return []


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
