"""Save ratings through the real services until the disk refuses (RLIMIT_FSIZE).

Usage: python -m tests.helpers.disk_filler DATA_DIR EARLIER

Rates the first EARLIER behaviours of a new assessment (evidence ``early``), prints
``saved EARLIER``, then limits the size of files this process may write to a little more
than the library's and keeps saving long evidence for the other behaviours. With SIGXFSZ
ignored, the write fails (EFBIG) instead of killing the process. The problem lines of the
error are printed on standard error and the exit status is 2, as the ``ppf`` command
does; anything else exits 1.
"""

from __future__ import annotations

import os
import resource
import signal
import sys
from pathlib import Path

from ppf_app.core.errors import UserError
from ppf_app.services import assessments, people
from ppf_app.services.library import open_library


def main(data_dir: str, earlier: int) -> int:
    lib = open_library(data_dir)
    person = people.add_person(lib, name="Filler", professional_group="manager")
    assessment_id = assessments.start_assessment(lib, person.id).id
    framework = assessments.framework_for(lib, assessment_id)
    behaviours = [behaviour.id for _value, behaviour in framework.behaviours()]
    level = framework.scale_values[-1]
    for behaviour_id in behaviours[:earlier]:
        assessments.set_rating(lib, assessment_id, behaviour_id, level=level, evidence="early")
    print(f"saved {earlier}", flush=True)

    database = Path(data_dir) / "library.sqlite3"
    biggest = max(os.path.getsize(p) for p in (database, Path(f"{database}-wal")) if p.exists())
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    hard = resource.getrlimit(resource.RLIMIT_FSIZE)[1]
    resource.setrlimit(resource.RLIMIT_FSIZE, (biggest + 256 * 1024, hard))
    later = behaviours[earlier:]
    try:
        for step in range(10_000):
            evidence = f"step {step} " + "x" * (assessments.MAX_EVIDENCE - 20)
            assessments.set_rating(
                lib, assessment_id, later[step % len(later)], level=level, evidence=evidence
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
