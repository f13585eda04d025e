"""Writes the plans of the first N people of a library, one after another, in one process.

Usage: python -m tests.bench.batch_worker DATA_DIR OUT_DIR N CHECKPOINT...

Prints one JSON object: for each checkpoint, the plans written so far, the seconds taken
and the process's peak resident memory (bytes) at that point.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from ppf_app.services import people, plan_report
from ppf_app.services.library import open_library
from tests.bench.measure import maxrss_bytes


def main(argv: list[str]) -> int:
    data_dir, out_dir = Path(argv[0]), Path(argv[1])
    count = int(argv[2])
    checkpoints = {int(value) for value in argv[3:]}
    out_dir.mkdir(parents=True, exist_ok=True)
    report = {}
    with open_library(data_dir) as lib:
        chosen = [person.id for person in people.list_people(lib)][:count]
        if len(chosen) < count:
            raise SystemExit(f"the library has only {len(chosen)} people")
        started = time.perf_counter()
        for number, person_id in enumerate(chosen, start=1):
            plan_report.write_plan_pdf(lib, person_id, out_dir / f"plan-{number}.pdf")
            if number in checkpoints:
                peak = maxrss_bytes(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
                report[number] = {"seconds": time.perf_counter() - started, "peak_rss": peak}
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
