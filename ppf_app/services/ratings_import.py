"""Ratings from a CSV file, recorded as one completed assessment.

The file has a header naming the columns ``behaviour_id`` and ``level`` and, optionally,
``evidence``, in any order (names are trimmed and compared without case). It is UTF-8,
with or without the byte-order mark spreadsheet programs write, with any line endings.

A row whose level is blank leaves its behaviour unanswered (its evidence is kept), and
behaviours without a row stay unanswered too: a survey may cover only part of a
framework. Blank rows are skipped.

Importing is all or nothing: every problem in the file is reported, one a line as
``FILE:LINE: problem`` with the file's physical line number, and then nothing is
recorded.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ppf_app.core import files
from ppf_app.core.errors import UserError
from ppf_app.domain.answers import Answer
from ppf_app.domain.framework import Framework, FrameworkLookupError
from ppf_app.services import assessments, people
from ppf_app.services.assessments import NewRating
from ppf_app.services.unit import unit
from ppf_app.services.views import ImportResult

if TYPE_CHECKING:
    from ppf_app.services.library import Library

MAX_BYTES = 5 * 1024 * 1024
MAX_PROBLEMS_SHOWN = 100
REQUIRED_COLUMNS = ("behaviour_id", "level")
#: ``number`` and ``text`` are those of a template (``ppf assess template``): read past.
OPTIONAL_COLUMNS = ("evidence", "number", "text")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
_ASCII_WHOLE_NUMBER = re.compile(r"-?[0-9]+", re.ASCII)


@dataclass(frozen=True)
class _Problem:
    line: int
    text: str


class _Problems:
    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[_Problem] = []

    def add(self, line: int, text: str) -> None:
        self.items.append(_Problem(line, text))

    def raise_if_any(self) -> None:
        if not self.items:
            return
        ordered = sorted(self.items, key=lambda p: p.line)
        lines = [f"{self.source}:{p.line}: {p.text}" for p in ordered[:MAX_PROBLEMS_SHOWN]]
        if len(ordered) > MAX_PROBLEMS_SHOWN:
            lines.append(
                f"{self.source}: {len(ordered) - MAX_PROBLEMS_SHOWN} more problems not shown"
            )
        raise UserError(lines)


def read_file(path: Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of ``path``, refusing a missing, unreadable, too large or special file
    (a named pipe would make the import wait forever)."""
    return files.read_regular_file(
        path, max_bytes=max_bytes, what="CSV file", too_large="; split it"
    )


