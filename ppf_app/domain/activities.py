"""Which activities help with which behaviours: those of the training areas the
behaviours are linked to, as far as they are offered to the person's group."""

from __future__ import annotations

from collections.abc import Iterable

from ppf_app.domain.framework import Framework

#: ``group_id`` value meaning "whatever the group": every area and activity.
ANY_GROUP = "\0any"


def activities_for_behaviours(
    framework: Framework, behaviour_ids: Iterable[str], group_id: str | None = ANY_GROUP
) -> tuple[str, ...]:
    """The activities of the training areas linked to ``behaviour_ids``, in file order,
    each once; every area's activities when no behaviour is given (or none is linked).

    With ``group_id`` (an assessment's group; ``None`` or ``""`` for a person with no
    group) only the areas and activities offered to that group are given: format 2's
    ``for_groups`` on a training area or an activity.
    """
    linked = set(behaviour_ids)
    area_ids = {
        area_id
        for _, behaviour in framework.behaviours()
        if behaviour.id in linked
        for area_id in behaviour.training_areas
    }
    found: dict[str, None] = {}
    for area in framework.training_areas:
        if area_ids and area.id not in area_ids:
            continue
        if group_id == ANY_GROUP:
            found.update(dict.fromkeys(area.activities))
        elif area.is_for(group_id or None):
            found.update(dict.fromkeys(a.text for a in area.activities_for(group_id or None)))
    return tuple(found)
