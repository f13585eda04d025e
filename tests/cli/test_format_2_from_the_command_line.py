"""Format 2 frameworks from the command line: a board framework's groups, its "No chance
to demonstrate", chair-only behaviours, labels and numbers in a ratings CSV, the
behaviours list and the template to fill in."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ppf_app.cli.main import main
from ppf_app.domain.answers import NOT_APPLICABLE
from ppf_app.services import assessments
from ppf_app.services.library import open_library

BOARD = (
    Path(__file__).resolve().parents[1]
    / "data"
    / "frameworks"
    / "format2"
    / "board-leadership.toml"
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "library"
    status, out, err = run(capsys, "--data-dir", str(folder), "framework", "add", str(BOARD))
    assert status == 0, err
    assert out == "board-leadership\t2025.1\n"
    return folder


def test_behaviours_in_order_with_numbers_and_for_a_group(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(
        capsys, "--data-dir", str(data), "framework", "behaviours", "board-leadership"
    )
    assert status == 0
    lines = [line.split("\t") for line in out.splitlines()]
    assert lines[0][:2] == ["bl-outcomes-evidence", "1.1"]
    everyone = {line[0] for line in lines}
    assert "bl-strategy-agenda" in everyone  # chair only, but listed without a group
    status, out, _ = run(
        capsys, "--data-dir", str(data), "framework", "behaviours", "board-leadership",
        "--group", "non-executive",
    )  # fmt: skip
    asked = {line.split("\t")[0] for line in out.splitlines()}
    assert "bl-strategy-agenda" not in asked and "bl-outcomes-evidence" in asked
    # Numbers stay those of the file, whoever is asked.
    numbers = {line.split("\t")[0]: line.split("\t")[1] for line in out.splitlines()}
    assert numbers["bl-inclusion-data"] == dict((x[0], x[1]) for x in lines)["bl-inclusion-data"]
    status, _, err = run(
        capsys, "--data-dir", str(data), "framework", "behaviours", "board-leadership",
        "--group", "treasurer",
    )  # fmt: skip
    assert status == 2 and "choose one of: chair, non-executive, executive" in err


def test_a_chair_is_rated_with_labels_numbers_and_no_chance_to_demonstrate(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--data-dir", str(data)]
    # A person's usual group may be a group of any installed framework.
    status, out, err = run(
        capsys, *base, "person", "add", "--name", "Rhian Evans", "--group", "chair",
        "--department", "Board",
    )  # fmt: skip
    assert status == 0, err
    person = out.strip()
    template = tmp_path / "chair.csv"
    status, out, err = run(
        capsys, *base, "assess", "template", "--framework", "board-leadership",
        "--group", "chair", "--out", str(template),
    )  # fmt: skip
    assert status == 0, err
    assert out.strip() == str(template)
    rows = list(csv.reader(template.open(encoding="utf-8")))
    assert rows[0] == ["behaviour_id", "number", "text", "level", "evidence"]
    assert "bl-strategy-agenda" in {row[0] for row in rows[1:]}
    # Fill it in: a label in any case, a value, "n/a", the framework's own label for it,
    # and one behaviour named by its number.
    answers = ["often", "4", "n/a", "Rarely", "No chance to demonstrate"]
    for row, answer in zip(rows[1:], answers, strict=False):
        row[3] = answer
    named_by_number = rows[6][0]
    rows[6][0], rows[6][3] = rows[6][1], "3"  # named by its number only
    with template.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    status, out, err = run(
        capsys, *base, "assess", "import", "--person", person, "--ratings", str(template),
        "--framework", "board-leadership", "--group", "chair",
    )  # fmt: skip
    assert status == 0, err
    with open_library(data) as lib:
        view = assessments.get_assessment(lib, int(out))
        answers_stored = assessments.answers(lib, view.id)
    assert view.group_id == "chair"
    assert answers_stored[rows[1][0]] == 3 and answers_stored[rows[2][0]] == 4
    assert answers_stored[rows[3][0]] is NOT_APPLICABLE
    assert answers_stored[rows[4][0]] == 1  # 2.2, chair only, on the scale
    assert answers_stored[rows[5][0]] is NOT_APPLICABLE
    assert answers_stored[named_by_number] == 3
    assert view.progress.total == len(rows) - 1


def test_what_a_group_is_not_asked_and_what_a_behaviour_does_not_offer_are_refused(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--data-dir", str(data)]
    _, out, _ = run(capsys, *base, "person", "add", "--name", "Tom Lee", "--group", "manager")
    person = out.strip()
    ratings = tmp_path / "ratings.csv"
    ratings.write_text(
        "behaviour_id,level\n"
        "bl-outcomes-evidence,Often\n"
        "bl-strategy-agenda,3\n"  # chair only
        "bl-inclusion-data,sometimes\n",
        encoding="utf-8",
    )
    status, _, err = run(
        capsys, *base, "assess", "import", "--person", person, "--ratings", str(ratings),
        "--framework", "board-leadership", "--group", "non-executive",
    )  # fmt: skip
    assert status == 2
    assert f"{ratings}:3: behaviour" in err and "is not asked of the group non-executive" in err
    # As the chair, the chair-only behaviour must be rated on the scale: not applicable is
    # not offered there.
    ratings.write_text("behaviour_id,level\nbl-strategy-agenda,n/a\n", encoding="utf-8")
    status, _, err = run(
        capsys, *base, "assess", "import", "--person", person, "--ratings", str(ratings),
        "--framework", "board-leadership", "--group", "chair",
    )  # fmt: skip
    assert status == 2 and f"{ratings}:2:" in err and "must be rated on the scale" in err
    status, _, err = run(
        capsys, *base, "assess", "import", "--person", person, "--ratings", str(ratings),
        "--framework", "board-leadership", "--group", "treasurer",
    )  # fmt: skip
    assert status == 2 and "is not a group of framework board-leadership" in err
    with open_library(data) as lib:
        assert assessments.list_assessments(lib, int(person)) == []
