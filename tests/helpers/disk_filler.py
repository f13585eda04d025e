"""Save ratings until the disk refuses, under a file size limit (RLIMIT_FSIZE).

Usage: python -m tests.helpers.disk_filler DATA_DIR EARLIER

Saves EARLIER small ratings, prints ``saved EARLIER``, then limits the size of files
this process may write to a little more than the library's and keeps saving ratings with
large evidence. With SIGXFSZ ignored, the write fails (EFBIG) instead of killing the
process. The problem lines of the error are printed on standard error and the exit
status is 2, as the ``ppf`` command does; anything else exits 1.
"""

from __future__ import annotations

import os
import resource
import signal
import sys
from datetime import date
from pathlib import Path

from ppf_app.core.errors import UserError
from ppf_app.services.library import open_library
from ppf_app.storage.models import Assessment, Person, Rating


def main(data_dir: str, earlier: int) -> int:
    lib = open_library(data_dir)
    with lib.db.session() as session:
        person = Person(name="Filler", professional_group="manager")
        session.add(person)
        session.flush()
        assert person.id is not None
        assessment = Assessment(
            person_id=person.id, framework_id="ppf", framework_version="1", assessed_on=date.today()
        )
        session.add(assessment)
        session.flush()
        assessment_id = assessment.id
        assert assessment_id is not None
    for n in range(earlier):
        with lib.db.session() as session:
            session.add(Rating(assessment_id=assessment_id, behaviour_id=f"early-{n}", level=2))
    print(f"saved {earlier}", flush=True)

    database = Path(data_dir) / "library.sqlite3"
    biggest = max(os.path.getsize(p) for p in (database, Path(f"{database}-wal")) if p.exists())
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    hard = resource.getrlimit(resource.RLIMIT_FSIZE)[1]
    resource.setrlimit(resource.RLIMIT_FSIZE, (biggest + 256 * 1024, hard))
    try:
        for n in range(10_000):
            with lib.db.session() as session:
                session.add(
                    Rating(
                        assessment_id=assessment_id,
                        behaviour_id=f"late-{n}",
                        level=3,
                        evidence="x" * 100_000,
                    )
                )
    except UserError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        return 2
    finally:
        lib.db.engine.dispose()
    print("the disk never refused", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
