"""The profile screen: a person's profile and this library's signing key's fingerprint
(to read out to whoever files are exchanged with)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ppf_app.services import keys, people
from ppf_app.services.lookups import require_person
from ppf_app.services.unit import unit
from ppf_app.services.views import PersonView

if TYPE_CHECKING:
    from ppf_app.services.library import Library


@dataclass(frozen=True)
class ProfileScreen:
    person: PersonView
    key_fingerprint: str
    """This library's key's fingerprint (empty when the key cannot be read)."""


def profile_screen(lib: Library, person_id: int) -> ProfileScreen:
    """Everything the profile page shows when editing ``person_id``.

    Raises:
        NotFound: no such person.
    """
    with unit(lib) as work:
        person = people.person_view(require_person(person_id, session=work.session))
    try:
        fingerprint = keys.own_fingerprint(lib)
    except OSError:
        fingerprint = ""
    return ProfileScreen(person=person, key_fingerprint=fingerprint)
