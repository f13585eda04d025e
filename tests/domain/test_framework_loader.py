"""Framework files (formats 1 and 2): good files load, every broken rule is reported where it is."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from ppf_app.core.errors import UserError
from ppf_app.domain.framework_loader import (
    MAX_FILE_BYTES,
    FrameworkError,
    load_framework,
    parse_framework,
)
from ppf_app.domain.framework_problems import format_loc, quote
from tests.domain.frameworks import BROKEN, BUNDLED_PPF, GOOD


def problems_of(path: Path) -> list[str]:
    """The problems of a broken file, without the ``FILE: `` prefix each starts with."""
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    prefix = f"{path}: "
    assert all(p.startswith(prefix) for p in caught.value.problems), caught.value.problems
    return [p.removeprefix(prefix) for p in caught.value.problems]


# -- good files -------------------------------------------------------------------------


def test_full_file_loads_every_key() -> None:
    fw = load_framework(GOOD / "full.toml")
    assert fw.key == ("team-practice", "1.2")
    assert fw.framework.publisher == "Example Trust Learning and Development"
    assert fw.framework.licence == "CC BY 4.0"
    assert fw.scale_values == (1, 2, 3, 4)
    assert fw.scale_label(4) == "Role model"
    assert [t.id for t in fw.training_areas] == ["people-management", "planning"]
    assert fw.training_area_index["people-management"].activities == (
        "Line-management course",
        "Shadow a ward manager for a week",
    )
    assert [b.id for _, b in fw.behaviours()] == ["pf-listen", "pf-raise", "tw-share"]
    assert fw.behaviour_index["tw-share"][1].training_areas == ("planning", "people-management")
    # Group targets: behaviour, then value, then the group's default, then second-highest.
    assert fw.target_for("tw-share", "clinician") == 2
    assert fw.target_for("pf-raise", "clinician") == 4
    assert fw.target_for("pf-raise", "manager") == 3
    assert fw.target_for("pf-raise", "porter") == 3
    assert fw.target_for("pf-raise", None) == 3


def test_minimal_file_loads_with_defaults() -> None:
    fw = load_framework(GOOD / "minimal.toml")
    assert fw.key == ("minimal", "1")
    assert fw.training_areas == () and fw.groups == ()
    assert fw.behaviour_count == 1
    assert fw.target_for("b", "anyone") == 0


def test_a_framework_written_elsewhere_nine_dimensions_four_levels_no_groups() -> None:
    fw = load_framework(GOOD / "leadership-model.toml")
    assert len(fw.values) == 9
    assert [lvl.label for lvl in fw.scale] == ["Essential", "Proficient", "Strong", "Exemplary"]
    assert fw.groups == ()
    # No groups: the second-highest level ("Strong") is every behaviour's target.
    for _, behaviour in fw.behaviours():
        assert fw.target_for(behaviour.id, "clinician") == 3
        assert fw.target_for(behaviour.id, None) == 3
    assert fw.scale_label(3) == "Strong"


def test_bundled_default_framework_validates() -> None:
    fw = load_framework(BUNDLED_PPF)
    assert fw.id == "ppf"
    assert {"clinician", "manager", "clinical-manager"} <= {g.id for g in fw.groups}


def test_windows_line_endings_and_byte_order_mark_are_accepted() -> None:
    data = (GOOD / "minimal.toml").read_bytes().replace(b"\n", b"\r\n")
    fw = parse_framework(b"\xef\xbb\xbf" + data, "notepad.toml")
    assert fw.key == ("minimal", "1")


# -- broken files: one rule each --------------------------------------------------------

BROKEN_CASES: dict[str, list[str]] = {
    "syntax-error.toml": ["line 7: not valid TOML: invalid value (column 9)"],
    "unknown-key-top.toml": [
        "title: unknown key 'title'; the keys allowed here are format, framework, scale, "
        "training_areas, groups, values"
    ],
    "unknown-key-behaviour.toml": [
        "values[0].behaviours[1].text: required key 'text' is missing",
        "values[0].behaviours[1].txt: unknown key 'txt'; did you mean 'text'?",
    ],
    "unknown-key-scale.toml": [
        "scale[1].label: required key 'label' is missing",
        "scale[1].lable: unknown key 'lable'; did you mean 'label'?",
    ],
    "duplicate-value-behaviour.toml": [
        "values[1].behaviours[0].id: id 'v1' is already used by values[0]; "
        "ids must be unique across values and behaviours"
    ],
    "duplicate-behaviours.toml": [
        "values[0].behaviours[1].id: id 'b1' is already used by values[0].behaviours[0]; "
        "ids must be unique across values and behaviours"
    ],
    "duplicate-training-areas.toml": [
        "training_areas[1].id: id 'planning' is already used by training_areas[0]"
    ],
    "duplicate-groups.toml": ["groups[1].id: id 'manager' is already used by groups[0]"],
    "unknown-training-area.toml": [
        "values[2].behaviours[0].training_areas[1]: unknown training area 'planing' "
        "(training areas in this file: people, planning)"
    ],
    "scale-one-level.toml": ["scale: a scale needs 2 to 10 levels; this one has 1"],
    "scale-eleven-levels.toml": ["scale: a scale needs 2 to 10 levels; this one has 11"],
    "scale-not-increasing.toml": [
        "scale[2].value: 2 is not greater than the level before it (3); "
        "list the levels lowest first with strictly increasing values"
    ],
    "scale-duplicate-label.toml": ["scale[2].label: label 'High' is already used by scale[1]"],
    "target-off-scale.toml": [
        "groups[0].default_target: 5 is not a level of the scale (1, 2, 3)",
        "groups[0].targets.b1: 0 is not a level of the scale (1, 2, 3)",
    ],
    "target-unknown-key.toml": [
        "groups[0].targets.no-such-behaviour: 'no-such-behaviour' is not the id of a value "
        "or behaviour in this file"
    ],
    "wrong-types.toml": [
        "framework.version: expected a string, got an integer",
        "scale[0].value: expected an integer, got a string",
        "scale[1].value: expected an integer, got a decimal number",
        "training_areas[0].activities: expected an array, got a string",
        "groups[0].default_target: expected an integer, got a boolean (true/false)",
    ],
    # Format 2 is read now: its unknown key is what is wrong with this file.
    "format-2.toml": ["framework.subtitle: unknown key 'subtitle'; did you mean 'title'?"],
    "format-3.toml": [
        "format: this file uses framework format 3, which is newer than this version of the "
        "product reads (formats 1 and 2); update PPF Self-Assessment or ask the publisher "
        "for a format 2 file"
    ],
    "bad-id.toml": [
        "framework.id: 'My_Framework' is not a valid framework id: use 1 to 64 lower-case "
        "letters, digits and hyphens, starting with a letter or digit"
    ],
    "no-values.toml": ["values: a framework needs at least one value ([[values]])"],
    "value-without-behaviours.toml": [
        "values[0].behaviours: each value needs at least one behaviour ([[values.behaviours]])",
        "values[1].behaviours: required key 'behaviours' is missing: each value needs at "
        "least one behaviour",
    ],
    "missing-keys.toml": [
        "framework: required table [framework] is missing",
        "values[0].id: required key 'id' is missing",
        "values[0].behaviours[0].text: required key 'text' is missing",
    ],
    # -- format 2: one file per rule ----------------------------------------------------
    "f1-uses-format-2-keys.toml": [
        "framework.supersedes: 'supersedes' is a key of framework format 2; write "
        "'format = 2' at the top of the file to use it",
        "not_applicable: 'not_applicable' is a key of framework format 2; write 'format = 2' "
        "at the top of the file to use it",
        "training_areas[0].activities[1]: an activity written as a table is part of "
        "framework format 2; write 'format = 2' at the top of the file, or write the "
        "activity as a text",
        "groups[0].importance: 'importance' is a key of framework format 2; write "
        "'format = 2' at the top of the file to use it",
        "values[0].behaviours[0].levels: 'levels' is a key of framework format 2; write "
        "'format = 2' at the top of the file to use it",
    ],
    "f2-levels-off-scale.toml": [
        "values[0].behaviours[0].levels.\"7\": '7' is not a value of the scale (1, 2, 3); "
        'the keys of levels are scale values written as text, such as "1"'
    ],
    "f2-for-groups-unknown.toml": [
        "training_areas[0].for_groups[1]: unknown group 'managers' (groups in this file: manager)",
        "training_areas[0].activities[0].for_groups[0]: unknown group 'clinician' (groups "
        "in this file: manager)",
        "values[0].behaviours[0].for_groups[0]: unknown group 'chair' (groups in this file: "
        "manager)",
        "prompts[0].for_groups[0]: unknown group 'director' (groups in this file: manager)",
    ],
    "f2-for-groups-empty.toml": [
        "values[0].behaviours[0].for_groups: an empty list would leave this out for "
        "everyone; name at least one group, or remove the key to include every group"
    ],
    "f2-importance-unknown-key.toml": [
        "groups[0].importance.b3: 'b3' is not the id of a value or behaviour in this file"
    ],
    "f2-importance-out-of-range.toml": [
        "groups[0].importance.b1: 4 is not an importance: use 1, 2, 3 (1 useful, "
        "2 important, 3 essential)",
        "groups[0].importance.v1: 0 is not an importance: use 1, 2, 3 (1 useful, "
        "2 important, 3 essential)",
    ],
    "f2-activity-kind.toml": [
        "training_areas[0].activities[1].kind: unknown kind 'retreat'; use one of course, "
        "workshop, e-learning, shadowing, paired-learning, mentoring, coaching, "
        "action-learning, project, reading, other"
    ],
    "f2-supersedes-shape.toml": [
        "framework.supersedes: 'an older framework' does not name a framework version: "
        "write ID@VERSION, such as 'ppf@2026.1'"
    ],
    "f2-supersedes-itself.toml": [
        "framework.supersedes: a framework cannot supersede itself ('broken@1'); name the "
        "version this one replaces"
    ],
    "f2-crosswalk-without-supersedes.toml": [
        "crosswalk: a crosswalk maps the behaviours of the framework this one supersedes; "
        "add 'supersedes = \"ID@VERSION\"' to [framework]"
    ],
    "f2-crosswalk-unknown-to.toml": [
        "crosswalk[0].to[1]: 'v1' is not the id of a behaviour in this file",
        "crosswalk[0].to[2]: 'b9' is not the id of a behaviour in this file",
        "crosswalk[1].to: name at least one behaviour of this file that the old behaviour maps to",
    ],
    "f2-not-applicable-false-without-table.toml": [
        "values[0].behaviours[0].not_applicable: 'not_applicable = false' withholds the "
        "not-applicable answer, but this file has no [not_applicable] table; add one or "
        "remove the key"
    ],
    "f2-not-applicable-label.toml": [
        "not_applicable.label: 'middle' is already the label of scale[1]; the "
        "not-applicable answer needs a label of its own"
    ],
    "f2-prompt-duplicate-id.toml": [
        "prompts[0].id: id 'b1' is already used by values[0].behaviours[0]; ids must be "
        "unique across values, behaviours and prompts",
        "prompts[2].id: id 'p1' is already used by prompts[1]; ids must be unique across "
        "values, behaviours and prompts",
    ],
    "f2-wrong-types.toml": [
        "training_areas[0].activities[0]: expected a string or a table, got an integer",
        "groups[0].importance.v1: expected an integer, got a string",
        'values[0].behaviours[0].levels."1": expected a string, got an integer',
        "values[0].behaviours[0].not_applicable: expected true or false, got a string",
    ],
    # -- what would stop the app later: refused up front, with a location ---------------
    "nested-500-deep.toml": [
        "line 3: arrays and tables are nested more than 32 deep here; a framework file "
        "needs far fewer levels"
    ],
    "tables-nested-40-deep.toml": [
        ".".join(["deeper"] * 32) + ": arrays and tables are nested more than 32 deep "
        "here; a framework file needs far fewer levels"
    ],
    "integer-5000-digits.toml": [
        "line 18: a whole number of more than 4300 digits; numbers in a framework file lie "
        "between -2147483648 and 2147483647"
    ],
    "scale-value-2-70.toml": [
        "scale[2].value: 1180591620717411303424 is out of range: numbers in a framework "
        "file lie between -2147483648 and 2147483647"
    ],
    "version-4301-digits.toml": [
        "framework.version: the version is 4301 characters long; a version has at most 64 "
        "(such as 2026.1)"
    ],
    "ids-hidden-characters.toml": [
        "framework.version: '1\\u200b' holds an invisible control or direction character "
        "(U+200B ZERO WIDTH SPACE); a version must read the same wherever it is shown",
        "groups[0].id: 'man\\u0007ager' holds an invisible control or direction character "
        "(U+0007); an id must read the same wherever it is shown",
        "values[0].id: 'v1 ' starts or ends with a space; remove it",
        "values[0].behaviours[0].id: 'b1\\u202egnp.exe' holds an invisible control or "
        "direction character (U+202E RIGHT-TO-LEFT OVERRIDE); an id must read the same "
        "wherever it is shown",
    ],
    "ids-unicode-forms.toml": [
        "groups[1].targets.\"cafe\u0301\": 'cafe\u0301' is the same id as a key before it, "
        "written with other Unicode characters (an accent encoded differently); give it once",
        "values[0].behaviours[1].id: id 'caf\u00e9' is already used by "
        "values[0].behaviours[0]; ids must be unique across values and behaviours",
    ],
    "empty.toml": ["file: the file is empty; a framework file starts with 'format = 1'"],
    "binary.toml": [
        "file: this is not a text file (it holds a NUL byte at byte offset 5); "
        "a framework file is UTF-8 text in TOML"
    ],
    "not-utf8.toml": [
        "line 6: not UTF-8 text: byte 0xE9 at byte offset 64 (column 13) is not valid UTF-8; "
        "save the file as UTF-8"
    ],
}


def test_every_broken_file_has_a_case() -> None:
    assert sorted(p.name for p in BROKEN.glob("*.toml")) == sorted(
        [*BROKEN_CASES, "several-problems.toml"]
    )


@pytest.mark.parametrize("name", sorted(BROKEN_CASES))
def test_broken_file_is_refused_with_its_problems(name: str) -> None:
    assert problems_of(BROKEN / name) == BROKEN_CASES[name]


def test_several_problems_are_reported_at_once_in_the_order_of_the_format() -> None:
    assert problems_of(BROKEN / "several-problems.toml") == [
        "framework.id: 'Several Problems' is not a valid framework id: use 1 to 64 "
        "lower-case letters, digits and hyphens, starting with a letter or digit",
        "scale[1].value: 1 is not greater than the level before it (2); list the levels "
        "lowest first with strictly increasing values",
        "scale[1].label: label 'Low' is already used by scale[0]",
        "groups[0].default_target: 7 is not a level of the scale (2, 1)",
        "values[0].behaviours[0].id: id 'v1' is already used by values[0]; ids must be "
        "unique across values and behaviours",
        "values[0].behaviours[0].training_areas[0]: unknown training area 'budgets' "
        "(training areas in this file: planning)",
        "values[0].colour: unknown key 'colour'; the keys allowed here are id, title, "
        "description, behaviours",
    ]


def test_text_from_the_file_is_quoted_on_one_line() -> None:
    data = (GOOD / "minimal.toml").read_bytes()
    data = data.replace(b'id = "minimal"', b'id = "minimal\\n"')
    data = data.replace(b'id = "b"', b'id = "b"\n"bad key\\t" = 1')
    with pytest.raises(FrameworkError) as caught:
        parse_framework(data, "q.toml")
    assert caught.value.problems == [
        "q.toml: framework.id: 'minimal\\n' is not a valid framework id: use 1 to 64 "
        "lower-case letters, digits and hyphens, starting with a letter or digit",
        "q.toml: values[0].behaviours[0].\"bad key\\t\": unknown key 'bad key\\t'; the keys "
        "allowed here are id, text, training_areas",
    ]
    assert all("\n" not in p for p in caught.value.problems)


def test_locations_keep_odd_keys_on_one_line() -> None:
    assert format_loc(("groups", 0, "targets", "pf-listen")) == "groups[0].targets.pf-listen"
    assert format_loc(("groups", 0, "targets", "a b\n")) == 'groups[0].targets."a b\\n"'
    assert format_loc(()) == "file"


def test_long_text_is_cut_when_quoted() -> None:
    assert quote("x" * 200) == "'" + "x" * 59 + "…'"
    assert quote("bell\a") == "'bell\\u0007'"


def test_syntax_error_line_is_the_line_of_the_mistake() -> None:
    text = (GOOD / "full.toml").read_text(encoding="utf-8").splitlines()
    line = text.index('title = "Working as a team"')
    text[line] = 'title = "Working as a team'  # unterminated string
    with pytest.raises(FrameworkError) as caught:
        parse_framework("\n".join(text).encode(), "edited.toml")
    (problem,) = caught.value.problems
    assert problem.startswith(f"edited.toml: line {line + 1}: not valid TOML: ")


def test_truncated_file_points_at_its_last_line() -> None:
    with pytest.raises(FrameworkError) as caught:
        parse_framework(b"format = 1\n\n[framework\n", "cut.toml")
    assert caught.value.problems[0].startswith("cut.toml: line 3: not valid TOML: ")


def test_older_unknown_format_is_reported_with_the_other_problems() -> None:
    data = (BROKEN / "bad-id.toml").read_bytes().replace(b"format = 1", b"format = 0")
    with pytest.raises(FrameworkError) as caught:
        parse_framework(data, "old.toml")
    assert (
        caught.value.problems[0]
        == "old.toml: format: unknown format 0; this product reads formats 1 and 2"
    )
    assert caught.value.problems[1].startswith("old.toml: framework.id: 'My_Framework'")


def test_strict_types_do_not_coerce() -> None:
    data = (GOOD / "minimal.toml").read_bytes().replace(b"format = 1", b'format = "1"')
    with pytest.raises(FrameworkError) as caught:
        parse_framework(data, "x.toml")
    assert caught.value.problems == ["x.toml: format: expected an integer, got a string"]


def test_utf16_file_is_told_to_be_saved_as_utf8() -> None:
    data = (GOOD / "minimal.toml").read_text(encoding="utf-8").encode("utf-16")
    with pytest.raises(FrameworkError) as caught:
        parse_framework(data, "u16.toml")
    assert caught.value.problems == [
        "u16.toml: file: the file is saved as UTF-16; save it as UTF-8 text"
    ]


# -- whole-file problems ----------------------------------------------------------------


def test_too_large_file_is_refused_from_its_size_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "huge.toml"
    with open(huge, "wb") as stream:
        stream.truncate(4 * 1024**3)  # sparse: 4 GiB on paper, no disk used

    def no_parsing(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a file over the limit must not be parsed")

    monkeypatch.setattr(tomllib, "loads", no_parsing)
    problems = problems_of(huge)
    assert problems == [
        "file: the file is 4096.0 MiB (4294967296 bytes); framework files are limited to "
        "2.0 MiB (2097152 bytes)"
    ]


def test_limit_is_exactly_two_mebibytes(tmp_path: Path) -> None:
    base = (GOOD / "minimal.toml").read_bytes()
    at_limit = tmp_path / "at-limit.toml"
    at_limit.write_bytes(base + b"#" * (MAX_FILE_BYTES - len(base)))
    assert os.path.getsize(at_limit) == MAX_FILE_BYTES
    assert load_framework(at_limit).id == "minimal"
    over = tmp_path / "over.toml"
    over.write_bytes(base + b"#" * (MAX_FILE_BYTES - len(base) + 1))
    assert problems_of(over)[0].startswith("file: the file is 2.0 MiB (2097153 bytes)")
    with pytest.raises(FrameworkError):
        parse_framework(over.read_bytes(), "bytes.toml")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "nope.toml") == ["file: no such file"]
    assert problems_of(tmp_path) == ["file: is a folder, not a framework file"]


def test_whitespace_only_file_counts_as_empty() -> None:
    with pytest.raises(FrameworkError) as caught:
        parse_framework(b" \n\t\n", "blank.toml")
    assert caught.value.problems == [
        "blank.toml: file: the file is empty; a framework file starts with 'format = 1'"
    ]


def test_framework_error_is_a_user_error_with_located_problems() -> None:
    with pytest.raises(UserError) as caught:
        load_framework(BROKEN / "target-off-scale.toml")
    assert isinstance(caught.value, FrameworkError)
    assert caught.value.source == str(BROKEN / "target-off-scale.toml")
    assert caught.value.located == [
        ("groups[0].default_target", "5 is not a level of the scale (1, 2, 3)"),
        ("groups[0].targets.b1", "0 is not a level of the scale (1, 2, 3)"),
    ]
    assert str(caught.value) == "\n".join(caught.value.problems)


def test_source_name_is_used_as_given() -> None:
    with pytest.raises(FrameworkError) as caught:
        parse_framework(b"", "from the clipboard")
    assert caught.value.problems[0].startswith("from the clipboard: file: ")


def _full_with(old: bytes, new: bytes) -> list[str]:
    data = (GOOD / "full.toml").read_bytes()
    assert old in data
    with pytest.raises(FrameworkError) as caught:
        parse_framework(data.replace(old, new, 1), "f.toml")
    return [p.removeprefix("f.toml: ") for p in caught.value.problems]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            b'training_areas = ["planning", "people-management"]',
            b'training_areas = ["planning", "planning"]',
            ["values[1].behaviours[0].training_areas[1]: training area 'planning' is listed twice"],
        ),
        (
            b'"tw-share" = 2',
            b'"tw-share" = "2"',
            ["groups[0].targets.tw-share: expected an integer, got a string"],
        ),
        (
            b'version = "1.2"',
            b"version = 2026-01-31",
            ["framework.version: expected a string, got a date"],
        ),
        (
            b'[framework]\nid = "team-practice"',
            b'framework = "team-practice"\n[not-framework]\nid = "team-practice"',
            [
                "framework: expected a table, got a string",
                "not-framework: unknown key 'not-framework'; did you mean 'framework'?",
            ],
        ),
        (
            b'title = "People and line management"',
            b'title = ""',
            ["training_areas[0].title: must not be empty"],
        ),
    ],
)
def test_more_broken_shapes(old: bytes, new: bytes, expected: list[str]) -> None:
    assert _full_with(old, new) == expected
