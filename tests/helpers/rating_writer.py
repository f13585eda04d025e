"""Set ratings in a loop through the real library code, reporting each commit.

Usage: python -m tests.helpers.rating_writer DATA_DIR
       python -m tests.helpers.rating_writer --forker DATA_DIR

A writer prints ``ready`` once the library is open, then one line ``N`` after the commit
of step N is complete. Step N adds the rating of behaviour ``b-N`` (level N % 5) and sets
the evidence of behaviour ``counter`` to ``N``. The parent kills the writer at a random
moment and checks that every reported step is in the file.

Importing the stack takes seconds on a busy machine, so ``--forker`` imports it once and
then, for each line ``REPORT_FILE`` on its standard input, forks a writer whose reports go
to that file; it prints the writer's pid, and ``ended`` once the writer has been reaped.
"""

from __future__ import annotations

import os
import sys
from datetime import date

from sqlmodel import select

from ppf_app.services.library import open_library
from ppf_app.storage.models import Assessment, Person, Rating


def _assessment_id(lib: object) -> int:
    db = lib.db  # type: ignore[attr-defined]
    with db.session() as session:
        existing = session.exec(select(Assessment)).first()
        if existing is not None and existing.id is not None:
            return existing.id
        person = Person(name="Writer", professional_group="clinician")
        session.add(person)
        session.flush()
        assert person.id is not None
        assessment = Assessment(
            person_id=person.id,
            framework_id="ppf",
            framework_version="1",
            assessed_on=date.today(),
        )
        session.add(assessment)
        session.flush()
        assert assessment.id is not None
        return assessment.id


def main(data_dir: str) -> None:
    lib = open_library(data_dir)
    assessment_id = _assessment_id(lib)
    with lib.db.session() as session:
        done = len(session.exec(select(Rating.id)).all())
    print("ready", flush=True)
    step = done
    while True:
        step += 1
        with lib.db.session() as session:
            session.add(
                Rating(assessment_id=assessment_id, behaviour_id=f"b-{step}", level=step % 5)
            )
            counter = session.exec(
                select(Rating).where(
                    Rating.assessment_id == assessment_id, Rating.behaviour_id == "counter"
                )
            ).first()
            if counter is None:
                counter = Rating(assessment_id=assessment_id, behaviour_id="counter")
            counter.evidence = str(step)
            session.add(counter)
        print(step, flush=True)


def forker(data_dir: str) -> None:
    print("forker ready", flush=True)
    for line in sys.stdin:
        report = line.strip()
        pid = os.fork()
        if pid == 0:  # the writer
            fd = os.open(report, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            os.dup2(fd, 1)
            sys.stdout = os.fdopen(1, "w", buffering=1)
            try:
                main(data_dir)
            finally:
                os._exit(1)
        print(pid, flush=True)
        os.waitpid(pid, 0)
        print("ended", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "--forker":
        forker(sys.argv[2])
    else:
        main(sys.argv[1])
