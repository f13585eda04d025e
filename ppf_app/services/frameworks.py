"""Framework operations shared by the app and ``ppf framework``: validate, add, list.

None of them opens the database: validating needs only the files, and adding or listing
needs only the bundled folder and the data folder's ``frameworks/``. So a framework file
can be checked, and a framework installed, even when the library database is damaged.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from ppf_app.core import files
from ppf_app.core.errors import UserError
from ppf_app.core.paths import data_paths
from ppf_app.core.resources import bundled_frameworks_dir
from ppf_app.domain.framework import Framework
from ppf_app.domain.framework_library import FrameworkLibrary, InstalledFramework
from ppf_app.domain.framework_loader import FrameworkError, load_framework
from ppf_app.services.unit import Changes, note

PathArg = str | os.PathLike[str]


class HasFrameworks(Protocol):
    """An open library (:class:`ppf_app.services.library.Library`) or anything with one.

    A protocol rather than an import: this module must not pull in the storage layer.
    """

    @property
    def frameworks(self) -> FrameworkLibrary: ...


FrameworkSource = FrameworkLibrary | HasFrameworks


def frameworks_of(source: FrameworkSource) -> FrameworkLibrary:
    """The framework library itself, or the one an open library holds."""
    return source if isinstance(source, FrameworkLibrary) else source.frameworks


def framework_library_for(data_dir: PathArg | None = None) -> FrameworkLibrary:
    """The installed frameworks of a data folder (``--data-dir``, ``PPF_DATA_DIR``, default).

    The same as ``services.library.framework_library(data_paths(data_dir))``, built here
    so that the framework commands never import the database code. Creates nothing: a
    data folder that does not exist yet holds the bundled frameworks only.
    """
    from ppf_app.core import config

    url = config.database_url(data_dir)
    if url is not None:  # server mode: the frameworks added there are in the database
        from ppf_app.services.server import server_framework_library

        return server_framework_library(url)
    paths = data_paths(data_dir)
    return FrameworkLibrary(bundled_dir=bundled_frameworks_dir(), user_dir=paths.frameworks)


def validate_file(path: PathArg) -> Framework:
    """The framework in ``path``; raises :class:`FrameworkError` with every problem."""
    return load_framework(path)


def validate_files(paths: Iterable[PathArg]) -> list[str]:
    """Every problem of every file, ``FILE: LOCATION: PROBLEM`` each; empty when all pass."""
    problems: list[str] = []
    for path in paths:
        try:
            load_framework(path)
        except FrameworkError as exc:
            problems.extend(exc.problems)
    return problems


def add_framework(source: FrameworkSource, path: PathArg) -> Framework:
    """Install the framework file at ``path`` (see :meth:`FrameworkLibrary.add`)."""
    added = frameworks_of(source).add(path)
    note(Changes(frameworks=True))
    return added


def add_framework_file(data_dir: PathArg | None, path: PathArg) -> Framework:
    """Install a framework file into a data folder not open in this process (``ppf
    framework add``), under the data folder's single-writer lock.

    The file is checked before the lock is taken (reading never waits holding it), and
    added under it: of two adds of one id and version with different content, the second
    finds the first's file and is refused as a conflict, never silently replacing it.

    Raises:
        FrameworkError: the file is not a valid framework, or conflicts with an installed
            one; nothing was written.
        DataFolderError: the data folder is open in another window or command (after
            waiting as long as :func:`ppf_app.core.process.lock_wait` says).
    """
    from ppf_app.storage.lock import WriterLock  # here: validating needs no storage code

    _refuse_special_file(path)
    load_framework(path)
    from ppf_app.core import config

    url = config.database_url(data_dir)
    if url is not None:  # server mode: kept in the database, for every desk
        from ppf_app.services.server import add_server_framework

        return add_server_framework(url, path)
    paths = data_paths(data_dir).ensure()
    with WriterLock(paths):
        return framework_library_for(paths.root).add(path)


def _refuse_special_file(path: PathArg) -> None:
    """Refuse a named pipe, device or socket at once: reading one could wait forever."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # the loader says what is wrong with a missing or unreadable file
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise UserError(f"{os.fspath(path)}: is not a regular file; give a framework file")


def list_frameworks(source: FrameworkSource) -> list[Framework]:
    """The installed frameworks, bundled ones included, sorted by id then version."""
    return frameworks_of(source).all()


def installed_frameworks(source: FrameworkSource) -> list[InstalledFramework]:
    """As :func:`list_frameworks`, with each one's file and whether it is bundled."""
    return frameworks_of(source).installed()


def skipped_framework_files(source: FrameworkSource) -> list[str]:
    """``FILE: LOCATION: PROBLEM`` for each installed framework file that could not be read."""
    return frameworks_of(source).problems()


def behaviour_lines(
    source: FrameworkSource, spec: str, group_id: str | None = None
) -> list[tuple[str, str, str]]:
    """``(behaviour id, number, text)`` of a framework's behaviours in order (those asked
    of ``group_id`` when given).

    Raises:
        UserError: no such framework, or no such group in it.
    """
    library = frameworks_of(source)
    framework = library.get(*library.parse(spec))
    behaviours = (
        framework.behaviours_for(_checked_group(framework, group_id))
        if group_id is not None
        else tuple(b for _, b in framework.behaviours())
    )
    numbers = framework.behaviour_numbers
    return [(b.id, numbers[b.id], b.text) for b in behaviours]


def _checked_group(framework: Framework, group_id: str) -> str | None:
    choices = [group.id for group in framework.groups]
    if group_id not in choices:
        raise UserError(
            f"group: {group_id!r} is not a group of framework {framework.id} "
            f"{framework.version}; choose one of: {', '.join(choices) or '(it has none)'}"
        )
    return group_id


def write_template(
    source: FrameworkSource,
    out: PathArg,
    *,
    framework_id: str | None = None,
    version: str | None = None,
    group_id: str | None = None,
) -> Path:
    """Write a ratings CSV to fill in: ``behaviour_id,number,text,level,evidence`` with a
    row for every behaviour asked of the group (all of them without a group)."""
    library = frameworks_of(source)
    framework = library.default() if framework_id is None else library.get(framework_id, version)
    spec = f"{framework.id}@{framework.version}"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["behaviour_id", "number", "text", "level", "evidence"])
    for behaviour_id, number, text in behaviour_lines(library, spec, group_id):
        writer.writerow([behaviour_id, number, " ".join(text.split()), "", ""])
    target = Path(out)
    if target.is_dir():
        raise UserError(f"{target}: is a folder; name the CSV file to write")
    if not target.parent.is_dir():
        raise UserError(f"{target}: the folder {target.parent} does not exist")
    try:
        files.write_private_atomic(target, buffer.getvalue().encode("utf-8"))
    except OSError as exc:
        raise UserError(f"{target}: cannot write the file: {exc.strerror or exc}") from None
    return target
