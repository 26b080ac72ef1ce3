"""The "pilots" part of the JSON document: export, import through the forms, export again."""

import pytest

from tests.steps.pilot.documents import pilot_document
from tests.steps.pilot.millrace import enter_b1_pilot, url
from workshop.interchange.context import ExportContext, ImportContext
from workshop.interchange.document import export_document
from workshop.interchange.importer import import_document
from workshop.interchange.schema import schema_errors
from workshop.steps.governance.models import CharterParty, CharterVersion, DecisionRule
from workshop.steps.pilot import interchange
from workshop.steps.pilot.models import CharterChange, Pilot

pytestmark = pytest.mark.django_db


def export(team):
    ctx = ExportContext(team=team, workshop=team.workshop)
    part = interchange.export_team(team, ctx)
    return part, interchange.derive(team, ctx)


def import_context(team):
    """What step 3's import would have declared: its party and decision-rule refs."""
    ctx = ImportContext(team=team, workshop=team.workshop, path="teams[0]")
    parties, rules = interchange._charter_refs(team)
    for party in CharterParty.objects.filter(team=team):
        ctx.declare(parties[party.pk], party)
    for rule in DecisionRule.objects.filter(team=team):
        ctx.declare(rules[rule.pk], rule)
    return ctx


def test_b1_pilots_round_trip(charter_b1, lead_client, live_workshop, team_a):
    charter, parties = charter_b1
    v1 = CharterVersion.objects.get(number=1)
    pilot = enter_b1_pilot(lead_client, live_workshop, team_a, parties, v1)
    for change in CharterChange.objects.filter(lesson__pilot=pilot):
        lead_client.post(url(live_workshop, team_a, "apply", 1, change.pk))
    from workshop.steps.governance.publishing import publish

    publish(charter, None, "Pilot lessons")
    lead_client.post(url(live_workshop, team_a, "next", 1))
    first, derived = export(team_a)

    (one, two) = first["pilots"]
    assert (one["ref"], one["charter_version"], one["budget_cash"]) == (
        "pilot:1",
        "version:1",
        "180000.00",
    )
    assert one["parties"] == [
        "party:city-of-port-calder-parks-recreation",
        "party:millrace-park-foundation",
        "party:calder-regional-transit-authority",
        "party:eastbank-neighbourhood-association",
    ]
    h6 = one["hypotheses"][-1]
    assert (h6["ref"], h6["comparator"], h6["target_value"], h6["target_value_max"]) == (
        "hypothesis:crossing-wait-acceptable",
        "between",
        "30.00",
        "90.00",
    )
    assert [lesson["ref"] for lesson in one["lessons"]] == ["lesson:1", "lesson:2"]
    assert one["lessons"][0]["hypotheses"] == ["hypothesis:pop-up-stop-used"]
    assert one["lessons"][1]["charter_changes"][1] == {
        "section": "decisions",
        "description": (
            "R10 operational: spending V8; body Community Advisory Council; simple_majority"
        ),
        "applied_in_version": "version:2",
    }
    assert one["pilot_decision"]["decision"] == "iterate"
    assert [card["ref"] for card in two["hypotheses"]] == [
        "hypothesis:tenants-feel-welcome-2",  # criticality 1 first
        "hypothesis:pop-up-stop-used-2",
    ]
    assert derived == {
        "hypothesis_tally": {
            "pilot:1": {"validated": 4, "invalidated": 2, "inconclusive": 0, "not_tested": 0},
            "pilot:2": {"validated": 0, "invalidated": 0, "inconclusive": 0, "not_tested": 2},
        }
    }

    Pilot.objects.filter(team=team_a).delete()
    ctx = import_context(team_a)
    interchange.import_team(first, team_a, ctx)
    assert ctx.errors == []
    assert export(team_a) == (first, derived)


