import pytest

from tests.conftest import client_as_participant
from tests.steps.pilot.millrace import make_charter, open_steps


@pytest.fixture
def lead_a(participant_a):
    participant_a.role = "lead"
    participant_a.save(update_fields=["role"])
    return participant_a


@pytest.fixture
def charter_b1(live_workshop, team_a, lead_a):
    """Steps 3 and 4 open; B1's parties; v1 published."""
    open_steps(live_workshop, 3, 4)
    charter, parties = make_charter(team_a, publish_by=lead_a)
    return charter, parties


@pytest.fixture
def lead_client(lead_a):
    return client_as_participant(lead_a)
