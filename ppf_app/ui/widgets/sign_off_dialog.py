"""Sign-off: both names and today's date; the agreed assessment then becomes read-only."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class SignOffDialog(QDialog):
    """Asks the appraisee's and the appraiser's names; OK only when both are given."""

    def __init__(
        self, appraisee: str, appraiser: str, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign off the appraisal"))
        layout = QVBoxLayout(self)
        explain = QLabel(
            self.tr(
                "Signing records both names and today's date. The agreed ratings, their "
                "notes and the plan then become read-only; a later change opens a new "
                "version and the signed one stays as it was."
            )
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)
        form = QFormLayout()
        self.appraisee = QLineEdit(appraisee)
        self.appraisee.setAccessibleName(self.tr("Appraisee's name"))
        form.addRow(self.tr("&Appraisee:"), self.appraisee)
        self.appraiser = QLineEdit(appraiser)
        self.appraiser.setAccessibleName(self.tr("Appraiser's name"))
        form.addRow(self.tr("A&ppraiser:"), self.appraiser)
        self.date_label = QLabel(today.strftime("%d %B %Y").lstrip("0"))
        form.addRow(self.tr("Date:"), self.date_label)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        self.sign_button = QPushButton(self.tr("&Sign"))
        self.sign_button.setAccessibleName(self.tr("Sign the appraisal"))
        buttons.addButton(self.sign_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName(self.tr("Cancel without signing"))
        # Enter signs (Sign is the default button), Escape cancels: Cancel never takes
        # the default, even while Sign is disabled for a missing name.
        self.cancel_button.setAutoDefault(False)
        self.sign_button.setAutoDefault(True)
        self.sign_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.appraisee.textChanged.connect(self._update)
        self.appraiser.textChanged.connect(self._update)
        self.appraisee.returnPressed.connect(self._sign_if_ready)
        self.appraiser.returnPressed.connect(self._sign_if_ready)
        self._update()
        self.setMinimumWidth(460)

    def _sign_if_ready(self) -> None:
        if self.sign_button.isEnabled():
            self.accept()

    def names(self) -> tuple[str, str]:
        return self.appraisee.text().strip(), self.appraiser.text().strip()

    def _update(self) -> None:
        appraisee, appraiser = self.names()
        self.sign_button.setEnabled(bool(appraisee and appraiser))
