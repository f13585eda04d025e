"""Starting the app: a damaged or locked data folder is explained, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ppf_app.services import people, starting
from ppf_app.services.library import open_library
from ppf_app.ui import messages
from ppf_app.ui.application import open_library_or_explain


def offscreen_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


def run_app(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ppf_app", *args],
        env=offscreen_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def start_window(data: Path, report: str, **env: str) -> list[str]:
    """Open the main window on ``data`` in a new process, as a start does, run the
    ``report`` lines (which print what they find) and return the lines printed."""
    code = (
        "import sys\n"
        "from ppf_app.services.library import open_library\n"
        "from ppf_app.ui.application import make_qapplication\n"
        "from ppf_app.ui.context import AppContext\n"
        "from ppf_app.ui.main_window import MainWindow\n"
        "app = make_qapplication()\n"
        f"lib = open_library({str(data)!r})\n"
        "window = MainWindow(AppContext(lib))\n"
        "window.restore()\n"
        "window.show()\n"
        "app.processEvents()\n"
        f"{report}"
        "window.close()\n"
        "lib.close()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=offscreen_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()


def test_a_damaged_database_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    database = data / "library.sqlite3"
    database.write_bytes(b"this is not a database at all\n" * 100)
    before = database.read_bytes()
    result = run_app("--smoke", "--data-dir", str(data))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert str(database) in result.stderr
    assert "backup" in result.stderr
    assert database.read_bytes() == before


def test_a_second_instance_is_told_the_folder_is_open(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with open_library(data):
        result = run_app("--smoke", "--data-dir", str(data))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "already open" in result.stderr
    # Once the first one has closed, the folder opens normally.
    again = run_app("--smoke", "--data-dir", str(data))
    assert again.returncode == 0, again.stderr


def test_in_the_app_the_problem_is_shown_in_one_message(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "library.sqlite3").write_bytes(b"not a database\n" * 100)
    messages.use_logging()
    assert open_library_or_explain(str(data)) is None
    kind, title, text = messages.shown()[-1]
    assert (kind, title) == ("problem", "Cannot open your records")
    assert str(data / "library.sqlite3") in text
    assert "backup" in text


def test_start_up_leaves_the_pdf_and_migration_libraries_alone(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with open_library(data):
        pass  # an up-to-date library, as on every start after the first
    printed = start_window(
        data, "print(sorted({m.split('.')[0] for m in sys.modules} & {'reportlab', 'alembic'}))\n"
    )
    assert printed[-1] == "[]"


def test_the_first_screen_loads_only_what_it_shows(tmp_path: Path) -> None:
    """The Assessments page of a person with drafts needs neither the signing keys nor
    the plans, the training-needs analysis or the guide: they load when first used."""
    data = tmp_path / "data"
    with open_library(data) as lib:
        person = people.add_person(lib, name="Asha Patel", professional_group="clinician")
        starting.start(lib, person.id, "ppf", None, kind="self")
    unwanted = (
        "cryptography",  # the signing keys
        "ppf_app.services.signing",
        "ppf_app.services.plans",
        "ppf_app.services.tna",
        "ppf_app.ui.help",
        "ppf_app.ui.about",
    )
    printed = start_window(
        data,
        "print(window.current_page().page_name, window.home.model.rowCount())\n"
        f"print(sorted(set(sys.modules) & {set(unwanted)!r}))\n",
        XDG_CONFIG_HOME=str(tmp_path / "config"),  # a first start: no page remembered
    )
    shown, loaded = printed[-2:]
    assert shown == "home 1"
    assert loaded == "[]"
