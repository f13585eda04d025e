"""The people in the library (name, group, job title, organisation)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication

from ppf_app.services.views import PersonView
from ppf_app.ui.models.table_model import Column, RowTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("PeopleModel", text)


class PeopleModel(RowTableModel[PersonView]):
    NAME, GROUP, JOB_TITLE, ORGANISATION = range(4)

    def __init__(
        self, group_title: Callable[[str], str] = lambda group: group, parent: Any = None
    ) -> None:
        super().__init__(
            [
                Column(_tr("Name"), lambda p: p.name),
                Column(_tr("Professional group"), lambda p: group_title(p.professional_group)),
                Column(_tr("Job title"), lambda p: p.job_title),
                Column(_tr("Organisation"), lambda p: p.organisation),
            ],
            parent,
        )

    def row_of(self, person_id: int) -> int | None:
        for row, person in enumerate(self.rows()):
            if person.id == person_id:
                return row
        return None
