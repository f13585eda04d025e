"""File > Export for appraisal and File > Import: the exchange between two computers,
without a terminal.

Both run the same services as ``ppf export`` and ``ppf import``, with the same checks and
refusals. An export is signed by this library's key and may be protected with a
passphrase. An import is read and checked first (asking for the passphrase of a
protected file), then shown once: whom it is about, who signed it (with the fingerprint
to compare when the key is new, and a warning when it is not the one confirmed before),
what it adds, changes and leaves alone; it is applied only as shown.
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
    from ppf_app.services.portable_summary import ImportSummary
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

    def ask_export_passphrase(self) -> str | None:
        """A passphrase to protect the file with: "" for none, None to cancel."""
        title = self.tr("Protect the file")
        first = messages.ask_secret(
            self._window,
            title,
            self.tr(
                "To send the file by email or on a USB stick, protect it with a passphrase "
                "(at least 8 characters; tell it to the other person another way). Leave it "
                "empty to write the file without one.\n\nPassphrase:"
            ),
        )
        if not first:
            return first
        again = messages.ask_secret(self._window, title, self.tr("The same passphrase again:"))
        if again is None:
            return None
        if again != first:
            messages.problem(
                self._window,
                self.tr("Not exported"),
                self.tr("The two passphrases differ; nothing was written."),
            )
            return None
        return first

    def ask_import_passphrase(self, path: Path) -> str | None:
        return messages.ask_secret(
            self._window,
            self.tr("A protected file"),
            self.tr("{name} is protected with a passphrase. Passphrase:").format(name=path.name),
        )

    def confirm_import(self, summary: ImportSummary) -> bool:
        """Asked once, with what the import will do."""
        from ppf_app.services.portable_summary import KeyStatus

        status = summary.signer.status
        yes = {
            KeyStatus.NEW: self.tr("Trust and import"),
            KeyStatus.DIFFERENT: self.tr("Trust the new key and import"),
        }.get(status, self.tr("Import"))
        return messages.confirm(
            self._window,
            self.tr("Import a portable file"),
            self.summary_text(summary),
            yes,
            warning=status is KeyStatus.DIFFERENT,
        )

    def summary_text(self, summary: ImportSummary) -> str:
        from ppf_app.services.portable_summary import KeyStatus

        name = summary.person_name
        signer = summary.signer
        parts = [
            self.tr("This file holds the record of {name}.").format(name=name)
            if summary.person_known
            else self.tr(
                "This file holds the record of {name}, who is not in this library yet."
            ).format(name=name)
        ]
        if signer.status is KeyStatus.OWN:
            parts.append(self.tr("It was exported from this library."))
        elif signer.status is KeyStatus.KNOWN:
            parts.append(
                self.tr("It is signed by {fingerprint}, the key you confirmed for {name}.").format(
                    fingerprint=signer.fingerprint, name=name
                )
            )
        elif signer.status is KeyStatus.NEW:
            parts.append(
                self.tr(
                    "It is signed by a key you have not confirmed yet:\n\n    {fingerprint}\n\n"
                    "Ask the person who sent it to read out the key on their profile page, and "
                    "import only if it is the same. From then on files signed by this key are "
                    "trusted for {name}."
                ).format(fingerprint=signer.fingerprint, name=name)
            )
        elif signer.status is KeyStatus.DIFFERENT:
            parts.append(
                self.tr(
                    "Warning: it is signed by {fingerprint}, which is NOT the key you confirmed "
                    "for {name} ({known}). Someone may have altered it. Import only if their "
                    "computer was replaced, or someone else now sends their files, and you have "
                    "compared the new key with them."
                ).format(fingerprint=signer.fingerprint, name=name, known=", ".join(signer.known))
            )
        else:
            parts.append(
                self.tr(
                    "It was written by an earlier version of the app and is not signed: who "
                    "wrote it cannot be checked."
                )
            )
        if summary.added or summary.changed:
            parts.append(
                self.tr("Importing it will:")
                + "\n"
                + "\n".join(f"• {self.tr('add')}: {line}" for line in summary.added)
                + ("\n" if summary.added and summary.changed else "")
                + "\n".join(f"• {self.tr('change')}: {line}" for line in summary.changed)
            )
        else:
            parts.append(self.tr("It adds or changes nothing: this library has all of it."))
        if summary.kept:
            parts.append(
                self.tr("It leaves as they are:")
                + "\n"
                + "\n".join(f"• {line}" for line in summary.kept)
            )
        return "\n\n".join(parts)

    # -- export -------------------------------------------------------------------------

    def export_current(self) -> None:
        person = self._context.person
        if person is None:
            return
        safe = "".join(c if c.isalnum() else "-" for c in person.name).strip("-")
        out = self.ask_export_path(f"{safe}-record-{date.today().isoformat()}{SUFFIX}")
        passphrase = self.ask_export_passphrase() if out is not None else None
        if out is None or passphrase is None:
            self.exported.emit(None)
            return
        from ppf_app.services import portable

        person_id = person.id
        written: list[Path] = []
        Op(
            self._window,
            self._context,
            lambda lib: portable.export_person(lib, person_id, out, passphrase=passphrase or None),
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
        """Import ``path`` (else ask which): check it, show what it does once, apply."""
        if path is None:
            path = self.ask_import_path()
        if path is None:
            self.imported.emit(None)
            return
        from ppf_app.services import portable

        chosen = path
        refused = self.tr("Not imported")
        data = Op(
            self._window,
            self._context,
            lambda _lib: portable.read_portable_bytes(chosen),
            refused_title=refused,
        ).run()
        passphrase: str | None = None
        if data is not None and portable.is_encrypted(data):
            passphrase = self.ask_import_passphrase(chosen)
            if passphrase is None:
                data = None
        summary = (
            Op(
                self._window,
                self._context,
                lambda lib: portable.preview_import(lib, chosen, data, passphrase=passphrase),
                refused_title=refused,
            ).run()
            if data is not None
            else None
        )
        if summary is None or not self.confirm_import(summary):
            self.imported.emit(None)
            return
        trust = summary.signer.fingerprint if summary.signer.needs_trust else None
        result = Op(
            self._window,
            self._context,
            lambda lib: portable.import_portable(
                lib, chosen, data, passphrase=passphrase, trust=trust, expected=summary
            ),
            refused_title=refused,
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
