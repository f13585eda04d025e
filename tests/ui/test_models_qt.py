"""Every list model of the app, checked with pytest-qt's qtmodeltester on real rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt
from pytestqt.modeltest import ModelTester

from ppf_app.services import assessments, frameworks, people
from ppf_app.services.library import Library
from ppf_app.ui.models.assessments_model import AssessmentsModel
from ppf_app.ui.models.frameworks_model import FrameworkRow, FrameworksModel
from ppf_app.ui.models.people_model import PeopleModel
from ppf_app.ui.models.table_model import RowRole, SortRole
from ppf_app.ui.models.value_results_model import ValueResultsModel, ValueRow
from tests.ui.test_ui_support import library

__all__ = ["library"]


def _two_people(lib: Library) -> list[people.PersonView]:
    people.add_person(lib, name="Zoe Adams", professional_group="manager")
    people.add_person(
        lib, name="Ben Carter", professional_group="clinician", job_title="Consultant"
    )
    return people.list_people(lib)


def test_people_model(qtmodeltester: ModelTester, library: Library) -> None:
    model = PeopleModel(lambda group: group.upper())
    rows = _two_people(library)
    model.set_rows(rows)
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.columnCount() == 4
    ben = model.row_of(next(p.id for p in rows if p.name == "Ben Carter"))
    assert ben is not None
    assert model.index(ben, PeopleModel.GROUP).data() == "CLINICIAN"
    assert model.index(ben, PeopleModel.JOB_TITLE).data() == "Consultant"
    assert model.index(ben, 0).data(RowRole).name == "Ben Carter"
    model.set_rows([])
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_assessments_model(qtmodeltester: ModelTester, library: Library) -> None:
    from ppf_app.services import appraisal
    from ppf_app.services.screens.home import home_screen

    person = _two_people(library)[0]
    first = assessments.start_assessment(library, person.id, assessed_on=date(2025, 1, 5))
    behaviour = next(iter(library.frameworks.default().behaviour_index))
    assessments.set_rating(library, first.id, behaviour, level=3)
    later = assessments.start_assessment(library, person.id)
    record = appraisal.open_for(library, later.id, appraiser_name="Grace Hopper")
    model = AssessmentsModel()
    model.set_rows(list(home_screen(library, person.id).records))
    qtmodeltester.check(model)
    assert model.rowCount() == 2  # the appraisal is one line with the self assessment it reviews
    row = model.row_of(first.id)
    assert row is not None
    # Out of what the assessment asks: the behaviours asked of its group.
    total = len(library.frameworks.default().behaviours_for(first.group_id or None))
    assert model.index(row, AssessmentsModel.DATE).data() == "2025-01-05"
    assert model.index(row, AssessmentsModel.PROGRESS).data().startswith(f"1 of {total}")
    assert model.index(row, AssessmentsModel.STATUS).data() == "Self assessment in progress"
    appraisal_row = model.row_of_key(f"appraisal-{record.id}")
    assert appraisal_row is not None
    assert model.index(appraisal_row, AssessmentsModel.WHAT).data() == "Appraisal with Grace Hopper"
    assert model.index(appraisal_row, AssessmentsModel.STATUS).data() == "Appraiser rating"
    # Sorted by date through a proxy, as the home page shows it: newest first.
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    proxy.sort(AssessmentsModel.DATE, Qt.SortOrder.DescendingOrder)
    dates = [proxy.index(r, AssessmentsModel.DATE).data() for r in range(proxy.rowCount())]
    assert dates == [date.today().isoformat(), "2025-01-05"]
    proxy.sort(AssessmentsModel.DATE, Qt.SortOrder.AscendingOrder)
    assert proxy.index(0, AssessmentsModel.DATE).data() == "2025-01-05"


def test_frameworks_model(qtmodeltester: ModelTester, library: Library, tmp_path: Path) -> None:
    from tests.ui.test_ui_support import framework_toml

    source = tmp_path / "small.toml"
    source.write_text(framework_toml(framework_id="small", values=2, per_value=3))
    frameworks.add_framework(library, source)
    model = FrameworksModel()
    model.set_rows(
        [
            FrameworkRow(e.framework, e.bundled, str(e.path))
            for e in frameworks.installed_frameworks(library)
        ]
    )
    qtmodeltester.check(model)
    row = model.row_of(("small", "1"))
    assert row is not None
    assert model.index(row, FrameworksModel.BEHAVIOURS).data() == "6"
    assert model.index(row, FrameworksModel.SOURCE).data() == "Added"
    bundled = model.row_of(library.frameworks.default().key)
    assert bundled is not None
    assert model.index(bundled, FrameworksModel.SOURCE).data() == "Bundled"


def test_value_results_model(qtmodeltester: ModelTester) -> None:
    model = ValueResultsModel()
    model.set_rows(
        [
            ValueRow(1, "Care", 3.5, 3.0, 2, 2, previous=2.5),
            ValueRow(2, "Honesty", None, 4.0, 0, 3),
            ValueRow(3, "Learning", 3.0, 3.0, 1, 1, previous=3.0),
        ]
    )
    qtmodeltester.check(model)
    assert model.index(0, ValueResultsModel.GAP).data() == "0.5 above"
    assert model.index(0, ValueResultsModel.CHANGE).data() == "+1.0"
    assert model.index(1, ValueResultsModel.AVERAGE).data() == "–"
    assert model.index(1, ValueResultsModel.GAP).data() == "not rated"
    assert model.index(2, ValueResultsModel.GAP).data() == "at target"
    assert model.index(2, ValueResultsModel.CHANGE).data() == "no change"
    assert model.index(0, ValueResultsModel.AVERAGE).data(Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    )
