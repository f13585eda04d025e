"""Clinician-manager learning pairs: who could learn most from whom.

Paired learning (the Imperial College Healthcare pilot the product grew from) puts a
clinician and a manager together for some months; how pairs were matched was never
written down. This module proposes pairs from people's latest complete assessments on
one framework so that, across the whole cohort, each person's gaps meet the other's
strengths as fully as possible.

**A pair's score.** Over the behaviours both people answered (see
:class:`~ppf_app.domain.cohort.PersonFacts`), for each behaviour the pair gains
``min(A's shortfall, B's margin) * A's importance`` (what A could learn from B) plus
``min(B's shortfall, A's margin) * B's importance`` (the reverse). Shortfalls and margins
are scale steps below and above each person's own target; the importance is the
learner's, because it is the learner's target the learning closes. Scores are whole
numbers.

**The proposal.** Each person is in at most one pair, and the pairs together have the
highest total score possible (an optimal assignment, by
:func:`scipy.optimize.linear_sum_assignment`; a greedy "best pair first" pass can do
noticeably worse). A pair scoring 0 has nothing to learn and is not proposed. Options:
people of the same department kept apart (people without a department are never "the
same"), and people already in a pair left out.

**Ties** are settled, in order: the total score; then more pairs (the same learning
shared by more people); then the assignment found on the people sorted by id (so the same
cohort always gives the same pairs, in whatever order it was read). Proposals are listed
best first, then by the left and right person's id.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from ppf_app.core.errors import UserError
from ppf_app.domain.cohort import PersonFacts

DEFAULT_LEFT_GROUP = "clinician"
DEFAULT_RIGHT_GROUP = "manager"


@dataclass(frozen=True)
class Complement:
    """A behaviour where one person of a pair can learn from the other.

    Attributes:
        behaviour_id: the behaviour.
        gap: the learner's shortfall, in scale steps below their target.
        margin: the other person's margin, in scale steps above their own target.
        importance: the behaviour's importance for the learner's group.
    """

    behaviour_id: str
    gap: int
    margin: int
    importance: int

    @property
    def points(self) -> int:
        """What the behaviour adds to the pair's score: ``min(gap, margin) * importance``."""
        return min(self.gap, self.margin) * self.importance


@dataclass(frozen=True)
class PairProposal:
    """A proposed learning pair and why.

    Attributes:
        left_id: the person from the left group (by default a clinician).
        right_id: the person from the right group (by default a manager).
        score: the pair's score (the sum of every complement's points).
        left_learns: the left person's gaps where the right person is strong, most
            points first (ties: the left person's answer order).
        right_learns: the reverse.
    """

    left_id: int
    right_id: int
    score: int
    left_learns: tuple[Complement, ...]
    right_learns: tuple[Complement, ...]

    @property
    def left_targets(self) -> tuple[str, ...]:
        """The behaviours the pairing targets for the left person."""
        return tuple(c.behaviour_id for c in self.left_learns)

    @property
    def right_targets(self) -> tuple[str, ...]:
        """The behaviours the pairing targets for the right person."""
        return tuple(c.behaviour_id for c in self.right_learns)


def complements(learner: PersonFacts, teacher: PersonFacts) -> tuple[Complement, ...]:
    """Where ``learner`` is below target and ``teacher`` above, on behaviours both answered.

    Most points first; ties keep the learner's answer order (framework order).
    """
    strong = teacher.by_behaviour
    found = []
    for answer in learner.answers:
        other = strong.get(answer.behaviour_id)
        if other is not None and answer.shortfall and other.margin:
            found.append(
                Complement(answer.behaviour_id, answer.shortfall, other.margin, answer.importance)
            )
    order = sorted(range(len(found)), key=lambda i: (-found[i].points, i))
    return tuple(found[i] for i in order)


def pair_score(left: PersonFacts, right: PersonFacts) -> int:
    """The complementarity of two people (see the module docstring); symmetric."""
    return sum(c.points for c in complements(left, right)) + sum(
        c.points for c in complements(right, left)
    )


def explain(left: PersonFacts, right: PersonFacts) -> PairProposal:
    """The proposal for two given people, with its score and explanation."""
    left_learns = complements(left, right)
    right_learns = complements(right, left)
    return PairProposal(
        left_id=left.person_id,
        right_id=right.person_id,
        score=sum(c.points for c in left_learns) + sum(c.points for c in right_learns),
        left_learns=left_learns,
        right_learns=right_learns,
    )


