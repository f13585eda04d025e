"""Print plans for everyone: choose a folder and (optionally) a professional group, then
write one plan PDF per person in the background behind a progress dialog with Cancel.

A person whose plan cannot be written is skipped and listed at the end; the others are
still written. Cancel stops before the next person; the files written so far stay.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ppf_app.services import people
from ppf_app.services.library import Library
from ppf_app.ui import messages
from ppf_app.ui.context import AppContext
from ppf_app.ui.operations import Op, Progress, read

if TYPE_CHECKING:
    from ppf_app.services.plan_batch import BatchResult


def documents_folder() -> str:
    """The user's Documents folder (their home folder when the system names none)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents or str(Path.home())


@dataclass
class BatchSummary:
    """How a batch ended: the files written, the people skipped (with why), cancelled."""

    folder: Path
    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    cancelled: bool = False


def _write_plans(library: Library, progress: Progress, folder: Path, group: str | None) -> None:
    """The batch itself, run in the background: one report per person, stop when asked."""
    # Imported here, in the worker: the PDF library stays off the start-up path.
    from ppf_app.services import plan_batch

    for result in plan_batch.write_team_plans(
        library, folder, group=group, cancelled=progress.cancelled
    ):
        progress.report(result)


class BatchPrintDialog(QDialog):
    """Where to write the plans and whose; then the progress of writing them."""

    #: The batch ended (a BatchSummary), also when cancelled; not sent when it failed.
    finished_batch = Signal(object)
    #: One person is done (a BatchResult), for the progress shown.
    progressed = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._op: Op[None] | None = None
        self.summary: BatchSummary | None = None
        self.progress: QProgressDialog | None = None
        self.setWindowTitle(self.tr("Print plans for everyone"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "A development plan PDF is written for each person's latest assessment, "
                "one file per person, into the folder you choose."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        folder_row = QHBoxLayout()
        self.folder = QLineEdit()
        self.folder.setAccessibleName(self.tr("Folder for the plans"))
        self.folder.setText(str(Path(documents_folder()) / self.tr("Development plans")))
        folder_row.addWidget(self.folder, 1)
        self.choose_button = QPushButton(self.tr("&Choose…"))
        self.choose_button.setAccessibleName(self.tr("Choose the folder for the plans"))
        self.choose_button.clicked.connect(self._choose_folder)
        folder_row.addWidget(self.choose_button)
        # A text label only becomes a mnemonic when its field is a widget, not a row.
        folder_label = QLabel(self.tr("&Folder:"))
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, folder_row)
        self.group = QComboBox()
        self.group.setAccessibleName(self.tr("Whose plans"))
        self.group.addItem(self.tr("Everyone"), None)
        everyone = read(self, context, people.list_people) or []
        groups = sorted({p.professional_group for p in everyone})
        for group_id in groups:
            self.group.addItem(
                self.tr("Only {group}").format(group=context.group_title(group_id)), group_id
            )
        form.addRow(self.tr("&Whose plans:"), self.group)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        self.print_button = buttons.addButton(
            self.tr("&Write the plans"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.print_button.setAccessibleName(self.tr("Write the plans"))
        close = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        close.setAccessibleName(self.tr("Close without writing"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 0)

    def run(self) -> None:
        """Ask (modal) and, when accepted, start writing."""
        if self.exec() == QDialog.DialogCode.Accepted:
            self.start()

    def ask_folder(self, start: str) -> Path | None:
        """A folder chosen in the system's dialog (tests replace this)."""
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Folder for the development plans"), start
        )
        return Path(chosen) if chosen else None

    def start_folder(self) -> str:
        """Where the folder dialog opens: the folder typed, or the nearest one of it that
        exists (the plans' folder is made when they are written), else Documents."""
        typed = self.folder.text().strip()
        if typed:
            for candidate in (Path(typed).expanduser(), *Path(typed).expanduser().parents):
                if candidate.is_dir() and candidate != Path(candidate.anchor):
                    return str(candidate)
        return documents_folder()

    def _choose_folder(self) -> None:
        chosen = self.ask_folder(self.start_folder())
        if chosen is not None:
            self.folder.setText(str(chosen))

    # -- running --------------------------------------------------------------------

    def start(self) -> None:
        """Write the plans in the background, with a progress dialog that can cancel."""
        text = self.folder.text().strip()
        if not text:
            messages.problem(self, self.tr("No folder"), self.tr("Choose a folder first."))
            return
        folder = Path(text).expanduser()
        group = self.group.currentData()
        self.summary = BatchSummary(folder=folder)
        progress = QProgressDialog(
            self.tr("Writing the development plans…"),
            self.tr("Cancel"),
            0,
            0,
            self.parentWidget(),
        )
        progress.setWindowTitle(self.tr("Print plans for everyone"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(self.cancel)
        self.progress = progress
        op = Op(
            self,
            self._context,
            lambda library, report: _write_plans(library, report, folder, group),
            refused_title=self.tr("Plans not written"),
        )
        op.with_progress(self._on_result).done(self._on_done).ended(self._finish)
        self._op = op
        progress.show()
        op.in_background()

    def is_running(self) -> bool:
        return self._op is not None

    def cancel(self) -> None:
        """Stop before the next person; what was written stays."""
        if self._op is not None and self.summary is not None:
            self._op.cancel()
            self.summary.cancelled = True
            if self.progress is not None:
                self.progress.setLabelText(self.tr("Stopping after the current plan…"))

    def _on_result(self, result: object) -> None:
        summary = self.summary
        if summary is None:
            return
        item: BatchResult = result  # type: ignore[assignment]
        if item.path is not None:
            summary.written.append(item.path)
        else:
            summary.skipped.append(item.describe_problem())
        self.progressed.emit(item)
        progress = self.progress
        if progress is not None and not summary.cancelled:
            progress.setLabelText(
                self.tr("Written {index} of {total}: {name}").format(
                    index=item.index, total=item.total, name=item.name
                )
            )
            progress.setMaximum(item.total)
            # Last: a modal progress dialog handles pending events in setValue.
            progress.setValue(item.index)

    def _on_done(self, _value: object) -> None:
        summary = self.summary
        if summary is None:
            return
        self._close_progress()
        self._report(summary)
        self.finished_batch.emit(summary)

    def _finish(self) -> None:
        self._op = None
        self._close_progress()

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _report(self, summary: BatchSummary) -> None:
        count = len(summary.written)
        if count == 1:
            text = self.tr("1 plan written to {folder}.").format(folder=summary.folder)
        else:
            text = self.tr("{count} plans written to {folder}.").format(
                count=count, folder=summary.folder
            )
        if summary.cancelled:
            text = self.tr("Stopped. {done}").format(done=text)
        self._context.status_message.emit(text)
        parent = self.parentWidget()
        if summary.skipped:
            if len(summary.skipped) == 1:
                skipped = self.tr("1 person skipped:")
            else:
                skipped = self.tr("{count} people skipped:").format(count=len(summary.skipped))
            messages.warn(
                parent,
                self.tr("Plans written, some people skipped"),
                f"{text}\n\n{skipped}\n" + "\n".join(summary.skipped),
            )
        else:
            messages.inform(parent, self.tr("Plans written"), text)
