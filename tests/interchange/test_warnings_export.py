"""derived.warnings (issue 18): steps 3-5's early warnings in the JSON export, named by the
document's own refs, valid against the schema; ignored on import like every derived value."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.steps.scale.millrace import setup_b1
from workshop.interchange.document import export_document
from workshop.interchange.schema import schema_errors
from workshop.steps.scale.models import Indicator, IndicatorReading

pytestmark = pytest.mark.django_db


def _indicator(team, name, observed_on):
    indicator = Indicator.objects.create(
        team=team,
        name=name,
        indicator_type="output",
        unit="meals",
        direction="higher_is_better",
        baseline=Decimal(0),
        target=Decimal(10),
        warning_threshold=Decimal(5),
        frequency="monthly",
        data_source="Kitchen log",
    )
    IndicatorReading.objects.create(
        team=team, indicator=indicator, observed_on=observed_on, value=Decimal(3)
    )
    return indicator


def _team(document, team):
    return next(t for t in document["teams"] if t["name"] == team.name)


def test_export_carries_the_warnings_with_document_refs(live_workshop, team_a):
    setup_b1(live_workshop, team_a)
    today = timezone.localdate()
    _indicator(team_a, "Meals served", today - datetime.timedelta(days=90))
    _indicator(team_a, "Fresh boxes", today)
    document = export_document(live_workshop)
    assert [e for e in schema_errors(document) if ".derived" in e] == []
    rows = [w for w in _team(document, team_a)["derived"]["warnings"] if w["step"] == 5]
    stale = [w for w in rows if w["kind"] == "indicator_no_reading"]
    assert [w["record"] for w in stale] == ["indicator:meals-served"]
    assert "Meals served" in stale[0]["message"]
    assert set(stale[0]) == {"kind", "step", "record", "message"}


def test_a_team_with_nothing_exports_no_warnings(live_workshop, team_b):
    assert _team(export_document(live_workshop), team_b)["derived"]["warnings"] == []
