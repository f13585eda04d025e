"""The Pairs screen: the proposals with the options chosen, the pairs recorded, the cohort
summary for a lead; and one pair's record with the objectives each person may choose."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from ppf_app.domain.disclosure import DEFAULT_MIN_GROUP
from ppf_app.domain.pair_outcomes import CohortSummary
from ppf_app.services import pair_records, pairs, plans
from ppf_app.services.pair_records import PairRecord
from ppf_app.services.pairs import PairOptions, PairView, Suggestions
from ppf_app.services.plan_views import ObjectiveView
from ppf_app.services.unit import unit
from ppf_app.storage.repositories import plans as plans_repo

if TYPE_CHECKING:
    from ppf_app.services.library import Library


@dataclass(frozen=True)
class PairsScreen:
    suggestions: Suggestions
    pairs: tuple[PairView, ...]
    cohort: CohortSummary
    frameworks: tuple[tuple[str, str], ...]
    """``(id, title)`` of each installed framework (its newest version)."""
    groups: tuple[tuple[str, str], ...]
    """``(id, title)`` of the chosen framework's groups."""
    today: date = field(default_factory=date.today)

    @property
    def options(self) -> PairOptions:
        return self.suggestions.options


@dataclass(frozen=True)
class PairScreen:
    record: PairRecord
    choices: dict[int, tuple[ObjectiveView, ...]]
    """Person id -> the objectives they may choose: those of their latest plan on the
    pair's framework, and any chosen before."""
    today: date = field(default_factory=date.today)


def pairs_screen(
    lib: Library, options: PairOptions | None = None, min_group: int = DEFAULT_MIN_GROUP
) -> PairsScreen:
    """Everything the Pairs page shows but a pair's record (one unit of work)."""
    options = options or PairOptions()
    with unit(lib) as work:
        suggestions = pairs.suggest(lib, options)
        recorded = pairs.pair_views(session=work.session)
        summary = pair_records.cohort_of(lib, None, min_group, session=work.session)
    framework = lib.frameworks.get(suggestions.framework_id)
    newest = {f.id: f for f in lib.frameworks.all()}  # by id then version: the newest wins
    return PairsScreen(
        suggestions=suggestions,
        pairs=recorded,
        cohort=summary,
        frameworks=tuple((f.id, f.title) for f in newest.values()),
        groups=tuple((g.id, g.title) for g in framework.groups),
    )


def pair_screen(lib: Library, pair_id: int) -> PairScreen:
    """One pair's record and the objectives each of its people may choose.

    Raises:
        NotFound: no such pair.
    """
    with unit(lib) as work:
        session = work.session
        record = pair_records.record_of(lib, pair_id, session=session)
        choices: dict[int, tuple[ObjectiveView, ...]] = {}
        for side in (record.left, record.right):
            found = plans_repo.latest_plan_for_person(
                side.person.id, framework_id=record.pair.framework_id, session=session
            )
            offered = (
                list(plans.plan_view(found[0], found[1].id or 0, session=session).objectives)
                if found is not None
                else []
            )
            listed = {o.uid for o in offered}
            offered += [o for o in side.objectives if o.uid not in listed]
            choices[side.person.id] = tuple(offered)
    return PairScreen(record=record, choices=choices)
