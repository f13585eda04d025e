"""Render each page of the app into PNG files: ``python scripts/screenshots.py OUTDIR``.

A demo library is built in a temporary data folder through the services (a person with
an earlier and a later completed assessment, with evidence, and a draft), then each page
is opened in a 1280x800 window and grabbed. Run offscreen (``QT_QPA_PLATFORM=offscreen``)
or under Xvfb; ``make screenshots`` does this.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WIDTH, HEIGHT = 1280, 800

EVIDENCE = [
    "Led the morning safety huddle for a month and followed up every concern raised.",
    "Asked the ward manager to co-present the audit results, so both views were heard.",
    "Gave honest feedback to a trainee after a difficult handover, with a plan agreed.",
]


BROKEN_FRAMEWORK = """format = 1

[framework]
id = "team"
version = "1"
title = "Ward team framework"

[[scale]]
value = 1
label = "Sometimes"

[[scale]]
value = 1
label = "Always"

[[values]]
id = "care"
titel = "Care"

[[values.behaviours]]
id = "care-listen"
text = "I listen."
training_areas = ["listening"]
"""


def build_demo_library(data_dir: Path) -> None:
    from ppf_app.services import assessments, people
    from ppf_app.services.library import open_library

    with open_library(data_dir) as lib:
        person = people.add_person(
            lib,
            name="Dr Amina Okafor",
            professional_group="clinician",
            job_title="Specialty registrar, acute medicine",
            organisation="Northfield Hospitals NHS Trust",
        )
        people.add_person(
            lib,
            name="Sam Patel",
            professional_group="manager",
            job_title="Ward manager",
            organisation="Northfield Hospitals NHS Trust",
        )
        framework = lib.frameworks.default()
        scale = framework.scale_values
        behaviours = [b for _, b in framework.behaviours()]

        earlier = assessments.start_assessment(
            lib, person.id, assessed_on=date(date.today().year - 1, 11, 3)
        )
        for index, behaviour in enumerate(behaviours):
            level = scale[max(0, min(len(scale) - 1, 1 + (index * 7) % 4 - (index % 3 != 0)))]
            assessments.set_rating(lib, earlier.id, behaviour.id, level=level)
        assessments.complete_assessment(lib, earlier.id)

        latest = assessments.start_assessment(lib, person.id)
        for index, behaviour in enumerate(behaviours):
            level = scale[min(len(scale) - 1, 1 + (index * 7) % 4)]
            evidence = EVIDENCE[index % len(EVIDENCE)] if index % 4 == 0 else ""
            assessments.set_rating(lib, latest.id, behaviour.id, level=level, evidence=evidence)
        assessments.complete_assessment(lib, latest.id)
        build_demo_plan(lib, latest.id)

        draft = assessments.start_assessment(lib, person.id, kind="appraiser")
        for index, behaviour in enumerate(behaviours[:9]):
            assessments.set_rating(
                lib,
                draft.id,
                behaviour.id,
                level=scale[2 + index % 2],
                evidence=EVIDENCE[index % len(EVIDENCE)] if index < 2 else "",
            )


def build_demo_plan(lib: object, assessment_id: int) -> None:
    """Two objectives taken from the suggestions and filled in, and a review date."""
    from dataclasses import replace

    from ppf_app.services import plans
    from ppf_app.services.library import Library

    assert isinstance(lib, Library)
    today = date.today()
    proposals = plans.objectives_from_suggestions(lib, assessment_id)
    details = [
        dict(
            text="Chair the weekly bed-management meeting for a quarter, with the site manager",
            support="The site manager as a mentor; a slot in the rota",
            success_measure="Twelve meetings chaired; actions closed within the week",
            target_date=date(today.year + 1, 3, 31),
            status="in_progress",
        ),
        dict(
            support="Time for the trust's line-management course",
            target_date=date(today.year + 1, 6, 30),
        ),
    ]
    for proposal, change in zip(proposals, details, strict=False):
        plans.add_objective(lib, assessment_id, replace(proposal, **change))  # type: ignore[arg-type]
    plans.set_review_date(lib, assessment_id, date(today.year + 1, 5, 1))


def build_demo_meeting(lib: object, self_id: int, appraiser_id: int) -> None:
    """The appraiser's draft reviews the latest self assessment; two levels agreed, and
    last year's plan with one objective reviewed as done."""
    from ppf_app.services import appraisal, assessments, objective_review, plans
    from ppf_app.services.library import Library
    from ppf_app.services.plan_views import ObjectiveInput

    assert isinstance(lib, Library)
    own = assessments.get_assessment(lib, self_id)
    earlier = min(assessments.list_assessments(lib, own.person_id), key=lambda v: v.assessed_on)
    taught = plans.add_objective(
        lib, earlier.id, ObjectiveInput(text="Teach the new registrars the handover tool")
    )
    plans.add_objective(
        lib, earlier.id, ObjectiveInput(text="Audit sepsis screening on the acute wards")
    )
    appraisal.link_review(lib, appraiser_id, self_id, rated_by="Dr Helen Marsh")
    discussed = appraisal.meeting_view(lib, self_id).discussion
    agreed = appraisal.start_review(lib, self_id, kind="agreed", rated_by="Dr Helen Marsh")
    notes = [
        "Agreed: strong on the ward; not yet seen leading outside it.",
        "Agreed after the audit example; keep asking for feedback.",
    ]
    for row, note in zip(discussed, notes, strict=False):
        level = row.appraiser_level if row.appraiser_level is not None else row.self_level
        appraisal.rate(lib, agreed.id, row.behaviour_id, level, note)
    objective_review.review_objective(
        lib, agreed.id, taught.uid, done=True, reflection="Four sessions; the tool is in use"
    )


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: screenshots.py OUTDIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from ppf_app.services import assessments
    from ppf_app.services.library import open_library
    from ppf_app.ui import messages, settings
    from ppf_app.ui.application import make_qapplication
    from ppf_app.ui.context import AppContext
    from ppf_app.ui.main_window import MainWindow

    # A fixed folder, so the data folder shown on the welcome page is the same every run.
    root = Path(tempfile.gettempdir()) / "ppf-screenshots"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    try:
        os.environ.setdefault("PPF_LOG_DIR", str(root / "logs"))
        settings.use_ini_folder(root / "settings")
        app = make_qapplication()
        messages.use_logging()

        # First start: an empty library shows the welcome page, then the profile form.
        with open_library(root / "My records") as empty:
            window = MainWindow(AppContext(empty))
            window.restore()
            window.resize(WIDTH, HEIGHT)
            window.show()
            shoot(app, window, out / "01-welcome.png")
            window.welcome.start_button.click()
            window.profile.name.setText("Dr Amina Okafor")
            window.profile.job_title.setText("Specialty registrar, acute medicine")
            shoot(app, window, out / "02-profile.png")
            window.close()

        data_dir = root / "demo"
        build_demo_library(data_dir)
        with open_library(data_dir) as lib:
            window = MainWindow(AppContext(lib))
            window.restore()
            window.resize(WIDTH, HEIGHT)
            window.show()
            window.show_page("home")
            shoot(app, window, out / "03-home.png")

            person = window.context.person
            assert person is not None
            views = assessments.list_assessments(lib, person.id)
            draft = next(v for v in views if not v.is_complete)
            latest = max(
                (v for v in views if v.is_complete), key=lambda v: (v.assessed_on, v.created_at)
            )
            window.go("assessment", draft.id)
            window.assessment.focus_behaviour(2)
            shoot(app, window, out / "04-assessment.png")

            window.go("results", latest.id)
            shoot(app, window, out / "05-results.png")

            window.go("plan", latest.id)
            window.plan.table.selectRow(0)
            shoot(app, window, out / "09-plan.png")

            build_demo_meeting(lib, latest.id, draft.id)
            window.go("meeting", latest.id)
            window.meeting.table.selectRow(0)
            shoot(app, window, out / "10-meeting.png")

            window.show_page("frameworks")
            shoot(app, window, out / "06-frameworks.png")

            # A framework file with mistakes: refused, with every problem and its place.
            broken = root / "team-framework.toml"
            broken.write_text(BROKEN_FRAMEWORK, encoding="utf-8")
            finished: list[bool] = []
            window.frameworks.add_finished.connect(finished.append)
            window.frameworks.add_from_file(broken)
            while not finished:
                QApplication.processEvents()
            shoot(app, window, out / "08-framework-problems.png")

            # The same window under a dark system palette.
            use_dark_palette(app)
            window.go("results", latest.id)
            shoot(app, window, out / "07-results-dark.png")
            window.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    QApplication.processEvents()
    return 0


def use_dark_palette(app: object) -> None:
    """What a desktop in dark mode hands the app: Fusion with a dark palette."""
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    palette = QPalette()
    role = QPalette.ColorRole
    for name, colour in (
        (role.Window, "#2b2b2b"),
        (role.WindowText, "#e8e8e8"),
        (role.Base, "#1f1f1f"),
        (role.AlternateBase, "#2f2f2f"),
        (role.Text, "#e8e8e8"),
        (role.Button, "#353535"),
        (role.ButtonText, "#e8e8e8"),
        (role.Highlight, "#3d8ee0"),
        (role.HighlightedText, "#ffffff"),
        (role.PlaceholderText, "#9a9a9a"),
        (role.ToolTipBase, "#353535"),
        (role.ToolTipText, "#e8e8e8"),
    ):
        palette.setColor(name, QColor(colour))
    app.setPalette(palette)


def shoot(app: object, window: object, path: Path) -> None:
    from PySide6.QtWidgets import QApplication, QWidget

    assert isinstance(window, QWidget)
    for _ in range(3):
        QApplication.processEvents()
    window.grab().save(str(path))
    print(path)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
