"""Worked SMART objectives for a plan that has none yet, one per suggested training area.

A person who opens a new plan faces an empty objectives table; real development plans
hold two to five objectives that are specific, measurable, achievable, relevant and
time-bound, each tied to the need it came from. So the printed plan shows, for each
suggested area, an example to rewrite:

* **time-bound**: "By <date>": the plan's review date when it is set and falls after the
  assessment, else the last day of the month a year after the assessment;
* **specific, measurable, achievable**: an action written for the area (the phrasebook
  ``resources/report_styles/smart_examples.toml`` has one per training area of the bundled
  framework, used for that framework's id only), with how both people will know it was
  done and the support usually agreed; an area the phrasebook does not know gets a
  general action built from its first activity offered to the person's group;
* **relevant**: the person's own largest gap that the area was chosen for (the behaviour,
  its level and its target), from :func:`ppf_app.domain.advice.advise_training`.

The examples are plain data; the report prints them, marked as examples to rewrite.
"""

from __future__ import annotations

import calendar
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache

from ppf_app.core.resources import resource_path
from ppf_app.domain.advice import AdvisedArea, BehaviourGap, TrainingAdvice

PHRASEBOOK = ("report_styles", "smart_examples.toml")


@dataclass(frozen=True)
class Phrase:
    """An area's worked objective: ``action`` finishes "By <date>, ..."."""

    action: str
    measure: str
    support: str


@dataclass(frozen=True)
class ExampleObjective:
    """A worked SMART objective for one suggested area, to rewrite.

    Attributes:
        area_id: the training area it is written from.
        area_title: its title.
        due: the date it is to be done by.
        action: what is to be done, finishing the sentence "By <due>, ...".
        measure: how both people will know it was done.
        support: the support usually agreed for it.
        need: the person's own largest gap in the area: why it is suggested.
        stretch: the need is against the top of the scale (nothing is below target).
    """

    area_id: str
    area_title: str
    due: date
    action: str
    measure: str
    support: str
    need: BehaviourGap
    stretch: bool = False


@cache
def phrasebook(framework_id: str) -> dict[str, Phrase]:
    """The bundled actions by training area id, for a framework the phrasebook is
    written for (the bundled ones); empty for any other."""
    data = tomllib.loads(resource_path(*PHRASEBOOK).read_text(encoding="utf-8"))
    if framework_id not in data.get("frameworks", ()):
        return {}
    return {
        area_id: Phrase(entry["action"], entry["measure"], entry["support"])
        for area_id, entry in data.get("areas", {}).items()
    }


def example_due(assessed_on: date, review_date: date | None) -> date:
    """When an example objective is due: the review date when it falls after the
    assessment, else the last day of the month a year after the assessment."""
    if review_date is not None and review_date > assessed_on:
        return review_date
    year = assessed_on.year + 1
    return date(year, assessed_on.month, calendar.monthrange(year, assessed_on.month)[1])


def _general(area: AdvisedArea) -> Phrase:
    """An action for an area the phrasebook does not know, from its first activity."""
    title = " ".join(area.title.split())
    if area.activities:
        first = " ".join(area.activities[0].text.split()).rstrip(".")
        start = f"complete one activity for “{title}” ({first})"
    else:
        start = f"agree one activity for “{title}” with your appraiser and complete it"
    need = area.behaviours[0]
    return Phrase(
        action=(
            f"{start}, and record three occasions, each seen by a colleague, when you did "
            "what the need below describes"
        ),
        measure=(
            "Three pieces of evidence, each seen by a colleague; the behaviour rated "
            f"{need.target_label} or higher at the next assessment."
        ),
        support="Time for the activity, agreed with your appraiser.",
    )


def example_objectives(
    advice: TrainingAdvice,
    *,
    framework_id: str,
    assessed_on: date,
    review_date: date | None,
) -> tuple[ExampleObjective, ...]:
    """One worked objective per suggested area, in the order the areas were chosen."""
    due = example_due(assessed_on, review_date)
    known = phrasebook(framework_id)
    examples = []
    for area in advice.suggestions:
        phrase = known.get(area.area_id) or _general(area)
        examples.append(
            ExampleObjective(
                area_id=area.area_id,
                area_title=area.title,
                due=due,
                action=phrase.action,
                measure=phrase.measure,
                support=phrase.support,
                need=area.behaviours[0],
                stretch=area.stretch,
            )
        )
    return tuple(examples)
