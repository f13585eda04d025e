"""The main window: a sidebar, the stack of pages, menus and a status bar.

It assembles pages and menus and routes between them; it knows no page's insides. A
page is built the first time it is shown. Pages ask for other pages through
:meth:`AppContext.go`; menus ask pages for their own actions with an intent
(:meth:`Page.act`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent, QUndoGroup
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QStackedWidget, QWidget

from ppf_app.services import people
from ppf_app.services.unit import Changes
from ppf_app.services.views import PersonView
from ppf_app.ui import messages
from ppf_app.ui.context import AppContext
from ppf_app.ui.models.people_model import PeopleModel
from ppf_app.ui.operations import read
from ppf_app.ui.pages.base import Page
from ppf_app.ui.portable_actions import PortableActions
from ppf_app.ui.settings import AppSettings
from ppf_app.ui.sidebar import Sidebar


def _page_factories() -> dict[str, Callable[[AppContext], Page]]:
    """How each page is built (imported here, so a page's module loads when first shown)."""

    def welcome(context: AppContext) -> Page:
        from ppf_app.ui.pages.welcome import WelcomePage

        return WelcomePage(context)

    def home(context: AppContext) -> Page:
        from ppf_app.ui.pages.home import HomePage

        return HomePage(context)

    def assessment(context: AppContext) -> Page:
        from ppf_app.ui.pages.assessment import AssessmentPage

        return AssessmentPage(context)

    def results(context: AppContext) -> Page:
        from ppf_app.ui.pages.results import ResultsPage

        return ResultsPage(context)

    def plan(context: AppContext) -> Page:
        from ppf_app.ui.pages.plan import PlanPage

        return PlanPage(context)

    def meeting(context: AppContext) -> Page:
        from ppf_app.ui.pages.meeting import MeetingPage

        return MeetingPage(context)

    def frameworks(context: AppContext) -> Page:
        from ppf_app.ui.pages.frameworks import FrameworksPage

        return FrameworksPage(context)

    def profile(context: AppContext) -> Page:
        from ppf_app.ui.pages.profile import ProfilePage

        return ProfilePage(context)

    def tna(context: AppContext) -> Page:
        from ppf_app.ui.pages.tna import TnaPage

        return TnaPage(context)

    def pairs(context: AppContext) -> Page:
        from ppf_app.ui.pages.pairs import PairsPage

        return PairsPage(context)

    return {
        "welcome": welcome,
        "home": home,
        "assessment": assessment,
        "results": results,
        "plan": plan,
        "meeting": meeting,
        "frameworks": frameworks,
        "profile": profile,
        "pairs": pairs,
        "tna": tna,
    }


#: The page list, in order: name, title.
NAVIGATION = (
    ("home", "Assessments"),
    ("assessment", "Rate"),
    ("results", "Results"),
    ("plan", "Plan"),
    ("meeting", "Meeting"),
    ("frameworks", "Frameworks"),
    ("profile", "Profile"),
    ("pairs", "Pairs"),
    ("tna", "Training needs"),
)
#: Pages the window reopens at start-up; the others need something chosen first.
RESTORABLE = ("home", "assessment", "results", "plan", "frameworks", "profile")
#: The window's least size: it fits a 1366x768 laptop at 150 % (910x480 logical pixels
#: once a task bar is taken off); the pages scroll and reflow below their own size.
MINIMUM_SIZE = (720, 440)
#: The size of a first start, made smaller to fit a smaller screen.
FIRST_SIZE = (1180, 760)
#: Narrower than this, the sidebar gives the page more of the width.
WIDE_WINDOW = 1100
#: Pages that show one assessment.
ASSESSMENT_PAGES = ("assessment", "results", "plan", "meeting")
#: Pages about the open person's record.
RECORD_PAGES = ("home", "profile", *ASSESSMENT_PAGES)


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, settings: AppSettings | None = None) -> None:
        super().__init__()
        self.context = context
        self.settings = settings or AppSettings()
        self._switching = False
        self._batch: QObject | None = None
        self._factories = _page_factories()
        self.pages: dict[str, Page] = {}
        self.undo_group = QUndoGroup(self)
        context.undo_group = self.undo_group
        self.setObjectName("MainWindow")
        self.setMinimumSize(*MINIMUM_SIZE)

        self.people_model = PeopleModel(context.group_title, self)
        self.sidebar = Sidebar(self.people_model)
        for name, title in NAVIGATION:
            self.sidebar.add_page(name, self.tr(title))
        self.stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.portable = PortableActions(self, context)
        self.record_status = QLabel()
        self.record_status.setAccessibleName(self.tr("Whose record is open"))
        self.statusBar().addPermanentWidget(self.record_status)

        self._build_menus()
        self._connect()
        self.resize(*FIRST_SIZE)

    # -- pages ------------------------------------------------------------------------

    def page(self, name: str) -> Page:
        """The page ``name``, built the first time it is asked for."""
        page = self.pages.get(name)
        if page is None:
            page = self._factories[name](self.context)
            self.pages[name] = page
            self.stack.addWidget(page)
            page.emptied.connect(self._leave_empty_page)
        return page

    def __getattr__(self, name: str) -> Page:
        # ``window.home``, ``window.results``...: the page, built when first used.
        factories = self.__dict__.get("_factories")
        if factories is not None and name in factories:
            return self.page(name)
        raise AttributeError(name)

    def current_page(self) -> Page | None:
        page = self.stack.currentWidget()
        return page if isinstance(page, Page) else None

    def subject_of(self, name: str) -> int | None:
        page = self.pages.get(name)
        return page.subject if page is not None else None

    # -- building ---------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.new_assessment_action = self._action(
            file_menu, self.tr("&New assessment"), lambda: self.go("home", None, "new")
        )
        self.new_assessment_action.setShortcut(QKeySequence.StandardKey.New)
        self.add_person_action = self._action(
            file_menu, self.tr("Add &person…"), lambda: self.go("new-person")
        )
        self.add_framework_action = self._action(
            file_menu, self.tr("Add &framework…"), lambda: self.go("frameworks", None, "add")
        )
        file_menu.addSeparator()
        self.export_action = self._action(
            file_menu, self.tr("E&xport for appraisal…"), self.portable.export_current
        )
        self.import_action = self._action(
            file_menu, self.tr("&Import…"), lambda: self.portable.import_file()
        )
        file_menu.addSeparator()
        self.save_plan_action = self._action(
            file_menu,
            self.tr("Save plan as &PDF…"),
            lambda: self.go("plan", self.subject_of("plan"), "save-pdf"),
        )
        self.save_plan_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_all_action = self._action(
            file_menu, self.tr("Print plans for &everyone…"), self.print_all_plans
        )
        file_menu.addSeparator()
        quit_action = self._action(file_menu, self.tr("&Quit"), self.close)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        edit_menu = bar.addMenu(self.tr("&Edit"))
        # Undo and redo act on the Rate page only: a rating must never change out of sight.
        self.undo_action = self.undo_group.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_group.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)

        go_menu = bar.addMenu(self.tr("&Go"))
        self.go_actions: dict[str, QAction] = {}
        for number, (name, title) in enumerate(NAVIGATION, start=1):
            action = self._action(go_menu, self.tr(title), lambda _=False, n=name: self.navigate(n))
            action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key(Qt.Key.Key_0 + number)))
            self.go_actions[name] = action
        go_menu.addSeparator()
        next_value = self._action(
            go_menu, self.tr("&Next value"), lambda: self._act_on_current("next-value")
        )
        next_value.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_PageDown))
        previous_value = self._action(
            go_menu, self.tr("Pre&vious value"), lambda: self._act_on_current("previous-value")
        )
        previous_value.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_PageUp))
        self.value_actions = (next_value, previous_value)

        help_menu = bar.addMenu(self.tr("&Help"))
        # Help for this page (F1), the user guide and the keyboard shortcuts (ui/help.py).
        from ppf_app.ui.help_menu import HelpActions

        self.help_actions = HelpActions(
            self, help_menu, lambda: page.page_name if (page := self.current_page()) else ""
        )
        help_menu.addSeparator()
        about = self._action(help_menu, self.tr("&About PPF Self-Assessment"), self.show_about)
        about.setMenuRole(QAction.MenuRole.AboutRole)

    def _action(self, menu: QObject, title: str, slot: Callable[..., object]) -> QAction:
        action = QAction(title, self)
        action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def _connect(self) -> None:
        context = self.context
        self.sidebar.page_chosen.connect(self.navigate)
        self.sidebar.person_chosen.connect(self.switch_person)
        self.sidebar.add_person_requested.connect(lambda: self.go("new-person"))
        context.navigation_requested.connect(self.go)
        context.changed.connect(self._on_changed)
        context.person_changed.connect(self._on_person_changed)
        context.status_message.connect(lambda text: self.statusBar().showMessage(text, 4000))

    # -- start-up ---------------------------------------------------------------------

    def restore(self) -> None:
        """Open where the user left off: window geometry, person, page."""
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.fit_to_screen()
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)
        if self.context.library.lead_only:  # a lead reads nobody's record: aggregates only
            self._update_person_ui(None)
            self.go("tna")
            return
        everyone = self._reload_people()
        if not everyone:
            self._update_person_ui(None)
            self.go("welcome")
            return
        remembered = self.settings.last_person(self.context.data_folder)
        chosen = next((p for p in everyone if p.id == remembered), everyone[0])
        self.context.set_person(chosen)
        page = self.settings.last_page()
        last = self.settings.last_assessment(self.context.data_folder)
        if page in ASSESSMENT_PAGES and page != "meeting" and last is not None:
            self.go(page, last, quiet=True)
            if self.current_page() is self.pages.get(page):
                return
        self.go(page if page in ("home", "frameworks", "profile") else "home")

    def fit_to_screen(self) -> None:
        """Keep the window inside its screen's free area (a size saved on a larger
        screen, or the first size on a small laptop)."""
        if self.isMaximized() or self.isFullScreen():
            return
        screen = self.screen()
        if screen is None:
            return
        available = screen.availableGeometry()
        frame = self.frameGeometry()
        extra_width = frame.width() - self.width()
        extra_height = frame.height() - self.height()
        width = max(min(self.width(), available.width() - extra_width), self.minimumWidth())
        height = max(min(self.height(), available.height() - extra_height), self.minimumHeight())
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        frame = self.frameGeometry()
        x = min(max(frame.x(), available.x()), available.right() + 1 - frame.width())
        y = min(max(frame.y(), available.y()), available.bottom() + 1 - frame.height())
        if (x, y) != (frame.x(), frame.y()):
            self.move(max(x, available.x()), max(y, available.y()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.sidebar.set_compact(event.size().width() < WIDE_WINDOW)
        super().resizeEvent(event)

    # -- navigation -------------------------------------------------------------------

    def navigate(self, name: str) -> None:
        """Go to a page the user picked in the page list or the Go menu."""
        if self._switching:
            return
        subject: int | None = None
        if name in ASSESSMENT_PAGES:
            subject = self.subject_of(name)
            if name == "plan":
                # The plan of the assessment whose results were shown last.
                subject = self.subject_of("results") or subject
        self.go(name, subject)

    def show_page(self, name: str) -> None:
        """Show page ``name`` about what it showed last (as the page list does)."""
        self.navigate(name)

    def go(
        self, name: str, subject: int | None = None, intent: str = "", *, quiet: bool = False
    ) -> None:
        """Show page ``name`` about ``subject``, then do ``intent`` there.

        ``quiet``: when the page cannot show ``subject``, stay where we are without
        saying so (restoring the last session).
        """
        person = self.context.person
        if name == "new-person":
            name, subject = "profile", None
        elif name in RECORD_PAGES and person is None:
            name, subject = "welcome", None
        elif name == "profile" and person is not None:
            subject = person.id
        page = self.page(name)
        if page.needs_subject and subject is None:
            subject = page.subject
            if subject is None:
                self._stay()
                if not quiet:
                    self.statusBar().showMessage(
                        self.tr("Choose an assessment on the Assessments page first."), 4000
                    )
                return
        current = self.current_page()
        if current is not None and current is not page:
            current.leave()
        if name == "profile" or page.needs_subject:
            page.show_subject(subject, quiet=quiet)
            if page.needs_subject and page.subject != subject:
                self._stay()  # not shown (another person's, or gone): already told
                return
        self._switch_to(page, "" if name == "profile" and subject is None else name)
        if page.needs_subject and name != "meeting":
            self.settings.set_last_assessment(self.context.data_folder, subject)
        if name in RESTORABLE:
            self.settings.set_last_page(name)
        if intent:
            page.act(intent)

    def _stay(self) -> None:
        current = self.current_page()
        self.sidebar.mark_page(current.page_name if current is not None else "")

    def _switch_to(self, page: Page, nav_name: str) -> None:
        """Show ``page`` (the one shown before has saved what it had pending)."""
        # Hiding the old page moves the focus, which can make the page list pick an item
        # by itself; that must not start a second switch.
        self._switching = True
        try:
            self.stack.setCurrentWidget(page)
        finally:
            self._switching = False
        self.sidebar.mark_page(nav_name)
        page.activated()
        self._update_nav()

    def _act_on_current(self, intent: str) -> None:
        page = self.current_page()
        if page is not None:
            page.act(intent)

    def _update_nav(self) -> None:
        current = self.current_page()
        for name in ASSESSMENT_PAGES:
            reachable = self.subject_of(name) is not None
            if name == "plan":
                reachable = reachable or self.subject_of("results") is not None
            self.sidebar.set_page_enabled(name, reachable)
            self.go_actions[name].setEnabled(reachable)
        self.save_plan_action.setEnabled(self.subject_of("plan") is not None)
        on_rating = current is not None and current.page_name == "assessment"
        for action in self.value_actions:
            action.setEnabled(on_rating)

    # -- people -----------------------------------------------------------------------

    def _reload_people(self) -> list[PersonView]:
        everyone = read(self, self.context, people.list_people) or []
        self.people_model.set_rows(everyone)
        self._update_person_ui(self.context.person)
        return everyone

    def switch_person(self, person_id: int) -> None:
        person = self.context.person
        if person is not None and person.id == person_id:
            return
        current = self.current_page()
        if current is not None:
            current.leave()
        chosen = next((p for p in self.people_model.rows() if p.id == person_id), None)
        if chosen is not None:
            self.context.set_person(chosen)

    def _on_person_changed(self, person: PersonView | None) -> None:
        self._update_person_ui(person)
        if person is not None:
            self.settings.set_last_person(self.context.data_folder, person.id)
        self._leave_empty_page()

    def _leave_empty_page(self) -> None:
        """A page left with nothing to show (its record closed or deleted) gives way to
        the home page."""
        current = self.current_page()
        if current is not None and current.needs_subject and current.subject is None:
            self.go("home")
        else:
            self._update_nav()

    def _on_changed(self, changes: Changes, _source: object) -> None:
        if changes.people:
            everyone = self._reload_people()
            person = self.context.person
            if person is not None and person.id in changes.people:
                updated = next((p for p in everyone if p.id == person.id), None)
                if updated is not None:
                    self.context.set_person(updated)
        self._leave_empty_page()

    def _update_person_ui(self, person: PersonView | None) -> None:
        group = self.context.group_title(person.professional_group) if person else ""
        self.sidebar.show_person(person, group)
        has_people = bool(self.people_model.rows())
        self.sidebar.set_record_visible(has_people)
        self.add_person_action.setEnabled(has_people)
        self.print_all_action.setEnabled(has_people)
        for name in ("home", "profile"):
            self.sidebar.set_page_enabled(name, person is not None)
        self.new_assessment_action.setEnabled(person is not None)
        self.export_action.setEnabled(person is not None)
        if person is None:
            self.setWindowTitle(self.tr("PPF Self-Assessment"))
            self.record_status.setText("")
        else:
            self.setWindowTitle(self.tr("{name} — PPF Self-Assessment").format(name=person.name))
            self.record_status.setText(self.tr("Record open: {name}").format(name=person.name))
        self._update_nav()

    # -- dialogs ----------------------------------------------------------------------

    def print_all_plans(self) -> None:
        """Write a plan PDF for every person (or one group) into a chosen folder."""
        from ppf_app.ui.batch_print import BatchPrintDialog

        current = self.current_page()
        if current is not None:
            current.leave()
        dialog = BatchPrintDialog(self.context, self)
        dialog.finished_batch.connect(self._batch_ended)
        self._batch = dialog
        dialog.run()
        if not dialog.is_running():
            self._batch_ended()

    def _stop_batch(self) -> None:
        """A batch still writing stops before its next person when the window closes."""
        batch = self._batch
        if batch is None:
            return
        from ppf_app.ui.batch_print import BatchPrintDialog

        if isinstance(batch, BatchPrintDialog) and batch.is_running():
            batch.cancel()

    def _batch_ended(self, _summary: object = None) -> None:
        if self._batch is not None:
            self._batch.deleteLater()
            self._batch = None

    def show_about(self) -> None:
        from ppf_app.ui.about import AboutDialog

        AboutDialog(self.context.data_folder, self).exec()

    # -- closing ----------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        for page in self.pages.values():
            page.leave()
        unsaved = sum(page.unsaved() for page in self.pages.values())
        if unsaved and not messages.confirm(
            self,
            self.tr("Changes not saved yet"),
            (
                self.tr("1 change has")
                if unsaved == 1
                else self.tr("{count} changes have").format(count=unsaved)
            )
            + " "
            + self.tr(
                "not reached your organisation's database server, which cannot be reached "
                "now. Keep the app open and they are saved as soon as it is back (it tries "
                "every few seconds). Close now, and they are lost."
            ),
            self.tr("Close and lose them"),
            warning=True,
        ):
            event.ignore()
            return
        self._stop_batch()
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        self.settings.sync()
        super().closeEvent(event)
