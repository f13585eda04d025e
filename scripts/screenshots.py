"""Render each page of the app into PNG files: ``python scripts/screenshots.py OUTDIR``.

A demo library is built in a temporary data folder through the services (a person with
an earlier and a later completed self assessment with evidence, the later one's plan and
its appraisal: the appraiser's ratings under way, two levels agreed, last year's plan
reviewed; a colleague, and the two as a learning pair), then each page is opened in the
main window and grabbed:

- at 1280x800: ``NN-page.png``;
- at 1024x700 (a small screen at 100 %): ``NN-page-1024x700.png``;
- at 910x480 with 150 % scaling (a 1366x768 laptop with a task bar):
  ``NN-page-910x480-at-150.png``, drawn by a second run of this script, since the scale
  must be set before Qt starts.

A page taller than a small window is grabbed a second time scrolled to its end
(``...-end.png``). Run offscreen (``QT_QPA_PLATFORM=offscreen``) or under Xvfb;
``make screenshots`` does this.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@dataclass(frozen=True)
class Size:
    width: int
    height: int
    suffix: str


BIG = Size(1280, 800, "")
SMALL = Size(1024, 700, "-1024x700")
LAPTOP = Size(910, 480, "-910x480-at-150")
#: The laptop's screen in device pixels, and its scaling.
LAPTOP_SCREEN = (1366, 768)
LAPTOP_SCALE = "1.5"
#: Given on the command line, this run draws the laptop pictures only.
LAPTOP_RUN = "--laptop"

EVIDENCE = [
    "Led the morning safety huddle for a month and followed up every concern raised.",
    "Asked the ward manager to co-present the audit results, so both views were heard.",
    "Gave honest feedback to a trainee after a difficult handover, with a plan agreed.",
]
APPRAISER = "Dr Helen Marsh"


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


@dataclass(frozen=True)
class Demo:
    """The records the pictures show."""

    latest: int
    appraiser: int
    appraisal: int
    pair: int | None
    signed: int | None = None
    """A colleague's signed appraisal: the read-only record."""


def build_demo_library(data_dir: Path) -> Demo:
    from ppf_app.services import appraisal, assessments, meeting, people, plans
    from ppf_app.services.library import open_library
    from ppf_app.services.plan_views import ObjectiveInput

    with open_library(data_dir) as lib:
        person = people.add_person(
            lib,
            name="Dr Amina Okafor",
            professional_group="clinician",
            job_title="Specialty registrar, acute medicine",
            organisation="Northfield Hospitals NHS Trust",
            department="Acute medicine",
        )
        colleague = people.add_person(
            lib,
            name="Sam Patel",
            professional_group="manager",
            job_title="Ward manager",
            organisation="Northfield Hospitals NHS Trust",
            department="Surgery",
        )
        framework = lib.frameworks.default()
        scale = framework.scale_values
        # Only the behaviours the framework asks of the person's group are rated.
        behaviours = framework.behaviours_for(person.professional_group)

        earlier = assessments.start_assessment(
            lib, person.id, assessed_on=date(date.today().year - 1, 11, 3)
        )
        for index, behaviour in enumerate(behaviours):
            level = scale[max(0, min(len(scale) - 1, 1 + (index * 7) % 4 - (index % 3 != 0)))]
            assessments.set_rating(lib, earlier.id, behaviour.id, level=level)
        assessments.complete_assessment(lib, earlier.id)
        taught = plans.add_objective(
            lib, earlier.id, ObjectiveInput(text="Teach the new registrars the handover tool")
        )
        plans.add_objective(
            lib, earlier.id, ObjectiveInput(text="Audit sepsis screening on the acute wards")
        )

        latest = assessments.start_assessment(lib, person.id)
        for index, behaviour in enumerate(behaviours):
            level = scale[min(len(scale) - 1, 1 + (index * 7) % 4)]
            evidence = EVIDENCE[index % len(EVIDENCE)] if index % 4 == 0 else ""
            assessments.set_rating(lib, latest.id, behaviour.id, level=level, evidence=evidence)
        assessments.complete_assessment(lib, latest.id)
        build_demo_plan(lib, latest.id)

        # The appraisal: the appraiser's ratings under way, two levels agreed with notes,
        # and one objective of last year's plan reviewed as done.
        record = appraisal.open_for(lib, latest.id, appraiser_name=APPRAISER)
        draft = appraisal.rate_as_appraiser(lib, record.id, appraiser_name=APPRAISER)
        for index, behaviour in enumerate(behaviours[:9]):
            assessments.set_rating(
                lib,
                draft.id,
                behaviour.id,
                level=scale[2 + index % 2],
                evidence=EVIDENCE[index % len(EVIDENCE)] if index < 2 else "",
            )
        discussed = appraisal.meeting_view(lib, record.id).discussion
        notes = [
            "Agreed: strong on the ward; not yet seen leading outside it.",
            "Agreed after the audit example; keep asking for feedback.",
        ]
        for row, note in zip(discussed, notes, strict=False):
            agreed = row.appraiser_level if row.appraiser_level is not None else row.self_level
            appraisal.agree(lib, record.id, row.behaviour_id, agreed, note)
        meeting.review_previous_objective(
            lib, record.id, taught.uid, done=True, reflection="Four sessions; the tool is in use"
        )

        # Colleagues' self assessments, so the learning pairs and training needs have
        # people to compare (and proposals are left once a pair is made).
        others = [
            people.add_person(
                lib,
                name=name,
                professional_group=group,
                job_title=job_title,
                organisation="Northfield Hospitals NHS Trust",
                department=department,
            )
            for name, group, job_title, department in (
                ("Dr Siân Jones", "clinician", "Specialty registrar, surgery", "Surgery"),
                ("Grace Mensah", "manager", "Patient flow manager", "Emergency care"),
            )
        ]
        for number, colleague_now in enumerate([colleague, *others]):
            theirs = assessments.start_assessment(
                lib, colleague_now.id, assessed_on=date(date.today().year, 1, 20 + number)
            )
            group = colleague_now.professional_group
            for index, behaviour in enumerate(framework.behaviours_for(group)):
                level = scale[(index * (5 + number) + 2) % len(scale)]
                assessments.set_rating(lib, theirs.id, behaviour.id, level=level)
            assessments.complete_assessment(lib, theirs.id)
            if colleague_now is colleague:
                sams = theirs
        signed = build_signed_appraisal(lib, sams.id)
        return Demo(
            latest=latest.id,
            appraiser=draft.id,
            appraisal=record.id,
            pair=build_demo_pair(lib),
            signed=signed,
        )


