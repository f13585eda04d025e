"""A framework of values and behaviours, as described by framework file formats 1 and 2.

These models are the validated, in-memory form of a framework file. They are strict:
unknown keys are refused and types are not coerced, so a typo in a file is reported
instead of silently dropping content. Cross-references (unique ids, training-area
references, targets on the scale) are checked by :mod:`ppf_app.domain.framework_loader`,
which reports every problem with its location.

TOML arrays arrive as lists and a strict tuple field refuses lists, so every tuple field
says ``strict=False``; its items stay strict (``StrictStr``, ``StrictInt``, models).

Format 2 only adds optional keys to format 1, so one set of models reads
both formats; whether a format 1 file used a format 2 key is a rule of
:mod:`ppf_app.domain.framework_format2`. Besides the file's content, :class:`Framework`
answers what the rest of the app asks of it: which behaviours, prompts and training areas
apply to a professional group, their targets and importance, the behaviours' numbers,
and the lookup of a behaviour or a level from what a person typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, field_validator

from ppf_app.core.errors import UserError
from ppf_app.domain.answers import NOT_APPLICABLE, NOT_APPLICABLE_SPELLINGS, NotApplicable


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


FRAMEWORK_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"

#: What an activity's ``kind`` may be (format 2), in the order a plan lists them.
ACTIVITY_KINDS = (
    "course",
    "workshop",
    "e-learning",
    "shadowing",
    "paired-learning",
    "mentoring",
    "coaching",
    "action-learning",
    "project",
    "reading",
    "other",
)

#: A group's ``importance`` for a behaviour: 1 useful, 2 important, 3 essential.
IMPORTANCE_LEVELS = (1, 2, 3)
DEFAULT_IMPORTANCE = 1

#: The keys format 2 added, by where they are (the path's keys, indices left out). A
#: format 1 file using one is refused with a message to write ``format = 2``.
FORMAT_2_KEYS: dict[tuple[str, ...], frozenset[str]] = {
    (): frozenset({"not_applicable", "prompts", "crosswalk"}),
    ("framework",): frozenset({"supersedes"}),
    ("training_areas",): frozenset({"for_groups"}),
    ("groups",): frozenset({"importance"}),
    ("values", "behaviours"): frozenset({"levels", "for_groups", "not_applicable"}),
}

_Text = Annotated[StrictStr, Field(min_length=1)]
_GroupIds = Annotated[tuple[StrictStr, ...], Field(strict=False)]

_NUMBER = re.compile(r"^\s*([0-9]{1,6})\s*\.\s*([0-9]{1,6})\s*$")
_INTEGER = re.compile(r"^[+-]?[0-9]{1,12}$")


class FrameworkLookupError(UserError, LookupError):
    """A behaviour or a level that a person named (in a CSV file, say) is not in the
    framework; the message says what was given and what would be accepted."""


def _for(groups: tuple[str, ...], group_id: str | None) -> bool:
    """Whether something limited to ``groups`` (empty: everyone) applies to ``group_id``."""
    return not groups or (group_id is not None and group_id in groups)


class FrameworkInfo(_Strict):
    id: StrictStr = Field(pattern=FRAMEWORK_ID_PATTERN)
    version: StrictStr = Field(min_length=1)
    title: StrictStr = Field(min_length=1)
    publisher: StrictStr | None = None
    description: StrictStr | None = None
    licence: StrictStr | None = None
    supersedes: StrictStr | None = None
    """Format 2: ``ID@VERSION`` of the framework this one replaces."""

    @property
    def superseded_key(self) -> tuple[str, str] | None:
        """``(id, version)`` named by ``supersedes``, or None (absent or not ``id@version``)."""
        if not self.supersedes:
            return None
        framework_id, at, version = self.supersedes.partition("@")
        return (framework_id, version) if at and framework_id and version else None


class NotApplicableAnswer(_Strict):
    """Format 2's ``[not_applicable]``: an answer that is not a level of the scale."""

    label: StrictStr = Field(min_length=1)
    description: StrictStr | None = None


