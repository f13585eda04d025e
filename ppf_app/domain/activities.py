"""Which activities help with which behaviours: those of the training areas the
behaviours are linked to."""

from __future__ import annotations

from collections.abc import Iterable

from ppf_app.domain.framework import Framework


def activities_for_behaviours(
    framework: Framework, behaviour_ids: Iterable[str]
) -> tuple[str, ...]:
    """The activities of the training areas linked to ``behaviour_ids``, in file order,
    each once; every area's activities when no behaviour is given (or none is linked)."""
    linked = set(behaviour_ids)
    area_ids = {
        area_id
        for _, behaviour in framework.behaviours()
        if behaviour.id in linked
        for area_id in behaviour.training_areas
    }
    found: dict[str, None] = {}
    for area in framework.training_areas:
        if area.id in area_ids or not area_ids:
            found.update(dict.fromkeys(area.activities))
    return tuple(found)
