"""The appraisal meeting page: ratings side by side, agreed levels and notes saved as they
are chosen and typed, the previous plan reviewed, sign-off, read-only afterwards, the brief."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ppf_app.services import appraisal, assessments, people, plans
from ppf_app.services.library import Library, open_library
from ppf_app.services.plan_views import ObjectiveInput
from ppf_app.services.views import AssessmentView
from ppf_app.ui import pdf_export
from ppf_app.ui.main_window import MainWindow
from ppf_app.ui.models.meeting_model import MeetingModel
from ppf_app.ui.widgets.sign_off_dialog import SignOffDialog
from tests.test_ui_shell import unnamed_controls
from tests.test_ui_support import make_window, ui_settings

__all__ = ["ui_settings"]


def rated_both_ways(lib: Library) -> tuple[AssessmentView, list[str]]:
    """A self assessment and an appraiser's ratings differing by 0, +1, -3 and +2."""
    person = people.add_person(lib, name="Ada Lovelace", professional_group="clinician")
    own = assessments.start_assessment(lib, person.id, assessed_on=date(2026, 3, 2))
    ids = [b.id for _, b in lib.frameworks.default().behaviours()]
    for behaviour_id, level in zip(ids[:4], (3, 2, 5, 1), strict=True):
        assessments.set_rating(lib, own.id, behaviour_id, level=level)
    review = appraisal.start_review(lib, own.id, rated_by="Grace Hopper")
    for behaviour_id, level in zip(ids[:4], (3, 3, 2, 3), strict=True):
        appraisal.rate(lib, review.id, behaviour_id, level)
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


@pytest.fixture
def no_viewer() -> object:
    pdf_export.record_viewer()
    yield
    pdf_export.use_viewer()