def build_signed_appraisal(lib: object, self_id: int) -> int:
    """The colleague's appraisal, agreed and signed: a read-only record."""
    from ppf_app.services import appraisal, assessments, plans
    from ppf_app.services.plan_views import ObjectiveInput

    record = appraisal.open_for(lib, self_id, appraiser_name="Dr Helen Marsh")
    own = assessments.answers(lib, self_id)
    theirs = appraisal.rate_as_appraiser(lib, record.id, appraiser_name="Dr Helen Marsh")
    framework = assessments.framework_for(lib, theirs)
    top = framework.scale_values[-1]
    for index, (behaviour_id, answer) in enumerate(list(own.items())[:8]):
        if isinstance(answer, int):
            level = min(top, answer + 1) if index % 2 else answer
            assessments.set_rating(lib, theirs.id, behaviour_id, level=level, evidence="")
    appraisal.agree_remaining_at_self(lib, record.id)
    agreed = appraisal.get_appraisal(lib, record.id).agreed_assessment
    assert agreed is not None
    plans.add_objective(
        lib,
        agreed.id,
        ObjectiveInput(
            text="Co-chair the surgical bed meeting with a consultant for three months",
            target_date=date(date.today().year + 1, 3, 31),
        ),
    )
    plans.set_review_date(lib, agreed.id, date(date.today().year + 1, 5, 1))
    appraisal.sign(lib, record.id, appraisee="Sam Patel", appraiser="Dr Helen Marsh")
    return record.id


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


def build_demo_pair(lib: object) -> int | None:
    """The best proposed learning pair, made (None when none is proposed)."""
    from ppf_app.services import pairs
    from ppf_app.services.library import Library

    assert isinstance(lib, Library)
    proposals = pairs.suggest(lib).proposals
    if not proposals:
        return None
    best = proposals[0]
    made = pairs.create_pair(lib, best.left.id, best.right.id, start=date.today(), months=9)
    return made.id


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2) or argv[1:] not in ([], [LAPTOP_RUN]):
        print("usage: screenshots.py OUTDIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    if argv[1:] == [LAPTOP_RUN]:
        return shoot_all(out, (LAPTOP,))
    status = shoot_all(out, (BIG, SMALL))
    return status or shoot_laptop(out)


def shoot_laptop(out: Path) -> int:
    """The laptop pictures, from a run with 150 % scaling (and, offscreen, a screen of
    the laptop's size)."""
    env = dict(os.environ, QT_SCALE_FACTOR=LAPTOP_SCALE)
    env.pop("QT_SCREEN_SCALE_FACTORS", None)
    with tempfile.TemporaryDirectory(prefix="ppf-screen-") as folder:
        if env.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
            config = Path(folder) / "screen.json"
            width, height = LAPTOP_SCREEN
            screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height}
            config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
            env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
        done = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), str(out), LAPTOP_RUN], env=env
        )
    return done.returncode


