import pytest

from tests.conftest import client_as_participant
from tests.steps.scale.millrace import setup_b1


@pytest.fixture
def b1(live_workshop, team_a):
    """Step 5 open with B1's charter parties, the tenants' union and step-1 forces: (parties, tenants)."""
    _charter, parties, tenants = setup_b1(live_workshop, team_a)
    return parties, tenants


@pytest.fixture
def client_a(participant_a):
    return client_as_participant(participant_a)
