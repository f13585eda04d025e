"""The rules of framework format 2 that a type check cannot see, and the rule that a
format 1 file may not use a format 2 key.

Like :mod:`ppf_app.domain.framework_rules` they run on the parsed TOML (plain dicts and
lists), skip an item of the wrong shape (the type check reports it) and report every
problem with its location, so that an author fixes a file in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from ppf_app.domain.framework import (
    ACTIVITY_KINDS,
    FORMAT_2_KEYS,
    FRAMEWORK_ID_PATTERN,
    IMPORTANCE_LEVELS,
)
from ppf_app.domain.framework_limits import describe_integer, version_problem
from ppf_app.domain.framework_problems import Loc, LocatedProblem, listing, quote

_FRAMEWORK_ID = re.compile(FRAMEWORK_ID_PATTERN)


@dataclass
class FileFacts:
    """What the format 1 rules found out about a file, for the format 2 rules."""

    scale_values: list[int]
    scale_labels: list[str]
    area_ids: set[str]
    group_ids: set[str]
    value_ids: set[str]
    behaviour_ids: set[str]
    #: Every id of a value or behaviour with the location that defines it.
    item_locs: dict[str, str] = field(default_factory=dict)


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _tables(data: dict[str, Any], key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    items = data.get(key)
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield index, item


def _behaviours(data: dict[str, Any]) -> Iterator[tuple[Loc, dict[str, Any]]]:
    for v_index, value in _tables(data, "values"):
        for b_index, behaviour in _tables(value, "behaviours"):
            yield ("values", v_index, "behaviours", b_index), behaviour


def _activities(data: dict[str, Any]) -> Iterator[tuple[Loc, object]]:
    for a_index, area in _tables(data, "training_areas"):
        activities = area.get("activities")
        if isinstance(activities, list):
            for index, activity in enumerate(activities):
                yield ("training_areas", a_index, "activities", index), activity


def _write_format_2(key: str) -> str:
    return (
        f"{quote(key)} is a key of framework format 2; write 'format = 2' at the top of the "
        "file to use it"
    )


def format_2_keys_in_format_1(data: dict[str, Any]) -> list[LocatedProblem]:
    """Each format 2 key a format 1 file uses, and each activity written as a table."""
    problems: list[LocatedProblem] = []

    def look(loc: Loc, table: dict[str, Any], path: tuple[str, ...]) -> None:
        for key in FORMAT_2_KEYS.get(path, frozenset()):
            if key in table:
                problems.append(((*loc, key), _write_format_2(key)))

    look((), data, ())
    if isinstance(data.get("framework"), dict):
        look(("framework",), data["framework"], ("framework",))
    for index, area in _tables(data, "training_areas"):
        look(("training_areas", index), area, ("training_areas",))
    for index, group in _tables(data, "groups"):
        look(("groups", index), group, ("groups",))
    for loc, behaviour in _behaviours(data):
        look(loc, behaviour, ("values", "behaviours"))
    for loc, activity in _activities(data):
        if isinstance(activity, dict):
            problems.append(
                (
                    loc,
                    "an activity written as a table is part of framework format 2; write "
                    "'format = 2' at the top of the file, or write the activity as a text",
                )
            )
    return problems


class Format2Rules:
    """The rules of "Format 2 rules" in the format's contract, one method each."""

    def __init__(self, data: dict[str, Any], facts: FileFacts) -> None:
        self.data = data
        self.facts = facts
        self.problems: list[LocatedProblem] = []
        self.known_groups = listing(facts.group_ids)

    def add(self, loc: Loc, message: str) -> None:
        self.problems.append((loc, message))

    def check(self) -> list[LocatedProblem]:
        self.check_not_applicable()
        self.check_supersedes()
        self.check_training_areas()
        self.check_importance()
        self.check_behaviours()
        self.check_prompts()
        self.check_crosswalk()
        return self.problems

    # -- the rules ----------------------------------------------------------------------

    def check_not_applicable(self) -> None:
        table = self.data.get("not_applicable")
        if not isinstance(table, dict):
            return
        label = table.get("label")
        if not isinstance(label, str):
            return
        for index, scale_label in enumerate(self.facts.scale_labels):
            if scale_label.strip().casefold() == label.strip().casefold():
                self.add(
                    ("not_applicable", "label"),
                    f"{quote(label)} is already the label of scale[{index}]; the "
                    "not-applicable answer needs a label of its own",
                )

    def check_supersedes(self) -> None:
        info = self.data.get("framework")
        if not isinstance(info, dict):
            return
        supersedes = info.get("supersedes")
        if not isinstance(supersedes, str):
            return
        loc: Loc = ("framework", "supersedes")
        framework_id, at, version = supersedes.partition("@")
        if not at or not framework_id or not version:
            self.add(
                loc,
                f"{quote(supersedes)} does not name a framework version: write ID@VERSION, "
                "such as 'ppf@2026.1'",
            )
            return
        if not _FRAMEWORK_ID.match(framework_id):
            self.add(
                loc,
                f"{quote(framework_id)} is not a valid framework id: use 1 to 64 lower-case "
                "letters, digits and hyphens, starting with a letter or digit",
            )
        problem = version_problem(version)
        if problem:
            self.add(loc, problem)
        if (framework_id, version) == (info.get("id"), info.get("version")):
            self.add(
                loc,
                f"a framework cannot supersede itself ({quote(supersedes)}); name the "
                "version this one replaces",
            )

    def _check_groups(self, loc: Loc, groups: object) -> None:
        """A ``for_groups`` list: at least one group, each a group of the file, once."""
        if not isinstance(groups, list):
            return
        if not groups:
            self.add(
                loc,
                "an empty list would leave this out for everyone; name at least one group, "
                "or remove the key to include every group",
            )
            return
        known = self.known_groups
        listed: set[str] = set()
        for index, group_id in enumerate(groups):
            if not isinstance(group_id, str):
                continue
            if group_id not in self.facts.group_ids:
                self.add(
                    (*loc, index),
                    f"unknown group {quote(group_id)} (groups in this file: {known})",
                )
            elif group_id in listed:
                self.add((*loc, index), f"group {quote(group_id)} is listed twice")
            listed.add(group_id)

    def check_training_areas(self) -> None:
        for index, area in _tables(self.data, "training_areas"):
            self._check_groups(("training_areas", index, "for_groups"), area.get("for_groups"))
        kinds = ", ".join(ACTIVITY_KINDS)
        for loc, activity in _activities(self.data):
            if not isinstance(activity, dict):
                continue
            text = activity.get("text")
            if isinstance(text, str) and not text.strip():
                self.add((*loc, "text"), "must not be empty")
            kind = activity.get("kind")
            if isinstance(kind, str) and kind not in ACTIVITY_KINDS:
                self.add((*loc, "kind"), f"unknown kind {quote(kind)}; use one of {kinds}")
            self._check_groups((*loc, "for_groups"), activity.get("for_groups"))

    def check_importance(self) -> None:
        items = self.facts.value_ids | self.facts.behaviour_ids
        allowed = ", ".join(str(i) for i in IMPORTANCE_LEVELS)
        for index, group in _tables(self.data, "groups"):
            importance = group.get("importance")
            if not isinstance(importance, dict):
                continue
            for key, level in importance.items():
                where: Loc = ("groups", index, "importance", key)
                if key not in items:
                    self.add(
                        where, f"{quote(key)} is not the id of a value or behaviour in this file"
                    )
                if _is_int(level) and level not in IMPORTANCE_LEVELS:
                    self.add(
                        where,
                        f"{describe_integer(level)} is not an importance: use {allowed} "
                        "(1 useful, 2 important, 3 essential)",
                    )

    def check_behaviours(self) -> None:
        scale = self.facts.scale_values
        on_scale = ", ".join(str(v) for v in scale)
        has_table = isinstance(self.data.get("not_applicable"), dict)
        for loc, behaviour in _behaviours(self.data):
            levels = behaviour.get("levels")
            if isinstance(levels, dict) and scale:
                written = {str(v) for v in scale}
                for key in levels:
                    if key not in written:
                        self.add(
                            (*loc, "levels", key),
                            f"{quote(key)} is not a value of the scale ({on_scale}); the keys "
                            'of levels are scale values written as text, such as "1"',
                        )
            self._check_groups((*loc, "for_groups"), behaviour.get("for_groups"))
            if behaviour.get("not_applicable") is False and not has_table:
                self.add(
                    (*loc, "not_applicable"),
                    "'not_applicable = false' withholds the not-applicable answer, but this "
                    "file has no [not_applicable] table; add one or remove the key",
                )

    def check_prompts(self) -> None:
        seen = dict(self.facts.item_locs)
        for index, prompt in _tables(self.data, "prompts"):
            loc: Loc = ("prompts", index)
            prompt_id = prompt.get("id")
            if isinstance(prompt_id, str):
                if prompt_id in seen:
                    self.add(
                        (*loc, "id"),
                        f"id {quote(prompt_id)} is already used by {seen[prompt_id]}; ids must "
                        "be unique across values, behaviours and prompts",
                    )
                else:
                    seen[prompt_id] = f"prompts[{index}]"
            self._check_groups((*loc, "for_groups"), prompt.get("for_groups"))

    def check_crosswalk(self) -> None:
        entries = self.data.get("crosswalk")
        if not isinstance(entries, list) or not entries:
            return
        info = self.data.get("framework")
        if not (isinstance(info, dict) and isinstance(info.get("supersedes"), str)):
            self.add(
                ("crosswalk",),
                "a crosswalk maps the behaviours of the framework this one supersedes; add "
                "'supersedes = \"ID@VERSION\"' to [framework]",
            )
        known = self.facts.behaviour_ids
        sources: dict[str, int] = {}
        for index, entry in _tables(self.data, "crosswalk"):
            from_id = entry.get("from")
            if isinstance(from_id, str):
                if from_id in sources:
                    self.add(
                        ("crosswalk", index, "from"),
                        f"{quote(from_id)} is already mapped by crosswalk[{sources[from_id]}]; "
                        "list all its new behaviours in one 'to'",
                    )
                else:
                    sources[from_id] = index
            targets = entry.get("to")
            if not isinstance(targets, list):
                continue
            if not targets:
                self.add(
                    ("crosswalk", index, "to"),
                    "name at least one behaviour of this file that the old behaviour maps to",
                )
            listed: set[str] = set()
            for t_index, target in enumerate(targets):
                if not isinstance(target, str):
                    continue
                where: Loc = ("crosswalk", index, "to", t_index)
                if target not in known:
                    self.add(where, f"{quote(target)} is not the id of a behaviour in this file")
                elif target in listed:
                    self.add(where, f"behaviour {quote(target)} is listed twice")
                listed.add(target)


def check_format2(data: dict[str, Any], facts: FileFacts) -> list[LocatedProblem]:
    """Every broken format 2 rule in ``data`` (run for format 2 files only)."""
    return Format2Rules(data, facts).check()
