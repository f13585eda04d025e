"""Assessments: start, rate one behaviour at a time (autosave), complete, delete."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from ppf_app.core.errors import NotFound, UserError
from ppf_app.services import assessments, people
from ppf_app.services.library import Library, open_library
from ppf_app.services.views import PersonView

MINI = """\
format = 1

[framework]
id = "mini"
version = "{version}"
title = "Mini framework"

[[scale]]
value = 1
label = "Rarely"

[[scale]]
value = 2
label = "Often"

[[scale]]
value = 3
label = "Always"

[[values]]
id = "care"
title = "Care"

[[values.behaviours]]
id = "care-listen"
text = "Listens"

[[values.behaviours]]
id = "care-explain"
text = "Explains"
{extra}
[[values]]
id = "team"
title = "Team"

[[values.behaviours]]
id = "team-share"
text = "Shares"
"""

EXTRA_BEHAVIOUR = """
[[values.behaviours]]
id = "care-follow-up"
text = "Follows up"
"""


def install_mini(lib: Library, folder: Path, version: str = "1", extra: str = "") -> Path:
    path = folder / f"mini-{version}.toml"
    path.write_text(MINI.format(version=version, extra=extra), encoding="utf-8")
    lib.frameworks.add(path)
    return path


def count(lib: Library, table: str) -> int:
    with sqlite3.connect(lib.paths.database) as raw:
        return int(raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_start_uses_the_bundled_framework_and_starts_empty(lib: Library, ann: PersonView):
    view = assessments.start_assessment(lib, ann.id)
    default = lib.frameworks.default()
    assert (view.framework_id, view.framework_version) == default.key
    assert view.status == "draft" and not view.is_complete
    assert view.kind == "self"
    assert view.assessed_on == date.today()
    assert view.group_id == "clinician"  # Ann's own group: it is asked what that group is
    asked = len(default.behaviours_for("clinician"))
    assert (view.progress.answered, view.progress.total) == (0, asked)
    assert count(lib, "framework_snapshot") == 1


def test_start_refuses_unknown_person_framework_and_kind(lib: Library, ann: PersonView):
    with pytest.raises(NotFound):
        assessments.start_assessment(lib, 999)
    with pytest.raises(NotFound):
        assessments.start_assessment(lib, ann.id, "no-such-framework")
    with pytest.raises(UserError):
        assessments.start_assessment(lib, ann.id, kind="peer")
    assert count(lib, "assessment") == 0


def test_set_rating_is_committed_before_it_returns(lib: Library, ann: PersonView):
    view = assessments.start_assessment(lib, ann.id)
    behaviour = next(lib.frameworks.default().behaviours())[1].id
    change = assessments.set_rating(lib, view.id, behaviour, level=3, evidence="Ran the huddle")
    # Another connection (another process, after a crash) sees the rating at once.
    with sqlite3.connect(lib.paths.database) as raw:
        row = raw.execute(
            "SELECT level, evidence FROM rating WHERE assessment_id = ? AND behaviour_id = ?",
            (view.id, behaviour),
        ).fetchone()
    assert row == (3, "Ran the huddle")
    assert change.rating is not None and change.rating.level == 3
    assert change.assessment.progress.answered == 1
    assert change.assessment.updated_at >= view.updated_at


def test_level_and_evidence_change_independently(lib: Library, ann: PersonView):
    view = assessments.start_assessment(lib, ann.id)
    b = next(lib.frameworks.default().behaviours())[1].id
    assessments.set_rating(lib, view.id, b, level=2)
    assessments.set_rating(lib, view.id, b, evidence="Notes")
    assert assessments.ratings(lib, view.id)[b].level == 2
    change = assessments.set_rating(lib, view.id, b, level=None)
    assert change.rating is not None and change.rating.evidence == "Notes"
    assert change.assessment.progress.answered == 0
    cleared = assessments.clear_rating(lib, view.id, b)
    assert cleared.rating is None
    assert assessments.ratings(lib, view.id) == {}


@pytest.mark.parametrize("level", [0, 6, 99, -1, True])
def test_levels_off_the_scale_are_refused_and_nothing_is_written(
    lib: Library, ann: PersonView, level: int
):
    view = assessments.start_assessment(lib, ann.id)
    b = next(lib.frameworks.default().behaviours())[1].id
    with pytest.raises(UserError) as caught:
        assessments.set_rating(lib, view.id, b, level=level)
    assert "scale" in caught.value.problems[0]
    assert count(lib, "rating") == 0


def test_unknown_behaviour_is_refused(lib: Library, ann: PersonView):
    view = assessments.start_assessment(lib, ann.id)
    with pytest.raises(UserError) as caught:
        assessments.set_rating(lib, view.id, "no-such-behaviour", level=3)
    assert "no-such-behaviour" in caught.value.problems[0]
    with pytest.raises(NotFound):
        assessments.set_rating(lib, 999, "x", level=3)
    assert count(lib, "rating") == 0


def test_completion_points_out_unanswered_behaviours(lib: Library, ann: PersonView, tmp_path):
    install_mini(lib, tmp_path)
    view = assessments.start_assessment(lib, ann.id, "mini", "1", kind="appraiser")
    assessments.set_rating(lib, view.id, "care-explain", level=1)

    asked = assessments.complete_assessment(lib, view.id)
    assert not asked.completed
    assert asked.unanswered == ("care-listen", "team-share")  # framework order
    assert assessments.get_assessment(lib, view.id).status == "draft"

    forced = assessments.complete_assessment(lib, view.id, force=True)
    assert forced.completed and forced.assessment.is_complete
    assert forced.assessment.completed_at is not None
    assert forced.unanswered == ("care-listen", "team-share")


def test_full_assessment_completes_and_stays_editable(lib: Library, ann: PersonView, tmp_path):
    install_mini(lib, tmp_path)
    view = assessments.start_assessment(lib, ann.id, "mini")
    for b in ("care-listen", "care-explain", "team-share"):
        assessments.set_rating(lib, view.id, b, level=2)
    result = assessments.complete_assessment(lib, view.id)
    assert result.completed and result.unanswered == ()
    change = assessments.set_rating(lib, view.id, "team-share", level=3)
    assert change.assessment.status == "complete"
    assert assessments.unanswered(lib, view.id) == ()


def test_delete_removes_the_assessment_and_its_ratings(lib: Library, ann: PersonView):
    keep = assessments.start_assessment(lib, ann.id)
    gone = assessments.start_assessment(lib, ann.id)
    b = next(lib.frameworks.default().behaviours())[1].id
    assessments.set_rating(lib, keep.id, b, level=2)
    assessments.set_rating(lib, gone.id, b, level=2)
    assert assessments.delete_assessment(lib, gone.id) == gone.id
    assert [a.id for a in assessments.list_assessments(lib, ann.id)] == [keep.id]
    assert count(lib, "rating") == 1
    with pytest.raises(NotFound):
        assessments.get_assessment(lib, gone.id)
    with pytest.raises(NotFound):
        assessments.delete_assessment(lib, gone.id)


def test_list_and_latest_go_by_date(lib: Library, ann: PersonView, tmp_path):
    install_mini(lib, tmp_path)
    old = assessments.start_assessment(lib, ann.id, assessed_on=date(2025, 1, 10))
    new = assessments.start_assessment(lib, ann.id, "mini", assessed_on=date(2026, 2, 1))
    mid = assessments.start_assessment(lib, ann.id, assessed_on=date(2025, 6, 1))
    assessments.set_rating(lib, new.id, "care-listen", level=3)
    listed = assessments.list_assessments(lib, ann.id)
    assert [a.id for a in listed] == [new.id, mid.id, old.id]
    assert listed[0].progress.answered == 1 and listed[0].progress.total == 3
    assert listed[0].framework_title == "Mini framework"
    latest = assessments.latest_assessment(lib, ann.id)
    assert latest is not None and latest.id == new.id
    latest_ppf = assessments.latest_assessment(lib, ann.id, "ppf")
    assert latest_ppf is not None and latest_ppf.id == mid.id
    assert assessments.latest_assessment(lib, ann.id, complete_only=True) is None
    other = people.add_person(lib, name="Bo", professional_group="manager")
    assert assessments.latest_assessment(lib, other.id) is None


def test_an_assessment_keeps_its_framework_when_the_file_is_gone(tmp_path: Path):
    data = tmp_path / "data"
    with open_library(data) as lib:
        person = people.add_person(lib, name="Ann", professional_group="clinician")
        install_mini(lib, tmp_path)
        view = assessments.start_assessment(lib, person.id, "mini", "1")
        assessments.set_rating(lib, view.id, "care-listen", level=2)
    for installed in (data / "frameworks").glob("*.toml"):
        installed.unlink()
    with open_library(data) as lib:
        with pytest.raises(NotFound):
            lib.frameworks.get("mini")
        framework = assessments.framework_for(lib, view.id)
        assert framework.key == ("mini", "1")
        again = assessments.get_assessment(lib, view.id)
        assert again.framework_title == "Mini framework"
        assert again.progress.total == 3
        assessments.set_rating(lib, view.id, "team-share", level=3)


def test_a_newer_version_does_not_change_an_older_assessment(
    lib: Library, ann: PersonView, tmp_path
):
    install_mini(lib, tmp_path, "1")
    older = assessments.start_assessment(lib, ann.id, "mini")
    install_mini(lib, tmp_path, "2", extra=EXTRA_BEHAVIOUR)
    newer = assessments.start_assessment(lib, ann.id, "mini")
    assert newer.framework_version == "2" and newer.progress.total == 4
    assert assessments.get_assessment(lib, older.id).progress.total == 3
    with pytest.raises(UserError):
        assessments.set_rating(lib, older.id, "care-follow-up", level=1)
    assessments.set_rating(lib, newer.id, "care-follow-up", level=1)
