"""Files made to break the app are refused with a location, and never stop it starting.

Each of these once crashed the app (exit 1 or worse): a version of 4,301 digits made
ordering versions raise at start-up, deep nesting overflowed the parser's stack, a
5,000-digit integer made it raise a ValueError, and a scale value of 2**70 was accepted
and overflowed later.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from ppf_app.domain import framework_library, framework_loader
from ppf_app.domain.framework import Framework
from ppf_app.domain.framework_library import FrameworkLibrary, fold_key
from ppf_app.domain.framework_loader import (
    MAX_SHOWN_PROBLEMS,
    FrameworkError,
    parse_framework,
)
from ppf_app.domain.framework_version import newest, version_key
from tests.domain.frameworks import BROKEN, FORMAT2, GOOD, bundled_library


def problems(data: str | bytes) -> list[str]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with pytest.raises(FrameworkError) as caught:
        parse_framework(raw, "x.toml")
    return [p.removeprefix("x.toml: ") for p in caught.value.problems]


def load_framework_text(text: str) -> Framework:
    return parse_framework(text.encode("utf-8"), "x.toml")


MINIMAL = (GOOD / "minimal.toml").read_text(encoding="utf-8")


# -- the loader ------------------------------------------------------------------------


def test_nesting_deeper_than_the_parser_can_go_is_refused_even_without_the_pre_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(framework_loader, "nesting_problem", lambda _text: None)
    deep = MINIMAL + "\nnotes = " + "[" * 5000 + "]" * 5000 + "\n"
    assert problems(deep) == [
        "file: arrays and tables are nested too deeply to be read; a framework file needs "
        "only a few levels"
    ]


def test_nesting_is_counted_outside_strings_and_comments() -> None:
    brackets = "[" * 200
    text = MINIMAL.replace(
        'title = "Minimal framework"',
        f'title = "{brackets}"\ndescription = """{brackets}\n{brackets}"""\n# {brackets}',
    )
    assert load_framework_text(text).title == brackets


def test_integers_are_held_to_32_bits_wherever_they_are() -> None:
    assert problems(MINIMAL.replace("value = 1", f"value = {2**31}")) == [
        "scale[1].value: 2147483648 is out of range: numbers in a framework file lie between "
        "-2147483648 and 2147483647"
    ]
    hexadecimal = MINIMAL.replace("value = 1", "value = 0x" + "f" * 3000)
    (problem,) = problems(hexadecimal)
    assert problem.startswith("scale[1].value: a number of about 3613 digits is out of range")
    assert load_framework_text(MINIMAL.replace("value = 1", f"value = {2**31 - 1}"))


def test_a_huge_format_number_is_refused_before_it_is_printed() -> None:
    assert problems(MINIMAL.replace("format = 1", "format = 0x" + "f" * 4000)) == [
        "format: a number of about 4817 digits is out of range: numbers in a framework file "
        "lie between -2147483648 and 2147483647"
    ]
    assert problems(MINIMAL.replace("format = 1", "format = " + "9" * 5000)) == [
        "line 1: a whole number of more than 4300 digits; numbers in a framework file lie "
        "between -2147483648 and 2147483647"
    ]


def test_versions_of_64_characters_are_accepted_and_longer_ones_refused() -> None:
    assert load_framework_text(MINIMAL.replace('version = "1"', f'version = "{"9" * 64}"'))
    assert problems(MINIMAL.replace('version = "1"', f'version = "{"9" * 65}"')) == [
        "framework.version: the version is 65 characters long; a version has at most 64 "
        "(such as 2026.1)"
    ]


def test_ids_are_normalised_to_nfc() -> None:
    decomposed = "cafe\u0301"
    text = MINIMAL.replace('id = "b"', f'id = "{decomposed}"')
    framework = parse_framework(text.encode("utf-8"), "x.toml")
    assert list(framework.behaviour_index) == ["caf\u00e9"]
    assert framework.find_behaviour(decomposed).id == "caf\u00e9"
    # Texts are kept exactly as written.
    text = MINIMAL.replace('text = "The one behaviour."', f'text = "{decomposed}"')
    assert parse_framework(text.encode("utf-8"), "x.toml").values[0].behaviours[0].text == (
        decomposed
    )


def test_at_most_a_hundred_problems_then_how_many_more() -> None:
    refs = ", ".join(f'"area-{i}"' for i in range(150))
    text = MINIMAL.replace('id = "b"', f'id = "b"\ntraining_areas = [{refs}]')
    with pytest.raises(FrameworkError) as caught:
        parse_framework(text.encode("utf-8"), "many.toml")
    error = caught.value
    assert error.total == 150 and len(error.all_located) == 150
    assert len(error.located) == MAX_SHOWN_PROBLEMS
    assert len(error.problems) == MAX_SHOWN_PROBLEMS + 1
    assert error.problems[-1] == "many.toml: ... and 50 more problems"
    assert error.problems[0].startswith("many.toml: values[0].behaviours[0].training_areas[0]: ")


# -- versions ---------------------------------------------------------------------------


def test_version_order_never_converts_long_numbers() -> None:
    huge = "1" * 5000
    versions = [huge, "2026.1", "9" * 4999, "0" + huge]
    ordered = sorted(versions, key=version_key)
    # Equal numbers are ordered by their text, so the order stays total.
    assert ordered == ["2026.1", "9" * 4999, "0" + huge, huge]
    assert newest(versions) == huge
    assert version_key("2026.010") > version_key("2026.9")


# -- the library ------------------------------------------------------------------------


@pytest.fixture
def library(tmp_path: Path) -> FrameworkLibrary:
    return bundled_library(tmp_path)


def test_files_made_to_break_the_app_in_the_folder_are_skipped_and_listed(
    library: FrameworkLibrary, caplog: pytest.LogCaptureFixture
) -> None:
    library.user_dir.mkdir(parents=True)
    for name in (
        "nested-500-deep.toml",
        "version-4301-digits.toml",
        "integer-5000-digits.toml",
        "scale-value-2-70.toml",
        "tables-nested-40-deep.toml",
    ):
        shutil.copy(BROKEN / name, library.user_dir / name)
    shutil.copy(GOOD / "full.toml", library.user_dir / "full.toml")
    with caplog.at_level(logging.WARNING):
        keys = [fw.key for fw in library.all()]
    assert keys == [
        ("leadership-model", "2013"),
        ("ppf", "2026.1"),
        ("team-practice", "1.2"),
    ]
    skipped = library.problems()
    assert len(skipped) == 5
    assert any(
        p.startswith(f"{library.user_dir / 'version-4301-digits.toml'}: framework.version: ")
        for p in skipped
    )
    assert any(
        p.startswith(f"{library.user_dir / 'nested-500-deep.toml'}: line 3: ") for p in skipped
    )
    assert library.default().id == "ppf"


def test_anything_a_file_provokes_skips_that_file_only(
    library: FrameworkLibrary, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    library.user_dir.mkdir(parents=True)
    shutil.copy(GOOD / "minimal.toml", library.user_dir / "odd.toml")
    real = framework_library.load_framework_with_source

    def fragile(path: object, **options: object) -> object:
        if str(path).endswith("odd.toml"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(path, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(framework_library, "load_framework_with_source", fragile)
    with caplog.at_level(logging.WARNING):
        assert len(library.all()) == 2
    assert library.problems() == [
        f"{library.user_dir / 'odd.toml'}: file: could not be read as a framework file "
        "(RecursionError); it is ignored"
    ]
    assert "Traceback" in caplog.text


def test_framework_ids_are_found_in_any_case(library: FrameworkLibrary) -> None:
    assert library.get("PPF").id == "ppf"
    assert library.resolve("Leadership-Model@2013").version == "2013"
    assert library.is_bundled("LEADERSHIP-MODEL", "2013")
    assert fold_key("Ppf", "1") == fold_key("ppf", "1")


def test_a_newer_version_with_a_crosswalk_is_added_and_knows_what_it_supersedes(
    library: FrameworkLibrary,
) -> None:
    added = library.add(FORMAT2 / "leadership-model-2026.toml")
    assert library.get("leadership-model").version == "2026"
    older = library.superseded(added)
    assert older is not None and older.key == ("leadership-model", "2013")
    assert library.problems() == []


def _wrong_crosswalk(folder: Path) -> Path:
    text = (FORMAT2 / "leadership-model-2026.toml").read_text(encoding="utf-8")
    text = text.replace('from = "leading-with-care-2"', 'from = "leading-with-care-9"')
    path = folder / "wrong-crosswalk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_crosswalk_from_the_superseded_framework_lacks_is_refused_on_add(
    library: FrameworkLibrary, tmp_path: Path
) -> None:
    wrong = _wrong_crosswalk(tmp_path)
    with pytest.raises(FrameworkError) as caught:
        library.add(wrong)
    assert caught.value.problems == [
        f"{wrong}: crosswalk[1].from: 'leading-with-care-9' is not a behaviour of "
        "leadership-model@2013, the framework this file supersedes; did you mean "
        "'leading-with-care-2'?"
    ]
    assert not library.user_dir.exists()


def test_a_crosswalk_problem_of_an_installed_file_is_reported_not_fatal(
    library: FrameworkLibrary,
) -> None:
    library.user_dir.mkdir(parents=True)
    wrong = _wrong_crosswalk(library.user_dir)
    assert ("leadership-model", "2026") in [fw.key for fw in library.all()]
    assert library.problems() == [
        f"{wrong}: crosswalk[1].from: 'leading-with-care-9' is not a behaviour of "
        "leadership-model@2013, the framework this file supersedes; did you mean "
        "'leading-with-care-2'?"
    ]


def test_messages_list_at_most_twelve_ids() -> None:
    areas = "".join(
        f'\n[[training_areas]]\nid = "area-{i:02}"\ntitle = "Area"\n' for i in range(20)
    )
    text = MINIMAL.replace("[[values]]", areas + "\n[[values]]").replace(
        'id = "b"', 'id = "b"\ntraining_areas = ["planing"]'
    )
    shown = ", ".join(f"area-{i:02}" for i in range(12))
    assert problems(text) == [
        "values[0].behaviours[0].training_areas[0]: unknown training area 'planing' "
        f"(training areas in this file: {shown} and 8 more)"
    ]
