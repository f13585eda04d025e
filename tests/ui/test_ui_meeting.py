"""The appraisal page: ratings side by side, agreed levels and notes saved as they are
chosen and typed, the previous plan reviewed, sign-off with what it needs, a read-only
record afterwards, and the brief."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ppf_app.services import appraisal, assessments, people, plans
from ppf_app.services.library import Library, open_library
from ppf_app.services.plan_views import ObjectiveInput
from ppf_app.services.views import AssessmentView
from ppf_app.ui import messages, pdf_export
from ppf_app.ui.main_window import MainWindow
from ppf_app.ui.models.meeting_model import MeetingModel
from ppf_app.ui.widgets.sign_off_dialog import SignOffDialog
from tests.helpers.appraisals import behaviour_ids, rated_self, ready_to_sign
from tests.ui.test_ui_shell import unnamed_controls
from tests.ui.test_ui_support import make_window, ui_settings

__all__ = ["ui_settings"]


def rated_both_ways(lib: Library) -> tuple[AssessmentView, list[str]]:
    """A self assessment (every behaviour asked of a clinician, on the default framework's
    scale of four) and an appraiser's ratings differing by 0, +1, -3 and +2 on the first
    four."""
    person = people.add_person(lib, name="Ada Lovelace", professional_group="clinician")
    ids = behaviour_ids(lib)
    levels = dict.fromkeys(ids, 3)
    levels.update(zip(ids[:4], (3, 2, 4, 1), strict=True))
    own = rated_self(lib, person.id, levels, on=date(2026, 3, 2))
    record = appraisal.open_for(lib, own.id)
    review = appraisal.rate_as_appraiser(lib, record.id, appraiser_name="Grace Hopper")
    for behaviour_id, level in zip(ids[:4], (3, 3, 1, 3), strict=True):
        assessments.set_rating(lib, review.id, behaviour_id, level=level, evidence="seen")
    return own, ids


def open_meeting(qtbot: QtBot, lib: Library, view: AssessmentView) -> MainWindow:
    window = make_window(qtbot, lib)
    window.go("results", view.id)
    assert window.results.meeting_button.isVisible()
    qtbot.mouseClick(window.results.meeting_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.meeting
    return window


def shown_order(window: MainWindow) -> list[str]:
    return [row.behaviour_id for row in window.meeting.model.rows()]


def agreed(lib: Library, window: MainWindow) -> dict[str, tuple[int, str]]:
    record = window.meeting.appraisal
    assert record is not None
    return appraisal.agreed_levels(lib, record.id)


@pytest.fixture
def no_viewer() -> object:
    pdf_export.record_viewer()
    yield
    pdf_export.use_viewer()


@pytest.mark.gui
@pytest.mark.slow
@pytest.mark.qt_log_ignore("propagateSizeHints")  # the real sign-off dialog, offscreen
def test_agree_sign_with_enter_and_a_read_only_record_afterwards(
    qtbot: QtBot, tmp_path: Path, ui_settings: Path, no_viewer: object
) -> None:
    data = tmp_path / "data"
    lib = open_library(data)
    own, ids = rated_both_ways(lib)
    window = open_meeting(qtbot, lib, own)
    page = window.meeting
    assert "Ada Lovelace" in page.title.text()
    assert "Grace Hopper" in page.subtitle.text()
    # Largest difference first: -3, +2, +1, then the equal one and the unrated ones.
    assert shown_order(window)[:5] == [ids[2], ids[3], ids[1], ids[0], ids[4]]
    assert page.model.index(0, MeetingModel.DIFFERENCE).data() == "-3"
    page.order_toggle.setChecked(True)
    assert shown_order(window)[:4] == ids[:4]
    page.order_toggle.setChecked(False)

    # An agreed level is saved as soon as it is chosen; the note after typing stops.
    page.select_behaviour(ids[2])
    assert "Self (4" in page.evidence.text() and "Appraiser (1" in page.evidence.text()
    assert page.agreed.isEnabled()
    page.agreed.setCurrentIndex(page.agreed.findData(3))
    page.agreed.activated.emit(page.agreed.currentIndex())
    assert agreed(lib, window) == {ids[2]: (3, "")}
    page.note.setFocus()
    qtbot.keyClicks(page.note, "Met in the middle")
    assert page.has_pending()
    qtbot.waitUntil(lambda: not page.has_pending(), timeout=3000)
    assert agreed(lib, window) == {ids[2]: (3, "Met in the middle")}
    # A note typed just before closing is saved by the close.
    page.select_behaviour(ids[3])
    page.note.setFocus()
    qtbot.keyClicks(page.note, "Seen on the ward")
    assert page.has_pending()
    window.close()
    lib.close()

    # Reopened: what was agreed is there; sign-off says what it still needs.
    lib = open_library(data)
    window = open_meeting(qtbot, lib, own)
    page = window.meeting
    assert page.meeting is not None
    notes = {row.behaviour_id: row.agreed_note for row in page.meeting.rows}
    assert notes[ids[3]] == "Seen on the ward"
    page.select_behaviour(ids[2])
    assert page.agreed.currentData() == 3
    assert page.note.toPlainText() == "Met in the middle"
    needs = page.sign_needs.text()
    assert "no agreed level" in needs and "no objective" in needs and "no review date" in needs
    with messages.answering(True):
        qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    assert not page.signed  # refused, with the same reasons
    # One action agrees the rest at the person's own levels.
    qtbot.mouseClick(page.agree_rest_button, Qt.MouseButton.LeftButton)
    assert len(agreed(lib, window)) == len(ids)
    assert not page.agree_rest_button.isEnabled()
    record = page.appraisal
    assert record is not None and record.agreed_assessment is not None
    plans.add_objective(lib, record.agreed_assessment.id, ObjectiveInput(text="Lead a huddle"))
    plans.set_review_date(lib, record.agreed_assessment.id, date(2027, 3, 31))
    page.reload()
    assert page.sign_needs.text() == "Ready to sign."

    # The dialog: Sign is the default; typing a name and pressing Enter signs.
    def press_enter_in_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SignOffDialog)
        assert dialog.sign_button.isDefault() and not dialog.cancel_button.isDefault()
        dialog.appraiser.setFocus()
        dialog.appraiser.selectAll()
        qtbot.keyClicks(dialog.appraiser, "Grace Hopper")
        qtbot.keyClick(dialog.appraiser, Qt.Key.Key_Return)

    messages.use_dialogs()
    try:
        QTimer.singleShot(50, press_enter_in_dialog)
        qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    finally:
        messages.use_logging()
    assert page.signed
    signed = appraisal.get_appraisal(lib, record.id)
    assert signed.signed_on == date.today()
    assert (signed.signed_by_appraisee, signed.signed_by_appraiser) == (
        "Ada Lovelace",
        "Grace Hopper",
    )
    assert "Signed on" in page.notice.text()
    # A read-only record: no control that changes anything is enabled.
    for control in (page.agreed, page.note, page.agree_rest_button, page.sign_button):
        assert not control.isEnabled(), control.accessibleName()
    assert not page.rate_button.isVisible() and page.new_version_button.isVisible()
    assert all(not row.reflection.isEnabled() for row in page.objective_rows)
    before = agreed(lib, window)
    page._save(ids[2], 1, "changed")
    assert "Not saved" in page.save_note.text()
    assert agreed(lib, window) == before

    # The rating page of the self assessment is read-only too, with the way on.
    window.go("assessment", own.id)
    rate = window.assessment
    assert rate.banner.isVisible() and rate.new_version_button.isVisible()
    assert all(not row.rating.isEnabled() for row in rate.rows())
    assert not rate.complete_button.isEnabled()
    # And so is its plan: the appraisal's, saying whose it is.
    window.go("plan", own.id)
    plan_page = window.plan
    assert "agreed in the appraisal" in plan_page.subtitle.text()
    assert "read-only" in plan_page.subtitle.text()
    assert not plan_page.new_button.isEnabled() and not plan_page.review_date.isEnabled()

    # A new version is a draft copy; the signed one stays as it was.
    window.go("meeting", record.id)
    qtbot.mouseClick(page.new_version_button, Qt.MouseButton.LeftButton)
    assert not page.signed and page.agreed.isEnabled()
    assert page.appraisal is not None and page.appraisal.id != record.id
    assert page.appraisal.replaces_uid == record.uid
    assert appraisal.get_appraisal(lib, record.id).signed
    window.close()
    lib.close()


@pytest.mark.gui
def test_meeting_brief_pdf_and_no_appraiser_yet(
    qtbot: QtBot, tmp_path: Path, ui_settings: Path, no_viewer: object
) -> None:
    lib = open_library(tmp_path / "data")
    person = people.add_person(lib, name="Ada Lovelace", professional_group="clinician")
    ids = behaviour_ids(lib)
    own = rated_self(lib, person.id, {ids[0]: 2}, on=date(2026, 3, 2))
    window = open_meeting(qtbot, lib, own)
    page = window.meeting
    # No appraiser's ratings: the page says how to get them and offers to start them here.
    assert "No appraiser's ratings yet" in page.notice.text()
    assert "File > Import" in page.notice.text()
    assert page.rate_button.isVisible() and page.rate_button.text() == "Rate as appraiser…"
    assert unnamed_controls(window) == []

    out = tmp_path / "brief.pdf"
    page.brief_export.ask_path = lambda suggested: out  # type: ignore[method-assign]
    with qtbot.waitSignal(page.brief_finished, timeout=20000) as done:
        qtbot.mouseClick(page.brief_button, Qt.MouseButton.LeftButton)
    assert done.args == [out]
    assert pdf_export.opened_files() == [out]
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Ada Lovelace" in text

    # Rating as appraiser asks the appraiser's name once, then shows the person's own
    # rating beside each behaviour.
    with messages.answering_text("Grace Hopper"):
        qtbot.mouseClick(page.rate_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.assessment
    rate = window.assessment
    rated = rate.assessment
    assert rated is not None and rated.kind == "appraiser"
    assert "Grace Hopper" in rate.title.text()
    first = rate.rows()[0]
    (reference,) = [
        label
        for label in first.findChildren(type(rate.title))
        if label.accessibleName() == "The person's own rating"
    ]
    assert reference.text().startswith("Ada Lovelace's own rating: 2 ")
    assert reference.text().endswith("— my own words")
    assert first.evidence.placeholderText() == "What you have seen of this behaviour"
    record = page.appraisal
    assert record is not None
    assert appraisal.get_appraisal(lib, record.id).appraiser_name == "Grace Hopper"
    window.close()
    lib.close()


@pytest.mark.gui
def test_previous_objectives_done_or_carried_forward(
    qtbot: QtBot, tmp_path: Path, ui_settings: Path
) -> None:
    lib = open_library(tmp_path / "data")
    ann = people.add_person(lib, name="Ann Smith", professional_group="clinician")
    last = rated_self(lib, ann.id, on=date(2025, 3, 1))
    old = appraisal.open_for(lib, last.id, held_on=date(2025, 3, 8))
    assert old.agreed_assessment is not None
    plans.add_objective(lib, old.agreed_assessment.id, ObjectiveInput(text="Teach a session"))
    plans.add_objective(lib, old.agreed_assessment.id, ObjectiveInput(text="Audit handover"))
    ready_to_sign(lib, old.id, objective="Lead a huddle")
    appraisal.sign(lib, old.id, appraisee="Ann Smith", appraiser="Grace")
    this_year = rated_self(lib, ann.id, on=date(2026, 3, 1))
    # A plan drafted on this year's self assessment is the start of this appraisal's plan,
    # not the previous plan.
    plans.add_objective(lib, this_year.id, ObjectiveInput(text="Drafted before the meeting"))
    window = open_meeting(qtbot, lib, this_year)
    page = window.meeting
    assert [r.text.text() for r in page.objective_rows] == [
        "Teach a session",
        "Audit handover",
        "Lead a huddle",
    ]
    first = page.objective_rows[0]
    first.reflection.setText("Ran it twice")
    qtbot.mouseClick(first.done_button, Qt.MouseButton.LeftButton)
    second = next(r for r in page.objective_rows if r.text.text() == "Audit handover")
    second.reflection.setText("Half the wards")
    qtbot.mouseClick(second.carry_button, Qt.MouseButton.LeftButton)
    record = page.appraisal
    assert record is not None and record.agreed_assessment is not None
    new_plan = plans.get_plan(lib, record.agreed_assessment.id)
    outcomes = {(o.text, o.status.value, o.reflection) for o in new_plan.objectives}
    assert outcomes == {
        ("Drafted before the meeting", "not_started", ""),
        ("Teach a session", "done", "Ran it twice"),
        ("Audit handover", "carried_forward", "Half the wards"),
    }
    shown = {r.text.text(): r.outcome.text() for r in page.objective_rows}
    assert shown.get("Teach a session", "").startswith("Done")
    assert "Agreed plan: 3 objectives" in page.plan_summary.text()
    window.close()
    lib.close()


def test_meeting_model(qtmodeltester: object, qtbot: QtBot, tmp_path: Path) -> None:
    with open_library(tmp_path / "data") as lib:
        own, ids = rated_both_ways(lib)
        record = appraisal.appraisal_holding(lib, own.id)
        assert record is not None
        meeting = appraisal.meeting_view(lib, record.id)
        framework = lib.frameworks.default()
        labels = {level.value: level.label for level in framework.scale}
        model = MeetingModel()
        model.show(meeting.rows, labels, {ids[0]: "1.1"})
        qtmodeltester.check(model)  # type: ignore[attr-defined]
        assert (
            model.index(0, MeetingModel.BEHAVIOUR).data().endswith(meeting.rows[2].behaviour_text)
        )
        row = model.row_of(ids[0])
        assert row is not None
        assert model.index(row, MeetingModel.SELF).data() == f"3 {labels[3]}"
        assert model.index(row, MeetingModel.BEHAVIOUR).data().startswith("1.1 ")
        model.set_framework_order(True)
        qtmodeltester.check(model)  # type: ignore[attr-defined]
        assert [r.behaviour_id for r in model.rows()] == ids
