"""The footer's "teammates online": who of my team is here besides me, refetched spread out."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import client_as_participant
from workshop.facilitation.live import presence

pytestmark = pytest.mark.django_db


def here(participant):
    presence.touch(
        participant.workshop_id,
        f"p{participant.pk}",
        {"participant": participant.pk, "team": participant.team_id,
         "name": participant.display_name, "role": "participant"},
    )  # fmt: skip


def test_the_strip_names_teammates_here_not_me_nor_other_teams(
    live_workshop, participant_a, teammate_a, participant_b
):
    for person in (participant_a, teammate_a, participant_b):
        here(person)
    url = reverse("facilitation:presence_strip", args=(live_workshop.pk,))
    client = client_as_participant(participant_a)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert "Amara" in html and "Marcus" not in html and "Dana" not in html
    assert len(queries) <= 3  # the participant and the workshop: not the steps, teams or progress


def test_each_page_refetches_the_strip_after_a_delay_of_its_own(live_workshop, participant_a):
    live_workshop.advance_to(live_workshop.steps.get(position=1))
    client = client_as_participant(participant_a)
    page = reverse("steps:page", args=(live_workshop.pk, participant_a.team_id, 1))
    delays = set()
    for _ in range(6):
        html = client.get(page).content.decode()
        found = re.search(r'hx-trigger="sse:presence-changed delay:(\d+)ms, sse:sync"', html)
        delays.add(int(found.group(1)))
    assert all(0 <= d <= 900 for d in delays) and len(delays) > 1