def decode_utf8(data: bytes, source: str) -> str:
    """``data`` as text, without a BOM; every line with bytes that are not UTF-8 reported."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UserError(f"{source}:1: saved as UTF-16; save the file as UTF-8 CSV")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    problems = _Problems(source)
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            byte = raw[exc.start]
            problems.add(
                number,
                f"not valid UTF-8 (byte 0x{byte:02X} at column {exc.start + 1}); "
                "save the file as UTF-8 CSV",
            )
    problems.raise_if_any()
    raise AssertionError("unreachable: undecodable data with no undecodable line")


def _header_columns(header: list[str], line: int, problems: _Problems) -> dict[str, int] | None:
    names = [name.strip().lower() for name in header]
    positions: dict[str, int] = {}
    ok = True
    for index, name in enumerate(names):
        if name in positions:
            problems.add(line, f"column {name!r} appears twice in the header")
            ok = False
        elif name not in COLUMNS:
            shown = name or f"(empty, column {index + 1})"
            problems.add(line, f"unknown column {shown!r}; the columns are {', '.join(COLUMNS)}")
            ok = False
        else:
            positions[name] = index
    missing = [name for name in REQUIRED_COLUMNS if name not in positions]
    if missing:
        problems.add(
            line,
            f"the header must name the columns {', '.join(REQUIRED_COLUMNS)} "
            f"(missing: {', '.join(missing)})",
        )
        ok = False
    return positions if ok else None


def _parse_level(
    text: str, framework: Framework, behaviour_id: str | None
) -> tuple[Answer, str | None]:
    """The answer in ``text`` (None when blank) and a problem, if any.

    An answer is a scale value in ASCII digits (``3``; a minus sign for a scale below
    zero), the label of a level (``Consistent``, in any case), or, where the framework
    has ``[not_applicable]``, ``n/a`` or its label. Other digits (``٣``, ``３``) and
    Python's spellings of numbers (``0_3``, ``+3``) are refused.
    """
    text = text.strip()
    if not text:
        return None, None
    if _ASCII_WHOLE_NUMBER.fullmatch(text):
        level = int(text)
        return level, assessments.level_problem(framework, level)
    if not any(ch.isdigit() for ch in text) and "+" not in text:
        try:
            return framework.find_level(" ".join(text.split()), behaviour_id), None
        except FrameworkLookupError as exc:
            if framework.not_applicable is not None or "not applicable" in str(exc):
                return None, str(exc)
    also = (
        f", or {framework.not_applicable_label!r} (n/a)" if framework.not_applicable_label else ""
    )
    return None, (
        f"level {text!r} is not a whole number (in the digits 0-9) or a label of the scale; "
        f"the scale is {assessments.describe_scale(framework)}{also}"
    )


def _unknown_behaviour(behaviour_id: str, framework: Framework) -> str:
    text = f"unknown behaviour {behaviour_id!r} in framework {framework.id}@{framework.version}"
    close = difflib.get_close_matches(behaviour_id, list(framework.behaviour_index), n=1)
    if close:
        text += f"; did you mean {close[0]!r}?"
    return text


def _nul_problems(text: str, problems: _Problems) -> None:
    """A NUL character would cut the text short where it is stored: refuse each line with one."""
    if "\0" not in text:
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if "\0" in line:
            problems.add(
                number,
                f"contains a NUL byte (column {line.index(chr(0)) + 1}); the file is damaged or "
                "not a CSV file saved as text",
            )


def _csv_problem(exc: csv.Error, start: int, end: int) -> tuple[int, str]:
    """Where and what a malformed row is: its first line, and what to fix."""
    message = str(exc)
    if "unexpected end of data" in message or "EOF" in message:
        return start, (
            'a quote (") opened in this row is never closed; every line after it would be '
            "read as part of one field"
        )
    if "expected after" in message and end > start:
        return start, (
            f'a quote (") opened in this row closes only on line {end}, with more text after '
            "it; a closing quote is probably missing on this line"
        )
    if "expected after" in message:
        return end, (
            'a closing quote (") is followed by more text in the same field; inside a quoted '
            'field write a quote twice ("")'
        )
    return end, f"not readable as CSV: {message}"


def _swallowed_rows(
    row: list[str], start: int, end: int, framework: Framework, problems: _Problems
) -> bool:
    """Whether a field spanning lines holds what looks like further rows (an unclosed quote)."""
    if start == end:
        return False
    for field in row:
        for offset, text in enumerate(field.split("\n")[1:], start=1):
            first = text.split(",", 1)[0].strip().strip('"')
            if "," in text and first in framework.behaviour_index:
                problems.add(
                    start,
                    f"a quoted field opened on this line runs on to line {end} and holds what "
                    f"looks like a row for {first!r} (line {start + offset}); a closing quote "
                    '(") is probably missing',
                )
                return True
    return False


def parse_ratings_csv(
    data: bytes, source: str, framework: Framework, group_id: str | None = None
) -> list[NewRating]:
    """Every rating in a CSV file, checked against ``framework`` and the group the
    assessment is made for; UserError lists all problems.

    A behaviour is named by its id or its number (``1.2``); a row for a behaviour not
    asked of the group is refused with its line. Malformed CSV is refused with the line
    it is on (strict quoting): an unclosed quote never swallows the rows after it, and a
    NUL byte never cuts evidence short.
    """
    text = decode_utf8(data, source)
    problems = _Problems(source)
    _nul_problems(text, problems)
    problems.raise_if_any()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    columns: dict[str, int] | None = None
    header_seen = False
    first_line: dict[str, int] = {}
    found: list[NewRating] = []
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.add(*_csv_problem(exc, start, max(reader.line_num, start)))
            break
        line = reader.line_num
        if not any(field.strip() for field in row):
            continue
        if _swallowed_rows(row, start, line, framework, problems):
            continue
        if not header_seen:
            header_seen = True
            columns = _header_columns(row, line, problems)
            if columns is None:
                break
            continue
        assert columns is not None
        rating = _parse_row(row, line, columns, framework, group_id, first_line, problems)
        if rating is not None:
            found.append(rating)
    if not header_seen:
        problems.add(1, "the file is empty; the first line must be the header behaviour_id,level")
    elif (
        columns is not None
        and not problems.items
        and all(r.level is None and not r.not_applicable for r in found)
    ):
        problems.add(reader.line_num, "no levels after the header: nothing to record")
    problems.raise_if_any()
    return found


def _parse_row(
    row: list[str],
    line: int,
    columns: dict[str, int],
    framework: Framework,
    group_id: str | None,
    first_line: dict[str, int],
    problems: _Problems,
) -> NewRating | None:
    def field(name: str) -> str:
        index = columns.get(name)
        return row[index] if index is not None and index < len(row) else ""

    ok = True
    extra = [value for value in row[len(columns) :] if value.strip()]
    if extra:
        problems.add(line, f"{len(row)} fields, but the header names only {len(columns)}")
        ok = False
    named = field("behaviour_id").strip()
    behaviour_id: str | None = None
    if not named:
        problems.add(line, "no behaviour id")
        ok = False
    else:
        try:
            behaviour_id = framework.find_behaviour(named).id
        except FrameworkLookupError:
            problems.add(line, _unknown_behaviour(named, framework))
            ok = False
    if behaviour_id is not None:
        if behaviour_id in first_line:
            problems.add(
                line,
                f"behaviour {behaviour_id!r} is rated twice; first on line "
                f"{first_line[behaviour_id]}",
            )
            ok = False
        elif group_id is not None and not framework.asks(behaviour_id, group_id or None):
            problems.add(
                line,
                f"behaviour {framework.behaviour_numbers[behaviour_id]} ({behaviour_id}) is "
                f"not asked of the group {group_id or '(none)'}; leave its row out",
            )
            ok = False
        else:
            first_line[behaviour_id] = line
    level, level_problem = _parse_level(field("level"), framework, behaviour_id)
    if level_problem:
        problems.add(line, level_problem)
        ok = False
    evidence = field("evidence").strip()
    if len(evidence) > assessments.MAX_EVIDENCE:
        problems.add(line, f"evidence longer than {assessments.MAX_EVIDENCE} characters")
        ok = False
    if not ok or behaviour_id is None:
        return None
    return NewRating.of(behaviour_id, level, evidence)


def import_ratings(
    lib: Library,
    person_id: int,
    path: Path,
    *,
    framework_id: str | None = None,
    version: str | None = None,
    kind: str = "self",
    assessed_on: date | None = None,
    data: bytes | None = None,
    group_id: str | None = None,
) -> ImportResult:
    """Record the ratings in the CSV file ``path`` as a completed assessment of a person,
    made for ``group_id`` (a group of the framework; default: the person's own).

    Nothing is recorded unless the whole file is valid. ``data``, when given, are the
    file's bytes read beforehand (with :func:`read_file`, before the library's lock was
    taken). The assessment is created in one unit of work, which an operation that
    goes on to link it (an appraiser's ratings) joins, so that both happen or neither.
    """
    assessments.check_kind(kind)
    person = people.get_person(lib, person_id)
    framework = assessments.resolve_framework(lib, framework_id, version)
    group = (
        assessments.check_group(framework, group_id)
        if group_id is not None
        else assessments.default_group(framework, person.professional_group)
    )
    rows = parse_ratings_csv(read_file(path) if data is None else data, str(path), framework, group)
    with unit(lib) as work:
        session = work.session
        created = assessments.create_assessment(
            lib,
            person_id,
            framework,
            kind=kind,
            assessed_on=assessed_on or date.today(),
            ratings=rows,
            complete=True,
            session=session,
            group_id=group,
        )
        assert created.id is not None
        work.assessment_changed(person_id, created.id)
        rated = [row.behaviour_id for row in rows if row.level is not None or row.not_applicable]
        view = assessments.assessment_view(created, framework, len(rated))
    return ImportResult(
        assessment=view,
        rated=len(rated),
        unanswered=assessments.unanswered_ids(framework, rated, group),
    )
