"""Who may use the charter endpoints (DOMAIN.md 11), as a table."""

import pytest

from tests.conftest import client_as_participant, client_as_user
from tests.steps.governance.millrace import open_step3, url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "page", "publish"),
    [
        ("lead", 200, 302),
        ("member", 200, 403),
        ("facilitator", 200, 403),
        ("other_team", 404, 404),
        ("other_workshop", 404, 404),
    ],
)
def test_charter_access_matrix(
    who,
    page,
    publish,
    live_workshop,
    team_a,
    participant_a,
    teammate_a,
    participant_b,
    facilitator,
    other_workshop_participant,
):
    open_step3(live_workshop)
    participant_a.role = "lead"
    participant_a.save(update_fields=["role"])
    client = {
        "lead": lambda: client_as_participant(participant_a),
        "member": lambda: client_as_participant(teammate_a),
        "facilitator": lambda: client_as_user(facilitator),
        "other_team": lambda: client_as_participant(participant_b),
        "other_workshop": lambda: client_as_participant(other_workshop_participant),
    }[who]()
    assert client.get(url(live_workshop, team_a, "section", "cover")).status_code == page
    assert client.post(url(live_workshop, team_a, "publish")).status_code == publish
