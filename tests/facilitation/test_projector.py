"""The projector view: how to join before the start; the step, countdown and team bars during it."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import client_as_participant, client_as_user, make_participant
from workshop.facilitation.models import Message, StepProgress, Workshop
from workshop.facilitation.views.projector import first_sentence

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(partnership_pattern, facilitator):
    return Workshop.create_from_pattern(
        partnership_pattern, facilitator, "Draft", ["Riverside", "City Hall"]
    )


def projector(client, workshop):
    return client.get(reverse("facilitation:projector", args=[workshop.pk]))


def test_before_the_start_it_shows_how_to_join(draft, facilitator):
    make_participant(draft, draft.teams.first(), "Marcus")
    response = projector(client_as_user(facilitator), draft)
    content = response.content.decode()
    assert response.status_code == 200
    assert f"http://testserver/join/{draft.join_code}/" in content
    assert 'class="projector-code"' in content and f">{draft.join_code}</p>" in content
    assert '<svg viewBox="' in content and 'class="segno"' in content
    assert "1 person has joined" in content
    assert "<li>Marcus</li>" in content
    assert "navbar" not in content
    assert 'hx-trigger="sse:flow-changed, sse:teams-changed, sse:progress-changed"' in content


def test_joined_names_that_look_like_html_are_escaped(draft, facilitator):
    make_participant(draft, draft.teams.first(), '<img src=x onerror="alert(1)">')
    content = projector(client_as_user(facilitator), draft).content.decode()
    assert "<img src=x" not in content
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in content


def test_during_a_step_it_shows_the_step_instruction_countdown_and_team_bars(
    live_workshop, facilitator, team_a, participant_a
):
    StepProgress.record_activity(team_a, live_workshop.current_step)
    content = projector(client_as_user(facilitator), live_workshop).content.decode()
    step = live_workshop.current_step
    assert "Step 1 of 5" in content
    assert f">{step.title}</h1>" in content
    assert (
        f'<p class="projector-instruction">{first_sentence(step.pattern_step().html)}</p>'
        in content
    )
    assert ">20:00<" in content and "data-timer" in content
    assert (
        'aria-label="Riverside" aria-valuemin="0" aria-valuemax="100" aria-valuenow="50"' in content
    )
    assert (
        'aria-label="City Hall" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0"' in content
    )
    assert "In progress" in content and "Not started" in content
    assert "Marcus" not in content  # during a step, no participant-typed text at all


def test_messages_and_team_work_never_reach_the_projector(live_workshop, facilitator, team_a):
    Message.objects.create(
        workshop=live_workshop, body="Secret nudge for Riverside", sent_by=facilitator
    )
    content = projector(client_as_user(facilitator), live_workshop).content.decode()
    assert "Secret nudge" not in content


def test_the_instruction_is_the_first_sentence_in_plain_text():
    assert (
        first_sentence("<p>Map the <strong>actors</strong>. Then the flows.</p>")
        == "Map the actors."
    )
    assert first_sentence("<p>One line only</p>") == "One line only"
    assert first_sentence("") == ""
    assert first_sentence("<p>R&amp;D &lt;first&gt;! Then more.</p>") == "R&D <first>!"


def test_skipped_steps_are_not_counted(live_workshop, facilitator):
    step = live_workshop.steps.get(position=5)
    step.skipped = True
    step.save()
    live_workshop.advance_to(live_workshop.steps.get(position=2))
    content = projector(client_as_user(facilitator), live_workshop).content.decode()
    assert "Step 2 of 4" in content


def test_stage_partial_refetches_alone(live_workshop, facilitator):
    response = client_as_user(facilitator).get(
        reverse("facilitation:projector_stage", args=[live_workshop.pk])
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<div id="projector-stage"')


def test_projector_is_for_facilitators_only(
    live_workshop, co_facilitator, other_facilitator, participant_a
):
    assert projector(client_as_user(co_facilitator), live_workshop).status_code == 200
    assert projector(client_as_user(other_facilitator), live_workshop).status_code == 404
    assert projector(client_as_participant(participant_a), live_workshop).status_code == 302
    assert projector(Client(), live_workshop).status_code == 302


def test_during_a_step_a_corner_shows_the_join_code_and_qr(live_workshop, facilitator):
    content = projector(client_as_user(facilitator), live_workshop).content.decode()
    corner = content[content.index("data-join-corner") : content.index("projector-teams")]
    assert "Join late?" in corner
    assert ">testserver/join/</p>" in corner
    assert f">{live_workshop.join_code}</p>" in corner
    assert 'class="segno"' in corner


def test_the_facilitator_hides_and_shows_the_join_corner(
    live_workshop, facilitator, co_facilitator
):
    owner = client_as_user(facilitator)
    hide = reverse("facilitation:session", args=[live_workshop.pk, "join-hide"])
    assert owner.post(hide).status_code == 302
    live_workshop.refresh_from_db()
    assert not live_workshop.projector_join_shown
    assert live_workshop.live_state()["projector_join_shown"] is False
    content = projector(owner, live_workshop).content.decode()
    assert "data-join-corner" not in content and live_workshop.join_code not in content
    console = owner.get(reverse("facilitation:console", args=[live_workshop.pk])).content
    assert "Show the join code on the projector" in console.decode()
    owner.post(hide)  # already hidden: refused, nothing logged twice
    assert list(live_workshop.log.values_list("action", flat=True)).count("session_join_hide") == 1
    show = reverse("facilitation:session", args=[live_workshop.pk, "join-show"])
    assert client_as_user(co_facilitator).post(show).status_code == 302
    live_workshop.refresh_from_db()
    assert live_workshop.projector_join_shown
    assert "data-join-corner" in projector(owner, live_workshop).content.decode()
    log = list(live_workshop.log.values_list("action", flat=True))
    assert "session_join_hide" in log and "session_join_show" in log


def test_a_participant_cannot_hide_the_join_corner(live_workshop, participant_a):
    hide = reverse("facilitation:session", args=[live_workshop.pk, "join-hide"])
    assert client_as_participant(participant_a).post(hide).status_code in (302, 403, 404)
    live_workshop.refresh_from_db()
    assert live_workshop.projector_join_shown


def test_no_join_corner_once_the_session_has_ended(live_workshop, facilitator):
    live_workshop.end()
    content = projector(client_as_user(facilitator), live_workshop).content.decode()
    assert "Session ended" in content and "data-join-corner" not in content
