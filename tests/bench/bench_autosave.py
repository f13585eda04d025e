"""Autosave: one rating change through the service against a bare sqlite3 INSERT + COMMIT."""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from pathlib import Path

from ppf_app.services import assessments, people
from ppf_app.services.library import open_library
from tests.bench.figures import Figure
from tests.bench.measure import median

#: The connection settings of the library (storage/sqlite.py), for the baseline.
PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
)
BASELINE_TABLE = """
CREATE TABLE rating (
    id INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL,
    behaviour_id VARCHAR(128) NOT NULL,
    level INTEGER,
    evidence VARCHAR NOT NULL,
    updated_at DATETIME NOT NULL,
    UNIQUE (assessment_id, behaviour_id)
)
"""
WARMUP = 10


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(work: Path, *, quick: bool) -> list[Figure]:
    folder = work / "autosave"
    times = 50 if quick else 200
    service: list[float] = []
    bare: list[float] = []
    with (
        open_library(folder) as lib,
        closing(sqlite3.connect(folder / "baseline.sqlite3", isolation_level=None)) as raw,
    ):
        person = people.add_person(lib, name="Siân Nguyễn", professional_group="clinician")
        view = assessments.start_assessment(lib, person.id)
        framework = assessments.framework_for(lib, view)
        behaviours = [behaviour.id for behaviour in framework.behaviours_for(view.group_id or None)]
        levels = framework.scale_values
        for pragma in PRAGMAS:
            raw.execute(pragma)
        raw.execute(BASELINE_TABLE)
        raw.execute("CREATE INDEX ix_rating_assessment_id ON rating (assessment_id)")
        insert = (
            "INSERT INTO rating (assessment_id, behaviour_id, level, evidence, updated_at) "
            "VALUES (?, ?, ?, ?, ?)"
        )
        for step in range(WARMUP + times):
            behaviour = behaviours[step % len(behaviours)]
            level = levels[step % len(levels)]
            started = time.perf_counter()
            assessments.set_rating(lib, view.id, behaviour, level=level)
            service_seconds = time.perf_counter() - started

            started = time.perf_counter()
            raw.execute("BEGIN")
            raw.execute(insert, (1, f"b-{step}", level, "", "2026-06-30 09:00:00.000000"))
            raw.execute("COMMIT")
            bare_seconds = time.perf_counter() - started
            if step >= WARMUP:
                service.append(service_seconds)
                bare.append(bare_seconds)
    return [
        Figure(
            "Autosave: one rating change (median)",
            median(service) * 1000,
            "ms",
            baseline=median(bare) * 1000,
            goal=3,
            note=f"assessments.set_rating, {times} changes interleaved with the baseline "
            "(sqlite3 BEGIN, INSERT, COMMIT with the library's PRAGMAs, same disk)",
            details={
                "service_p95_ms": percentile(service, 0.95) * 1000,
                "baseline_p95_ms": percentile(bare, 0.95) * 1000,
            },
        )
    ]
