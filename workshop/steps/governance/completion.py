"""Step 3 "complete when" for one team (DOMAIN.md 4.10), from the live draft and its versions."""

from workshop.steps.governance.checks import step_completion
from workshop.steps.governance.models import Charter
from workshop.steps.governance.publishing import Lifecycle, sign_off_data, version_data
from workshop.steps.governance.snapshot import (
    build_snapshot,
    load_rows,
    party_refs,
    records_from_snapshot,
    snapshot_from_rows,
)


def records_for(charter, snapshot=None):
    life = Lifecycle(charter)
    return records_from_snapshot(
        snapshot or build_snapshot(charter),
        version_data(life.versions),
        sign_off_data(life.sign_offs),
    )


def party_pks(parties) -> dict[str, int]:
    """Party ref → pk: what a party's warning links to its row with."""
    return {ref: pk for pk, ref in party_refs(parties).items()}


def for_team(team, step):
    from workshop.steps.governance import rules

    if "_charter" in team.__dict__:  # the step page's charter summary has just read it
        charter = team._charter
    else:
        charter = Charter.objects.filter(team=team).select_related("team__workshop").first()
    if charter is None:
        return step_completion(rules.CharterRecords(charter=rules.CharterData(title="")))
    rows = load_rows([charter])[charter.pk]
    snapshot = snapshot_from_rows(rows)
    return step_completion(records_for(charter, snapshot), party_pks(rows.parties))
