"""Millrace Park B1's charter entered through the step-3 forms, as a team would (scenario_data.py).

Step 1 and 2 rows (actors, purpose, selected candidates) are created directly: they are the other
steps' records, not what these tests are about.
"""

from django.urls import reverse

from tests.steps import scenario_data as s
from workshop.steps.governance.models import (
    Charter,
    CharterParty,
    GoverningBody,
    ValueStream,
)

PARTY_ACTORS = (s.CITY, s.FOUNDATION, s.DISTRICT, s.TRANSIT, s.HARTWELL, s.EASTBANK, s.COUNTY)


def url(workshop, team, name, *args, position=3):
    return reverse(f"steps:governance:{name}", args=[workshop.pk, team.pk, position, *args])


def open_step3(workshop):
    step = workshop.steps.get(position=3)
    step.state = "open"
    step.save(update_fields=["state"])
    return step


def make_step1_rows(team):
    from workshop.steps.mapping.models import Actor, SharedPurpose

    actors = {}
    for data in s.B1_ACTORS:
        if data.name not in (*PARTY_ACTORS, s.BANK, s.TENANTS):
            continue
        actors[data.name] = Actor.objects.create(
            team=team,
            name=data.name,
            actor_type=data.actor_type,
            sector=data.sector or "other",
            agency=data.agency,
            influence=data.influence,
            interest=data.interest,
            is_convenor=data.name == s.FOUNDATION,
        )
    SharedPurpose.objects.create(team=team, statement=s.B1_PURPOSE_STATEMENT)
    from workshop.facilitation.models import StepProgress

    StepProgress.objects.update_or_create(
        team=team,
        step=team.workshop.steps.get(position=1),
        defaults={"status": StepProgress.Status.SUBMITTED},
    )
    return actors


def post(client, address, data, expect=302):
    response = client.post(address, data)
    assert response.status_code == expect, (address, response.status_code, _errors(response))
    return response


def _errors(response):
    import re

    return re.findall(
        r"(?:invalid-feedback[^>]*>|alert-danger[^>]*>)([^<]+)<", response.content.decode()
    )


