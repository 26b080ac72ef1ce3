"""A charter snapshot made ready to read: labels for codes, names for refs, every derived value.

The `_section_<key>.html` templates render only what `present()` returns, so the on-screen preview,
the version diff and the PDF show the same thing for the same snapshot.
"""

from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from workshop.steps.derived import pct_str, round_half_up
from workshop.steps.governance import checks, rules
from workshop.steps.governance.models import (
    AgreementType,
    CharterParty,
    Contribution,
    DecisionRule,
    EscalationStep,
    ExitTrigger,
    GovernanceModel,
    GoverningBody,
    IpBackground,
    IpResults,
    Principle,
    ProRataBasis,
    RiskItem,
    ValueStream,
)
from workshop.steps.governance.snapshot import records_from_snapshot

# 4.11: sections 0-18 in charter order (the annexes are optional and not yet drawn).
SECTION_TITLES = {
    "cover": _lazy("Cover"),
    "parties": _lazy("Parties and representatives"),
    "context": _lazy("Context and ecosystem"),
    "purpose": _lazy("Shared purpose, vision and objectives"),
    "principles": _lazy("Partnering principles"),
    "scope": _lazy("Scope and boundaries"),
    "roles": _lazy("Roles and responsibilities"),
    "governance": _lazy("Governance structure"),
    "decisions": _lazy("Decision-making"),
    "contributions": _lazy("Contributions and resource commitments"),
    "value": _lazy("Value logic and distribution"),
    "ip_data": _lazy("IP, data, confidentiality and branding"),
    "risks": _lazy("Risks and safeguards"),
    "conflict": _lazy("Conflict resolution"),
    "monitoring": _lazy("Monitoring, review and learning"),
    "admission": _lazy("New partners and evolution"),
    "exit": _lazy("Withdrawal, exit and dissolution"),
    "amendment": _lazy("Amendment and version history"),
    "signatures": _lazy("Sign-off"),
}
SECTIONS = tuple(SECTION_TITLES)


def section_title(key):
    return str(SECTION_TITLES[key])


def money(value) -> str:
    if value is None or value == "":
        return ""
    # In the reader's language: 12,345.50 in English, 12.345,50 in German.
    return formats.number_format(round_half_up(Decimal(value)), 2, force_grouping=True)


def _label(choices, code):
    return str(dict(choices).get(code, code or ""))


