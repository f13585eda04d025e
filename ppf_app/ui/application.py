"""Builds the QApplication, opens the library and the main window, runs the event loop."""

from __future__ import annotations

import gc
import logging
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QRectF, Qt, QThreadPool, QTimer
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

from ppf_app import __version__
from ppf_app.core import process
from ppf_app.core.resources import resource_path
from ppf_app.ui import errors, messages, single_instance
from ppf_app.ui.operations import open_library_or_explain

log = logging.getLogger(__name__)

#: How the app names itself in the data folder's lock file while it has it open.
LOCK_HOLDER_NAME = "the PPF Self-Assessment app"

#: Exit status when the data folder cannot be used (as the CLI's "bad input").
EXIT_DATA_FOLDER = 2

#: The desktop entry's name (without ".desktop"): docks and task bars match windows by it.
DESKTOP_FILE_NAME = "io.github.ppf_self_assessment.PPFSelfAssessment"
#: Sizes of the bundled PNG icons (resources/icons/ppf-self-assessment-SIZE.png).
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """The application's icon at every bundled size (files are read when first drawn)."""
    icon = QIcon()
    for size in ICON_SIZES:
        path = resource_path("icons", f"ppf-self-assessment-{size}.png")
        if path.is_file():
            icon.addFile(str(path))
    return icon


#: Width of the ring drawn round a button that has the keyboard focus, in pixels.
FOCUS_RING_WIDTH = 2.0


class FocusRingStyle(QProxyStyle):
    """The system's style, plus a clear ring round the push button with the focus.

    Some styles (Fusion among them) mark a focused button so faintly that a keyboard
    user loses their place. The ring is drawn in the palette's highlight colour, so it
    follows the light or dark appearance, over whatever the style drew.
    """

    def drawControl(
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawControl(element, option, painter, widget)
        if element == QStyle.ControlElement.CE_PushButton and (
            option.state & QStyle.StateFlag.State_HasFocus
        ):
            draw_focus_ring(painter, QRectF(option.rect), option.palette)


def draw_focus_ring(painter: QPainter, rect: QRectF, palette: QPalette) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(palette.color(QPalette.ColorRole.Highlight), FOCUS_RING_WIDTH)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    inset = FOCUS_RING_WIDTH / 2 + 0.5
    painter.drawRoundedRect(rect.adjusted(inset, inset, -inset, -inset), 3, 3)
    painter.restore()


_focus_style: list[QProxyStyle] = []


def use_focus_ring(app: QApplication) -> QProxyStyle:
    """Wrap ``app``'s style in :class:`FocusRingStyle` (once)."""
    current = app.style()
    if isinstance(current, FocusRingStyle):
        return current
    style = FocusRingStyle(current.name())
    _focus_style[:] = [style]  # kept alive while the application uses it
    app.setStyle(style)
    return style


def make_qapplication() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setOrganizationName("PPF")
    QCoreApplication.setApplicationName("PPF Self-Assessment")
    QCoreApplication.setApplicationVersion(__version__)
    # Fractional scaling (125 %, 150 %) as the system asks, not rounded to whole numbers.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    QGuiApplication.setDesktopFileName(DESKTOP_FILE_NAME)
    app = QApplication([])
    app.setApplicationDisplayName("PPF Self-Assessment")
    app.setWindowIcon(app_icon())
    use_focus_ring(app)
    return app


def library_key(data_dir: str | None) -> str:
    """Names the library this start opens (data folder or database server) and the user."""
    from ppf_app.core import config
    from ppf_app.core.errors import UserError
    from ppf_app.core.paths import resolve_data_dir

    try:
        url = config.database_url(data_dir)
    except UserError:
        url = None  # told when the library is opened
    return single_instance.library_key(resolve_data_dir(data_dir), url)


def run_application(*, data_dir: str | None, smoke: bool, files: Sequence[str] = ()) -> int:
    # One window per user and library: a later start hands its files to the open window,
    # which comes forward, and quits before building anything.
    if not smoke and not single_instance.start(
        library_key(data_dir), single_instance.files_to_open(files)
    ):
        return 0
    app = make_qapplication()
    errors.install_excepthook()
    if smoke:
        # Nobody is there to press OK: messages go to the log (and problems to stderr).
        messages.use_logging()
        errors.use_logging()
    # A second writer refused by the data folder's lock is told who holds it.
    with process.settings(program=LOCK_HOLDER_NAME):
        library = open_library_or_explain(data_dir, interactive=not smoke)
    if library is None:
        single_instance.stop()
        return EXIT_DATA_FOLDER
    from ppf_app.ui.context import AppContext
    from ppf_app.ui.main_window import MainWindow

    try:
        window = MainWindow(AppContext(library))
        window.restore()
        window.show()
        channel = single_instance.current()
        if channel is not None:
            # Files handed over arrive on channel.files_received (connect_files).
            channel.activate_requested.connect(lambda: single_instance.bring_forward(window))
        if smoke:
            # Quit once the event loop has processed everything queued at start-up.
            QTimer.singleShot(0, window.close)
            QTimer.singleShot(0, app.quit)
        # What start-up made stays for the app's life: the garbage collector (paused
        # since ppf_app.ui.app.main) skips it from now on, in use and when quitting.
        gc.freeze()
        gc.enable()
        status = app.exec()
    finally:
        # A plan still being written finishes before its library closes.
        QThreadPool.globalInstance().waitForDone()
        single_instance.stop()
        library.close()
    log.info("Event loop ended with status %s", status)
    return int(status)
