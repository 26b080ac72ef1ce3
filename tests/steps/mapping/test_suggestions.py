"""Partner and flow suggestions on Millrace Park B1 (issue 18).

The expected pairs were written by hand from the scenario text (shared/scenarios/millrace-park.md)
before tuning: the actors carry no goals or resources there, so the needs are the gaps each actor is
affected by and the offers are the labels of the flows each actor already gives.

- G2 "No transit stop within a 10-minute walk" affects the Tenants' Union; the Transit Authority gives
  "Route 12 bus, hourly, stop 0.6 mi from park" and no flow runs from it to the Tenants' Union:
  flow Transit → Tenants ('stop'). Transit → Eastbank is already a flow (F7), so not suggested.
- G4 "Maintenance money runs out after capital works" affects the City and the Foundation; the BID
  gives "Annual maintenance contribution" (to the Foundation only): flow BID → City ('maintenance').
  The City gives "Field permits and pitch maintenance" but already has a flow to the Foundation (F5).
- G4 again: the Parks & Trails District gives "Sales-tax capital allocation" (to the City only): flow
  District → Foundation ('capital').
- As a candidate partner for the team's gaps, the only non-candidate that offers something a gap needs
  is the City ("pitch maintenance" against G4's 'maintenance').
"""

import pytest

from tests.charter.millrace import load_team
from tests.steps import scenario_data as s
from workshop.steps.mapping import suggestion_records
from workshop.steps.mapping.models import Actor

pytestmark = pytest.mark.django_db

CITY = "City of Port Calder – Parks & Recreation"  # noqa: RUF001
FOUNDATION = "Millrace Park Foundation"
TRANSIT = "Calder Regional Transit Authority"
TENANTS = "Millrace Tenants' Union"
EASTBANK = "Eastbank Neighbourhood Association"
BID = "Riverfront Business Improvement District"
DISTRICT = "Calder Parks & Trails District"

EXPECTED_FLOWS = {
    (TENANTS, TRANSIT): ("stop", "stop"),
    (CITY, BID): ("Maintenance", "maintenance"),
    (FOUNDATION, DISTRICT): ("capital", "capital"),
}
EXPECTED_PARTNERS = {(FOUNDATION, CITY): ("Maintenance", "maintenance")}


@pytest.fixture
def b1(team_a):
    load_team(team_a, s.B1, publish=False)
    return team_a


def named(team, found):
    names = {
        f"actor:{pk}": name
        for pk, name in Actor.objects.filter(team=team).values_list("pk", "name")
    }
    return {(s.kind, names.get(s.actor, ""), names[s.partner]): s for s in found}


def test_b1_names_the_expected_complementary_pairs_with_reasons(b1):
    found = named(b1, suggestion_records.for_team(b1))
    for (actor, partner), (need_word, offer_word) in EXPECTED_FLOWS.items():
        suggestion = found[("flow", actor, partner)]
        assert need_word in suggestion.need_words
        assert offer_word in suggestion.offer_words
        assert f"{actor} needs" in suggestion.reason
        assert f"{partner} offers" in suggestion.reason
        assert f"‘{offer_word}’" in suggestion.reason  # noqa: RUF001
    for (actor, partner), (need_word, offer_word) in EXPECTED_PARTNERS.items():
        suggestion = found[("partner", actor, partner)]
        assert need_word in suggestion.need_words and offer_word in suggestion.offer_words


def test_b1_skips_linked_pairs_candidates_and_the_convenor(b1):
    found = named(b1, suggestion_records.for_team(b1))
    assert ("flow", EASTBANK, TRANSIT) not in found  # F7 runs Transit → Eastbank
    assert ("flow", FOUNDATION, CITY) not in found  # F5 runs City → Foundation
    partners = {partner for kind, _actor, partner in found if kind == "partner"}
    assert partners.isdisjoint({TRANSIT, DISTRICT, BID, EASTBANK, TENANTS, FOUNDATION})
    for suggestion in found.values():
        assert suggestion.actor != suggestion.partner
        assert 0 < suggestion.score <= 1


def test_b1_suggestions_are_few_and_ordered(b1):
    found = suggestion_records.for_team(b1)
    assert len(found) <= 12
    assert [x.score for x in found] == sorted((x.score for x in found), reverse=True)


def test_b1_export_lists_the_suggestions_by_ref_with_reasons(b1):
    from workshop.interchange.document import export_document

    team = next(t for t in export_document(b1.workshop)["teams"] if t["name"] == b1.name)
    rows = team["derived"]["partner_suggestions"]
    flow = next(
        r
        for r in rows
        if r["kind"] == "flow"
        and r["actor"] == "actor:city-of-port-calder-parks-recreation"
        and r["partner"] == "actor:riverfront-business-improvement-district"
    )
    assert flow["score"] == "0.19"
    assert "offers ‘maintenance’" in flow["reason"]  # noqa: RUF001
    partner = next(r for r in rows if r["kind"] == "partner")
    assert partner["actor"] == "actor:millrace-park-foundation"


def test_the_same_offer_twice_counts_once():
    """An accepted flow repeats the label of the offer it came from: still one match, same score."""
    from workshop.steps.mapping import suggestions

    needer = suggestions.SuggestActor("actor:1", "Youth League", goals="a bus stop near the pitch")
    once = suggestions.SuggestActor("actor:2", "Transit", offers=("Bus stop on route 12",))
    twice = suggestions.SuggestActor("actor:2", "Transit", offers=("Bus stop on route 12",) * 2)
    [single] = suggestions.suggest([needer, once], [], [])
    [double] = suggestions.suggest([needer, twice], [], [])
    assert len(double.matches) == 1
    assert (double.score, double.reason) == (single.score, single.reason)
