import pytest

from tests.conftest import client_as_participant, make_participant
from tests.steps.governance.millrace import enter_b1_charter, make_step1_rows, open_step3


@pytest.fixture
def lead_a(participant_a):
    participant_a.role = "lead"
    participant_a.save(update_fields=["role"])
    return participant_a


@pytest.fixture
def b1(live_workshop, team_a, lead_a):
    open_step3(live_workshop)
    actors = make_step1_rows(team_a)
    client = client_as_participant(lead_a)
    charter = enter_b1_charter(client, live_workshop, team_a, actors)
    return charter, client


@pytest.fixture
def signers(b1, live_workshop, team_a):
    """One participant per signing party (P1-P6), named as that party's signer; P7 too (observer)."""
    from workshop.steps.governance.models import CharterParty

    people = {}
    for party in CharterParty.objects.filter(charter=b1[0]).select_related("actor"):
        person = make_participant(live_workshop, team_a, party.representative_name)
        party.signer = person
        party.save(update_fields=["signer"])
        people[party.actor.name] = (party, person)
    return people
