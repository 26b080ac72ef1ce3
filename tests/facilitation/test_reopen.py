"""After the workshop: the facilitator reopens step 4 or 5 for one team (later reviews), and a closed
workshop stays readable by its participants and exportable by its facilitators."""

import io
import json
import zipfile
from unittest import mock

import pytest
from django.urls import reverse

from tests.charter.millrace import load_team
from tests.conftest import client_as_participant, client_as_user
from workshop.facilitation.models import StepProgress, Workshop
from workshop.steps.scale.models import VitalitySignal

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
ENDED = "This workshop has ended; its work can be read but not changed."
REOPENED = "Reopened for your team for a later review."


@pytest.fixture
def published():
    """The broker's publish, called at once: a test's transaction never commits."""
    with (
        mock.patch("workshop.facilitation.live.broker.publish") as publish,
        mock.patch(
            "django.db.transaction.on_commit", side_effect=lambda callback, *a, **k: callback()
        ),
    ):
        yield publish


@pytest.fixture
def owner(facilitator):
    return client_as_user(facilitator)


@pytest.fixture
def closed(live_workshop):
    live_workshop.end()
    return live_workshop


def team_url(workshop, step, team, verb):
    return reverse("facilitation:step_team", args=[workshop.pk, step.pk, team.pk, verb])


def step_page(workshop, team, position):
    return reverse("steps:page", args=[workshop.pk, team.pk, position])


def save_notes(client, workshop, team, position, text="Later review"):
    return client.post(
        reverse("steps:notes", args=[workshop.pk, team.pk, position]),
        {"text": text, "version": 0},
    )


def add_signal(client, workshop, team):
    return client.post(
        reverse("steps:scale:add", args=[workshop.pk, team.pk, 5, "signals"]),
        {"observed_on": "2027-03-15", "signal": "partner_joined", "description": "Tenants joined"},
    )


# ---- Reopening from the console -------------------------------------------------------------------


def test_facilitator_reopens_step_5_for_one_team_after_the_session(
    closed, owner, team_a, team_b, participant_a, participant_b, published
):
    step = closed.steps.get(position=5)
    version = Workshop.objects.get(pk=closed.pk).flow_version
    response = owner.post(team_url(closed, step, team_a, "reopen"), **HTMX)

    content = response.content.decode()
    assert response.status_code == 200
    # The team's row of the grid, out of band in a template; the log and the notice beside it.
    assert f'<template><tr id="grid-row-{team_a.pk}" hx-swap-oob="true">' in content
    assert f'id="grid-row-{team_b.pk}"' not in content
    assert "Close step 5 again for Riverside" in content
    assert 'id="console-log" class="activity-log list-unstyled surface small mb-0"' in content
    assert "Step 5 reopened for Riverside." in content
    progress = StepProgress.objects.get(team=team_a, step=step)
    assert progress.reopened_for_team
    assert not StepProgress.objects.filter(team=team_b, reopened_for_team=True).exists()
    entry = closed.log.first()
    assert (entry.action, entry.detail) == ("step_team_reopen", f"5. {step.title} · Riverside")
    assert Workshop.objects.get(pk=closed.pk).flow_version == version + 1
    events = [call.args[1] for call in published.call_args_list]
    assert events == [
        "flow-changed",
        f"team-{team_a.pk}-changed",
        f"team-{team_a.pk}-access",
        "progress-changed",
    ]

    # Team A changes step 5 again (notes and a scale record); team B and step 4 stay read-only.
    client_a = client_as_participant(participant_a)
    assert save_notes(client_a, closed, team_a, 5).status_code == 302
    assert add_signal(client_a, closed, team_a).status_code == 302
    assert VitalitySignal.objects.filter(team=team_a).count() == 1
    assert save_notes(client_a, closed, team_a, 4).status_code == 403
    client_b = client_as_participant(participant_b)
    assert save_notes(client_b, closed, team_b, 5).status_code == 403
    assert add_signal(client_b, closed, team_b).status_code == 403


def test_closing_again_makes_the_step_read_only(closed, owner, team_a, participant_a, published):
    step = closed.steps.get(position=4)
    owner.post(team_url(closed, step, team_a, "reopen"))
    client_a = client_as_participant(participant_a)
    assert save_notes(client_a, closed, team_a, 4).status_code == 302

    response = owner.post(team_url(closed, step, team_a, "close"), **HTMX)
    assert "Step 4 closed again for Riverside." in response.content.decode()
    assert "Reopen step 4 for Riverside" in response.content.decode()
    assert not StepProgress.objects.get(team=team_a, step=step).reopened_for_team
    assert closed.log.first().action == "step_team_close"
    assert save_notes(client_a, closed, team_a, 4, "Too late").status_code == 403


