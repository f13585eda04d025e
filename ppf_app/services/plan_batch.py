"""Development plans for a whole team: one PDF per person, written one after another.

:func:`write_team_plans` is a generator: it yields a :class:`BatchResult` for each person
as soon as that person is done, so ``ppf plan --all`` can draw a progress bar and the
app's progress dialog can show each name and stop when asked (``cancelled``). A person
whose plan cannot be written (no assessment, a framework that cannot be found, a
damaged record) is reported in their result and skipped; the batch goes on.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ppf_app.core.errors import UserError
from ppf_app.services import assessments, people, plan_report
from ppf_app.services.views import PersonView

if TYPE_CHECKING:
    from ppf_app.services.library import Library

log = logging.getLogger(__name__)

MAX_NAME_IN_FILE = 60
# Letters NFKD does not take apart into an ASCII letter and an accent.
_SPELLED_OUT = str.maketrans(
    {
        "Ł": "L",
        "ł": "l",
        "Ø": "O",
        "ø": "o",
        "Đ": "D",
        "đ": "d",
        "Ð": "D",
        "ð": "d",
        "Þ": "Th",
        "þ": "th",
        "ß": "ss",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "ı": "i",
    }
)


@dataclass(frozen=True)
class BatchResult:
    """What happened to one person of the batch.

    ``index`` counts from 1 up to ``total``. Exactly one of ``path`` (the PDF written)
    and ``problem`` (why the person was skipped) is set.
    """

    index: int
    total: int
    person_id: int
    name: str
    path: Path | None = None
    problem: str | None = None

    @property
    def written(self) -> bool:
        return self.path is not None

    def describe_problem(self) -> str:
        """``person ID (name): problem``: the line a report of skipped people shows."""
        return f"person {self.person_id} ({self.name}): {self.problem}"


def safe_file_name(person_id: int, name: str, assessed_on: date) -> str:
    """``<id>-<name>-<date>.pdf`` using only ASCII letters, digits, ``-`` and ``.``.

    Accents are dropped (``Siân`` -> ``Sian``), other characters become ``-``, so the
    name is valid and unambiguous on Windows, macOS and Linux alike.
    """
    decomposed = unicodedata.normalize("NFKD", name.translate(_SPELLED_OUT))
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_only).strip("-")[:MAX_NAME_IN_FILE].strip("-")
    return f"{person_id}-{slug or 'person'}-{assessed_on.isoformat()}.pdf"


def team(lib: Library, group: str | None = None) -> list[PersonView]:
    """The people a batch covers: everyone, or those of one professional group, by name.

    Raises:
        UserError: nobody in the library belongs to ``group``.
    """
    everyone = people.list_people(lib)
    if group is None:
        return everyone
    chosen = [p for p in everyone if p.professional_group == group]
    if not chosen:
        groups = sorted({p.professional_group for p in everyone})
        raise UserError(
            f"group {group!r}: nobody in the library is in that group"
            + (f"; the groups in use are: {', '.join(groups)}" if groups else "")
        )
    return chosen


def prepare_out_dir(out_dir: str | Path) -> Path:
    """The folder to write the plans in, created when missing.

    Raises:
        UserError: it is a file, or cannot be created.
    """
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder}: is a file; name a folder to write the plans in")
    try:
        # Folders made here hold personal records: owner-only (one the user chose that
        # exists already is left as it is).
        for missing in reversed([p for p in (folder, *folder.parents) if not p.exists()]):
            missing.mkdir(mode=0o700)
    except OSError as exc:
        raise UserError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from exc
    return folder


def write_team_plans(
    lib: Library,
    out_dir: str | Path,
    *,
    group: str | None = None,
    cancelled: Callable[[], bool] | None = None,
    invariant: bool = False,
) -> Iterator[BatchResult]:
    """Write the plan of each person's latest assessment into ``out_dir``, one by one.

    Args:
        lib: the open library.
        out_dir: the folder for the PDFs (created when missing); existing files of the
            same names are replaced.
        group: only people of this professional group.
        cancelled: asked before each person; once it returns True the batch stops (the
            files already written stay).
        invariant: reproducible PDFs (fixed dates in the metadata), for tests.

    Yields:
        One result per person, in name order.

    Raises:
        UserError: (before anything is written) the folder cannot be used, or nobody is
            in ``group``.
    """
    chosen = team(lib, group)
    folder = prepare_out_dir(out_dir)
    total = len(chosen)
    for index, person in enumerate(chosen, start=1):
        if cancelled is not None and cancelled():
            return
        path: Path | None = None
        problem: str | None = None
        try:
            path = _write_one(lib, person, folder, invariant=invariant)
        except UserError as exc:
            problem = "; ".join(exc.problems)
        except Exception as exc:
            log.exception("No plan for person %s", person.id)
            problem = f"unexpected error ({type(exc).__name__}); the details are in the log"
        if path is None and problem is None:
            problem = "no assessment yet"
        yield BatchResult(
            index=index,
            total=total,
            person_id=person.id,
            name=person.name,
            path=path,
            problem=problem,
        )


def _write_one(lib: Library, person: PersonView, folder: Path, *, invariant: bool) -> Path | None:
    """The PDF written for ``person``, or None when they have no assessment."""
    latest = assessments.latest_assessment(lib, person.id)
    if latest is None:
        return None
    target = folder / safe_file_name(person.id, person.name, latest.assessed_on)
    return plan_report.write_plan_pdf(lib, person.id, target, latest.id, invariant=invariant)
