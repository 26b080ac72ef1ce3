"""Step 4's records as rules.py's plain data, and the team's "complete when" (DOMAIN.md 5.3)."""

from dataclasses import dataclass, field

from django.utils import timezone

from workshop.steps.checks import StepCompletion
from workshop.steps.pilot import checks, rules
from workshop.steps.pilot.models import CharterChange, Hypothesis, Lesson, Pilot, PilotDecision


def pilot_data(pilot, party_refs=None) -> rules.PilotData:
    parties = tuple((party_refs or {}).get(p.pk, f"party:{p.pk}") for p in pilot.parties.all())
    return rules.PilotData(
        ref=pilot.ref,
        title=pilot.title,
        iteration=pilot.iteration,
        start_date=pilot.start_date,
        end_date=pilot.end_date,
        parties=parties,
        status=pilot.status,
        objective=pilot.objective,
        scope=pilot.scope,
        budget_cash=pilot.budget_cash,
        charter_version=pilot.charter_version.number if pilot.charter_version_id else None,
    )


def hypothesis_data(card, pilot_ref) -> rules.HypothesisData:
    return rules.HypothesisData(
        ref=f"hypothesis:{card.pk}",
        pilot=pilot_ref,
        title=card.title,
        category=card.category,
        criticality=card.criticality,
        belief=card.belief,
        test_method=card.test_method,
        metric=card.metric,
        unit=card.unit,
        comparator=card.comparator,
        target_value=card.target_value,
        target_value_max=card.target_value_max,
        result_value=card.result_value,
        result_override=card.result_override,
        result_note=card.result_note,
    )


@dataclass
class TeamPilots:
    """Every pilot of a team with its cards, lessons and decision: six queries, whatever the size."""

    pilots: list = field(default_factory=list)

    @classmethod
    def load(cls, team):
        pilots = list(
            Pilot.objects.filter(team=team)
            .select_related("charter_version")
            .prefetch_related("parties__actor")
        )
        by_pk = {p.pk: p for p in pilots}
        for pilot in pilots:
            pilot.cards, pilot.lesson_list, pilot.decision_record = [], [], None
        for card in Hypothesis.objects.filter(team=team):
            by_pk[card.pilot_id].cards.append(card)
        for lesson in Lesson.objects.filter(team=team).prefetch_related("hypotheses"):
            lesson.change_list = []
            by_pk[lesson.pilot_id].lesson_list.append(lesson)
        lessons = {lesson.pk: lesson for p in pilots for lesson in p.lesson_list}
        for change in CharterChange.objects.filter(team=team).select_related("applied_in_version"):
            lessons[change.lesson_id].change_list.append(change)
        for decision in PilotDecision.objects.filter(team=team).select_related("decision_rule"):
            by_pk[decision.pilot_id].decision_record = decision
        loaded = cls(pilots)
        loaded.derive()
        return loaded

    def derive(self):
        """Each pilot's rule values, from its cards, lessons and changes already attached."""
        for pilot in self.pilots:
            pilot.data = pilot_data(pilot)
            for card in pilot.cards:
                card.data = hypothesis_data(card, pilot.ref)
                card.result = rules.hypothesis_result(card.data)
            pilot.tally = rules.hypothesis_tally(card.data for card in pilot.cards)
            pilot.timebox = rules.timebox_days(pilot.data)
            pilot.timebox_alerts = rules.timebox_warnings(pilot.data)
            pilot.changes = [c for lesson in pilot.lesson_list for c in lesson.change_list]
            pilot.changes_applied = [c for c in pilot.changes if c.applied_in_version_id]

    def completion(self, today=None) -> StepCompletion:
        today = today or timezone.localdate()
        cards, lessons, decisions = [], [], []
        for pilot in self.pilots:
            cards += [card.data for card in pilot.cards]
            lessons += [
                rules.LessonData(f"lesson:{x.pk}", pilot.ref, x.text) for x in pilot.lesson_list
            ]
            if pilot.decision_record is not None:
                decision = pilot.decision_record
                decisions.append(
                    rules.PilotDecisionData(pilot.ref, decision.decision, decision.rationale)
                )
        return checks.step_completion(
            [p.data for p in self.pilots], cards, lessons, decisions, today
        )


def for_team(team, step) -> StepCompletion:
    # On the step page the tool loaded the same records a moment before (views.tool_context).
    loaded = getattr(team, "_pilots", None)
    return (loaded or TeamPilots.load(team)).completion()