def test_a_submitted_step_shows_as_reopened_then_submitted_again(closed, owner, team_a):
    step = closed.steps.get(position=5)
    StepProgress.objects.create(team=team_a, step=step, status=StepProgress.Status.SUBMITTED)
    owner.post(team_url(closed, step, team_a, "reopen"))
    progress = StepProgress.objects.get(team=team_a, step=step)
    assert progress.status == StepProgress.Status.REOPENED
    grid = owner.get(reverse("facilitation:part_grid", args=[closed.pk])).content.decode()
    assert "Reopened for this team" in grid
    owner.post(team_url(closed, step, team_a, "close"))
    progress.refresh_from_db()
    assert progress.status == StepProgress.Status.SUBMITTED


def test_reopen_without_javascript_goes_back_to_the_console(closed, owner, team_a):
    response = owner.post(team_url(closed, closed.steps.get(position=5), team_a, "reopen"))
    assert response.status_code == 302
    assert response.url == reverse("facilitation:console", args=[closed.pk])
    page = owner.get(response.url).content.decode()
    assert "Step 5 reopened for Riverside." in page
    assert "Close step 5 again for Riverside" in page


def test_a_locked_step_of_a_live_workshop_opens_for_one_team_only(
    live_workshop, owner, team_a, team_b, participant_a, participant_b
):
    step = live_workshop.steps.get(position=5)
    step.state = "locked"
    step.save()
    owner.post(team_url(live_workshop, step, team_a, "reopen"))
    assert (
        save_notes(client_as_participant(participant_a), live_workshop, team_a, 5).status_code
        == 302
    )
    refused = save_notes(client_as_participant(participant_b), live_workshop, team_b, 5)
    assert refused.status_code == 403


def test_the_console_offers_reopen_on_steps_4_and_5_also_when_closed(closed, owner, team_a):
    page = owner.get(reverse("facilitation:console", args=[closed.pk])).content.decode()
    for position in (4, 5):
        assert team_url(closed, closed.steps.get(position=position), team_a, "reopen") in page
    for position in (1, 2, 3):
        assert team_url(closed, closed.steps.get(position=position), team_a, "reopen") not in page
    assert "Start the session" not in page  # the flow itself stays closed


def test_a_live_session_offers_reopen_only_on_a_locked_step(live_workshop, owner, team_a):
    console = reverse("facilitation:console", args=[live_workshop.pk])
    pilot, scale = live_workshop.steps.get(position=4), live_workshop.steps.get(position=5)
    scale.state = "locked"
    scale.save()
    page = owner.get(console).content.decode()
    # Step 4 is not open yet for anyone: reopening it for one team is not a later review.
    assert team_url(live_workshop, pilot, team_a, "reopen") not in page
    assert team_url(live_workshop, scale, team_a, "reopen") in page


def test_an_archived_workshop_offers_and_allows_no_reopening(closed, owner, team_a, participant_a):
    step = closed.steps.get(position=5)
    StepProgress.objects.create(team=team_a, step=step, reopened_for_team=True)
    closed.archive()
    page = owner.get(reverse("facilitation:console", args=[closed.pk])).content.decode()
    assert team_url(closed, step, team_a, "close") not in page
    assert owner.post(team_url(closed, step, team_a, "close")).status_code == 403
    # A flag left from before the archive no longer opens anything.
    refused = save_notes(client_as_participant(participant_a), closed, team_a, 5)
    assert refused.status_code == 403


@pytest.mark.parametrize("position", [1, 2, 3])
def test_only_steps_4_and_5_can_be_reopened(closed, owner, team_a, position):
    step = closed.steps.get(position=position)
    assert owner.post(team_url(closed, step, team_a, "reopen")).status_code == 403
    assert not StepProgress.objects.filter(reopened_for_team=True).exists()


def test_reopen_needs_post_a_known_verb_and_this_workshops_records(
    closed, owner, team_a, other_workshop_participant
):
    step = closed.steps.get(position=5)
    assert owner.get(team_url(closed, step, team_a, "reopen")).status_code == 405
    assert owner.post(team_url(closed, step, team_a, "explode")).status_code == 404
    other_team = other_workshop_participant.team
    assert owner.post(team_url(closed, step, other_team, "reopen")).status_code == 404
    other_step = other_team.workshop.steps.get(position=5)
    assert owner.post(team_url(closed, other_step, team_a, "reopen")).status_code == 404
    assert not StepProgress.objects.filter(reopened_for_team=True).exists()