def test_import_reports_each_error_with_its_path(charter_b1, team_a):
    document = {
        "pilots": [
            {
                "ref": "pilot:1",
                "iteration": 1,
                "title": "Trial",
                "start_date": "2026-05-01",
                "end_date": "2026-04-01",
                "parties": ["party:nobody"],
                "hypotheses": [],
            },
            {
                "ref": "pilot:2",
                "iteration": 2,
                "title": "Second",
                "hypotheses": [
                    {
                        "ref": "hypothesis:h",
                        "title": "H",
                        "belief": "b",
                        "category": "value",
                        "criticality": 1,
                        "comparator": "between",
                        "target_value": "90",
                        "target_value_max": "30",
                    }
                ],
                "lessons": [{"ref": "lesson:1", "text": "L", "hypotheses": ["hypothesis:x"]}],
            },
        ]
    }
    ctx = import_context(team_a)
    interchange.import_team(document, team_a, ctx)
    assert ctx.errors == [
        "teams[0].pilots[0].parties[0]: ‘party:nobody’ does not match any party ref in this team.",  # noqa: RUF001
        "teams[0].pilots[1].hypotheses[0].target_value_max: The upper limit must be greater than"
        " the lower limit.",
        "teams[0].pilots[1].lessons[0].hypotheses[0]: ‘hypothesis:x’ does not match any"  # noqa: RUF001
        " hypothesis ref in this team.",
    ]


# --- Through the whole import: the JSON Schema first, then the forms ---------------------------


def test_a_full_pilot_imports_and_its_export_passes_the_schema(partnership_pattern, facilitator):
    result = import_document(pilot_document(), facilitator)
    assert result.errors == []
    document = export_document(result.workshop)
    assert schema_errors(document) == []
    (pilot,) = document["teams"][0]["pilots"]
    assert (pilot["budget_cash"], pilot["pilot_decision"]["decision"]) == ("1500.50", "iterate")
    assert document["teams"][0]["derived"]["hypothesis_tally"] == {
        "pilot:1": {"validated": 1, "invalidated": 1, "inconclusive": 1, "not_tested": 1}
    }
    again = import_document(document, facilitator)
    assert again.errors == []
    assert export_document(again.workshop) == document


def test_schema_refuses_bad_pilot_input_with_its_path(partnership_pattern, facilitator):
    doc = pilot_document()
    pilot = doc["teams"][0]["pilots"][0]
    pilot["pilot_decision"]["decision"] = "expand"
    pilot["hypotheses"][1]["result_override"] = "validated"
    del pilot["hypotheses"][2]["ref"]
    pilot["iteration"] = "1"
    pilot["risks"][0]["likelihood"] = "high"
    pilot["lessons"][0]["hypotheses"][1] = "crews-mix"
    pilot["lessons"][0]["charter_changes"][0]["section"] = "everything"
    pilot["budget_cash"] = 1500.5
    pilot["charter_version"] = "v1"
    result = import_document(doc, facilitator)
    assert result.workshop is None
    assert result.errors == [
        'teams[0].pilots[0].budget_cash: 1500.5 is not a decimal in a string such as "45000.00"'
        " (or empty).",
        "teams[0].pilots[0].charter_version: 'v1' is not a ref such as \"version:…\" (or empty).",
        "teams[0].pilots[0].hypotheses[1].result_override: 'validated' is not one of"
        " ['inconclusive', '', None]",
        "teams[0].pilots[0].hypotheses[2]: 'ref' is a required property",
        "teams[0].pilots[0].iteration: '1' is not of type 'integer'",
        "teams[0].pilots[0].lessons[0].charter_changes[0].section: 'everything' is not one of"
        " ['parties', 'context', 'purpose', 'principles', 'scope', 'roles', 'governance',"
        " 'decisions', 'contributions', 'value', 'ip_data', 'risks', 'conflict', 'monitoring',"
        " 'admission', 'exit', 'amendment', '', None]",
        "teams[0].pilots[0].lessons[0].hypotheses[1]: 'crews-mix' does not match"
        " '^hypothesis:[^\\\\s]+$'",
        "teams[0].pilots[0].pilot_decision.decision: 'expand' is not one of"
        " ['scale', 'iterate', 'pivot', 'stop', '', None]",
        "teams[0].pilots[0].risks[0].likelihood: 'high' is not of type 'integer', 'null'",
    ]
    assert not Pilot.objects.exists()


def test_schema_needs_each_pilot_and_lesson_ref(partnership_pattern, facilitator):
    doc = pilot_document()
    pilot = doc["teams"][0]["pilots"][0]
    del pilot["ref"]
    pilot["lessons"][1]["ref"] = "lesson 2"
    pilot["pilot_decision"] = "iterate"
    result = import_document(doc, facilitator)
    assert result.errors == [
        "teams[0].pilots[0]: 'ref' is a required property",
        "teams[0].pilots[0].lessons[1].ref: 'lesson 2' does not match '^lesson:[^\\\\s]+$'",
        "teams[0].pilots[0].pilot_decision: 'iterate' is not of type 'object', 'null'",
    ]
