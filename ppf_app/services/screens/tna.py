"""The training-needs screen: the frameworks that can be analysed and one analysis."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ppf_app.domain.disclosure import DEFAULT_MIN_GROUP
from ppf_app.services import tna
from ppf_app.services.tna import TnaFramework, TnaResult

if TYPE_CHECKING:
    from ppf_app.services.library import Library


@dataclass(frozen=True)
class TnaScreen:
    """What the training-needs page shows.

    Attributes:
        frameworks: the framework versions that can be analysed.
        result: the analysis asked for; ``None`` when there is no framework to analyse.
        lead: the library is a server open as a lead: the figures were computed by the
            server, which gives this login nothing else.
    """

    frameworks: tuple[TnaFramework, ...]
    result: TnaResult | None
    lead: bool


def tna_screen(
    lib: Library,
    framework: tuple[str, str] | None = None,
    breakdown: str = "department",
    min_group: int = DEFAULT_MIN_GROUP,
) -> TnaScreen:
    """The frameworks and the analysis of ``framework`` (``(id, version)``; default: the
    bundled framework where it can be analysed, else the first)."""
    choices = tuple(tna.tna_frameworks(lib))
    lead = lib.lead_only
    if not choices:
        return TnaScreen(choices, None, lead)
    keys = [choice.key for choice in choices]
    if framework is None or framework not in keys:
        default = lib.frameworks.default().key
        framework = default if default in keys else keys[0]
    result = tna.training_needs_analysis(
        lib,
        framework_id=framework[0],
        version=framework[1],
        breakdown=breakdown,
        min_group=min_group,
    )
    return TnaScreen(choices, result, lead)