def score_matrix(left: list[PersonFacts], right: list[PersonFacts]) -> np.ndarray:
    """Every left person's score with every right person (``len(left) x len(right)``).

    The same figures as :func:`pair_score`, computed a behaviour at a time over whole
    arrays so that a cohort of thousands takes seconds, not minutes.
    """
    behaviour_ids = sorted(
        {a.behaviour_id for p in left for a in p.answers}
        & {a.behaviour_id for p in right for a in p.answers}
    )
    column = {b: i for i, b in enumerate(behaviour_ids)}

    def arrays(people: list[PersonFacts]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        shape = (len(people), len(behaviour_ids))
        shortfall = np.zeros(shape, dtype=np.int32)
        margin = np.zeros(shape, dtype=np.int32)
        importance = np.zeros(shape, dtype=np.int32)
        for row, person in enumerate(people):
            for answer in person.answers:
                col = column.get(answer.behaviour_id)
                if col is not None:
                    shortfall[row, col] = answer.shortfall
                    margin[row, col] = answer.margin
                    importance[row, col] = answer.importance
        return shortfall, margin, importance

    l_short, l_margin, l_imp = arrays(left)
    r_short, r_margin, r_imp = arrays(right)
    scores = np.zeros((len(left), len(right)), dtype=np.int32)
    term = np.empty_like(scores)  # reused: no new L x R array per behaviour
    for col in range(len(behaviour_ids)):
        np.minimum(l_short[:, col, None], r_margin[None, :, col], out=term)
        np.multiply(term, l_imp[:, col, None], out=term)
        scores += term
        np.minimum(l_margin[:, col, None], r_short[None, :, col], out=term)
        np.multiply(term, r_imp[None, :, col], out=term)
        scores += term
    return scores


def propose_pairs(
    people: Iterable[PersonFacts],
    left_group: str = DEFAULT_LEFT_GROUP,
    right_group: str = DEFAULT_RIGHT_GROUP,
    *,
    separate_departments: bool = False,
    already_paired: Collection[int] = frozenset(),
) -> tuple[PairProposal, ...]:
    """Learning pairs over a whole cohort, best pair first.

    Args:
        people: one record per person with a complete assessment on the framework (the
            same framework for everyone); people of other groups are ignored.
        left_group: the group of the first person of each pair.
        right_group: the group of the second.
        separate_departments: never pair two people of the same department.
        already_paired: ids of people to leave out (already in a pair).

    Returns:
        The proposals, each person in at most one, highest score first (ties: left id,
        then right id). Pairs scoring 0 are not proposed.

    Raises:
        UserError: the two groups are the same.
        ValueError: a person appears twice.
    """
    if left_group == right_group:
        raise UserError(f"pairs need two different groups, not {left_group!r} twice")
    left: list[PersonFacts] = []
    right: list[PersonFacts] = []
    seen: set[int] = set()
    for person in people:
        if person.person_id in seen:
            raise ValueError(f"person {person.person_id} appears twice")
        seen.add(person.person_id)
        if person.person_id in already_paired:
            continue
        if person.group == left_group:
            left.append(person)
        elif person.group == right_group:
            right.append(person)
    if not left or not right:
        return ()
    left.sort(key=lambda p: p.person_id)
    right.sort(key=lambda p: p.person_id)

    scores = score_matrix(left, right)
    if separate_departments:
        # Departments as numbers; a missing one is -1 on the left and -2 on the right,
        # so two people without a department never count as the same.
        codes: dict[str, int] = {}
        left_dept = np.array([_code(codes, p.department, -1) for p in left])
        right_dept = np.array([_code(codes, p.department, -2) for p in right])
        scores[left_dept[:, None] == right_dept[None, :]] = 0
    # One more pair is worth less than one point of score: a bonus of 1 per pair, with
    # scores scaled by more than the number of pairs possible, breaks ties only.
    scale = min(len(left), len(right)) + 1
    weights = scores.astype(np.int64) * scale + (scores > 0)
    rows, cols = linear_sum_assignment(weights, maximize=True)
    proposals = [
        explain(left[row], right[col])
        for row, col in zip(rows.tolist(), cols.tolist(), strict=True)
        if scores[row, col] > 0
    ]
    proposals.sort(key=lambda p: (-p.score, p.left_id, p.right_id))
    return tuple(proposals)


def _code(codes: dict[str, int], department: str | None, missing: int) -> int:
    if department is None:
        return missing
    return codes.setdefault(department, len(codes))
