"""Step 1 "complete when" checks and warnings (DOMAIN.md 2.7)."""

from collections.abc import Sequence

from django.utils.translation import gettext as _

from workshop.steps.checks import Check, StepCompletion
from workshop.steps.mapping.rules import (
    ActorData,
    FitCheckData,
    FlowData,
    GapData,
    SharedPurposeData,
    fit_warnings,
    network_warnings,
)

MIN_ACTORS = 5
MIN_ACTOR_TYPES = 2
MIN_FLOWS = 4


def step_completion(
    fit_check: FitCheckData | None,
    actors: Sequence[ActorData],
    flows: Sequence[FlowData],
    gaps: Sequence[GapData],
    purpose: SharedPurposeData | None,
) -> StepCompletion:
    actor_types = {actor.actor_type for actor in actors}
    gap_refs = {gap.ref for gap in gaps}
    checks = (
        Check(
            "fit_check",
            _("The three fit-check questions are answered."),
            fit_check is not None and fit_check.answered,
        ),
        Check(
            "actors",
            _("At least %(count)s actors (now %(now)s).")
            % {"count": MIN_ACTORS, "now": len(actors)},
            len(actors) >= MIN_ACTORS,
        ),
        Check(
            "actor_types",
            _("Actors of at least %(count)s different types (now %(now)s).")
            % {"count": MIN_ACTOR_TYPES, "now": len(actor_types)},
            len(actor_types) >= MIN_ACTOR_TYPES,
        ),
        Check(
            "flows",
            _("At least %(count)s flows (now %(now)s).") % {"count": MIN_FLOWS, "now": len(flows)},
            len(flows) >= MIN_FLOWS,
        ),
        Check(
            "proxies",
            _("Every actor without agency has a proxy."),
            all(actor.proxy for actor in actors if actor.voiceless),
        ),
        Check("gaps", _("At least one value gap."), bool(gaps)),
        Check(
            "purpose",
            _("A shared purpose statement linked to at least one gap."),
            purpose is not None
            and bool(purpose.statement.strip())
            and any(ref in gap_refs for ref in purpose.addresses_gaps),
        ),
    )
    warnings = (fit_warnings(fit_check) if fit_check else ()) + network_warnings(actors, flows)
    return StepCompletion(checks, warnings)
