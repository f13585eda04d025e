"""Read a framework file (format 1 or 2) into a :class:`Framework`, or say everything wrong
with it.

A file is refused as a whole: either a complete :class:`Framework` comes back or
:class:`FrameworkError` is raised with every problem found, each formatted
``FILE: LOCATION: PROBLEM``. LOCATION is

- ``line N`` (1-based) for a TOML syntax error or a byte that is not UTF-8,
- a path into the file such as ``values[2].behaviours[0].training_areas[1]`` (0-based
  indices) for a key or value that breaks the format,
- ``file`` for a problem with the whole file (missing, empty, too large, binary).

The size is checked before anything is parsed: a file over 2 MiB is refused from its
``stat`` without being read. Then :mod:`ppf_app.domain.framework_limits` keeps out what
would stop the app later rather than now: nesting deep enough to overflow the parser,
integers too long to print or too large to store, ids and versions that hide characters.
Whatever a file holds, loading it raises :class:`FrameworkError` or returns a framework;
at most :data:`MAX_SHOWN_PROBLEMS` problems are listed, then how many more there are.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ppf_app.core.errors import UserError
from ppf_app.domain.framework import Framework
from ppf_app.domain.framework_limits import (
    huge_integer_problems,
    nesting_problem,
    normalise_ids,
    shape_problems,
)
from ppf_app.domain.framework_problems import sorted_problems, translate_errors
from ppf_app.domain.framework_rules import check_rules, file_format, format_problem, is_newer_format

if TYPE_CHECKING:
    from ppf_app.domain.framework_cache import TomlCache

MAX_FILE_BYTES = 2 * 1024 * 1024
WHOLE_FILE = "file"

#: Most problems listed for one file; a file with more is told how many were left out.
MAX_SHOWN_PROBLEMS = 100

#: How many validated files :func:`parse_framework` keeps, by the sha256 of their bytes.
PARSED_KEPT = 16

_TOML_POSITION = re.compile(r"^(?P<msg>.*) \(at line (?P<line>\d+), column (?P<col>\d+)\)$")
_TOML_AT_END = re.compile(r"^(?P<msg>.*) \(at end of document\)$")


#: ``(location, message)``: one problem, its location already written out.
Problem = tuple[str, str]


class FrameworkError(UserError):
    """A framework file was refused; ``problems`` holds one ``FILE: LOCATION: PROBLEM`` each.

    ``located`` keeps the same problems as ``(location, message)`` pairs for views that
    show the file name once. Both list at most :data:`MAX_SHOWN_PROBLEMS`; ``problems``
    then ends with the line ``FILE: ... and N more problems`` (a file made to hold a
    million mistakes must not flood a screen or a terminal). ``all_located`` has them all
    and ``total`` counts them.
    """

    def __init__(self, source: str, located: list[Problem]) -> None:
        self.source = source
        self.all_located = located
        self.total = len(located)
        self.located = located[:MAX_SHOWN_PROBLEMS]
        lines = [f"{source}: {where}: {message}" for where, message in self.located]
        hidden = self.total - len(self.located)
        if hidden:
            lines.append(f"{source}: ... and {hidden} more problem{'s' if hidden > 1 else ''}")
        super().__init__(lines)


def _whole_file(source: str, message: str) -> FrameworkError:
    return FrameworkError(source, [(WHOLE_FILE, message)])


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"


def _too_large(source: str, size: int) -> FrameworkError:
    return _whole_file(
        source,
        f"the file is {_mib(size)} ({size} bytes); framework files are limited to "
        f"{_mib(MAX_FILE_BYTES)} ({MAX_FILE_BYTES} bytes)",
    )


# -- bytes to text --------------------------------------------------------------------


def _line_and_column(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def _decode(data: bytes, source: str) -> str:
    """The file's text, after the whole-file checks (size, empty, binary, UTF-8)."""
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(source, len(data))
    if not data.strip():
        raise _whole_file(source, "the file is empty; a framework file starts with 'format = 1'")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _whole_file(source, "the file is saved as UTF-16; save it as UTF-8 text")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise _whole_file(
            source,
            f"this is not a text file (it holds a NUL byte at byte offset {nul}); "
            "a framework file is UTF-8 text in TOML",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_and_column(data, exc.start)
        raise FrameworkError(
            source,
            [
                (
                    f"line {line}",
                    f"not UTF-8 text: byte 0x{data[exc.start]:02X} at byte offset "
                    f"{exc.start} (column {column}) is not valid UTF-8; save the file "
                    "as UTF-8",
                )
            ],
        ) from None
    return text.removeprefix("\ufeff")


def _parse_toml(text: str, source: str) -> dict[str, Any]:
    import tomllib  # not needed when every framework's TOML comes from the cache

    too_deep = nesting_problem(text)
    if too_deep is not None:
        raise FrameworkError(source, [too_deep])
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise _whole_file(
            source,
            "arrays and tables are nested too deeply to be read; a framework file "
            "needs only a few levels",
        ) from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = _TOML_POSITION.match(message)
        if where:
            detail = where["msg"]
            location = f"line {where['line']}"
            problem = f"not valid TOML: {detail[:1].lower()}{detail[1:]} (column {where['col']})"
        else:
            at_end = _TOML_AT_END.match(message)
            detail = at_end["msg"] if at_end else message
            location = f"line {text.count(chr(10)) + 1}"
            problem = f"not valid TOML: {detail[:1].lower()}{detail[1:]} at the end of the file"
        raise FrameworkError(source, [(location, problem)]) from None
    except ValueError:
        # Not a syntax error: an integer longer than Python converts from text.
        raise FrameworkError(source, huge_integer_problems(text)) from None


# -- structure and rules --------------------------------------------------------------


def _validate(data: dict[str, Any], source: str) -> Framework:
    out_of_bounds = shape_problems(data)
    if out_of_bounds:
        # Nothing after this may meet data nested too deep or numbers too large to print.
        raise FrameworkError(source, sorted_problems(out_of_bounds))
    wrong_format = format_problem(data)
    if wrong_format is not None and is_newer_format(data):
        # The keys of a newer format would only add noise as "unknown key" problems.
        raise FrameworkError(source, sorted_problems([wrong_format]))
    data, problems = normalise_ids(data)
    if wrong_format:
        problems.append(wrong_format)
    framework: Framework | None = None
    try:
        framework = Framework.model_validate(data)
    except ValidationError as exc:
        problems.extend(translate_errors(exc.errors(), file_format(data)))
    problems.extend(check_rules(data))
    if problems or framework is None:
        raise FrameworkError(
            source, sorted_problems(problems) or [(WHOLE_FILE, "not a framework file")]
        )
    return framework


_parsed: OrderedDict[str, Framework] = OrderedDict()
_parsed_lock = threading.Lock()


def parse_framework(data: bytes, source: str, *, cache: TomlCache | None = None) -> Framework:
    """Validate the bytes of a framework file; ``source`` names it in problems.

    The same bytes always give the same (immutable) framework, so the last
    :data:`PARSED_KEPT` files that passed are kept by the sha256 of their bytes: a
    bundled file and an assessment's snapshot of it are read once per process. A file
    that fails is checked again each time.

    With a ``cache``, the TOML of bytes read before comes from it (and is checked as
    always), and the TOML of new bytes that pass goes into it.
    """
    digest = hashlib.sha256(data).hexdigest()
    with _parsed_lock:
        kept = _parsed.get(digest)
        if kept is not None:
            _parsed.move_to_end(digest)
    if kept is not None:
        if cache is not None:
            cache.get(digest)  # still in use: the cache keeps its TOML when next saved
        return kept
    toml = cache.get(digest) if cache is not None else None
    from_cache = toml is not None
    if toml is None:
        toml = _parse_toml(_decode(data, source), source)
    framework = _validate(toml, source)
    if cache is not None and not from_cache:
        cache.put(digest, toml)
    with _parsed_lock:
        _parsed[digest] = framework
        while len(_parsed) > PARSED_KEPT:
            _parsed.popitem(last=False)
    return framework


def read_framework_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a framework file, refusing it from its size alone when over 2 MiB."""
    source = os.fspath(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise _whole_file(source, "no such file") from None
    except OSError as exc:
        raise _whole_file(source, f"cannot be read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise _whole_file(source, "is a folder, not a framework file")
    if not stat.S_ISREG(info.st_mode):
        raise _whole_file(source, "is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise _too_large(source, info.st_size)
    try:
        with open(path, "rb") as handle:
            # The file may have grown since stat: never read more than one byte too many.
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _whole_file(source, f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(source, len(data))
    return data


def load_framework_with_source(
    path: str | os.PathLike[str], *, cache: TomlCache | None = None
) -> tuple[Framework, bytes]:
    """The framework in ``path`` and the exact bytes it was read from."""
    data = read_framework_bytes(path)
    return parse_framework(data, os.fspath(path), cache=cache), data


def load_framework(path: str | os.PathLike[str]) -> Framework:
    """The framework in ``path``; raises :class:`FrameworkError` listing every problem."""
    return load_framework_with_source(path)[0]
