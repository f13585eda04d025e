"""The exchange in the real app, two data folders as two computers: File > Export for
appraisal (once protected with a passphrase) and File > Import both ways, each key
confirmed once from the one summary the import shows; the signed appraisal verified on
both computers; a hand edit of it reported on the meeting page; the profile page shows
the library's key."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ppf_app.services import appraisal, assessments, keys, people, plans
from ppf_app.services.library import Library, open_library
from ppf_app.services.plan_views import ObjectiveInput
from ppf_app.ui import messages
from ppf_app.ui.main_window import MainWindow
from tests.portable.exchange import FRAMEWORK, database_sha256
from tests.portable.helpers import rewrite
from tests.ui.test_ui_support import make_window, ui_settings

__all__ = ["ui_settings"]

PASSPHRASE = "a walk by the river"


def export(qtbot: QtBot, window: MainWindow, out: Path, passphrase: str = "") -> None:
    window.portable.ask_export_path = lambda suggested: out  # type: ignore[method-assign]
    with (
        messages.answering_secret(passphrase),
        qtbot.waitSignal(window.portable.exported, timeout=20_000) as exported,
    ):
        window.export_action.trigger()
    assert exported.args == [out]


def import_(window: MainWindow, path: Path, *, answer: bool = True, passphrase: str = "") -> str:
    """Import ``path`` from the File menu, answering its one question; the question."""
    window.portable.ask_import_path = lambda: path  # type: ignore[method-assign]
    before = len(messages.shown())
    with messages.answering(answer), messages.answering_secret(passphrase):
        window.import_action.trigger()
    asked = [text for kind, _title, text in messages.shown()[before:] if kind == "confirm"]
    assert len(asked) == 1, messages.shown()[before:]
    return asked[0]


def open_window(qtbot: QtBot, folder: Path) -> tuple[Library, MainWindow]:
    lib = open_library(folder)
    window = make_window(qtbot, lib)
    listed = people.list_people(lib)
    if listed:
        window.context.set_person(listed[0])
    return lib, window


def close(lib: Library, window: MainWindow) -> None:
    window.close()
    lib.close()


@pytest.mark.gui
def test_an_appraisal_both_ways_with_keys_confirmed_once(
    qtbot: QtBot, tmp_path: Path, ui_settings: Path
) -> None:
    ann_folder, grace_folder = tmp_path / "ann", tmp_path / "grace"
    to_grace, to_ann, signed = (
        tmp_path / "to-grace.json",
        tmp_path / "to-ann.ppf",
        tmp_path / "s.json",
    )
    with open_library(ann_folder) as lib:
        ann = people.add_person(lib, name="Ann Ward", professional_group="clinician")
        own = assessments.start_assessment(lib, ann.id, *FRAMEWORK, assessed_on=date(2026, 3, 2))
        ids = [b.id for _, b in lib.frameworks.get(*FRAMEWORK).behaviours()]
        for behaviour_id in ids:
            assessments.set_rating(lib, own.id, behaviour_id, level=3, evidence="mine")
        assessments.complete_assessment(lib, own.id, force=True)
    ann_key, grace_key = keys.key_in(ann_folder).public, keys.key_in(grace_folder).public

    # Ann's computer: her profile shows her key; she exports her record.
    lib, window = open_window(qtbot, ann_folder)
    window.go("profile")
    assert ann_key.fingerprint in window.profile.key_line.text()
    export(qtbot, window, to_grace)
    close(lib, window)

    # Grace's computer: one question, with Ann's key to compare; she trusts it.
    lib, window = open_window(qtbot, grace_folder)
    asked = import_(window, to_grace)
    assert "who is not in this library yet" in asked
    assert f"not confirmed yet:\n\n    {ann_key.fingerprint}" in asked
    assert "• add: person Ann Ward (clinician)" in asked
    assert window.context.person is not None and window.context.person.name == "Ann Ward"
    (here,) = assessments.list_assessments(lib, 1)
    record = appraisal.open_for(lib, here.id, held_on=date(2026, 3, 20))
    review = appraisal.rate_as_appraiser(lib, record.id, appraiser_name="Grace Hopper")
    for behaviour_id in ids[:5]:
        assessments.set_rating(lib, review.id, behaviour_id, level=4, evidence="observed")
    export(qtbot, window, to_ann, PASSPHRASE)  # protected, for email
    close(lib, window)

    # Ann's computer: the protected file asks for its passphrase, then the one question.
    lib, window = open_window(qtbot, ann_folder)
    window.portable.ask_import_path = lambda: to_ann  # type: ignore[method-assign]
    with messages.answering_secret("a walk by the sea"):
        window.import_action.trigger()
    assert messages.shown()[-1][0] == "problem"
    assert "the passphrase is wrong, or the file was changed or damaged" in messages.shown()[-1][2]
    import_(window, to_ann, answer=False, passphrase=PASSPHRASE)  # she says no: nothing
    assert len(assessments.list_assessments(lib, 1)) == 1 and keys.known_keys(lib) == []
    asked = import_(window, to_ann, passphrase=PASSPHRASE)
    assert f"not confirmed yet:\n\n    {grace_key.fingerprint}" in asked
    assert "• add: appraiser's ratings of" in asked
    (record,) = appraisal.appraisals_of(lib, 1)
    assert record.appraiser_name == "Grace Hopper"
    appraisal.agree_remaining_at_self(lib, record.id)
    agreed = appraisal.get_appraisal(lib, record.id).agreed_assessment
    assert agreed is not None
    plans.add_objective(lib, agreed.id, ObjectiveInput(text="Chair the bed meeting"))
    plans.set_review_date(lib, agreed.id, date(2027, 3, 31))
    appraisal.sign(lib, record.id, appraisee="Ann Ward", appraiser="Grace Hopper")
    window.go("meeting", record.id)
    assert "Signatures verified" in window.meeting.sign_needs.text()
    assert ann_key.fingerprint in window.meeting.sign_needs.text()
    export(qtbot, window, signed)
    close(lib, window)

    # Grace's computer: Ann's key is known, so no key to confirm; the signed record comes in.
    lib, window = open_window(qtbot, grace_folder)
    asked = import_(window, signed)
    assert f"It is signed by {ann_key.fingerprint}, the key you confirmed for Ann Ward" in asked
    assert "signed on" in asked
    (record,) = appraisal.appraisals_of(lib, 1)
    assert record.signed and record.signature.state == "verified"
    window.go("meeting", record.id)
    assert "Signatures verified" in window.meeting.sign_needs.text()
    # Each key confirmed once, for Ann.
    assert [k.fingerprint for k in keys.known_keys(lib)] == [ann_key.fingerprint]
    close(lib, window)
    with open_library(ann_folder) as lib:
        assert [k.fingerprint for k in keys.known_keys(lib)] == [grace_key.fingerprint]

    # A file about Ann signed by another key: a warning with both keys; refused, nothing written.
    forged = rewrite(signed, tmp_path / "forged.json", lambda document: None)
    lib, window = open_window(qtbot, grace_folder)
    before = database_sha256(grace_folder)
    asked = import_(window, forged, answer=False)
    assert "which is NOT the key you confirmed for Ann Ward" in asked
    assert ann_key.fingerprint in asked
    close(lib, window)
    assert database_sha256(grace_folder) == before


@pytest.mark.gui
def test_a_hand_edit_of_the_signed_record_is_reported_by_the_meeting_page(
    qtbot: QtBot, tmp_path: Path, ui_settings: Path
) -> None:
    folder = tmp_path / "ann"
    with open_library(folder) as lib:
        ann = people.add_person(lib, name="Ann Ward", professional_group="clinician")
        own = assessments.start_assessment(lib, ann.id, *FRAMEWORK)
        for _, behaviour in lib.frameworks.get(*FRAMEWORK).behaviours():
            assessments.set_rating(lib, own.id, behaviour.id, level=3, evidence="mine")
        record = appraisal.open_for(lib, own.id, appraiser_name="Grace Hopper")
        appraisal.agree_remaining_at_self(lib, record.id)
        agreed = appraisal.get_appraisal(lib, record.id).agreed_assessment
        assert agreed is not None
        plans.add_objective(lib, agreed.id, ObjectiveInput(text="Chair the bed meeting"))
        plans.set_review_date(lib, agreed.id, date(2027, 3, 31))
        appraisal.sign(lib, record.id, appraisee="Ann Ward", appraiser="Grace Hopper")
    raw = sqlite3.connect(folder / "library.sqlite3")
    raw.execute("DROP TRIGGER signed_rating_update")
    raw.execute("UPDATE rating SET level = 4 WHERE assessment_id = ?", (agreed.id,))
    raw.commit()
    raw.close()
    lib, window = open_window(qtbot, folder)
    window.go("meeting", record.id)
    assert window.meeting.sign_needs.text().startswith("Signed. Signature broken: this appraisal")
    close(lib, window)
