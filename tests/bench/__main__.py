"""``make bench``: every figure against its same-run baseline, as a table and as JSON.

Usage: python -m tests.bench [--quick] [--only NAME...] [--out FILE] [--keep]

``--quick`` runs fewer repeats on a smaller library (for trying changes); the full run
takes a few minutes on two cores. Results go to ``bench-results/latest.json``.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

from tests.bench import (
    bench_autosave,
    bench_batch,
    bench_plan,
    bench_scale,
    bench_server,
    bench_startup,
    bench_tna,
)
from tests.bench.figures import Figure, machine, machine_text, table, write_json
from tests.bench.measure import REPO

SUITES = {
    "startup": bench_startup.run,
    "autosave": bench_autosave.run,
    "plan": bench_plan.run,
    "batch": bench_batch.run,
    "scale": bench_scale.run,
    "tna": bench_tna.run,
    "server": bench_server.run,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats, smaller library")
    parser.add_argument("--only", nargs="+", choices=sorted(SUITES), metavar="NAME")
    parser.add_argument("--out", type=Path, default=REPO / "bench-results" / "latest.json")
    parser.add_argument("--keep", action="store_true", help="keep the generated data folders")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="ppf-bench-"))
    os.environ["PPF_LOG_DIR"] = str(work / "logs")
    os.environ["PPF_DATA_DIR"] = str(work / "unused-data")
    # The app's remembered window and page (QSettings) are the run's own, not the user's:
    # every start-up figure opens on the same first screen (the Assessments page).
    os.environ["XDG_CONFIG_HOME"] = str(work / "config")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # The app runs from compiled bytecode, as installed: a source tree edited since its
    # last run (or kept without bytecode, PYTHONDONTWRITEBYTECODE) would be compiled anew
    # at every start that is timed.
    compileall.compile_dir(REPO / "ppf_app", quiet=1)
    figures: list[Figure] = []
    failed: list[str] = []
    started = time.perf_counter()
    try:
        for name in args.only or list(SUITES):
            suite_started = time.perf_counter()
            print(f"[bench] {name} ...", file=sys.stderr, flush=True)
            (work / name).mkdir()
            try:
                figures.extend(SUITES[name](work / name, quick=args.quick))
            except Exception:
                # One broken suite must not lose the others' figures.
                traceback.print_exc()
                failed.append(name)
                continue
            print(
                f"[bench] {name} done in {time.perf_counter() - suite_started:.0f} s",
                file=sys.stderr,
                flush=True,
            )
    finally:
        if args.keep:
            print(f"[bench] data kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    info = machine()
    write_json(args.out, figures, info, args.quick)
    print(table(figures))
    print()
    print(f"Machine: {machine_text(info)}")
    print(f"Run: {'quick' if args.quick else 'full'}, {time.perf_counter() - started:.0f} s; "
          f"JSON in {args.out}")  # fmt: skip
    missed = [figure.name for figure in figures if figure.met is False]
    if missed:
        print("Goals missed: " + "; ".join(missed))
    if failed:
        print("Failed to run (see the errors above): " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
