"""The rules of framework format 1 that a type check cannot see.

They run on the parsed TOML (plain dicts and lists) so that they can be reported together
with type errors: an item of the wrong shape is skipped here (the type check reports it)
and the rest is still checked. Each problem is a ``(loc, message)`` pair.

:func:`check_rules` also runs the format 2 rules (:mod:`ppf_app.domain.framework_format2`)
with what these rules learnt about the file, and the checks of ids and the version that
keep invisible characters out (:mod:`ppf_app.domain.framework_limits`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeGuard

from ppf_app.domain.framework_format2 import FileFacts, check_format2, format_2_keys_in_format_1
from ppf_app.domain.framework_limits import id_problem, version_problem
from ppf_app.domain.framework_problems import Loc, LocatedProblem, format_loc, listing, quote

#: The formats this version reads, oldest first; the last is the newest.
SUPPORTED_FORMATS = (1, 2)
SUPPORTED_FORMAT = SUPPORTED_FORMATS[-1]
MIN_SCALE_LEVELS = 2
MAX_SCALE_LEVELS = 10


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _tables(data: dict[str, Any], key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(index, table)`` for each table in the array ``data[key]``; others are skipped."""
    items = data.get(key)
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield index, item


class _Rules:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.problems: list[LocatedProblem] = []
        self.scale_labels: list[str] = []
        self.value_ids: set[str] = set()
        self.behaviour_ids: set[str] = set()
        self.item_locs: dict[str, str] = {}
        self._known_areas: str | None = None

    def add(self, loc: Loc, message: str) -> None:
        self.problems.append((loc, message))

    # -- the rules ----------------------------------------------------------------------

    def check_counts(self) -> None:
        scale = self.data.get("scale")
        if isinstance(scale, list) and not MIN_SCALE_LEVELS <= len(scale) <= MAX_SCALE_LEVELS:
            self.add(
                ("scale",),
                f"a scale needs {MIN_SCALE_LEVELS} to {MAX_SCALE_LEVELS} levels; "
                f"this one has {len(scale)}",
            )
        values = self.data.get("values")
        if isinstance(values, list) and not values:
            self.add(("values",), "a framework needs at least one value ([[values]])")
        for index, value in _tables(self.data, "values"):
            behaviours = value.get("behaviours")
            if isinstance(behaviours, list) and not behaviours:
                self.add(
                    ("values", index, "behaviours"),
                    "each value needs at least one behaviour ([[values.behaviours]])",
                )

    def check_scale(self) -> list[int]:
        """Increasing values and unique labels; returns the scale's integer values."""
        seen_labels: dict[str, int] = {}
        scale_values: list[int] = []
        previous: int | None = None
        for index, level in _tables(self.data, "scale"):
            value = level.get("value")
            if _is_int(value):
                if previous is not None and value <= previous:
                    self.add(
                        ("scale", index, "value"),
                        f"{value} is not greater than the level before it ({previous}); "
                        "list the levels lowest first with strictly increasing values",
                    )
                previous = value
                scale_values.append(value)
            label = level.get("label")
            if isinstance(label, str):
                self.scale_labels.append(label)
                if label in seen_labels:
                    self.add(
                        ("scale", index, "label"),
                        f"label {quote(label)} is already used by scale[{seen_labels[label]}]",
                    )
                else:
                    seen_labels[label] = index
        return scale_values

    def check_training_areas(self) -> set[str]:
        """Unique ids; returns them."""
        seen: dict[str, int] = {}
        for index, area in _tables(self.data, "training_areas"):
            area_id = area.get("id")
            if not isinstance(area_id, str):
                continue
            if area_id in seen:
                self.add(
                    ("training_areas", index, "id"),
                    f"id {quote(area_id)} is already used by training_areas[{seen[area_id]}]",
                )
            else:
                seen[area_id] = index
        return set(seen)

    def check_values(self, area_ids: set[str]) -> set[str]:
        """Ids unique across values and behaviours, known training areas; returns the ids."""
        seen: dict[str, str] = {}

        def claim(loc: Loc, item_id: object) -> None:
            if not isinstance(item_id, str):
                return
            if item_id in seen:
                self.add(
                    (*loc, "id"),
                    f"id {quote(item_id)} is already used by {seen[item_id]}; "
                    "ids must be unique across values and behaviours",
                )
            else:
                seen[item_id] = format_loc(loc)

        for v_index, value in _tables(self.data, "values"):
            claim(("values", v_index), value.get("id"))
            if isinstance(value.get("id"), str):
                self.value_ids.add(value["id"])
            for b_index, behaviour in _tables(value, "behaviours"):
                loc: Loc = ("values", v_index, "behaviours", b_index)
                claim(loc, behaviour.get("id"))
                if isinstance(behaviour.get("id"), str):
                    self.behaviour_ids.add(behaviour["id"])
                self._check_area_refs(loc, behaviour.get("training_areas"), area_ids)
        self.item_locs = seen
        return set(seen)

    def _check_area_refs(self, loc: Loc, refs: object, area_ids: set[str]) -> None:
        if not isinstance(refs, list):
            return
        listed: set[str] = set()
        for index, ref in enumerate(refs):
            if not isinstance(ref, str):
                continue
            where = (*loc, "training_areas", index)
            if ref not in area_ids:
                if self._known_areas is None:
                    self._known_areas = listing(area_ids)
                known = self._known_areas
                self.add(
                    where,
                    f"unknown training area {quote(ref)} (training areas in this file: {known})",
                )
            elif ref in listed:
                self.add(where, f"training area {quote(ref)} is listed twice")
            listed.add(ref)

    def check_groups(self, scale_values: list[int], item_ids: set[str]) -> set[str]:
        """Unique ids, targets on the scale for values and behaviours; returns the ids."""
        seen: dict[str, int] = {}
        on_scale = ", ".join(str(v) for v in scale_values)
        for index, group in _tables(self.data, "groups"):
            group_id = group.get("id")
            if isinstance(group_id, str):
                if group_id in seen:
                    self.add(
                        ("groups", index, "id"),
                        f"id {quote(group_id)} is already used by groups[{seen[group_id]}]",
                    )
                else:
                    seen[group_id] = index
            default = group.get("default_target")
            if _is_int(default) and scale_values and default not in scale_values:
                self.add(
                    ("groups", index, "default_target"),
                    f"{default} is not a level of the scale ({on_scale})",
                )
            targets = group.get("targets")
            if not isinstance(targets, dict):
                continue
            for key, target in targets.items():
                where: Loc = ("groups", index, "targets", key)
                if key not in item_ids:
                    self.add(
                        where, f"{quote(key)} is not the id of a value or behaviour in this file"
                    )
                if _is_int(target) and scale_values and target not in scale_values:
                    self.add(where, f"{target} is not a level of the scale ({on_scale})")
        return set(seen)

    def check_id_text(self) -> None:
        """No invisible characters or surrounding spaces in an id or in the version."""
        info = self.data.get("framework")
        if isinstance(info, dict) and isinstance(info.get("version"), str):
            problem = version_problem(info["version"])
            if problem:
                self.add(("framework", "version"), problem)
        places: list[tuple[Loc, object]] = []
        for key in ("training_areas", "groups", "values", "prompts"):
            for index, table in _tables(self.data, key):
                places.append(((key, index, "id"), table.get("id")))
        for v_index, value in _tables(self.data, "values"):
            for b_index, behaviour in _tables(value, "behaviours"):
                places.append(
                    (("values", v_index, "behaviours", b_index, "id"), behaviour.get("id"))
                )
        for loc, item_id in places:
            if isinstance(item_id, str) and item_id:
                problem = id_problem(item_id)
                if problem:
                    self.add(loc, problem)


