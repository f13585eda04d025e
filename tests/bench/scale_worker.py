"""Times what the app does with a large library open, with the app's own list models.

Usage: python -m tests.bench.scale_worker DATA_DIR REPEATS PEOPLE_SAMPLE

Prints one JSON object with the seconds of each run of:

- ``list``: every person read through the service into the people model, and the
  first screenful of cells read back as a view would;
- ``history``: one person's record opened as the Assessments page opens it (its one
  screen read, :func:`home_screen`) into the record model, every cell read back (a
  sample of people spread over the library).
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ppf_app.services import people
from ppf_app.services.library import open_library
from ppf_app.services.screens.home import home_screen
from ppf_app.ui.models.assessments_model import AssessmentsModel
from ppf_app.ui.models.people_model import PeopleModel

SCREENFUL = 40


def read_cells(model: PeopleModel | AssessmentsModel, rows: int) -> None:
    for row in range(min(rows, model.rowCount())):
        for column in range(model.columnCount()):
            model.data(model.index(row, column))


def main(argv: list[str]) -> int:
    data_dir = Path(argv[0])
    repeats = int(argv[1])
    sample = int(argv[2])
    app = QApplication(sys.argv[:1])
    report: dict[str, list[float]] = {"list": [], "history": []}
    with open_library(data_dir) as lib:
        people_model = PeopleModel()
        for _ in range(repeats + 1):
            started = time.perf_counter()
            people_model.set_rows(people.list_people(lib))
            read_cells(people_model, SCREENFUL)
            report["list"].append(time.perf_counter() - started)
        report["list"] = report["list"][1:]
        ids = [person.id for person in people_model.rows()]
        history_model = AssessmentsModel()
        chosen = random.Random(7).sample(ids, min(sample, len(ids)))
        for person_id in [chosen[0], *chosen]:
            started = time.perf_counter()
            history_model.set_rows(list(home_screen(lib, person_id).records))
            read_cells(history_model, history_model.rowCount())
            report["history"].append(time.perf_counter() - started)
        report["history"] = report["history"][1:]
        report["people"] = [float(len(ids))]
    app.quit()
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
