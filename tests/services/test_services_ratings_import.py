"""Ratings from CSV: every bad row reported as FILE:LINE, and all or nothing."""

from __future__ import annotations

from datetime import date

import pytest

from ppf_app.core.errors import NotFound, UserError
from ppf_app.services import assessments, ratings_import
from tests.services.ratings_csv import counts, refused, write


def test_excel_csv_with_bom_crlf_and_shuffled_header(lib, ann, ids, tmp_path):
    text = f"\ufeff Evidence ,LEVEL,Behaviour_ID\r\nLed the audit,4,{ids[0]}\r\n,2,{ids[1]}\r\n"
    path = write(tmp_path, text)
    result = ratings_import.import_ratings(
        lib, ann.id, path, kind="appraiser", assessed_on=date(2026, 3, 31)
    )
    view = result.assessment
    assert view.status == "complete" and view.completed_at is not None
    assert view.kind == "appraiser" and view.assessed_on == date(2026, 3, 31)
    assert result.rated == 2
    saved = assessments.ratings(lib, view.id)
    assert saved[ids[0]].level == 4 and saved[ids[0]].evidence == "Led the audit"
    assert saved[ids[1]].level == 2 and saved[ids[1]].evidence == ""
    assert assessments.get_assessment(lib, view.id) == view


def test_partial_file_leaves_the_rest_unanswered(lib, ann, ids, tmp_path):
    path = write(tmp_path, f"behaviour_id,level,evidence\n{ids[0]},3,\n{ids[1]},,not sure yet\n\n")
    result = ratings_import.import_ratings(lib, ann.id, path)
    assert result.rated == 1
    assert result.unanswered == tuple(ids[1:])
    saved = assessments.ratings(lib, result.assessment.id)
    assert saved[ids[1]].level is None and saved[ids[1]].evidence == "not sure yet"
    assert result.assessment.progress.answered == 1


def test_every_bad_row_is_reported_with_its_line(lib, ann, ids, tmp_path):
    text = (
        "behaviour_id,level\n"  # 1
        f"{ids[0]},3\n"  # 2
        f"{ids[0]},4\n"  # 3 duplicate
        f"{ids[1][:-1]}x,2\n"  # 4 unknown, close to a real id
        ",3\n"  # 5 empty id
        f"{ids[2]},high\n"  # 6 not a number
        f"{ids[3]},0\n"  # 7 below the scale
        f"{ids[4]},99\n"  # 8 above the scale
        f"{ids[5]},2,extra\n"  # 9 more fields than the header
    )
    path = write(tmp_path, text)
    found = refused(lib, ann, path)
    by_line = {int(p.split(":")[1]): p for p in found}
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8, 9]
    assert all(p.startswith(f"{path}:") for p in found)
    assert "first on line 2" in by_line[3]
    assert f"did you mean '{ids[1]}'" in by_line[4]
    assert "no behaviour id" in by_line[5]
    lowest = lib.frameworks.default().scale[0]  # each says what the scale is
    for line in (6, 7, 8):
        assert lowest.label in by_line[line]
    for line in (7, 8):
        assert f"{lowest.value} ({lowest.label})" in by_line[line]
    assert "'high'" in by_line[6]
    assert "header names only 2" in by_line[9]


def test_line_numbers_are_physical_lines_across_quoted_newlines(lib, ann, ids, tmp_path):
    text = f'behaviour_id,level,evidence\n{ids[0]},3,"first line\nsecond line"\n{ids[1]},7,\n'
    found = refused(lib, ann, write(tmp_path, text))
    assert len(found) == 1
    assert found[0].startswith(f"{tmp_path / 'ratings.csv'}:4: level 7 is not on the scale")


def test_latin1_bytes_name_the_line(lib, ann, ids, tmp_path):
    data = f"behaviour_id,level,evidence\n{ids[0]},3,ok\n{ids[1]},2,".encode() + b"caf\xe9\n"
    found = refused(lib, ann, write(tmp_path, data))
    assert len(found) == 1
    assert found[0].startswith(f"{tmp_path / 'ratings.csv'}:3: not valid UTF-8")


def test_utf16_file_is_named_as_such(lib, ann, ids, tmp_path):
    data = f"behaviour_id,level\n{ids[0]},3\n".encode("utf-16")
    found = refused(lib, ann, write(tmp_path, data))
    assert found == [f"{tmp_path / 'ratings.csv'}:1: saved as UTF-16; save the file as UTF-8 CSV"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ":1: the file is empty"),
        ("\n\n", ":1: the file is empty"),
        ("\ufeff", ":1: the file is empty"),
        ("behaviour_id,level\n", "no levels after the header"),
        ("behaviour_id,level,comment\npf-raise,3\n", "unknown column 'comment'"),
        ("behaviour,level\npf-raise,3\n", "missing: behaviour_id"),
        ("behaviour_id,level,level\npf-raise,3,3\n", "'level' appears twice"),
    ],
)
def test_header_and_empty_file_problems(lib, ann, tmp_path, text, expected):
    found = refused(lib, ann, write(tmp_path, text))
    assert any(expected in p for p in found), found


def test_too_large_file_is_refused_before_parsing(lib, ann, tmp_path):
    path = write(tmp_path, b"behaviour_id,level\n" + b"x" * ratings_import.MAX_BYTES)
    found = refused(lib, ann, path)
    assert found == [f"{path}: larger than 5 MiB; split it"]


def test_missing_file_unknown_person_and_framework(lib, ann, ids, tmp_path):
    with pytest.raises(UserError) as caught:
        ratings_import.import_ratings(lib, ann.id, tmp_path / "nope.csv")
    assert "cannot read the file" in caught.value.problems[0]
    good = write(tmp_path, f"behaviour_id,level\n{ids[0]},3\n")
    with pytest.raises(NotFound):
        ratings_import.import_ratings(lib, 999, good)
    with pytest.raises(NotFound):
        ratings_import.import_ratings(lib, ann.id, good, framework_id="ppf", version="1999.9")
    assert counts(lib) == (0, 0)


def test_one_bad_row_among_many_records_nothing(lib, ann, ids, tmp_path):
    values = lib.frameworks.default().scale_values
    rows = [f"{b},{values[i % len(values)]}" for i, b in enumerate(ids)]
    rows[-1] = f"{ids[-1]},{values[-1] + 1}"
    path = write(tmp_path, "behaviour_id,level\n" + "\n".join(rows) + "\n")
    found = refused(lib, ann, path)
    assert len(found) == 1 and f":{len(ids) + 1}:" in found[0]
    rows[-1] = f"{ids[-1]},{values[-1]}"
    path.write_text("behaviour_id,level\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = ratings_import.import_ratings(lib, ann.id, path)
    assert result.unanswered == ()
    assert counts(lib) == (1, len(ids))
