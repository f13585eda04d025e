"""A pair from suggestion to a measured change, all through ``ppf``: suggested, created,
the agreement signed, three meetings, a shadowing session, the project, the objectives it
serves, the after self-assessments, and a report whose change figures match the ratings.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from ppf_app.services import assessments, pair_records, pairs, plans
from ppf_app.services.library import Library, open_library
from ppf_app.services.plan_views import ObjectiveInput
from tests.pairs.cohorts import FRAMEWORK_ID, known_cohort, levels, pairing_framework
from tests.pairs.test_pairs_cli import FW, lines, ppf

START = date(2026, 2, 1)


def _levels(lib: Library, group: str, offsets: Mapping[str, int]) -> dict[str, int]:
    return levels(pairing_framework(lib), group, offsets)


def _gap(lib: Library, group: str, behaviour_id: str, level: int) -> int:
    """The weighted gap, worked out here from the rating: steps short of the target (the
    tests' scale is 1 to 5 in steps of 1; the behaviours targeted have importance 1)."""
    return max(0, pairing_framework(lib).target_for(behaviour_id, group) - level)


def _figures(page: str, number: str) -> tuple[str, str, str]:
    """The before, after and change cells after the behaviour numbered ``number``."""
    rows = page.splitlines()
    start = next(k for k, row in enumerate(rows) if row.startswith(f"{number} "))
    found = [row for row in rows[start + 1 :] if re.fullmatch(r"[+-]?\d+|–", row)]
    return found[0], found[1], found[2]


def test_a_pair_from_suggestion_to_a_report_of_its_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "lib"
    with open_library(data) as lib:
        known = known_cohort(lib)
    i, b = known.ids, known.behaviours

    # Suggested: the best pair first is C1 (a clinician) with M2 (a manager).
    code, out, _ = ppf(capsys, data, "pairs", "suggest", *FW)
    left, right, score = lines(out)[0]
    assert (left, right, score) == (i["C1"], i["M2"], 7)

    code, out, _ = ppf(
        capsys, data, "pairs", "create", *FW, "--left", left, "--right", right,
        "--start", START, "--months", 6,
    )  # fmt: skip
    assert code == 0
    pair_id = int(out)

    # Each picks two objectives of their own plan that the pairing serves.
    chosen: dict[int, str] = {}
    with open_library(data) as lib:
        for person in (left, right):
            (before,) = assessments.list_assessments(lib, person)
            for text in ("Chair the weekly discharge huddle", "Present our figures to the board"):
                plans.add_objective(
                    lib, before.id, ObjectiveInput(text=text, target_date="2026-07-31")
                )
            chosen[person] = ",".join(o.uid for o in plans.get_plan(lib, before.id).objectives)
    for person, objectives in chosen.items():
        assert ppf(capsys, data, "pairs", "objectives", "--pair", pair_id,
                   "--person", person, "--objectives", objectives)[0] == 0  # fmt: skip

    pair = ("--pair", pair_id)
    assert ppf(capsys, data, "pairs", "agree", *pair, "--date", "2026-02-03")[0] == 0
    for day, note in (
        ("2026-02-10", "Agreed how we work; chose the project."),
        ("2026-03-10", "Went through the discharge figures."),
        ("2026-04-14", "Planned the board presentation."),
    ):
        code, out, _ = ppf(capsys, data, "pairs", "meeting", *pair, "--date", day, "--note", note)
        assert code == 0 and int(out) >= 1
    code, out, _ = ppf(
        capsys, data, "pairs", "shadow", *pair, "--shadow", left, "--date", "2026-03-03",
        "--where", "Bed management meeting", "--learned", "How beds are found before noon",
    )  # fmt: skip
    assert code == 0
    assert ppf(
        capsys, data, "pairs", "project", *pair, "--title", "Discharges before noon",
        "--aim", "Half of discharges before noon", "--measure", "Weekly share before noon",
        "--presented", "2026-07-20",
    )[0] == 0  # fmt: skip

    # Six months on, each self-assesses again (a ratings CSV, as a team would import it).
    after_offsets = {
        left: {b[0]: -1, b[1]: 0, b[2]: -2, b[3]: -2, b[8]: 1, b[9]: 1},  # closed 1 + 2
        right: {b[0]: 2, b[1]: 2, b[2]: 1, b[8]: 0, b[9]: -2},  # closed 1, widened 1
    }
    groups = {left: "clinician", right: "manager"}
    for person, offsets in after_offsets.items():
        with open_library(data) as lib:
            levels = _levels(lib, groups[person], offsets)
        csv = tmp_path / f"after-{person}.csv"
        csv.write_text(
            "behaviour_id,level\n" + "".join(f"{k},{v}\n" for k, v in levels.items()),
            encoding="utf-8",
        )
        code, out, _ = ppf(capsys, data, "assess", "import", "--person", person, *FW,
                           "--ratings", csv, "--date", "2026-07-28")  # fmt: skip
        assert code == 0
        code, linked, _ = ppf(capsys, data, "pairs", "after", *pair, "--person", person)
        assert (code, linked) == (0, out)

    # The report: agreement, progress, and the change on the targeted behaviours.
    pdf = tmp_path / "pair.pdf"
    code, out, _ = ppf(capsys, data, "pairs", "report", *pair, "--out", pdf)
    assert (code, out.strip()) == (0, str(pdf))
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    assert len(pages) == 3
    agreement, progress, change = pages
    agreement, progress = (" ".join(page.split()) for page in (agreement, progress))
    assert "Learning pair agreement" in agreement
    assert "from 1 February 2026 for 6 months, to 1 August 2026" in agreement
    assert agreement.count("Chair the weekly discharge huddle") == 2
    assert "Signatures" in agreement and "3 February 2026" in agreement
    assert "3 meetings held, 1 shadowing session." in progress
    for text in ("Went through the discharge figures.", "Bed management meeting",
                 "Discharges before noon", "20 July 2026"):  # fmt: skip
        assert text in progress

    with open_library(data) as lib:
        record = pair_records.pair_record(lib, pair_id)
        framework = pairing_framework(lib)
        before_offsets = {
            left: {b[0]: -2, b[1]: -2, b[2]: -2, b[3]: -2, b[8]: 1, b[9]: 1},
            right: {b[0]: 2, b[1]: 2, b[2]: 1, b[8]: -1, b[9]: -1},
        }
        totals = {}
        for side, targeted in ((record.left, b[:3]), (record.right, b[8:10])):
            person = side.person.id
            assert [t.behaviour_id for t in side.targets] == targeted
            before = _levels(lib, groups[person], before_offsets[person])
            after = _levels(lib, groups[person], after_offsets[person])
            expected_before = sum(_gap(lib, groups[person], t, before[t]) for t in targeted)
            expected_after = sum(_gap(lib, groups[person], t, after[t]) for t in targeted)
            totals[person] = (expected_before, expected_after)
            for behaviour_id in targeted:
                was = _gap(lib, groups[person], behaviour_id, before[behaviour_id])
                now = _gap(lib, groups[person], behaviour_id, after[behaviour_id])
                change_text = f"+{now - was}" if now > was else str(now - was)
                number = framework.behaviour_numbers[behaviour_id]
                assert _figures(change, number) == (str(was), str(now), change_text)
    assert totals == {left: (6, 3), right: (2, 2)}
    assert "Total (measured)\n6\n3\n-3" in change
    assert "Total (measured)\n2\n2\n0" in change

    # The lead's cohort view: one pair is too few to show anything.
    code, out, _ = ppf(capsys, data, "pairs", "cohort")
    assert code == 0
    assert out.splitlines()[0] == "Pairs\t*"
    assert all(line.endswith("\t*") for line in out.splitlines())


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
def test_every_report_page_renders(tmp_path: Path) -> None:
    with open_library(tmp_path / "lib") as lib:
        known = known_cohort(lib)
        made = pairs.create_pair(
            lib, known.ids["C1"], known.ids["M2"], start=START, framework_id=FRAMEWORK_ID
        )
        pdf = pair_records.write_report(lib, made.id, tmp_path / "pair.pdf", as_of=START)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "30", str(pdf), str(tmp_path / "page")],
        check=True,
        capture_output=True,
    )
    rendered = sorted(tmp_path.glob("page-*.png"))
    assert len(rendered) == 3
    assert all(page.stat().st_size > 2000 for page in rendered)
