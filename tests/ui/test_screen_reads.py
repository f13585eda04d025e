"""A screen switch reads the database once: each page draws from one read of its screen."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from ppf_app.services import appraisal, assessments, people, plans
from ppf_app.services.library import Library
from ppf_app.services.plan_views import ObjectiveInput
from ppf_app.ui.main_window import MainWindow
from tests.ui.test_ui_support import library, make_window, ui_settings

__all__ = ["library", "ui_settings"]


@contextmanager
def counting_reads(lib: Library) -> Iterator[list[int]]:
    """Count the transactions begun on the library's database within the block."""
    count = [0]

    def begun(_connection: object) -> None:
        count[0] += 1

    event.listen(lib.db.engine, "begin", begun)
    try:
        yield count
    finally:
        event.remove(lib.db.engine, "begin", begun)


@pytest.mark.gui
def test_no_screen_switch_reads_the_database_more_than_once(
    qtbot: QtBot, library: Library, ui_settings: Path
) -> None:
    lib = library
    person = people.add_person(lib, name="Dee Evans", professional_group="clinician")
    framework = lib.frameworks.default()
    views = []
    for year in (2024, 2025, 2026):
        view = assessments.start_assessment(lib, person.id, assessed_on=date(year, 3, 1))
        for number, behaviour in enumerate(framework.behaviours_for(view.group_id or None)):
            level = framework.scale_values[(number + year) % len(framework.scale_values)]
            assessments.set_rating(lib, view.id, behaviour.id, level=level, evidence="Seen")
        assessments.complete_assessment(lib, view.id)
        views.append(view)
    latest = views[-1]
    plans.add_objective(lib, latest.id, ObjectiveInput(text="Chair the bed meeting"))
    record = appraisal.open_for(lib, latest.id, appraiser_name="Grace Obi")
    appraisal.rate_as_appraiser(lib, record.id, appraiser_name="Grace Obi")
    window: MainWindow = make_window(qtbot, lib)

    switches = [
        ("home", None),
        ("results", latest.id),
        ("plan", latest.id),
        ("meeting", record.id),
        ("assessment", views[0].id),
        ("results", views[1].id),
        ("frameworks", None),
        ("profile", None),
        ("home", None),
    ]
    for name, subject in switches:
        with counting_reads(lib) as reads:
            window.go(name, subject)
        assert window.current_page() is window.page(name)
        assert reads[0] <= 1, f"showing {name} read the database {reads[0]} times"
    for name in ("home", "results", "plan", "meeting", "assessment", "profile"):
        with counting_reads(lib) as reads:
            window.navigate(name)
        assert reads[0] <= 1, f"the page list's {name} read the database {reads[0]} times"
