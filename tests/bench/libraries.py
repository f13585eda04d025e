"""The data folders the benchmarks run on, made with the library generator."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ppf_app.services.generate import GenerateResult, generate_library
from ppf_app.services.library import open_library

AS_OF = date(2026, 6, 30)


def make_library(
    folder: Path,
    *,
    people: int,
    per_person: int,
    seed: int = 1,
    framework_file: Path | None = None,
) -> GenerateResult:
    """A new data folder with ``people`` made-up people of ``per_person`` assessments.

    With ``framework_file``, that framework is installed and assessed against.
    """
    with open_library(folder) as lib:
        framework_id = None
        if framework_file is not None:
            framework_id = lib.frameworks.add(framework_file).id
        return generate_library(
            lib,
            people_count=people,
            assessments_per_person=per_person,
            seed=seed,
            framework_id=framework_id,
            as_of=AS_OF,
        )
