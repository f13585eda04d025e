"""People: add, edit, list.

A person's professional group is a group id of the default framework, so targets can
be found for them; every text field is one line of at most 200 characters.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from sqlmodel import Session

from ppf_app.core.errors import UserError
from ppf_app.services.lookups import require_person
from ppf_app.services.unit import unit
from ppf_app.services.views import PersonView, as_utc
from ppf_app.storage.models import Person
from ppf_app.storage.repositories import people as people_repo

if TYPE_CHECKING:
    from ppf_app.services.library import Library

MAX_TEXT = 200


def clean_line(label: str, value: str, *, required: bool, max_length: int = MAX_TEXT) -> str:
    """``value`` trimmed, or UserError when it is empty (if required), too long or multi-line."""
    text = value.strip()
    if required and not text:
        raise UserError(f"{label}: must not be empty")
    if len(text) > max_length:
        raise UserError(f"{label}: at most {max_length} characters (found {len(text)})")
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise UserError(f"{label}: must be one line without control characters")
    return text


def allowed_groups(lib: Library) -> tuple[str, ...]:
    """The professional group ids people can belong to: the groups of every installed
    framework (the default framework's first)."""
    found: dict[str, None] = {group.id: None for group in lib.frameworks.default().groups}
    for framework in lib.frameworks.all():
        found.update(dict.fromkeys(group.id for group in framework.groups))
    return tuple(found)


def group_choices(lib: Library) -> list[tuple[str, str]]:
    """``(id, title)`` of the professional groups a person can belong to (those of every
    installed framework, the default framework's first)."""
    found: dict[str, str] = {}
    for framework in (lib.frameworks.default(), *lib.frameworks.all()):
        for group in framework.groups:
            found.setdefault(group.id, group.title)
    return list(found.items())


def check_group(lib: Library, group: str) -> str:
    group = group.strip()
    allowed = allowed_groups(lib)
    if not group or (allowed and group not in allowed):
        raise UserError(
            f"group: {group!r} is not a professional group; choose one of: {', '.join(allowed)}"
        )
    return group


def person_view(person: Person) -> PersonView:
    assert person.id is not None
    return PersonView(
        id=person.id,
        uid=person.uid,
        name=person.name,
        professional_group=person.professional_group,
        job_title=person.job_title,
        organisation=person.organisation,
        created_at=as_utc(person.created_at),
        updated_at=as_utc(person.updated_at),
        department=person.department,
    )


def add_person(
    lib: Library,
    *,
    name: str,
    professional_group: str,
    job_title: str = "",
    organisation: str = "",
    department: str = "",
) -> PersonView:
    """Add a person and return them."""
    person = Person(
        name=clean_line("name", name, required=True),
        professional_group=check_group(lib, professional_group),
        job_title=clean_line("job title", job_title, required=False),
        organisation=clean_line("organisation", organisation, required=False),
        department=clean_line("department", department, required=False),
    )
    with unit(lib) as work:
        people_repo.add(person, session=work.session)
        assert person.id is not None
        work.person_changed(person.id)
        return person_view(person)


def update_person(
    lib: Library,
    person_id: int,
    *,
    name: str | None = None,
    professional_group: str | None = None,
    job_title: str | None = None,
    organisation: str | None = None,
    department: str | None = None,
) -> PersonView:
    """Change the given fields of a person (None leaves a field as it is)."""
    changes: dict[str, object] = {}
    if name is not None:
        changes["name"] = clean_line("name", name, required=True)
    if professional_group is not None:
        changes["professional_group"] = check_group(lib, professional_group)
    if job_title is not None:
        changes["job_title"] = clean_line("job title", job_title, required=False)
    if organisation is not None:
        changes["organisation"] = clean_line("organisation", organisation, required=False)
    if department is not None:
        changes["department"] = clean_line("department", department, required=False)
    with unit(lib) as work:
        person = require_person(person_id, session=work.session)
        if changes:
            people_repo.update(person, changes, session=work.session)
            work.person_changed(person_id)
        return person_view(person)


def get_person(lib: Library, person_id: int) -> PersonView:
    with unit(lib) as work:
        return person_view(require_person(person_id, session=work.session))


def list_people(lib: Library) -> list[PersonView]:
    """Everyone in the library, by name."""
    with unit(lib) as work:
        return everyone(session=work.session)


def everyone(*, session: Session) -> list[PersonView]:
    """:func:`list_people` inside the caller's unit of work."""
    rows = people_repo.list_rows(session=session)
    # Unpacked in people_repo.LIST_COLUMNS order: 5,000 people in about half the time
    # reading each column by name takes.
    return [
        PersonView(
            id=person_id,
            uid=uid,
            name=name,
            professional_group=group,
            job_title=job_title,
            organisation=organisation,
            created_at=as_utc(created_at),
            updated_at=as_utc(updated_at),
            department=department,
        )
        for (
            person_id,
            uid,
            name,
            group,
            job_title,
            organisation,
            created_at,
            updated_at,
            department,
        ) in rows
    ]
