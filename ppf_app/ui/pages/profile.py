"""A person's profile: name, professional group, job title, organisation, department.

The same page adds a new person (first start, or an appraiser keeping an appraisee's
record) and edits the open person's profile.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ppf_app.services import people
from ppf_app.services.people import MAX_TEXT
from ppf_app.services.screens.profile import profile_screen
from ppf_app.services.views import PersonView
from ppf_app.ui.context import AppContext
from ppf_app.ui.operations import read
from ppf_app.ui.pages.base import Page


class ProfilePage(Page):
    """Shown about a person (their id: edit) or about nobody (add a person)."""

    page_name = "profile"

    #: A profile was saved (the PersonView).
    saved = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._editing: PersonView | None = None
        self.title = self.add_title(self.tr("Your profile"))
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setMaximumWidth(720)
        self.page_layout.addWidget(self.intro)

        form = QFormLayout()
        form.setSpacing(10)
        form.setContentsMargins(0, 4, 0, 4)
        self.name = QLineEdit()
        self.name.setMaxLength(MAX_TEXT)
        self.name.setAccessibleName(self.tr("Name"))
        self.name.setPlaceholderText(self.tr("e.g. Dr Amina Okafor"))
        self.group = QComboBox()
        self.group.setAccessibleName(self.tr("Professional group"))
        self.job_title = QLineEdit()
        self.job_title.setMaxLength(MAX_TEXT)
        self.job_title.setAccessibleName(self.tr("Job title"))
        self.job_title.setPlaceholderText(self.tr("e.g. Specialty registrar, Ward manager"))
        self.organisation = QLineEdit()
        self.organisation.setMaxLength(MAX_TEXT)
        self.organisation.setAccessibleName(self.tr("Organisation"))
        self.organisation.setPlaceholderText(self.tr("e.g. an NHS trust or practice"))
        self.department = QLineEdit()
        self.department.setMaxLength(MAX_TEXT)
        self.department.setAccessibleName(self.tr("Department"))
        self.department.setPlaceholderText(self.tr("e.g. Emergency care (for training needs)"))
        for widget in (self.name, self.job_title, self.organisation, self.department, self.group):
            widget.setMinimumWidth(380)
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("Professional &group:"), self.group)
        form.addRow(self.tr("&Job title:"), self.job_title)
        form.addRow(self.tr("&Organisation:"), self.organisation)
        form.addRow(self.tr("&Department:"), self.department)
        form_box = QWidget()
        form_box.setLayout(form)
        form_box.setMaximumWidth(720)
        self.page_layout.addWidget(form_box)
        self.group_hint = QLabel(
            self.tr("Your group sets the target level for each behaviour in your results.")
        )
        self.group_hint.setWordWrap(True)
        self.page_layout.addWidget(self.group_hint)

        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save profile"))
        self.save_button.setAccessibleName(self.tr("Save profile"))
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.cancel_button.clicked.connect(lambda: self._context.go("home"))
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        self.page_layout.addLayout(buttons)
        # This library's signing key, to read aloud when exchanging portable files.
        self.key_line = QLabel()
        self.key_line.setWordWrap(True)
        self.key_line.setMaximumWidth(720)
        self.key_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.page_layout.addWidget(self.key_line)
        self.page_layout.addStretch(1)
        for line in (self.name, self.job_title, self.organisation, self.department):
            line.returnPressed.connect(self.save)
        self._load_groups()

    def _load_groups(self) -> None:
        self.group.clear()
        for group_id, title in people.group_choices(self._context.library):
            self.group.addItem(title, group_id)

    # -- modes ----------------------------------------------------------------------

    @property
    def subject(self) -> int | None:
        return self._editing.id if self._editing is not None else None

    def show_subject(self, subject: int | None = None, *, quiet: bool = False) -> None:
        """Edit person ``subject``'s profile, or add a person (None)."""
        if subject is None:
            self.start_new(first=self._context.person is None)
            return
        screen = read(self, self._context, lambda lib: profile_screen(lib, subject))
        if screen is not None:
            self.edit(screen.person, screen.key_fingerprint)

    def start_new(self, *, first: bool) -> None:
        """Empty form for a new person (``first``: nobody is in the library yet)."""
        self._editing = None
        self.title.setText(self.tr("Your profile") if first else self.tr("Add a person"))
        self.intro.setText(
            self.tr(
                "Tell us who you are. Your name and group appear on your results and your "
                "development plan; you can change them later."
            )
            if first
            else self.tr(
                "Add someone whose record you keep, for example an appraisee. Each person's "
                "assessments are kept apart; the person switcher shows whose record is open."
            )
        )
        for line in (self.name, self.job_title, self.organisation, self.department):
            line.clear()
        self.group.setCurrentIndex(0)
        self.cancel_button.setVisible(not first)
        self.key_line.clear()
        self.save_button.setText(self.tr("Create profile") if first else self.tr("Add person"))
        self.save_button.setAccessibleName(self.save_button.text())

    def edit(self, person: PersonView, fingerprint: str = "") -> None:
        self._editing = person
        self.title.setText(self.tr("Profile of {name}").format(name=person.name))
        self.intro.setText(self.tr("Changes apply to all of this person's assessments."))
        self.name.setText(person.name)
        index = self.group.findData(person.professional_group)
        self.group.setCurrentIndex(max(index, 0))
        self.job_title.setText(person.job_title)
        self.organisation.setText(person.organisation)
        self.department.setText(person.department)
        self.cancel_button.setVisible(False)
        self.save_button.setText(self.tr("Save profile"))
        self.save_button.setAccessibleName(self.save_button.text())
        self.key_line.setText(
            self.tr(
                "This computer's key: {fingerprint}. Files exported from here are signed with "
                "it; read it out to the person you exchange files with, to compare with what "
                "their import shows."
            ).format(fingerprint=fingerprint)
            if fingerprint
            else ""
        )

    def activated(self) -> None:
        self.name.setFocus()

    # -- saving ---------------------------------------------------------------------

    def save(self) -> None:
        name = self.name.text()
        group = str(self.group.currentData() or "")
        job_title = self.job_title.text()
        organisation = self.organisation.text()
        department = self.department.text()
        editing = self._editing
        if editing is None:
            person = self.run(
                lambda lib: people.add_person(
                    lib,
                    name=name,
                    professional_group=group,
                    job_title=job_title,
                    organisation=organisation,
                    department=department,
                ),
                refused=self.tr("Profile not saved"),
            ).run()
        else:
            person = self.run(
                lambda lib: people.update_person(
                    lib,
                    editing.id,
                    name=name,
                    professional_group=group,
                    job_title=job_title,
                    organisation=organisation,
                    department=department,
                ),
                refused=self.tr("Profile not saved"),
            ).run()
        if person is None:
            return
        self._editing = person
        current = self._context.person
        if editing is None or (current is not None and current.id == person.id):
            self._context.set_person(person)
        self._context.status_message.emit(self.tr("Profile saved"))
        self.saved.emit(person)
        self._context.go("home")
