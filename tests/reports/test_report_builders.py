"""Frameworks and plans built in code for the suggestion, results and report tests.

No tests here: shared builders only, so those tests do not depend on the bundled
framework file.
"""

from __future__ import annotations

import tomllib
from datetime import date
from typing import Any

from ppf_app.domain.framework import Framework
from ppf_app.domain.plan import Objective, PersonInfo, PlanDocument, build_plan

SMALL_TOML = """
format = 1

[framework]
id = "small"
version = "1"
title = "Small Framework"

[[scale]]
value = 1
label = "Starting"
[[scale]]
value = 2
label = "Developing"
[[scale]]
value = 3
label = "Established"
[[scale]]
value = 4
label = "Leading"

[[training_areas]]
id = "leadership"
title = "Leadership and accountability"
activities = ["Leadership course", "Shadow a director"]
[[training_areas]]
id = "people"
title = "People and line management"
activities = ["Line management workshop"]
[[training_areas]]
id = "planning"
title = "Operational and business planning"

[[groups]]
id = "clinician"
title = "Clinician"
default_target = 3
targets = { "care" = 4, "c-own" = 2 }
[[groups]]
id = "manager"
title = "Manager"
default_target = 3

[[values]]
id = "care"
title = "Patients' care and safety first"
[[values.behaviours]]
id = "c-listen"
text = "Listens to patients and carers"
training_areas = ["people"]
[[values.behaviours]]
id = "c-safe"
text = "Raises safety concerns promptly"
training_areas = ["leadership", "people"]

[[values]]
id = "own"
title = "Responsibility for own work"
[[values.behaviours]]
id = "c-own"
text = "Owns decisions and their consequences"
training_areas = ["leadership"]
[[values.behaviours]]
id = "c-plan"
text = "Plans the service's work ahead"
training_areas = ["planning"]
"""


def small_framework() -> Framework:
    return Framework.model_validate(tomllib.loads(SMALL_TOML))


def framework_from_parts(
    *,
    scale: int = 4,
    values: list[list[list[str]]],
    areas: list[str],
    groups: list[dict[str, Any]] | None = None,
    value_titles: list[str] | None = None,
    behaviour_text: str = "Behaviour {v}.{b}",
) -> Framework:
    """A framework whose value ``v`` has behaviours ``b`` addressing the named areas.

    ``values[v][b]`` lists the training-area ids behaviour ``v.b`` addresses.
    """
    data: dict[str, Any] = {
        "format": 1,
        "framework": {"id": "built", "version": "1", "title": "Built in code"},
        "scale": [{"value": i, "label": f"Level {i}"} for i in range(1, scale + 1)],
        "training_areas": [{"id": a, "title": f"Area {a}"} for a in areas],
        "groups": groups or [],
        "values": [
            {
                "id": f"v{v}",
                "title": value_titles[v] if value_titles else f"Value {v}",
                "behaviours": [
                    {
                        "id": f"v{v}-b{b}",
                        "text": behaviour_text.format(v=v, b=b),
                        "training_areas": list(area_ids),
                    }
                    for b, area_ids in enumerate(behaviours)
                ],
            }
            for v, behaviours in enumerate(values)
        ],
    }
    return Framework.model_validate(data)


def sample_plan(
    framework: Framework | None = None,
    *,
    name: str = "Rhiannon Ŵyn Llŷr",
    ratings: dict[str, int | None] | None = None,
    evidence: dict[str, str] | None = None,
    objectives: tuple[Objective, ...] = (),
    review_date: date | None = date(2027, 5, 1),
) -> PlanDocument:
    framework = framework or small_framework()
    if ratings is None:
        ratings = {"c-listen": 2, "c-safe": 4, "c-own": 1, "c-plan": 3}
    return build_plan(
        framework,
        PersonInfo(
            name=name,
            group_id="clinician",
            job_title="Consultant physician",
            organisation="Betsi Cadwaladr University Health Board",
        ),
        ratings,
        evidence or {},
        assessment_date=date(2026, 11, 2),
        objectives=objectives,
        review_date=review_date,
    )
