"""Countersigning on the meeting page: on the appraiser's computer, holding the signed
appraisal made on the appraisee's, the button adds the appraiser's own key's signature,
and the page then says the record is signed by both parties' own keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ppf_app.services import appraisal, signing
from ppf_app.services.library import open_library
from ppf_app.services.screens.meeting import MeetingScreen
from tests.portable.exchange import make_exchange
from tests.ui.test_ui_support import make_window, ui_settings

__all__ = ["ui_settings"]


@pytest.mark.gui
def test_the_appraiser_countersigns_on_her_own_computer(
    qtbot: QtBot, tmp_path: Path, ui_settings: Path
) -> None:
    ex = make_exchange(tmp_path / "exchange")
    grace = ex.fingerprint(ex.appraiser)
    lib = open_library(ex.appraiser)
    try:
        window = make_window(qtbot, lib)
        (record,) = appraisal.appraisals_of(lib, 1)
        window.go("meeting", record.id)
        page = window.meeting
        assert page.countersign_button.isVisible()
        assert "can countersign with their own key" in page.sign_needs.text()
        asked: list[tuple[str, ...]] = []

        def choose(screen: MeetingScreen) -> str:
            asked.append(screen.may_countersign)
            return "appraiser"

        page.ask_countersign_role = choose  # type: ignore[method-assign]
        qtbot.mouseClick(page.countersign_button, Qt.MouseButton.LeftButton)
        assert asked == [("appraisee", "appraiser")]
        check = appraisal.appraisals_of(lib, 1)[0].signature
        assert check.state is signing.SignatureState.VERIFIED
        assert grace in check.keys_for("appraiser") and check.both_parties
        qtbot.waitUntil(lambda: "by both parties' own keys" in page.sign_needs.text())
        assert grace in page.sign_needs.text()
        # Her key has signed as the appraiser: only the appraisee's role is left for it.
        assert page.shown is not None and page.shown.may_countersign == ("appraisee",)
        window.close()
    finally:
        lib.close()
