"""Set ratings in a loop through the real services, reporting each commit.

Usage: python -m tests.helpers.rating_writer DATA_DIR FIRST_STEP
       python -m tests.helpers.rating_writer --forker DATA_DIR

A writer opens the library (``open_library``), finds or starts one assessment, prints
``ready`` and then, for step N = FIRST_STEP, FIRST_STEP + 1, ..., calls ``set_rating``
for behaviour number N (cycling through those asked of the assessment's group) with
evidence ``step N`` and prints ``N BEHAVIOUR_ID`` once it has returned (committed).
The parent kills the writer at a random moment and checks that every reported step is
in the file, unless a later step replaced it.

Importing the stack takes seconds on a busy machine, so ``--forker`` imports it once and
then, for each line ``REPORT_FILE FIRST_STEP`` on its standard input, forks a writer
whose reports go to that file; it prints the writer's pid, and ``ended`` once the writer
has been reaped.
"""

from __future__ import annotations

import os
import sys

from ppf_app.services import assessments, people
from ppf_app.services.library import Library, open_library


def _assessment(lib: Library) -> int:
    everyone = people.list_people(lib)
    if not everyone:
        everyone = [people.add_person(lib, name="Writer", professional_group="clinician")]
    started = assessments.list_assessments(lib, everyone[0].id)
    if started:
        return started[0].id
    return assessments.start_assessment(lib, everyone[0].id).id


def main(data_dir: str, first_step: int) -> None:
    lib = open_library(data_dir)
    assessment_id = _assessment(lib)
    view = assessments.get_assessment(lib, assessment_id)
    framework = assessments.framework_for(lib, view)
    behaviours = [behaviour.id for behaviour in framework.behaviours_for(view.group_id or None)]
    levels = framework.scale_values
    print("ready", flush=True)
    step = first_step
    while True:
        behaviour_id = behaviours[step % len(behaviours)]
        assessments.set_rating(
            lib,
            assessment_id,
            behaviour_id,
            level=levels[step % len(levels)],
            evidence=f"step {step}",
        )
        print(step, behaviour_id, flush=True)
        step += 1


def forker(data_dir: str) -> None:
    print("forker ready", flush=True)
    for line in sys.stdin:
        report, first_step = line.split()
        pid = os.fork()
        if pid == 0:  # the writer
            fd = os.open(report, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            os.dup2(fd, 1)
            sys.stdout = os.fdopen(1, "w", buffering=1)
            try:
                main(data_dir, int(first_step))
            finally:
                os._exit(1)
        print(pid, flush=True)
        os.waitpid(pid, 0)
        print("ended", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "--forker":
        forker(sys.argv[2])
    else:
        main(sys.argv[1], int(sys.argv[2]))
