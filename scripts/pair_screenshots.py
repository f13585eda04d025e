"""Render the learning-pair pictures in ``docs/screenshots/``: the Pairs page (proposals, and
a pair's record) and every page of a pair's report.

A made-up cohort of four clinicians and four managers self-assesses against the bundled
framework; the best proposal is accepted and followed through an agreement, three
meetings, a shadowing session, a project and the after self-assessments. The report's
pages are drawn with poppler's ``pdftoppm -png -r 60``.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/pair_screenshots.py docs/screenshots
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

WIDTH, HEIGHT = 1280, 800
START = date(2026, 3, 2)

CLINICIANS = (
    ("Dr Amina Okafor", "Specialty registrar, acute medicine", "Medicine"),
    ("Dr Siân Jones", "Specialty registrar, surgery", "Surgery"),
    ("Dr Łukasz Nowak", "Specialty registrar, emergency medicine", "Emergency care"),
    ("Dr Priya Shah", "Specialty registrar, paediatrics", "Children's services"),
)
MANAGERS = (
    ("Nguyễn Thị Mai", "Service manager, band 8a", "Surgery"),
    ("Tom Reid", "Operational manager, band 7", "Medicine"),
    ("Grace Mensah", "Patient flow manager, band 8a", "Emergency care"),
    ("Rhys Davies", "Business manager, band 7", "Children's services"),
)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: pair_screenshots.py OUTDIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="ppf-pair-shots-"))
    os.environ.setdefault("PPF_LOG_DIR", str(root / "logs"))
    try:
        return _shoot(out, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _levels(framework: object, group: str, offsets: dict[str, int]) -> dict[str, int]:
    from ppf_app.domain.framework import Framework

    assert isinstance(framework, Framework)
    steps = framework.scale_values
    chosen = {}
    for behaviour in framework.behaviours_for(group):
        place = steps.index(framework.target_for(behaviour.id, group))
        place = min(max(place + offsets.get(behaviour.id, 0), 0), len(steps) - 1)
        chosen[behaviour.id] = steps[place]
    return chosen


def _shoot(out: Path, root: Path) -> int:
    from PySide6.QtWidgets import QApplication

    from ppf_app.services import assessments, pair_records, pairs, people, plans
    from ppf_app.services.library import open_library
    from ppf_app.services.plan_views import ObjectiveInput
    from ppf_app.ui import messages, pdf_export, settings
    from ppf_app.ui.application import make_qapplication
    from ppf_app.ui.context import AppContext
    from ppf_app.ui.main_window import MainWindow
    from ppf_app.ui.pages.pairs import PairsPage

    settings.use_ini_folder(root / "settings")
    app = make_qapplication()
    messages.use_logging()
    pdf_export.record_viewer()
    rng = random.Random(7)

    with open_library(root / "demo") as lib:
        framework = lib.frameworks.default()
        both = [
            b.id for b in framework.behaviours_for("clinician") if framework.asks(b.id, "manager")
        ]

        def assess(person_id: int, group: str, offsets: dict[str, int], on: date) -> int:
            view = assessments.start_assessment(lib, person_id, assessed_on=on)
            for behaviour_id, level in _levels(framework, group, offsets).items():
                assessments.set_rating(lib, view.id, behaviour_id, level=level)
            assessments.complete_assessment(lib, view.id)
            return view.id

        offsets: dict[int, dict[str, int]] = {}
        for group, who in (("clinician", CLINICIANS), ("manager", MANAGERS)):
            for name, job_title, department in who:
                person = people.add_person(
                    lib,
                    name=name,
                    professional_group=group,
                    job_title=job_title,
                    organisation="St Elsewhere NHS Trust",
                    department=department,
                )
                chosen = {b: rng.choice((-2, -1, -1, 0, 0, 1, 1)) for b in both}
                offsets[person.id] = chosen
                before = assess(person.id, group, chosen, date(2026, 2, 16))
                for text in (
                    "Lead the weekly discharge huddle on my ward",
                    "Present our service's figures at the divisional board",
                    "Complete the trust's improvement coaching course",
                ):
                    plans.add_objective(
                        lib, before, ObjectiveInput(text=text, target_date="2026-11-30")
                    )

        window = MainWindow(AppContext(lib))
        window.restore()
        window.resize(WIDTH, HEIGHT)
        window.show()
        window.go("pairs")
        page = window.page("pairs")
        assert isinstance(page, PairsPage)
        page.tabs.setCurrentIndex(0)
        _grab(app, window, out / "12-pairs-proposals.png")

        best = pairs.suggest(lib).proposals[0]
        made = pairs.create_pair(lib, best.left.id, best.right.id, start=START, months=9)
        for person in (best.left, best.right):
            (first,) = assessments.list_assessments(lib, person.id)
            chosen_objectives = plans.get_plan(lib, first.id).objectives[:2]
            pair_records.set_objectives(lib, made.id, person.id, [o.uid for o in chosen_objectives])
        pair_records.agree(lib, made.id, date(2026, 3, 4))
        for day, note in (
            (date(2026, 3, 11), "Agreed how we will work, and chose discharges before noon as "
             "our project."),
            (date(2026, 4, 15), "Went through four weeks of discharge times together; drafted "
             "the measure."),
            (date(2026, 5, 13), "Reviewed the first two weeks of the new board round; planned "
             "the presentation."),
        ):  # fmt: skip
            pair_records.add_meeting(lib, made.id, held_on=day, note=note)
        pair_records.add_shadowing(
            lib,
            made.id,
            shadow_id=best.left.id,
            held_on=date(2026, 3, 25),
            place="Site bed meeting and the capacity huddle",
            learned="How beds are found before noon, and why escalation starts at eight.",
        )
        pair_records.set_project(
            lib,
            made.id,
            title="Discharges before noon on the surgical wards",
            aim="Half of planned discharges leave before noon by the end of September",
            measure="Weekly share of discharges before noon, from the bed system",
            presented_on=date(2026, 11, 18),
        )
        # The after self-assessments: most targeted gaps closed a step.
        for person, learns, group in (
            (best.left, best.left_learns, "clinician"),
            (best.right, best.right_learns, "manager"),
        ):
            after = dict(offsets[person.id])
            for n, reason in enumerate(learns):
                if n % 3 != 2:
                    after[reason.behaviour.behaviour_id] += 1
            assess(person.id, group, after, date(2026, 11, 25))
        pair_records.set_afters(lib, made.id)

        pdf = root / "pair.pdf"
        pair_records.write_report(lib, made.id, pdf, as_of=date(2026, 11, 30), invariant=True)
        for old in out.glob("11-pair-report-*.png"):
            old.unlink()
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", str(pdf), str(out / "11-pair-report")], check=True
        )
        for image in sorted(out.glob("11-pair-report-*.png")):
            print(image)

        page.refresh()
        page.tabs.setCurrentIndex(1)
        page.select_pair(made.id)
        _grab(app, window, out / "13-pairs-record.png")
        window.close()
    QApplication.processEvents()
    return 0


def _grab(app: object, window: object, path: Path) -> None:
    from PySide6.QtWidgets import QApplication, QWidget

    assert isinstance(window, QWidget)
    for _ in range(3):
        QApplication.processEvents()
    window.grab().save(str(path))
    print(path)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