def present(snapshot: dict, versions=(), sign_offs=()) -> dict:
    records = records_from_snapshot(snapshot, versions, sign_offs)
    names = {p["ref"]: p["name"] for p in snapshot["parties"]}
    body_names = {b["ref"]: b["name"] for b in snapshot["bodies"]}

    def name(ref):
        return names.get(ref, "") if ref else ""

    parties = [
        {
            **p,
            "membership_label": _label(CharterParty.Membership.choices, p["membership"]),
            "can_sign": p["membership"] in ("core", "associate"),
        }
        for p in snapshot["parties"]
    ]
    votes = rules.rule_votes_needed(records)
    bodies = []
    for body, data in zip(snapshot["bodies"], records.bodies, strict=True):
        seats = records.seats_of(body["ref"])
        bodies.append(
            {
                **body,
                "type_label": _label(GoverningBody.BodyType.choices, body["body_type"]),
                "chair_label": _label(GoverningBody.Chair.choices, body["chair_arrangement"]),
                "chair_party_name": name(body["chair_party"]),
                "rotation_names": [name(r) for r in body["rotation_order"]],
                "frequency_label": _label(
                    GoverningBody.Frequency.choices, body["meeting_frequency"]
                ),
                "voting_seats": rules.voting_seat_count(seats),
                "seats": [{**s, "party_name": name(s["party"])} for s in body["seats"]],
                "errors": rules.body_errors(data, seats),
            }
        )
    decision_rules = []
    for rule, data in zip(snapshot["decision_rules"], records.decision_rules, strict=True):
        needed = votes.get(rule["ref"])
        decision_rules.append(
            {
                **rule,
                "scope_label": _label(DecisionRule.Scope.choices, rule["scope"]),
                "method_label": _label(DecisionRule.Method.choices, rule["method"]),
                "fallback_label": _label(DecisionRule.Fallback.choices, rule["deadlock_fallback"]),
                "who": body_names.get(rule["body"]) or name(rule["decider"]),
                "veto_names": [name(r) for r in rule["veto_parties"]],
                "needs": (
                    _("needs %(n)s of %(m)s votes") % {"n": needed[0], "m": needed[1]}
                    if needed
                    else ""
                ),
                "errors": rules.decision_rule_errors(data),
            }
        )
    raci_errors = rules.raci_errors(records)
    rows = rules.raci_rows(records)
    raci = [
        {
            **activity,
            "cells": [rows.get(activity["ref"], {}).get(p["ref"], "") for p in parties],
            "errors": raci_errors.get(activity["ref"], []),
        }
        for activity in snapshot["raci"]
    ]
    summary = rules.contribution_summary(records)
    contributions = [
        {
            **c,
            "party_name": name(c["party"]),
            "via_name": name(c["channelled_via"]),
            "type_label": _label(Contribution.Type.choices, c["contribution_type"]),
            "method_label": _label(Contribution.Valuation.choices, c["valuation_method"]),
            "status_label": _label(Contribution.Status.choices, c["status"]),
            "value_display": money(c["value"]),
            "rate_display": money(c["unit_rate"]),
        }
        for c in snapshot["contributions"]
    ]
    totals = [
        {
            "name": name(row.party),
            "monetised": money(row.monetised_total),
            "share": pct_str(row.share) if row.share is not None else "",
            "cash": money(row.cash_total),
            "cash_share": pct_str(row.cash_share) if row.cash_share is not None else "",
        }
        for row in summary.parties.values()
    ]
    allocation_errors = rules.allocation_errors(records)
    streams = []
    for stream, data in zip(snapshot["value_streams"], records.value_streams, strict=True):
        split = rules.stream_allocations(data, records.parties, summary) or {}
        fixed = rules.fixed_allocation_amounts(data, records.allocations)
        streams.append(
            {
                **stream,
                "kind_label": _label(ValueStream.Kind.choices, stream["kind"]),
                "mechanism_label": _label(ValueStream.Mechanism.choices, stream["mechanism"]),
                "period_label": _label(ValueStream.Period.choices, stream["amount_period"]),
                "amount_display": money(stream["expected_amount"]),
                "eligible_names": [name(r) for r in stream["eligible_parties"]],
                "split": [{"name": name(ref), "amount": money(v)} for ref, v in split.items()],
                "allocation_rows": [
                    {
                        "recipient": name(a.party) or a.recipient_label,
                        "percentage": f"{a.percentage:.2f}",
                        "amount": money(amount),
                    }
                    for a, amount in fixed
                ]
                or [
                    {
                        "recipient": name(a["party"]) or a["recipient_label"],
                        "percentage": a["percentage"],
                        "amount": "",
                    }
                    for a in stream["allocations"]
                ],
                "error": allocation_errors.get(stream["ref"], ""),
            }
        )
    ladder = [
        {**e, "method_label": _label(EscalationStep.Method.choices, e["method"])}
        for e in sorted(snapshot["escalation"], key=lambda e: e["order"])
    ]
    risks = [
        {
            **r,
            "category_label": _label(RiskItem.Category.choices, r["category"]),
            "rating": r["likelihood"] * r["impact"],
            "owner_name": name(r["owner"]),
            "liability": r["category"] in rules.LIABILITY_CATEGORIES,
        }
        for r in snapshot["risks"]
    ]
    states = rules.section_states(records)
    section_checks = rules.section_checks(records)
    completion = checks.step_completion(records)
    context = snapshot.get("context", {})
    return {
        "charter": snapshot,
        "records": records,
        "agreement_label": _label(AgreementType.choices, snapshot["agreement_type"]),
        "non_binding": snapshot["agreement_type"] == "partnering_agreement",
        "governance_model_label": _label(GovernanceModel.choices, snapshot["governance_model"]),
        "ip_background_label": _label(IpBackground.choices, snapshot["ip_background"]),
        "ip_results_label": _label(IpResults.choices, snapshot["ip_results"]),
        "pro_rata_label": _label(ProRataBasis.choices, snapshot["pro_rata_basis"]),
        "principle_labels": [_label(Principle.choices, p) for p in snapshot["principles"]],
        "exit_trigger_labels": [_label(ExitTrigger.choices, t) for t in snapshot["exit_triggers"]],
        "objective_lines": [line for line in snapshot["objectives"].splitlines() if line.strip()],
        "parties": parties,
        "signing_parties": [p for p in parties if p["can_sign"]],
        "bodies": bodies,
        "decision_rules": decision_rules,
        "raci": raci,
        "contributions": contributions,
        "contribution_totals": totals,
        "contribution_total": money(summary.total),
        "contribution_cash_total": money(summary.cash_total),
        "largest_share": pct_str(summary.largest_share) if summary.largest_share else "",
        "largest_cash_share": (
            pct_str(summary.largest_cash_share) if summary.largest_cash_share else ""
        ),
        "largest_non_convenor": name(summary.largest_non_convenor_party),
        "largest_non_convenor_share": (
            pct_str(summary.largest_non_convenor_share)
            if summary.largest_non_convenor_share is not None
            else ""
        ),
        "dependency_alerts": rules.dependency_alerts(summary, records.dependency_threshold_pct),
        "streams": streams,
        "ladder": ladder,
        "ladder_errors": rules.ladder_errors(records.escalation_steps) if ladder else [],
        "risks": risks,
        "risk_warning": rules.risk_warning(records.risks),
        "review_warning": rules.review_date_warning(
            records.charter.effective_date, records.charter.review_date
        ),
        "states": states,
        "section_checks": section_checks,
        "completeness_pct": rules.completeness_pct(states),
        "completion": completion,
        "warnings": completion.warnings,
        "context": context,
        "currency": context.get("currency", ""),
        "not_relevant": {s["section"]: s["justification"] for s in snapshot["section_statuses"]},
    }
