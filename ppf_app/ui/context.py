"""The open library and whose record is open, shared by every page.

Pages read through the services with :attr:`AppContext.library`; writes that other pages
must hear about go through the methods here, which call the service and then announce
the change by signal (the pages refresh from it).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ppf_app.services import people
from ppf_app.services.library import Library
from ppf_app.services.views import AssessmentView, PersonView


class AppContext(QObject):
    #: The list of people changed (added, renamed).
    people_changed = Signal()
    #: Whose record is open changed (a PersonView, or None when nobody is chosen).
    person_changed = Signal(object)
    #: A person's assessments changed (person id).
    assessments_changed = Signal(int)
    #: An assessment was deleted (its id).
    assessment_deleted = Signal(int)
    #: The installed frameworks changed.
    frameworks_changed = Signal()
    #: A short message for the status bar ("Saved", ...).
    status_message = Signal(str)

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self._person: PersonView | None = None

    @property
    def data_folder(self) -> Path:
        return self.library.paths.root

    # -- people ---------------------------------------------------------------------

    @property
    def person(self) -> PersonView | None:
        return self._person

    def people(self) -> list[PersonView]:
        return people.list_people(self.library)

    def choose_person(self, person_id: int | None) -> None:
        """Open ``person_id``'s record (None: nobody)."""
        chosen = None if person_id is None else people.get_person(self.library, person_id)
        if chosen == self._person:
            return
        self._person = chosen
        self.person_changed.emit(chosen)

    def add_person(
        self, *, name: str, professional_group: str, job_title: str, organisation: str
    ) -> PersonView:
        person = people.add_person(
            self.library,
            name=name,
            professional_group=professional_group,
            job_title=job_title,
            organisation=organisation,
        )
        self.people_changed.emit()
        self._person = person
        self.person_changed.emit(person)
        return person

    def update_person(
        self,
        person_id: int,
        *,
        name: str,
        professional_group: str,
        job_title: str,
        organisation: str,
    ) -> PersonView:
        person = people.update_person(
            self.library,
            person_id,
            name=name,
            professional_group=professional_group,
            job_title=job_title,
            organisation=organisation,
        )
        self.people_changed.emit()
        if self._person is not None and self._person.id == person.id:
            self._person = person
            self.person_changed.emit(person)
        return person

    def group_title(self, group_id: str) -> str:
        """The default framework's title for a professional group id."""
        group = self.library.frameworks.default().group(group_id)
        return group.title if group is not None else group_id

    # -- assessments ----------------------------------------------------------------

    def announce_assessment(self, view: AssessmentView) -> None:
        self.assessments_changed.emit(view.person_id)
