"""Step 5's records as rules.py's plain data, and the team's "complete when" (DOMAIN.md 6.6).

`TeamScale.load` reads everything the tool shows in a fixed number of queries, however many
indicators, readings or checks a team has.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from workshop.steps.checks import StepCompletion
from workshop.steps.scale import checks, rules
from workshop.steps.scale.models import (
    HealthCheck,
    HealthCheckInvite,
    HealthRating,
    HealthResponse,
    Indicator,
    IndicatorReading,
    ScalingAction,
    ScalingPlan,
    VitalitySignal,
)


def _party_ref(pk):
    return f"party:{pk}" if pk else None


def response_data(response) -> rules.HealthResponseData:
    return rules.HealthResponseData(
        check=f"health_check:{response.health_check_id}",
        respondent_party=_party_ref(response.respondent_party_id),
        respondent_name=response.respondent_name,
        ratings=tuple(
            rules.HealthRatingData(r.dimension, r.rating, r.comment) for r in response.rating_list
        ),
    )


@dataclass
class TeamScale:
    plan: object = None
    actions: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    checks: list = field(default_factory=list)
    signals: list = field(default_factory=list)
    forces: list = field(default_factory=list)
    review_cadence_months: int | None = None

    @classmethod
    def load(cls, team):
        from workshop.steps.governance.models import Charter
        from workshop.steps.mapping.models import ForceAssessment

        plan = ScalingPlan.objects.filter(team=team).first()
        actions = list(
            ScalingAction.objects.filter(team=team)
            .select_related("owner__actor")
            .prefetch_related("new_actors")
        )
        indicators = list(Indicator.objects.filter(team=team).select_related("owner__actor"))
        by_pk = {i.pk: i for i in indicators}
        for indicator in indicators:
            indicator.reading_list = []
        for reading in IndicatorReading.objects.filter(team=team):
            by_pk[reading.indicator_id].reading_list.append(reading)
        health_checks = list(HealthCheck.objects.filter(team=team))
        checks_by_pk = {c.pk: c for c in health_checks}
        for check in health_checks:
            check.response_list, check.invite_list = [], []
        responses = {}
        for response in HealthResponse.objects.filter(team=team).select_related(
            "respondent_party__actor"
        ):
            response.rating_list = []
            responses[response.pk] = response
            checks_by_pk[response.health_check_id].response_list.append(response)
        for rating in HealthRating.objects.filter(response__team=team):
            responses[rating.response_id].rating_list.append(rating)
        for invite in HealthCheckInvite.objects.filter(health_check__team=team).select_related(
            "party__actor"
        ):
            checks_by_pk[invite.health_check_id].invite_list.append(invite)
        signals = list(VitalitySignal.objects.filter(team=team).prefetch_related("parties__actor"))
        forces = list(ForceAssessment.objects.filter(team=team))
        charter = Charter.objects.filter(team=team).only("review_cadence_months").first()
        loaded = cls(
            plan=plan,
            actions=actions,
            indicators=indicators,
            checks=health_checks,
            signals=signals,
            forces=forces,
            review_cadence_months=charter.review_cadence_months if charter else None,
        )
        loaded.derive()
        return loaded

    def derive(self):
        for indicator in self.indicators:
            indicator.data = self.indicator_data(indicator)
            readings = self.reading_data(indicator)
            indicator.latest = indicator.reading_list[-1] if indicator.reading_list else None
            indicator.rag = rules.indicator_rag(indicator.data, readings)
            for reading in indicator.reading_list:
                reading.rag = rules.rag(indicator.data, reading.value)
        for check in self.checks:
            check.scores = rules.health_scores([response_data(r) for r in check.response_list])
            answered = {r.respondent_party_id for r in check.response_list}
            check.pending_invites = [
                i for i in check.invite_list if i.party_id not in answered and i.used_at is None
            ]

    @staticmethod
    def indicator_data(indicator) -> rules.IndicatorData:
        return indicator.as_data(f"indicator:{indicator.pk}", _party_ref(indicator.owner_id))

    @staticmethod
    def reading_data(indicator) -> list[rules.IndicatorReadingData]:
        ref = f"indicator:{indicator.pk}"
        return [
            rules.IndicatorReadingData(ref, r.observed_on, r.value, r.note)
            for r in indicator.reading_list
        ]

    def signal_data(self) -> list[rules.VitalitySignalData]:
        return [
            rules.VitalitySignalData(
                ref=f"signal:{s.pk}",
                observed_on=s.observed_on,
                signal=s.signal,
                description=s.description,
                severity=s.severity,
                parties=tuple(_party_ref(p.pk) for p in s.parties.all()),
            )
            for s in self.signals
        ]

    def alerts(self, today=None):
        return rules.vitality_alerts(self.signal_data(), today or timezone.localdate())

    def completion(self, today=None) -> StepCompletion:
        today = today or timezone.localdate()
        actions = [
            rules.ScalingActionData(
                ref=f"scaling_action:{a.pk}",
                pathway=a.pathway,
                description=a.description,
                owner=_party_ref(a.owner_id),
                due_date=a.due_date,
                status=a.status,
                new_actors=tuple(f"actor:{actor.pk}" for actor in a.new_actors.all()),
                target_context=a.target_context,
            )
            for a in self.actions
        ]
        return checks.step_completion(
            self.plan.as_data() if self.plan else None,
            actions,
            [i.data for i in self.indicators],
            [rules.HealthCheckData(f"health_check:{c.pk}", c.held_on) for c in self.checks],
            self.review_cadence_months,
            [f.as_data() for f in self.forces],
            self.signal_data(),
            today,
            readings=[r for i in self.indicators for r in self.reading_data(i)],
            health_scores=[
                (
                    f"health_check:{c.pk}",
                    c.held_on,
                    {code: d.score_pct for code, d in c.scores.dimensions.items()},
                )
                for c in self.checks
            ],
        )


def for_team(team, step) -> StepCompletion:
    # On the step page the tool loaded the same records a moment before (views.tool_context).
    loaded = getattr(team, "_scale", None)
    return (loaded or TeamScale.load(team)).completion()
