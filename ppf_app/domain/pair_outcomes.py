"""What a learning pair achieved: each person's gaps on the behaviours the pairing
targeted, before and after, and a summary of a whole cohort of pairs for a lead.

Each participant self-assesses before and after the programme. A pairing targets, for
each person, the behaviours where they were below target and their partner above
(:attr:`~ppf_app.domain.pairing.PairProposal.left_targets` and ``right_targets``, kept
with the pair when it is created). The outcome compares the two assessments on exactly
those behaviours; everything else the person rated is none of the pair's business.

**Gaps** are weighted gaps, as in the training-needs analysis: scale steps below target
times the behaviour's importance for the person's group (1 where the framework gives
none), 0 at or above target. A **change** is after minus before, so a negative change is
progress. A targeted behaviour missing from either assessment (not asked, "not
applicable", no "after" assessment yet) has no change and is left out of the totals.

The cohort summary goes to a lead and follows the disclosure rules of
:mod:`ppf_app.domain.disclosure`: a cohort of fewer people than the minimum group shows
``*`` throughout; counts are rounded to 5; the mean gaps need at least the minimum
number of people measured before and after.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ppf_app.domain.cohort import Answer, PersonFacts
from ppf_app.domain.disclosure import (
    DEFAULT_MIN_GROUP,
    HIDDEN,
    check_min_group,
    format_count,
    format_mean,
    is_primary_hidden,
    round_count,
    round_mean,
)


@dataclass(frozen=True)
class BehaviourChange:
    """One targeted behaviour's weighted gap before and after.

    Attributes:
        behaviour_id: the behaviour.
        gap_before: the weighted gap in the "before" assessment; ``None`` when not
            answered there.
        gap_after: the same in the "after" assessment.
    """

    behaviour_id: str
    gap_before: int | None
    gap_after: int | None

    @property
    def change(self) -> int | None:
        """``gap_after - gap_before`` (negative: closer to target); ``None`` unless both."""
        if self.gap_before is None or self.gap_after is None:
            return None
        return self.gap_after - self.gap_before


@dataclass(frozen=True)
class PersonOutcome:
    """One participant's change on the behaviours the pairing targeted for them.

    Attributes:
        person_id: the participant.
        changes: one per targeted behaviour, in the order targeted.
    """

    person_id: int
    changes: tuple[BehaviourChange, ...]

    @property
    def measured(self) -> tuple[BehaviourChange, ...]:
        """The targeted behaviours answered both before and after."""
        return tuple(c for c in self.changes if c.change is not None)

    @property
    def is_measured(self) -> bool:
        """True when at least one targeted behaviour was answered before and after."""
        return bool(self.measured)

    @property
    def total_before(self) -> int:
        """The sum of the measured behaviours' gaps before."""
        return sum(c.gap_before or 0 for c in self.measured)

    @property
    def total_after(self) -> int:
        """The sum of the measured behaviours' gaps after."""
        return sum(c.gap_after or 0 for c in self.measured)

    @property
    def total_change(self) -> int:
        """``total_after - total_before`` (negative: progress)."""
        return self.total_after - self.total_before


@dataclass(frozen=True)
class PairOutcome:
    """Both participants' outcomes and how often the pair met.

    Attributes:
        left: the left person's outcome.
        right: the right person's outcome.
        meetings_held: the meetings the pair recorded.
    """

    left: PersonOutcome
    right: PersonOutcome
    meetings_held: int = 0


def person_outcome(
    person_id: int,
    targeted: Sequence[str],
    before: PersonFacts | None,
    after: PersonFacts | None,
) -> PersonOutcome:
    """A participant's change on the behaviours targeted for them.

    Args:
        person_id: the participant.
        targeted: the behaviour ids the pairing targeted for this person.
        before: their assessment at the start of the pairing (``None``: none found).
        after: their assessment at the end (``None``: not made yet).
    """
    was = before.by_behaviour if before is not None else {}
    now = after.by_behaviour if after is not None else {}

    def gap(answers: Mapping[str, Answer], behaviour_id: str) -> int | None:
        answer = answers.get(behaviour_id)
        return None if answer is None else answer.gap

    return PersonOutcome(
        person_id=person_id,
        changes=tuple(
            BehaviourChange(b, gap(was, b), gap(now, b)) for b in dict.fromkeys(targeted)
        ),
    )