def test_reopen_is_refused_without_the_csrf_token(closed, facilitator, team_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(facilitator)
    step = closed.steps.get(position=5)
    assert client.post(team_url(closed, step, team_a, "reopen")).status_code == 403
    assert not StepProgress.objects.filter(reopened_for_team=True).exists()


# ---- What the team sees ---------------------------------------------------------------------------


def test_the_reopened_step_page_says_so_and_offers_its_forms(
    closed, owner, team_a, team_b, participant_a, participant_b
):
    step = closed.steps.get(position=5)
    step.state = "locked"
    step.save()
    owner.post(team_url(closed, step, team_a, "reopen"))
    client_a = client_as_participant(participant_a)

    page = client_a.get(step_page(closed, team_a, 5)).content.decode()
    assert REOPENED in page
    assert ENDED not in page
    assert reverse("steps:scale:add", args=[closed.pk, team_a.pk, 5, "signals"]) in page
    assert "The facilitator has locked this step." not in page  # the live bar's banner
    # live.js reloads a step page of this team on team-<id>-access (the browser test drives it).
    assert f'data-team="{team_a.pk}"' in page

    other_step = client_a.get(step_page(closed, team_a, 4)).content.decode()
    assert REOPENED not in other_step and ENDED in other_step
    page_b = client_as_participant(participant_b).get(step_page(closed, team_b, 5)).content
    assert REOPENED not in page_b.decode() and ENDED in page_b.decode()
    assert "The facilitator has locked this step." in page_b.decode()
    bar = client_a.get(reverse("facilitation:live_bar", args=[closed.pk]) + "?step=5")
    assert "The facilitator has locked this step." not in bar.content.decode()


# ---- A closed workshop stays readable and exportable ----------------------------------------------


@pytest.mark.parametrize("status", ["closed", "archived"])
def test_participants_read_every_step_of_an_ended_workshop(
    live_workshop, team_a, participant_a, status
):
    live_workshop.end()
    if status == "archived":
        live_workshop.archive()
    client = client_as_participant(participant_a)
    for step in live_workshop.steps.all():
        page = client.get(step_page(live_workshop, team_a, step.position))
        content = page.content.decode()
        assert page.status_code == 200, step.position
        assert ENDED in content
        assert "This workshop has ended. You can still read your team" in content
        assert "data-save-button" not in content  # no Save button on the team notes
        assert save_notes(client, live_workshop, team_a, step.position).status_code == 403
    assert add_signal(client, live_workshop, team_a).status_code == 403


@pytest.mark.parametrize("status", ["closed", "archived"])
def test_facilitators_export_an_ended_workshop(
    live_workshop, team_a, participant_a, co_facilitator, status
):
    load_team(team_a)  # Riverside's charter, versions 1 and 2
    live_workshop.end()
    if status == "archived":
        live_workshop.archive()
    client = client_as_user(co_facilitator)

    document = client.get(reverse("facilitation:export_json", args=[live_workshop.pk]))
    assert document.status_code == 200
    teams = json.loads(document.content)["teams"]
    assert [t["name"] for t in teams] == ["Riverside", "City Hall"]
    assert teams[0]["actors"]
    actors = client.get(reverse("facilitation:export_csv", args=[live_workshop.pk, "actors"]))
    assert actors.status_code == 200
    assert "Riverside" in actors.content.decode("utf-8")

    pdf_url = reverse("charter:pdf", args=[live_workshop.pk, team_a.pk, 3])
    pdf = client.get(pdf_url)
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert pdf.content.startswith(b"%PDF")
    # The team can still take its own charter home.
    assert client_as_participant(participant_a).get(pdf_url).status_code == 200
    archive = client.get(reverse("charter:zip", args=[live_workshop.pk]))
    assert archive.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert "charter-riverside-v2.pdf" in names


def test_a_team_page_reads_only_its_own_teams_progress(
    live_workshop, team_a, team_b, participant_a
):
    # `reopened_for` needs this team's row (and the viewer's); a workshop of 200 teams would
    # otherwise load 200 rows on every save.
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    from workshop.facilitation.access import SESSION_KEY, team_view
    from workshop.facilitation.models import Team

    step = live_workshop.steps.get(position=1)
    for name in ("North", "South", "East"):
        team = Team.objects.create(workshop=live_workshop, name=name)
        StepProgress.objects.create(team=team, step=step)
    for team in (team_a, team_b):
        StepProgress.objects.update_or_create(
            team=team, step=step, defaults={"reopened_for_team": True}
        )
    seen = {}

    @team_view
    def page(request, workshop, team, step):
        seen["teams"] = sorted(p.team_id for p in step.progress.all())

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    request.session = SessionStore()
    request.session[SESSION_KEY] = {str(live_workshop.pk): participant_a.pk}
    page(request, live_workshop.pk, team_a.pk, 1)
    assert seen["teams"] == [team_a.pk]