class ScaleLevel(_Strict):
    value: StrictInt
    label: StrictStr = Field(min_length=1)
    description: StrictStr | None = None


class Activity(_Strict):
    """One suggested activity of a training area.

    Format 1 writes an activity as a text; format 2 may write a table with its kind, the
    groups it is for, a provider and a reference (the product prints a reference, it
    never opens it). A text is read as a table with only ``text``.
    """

    text: StrictStr
    kind: StrictStr | None = None
    for_groups: _GroupIds = ()
    provider: StrictStr | None = None
    reference: StrictStr | None = None

    def is_for(self, group_id: str | None) -> bool:
        """Whether the activity is offered to a person of professional group ``group_id``."""
        return _for(self.for_groups, group_id)


class TrainingArea(_Strict):
    """A training area and its activities.

    The file's ``activities`` key is held as :attr:`activity_details` (``Activity``
    objects); :attr:`activities` keeps giving their texts, as format 1 callers expect.
    """

    id: StrictStr = Field(min_length=1)
    title: StrictStr = Field(min_length=1)
    description: StrictStr | None = None
    for_groups: _GroupIds = ()
    activity_details: tuple[Activity, ...] = Field(default=(), strict=False, alias="activities")

    @field_validator("activity_details", mode="before")
    @classmethod
    def _texts_as_tables(cls, value: Any) -> Any:
        """A text is the short way of writing an activity: ``{text = ...}``."""
        if isinstance(value, list | tuple):
            return [{"text": item} if isinstance(item, str) else item for item in value]
        return value

    @property
    def activities(self) -> tuple[str, ...]:
        """Every activity's text, in file order, whatever groups it is for."""
        return tuple(activity.text for activity in self.activity_details)

    def activities_for(self, group_id: str | None) -> tuple[Activity, ...]:
        """The activities offered to a person of professional group ``group_id``."""
        return tuple(a for a in self.activity_details if a.is_for(group_id))

    def is_for(self, group_id: str | None) -> bool:
        """Whether the area may be suggested to a person of professional group ``group_id``."""
        return _for(self.for_groups, group_id)


class Group(_Strict):
    id: StrictStr = Field(min_length=1)
    title: StrictStr = Field(min_length=1)
    default_target: StrictInt
    targets: dict[StrictStr, StrictInt] = Field(default_factory=dict)
    importance: dict[StrictStr, StrictInt] = Field(default_factory=dict)
    """Format 2: value or behaviour id -> 1 (useful), 2 (important) or 3 (essential)."""


class Behaviour(_Strict):
    id: StrictStr = Field(min_length=1)
    text: StrictStr = Field(min_length=1)
    training_areas: tuple[StrictStr, ...] = Field(default=(), strict=False)
    levels: dict[StrictStr, _Text] = Field(default_factory=dict)
    """Format 2: scale value written as text -> what the behaviour looks like there."""
    for_groups: _GroupIds = ()
    """Format 2: asked only of people in these groups (empty: of everyone)."""
    not_applicable: StrictBool = True
    """Format 2: ``false`` withholds the framework's not-applicable answer here."""

    def is_for(self, group_id: str | None) -> bool:
        """Whether the behaviour is asked of a person of professional group ``group_id``."""
        return _for(self.for_groups, group_id)


class Value(_Strict):
    id: StrictStr = Field(min_length=1)
    title: StrictStr = Field(min_length=1)
    description: StrictStr | None = None
    behaviours: tuple[Behaviour, ...] = Field(min_length=1, strict=False)


class Prompt(_Strict):
    """Format 2: a question answered in words, not rated."""

    id: StrictStr = Field(min_length=1)
    text: StrictStr = Field(min_length=1)
    for_groups: _GroupIds = ()

    def is_for(self, group_id: str | None) -> bool:
        return _for(self.for_groups, group_id)


