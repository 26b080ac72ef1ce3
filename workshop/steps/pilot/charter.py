"""Where the pilot meets the charter: applying a lesson's change to the draft, stamping the
applied changes with the version that publishes them (DOMAIN.md 5.3 CharterChange), and the
charter's pilot annex (DOMAIN.md 4.11 A2)."""

from django.db import transaction
from django.utils import timezone

from workshop.steps.base import StaleRecord
from workshop.steps.pilot.models import (
    SECTION_CHOICES,
    CharterChange,
    Hypothesis,
    Lesson,
    Pilot,
    PilotDecision,
    PilotRisk,
)
from workshop.text import LONG_MAX, SHORT_MAX

# Sections with a narrative field on the charter: an applied change is appended to it, so the next
# version's diff shows it in that section. Other sections (roles, value, decisions …) live in
# records the team edits in step 3; the compare view lists the applied changes for them.
NARRATIVE = {
    "purpose": ("objectives", LONG_MAX),
    "scope": ("scope_in", LONG_MAX),
    "ip_data": ("data_sharing", LONG_MAX),
    "admission": ("admission_process", SHORT_MAX),
    "exit": ("exit_obligations", LONG_MAX),
}


def apply_change(change: CharterChange, by) -> bool:
    """Marks the change applied to the live draft; returns True when the text went into the draft.

    Idempotent: applying twice changes nothing. Appending retries on a concurrent charter edit
    (adding a paragraph does not depend on the text it follows).
    """
    from workshop.steps.governance.publishing import charter_for

    if change.applied_at is not None:
        return False
    appended = False
    with transaction.atomic():
        target = NARRATIVE.get(change.section)
        if target:
            field, limit = target
            charter = charter_for(change.team)
            for _attempt in range(3):
                current = getattr(charter, field) or ""
                text = f"{current}\n\n{change.description}" if current else change.description
                if len(text) > limit:
                    break
                setattr(charter, field, text)
                try:
                    charter.save_if_current(charter.version, [field], by=by)
                except StaleRecord as stale:
                    charter = stale.current
                    continue
                appended = True
                break
        CharterChange.objects.filter(pk=change.pk, applied_at__isnull=True).update(
            applied_at=timezone.now(), updated_by=by
        )
    change.refresh_from_db()
    return appended


def stamp_applied_changes(sender, instance, created, **kwargs):
    """On publishing: every applied, unpublished change of the team gets this version."""
    if not created:
        return
    CharterChange.objects.filter(
        team_id=instance.charter.team_id,
        applied_at__isnull=False,
        applied_in_version__isnull=True,
    ).update(applied_in_version=instance)


def charter_annex(team) -> list[dict] | None:
    """The charter's "Pilot plan and learning" annex: every pilot as plain rows, or None.

    Derived values (timebox, each card's result, the tally) come from rules.py through
    TeamPilots; labels are resolved here so the charter template only prints. A fixed number of
    queries, however many pilots, cards or lessons.
    """
    from workshop.steps.pilot import rules
    from workshop.steps.pilot.completion import TeamPilots
    from workshop.steps.pilot.templatetags.pilot import comparator_text, result_label

    pilots = TeamPilots.load(team).pilots
    if not pilots:
        return None
    risks = {}
    for risk in PilotRisk.objects.filter(team=team).select_related("owner__actor"):
        risks.setdefault(risk.pilot_id, []).append(risk)
    statuses = dict(Pilot.Status.choices)
    categories = dict(Hypothesis.Category.choices)
    risk_categories = dict(PilotRisk.Category.choices)
    kinds = dict(Lesson.Kind.choices)
    sections = dict(SECTION_CHOICES)
    decisions = dict(PilotDecision.Decision.choices)
    annex = []
    for pilot in pilots:
        decision = pilot.decision_record
        annex.append(
            {
                "title": pilot.title,
                "iteration": pilot.iteration,
                "status_label": str(statuses.get(pilot.status, pilot.status)),
                "objective": pilot.objective,
                "scope": pilot.scope,
                "start_date": pilot.start_date,
                "end_date": pilot.end_date,
                "timebox": pilot.timebox,
                "party_names": [party.actor.name for party in pilot.parties.all()],
                "budget_cash": pilot.budget_cash,
                "version_tested": pilot.data.charter_version,
                "cards": [
                    {
                        "title": card.title,
                        "belief": card.belief,
                        "category_label": str(categories.get(card.category, "")),
                        "metric": card.metric,
                        "right_if": comparator_text(card),
                        "result_value": card.result_value,
                        "result": card.result,
                        "result_label": str(result_label(card.result)),
                        "result_note": card.result_note,
                    }
                    for card in pilot.cards
                ],
                "tally": [
                    (code, str(result_label(code)), pilot.tally.get(code, 0))
                    for code in rules.RESULTS
                ],
                "risks": [
                    {
                        "title": risk.title,
                        "category_label": str(risk_categories.get(risk.category, "")),
                        "rating": risk.rating,
                        "likelihood": risk.likelihood,
                        "impact": risk.impact,
                        "owner_name": risk.owner.actor.name if risk.owner else "",
                        "mitigation": risk.mitigation,
                    }
                    for risk in risks.get(pilot.pk, [])
                ],
                "lessons": [
                    {
                        "text": lesson.text,
                        "kind_label": str(kinds.get(lesson.kind, "")),
                        "action": lesson.action,
                        "changes": [
                            {
                                "section_label": str(sections.get(c.section, c.section)),
                                "description": c.description,
                                "version": (
                                    c.applied_in_version.number if c.applied_in_version else None
                                ),
                            }
                            for c in lesson.change_list
                        ],
                    }
                    for lesson in pilot.lesson_list
                ],
                "decision": (
                    {
                        "label": str(decisions.get(decision.decision, decision.decision)),
                        "rationale": decision.rationale,
                        "decided_on": decision.decided_on,
                    }
                    if decision
                    else None
                ),
            }
        )
    return annex
