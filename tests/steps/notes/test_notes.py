import json

import pytest
from django.urls import reverse

from tests.conftest import client_as_participant, client_as_user
from workshop.facilitation.models import StepProgress
from workshop.steps.notes.models import TeamNote

pytestmark = pytest.mark.django_db


def notes_url(workshop, team, position=1):
    return reverse("steps:notes", args=[workshop.pk, team.pk, position])


def autosave(client, url, text, version):
    return client.post(url, {"text": text, "version": version}, HTTP_X_AUTOSAVE="1")


def test_autosave_stores_text_and_returns_the_new_version(live_workshop, team_a, participant_a):
    client = client_as_participant(participant_a)
    first = autosave(client, notes_url(live_workshop, team_a), "Map the river trust first", 0)
    assert first.status_code == 200
    assert first.json()["version"] == 1
    second = autosave(client, notes_url(live_workshop, team_a), "Map the river trust first.", 1)
    assert second.json()["version"] == 2
    note = TeamNote.objects.get()
    assert (note.text, note.version, note.updated_by) == (
        "Map the river trust first.",
        2,
        participant_a,
    )
    progress = StepProgress.objects.get(team=team_a)
    assert progress.status == "in_progress"
    assert progress.last_activity_at is not None


def test_stale_save_shows_both_texts_and_keeps_the_database_value(
    live_workshop, team_a, participant_a, teammate_a
):
    marcus = client_as_participant(participant_a)
    amara = client_as_participant(teammate_a)
    url = notes_url(live_workshop, team_a)
    autosave(marcus, url, "Start", 0)
    assert autosave(marcus, url, "Marcus's version", 1).status_code == 200
    stale = autosave(amara, url, "Amara's version", 1)
    assert stale.status_code == 409
    body = stale.json()
    assert body["conflict"] is True
    assert body["version"] == 2
    assert "Someone else changed this since you opened it." in body["html"]
    assert "Marcus&#x27;s version" in body["html"]
    assert TeamNote.objects.get().text == "Marcus's version"
    # Merging: saving from the version now shown wins.
    merged = autosave(amara, url, "Marcus's version + Amara's version", body["version"])
    assert merged.status_code == 200
    assert TeamNote.objects.get().text == "Marcus's version + Amara's version"


def test_two_first_saves_do_not_overwrite_each_other(
    live_workshop, team_a, participant_a, teammate_a
):
    url = notes_url(live_workshop, team_a)
    assert autosave(client_as_participant(participant_a), url, "Mine", 0).status_code == 200
    assert autosave(client_as_participant(teammate_a), url, "Theirs", 0).status_code == 409
    assert TeamNote.objects.get().text == "Mine"


def test_stale_save_without_javascript_renders_the_page_with_both_texts(
    live_workshop, team_a, participant_a, teammate_a
):
    url = notes_url(live_workshop, team_a)
    autosave(client_as_participant(participant_a), url, "Theirs", 0)
    response = client_as_participant(teammate_a).post(url, {"text": "Mine", "version": 0})
    content = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this since you opened it." in content
    assert ">Mine</textarea>" in content
    assert ">Theirs</textarea>" in content


def test_locked_step_refuses_the_save_and_keeps_the_typed_text(
    live_workshop, team_a, participant_a
):
    step = live_workshop.steps.get(position=1)
    step.state = "locked"
    step.save()
    response = client_as_participant(participant_a).post(
        notes_url(live_workshop, team_a), {"text": "Typed while locked", "version": 0}
    )
    content = response.content.decode()
    assert response.status_code == 403
    assert "The facilitator has locked this step." in content
    assert "Typed while locked</textarea>" in content
    assert not TeamNote.objects.exists()


def test_too_long_notes_say_the_real_length_and_keep_everything(
    live_workshop, team_a, participant_a
):
    text = "0123456789" * 600
    response = autosave(
        client_as_participant(participant_a), notes_url(live_workshop, team_a), text, 0
    )
    assert response.status_code == 400
    assert "at most 5000 characters (it has 6000)" in response.json()["error"]
    assert text in response.json()["html"]
    assert not TeamNote.objects.exists()


def test_control_characters_are_refused_but_tabs_accepted(live_workshop, team_a, participant_a):
    client = client_as_participant(participant_a)
    bad = autosave(client, notes_url(live_workshop, team_a), "Aske\u0007Estate", 0)
    assert bad.status_code == 400
    assert "Remove control characters." in bad.json()["error"]
    good = autosave(client, notes_url(live_workshop, team_a), "a\tb", 0)
    assert good.status_code == 200


def test_notes_are_escaped(live_workshop, team_a, participant_a):
    client = client_as_participant(participant_a)
    autosave(client, notes_url(live_workshop, team_a), "<script>alert('xss')</script>", 0)
    page = client.get(reverse("steps:page", args=[live_workshop.pk, team_a.pk, 1])).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in page


