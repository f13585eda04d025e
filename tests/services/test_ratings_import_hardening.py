"""CSV ratings: malformed rows are refused with their line, a level is ASCII digits or a
label, and only a regular file is read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ppf_app.core.errors import UserError
from ppf_app.services import assessments, portable, ratings_import
from tests.services.ratings_csv import refused, write


def test_an_unterminated_quote_is_refused_at_its_line(lib, ann, ids, tmp_path):
    text = (
        "behaviour_id,level,evidence\n"  # 1
        f"{ids[0]},3,fine\n"  # 2
        f'{ids[1]},4,"Led the audit\n'  # 3: the quote is never closed
        f"{ids[2]},2,more\n"  # 4
        f"{ids[3]},5,last\n"  # 5
    )
    path = write(tmp_path, text)
    found = refused(lib, ann, path)
    assert len(found) == 1
    assert found[0].startswith(f"{path}:3: ")
    assert "never closed" in found[0]


def test_a_quote_closed_rows_later_is_refused_at_its_line(lib, ann, ids, tmp_path):
    text = (
        "behaviour_id,level,evidence\n"  # 1
        f'{ids[0]},3,"forgot to close\n'  # 2
        f"{ids[1]},4,swallowed\n"  # 3
        f'{ids[2]},2,"closed here"\n'  # 4: its first quote closes line 2's
    )
    path = write(tmp_path, text)
    found = refused(lib, ann, path)
    assert len(found) == 1 and found[0].startswith(f"{path}:2: "), found


def test_a_quoted_field_holding_rows_is_refused(lib, ann, ids, tmp_path):
    text = (
        "behaviour_id,level,evidence\n"  # 1
        f'{ids[0]},3,"forgot to close\n'  # 2
        f"{ids[1]},4,swallowed\n"  # 3
        f'{ids[2]},2,whole row"\n'  # 4: the quote closes at the end of a field
    )
    path = write(tmp_path, text)
    found = refused(lib, ann, path)
    assert len(found) == 1 and found[0].startswith(f"{path}:2: ")
    assert f"looks like a row for {ids[1]!r} (line 3)" in found[0]


def test_multi_line_evidence_is_still_read(lib, ann, ids, tmp_path):
    path = write(
        tmp_path,
        f'behaviour_id,level,evidence\n{ids[0]},3,"first line\nsecond, with a comma"\n',
    )
    result = ratings_import.import_ratings(lib, ann.id, path)
    saved = assessments.ratings(lib, result.assessment.id)
    assert saved[ids[0]].evidence == "first line\nsecond, with a comma"


def test_a_nul_byte_is_refused_not_cut_short(lib, ann, ids, tmp_path):
    path = write(tmp_path, f"behaviour_id,level,evidence\n{ids[0]},3,before\0after\n")
    found = refused(lib, ann, path)
    assert found == [
        f"{path}:2: contains a NUL byte (column {len(ids[0]) + 10}); the file is damaged or "
        "not a CSV file saved as text"
    ]


@pytest.mark.parametrize("level", ["٣", "３", "0_3", "+3", " 3.0", "3e0", "iii"])
def test_a_level_is_ascii_digits_or_a_label(lib, ann, ids, tmp_path, level):
    path = write(tmp_path, f"behaviour_id,level\n{ids[0]},{level}\n")
    found = refused(lib, ann, path)
    assert len(found) == 1 and found[0].startswith(f"{path}:2: ")
    assert repr(level.strip()) in found[0]
    if any(ch.isdigit() for ch in level):  # a number in other digits or spellings
        assert "is not a whole number (in the digits 0-9)" in found[0]
    # The refusal says what would do: every label of the scale.
    assert all(step.label in found[0] for step in lib.frameworks.default().scale)


def test_labels_and_plain_digits_are_levels(lib, ann, ids, tmp_path):
    framework = lib.frameworks.default()
    top, second = framework.scale[-1], framework.scale[1]
    label = framework.not_applicable_label
    assert label is not None and " " in label
    # Labels in any case, with spaces around and doubled between their words.
    spaced = "  ".join(label.upper().split())
    path = write(
        tmp_path,
        f"behaviour_id,level\n{ids[0]},3\n{ids[1]}, {top.label.swapcase()} \n"
        f"{ids[2]},{second.label}\n{ids[3]}, {spaced} \n",
    )
    result = ratings_import.import_ratings(lib, ann.id, path)
    saved = assessments.ratings(lib, result.assessment.id)
    assert (saved[ids[0]].level, saved[ids[1]].level, saved[ids[2]].level) == (
        3,
        top.value,
        second.value,
    )
    assert saved[ids[3]].not_applicable and saved[ids[3]].level is None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_at_once(lib, ann, tmp_path):
    fifo = tmp_path / "ratings.csv"
    os.mkfifo(fifo)
    found = refused(lib, ann, fifo)
    assert found == [
        f"{fifo}: is a named pipe (FIFO), not a regular file; give the path of a CSV file "
        "saved on disk"
    ]
    with pytest.raises(UserError) as caught:
        portable.import_portable(lib, fifo)
    assert "is a named pipe (FIFO)" in caught.value.problems[0]


def test_a_folder_and_a_device_are_refused(lib, ann, tmp_path):
    found = refused(lib, ann, tmp_path)
    assert found == [f"{tmp_path}: is a folder, not a CSV file"]
    if Path("/dev/zero").exists():
        found = refused(lib, ann, Path("/dev/zero"))
        assert found[0].startswith("/dev/zero: is a device")