@pytest.mark.gui
@pytest.mark.slow
def test_agree_sign_and_read_only_afterwards(
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
    assert shown_order(window)[0] == ids[2]

    # An agreed level is saved as soon as it is chosen; the note after typing stops.
    page.select_behaviour(ids[2])
    assert page.agreed.isEnabled()
    page.agreed.setCurrentIndex(page.agreed.findData(3))
    page.agreed.activated.emit(page.agreed.currentIndex())
    assert appraisal.agreed_ratings(lib, own.id) == {ids[2]: (3, "")}
    page.note.setFocus()
    qtbot.keyClicks(page.note, "Met in the middle")
    assert page.has_pending()
    qtbot.waitUntil(lambda: not page.has_pending(), timeout=3000)
    assert appraisal.agreed_ratings(lib, own.id) == {ids[2]: (3, "Met in the middle")}
    # A note typed just before closing is saved by the close.
    page.select_behaviour(ids[3])
    page.note.setFocus()
    qtbot.keyClicks(page.note, "Seen on the ward")
    assert page.has_pending()
    window.close()
    lib.close()

    # Reopened: what was agreed is there.
    lib = open_library(data)
    agreed = appraisal.agreed_ratings(lib, own.id)
    assert agreed[ids[2]] == (3, "Met in the middle")
    window = open_meeting(qtbot, lib, own)
    page = window.meeting
    page.select_behaviour(ids[2])
    assert page.agreed.currentData() == 3
    assert page.note.toPlainText() == "Met in the middle"
    assert page.model.index(0, MeetingModel.AGREED).data().startswith("3")

    # Sign off: the dialog asks both names; the page turns read-only.
    asked: list[tuple[str, str]] = []

    def sign_with_dialog(appraisee: str, appraiser: str) -> tuple[str, str]:
        asked.append((appraisee, appraiser))
        dialog = SignOffDialog(appraisee, appraiser, date.today(), page)
        assert dialog.sign_button.isEnabled()
        dialog.appraiser.setText("")
        assert not dialog.sign_button.isEnabled()
        dialog.appraiser.setText("Grace Hopper")
        return dialog.names()

    page.ask_signatures = sign_with_dialog  # type: ignore[method-assign]
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    assert asked == [("Ada Lovelace", "Grace Hopper")]
    assert page.signed
    meeting = appraisal.meeting_view(lib, own.id)
    assert meeting.sign_off is not None and meeting.sign_off.signed_at is not None
    assert meeting.sign_off.signed_at.date() == date.today()
    assert (meeting.sign_off.signed_by_appraisee, meeting.sign_off.signed_by_appraiser) == (
        "Ada Lovelace",
        "Grace Hopper",
    )
    assert "Signed on" in page.notice.text()
    assert not page.agreed.isEnabled() and page.note.isReadOnly()
    assert not page.sign_button.isEnabled() and page.new_version_button.isVisible()
    before = appraisal.agreed_ratings(lib, own.id)
    # A change forced through the page is refused, and nothing changes.
    page.select_behaviour(ids[2])
    page._save(ids[2], 1, "changed")
    assert "Not saved" in page.save_note.text()
    assert appraisal.agreed_ratings(lib, own.id) == before

    # A new version is a draft copy; the signed one stays as it was.
    signed_id = meeting.agreed_assessment.id if meeting.agreed_assessment else -1
    qtbot.mouseClick(page.new_version_button, Qt.MouseButton.LeftButton)
    assert not page.signed and page.agreed.isEnabled()
    assert page.meeting is not None and page.meeting.agreed_assessment is not None
    assert page.meeting.agreed_assessment.id != signed_id
    assert appraisal.agreed_ratings(lib, own.id) == before
    assert appraisal.is_signed(lib, signed_id)
    window.close()
    lib.close()


@pytest.mark.gui
def test_meeting_brief_pdf_and_no_appraiser_yet(
    qtbot: QtBot, tmp_path: Path, ui_settings: Path, no_viewer: object
) -> None:
    lib = open_library(tmp_path / "data")
    person = people.add_person(lib, name="Ada Lovelace", professional_group="clinician")
    own = assessments.start_assessment(lib, person.id, assessed_on=date(2026, 3, 2))
    ids = [b.id for _, b in lib.frameworks.default().behaviours()]
    assessments.set_rating(lib, own.id, ids[0], level=2)
    window = open_meeting(qtbot, lib, own)
    page = window.meeting
    # No appraiser's ratings: the page says how to get them and offers to start them here.
    assert "No appraiser's ratings yet" in page.notice.text()
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

    qtbot.mouseClick(page.rate_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.assessment
    rated = window.assessment.assessment
    assert rated is not None and rated.kind == "appraiser"
    assert appraisal.meeting_view(lib, own.id).appraiser_assessment is not None
    window.close()
    lib.close()


@pytest.mark.gui
def test_previous_objectives_done_or_carried_forward(
    qtbot: QtBot, tmp_path: Path, ui_settings: Path
) -> None:
    lib = open_library(tmp_path / "data")
    ann = people.add_person(lib, name="Ann Smith", professional_group="clinician")
    last = assessments.start_assessment(lib, ann.id, assessed_on=date(2025, 3, 1))
    old = appraisal.start_review(lib, last.id, kind="agreed", assessed_on=date(2025, 3, 8))
    plans.add_objective(lib, old.id, ObjectiveInput(text="Teach a session"))
    plans.add_objective(lib, old.id, ObjectiveInput(text="Audit handover"))
    appraisal.sign_off(lib, old.id, appraisee="Ann Smith", appraiser="Grace")
    this_year = assessments.start_assessment(lib, ann.id, assessed_on=date(2026, 3, 1))
    # A plan drafted on this year's self assessment is not the previous plan.
    plans.add_objective(lib, this_year.id, ObjectiveInput(text="Drafted before the meeting"))
    window = open_meeting(qtbot, lib, this_year)
    page = window.meeting
    assert [r.text.text() for r in page.objective_rows] == ["Teach a session", "Audit handover"]
    first = page.objective_rows[0]
    first.reflection.setText("Ran it twice")
    qtbot.mouseClick(first.done_button, Qt.MouseButton.LeftButton)
    second = next(r for r in page.objective_rows if r.text.text() == "Audit handover")
    second.reflection.setText("Half the wards")
    qtbot.mouseClick(second.carry_button, Qt.MouseButton.LeftButton)
    meeting = appraisal.meeting_view(lib, this_year.id)
    assert meeting.agreed_assessment is not None
    new_plan = plans.get_plan(lib, meeting.agreed_assessment.id)
    outcomes = {(o.text, o.status.value, o.reflection) for o in new_plan.objectives}
    assert outcomes == {
        ("Teach a session", "done", "Ran it twice"),
        ("Audit handover", "carried_forward", "Half the wards"),
    }
    shown = {r.text.text(): r.outcome.text() for r in page.objective_rows}
    assert shown.get("Teach a session", "").startswith("Done")
    window.close()
    lib.close()


def test_meeting_model(qtmodeltester: object, qtbot: QtBot, tmp_path: Path) -> None:
    with open_library(tmp_path / "data") as lib:
        own, ids = rated_both_ways(lib)
        meeting = appraisal.meeting_view(lib, own.id)
        model = MeetingModel()
        model.show(meeting.rows, {1: "Rarely", 3: "Consistent"}, {ids[0]: "1.1"})
        qtmodeltester.check(model)  # type: ignore[attr-defined]
        assert (
            model.index(0, MeetingModel.BEHAVIOUR).data().endswith(meeting.rows[2].behaviour_text)
        )
        row = model.row_of(ids[0])
        assert row is not None
        assert model.index(row, MeetingModel.SELF).data() == "3 Consistent"
        assert model.index(row, MeetingModel.BEHAVIOUR).data().startswith("1.1 ")
        model.set_framework_order(True)
        qtmodeltester.check(model)  # type: ignore[attr-defined]
        assert [r.behaviour_id for r in model.rows()] == ids
