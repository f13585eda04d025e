"""Change across framework versions: the old level(s) each new behaviour is compared with.

When an organisation replaces its framework (format 2's ``supersedes``), a person's
previous assessment was made against the old one. Its ``[[crosswalk]]`` says which old
behaviour maps to which new ones, so the change since then can still be shown:

* A new behaviour named in some crosswalk entry's ``to`` is compared with every old
  behaviour whose entry names it (several old ones: the mean of their levels).
* Any other new behaviour whose id the old framework also has is compared with that one:
  a behaviour carried over unchanged needs no crosswalk entry.
* Only levels count: "not applicable" and unanswered old behaviours are left out; a new
  behaviour with nothing left to compare with gets no earlier level.

Old levels are on the old scale. Each is placed on the new scale before the mean is taken:
at the new level with the same label (any case) when there is one, as it is when the two
scales have the same values, else at the same relative position (the lowest on the
lowest, the highest on the highest, the rest in proportion). A revision that adds
"Insufficient" below "Essential" so keeps "Essential" where it was.

These are pure functions; which previous assessment to use is the services' choice.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from ppf_app.domain.answers import Answer, is_level
from ppf_app.domain.framework import Framework
from ppf_app.domain.framework_problems import quote

#: How many crosswalk problems get a "did you mean" suggestion.
_SUGGESTIONS = 20


@dataclass(frozen=True)
class EarlierLevel:
    """What one new behaviour is compared with from an assessment on an older framework.

    Attributes:
        behaviour_id: the new framework's behaviour.
        old_behaviour_ids: the old behaviours compared with it that had a level.
        old_levels: their levels, on the old scale, in the same order.
        mean_old_level: the mean of ``old_levels`` (on the old scale).
        level: the mean of those levels placed on the new scale: what the change since
            the previous assessment is measured from.
    """

    behaviour_id: str
    old_behaviour_ids: tuple[str, ...]
    old_levels: tuple[int, ...]
    mean_old_level: float
    level: float


def _fold(framework_id: str) -> str:
    return unicodedata.normalize("NFC", framework_id).casefold()


def supersedes(framework: Framework, older: Framework) -> bool:
    """Whether ``framework`` names ``older`` (id, any case, and version) in ``supersedes``."""
    key = framework.superseded_key
    return key is not None and (_fold(key[0]), key[1]) == (_fold(older.id), older.version)


def sources(framework: Framework, older: Framework) -> dict[str, tuple[str, ...]]:
    """New behaviour id -> the old behaviour ids it is compared with (file order).

    The crosswalk applies only when ``framework`` supersedes ``older``; ids shared by both
    frameworks are compared with each other unless the crosswalk maps the new one.
    """
    mapped: dict[str, list[str]] = {}
    if supersedes(framework, older):
        for entry in framework.crosswalk:
            if entry.from_id not in older.behaviour_index:
                continue  # reported when the framework is installed; nothing to compare
            for new_id in entry.to:
                mapped.setdefault(new_id, [])
                if entry.from_id not in mapped[new_id]:
                    mapped[new_id].append(entry.from_id)
    found: dict[str, tuple[str, ...]] = {}
    for _, behaviour in framework.behaviours():
        if behaviour.id in mapped:
            if mapped[behaviour.id]:
                found[behaviour.id] = tuple(mapped[behaviour.id])
        elif behaviour.id in older.behaviour_index:
            found[behaviour.id] = (behaviour.id,)
    return found


def place_on_scale(level: float, old: Framework, new: Framework) -> float:
    """An old scale value (or a mean of them) placed on the new scale by its relative
    position: the old top level is the new top level and the old bottom the new bottom."""
    if old.scale_values == new.scale_values:
        return level
    old_values, new_values = old.scale_values, new.scale_values
    # The position of ``level`` on the old scale, in steps (fractional between levels).
    position = 0.0
    if level >= old_values[-1]:
        position = float(len(old_values) - 1)
    elif level > old_values[0]:
        for index in range(len(old_values) - 1):
            low, high = old_values[index], old_values[index + 1]
            if low <= level <= high:
                position = index + (level - low) / (high - low)
                break
    target = position / (len(old_values) - 1) * (len(new_values) - 1)
    lower = min(int(target), len(new_values) - 2)
    fraction = target - lower
    return new_values[lower] + (new_values[lower + 1] - new_values[lower]) * fraction


def place_level(level: int, old: Framework, new: Framework) -> float:
    """One old level on the new scale: by label, else unchanged on equal scales, else by
    relative position (:func:`place_on_scale`)."""
    label = old.scale_label(level).strip().casefold()
    for item in new.scale:
        if item.label.strip().casefold() == label:
            return float(item.value)
    return float(place_on_scale(level, old, new))


def earlier_levels(
    framework: Framework, older: Framework, old_answers: Mapping[str, Answer]
) -> dict[str, EarlierLevel]:
    """Each new behaviour with the earlier level it is compared with.

    Args:
        framework: the framework of the newer assessment.
        older: the framework the previous assessment was made with (it may be the same
            framework, then every behaviour is compared with itself).
        old_answers: the previous assessment's answers, by old behaviour id.

    Returns:
        New behaviour id -> :class:`EarlierLevel`, for the behaviours with something to
        compare with; in the new framework's file order.
    """
    found: dict[str, EarlierLevel] = {}
    for new_id, old_ids in sources(framework, older).items():
        answered = [(old_id, old_answers.get(old_id)) for old_id in old_ids]
        levels = [
            (old_id, answer)
            for old_id, answer in answered
            if is_level(answer) and answer in older.scale_positions
        ]
        if not levels:
            continue
        old_levels = tuple(int(level) for _, level in levels)
        placed = [place_level(level, older, framework) for level in old_levels]
        found[new_id] = EarlierLevel(
            behaviour_id=new_id,
            old_behaviour_ids=tuple(old_id for old_id, _ in levels),
            old_levels=old_levels,
            mean_old_level=sum(old_levels) / len(old_levels),
            level=sum(placed) / len(placed),
        )
    return found


def earlier_value_levels(
    framework: Framework, group_id: str | None, earlier: Mapping[str, EarlierLevel]
) -> dict[str, float]:
    """Value id -> the mean earlier level of its behaviours asked of ``group_id`` that
    have one (on the new scale); values with none are left out."""
    means: dict[str, float] = {}
    for value, behaviours in framework.values_for(group_id):
        levels = [earlier[b.id].level for b in behaviours if b.id in earlier]
        if levels:
            means[value.id] = sum(levels) / len(levels)
    return means


def crosswalk_problems(framework: Framework, older: Framework) -> list[tuple[str, str]]:
    """``(location, message)`` for each crosswalk ``from`` that ``older`` does not have.

    Checked only when ``framework`` supersedes ``older``: a file cannot be checked against
    a framework that is not installed, so the loader leaves this to the library.
    """
    if not supersedes(framework, older):
        return []
    problems: list[tuple[str, str]] = []
    known = list(older.behaviour_index)
    for index, entry in enumerate(framework.crosswalk):
        if entry.from_id in older.behaviour_index:
            continue
        message = (
            f"{quote(entry.from_id)} is not a behaviour of {older.id}@{older.version}, the "
            "framework this file supersedes"
        )
        # A close match is worth its cost for the first few only (a file may hold many).
        suggest = len(problems) < _SUGGESTIONS
        import difflib  # only where the crosswalk names a behaviour wrongly

        close = suggest and difflib.get_close_matches(entry.from_id, known, n=1)
        if close:
            message += f"; did you mean {quote(close[0])}?"
        problems.append((f"crosswalk[{index}].from", message))
    return problems
