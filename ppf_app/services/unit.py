"""One unit of work per operation, and the change set it reports.

Every public service operation runs inside :func:`unit`: one database transaction that
commits when the operation returns and rolls back, leaving nothing changed, when it
raises. An operation that composes others (start an assessment *and* carry objectives
forward; carry an objective forward *and* record its outcome) calls them inside its own
unit, and a unit opened inside another joins it, so the whole operation is still one
transaction: a failure half way through changes nothing.

While it runs, a unit notes what it changed (:class:`Changes`: people, assessments,
plans, frameworks). :func:`perform` runs an operation in one unit and returns its value
with that change set, which is what the app announces so every page showing one of
those records refreshes itself (Anki's ``OpChanges`` plays the same part).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlmodel import Session

    from ppf_app.services.library import Library

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """What an operation changed, by record.

    Attributes:
        people: person records added or edited (name, group, job title...).
        records: people whose assessments, ratings, plans or appraisals changed.
        assessments: assessments added or changed (ratings, status, appraisal facts).
        plans: assessments whose development plan changed.
        removed: assessments deleted.
        frameworks: the installed frameworks changed.
    """

    people: frozenset[int] = frozenset()
    records: frozenset[int] = frozenset()
    assessments: frozenset[int] = frozenset()
    plans: frozenset[int] = frozenset()
    removed: frozenset[int] = frozenset()
    frameworks: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            people=self.people | other.people,
            records=self.records | other.records,
            assessments=self.assessments | other.assessments,
            plans=self.plans | other.plans,
            removed=self.removed | other.removed,
            frameworks=self.frameworks or other.frameworks,
        )

    @property
    def empty(self) -> bool:
        return self == NO_CHANGES

    def touches_person(self, person_id: int) -> bool:
        """The person's profile or anything in their record changed."""
        return person_id in self.people or person_id in self.records

    def touches_assessment(self, assessment_id: int) -> bool:
        """The assessment, its plan, or its existence changed."""
        return (
            assessment_id in self.assessments
            or assessment_id in self.plans
            or assessment_id in self.removed
        )


NO_CHANGES = Changes()


@dataclass
class _Noted:
    people: set[int] = field(default_factory=set)
    records: set[int] = field(default_factory=set)
    assessments: set[int] = field(default_factory=set)
    plans: set[int] = field(default_factory=set)
    removed: set[int] = field(default_factory=set)
    frameworks: bool = False


class Unit:
    """An open unit of work: its connection, a session on it, and the changes noted.

    The session is made on first use, so an operation that needs only plain statements
    (the autosave) pays for none.
    """

    def __init__(self, lib: Library, connection: Connection) -> None:
        self.lib = lib
        self.connection = connection
        self._session: Session | None = None
        self._noted = _Noted()
        self._joined = 0

    @property
    def alone(self) -> bool:
        """The operation running now opened this unit (no outer unit joined by it): the
        transaction is the operation's own and ends when the operation returns. An
        operation whose whole work is one statement may then send it as the whole
        transaction (the autosave on a server)."""
        return self._joined == 0

    @property
    def session(self) -> Session:
        if self._session is None:
            from sqlmodel import Session  # not at import: framework commands load no SQL

            self._session = Session(bind=self.connection, expire_on_commit=False)
        return self._session

    # -- noting changes ---------------------------------------------------------------

    def person_changed(self, person_id: int) -> None:
        self._noted.people.add(person_id)

    def assessment_changed(self, person_id: int, assessment_id: int) -> None:
        self._noted.records.add(person_id)
        self._noted.assessments.add(assessment_id)

    def plan_changed(self, person_id: int, assessment_id: int) -> None:
        self._noted.records.add(person_id)
        self._noted.plans.add(assessment_id)

    def assessment_removed(self, person_id: int, assessment_id: int) -> None:
        self._noted.records.add(person_id)
        self._noted.removed.add(assessment_id)

    def frameworks_changed(self) -> None:
        self._noted.frameworks = True

    @property
    def changes(self) -> Changes:
        noted = self._noted
        return Changes(
            people=frozenset(noted.people),
            records=frozenset(noted.records),
            assessments=frozenset(noted.assessments),
            plans=frozenset(noted.plans),
            removed=frozenset(noted.removed),
            frameworks=noted.frameworks,
        )

    # -- ending -----------------------------------------------------------------------

    def _flush(self) -> None:
        if self._session is not None:
            self._session.flush()

    def _close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None


_active: ContextVar[Unit | None] = ContextVar("ppf_active_unit", default=None)
_listeners: ContextVar[tuple[list[Changes], ...]] = ContextVar("ppf_change_listeners", default=())


@contextmanager
def unit(lib: Library) -> Iterator[Unit]:
    """The unit of work of an operation on ``lib``: one transaction, all or nothing.

    Inside another unit on the same library (in the same thread), the outer unit is
    joined: its transaction, its session, its change set.

    Raises:
        StorageWriteError: the disk refused the write; nothing was changed.
    """
    current = _active.get()
    if current is not None and current.lib is lib:
        current._joined += 1
        try:
            yield current
        finally:
            current._joined -= 1
        return
    with lib.db.transaction() as connection:
        work = Unit(lib, connection)
        token = _active.set(work)
        try:
            yield work
            work._flush()
        finally:
            _active.reset(token)
            work._close()
    # Committed: tell whoever is listening in this thread.
    changes = work.changes
    for heard in _listeners.get():
        heard.append(changes)


def note(changes: Changes) -> None:
    """Report changes made outside the database (an installed framework file).

    They join the unit of work running in this thread, if any, else they go straight to
    whoever is listening.
    """
    current = _active.get()
    if current is not None:
        current._noted.frameworks = current._noted.frameworks or changes.frameworks
        current._noted.people |= changes.people
        current._noted.records |= changes.records
        current._noted.assessments |= changes.assessments
        current._noted.plans |= changes.plans
        current._noted.removed |= changes.removed
        return
    for heard in _listeners.get():
        heard.append(changes)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What an operation returned, and what it changed."""

    value: T
    changes: Changes


def perform(
    lib: Library,
    operation: Callable[..., T],
    /,
    *args: object,
    alone: bool = False,
    **kwargs: object,
) -> Outcome[T]:
    """Run ``operation(lib, *args, **kwargs)`` as one unit; its value and change set.

    Everything the operation does, however many services it calls, commits together or
    not at all. ``alone``: the operation is one call of a service, which opens its own
    unit: no outer unit is opened for it, so that the service's unit is
    :attr:`Unit.alone` (the autosave of a rating).
    """
    heard: list[Changes] = []
    token = _listeners.set((*_listeners.get(), heard))
    try:
        if alone:
            value = operation(lib, *args, **kwargs)
        else:
            with unit(lib):
                value = operation(lib, *args, **kwargs)
    finally:
        _listeners.reset(token)
    changes = NO_CHANGES
    for item in heard:
        changes = changes | item
    return Outcome(value=value, changes=changes)