class CrosswalkEntry(_Strict):
    """Format 2: an old behaviour (of the superseded framework) and the new ones it maps to."""

    from_id: StrictStr = Field(min_length=1, alias="from")
    to: tuple[StrictStr, ...] = Field(strict=False)


class Framework(_Strict):
    """A whole framework file (format 1 or 2)."""

    format: StrictInt
    framework: FrameworkInfo
    not_applicable: NotApplicableAnswer | None = None
    scale: tuple[ScaleLevel, ...] = Field(min_length=2, max_length=10, strict=False)
    training_areas: tuple[TrainingArea, ...] = Field(default=(), strict=False)
    groups: tuple[Group, ...] = Field(default=(), strict=False)
    values: tuple[Value, ...] = Field(min_length=1, strict=False)
    prompts: tuple[Prompt, ...] = Field(default=(), strict=False)
    crosswalk: tuple[CrosswalkEntry, ...] = Field(default=(), strict=False)

    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, ignored_types=(cached_property,)
    )

    # -- convenience -----------------------------------------------------------------

    @property
    def id(self) -> str:
        return self.framework.id

    @property
    def version(self) -> str:
        return self.framework.version

    @property
    def title(self) -> str:
        return self.framework.title

    @property
    def key(self) -> tuple[str, str]:
        """``(id, version)``: what an assessment keeps to find its framework again."""
        return (self.framework.id, self.framework.version)

    def behaviours(self) -> Iterator[tuple[Value, Behaviour]]:
        """Every behaviour with its value, in file order."""
        for value in self.values:
            for behaviour in value.behaviours:
                yield value, behaviour

    @cached_property
    def behaviour_index(self) -> dict[str, tuple[Value, Behaviour]]:
        return {b.id: (v, b) for v, b in self.behaviours()}

    @cached_property
    def training_area_index(self) -> dict[str, TrainingArea]:
        return {t.id: t for t in self.training_areas}

    @cached_property
    def asked_by_group(self) -> dict[str | None, tuple[Behaviour, ...]]:
        """:meth:`behaviours_for` of each group asked about so far (filled as asked: the
        autosave asks on every change)."""
        return {}

    @property
    def behaviour_count(self) -> int:
        return sum(len(v.behaviours) for v in self.values)

    @property
    def scale_values(self) -> tuple[int, ...]:
        return tuple(level.value for level in self.scale)

    def scale_label(self, level: int) -> str:
        for item in self.scale:
            if item.value == level:
                return item.label
        raise KeyError(level)

    def group(self, group_id: str) -> Group | None:
        for group in self.groups:
            if group.id == group_id:
                return group
        return None

    def target_for(self, behaviour_id: str, group_id: str | None) -> int:
        """The target level for a behaviour and professional group.

        The group's own target for the behaviour, else its target for the behaviour's
        value, else the group's ``default_target``. A group the framework does not know
        (or a framework without groups) targets the second-highest scale level.
        """
        value, _ = self.behaviour_index[behaviour_id]
        group = self.group(group_id) if group_id else None
        if group is None:
            return self.scale_values[-2]
        if behaviour_id in group.targets:
            return group.targets[behaviour_id]
        if value.id in group.targets:
            return group.targets[value.id]
        return group.default_target

    def value_target_for(self, value_id: str, group_id: str | None) -> int:
        """The level a group aims for in a value as a whole: the group's target for the
        value, else its ``default_target``, else the second-highest level.

        It is the level the framework's author wrote for the value, so results can show
        a value's target as a level ("Strong") rather than an average of targets (3.4).
        """
        group = self.group(group_id) if group_id else None
        if group is None:
            return self.scale_values[-2]
        return group.targets.get(value_id, group.default_target)

    # -- format 2: who is asked what ----------------------------------------------------

    def asks(self, behaviour_id: str, group_id: str | None) -> bool:
        """Whether the behaviour is asked of a person of group ``group_id``.

        A behaviour with ``for_groups`` is asked only of those groups: not of a person
        whose group the framework does not name, nor of one with no group.
        """
        return self.behaviour_index[behaviour_id][1].is_for(group_id)

    def behaviours_for(self, group_id: str | None) -> tuple[Behaviour, ...]:
        """The behaviours asked of group ``group_id``, in file order."""
        found = self.asked_by_group.get(group_id)
        if found is None:
            found = tuple(b for _, b in self.behaviours() if b.is_for(group_id))
            self.asked_by_group[group_id] = found
        return found

    def values_for(self, group_id: str | None) -> tuple[tuple[Value, tuple[Behaviour, ...]], ...]:
        """Each value with the behaviours asked of ``group_id``; values asking none are
        left out. File order."""
        found = []
        for value in self.values:
            asked = tuple(b for b in value.behaviours if b.is_for(group_id))
            if asked:
                found.append((value, asked))
        return tuple(found)

    def prompts_for(self, group_id: str | None) -> tuple[Prompt, ...]:
        """The questions answered in words that ``group_id`` is asked, in file order."""
        return tuple(p for p in self.prompts if p.is_for(group_id))

    def training_areas_for(self, group_id: str | None) -> tuple[TrainingArea, ...]:
        """The training areas that may be suggested to ``group_id``, in file order."""
        return tuple(t for t in self.training_areas if t.is_for(group_id))

    def importance_for(self, behaviour_id: str, group_id: str | None) -> int:
        """How much a group's role needs a behaviour: 1 useful, 2 important, 3 essential.

        The group's importance for the behaviour, else for its value, else 1 (also for a
        group the framework does not know). Gaps are weighted by it wherever ranked.
        """
        value, _ = self.behaviour_index[behaviour_id]
        group = self.group(group_id) if group_id else None
        if group is None:
            return DEFAULT_IMPORTANCE
        if behaviour_id in group.importance:
            return group.importance[behaviour_id]
        return group.importance.get(value.id, DEFAULT_IMPORTANCE)

    def level_descriptor(self, behaviour_id: str, value: int) -> str | None:
        """What ``behaviour_id`` looks like at scale value ``value``.

        The behaviour's own descriptor (format 2 ``levels``), else the scale level's
        ``description``, else None. Raises KeyError for a value off the scale.
        """
        level = self.scale[self.scale_positions[value]]
        _, behaviour = self.behaviour_index[behaviour_id]
        return behaviour.levels.get(str(value)) or level.description

    def allows_not_applicable(self, behaviour_id: str) -> bool:
        """Whether "not applicable" may be answered for the behaviour: the framework has a
        ``[not_applicable]`` table and the behaviour does not say ``not_applicable = false``."""
        _, behaviour = self.behaviour_index[behaviour_id]
        return self.not_applicable is not None and behaviour.not_applicable

    @property
    def not_applicable_label(self) -> str | None:
        """The framework's words for "not applicable", or None when it has none."""
        return self.not_applicable.label if self.not_applicable else None

    # -- numbers, positions and lookups ---------------------------------------------------

    @cached_property
    def behaviour_numbers(self) -> dict[str, str]:
        """Behaviour id -> its number as the app shows it (``"1.2"``: the second behaviour
        of the first value).

        Numbered over every behaviour of the file, whatever group is asked, so that a
        behaviour has the same number for everyone and in every printed plan.
        """
        return {
            behaviour.id: f"{v}.{b}"
            for v, value in enumerate(self.values, start=1)
            for b, behaviour in enumerate(value.behaviours, start=1)
        }

    @cached_property
    def _behaviours_by_number(self) -> dict[str, str]:
        return {number: behaviour_id for behaviour_id, number in self.behaviour_numbers.items()}

    @cached_property
    def scale_positions(self) -> dict[int, int]:
        """Scale value -> its position on the scale (0 for the lowest level).

        Gaps are counted in positions ("steps"), not value differences, so a scale
        written 10, 20, 30 is no wider than one written 1, 2, 3.
        """
        return {level.value: position for position, level in enumerate(self.scale)}

    def steps_between(self, lower: int, upper: int) -> int:
        """How many scale steps ``upper`` is above ``lower`` (negative when below)."""
        return self.scale_positions[upper] - self.scale_positions[lower]

    @property
    def superseded_key(self) -> tuple[str, str] | None:
        """``(id, version)`` of the framework this one supersedes, or None."""
        return self.framework.superseded_key

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy, with the cached lookups dropped when ``update`` changes a field.

        ``cached_property`` keeps its values in the instance's ``__dict__``, which pydantic
        copies: without this a copy with other values would answer from the old ones.
        """
        copied = super().model_copy(update=update, deep=deep)
        if update:
            for name, member in vars(Framework).items():
                if isinstance(member, cached_property):
                    copied.__dict__.pop(name, None)
        return copied

    def find_behaviour(self, reference: str) -> Behaviour:
        """The behaviour a person named by its id (``pf-listen``) or number (``1.2``).

        An exact id wins over a number, so a framework whose ids look like numbers is
        still read as written. Ids are compared after Unicode NFC normalisation.

        Raises:
            FrameworkLookupError: no behaviour has that id or number; the message names
                the closest id when there is one.
        """
        text = unicodedata.normalize("NFC", reference.strip())
        if text in self.behaviour_index:
            return self.behaviour_index[text][1]
        number = _NUMBER.match(text)
        if number:
            key = f"{int(number[1])}.{int(number[2])}"
            if key in self._behaviours_by_number:
                return self.behaviour_index[self._behaviours_by_number[key]][1]
            last = self.behaviour_numbers[next(reversed(self.behaviour_numbers))]
            raise FrameworkLookupError(
                f"{reference.strip()!r}: framework {self.id} {self.version} has no behaviour "
                f"numbered {key} (they run from 1.1 to {last}, value by value)"
            )
        message = (
            f"{reference.strip()!r} is not a behaviour of framework {self.id} {self.version}: "
            "give a behaviour id or a number such as 1.2"
        )
        import difflib  # only to suggest a behaviour for one not found

        close = difflib.get_close_matches(text, list(self.behaviour_index), n=1)
        if close:
            message += f"; did you mean {close[0]!r}?"
        raise FrameworkLookupError(message)

    def find_level(self, text: str, behaviour_id: str | None = None) -> int | NotApplicable:
        """The answer a person wrote as a scale value, a level label (any case), or "not
        applicable" ("n/a", or the framework's own label for it, any case).

        Labels are matched before the spellings of "not applicable", so a scale with a
        level called "N/A" keeps it. ``behaviour_id``, when given, refuses "not
        applicable" for a behaviour that does not offer it.

        Raises:
            FrameworkLookupError: the text names no level; the message lists what would be
                accepted.
        """
        written = text.strip()
        folded = written.casefold()
        if _INTEGER.match(written) and int(written) in self.scale_positions:
            return int(written)
        for level in self.scale:
            if level.label.strip().casefold() == folded:
                return level.value
        label = self.not_applicable_label
        if folded in NOT_APPLICABLE_SPELLINGS or (label and label.strip().casefold() == folded):
            if self.not_applicable is None:
                raise FrameworkLookupError(
                    f"{written!r}: framework {self.id} {self.version} has no "
                    "'not applicable' answer; give a level of its scale"
                )
            if behaviour_id is not None and not self.allows_not_applicable(behaviour_id):
                raise FrameworkLookupError(
                    f"{written!r}: behaviour {self.behaviour_numbers[behaviour_id]} "
                    f"({behaviour_id}) must be rated on the scale; it does not offer "
                    f"{label!r}"
                )
            return NOT_APPLICABLE
        values = ", ".join(str(v) for v in self.scale_values)
        labels = ", ".join(level.label for level in self.scale)
        also = f", or {label!r} (n/a)" if self.not_applicable else ""
        raise FrameworkLookupError(
            f"{written!r} is not a level of framework {self.id} {self.version}: write a "
            f"value ({values}) or a label ({labels}){also}"
        )
