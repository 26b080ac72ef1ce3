"""Step 3 "complete when" checks and warnings (DOMAIN.md 4.10)."""

from django.utils.translation import gettext as _

from workshop.steps.checks import Alert, Check, StepCompletion
from workshop.steps.derived import name_key
from workshop.steps.governance.rules import (
    FULLY,
    NOT_RELEVANT,
    CharterRecords,
    allocation_errors,
    contribution_summary,
    dependency_alerts,
    ladder_errors,
    missing_decision_scopes,
    raci_errors,
    review_date_warning,
    risk_warning,
    section_states,
    unrepresented_selections,
)
from workshop.steps.warnings import duties_without_seat


def step_completion(records: CharterRecords, party_pks=None) -> StepCompletion:
    """``party_pks`` (party ref → pk, for the live draft) lets a party's warning link to its row."""
    c = records.charter
    core = records.core_parties
    states = section_states(records)
    justified = {
        status.section
        for status in records.section_statuses
        if status.state == NOT_RELEVANT and status.justification.strip()
    }
    checks = (
        Check(
            "core_parties",
            _("At least 2 core parties, each with a representative."),
            len(core) >= 2 and all(p.representative_name.strip() for p in core),
        ),
        Check(
            "sections",
            _("Every charter section is fully in place, or not relevant with a justification."),
            all(
                state == FULLY or (state == NOT_RELEVANT and key in justified)
                for key, state in states.items()
            ),
        ),
        Check(
            "decision_rules",
            _("Decision rules for strategy or work plan, admission, amendment and exit."),
            not missing_decision_scopes(records.decision_rules),
        ),
        Check(
            "raci",
            _("Roles and responsibilities (RACI) are valid."),
            bool(records.raci_activities) and not raci_errors(records),
        ),
        Check(
            "allocations",
            _("Every fixed allocation adds up to 100 %."),
            not allocation_errors(records),
        ),
        Check(
            "ladder",
            _("The conflict-resolution ladder is valid."),
            not ladder_errors(records.escalation_steps),
        ),
        Check(
            "exit_terms",
            _("Exit terms are set: notice, triggers, obligations and dissolution."),
            c.exit_notice_days is not None
            and bool(c.exit_triggers)
            and bool(c.exit_obligations.strip())
            and bool(c.dissolution.strip()),
        ),
        Check("published", _("A version of the charter is published."), bool(records.versions)),
    )
    return StepCompletion(checks, with_party_rows(charter_warnings(records), party_pks or {}))


def charter_warnings(records: CharterRecords) -> tuple[Alert, ...]:
    """Non-blocking: review date, missing liabilities, dependency, selected but not a party."""
    alerts = [
        alert
        for alert in (
            review_date_warning(records.charter.effective_date, records.charter.review_date),
            risk_warning(records.risks),
        )
        if alert is not None
    ]
    alerts += dependency_alerts(contribution_summary(records), records.dependency_threshold_pct)
    alerts += duties_without_seat(records)
    missing = unrepresented_selections(records)
    if missing:
        alerts.append(
            Alert(
                "selected_not_party",
                _("Selected partners that are not parties to the charter: %(count)s.")
                % {"count": len(missing)},
                tuple(sorted(missing, key=name_key)),
            )
        )
    return tuple(alerts)


def with_party_rows(alerts, party_pks: dict[str, int]) -> tuple[Alert, ...]:
    """Each alert about a party gets ``charter_party:<pk>`` in front of its refs, for the link to
    the party's row; snapshot refs stay last, which the export names the record by."""
    dressed = []
    for alert in alerts:
        rows = tuple(f"charter_party:{party_pks[ref]}" for ref in alert.refs if ref in party_pks)
        dressed.append(Alert(alert.key, alert.message, rows + alert.refs) if rows else alert)
    return tuple(dressed)