def shoot_all(out: Path, sizes: tuple[Size, ...]) -> int:
    from PySide6.QtWidgets import QApplication

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
        # The app's own style (the system's, with its focus ring), as people see it.
        app = make_qapplication()
        messages.use_logging()

        # First start: an empty library shows the welcome page, then the profile form.
        with open_library(root / "My records") as empty:
            window = MainWindow(AppContext(empty))
            window.restore()
            window.show()
            for size in sizes:
                window.go("welcome")
                window.resize(size.width, size.height)
                shoot(app, window, out / f"01-welcome{size.suffix}.png")
                window.welcome.start_button.click()
                window.profile.name.setText("Dr Amina Okafor")
                window.profile.job_title.setText("Specialty registrar, acute medicine")
                shoot(app, window, out / f"02-profile{size.suffix}.png")
            window.close()

        data_dir = root / "demo"
        demo = build_demo_library(data_dir)
        with open_library(data_dir) as lib:
            window = MainWindow(AppContext(lib))
            window.restore()
            window.show()
            for size in sizes:
                tour(app, window, demo, out, size)
            if BIG in sizes:
                shoot_big_only(app, window, demo, root, out)
            window.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    QApplication.processEvents()
    return 0


def tour(app: object, window: object, demo: Demo, out: Path, size: Size) -> None:
    """Every page of the demo library at ``size``."""
    from ppf_app.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    window.resize(size.width, size.height)

    def page(name: str, file: str, subject: int | None = None) -> None:
        window.go(name, subject)
        window.resize(size.width, size.height)
        shoot(app, window, out / f"{file}{size.suffix}.png", ends=size is not BIG)

    window.go("home")
    page("home", "03-home")

    window.go("assessment", demo.appraiser)
    window.assessment.focus_behaviour(2)
    shoot(app, window, out / f"04-assessment{size.suffix}.png", ends=size is not BIG)

    page("results", "05-results", demo.latest)

    window.go("plan", demo.latest)
    window.plan.table.selectRow(0)
    shoot(app, window, out / f"09-plan{size.suffix}.png", ends=size is not BIG)

    window.go("meeting", demo.appraisal)
    window.meeting.table.selectRow(0)
    shoot(app, window, out / f"10-meeting{size.suffix}.png", ends=size is not BIG)

    page("frameworks", "06-frameworks")
    page("tna", "14-training-needs")
    if size is not BIG:
        # At 1280x800 the pair pictures are scripts/pair_screenshots.py's.
        window.go("pairs")
        pairs = window.pairs
        pairs.tabs.setCurrentIndex(0)
        shoot(app, window, out / f"12-pairs-proposals{size.suffix}.png", ends=True)
        if demo.pair is not None:
            pairs.tabs.setCurrentIndex(1)
            pairs.select_pair(demo.pair)
            shoot(app, window, out / f"13-pairs-record{size.suffix}.png", ends=True)


def shoot_big_only(app: object, window: object, demo: Demo, root: Path, out: Path) -> None:
    """A framework file refused with its problems, and the results in dark mode."""
    from PySide6.QtWidgets import QApplication

    from ppf_app.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    window.resize(BIG.width, BIG.height)
    window.show_page("frameworks")
    # A framework file with mistakes: refused, with every problem and its place.
    broken = root / "team-framework.toml"
    broken.write_text(BROKEN_FRAMEWORK, encoding="utf-8")
    finished: list[bool] = []
    window.frameworks.add_finished.connect(finished.append)
    window.frameworks.add_from_file(broken)
    while not finished:
        QApplication.processEvents()
    shoot(app, window, out / "08-framework-problems.png")

    # A signed appraisal: the read-only record.
    if demo.signed is not None:
        from ppf_app.services import appraisal, people

        lib = window.context.library
        record = appraisal.get_appraisal(lib, demo.signed)
        window.context.set_person(people.get_person(lib, record.person_id))
        window.go("meeting", demo.signed)
        window.meeting.table.selectRow(0)
        shoot(app, window, out / "15-meeting-signed.png")

    # The same window under a dark system palette.
    use_dark_palette(app)
    window.go("results", demo.latest)
    shoot(app, window, out / "07-results-dark.png")


def use_dark_palette(app: object) -> None:
    """What a desktop in dark mode hands the app: Fusion with a dark palette (and the
    app's focus ring over it, as the app sets up)."""
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    from ppf_app.ui.application import use_focus_ring

    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    use_focus_ring(app)
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


def settle() -> None:
    """Let queued work finish: layouts, rows built in steps, reads in the background."""
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()
    pool = QThreadPool.globalInstance()
    for _ in range(500):
        if pool.activeThreadCount() == 0:
            break
        pool.waitForDone(10)
        QApplication.processEvents()
    for _ in range(3):
        QApplication.processEvents()


def shoot(app: object, window: object, path: Path, *, ends: bool = False) -> None:
    """Grab the window; with ``ends``, grab it again scrolled to the page's end when the
    page is taller than the window."""
    from ppf_app.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    settle()
    window.grab().save(str(path))
    print(path)
    page = window.current_page()
    if not ends or page is None:
        return
    bar = page.page_scroll.verticalScrollBar()
    if bar.maximum() <= 0:
        return
    start = bar.value()
    bar.setValue(bar.maximum())
    settle()
    end = path.with_name(f"{path.stem}-end{path.suffix}")
    window.grab().save(str(end))
    print(end)
    bar.setValue(start)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
