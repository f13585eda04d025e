"""File > Export for appraisal and File > Import: the exchange between two computers,
without a terminal.

Both run the same services as ``ppf export`` and ``ppf import``, with the same checks and
refusals; the import is read and checked first, and a file about someone not in this
library asks before adding them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from ppf_app.services.views import PortableImportResult
from ppf_app.ui import messages
from ppf_app.ui.operations import Op

if TYPE_CHECKING:
    from ppf_app.services import portable
    from ppf_app.ui.context import AppContext

#: What the app suggests as a portable file's name ending (JSON inside).
SUFFIX = ".ppf.json"


def documents_folder() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))


class PortableActions(QObject):
    """Export the open person's record for an appraiser; import a file sent back."""

    #: An export ended: the path written, or None.
    exported = Signal(object)
    #: An import ended: the PortableImportResult, or None.
    imported = Signal(object)

    def __init__(self, window: QWidget, context: AppContext) -> None:
        super().__init__(window)
        self._window = window
        self._context = context

    # -- asking (tests replace these) ---------------------------------------------------

    def ask_export_path(self, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self._window,
            self.tr("Export for appraisal"),
            str(documents_folder() / suggested),
            self.tr("PPF portable files (*.ppf.json *.json)"),
        )
        if not name:
            return None
        path = Path(name)
        return path if path.name.endswith((".json", ".ppf")) else path.with_name(path.name + SUFFIX)

    def ask_import_path(self) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self._window,
            self.tr("Import a portable file"),
            str(documents_folder()),
            self.tr("PPF portable files (*.ppf.json *.json *.ppf);;All files (*)"),
        )
        return Path(name) if name else None

    def confirm_new_person(self, preview: portable.ImportPreview) -> bool:
        return messages.confirm(
            self._window,
            self.tr("Add a person"),
            self.tr(
                "This file holds the record of {name}, who is not in this library yet. Add "
                "{name} with the {count} assessments in the file?"
            ).format(name=preview.person_name, count=preview.assessments),
            self.tr("Add {name}").format(name=preview.person_name),
        )

    # -- export -------------------------------------------------------------------------

    def export_current(self) -> None:
        person = self._context.person
        if person is None:
            return
        safe = "".join(c if c.isalnum() else "-" for c in person.name).strip("-")
        out = self.ask_export_path(f"{safe}-record-{date.today().isoformat()}{SUFFIX}")
        if out is None:
            self.exported.emit(None)
            return
        from ppf_app.services import portable

        person_id = person.id
        written: list[Path] = []
        Op(
            self._window,
            self._context,
            lambda lib: portable.export_person(lib, person_id, out),
            refused_title=self.tr("Not exported"),
        ).done(written.append).ended(
            lambda: self._export_ended(written[0] if written else None)
        ).in_background()

    def _export_ended(self, path: Path | None) -> None:
        if path is not None:
            self._context.status_message.emit(
                self.tr("Exported to {path}: send it to the appraiser").format(path=path)
            )
        self.exported.emit(path)

    # -- import -------------------------------------------------------------------------

    def import_file(self, path: Path | None = None) -> None:
        """Import ``path`` (else ask which): check it, ask about a new person, apply."""
        if path is None:
            path = self.ask_import_path()
        if path is None:
            self.imported.emit(None)
            return
        from ppf_app.services import portable

        chosen = path
        preview = Op(
            self._window,
            self._context,
            lambda lib: portable.preview_import(lib, chosen),
            refused_title=self.tr("Not imported"),
        ).run()
        if preview is None or (not preview.person_known and not self.confirm_new_person(preview)):
            self.imported.emit(None)
            return
        result = Op(
            self._window,
            self._context,
            lambda lib: portable.import_portable(lib, chosen),
            refused_title=self.tr("Not imported"),
        ).run()
        if result is not None:
            self._report(result)
            self._context.set_person(result.person)
        self.imported.emit(result)

    def _report(self, result: PortableImportResult) -> None:
        self._context.status_message.emit(
            self.tr("Imported the record of {name}: {created} new, {updated} updated").format(
                name=result.person.name,
                created=result.assessments_created,
                updated=result.assessments_updated,
            )
        )
