"""Step 5 across teams (DOMAIN.md 10): scaling pathways, indicators by type with their latest RAG
(8.8), the health-check heat map with discuss flags (8.10), decay and vitality signs with their
alerts, and the forces in step 1 against step 5.

Reads the workshop's step-5 tables once, whatever the number of teams, and hands each team a
`TeamScale` built from its rows, so every derived value comes from `TeamScale.derive` and rules.py as
on the team's own page.
"""

from functools import cached_property

from django.utils import timezone

from workshop.steps.governance.models import Charter
from workshop.steps.mapping.models import Force, ForceAssessment
from workshop.steps.scale import rules
from workshop.steps.scale.completion import TeamScale
from workshop.steps.scale.models import (
    HealthCheck,
    HealthRating,
    HealthResponse,
    Indicator,
    IndicatorReading,
    Pathway,
    ScalingAction,
    ScalingPlan,
    VitalitySignal,
)

SCALE_STEP = 5
FIRST_STEP = 1


def _by_team(rows):
    grouped = {}
    for row in rows:
        grouped.setdefault(row.team_id, []).append(row)
    return grouped


def load_scales(workshop, teams) -> dict[int, TeamScale]:
    """Team id → its TeamScale (derived values set), from eleven queries for the whole workshop."""
    in_workshop = {"team__workshop": workshop}
    plans = {p.team_id: p for p in ScalingPlan.objects.filter(**in_workshop)}
    actions = _by_team(ScalingAction.objects.filter(**in_workshop).prefetch_related("new_actors"))
    indicators = list(Indicator.objects.filter(**in_workshop))
    by_pk = {i.pk: i for i in indicators}
    for indicator in indicators:
        indicator.reading_list = []
    for reading in IndicatorReading.objects.filter(**in_workshop):
        by_pk[reading.indicator_id].reading_list.append(reading)
    checks = list(HealthCheck.objects.filter(**in_workshop))
    checks_by_pk = {c.pk: c for c in checks}
    for check in checks:
        # Invitations are the team's business; the facilitator's overview does not show them.
        check.response_list, check.invite_list = [], []
    responses = {}
    for response in HealthResponse.objects.filter(**in_workshop):
        response.rating_list = []
        responses[response.pk] = response
        checks_by_pk[response.health_check_id].response_list.append(response)
    for rating in HealthRating.objects.filter(response__team__workshop=workshop):
        responses[rating.response_id].rating_list.append(rating)
    signals = _by_team(VitalitySignal.objects.filter(**in_workshop).prefetch_related("parties"))
    forces = _by_team(ForceAssessment.objects.filter(**in_workshop))
    cadence = dict(
        Charter.objects.filter(**in_workshop).values_list("team_id", "review_cadence_months")
    )
    indicators_by_team, checks_by_team = _by_team(indicators), _by_team(checks)
    scales = {}
    for team in teams:
        scale = TeamScale(
            plan=plans.get(team.pk),
            actions=actions.get(team.pk, []),
            indicators=indicators_by_team.get(team.pk, []),
            checks=checks_by_team.get(team.pk, []),
            signals=signals.get(team.pk, []),
            forces=forces.get(team.pk, []),
            review_cadence_months=cadence.get(team.pk),
        )
        scale.derive()
        scales[team.pk] = scale
    return scales


class TeamScaleColumn:
    def __init__(self, team, scale: TeamScale, today):
        self.team = team
        self.scale = scale
        self.today = today

    @property
    def pathways(self) -> list[str]:
        """The pathways of the team's actions, once each, in the pattern's order."""
        chosen = {action.pathway for action in self.scale.actions}
        return [str(label) for code, label in Pathway.choices if code in chosen]

    @property
    def indicator_cells(self) -> list[list]:
        """The team's indicators grouped by type, one list per type in Indicator.Type order."""
        return [
            [i for i in self.scale.indicators if i.indicator_type == code]
            for code, _label in Indicator.Type.choices
        ]

    @property
    def rag_counts(self) -> list[tuple[str, int]]:
        rags = [indicator.rag for indicator in self.scale.indicators]
        return [(code, rags.count(code)) for code in rules.RAG_COLOURS]

    @cached_property
    def health_check(self):
        """The latest check with responses; else the latest scheduled or held one; else None."""
        answered = [c for c in self.scale.checks if c.response_list]
        if answered:
            return answered[-1]
        return self.scale.checks[-1] if self.scale.checks else None

    @property
    def heat_cells(self) -> list[tuple[str, rules.DimensionScore | None]]:
        check = self.health_check
        scores = check.scores if check is not None and check.response_list else None
        return [
            (code, scores.dimensions[code] if scores else None)
            for code in rules.HEALTH_DIMENSION_CODES
        ]

    @cached_property
    def signal_counts(self) -> tuple[int, int]:
        """(decay, vitality) signs ever logged."""
        decay = sum(1 for s in self.scale.signals if s.signal in rules.DECAY_SIGNALS)
        return decay, len(self.scale.signals) - decay

    @cached_property
    def recent_balance(self) -> tuple[int, int]:
        return rules.recent_signal_balance(self.scale.signal_data(), self.today)

    @cached_property
    def completion(self):
        return self.scale.completion(self.today)

    @property
    def alerts(self):
        return self.completion.warnings

    @property
    def forces(self) -> list[tuple[str, str, int | None, int | None]]:
        """(code, label, position in step 1, position in step 5) for each of the pattern's forces."""
        found = {(f.force, f.recorded_in_step): f.position for f in self.scale.forces}
        return [
            (code, str(label), found.get((code, FIRST_STEP)), found.get((code, SCALE_STEP)))
            for code, label in Force.choices
        ]


class Step5AcrossTeams:
    def __init__(self, workshop, teams, today=None):
        self.workshop = workshop
        self.teams = list(teams)
        self.today = today or timezone.localdate()
        scales = load_scales(workshop, self.teams)
        self.columns = [TeamScaleColumn(team, scales[team.pk], self.today) for team in self.teams]

    @property
    def indicator_types(self) -> list[tuple[str, str]]:
        return [(code, str(label)) for code, label in Indicator.Type.choices]

    @property
    def dimensions(self) -> list[tuple[str, str]]:
        return [(code, str(label)) for code, label in rules.HEALTH_DIMENSIONS]

    @property
    def forces(self) -> list[tuple[str, str]]:
        return [(code, str(label)) for code, label in Force.choices]