def enter_b1_charter(client, workshop, team, actors):
    """Every B1 step-3 record through its form; returns the charter."""
    c = s.B1_CHARTER
    fields = {
        "cover": {
            "title": c.title,
            "agreement_type": c.agreement_type,
            "effective_date": "2026-04-01",
            "term_end_date": "2046-03-31",
            "pro_rata_basis": "pledged",
        },
        "purpose": {"vision": c.vision, "objectives": c.objectives},
        "principles": {
            "principles": ["transparency", "equity", "openness", "accountability"],
            "custom_principles": "Free and open to all",
        },
        "scope": {"scope_in": c.scope_in, "scope_out": c.scope_out},
        "governance": {"governance_model": c.governance_model},
        "ip_data": {
            "ip_background": c.ip_background,
            "ip_results": c.ip_results,
            "data_sharing": c.data_sharing,
            "branding_communications": c.branding_communications,
        },
        "monitoring": {"review_date": "2028-03-31", "review_cadence_months": 24},
        "admission": {"admission_process": c.admission_process},
        "exit": {
            "exit_notice_days": 180,
            "exit_triggers": list(c.exit_triggers),
            "exit_obligations": c.exit_obligations,
            "dissolution": c.dissolution,
        },
    }
    for section, data in fields.items():
        charter = Charter.objects.filter(team=team).first()
        version = charter.version if charter else 1
        post(client, url(workshop, team, "fields", section), {**data, "version": version})
    charter = Charter.objects.get(team=team)

    for party in s.B1_PARTIES:
        post(
            client,
            url(workshop, team, "new", "parties"),
            {
                "actor": actors[party.name].pk,
                "membership": party.membership,
                "representative_name": party.representative_name,
                "representative_role": party.representative_role,
                "has_authority_to_sign": "true" if party.has_authority_to_sign else "false",
                "partner_objectives": party.partner_objectives,
                "what_they_gain": party.what_they_gain,
                "order": party.order,
            },
        )
    party_pk = {
        s.party_ref(p.actor.name): p.pk for p in CharterParty.objects.select_related("actor")
    }

    for body in s.B1_BODIES:
        post(
            client,
            url(workshop, team, "new", "bodies"),
            {
                "name": body.name,
                "body_type": body.body_type,
                "chair_arrangement": body.chair_arrangement,
                "chair_party": party_pk[body.chair_party] if body.chair_party else "",
                "meeting_frequency": body.meeting_frequency,
                # Quorum once the seats exist (it may not exceed the voting seats).
                "purpose": body.purpose,
            },
        )
    body_pk = {s.ref("body", b.name): b.pk for b in GoverningBody.objects.all()}
    for seat in s.B1_SEATS:
        post(
            client,
            url(workshop, team, "new", "seats"),
            {
                "body": body_pk[seat.body],
                "party": party_pk[seat.party] if seat.party else "",
                "seat_label": seat.seat_label,
                "votes": seat.votes,
            },
        )
    for body in s.B1_BODIES:
        record = GoverningBody.objects.get(pk=body_pk[body.ref])
        post(
            client,
            url(workshop, team, "edit", "bodies", record.pk),
            {
                "name": body.name,
                "body_type": body.body_type,
                "chair_arrangement": body.chair_arrangement,
                "chair_party": party_pk[body.chair_party] if body.chair_party else "",
                "meeting_frequency": body.meeting_frequency,
                "quorum_count": body.quorum_count,
                "quorum_condition": "incl. ≥ 1 community seat" if body.ref == s.BOARD else "",
                "meetings_public": "on" if body.ref == s.BOARD else "",
                "purpose": body.purpose,
                "version": record.version,
            },
        )

    for rule in s.B1_DECISION_RULES:
        post(
            client,
            url(workshop, team, "new", "rules"),
            {
                "scope": rule.scope,
                "scope_detail": rule.scope_detail,
                "body": body_pk[rule.body] if rule.body else "",
                "decider": party_pk[rule.decider] if rule.decider else "",
                "method": rule.method,
                "threshold_pct": rule.threshold_pct or "",
                "deadlock_fallback": rule.deadlock_fallback,
                "veto_parties": [party_pk[p] for p in rule.veto_parties],
            },
        )

    for activity, codes in zip(s.B1_RACI_ACTIVITIES, s.RACI_CODES_BY_ROW, strict=True):
        data = {"name": activity.name, "order": activity.order}
        for party, code in zip((s.P1, s.P2, s.P3, s.P4, s.P5, s.P6), codes, strict=True):
            data[f"party_{party_pk[party]}"] = code
        post(client, url(workshop, team, "new", "raci"), data)

    for item in s.B1_CONTRIBUTIONS:
        post(
            client,
            url(workshop, team, "new", "contributions"),
            {
                "party": party_pk[item.party],
                "contribution_type": item.contribution_type,
                "description": item.description,
                "valuation_method": item.valuation_method,
                "value": "" if item.value is None or item.unit_rate else item.value,
                "quantity": item.quantity or "",
                "unit": "hours" if item.quantity else "",
                "unit_rate": item.unit_rate or "",
                "status": item.status,
                "channelled_via": party_pk[item.channelled_via] if item.channelled_via else "",
                "period_start": "2026-04-01",
                "period_end": "2031-03-31",
            },
        )

    for stream in s.B1_VALUE_STREAMS:
        post(
            client,
            url(workshop, team, "new", "streams"),
            {
                "name": stream.name,
                "kind": stream.kind,
                "mechanism": stream.mechanism,
                "expected_amount": stream.expected_amount or "",
                "amount_period": stream.amount_period,
                "eligible_parties": [party_pk[p] for p in stream.eligible_parties],
                "source_description": stream.source_description,
                "beneficiaries_text": stream.beneficiaries_text,
            },
        )
    for stream_ref in (s.V1, s.V2):
        stream = next(
            v for v in ValueStream.objects.all() if s.ref("value_stream", v.name) == stream_ref
        )
        rows = [a for a in s.B1_ALLOCATIONS if a.stream == stream_ref]
        post(
            client, allocations_url(workshop, team, stream), allocation_data(stream, rows, party_pk)
        )

    for step in s.B1_ESCALATION:
        post(
            client,
            url(workshop, team, "new", "ladder"),
            {
                "order": step.order,
                "level": step.level,
                "method": step.method,
                "max_days": step.max_days or "",
            },
        )
    for risk in s.B1_RISKS:
        post(
            client,
            url(workshop, team, "new", "risks"),
            {
                "title": risk.title,
                "category": risk.category,
                "likelihood": risk.likelihood,
                "impact": risk.impact,
                "owner": party_pk[risk.owner],
                "mitigation": risk.mitigation,
            },
        )
    charter.refresh_from_db()
    return charter


def allocations_url(workshop, team, stream):
    return url(workshop, team, "allocations", stream.pk)


def allocation_data(stream, rows, party_pk, percentages=None):
    data = {
        "allocations-TOTAL_FORMS": len(rows),
        "allocations-INITIAL_FORMS": 0,
        "allocations-MIN_NUM_FORMS": 0,
        "allocations-MAX_NUM_FORMS": 1000,
        "version": stream.version,
    }
    for index, row in enumerate(rows):
        data[f"allocations-{index}-party"] = party_pk[row.party] if row.party else ""
        data[f"allocations-{index}-recipient_label"] = row.recipient_label
        data[f"allocations-{index}-percentage"] = (
            percentages[index] if percentages else str(row.percentage)
        )
    return data