def pair_outcome(
    *,
    left_id: int,
    left_targets: Sequence[str],
    left_before: PersonFacts | None,
    left_after: PersonFacts | None,
    right_id: int,
    right_targets: Sequence[str],
    right_before: PersonFacts | None,
    right_after: PersonFacts | None,
    meetings_held: int = 0,
) -> PairOutcome:
    """Both participants' outcomes (see :func:`person_outcome`)."""
    return PairOutcome(
        left=person_outcome(left_id, left_targets, left_before, left_after),
        right=person_outcome(right_id, right_targets, right_before, right_after),
        meetings_held=meetings_held,
    )


@dataclass(frozen=True)
class CohortSummary:
    """A cohort of pairs as a lead may see it, after disclosure control.

    Attributes:
        hidden: True when the cohort has fewer people than the minimum group: every
            figure is then ``None`` and shows as ``*``.
        min_group: the minimum group used.
        pairs: pairs, rounded to 5.
        people: distinct participants, rounded to 5.
        meetings: meetings held by all pairs together, rounded to 5.
        mean_meetings: meetings per pair, two decimals.
        measured: participants with a before and after on a targeted behaviour,
            rounded to 5.
        mean_gap_before: the mean over measured participants of their total gap on their
            measured targeted behaviours, before; ``None`` (shown ``*``) when fewer than
            the minimum group were measured.
        mean_gap_after: the same, after.
        mean_change: the mean of their total changes (negative: progress).
    """

    hidden: bool
    min_group: int
    pairs: int | None
    people: int | None
    meetings: int | None
    mean_meetings: float | None
    measured: int | None
    mean_gap_before: float | None
    mean_gap_after: float | None
    mean_change: float | None

    def texts(self) -> tuple[tuple[str, str], ...]:
        """``(label, figure)`` lines for a report: ``*`` where hidden."""

        def mean(value: float | None) -> str:
            return HIDDEN if value is None else format_mean(value)

        return (
            ("Pairs", format_count(self.pairs)),
            ("People", format_count(self.people)),
            ("Meetings held", format_count(self.meetings)),
            ("Meetings per pair", HIDDEN if self.hidden else format_mean(self.mean_meetings)),
            ("People measured before and after", format_count(self.measured)),
            ("Mean gap before", mean(self.mean_gap_before)),
            ("Mean gap after", mean(self.mean_gap_after)),
            ("Mean change", mean(self.mean_change)),
        )


def cohort_summary(
    outcomes: Iterable[PairOutcome], min_group: int = DEFAULT_MIN_GROUP
) -> CohortSummary:
    """The summary of a cohort of pairs, after disclosure control.

    A person in several pairs of the cohort counts once among ``people`` and once per
    pair among the measured (each pairing targets its own behaviours).

    Raises:
        UserError: a minimum group below 5.
    """
    check_min_group(min_group)
    pairs = list(outcomes)
    participants = {p.left.person_id for p in pairs} | {p.right.person_id for p in pairs}
    if is_primary_hidden(len(participants), min_group):
        return CohortSummary(True, min_group, None, None, None, None, None, None, None, None)
    meetings = sum(p.meetings_held for p in pairs)
    measured = [o for p in pairs for o in (p.left, p.right) if o.is_measured]
    shown = len(measured) >= min_group

    def mean(values: list[int]) -> float | None:
        return round_mean(sum(values) / len(values)) if shown else None

    return CohortSummary(
        hidden=False,
        min_group=min_group,
        pairs=round_count(len(pairs)),
        people=round_count(len(participants)),
        meetings=round_count(meetings),
        mean_meetings=round_mean(meetings / len(pairs)) if pairs else None,
        measured=round_count(len(measured)),
        mean_gap_before=mean([o.total_before for o in measured]),
        mean_gap_after=mean([o.total_after for o in measured]),
        mean_change=mean([o.total_change for o in measured]),
    )
