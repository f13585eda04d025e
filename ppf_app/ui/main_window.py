"""The main window: a sidebar, the stack of pages, menus and a status bar.

It assembles the pages and routes between them; what a page shows and saves lives in
the page's own module.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QStackedWidget, QWidget

from ppf_app.core.errors import UserError
from ppf_app.services import assessments
from ppf_app.services.views import AssessmentView, PersonView
from ppf_app.ui import messages
from ppf_app.ui.about import AboutDialog
from ppf_app.ui.context import AppContext
from ppf_app.ui.models.people_model import PeopleModel
from ppf_app.ui.pages.assessment import AssessmentPage
from ppf_app.ui.pages.base import Page
from ppf_app.ui.pages.frameworks import FrameworksPage
from ppf_app.ui.pages.home import HomePage
from ppf_app.ui.pages.meeting import MeetingPage
from ppf_app.ui.pages.plan import PlanPage
from ppf_app.ui.pages.profile import ProfilePage
from ppf_app.ui.pages.results import ResultsPage
from ppf_app.ui.pages.welcome import WelcomePage
from ppf_app.ui.plan_action import PlanAction
from ppf_app.ui.settings import AppSettings
from ppf_app.ui.sidebar import Sidebar

#: Pages the window reopens at start-up; the others need something chosen first.
RESTORABLE = ("home", "assessment", "results", "plan", "frameworks", "profile")
#: Pages that show one assessment (chosen first on the Assessments page).
ASSESSMENT_PAGES = ("assessment", "results", "plan", "meeting")


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, settings: AppSettings | None = None) -> None:
        super().__init__()
        self.context = context
        self.settings = settings or AppSettings()
        self._switching = False
        self._batch: QObject | None = None
        self.setObjectName("MainWindow")
        self.setMinimumSize(900, 600)

        self.people_model = PeopleModel(context.group_title, self)
        self.sidebar = Sidebar(self.people_model)
        self.stack = QStackedWidget()
        self.welcome = WelcomePage(str(context.data_folder))
        self.profile = ProfilePage(context)
        self.home = HomePage(context)
        self.assessment = AssessmentPage(context)
        self.results = ResultsPage(context)
        self.plan = PlanPage(context)
        self.meeting = MeetingPage(context)
        self.frameworks = FrameworksPage(context)
        self.pages: dict[str, Page] = {}
        for page in (
            self.welcome,
            self.home,
            self.assessment,
            self.results,
            self.plan,
            self.meeting,
            self.frameworks,
            self.profile,
        ):
            self.pages[page.page_name] = page
            self.stack.addWidget(page)
        for name, title in (
            ("home", self.tr("Assessments")),
            ("assessment", self.tr("Rate")),
            ("results", self.tr("Results")),
            ("plan", self.tr("Plan")),
            ("meeting", self.tr("Meeting")),
            ("frameworks", self.tr("Frameworks")),
            ("profile", self.tr("Profile")),
        ):
            self.sidebar.add_page(name, title)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.record_status = QLabel()
        self.record_status.setAccessibleName(self.tr("Whose record is open"))
        self.statusBar().addPermanentWidget(self.record_status)
        self.plan_action = PlanAction(context, self)

        self._build_menus()
        self._connect()
        self.resize(1180, 760)

    # -- building -------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.new_assessment_action = QAction(self.tr("&New assessment"), self)
        self.new_assessment_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_assessment_action.triggered.connect(self._new_assessment)
        file_menu.addAction(self.new_assessment_action)
        self.add_person_action = QAction(self.tr("Add &person…"), self)
        self.add_person_action.triggered.connect(self.add_person)
        file_menu.addAction(self.add_person_action)
        self.add_framework_action = QAction(self.tr("Add &framework…"), self)
        self.add_framework_action.triggered.connect(self._add_framework)
        file_menu.addAction(self.add_framework_action)
        file_menu.addSeparator()
        self.save_plan_action = QAction(self.tr("Save plan as &PDF…"), self)
        self.save_plan_action.setShortcut(QKeySequence.StandardKey.Print)
        self.save_plan_action.triggered.connect(self._save_plan_pdf)
        file_menu.addAction(self.save_plan_action)
        self.print_all_action = QAction(self.tr("Print plans for &everyone…"), self)
        self.print_all_action.triggered.connect(self.print_all_plans)
        file_menu.addAction(self.print_all_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = bar.addMenu(self.tr("&Edit"))
        # Undo and redo act on the Rate page only: a rating must never change out of sight.
        self.undo_action = QAction(self.tr("&Undo"), self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self._undo)
        self.redo_action = QAction(self.tr("&Redo"), self)
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.redo_action.triggered.connect(self._redo)
        stack = self.assessment.undo_stack
        stack.canUndoChanged.connect(self._update_undo_actions)
        stack.canRedoChanged.connect(self._update_undo_actions)
        stack.undoTextChanged.connect(self._update_undo_actions)
        stack.redoTextChanged.connect(self._update_undo_actions)
        self._update_undo_actions()
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)

        go_menu = bar.addMenu(self.tr("&Go"))
        self.go_actions: dict[str, QAction] = {}
        # Ctrl+number as before the Plan page existed; the Plan page takes the next free one.
        for number, name, title in (
            (1, "home", self.tr("&Assessments")),
            (2, "assessment", self.tr("&Rate")),
            (3, "results", self.tr("R&esults")),
            (6, "plan", self.tr("P&lan")),
            (7, "meeting", self.tr("Appraisal &meeting")),
            (4, "frameworks", self.tr("&Frameworks")),
            (5, "profile", self.tr("&Profile")),
        ):
            action = QAction(title, self)
            action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key(Qt.Key.Key_0 + number)))
            action.triggered.connect(lambda _=False, name=name: self.navigate(name))
            go_menu.addAction(action)
            self.go_actions[name] = action
        go_menu.addSeparator()
        next_value = QAction(self.tr("&Next value"), self)
        next_value.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_PageDown))
        next_value.triggered.connect(lambda: self.assessment.step_value(1))
        previous_value = QAction(self.tr("Pre&vious value"), self)
        previous_value.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_PageUp))
        previous_value.triggered.connect(lambda: self.assessment.step_value(-1))
        go_menu.addAction(next_value)
        go_menu.addAction(previous_value)
        self.value_actions = (next_value, previous_value)

        help_menu = bar.addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About PPF Self-Assessment"), self)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _connect(self) -> None:
        context = self.context
        self.sidebar.page_chosen.connect(self.navigate)
        self.sidebar.person_chosen.connect(self.switch_person)
        self.sidebar.add_person_requested.connect(self.add_person)
        self.welcome.start_requested.connect(self._first_profile)
        self.profile.saved.connect(self._profile_saved)
        self.profile.cancelled.connect(lambda: self.show_page("home"))
        self.home.open_assessment.connect(self.open_assessment)
        self.home.open_results.connect(self.open_results)
        self.assessment.completed.connect(self.open_results)
        self.assessment.results_requested.connect(self.open_results)
        self.results.edit_requested.connect(self.open_assessment)
        self.results.plan_requested.connect(self.open_plan)
        self.plan.save_pdf_requested.connect(self.plan_action.make_plan)
        self.plan.results_requested.connect(self.open_results)
        self.results.meeting_requested.connect(self.open_meeting)
        self.meeting.rate_requested.connect(self.open_assessment)
        context.people_changed.connect(self._reload_people)
        context.assessment_deleted.connect(self._on_assessment_deleted)
        context.person_changed.connect(self._on_person_changed)
        context.status_message.connect(lambda text: self.statusBar().showMessage(text, 4000))
        self.stack.currentChanged.connect(self._update_value_actions)

    # -- start-up -------------------------------------------------------------------

    def restore(self) -> None:
        """Open where the user left off: window geometry, person, page."""
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)
        self._reload_people()
        people = self.people_model.rows()
        if not people:
            self._update_person_ui(None)
            self.show_page("welcome")
            return
        remembered = self.settings.last_person(self.context.data_folder)
        ids = [p.id for p in people]
        self.context.choose_person(remembered if remembered in ids else ids[0])
        page = self.settings.last_page()
        last = self.settings.last_assessment(self.context.data_folder)
        if page in ASSESSMENT_PAGES and last is not None:
            view = self._assessment_if_current(last)
            if view is not None:
                opener = {
                    "assessment": self.open_assessment,
                    "results": self.open_results,
                    "plan": self.open_plan,
                }[page]
                opener(view)
                return
        self.show_page(page if page in ("home", "frameworks", "profile") else "home")

    def _assessment_if_current(self, assessment_id: int) -> AssessmentView | None:
        person = self.context.person
        try:
            view = assessments.get_assessment(self.context.library, assessment_id)
        except UserError:
            return None
        return view if person is not None and view.person_id == person.id else None

    # -- navigation -----------------------------------------------------------------

    def current_page(self) -> Page:
        page = self.stack.currentWidget()
        assert isinstance(page, Page)
        return page

    def show_page(self, name: str) -> None:
        if self._switching:
            return
        page = self.pages[name]
        if name in ASSESSMENT_PAGES and self._loaded(name) is None:
            self.sidebar.mark_page(self.current_page().page_name)
            self.statusBar().showMessage(
                self.tr("Choose an assessment on the Assessments page first."), 4000
            )
            return
        if name in ("home", "profile", *ASSESSMENT_PAGES) and self.context.person is None:
            name, page = "welcome", self.welcome
        if name == "profile" and self.context.person is not None:
            self.profile.edit(self.context.person)
        self._switch_to(page, name)
        if name in RESTORABLE:
            self.settings.set_last_page(name)

    def _switch_to(self, page: Page, nav_name: str) -> None:
        """Leave the current page (saving what is pending) and show ``page``."""
        current = self.stack.currentWidget()
        if isinstance(current, Page) and current is not page:
            current.leave()
        # Hiding the old page moves the focus, which can make the page list pick an item
        # by itself; that must not start a second switch.
        self._switching = True
        try:
            self.stack.setCurrentWidget(page)
        finally:
            self._switching = False
        self.sidebar.mark_page(nav_name)
        page.activated()

    def navigate(self, name: str) -> None:
        """Go to a page the user picked in the page list or the Go menu."""
        if name == "plan" and not self._switching:
            self._follow_results()
        self.show_page(name)

    def _follow_results(self) -> None:
        """The Plan page shows the plan of the assessment whose results were shown last."""
        shown = self.results.assessment
        planned = self.plan.assessment
        if shown is not None and (planned is None or planned.id != shown.id):
            self.plan.show_assessment(shown)

    def _loaded(self, name: str) -> AssessmentView | None:
        if name == "assessment":
            return self.assessment.assessment
        if name == "meeting":
            return self.meeting.assessment
        return self.plan.assessment if name == "plan" else self.results.assessment

    def _update_value_actions(self) -> None:
        on_assessment = self.stack.currentWidget() is self.assessment
        for action in self.value_actions:
            action.setEnabled(on_assessment)
        self._update_undo_actions()

    def _update_undo_actions(self) -> None:
        stack = self.assessment.undo_stack
        on_assessment = self.stack.currentWidget() is self.assessment
        self.undo_action.setEnabled(on_assessment and stack.canUndo())
        self.redo_action.setEnabled(on_assessment and stack.canRedo())
        undo_text, redo_text = stack.undoText(), stack.redoText()
        self.undo_action.setText(
            self.tr("&Undo {change}").format(change=undo_text) if undo_text else self.tr("&Undo")
        )
        self.redo_action.setText(
            self.tr("&Redo {change}").format(change=redo_text) if redo_text else self.tr("&Redo")
        )

    def _undo(self) -> None:
        if self.stack.currentWidget() is self.assessment:
            self.assessment.undo_stack.undo()

    def _redo(self) -> None:
        if self.stack.currentWidget() is self.assessment:
            self.assessment.undo_stack.redo()

    def open_assessment(self, view: AssessmentView) -> None:
        if not self._belongs_to_open_person(view):
            return
        if self.assessment.assessment is None or self.assessment.assessment.id != view.id:
            self.assessment.open(view)
        self.settings.set_last_assessment(self.context.data_folder, view.id)
        self._update_nav()
        self.show_page("assessment")

    def open_results(self, view: AssessmentView) -> None:
        if not self._belongs_to_open_person(view):
            return
        self.current_page().leave()
        self.results.show_assessment(view)
        self.settings.set_last_assessment(self.context.data_folder, view.id)
        self._update_nav()
        self.show_page("results")

    def open_plan(self, view: AssessmentView) -> None:
        """Show the development plan of ``view`` (reached from its results)."""
        if not self._belongs_to_open_person(view):
            return
        self.current_page().leave()
        self.plan.show_assessment(view)
        self.settings.set_last_assessment(self.context.data_folder, view.id)
        self._update_nav()
        self.show_page("plan")

    def open_meeting(self, view: AssessmentView) -> None:
        """Show the appraisal meeting on the self assessment ``view``."""
        if not self._belongs_to_open_person(view):
            return
        self.current_page().leave()
        self.meeting.show_assessment(view)
        self._update_nav()
        self.show_page("meeting")

    def _belongs_to_open_person(self, view: AssessmentView) -> bool:
        person = self.context.person
        if person is not None and view.person_id == person.id:
            return True
        # Never show one person's assessment under another's name.
        messages.warn(
            self,
            self.tr("Another person's assessment"),
            self.tr("This assessment belongs to someone else; switch person first."),
        )
        return False

    def _update_nav(self) -> None:
        self.sidebar.set_page_enabled("assessment", self.assessment.assessment is not None)
        self.sidebar.set_page_enabled("results", self.results.assessment is not None)
        has_plan = self.plan.assessment is not None or self.results.assessment is not None
        self.sidebar.set_page_enabled("plan", has_plan)
        self.go_actions["assessment"].setEnabled(self.assessment.assessment is not None)
        self.go_actions["results"].setEnabled(self.results.assessment is not None)
        self.go_actions["plan"].setEnabled(has_plan)
        self.save_plan_action.setEnabled(self.plan.assessment is not None)
        self.sidebar.set_page_enabled("meeting", self.meeting.assessment is not None)
        self.go_actions["meeting"].setEnabled(self.meeting.assessment is not None)

    def _on_assessment_deleted(self, assessment_id: int) -> None:
        loaded = self.assessment.assessment
        if loaded is not None and loaded.id == assessment_id:
            self.assessment.close_assessment()
        shown = self.results.assessment
        if shown is not None and shown.id == assessment_id:
            self.results.clear()
        planned = self.plan.assessment
        if planned is not None and planned.id == assessment_id:
            self.plan.clear()
        met = self.meeting.assessment
        if met is not None and met.id == assessment_id:
            self.meeting.clear()
        self._update_nav()

    # -- people ---------------------------------------------------------------------

    def _reload_people(self) -> None:
        self.people_model.set_rows(self.context.people())
        self._update_person_ui(self.context.person)

    def switch_person(self, person_id: int) -> None:
        person = self.context.person
        if person is not None and person.id == person_id:
            return
        self.current_page().leave()
        self.context.choose_person(person_id)

    def _on_person_changed(self, person: PersonView | None) -> None:
        # Whatever was open belonged to the previous person: close it.
        for view_page in (self.assessment,):
            open_view = view_page.assessment
            if open_view is not None and (person is None or open_view.person_id != person.id):
                view_page.close_assessment()
        shown = self.results.assessment
        if shown is not None and (person is None or shown.person_id != person.id):
            self.results.clear()
        planned = self.plan.assessment
        if planned is not None and (person is None or planned.person_id != person.id):
            self.plan.clear()
        met = self.meeting.assessment
        if met is not None and (person is None or met.person_id != person.id):
            self.meeting.clear()
        self._update_nav()
        self._update_person_ui(person)
        if person is not None:
            self.settings.set_last_person(self.context.data_folder, person.id)
        on_record_page = self.stack.currentWidget() in (
            self.assessment,
            self.results,
            self.plan,
            self.meeting,
            self.profile,
        )
        if on_record_page and self._loaded_for_current() is None:
            self.show_page("home")

    def _loaded_for_current(self) -> AssessmentView | None:
        current = self.stack.currentWidget()
        if current is self.assessment:
            return self.assessment.assessment
        if current is self.results:
            return self.results.assessment
        if current is self.plan:
            return self.plan.assessment
        if current is self.meeting:
            return self.meeting.assessment
        return None

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
        if person is None:
            self.setWindowTitle(self.tr("PPF Self-Assessment"))
            self.record_status.setText("")
        else:
            self.setWindowTitle(self.tr("{name} — PPF Self-Assessment").format(name=person.name))
            self.record_status.setText(self.tr("Record open: {name}").format(name=person.name))
        self._update_nav()

    def add_person(self) -> None:
        self.profile.start_new(first=False)
        self._switch_to(self.profile, "")

    def _first_profile(self) -> None:
        self.profile.start_new(first=True)
        self._switch_to(self.profile, "")

    def _profile_saved(self, _person: PersonView) -> None:
        self.show_page("home")

    # -- menu actions ---------------------------------------------------------------

    def _new_assessment(self) -> None:
        self.show_page("home")
        self.home.framework_picker.setFocus()

    def _add_framework(self) -> None:
        self.show_page("frameworks")
        self.frameworks.add_button.click()

    def _save_plan_pdf(self) -> None:
        if self.plan.assessment is not None:
            self.plan.leave()
            self.plan_action.make_plan(self.plan.assessment)

    def print_all_plans(self) -> None:
        """Write a plan PDF for every person (or one group) into a chosen folder."""
        from ppf_app.ui.batch_print import BatchPrintDialog

        self.current_page().leave()
        dialog = BatchPrintDialog(self.context, self)
        dialog.finished_batch.connect(self._batch_ended)
        self._batch = dialog
        dialog.run()
        if not dialog.is_running():
            self._batch_ended()

    def _stop_batch(self) -> None:
        """A batch still writing stops before its next person when the window closes."""
        from ppf_app.ui.batch_print import BatchPrintDialog

        batch = self._batch
        if isinstance(batch, BatchPrintDialog) and batch.is_running():
            batch.cancel()

    def _batch_ended(self, _summary: object = None) -> None:
        if self._batch is not None:
            self._batch.deleteLater()
            self._batch = None

    def show_about(self) -> None:
        AboutDialog(self.context.data_folder, self).exec()

    # -- closing --------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.current_page().leave()
        self.assessment.leave()
        self.plan.leave()
        self.meeting.leave()
        self._stop_batch()
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        self.settings.sync()
        super().closeEvent(event)
