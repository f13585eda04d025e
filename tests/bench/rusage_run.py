"""Runs a command and reports its own wall time, CPU time and peak memory.

Usage: python tests/bench/rusage_run.py REPORT_FILE COMMAND...

A process forked from a large parent starts with the parent's peak resident memory
counted as its own on Linux, so the benchmarks do not start the measured program
themselves: this small process does, and writes ``seconds cpu_seconds peak_rss_bytes``
to REPORT_FILE. The command's output and exit status pass through.
"""

import os
import subprocess
import sys
import time


def main() -> int:
    report, command = sys.argv[1], sys.argv[2:]
    started = time.perf_counter()
    process = subprocess.Popen(command)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    with open(report, "w", encoding="ascii") as stream:
        stream.write(f"{seconds} {usage.ru_utime + usage.ru_stime} {peak}\n")
    return process.returncode


if __name__ == "__main__":
    sys.exit(main())