def is_newer_format(data: dict[str, Any]) -> bool:
    value = data.get("format")
    return _is_int(value) and value > SUPPORTED_FORMAT


def file_format(data: dict[str, Any]) -> int:
    """The file's format when it is one this version reads, else the newest one."""
    value = data.get("format")
    return value if _is_int(value) and value in SUPPORTED_FORMATS else SUPPORTED_FORMAT


def format_problem(data: dict[str, Any]) -> LocatedProblem | None:
    """The problem with ``format`` when it is an integer other than 1 or 2."""
    value = data.get("format")
    if not _is_int(value) or value in SUPPORTED_FORMATS:
        return None
    if is_newer_format(data):
        return (
            ("format",),
            f"this file uses framework format {value}, which is newer than this version of "
            f"the product reads (formats 1 and {SUPPORTED_FORMAT}); update PPF "
            f"Self-Assessment or ask the publisher for a format {SUPPORTED_FORMAT} file",
        )
    return (("format",), f"unknown format {value}; this product reads formats 1 and 2")


def check_rules(data: dict[str, Any]) -> list[LocatedProblem]:
    """Every broken rule in ``data`` except the ``format`` check, rule by rule."""
    rules = _Rules(data)
    rules.check_counts()
    scale_values = rules.check_scale()
    area_ids = rules.check_training_areas()
    item_ids = rules.check_values(area_ids)
    group_ids = rules.check_groups(scale_values, item_ids)
    rules.check_id_text()
    problems = rules.problems
    if file_format(data) == 1:
        problems.extend(format_2_keys_in_format_1(data))
    facts = FileFacts(
        scale_values=scale_values,
        scale_labels=rules.scale_labels,
        area_ids=area_ids,
        group_ids=group_ids,
        value_ids=rules.value_ids,
        behaviour_ids=rules.behaviour_ids,
        item_locs=rules.item_locs,
    )
    problems.extend(check_format2(data, facts))
    return problems
