"""The left column: whose record is open, and the page list."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ppf_app.services.views import PersonView
from ppf_app.ui.models.people_model import PeopleModel
from ppf_app.ui.pages.base import heading_font, muted

#: The sidebar's width, and its width in a narrow window.
WIDTH = 240
COMPACT_WIDTH = 170


class Sidebar(QFrame):
    #: The user picked a page (its page_name).
    page_chosen = Signal(str)
    #: The user picked another person (person id).
    person_chosen = Signal(int)
    #: The user wants to add a person.
    add_person_requested = Signal()

    def __init__(self, people_model: PeopleModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedWidth(WIDTH)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 14, 12, 12)
        layout.setSpacing(8)
        app_name = QLabel(self.tr("PPF Self-Assessment"))
        app_name.setFont(heading_font(app_name, 1.15))
        app_name.setWordWrap(True)
        layout.addWidget(app_name)

        self.record_label = QLabel(self.tr("&Record open:"))
        layout.addWidget(self.record_label)
        self.person_picker = QComboBox()
        self.person_picker.setModel(people_model)
        self.person_picker.setModelColumn(PeopleModel.NAME)
        # Sized from a number of characters, not by reading every name in the list
        # (thousands of people would be read to size one box); long names are elided.
        self.person_picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.person_picker.setMinimumContentsLength(12)
        self.person_picker.setMinimumWidth(120)
        self.person_picker.setAccessibleName(self.tr("Whose record is open"))
        self.person_picker.setToolTip(self.tr("Whose record is open: switch person here"))
        self.record_label.setBuddy(self.person_picker)
        self.person_picker.activated.connect(self._on_person_activated)
        layout.addWidget(self.person_picker)
        self.person_details = QLabel()
        self.person_details.setWordWrap(True)
        muted(self.person_details)
        layout.addWidget(self.person_details)
        self.add_person_button = QPushButton(self.tr("Add person…"))
        self.add_person_button.setAccessibleName(self.tr("Add a person"))
        self.add_person_button.clicked.connect(self.add_person_requested)
        layout.addWidget(self.add_person_button)

        layout.addSpacing(8)
        self.nav = QListWidget()
        self.nav.setAccessibleName(self.tr("Pages"))
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        self.nav.setSpacing(2)
        self.nav.currentItemChanged.connect(self._on_nav)
        layout.addWidget(self.nav, 1)
        self._people_model = people_model

    def set_compact(self, compact: bool) -> None:
        """Narrower, leaving the page more room (a small window)."""
        self.setFixedWidth(COMPACT_WIDTH if compact else WIDTH)

    def add_page(self, name: str, title: str) -> None:
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, name)
        self.nav.addItem(item)

    def _item(self, name: str) -> QListWidgetItem | None:
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                return item
        return None

    def set_page_enabled(self, name: str, enabled: bool) -> None:
        item = self._item(name)
        if item is None:
            return
        flags = item.flags()
        if enabled:
            flags |= Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        else:
            flags &= ~(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        item.setFlags(flags)

    def mark_page(self, name: str) -> None:
        """Show ``name`` as the current page without announcing it."""
        item = self._item(name)
        blocked = self.nav.blockSignals(True)
        if item is None:
            self.nav.setCurrentRow(-1)
        else:
            self.nav.setCurrentItem(item)
        self.nav.blockSignals(blocked)

    def _on_nav(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is not None:
            self.page_chosen.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def _on_person_activated(self, row: int) -> None:
        rows = self._people_model.rows()
        if 0 <= row < len(rows):
            self.person_chosen.emit(rows[row].id)

    def set_record_visible(self, visible: bool) -> None:
        """Hide the person switcher while the library holds nobody (first start)."""
        for widget in (
            self.record_label,
            self.person_picker,
            self.person_details,
            self.add_person_button,
        ):
            widget.setVisible(visible)

    def show_person(self, person: PersonView | None, group_title: str) -> None:
        row = None if person is None else self._people_model.row_of(person.id)
        self.person_picker.setCurrentIndex(-1 if row is None else row)
        if person is None:
            self.person_details.setText("")
            return
        details = [group_title, person.job_title, person.organisation]
        self.person_details.setText("\n".join(text for text in details if text))