def test_save_announces_the_change_to_teammates(
    live_workshop, team_a, participant_a, django_capture_on_commit_callbacks
):
    from unittest import mock

    with mock.patch("workshop.facilitation.live.broker.publish") as publish:
        with django_capture_on_commit_callbacks(execute=True):
            autosave(
                client_as_participant(participant_a), notes_url(live_workshop, team_a), "Hi", 0
            )
    names = [call.args[1] for call in publish.call_args_list]
    assert names == [f"team-{team_a.pk}-changed", f"team-{team_a.pk}-notes", "progress-changed"]
    payload = publish.call_args_list[0].args[2]
    assert json.loads(json.dumps(payload))["kind"] == "notes"


def test_step_page_shows_the_patterns_text_for_that_step(live_workshop, team_a, participant_a):
    page = (
        client_as_participant(participant_a)
        .get(reverse("steps:page", args=[live_workshop.pk, team_a.pk, 2]))
        .content.decode()
    )
    step = live_workshop.pattern.implementation_steps()[1]
    assert step.title in page
    assert "From the pattern" in page
    assert step.get_absolute_url() in page


def test_one_autosave_costs_a_constant_small_number_of_queries(
    live_workshop, team_a, participant_a, django_assert_num_queries
):
    # A typing room saves ~100 times a second: the participant with team and workshop, the step,
    # the note's id; then in one transaction (two statements around it) the compare-and-swap
    # UPDATE and the progress UPDATE. No workshop, progress or whole-note read of their own.
    client = client_as_participant(participant_a)
    url = notes_url(live_workshop, team_a)
    autosave(client, url, "First", 0)
    for version in (1, 2):
        with django_assert_num_queries(7) as queries:
            response = autosave(client, url, f"Text {version}", version)
        assert response.json() == {"version": version + 1}
        tables = [q["sql"].split(" FROM ")[1].split()[0] for q in queries if " FROM " in q["sql"]]
        assert tables == [
            '"facilitation_participant"',
            '"facilitation_workshopstep"',
            '"notes_teamnote"',
        ]
    assert StepProgress.objects.get(team=team_a).status == "in_progress"


def test_autosave_does_not_write_the_session(live_workshop, team_a, participant_a):
    client = client_as_participant(participant_a)
    url = notes_url(live_workshop, team_a)
    response = autosave(client, url, "First", 0)
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert "Set-Cookie" not in response.headers or "sessionid" not in response.headers["Set-Cookie"]


def test_an_autosave_on_a_locked_step_reopened_for_the_team_is_stored_for_that_team_only(
    live_workshop, facilitator, team_a, team_b, participant_a, participant_b
):
    # A save does not read the step's progress rows up front: a step that is not simply open asks
    # for this team's row, so the reopening still counts.
    step = live_workshop.steps.get(position=5)
    step.state = "locked"
    step.save()
    reopen = reverse(
        "facilitation:step_team", args=[live_workshop.pk, step.pk, team_a.pk, "reopen"]
    )
    client_as_user(facilitator).post(reopen)
    saved = autosave(
        client_as_participant(participant_a), notes_url(live_workshop, team_a, 5), "Review", 0
    )
    assert saved.json() == {"version": 1}
    refused = autosave(
        client_as_participant(participant_b), notes_url(live_workshop, team_b, 5), "Ours", 0
    )
    assert refused.status_code == 403
    assert refused.json()["error"] == "The facilitator has locked this step."
    assert list(TeamNote.objects.values_list("team", "text")) == [(team_a.pk, "Review")]


def test_a_removed_participants_save_is_not_found(
    live_workshop, facilitator, team_a, participant_a
):
    client = client_as_participant(participant_a)
    remove = reverse("facilitation:participant_remove", args=[live_workshop.pk, participant_a.pk])
    client_as_user(facilitator).post(remove)
    assert autosave(client, notes_url(live_workshop, team_a), "Still here?", 0).status_code == 404
    assert not TeamNote.objects.exists()


def test_a_facilitator_who_also_joined_as_a_participant_saves_as_the_facilitator(
    live_workshop, facilitator, team_a, participant_a
):
    # Facilitators come first (viewer_for); they read a team's notes but do not write them.
    from workshop.facilitation.access import SESSION_KEY

    client = client_as_user(facilitator)
    session = client.session
    session[SESSION_KEY] = {str(live_workshop.pk): participant_a.pk}
    session.save()
    refused = autosave(client, notes_url(live_workshop, team_a), "Facilitator's words", 0)
    assert refused.status_code == 403
    assert not TeamNote.objects.exists()
