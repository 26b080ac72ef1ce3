"""Where a warning's record is: the address of its row, for the team's own step page and the
facilitator's alerts list alike, so both link to the same place.

A warning names its records by refs (``indicator:12``, ``hypothesis:5``, ``charter_party:3``);
the first ref with a row gives the link, else the section or step page that holds the record.
"""

from django.urls import reverse

from workshop.steps.checks import RECORD_ANCHORS

# Step 3's warnings without a party row to point at: the charter section that holds the record.
CHARTER_SECTIONS = {
    "review_date": "monitoring",
    "risk_liabilities": "risks",
    "dependency_share": "contributions",
    "dependency_cash_share": "contributions",
    "selected_not_party": "parties",
    "duties_without_seat": "governance",
}


def _numbered(refs, kind):
    """The pk of the first ``kind:<pk>`` ref, or None."""
    for ref in refs:
        ref_kind, _sep, pk = ref.partition(":")
        if ref_kind == kind and pk.isdigit():
            return int(pk)
    return None


def _step_page(workshop, team, step):
    return reverse("steps:page", args=[workshop.pk, team.pk, step.position])


def _on_step_page(workshop, team, step, refs, fallback=""):
    page = _step_page(workshop, team, step)
    for ref in refs:
        kind, _sep, pk = ref.partition(":")
        if kind in RECORD_ANCHORS and pk.isdigit():
            return page + "#" + RECORD_ANCHORS[kind].format(pk)
    return page + fallback


def _charter(workshop, team, step, alert):
    """A party's row in the charter's parties section (its Edit button is there), else the
    section the warning is about."""
    party = _numbered(alert.refs, "charter_party")
    if party is not None:
        return (
            reverse(
                "steps:governance:section", args=[workshop.pk, team.pk, step.position, "parties"]
            )
            + f"#parties-{party}"
        )
    section = CHARTER_SECTIONS.get(alert.key)
    if section is None:
        return _step_page(workshop, team, step)
    return reverse("steps:governance:section", args=[workshop.pk, team.pk, step.position, section])


def _pilot(workshop, team, step, alert):
    """The card (or the pilot) on the page of the pilot's iteration, which may not be the latest."""
    page = _step_page(workshop, team, step)
    card = _numbered(alert.refs, "hypothesis")
    anchor = f"#card-{card}" if card is not None else "#pilot"
    iteration = _numbered(alert.refs, "pilot")
    return f"{page}?pilot={iteration}{anchor}" if iteration is not None else page + anchor


def alert_url(workshop, team, step, alert) -> str:
    """The address of the record ``alert`` (a ``checks.Alert``) of ``step`` is about."""
    if step.kind == "governance":
        return _charter(workshop, team, step, alert)
    if step.kind == "pilot":
        return _pilot(workshop, team, step, alert)
    if step.kind == "alignment" and alert.key == "financial_technical_share":
        return _on_step_page(workshop, team, step, alert.refs, "#criteria")
    if step.kind == "scale":
        return _on_step_page(workshop, team, step, alert.refs, "#scale-signals")
    return _on_step_page(workshop, team, step, alert.refs)


def linked(workshop, team, step, completion) -> list[tuple]:
    """(alert, url) for each warning of a step's completion (none without one)."""
    if completion is None:
        return []
    return [(alert, alert_url(workshop, team, step, alert)) for alert in completion.warnings]
