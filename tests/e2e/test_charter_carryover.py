"""A team adds its step-2 partners to the charter and finds each conversation's notes filled in."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.e2e.test_participant import join_as
from tests.steps import scenario_data as s
from tests.steps.governance.millrace import make_step1_rows, open_step3
from tests.steps.governance.test_carryover import BRINGS, CONDITIONS, INTERESTS, talk
from workshop.steps.alignment.models import Candidate
from workshop.steps.governance.models import CharterParty


def test_partners_added_from_step_2_bring_their_conversation_notes(
    browser, asgi_server, live_workshop, team_a, no_dialogs
):
    live_workshop.advance_to(open_step3(live_workshop))
    actors = make_step1_rows(team_a)
    district = Candidate.objects.create(team=team_a, actor=actors[s.DISTRICT], status="selected")
    talk(team_a, district, 10, their_interests=INTERESTS, what_they_could_bring=BRINGS)
    transit = Candidate.objects.create(team=team_a, actor=actors[s.TRANSIT], status="selected")
    talk(team_a, transit, 12, conditions=CONDITIONS)
    context, page = join_as(browser, asgi_server, live_workshop, "Marcus", "Riverside")
    section = reverse("steps:governance:section", args=[live_workshop.pk, team_a.pk, 3, "parties"])
    page.goto(f"{asgi_server.url}{section}")

    page.get_by_role("button", name="Add the convenor and selected partners (3)").click()
    records = page.locator("#records")
    expect(records).to_contain_text(s.DISTRICT)
    page.get_by_role("link", name=re.compile(rf"Edit .*{re.escape(s.DISTRICT)}")).click()
    editor = page.locator("#editor-slot")
    objectives = editor.get_by_label("This partner's objectives")
    expect(objectives).to_have_value(INTERESTS)
    expect(editor.get_by_label("What they bring")).to_have_value(BRINGS)
    expect(editor.get_by_text("Carried over from your conversation of").first).to_be_visible()
    page.screenshot(path="/tmp/shots/charter-carried-party-360.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)

    objectives.fill(INTERESTS + ", on time")
    editor.get_by_role("button", name="Save").click()
    expect(objectives).to_be_hidden()
    page.reload()
    page.get_by_role("link", name=re.compile(rf"Edit .*{re.escape(s.DISTRICT)}")).click()
    expect(objectives).to_have_value(INTERESTS + ", on time")
    expect(editor.locator("#id_partner_objectives_helptext")).to_contain_text(
        f"step 2 noted: “{INTERESTS}”"
    )
    party = CharterParty.objects.get(team=team_a, actor=actors[s.DISTRICT])
    assert party.partner_objectives == INTERESTS + ", on time"
    assert party.what_they_bring == BRINGS
    assert CharterParty.objects.get(team=team_a, actor=actors[s.TRANSIT]).what_they_gain == (
        CONDITIONS
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name=re.compile(rf"Edit .*{re.escape(s.TRANSIT)}")).click()
    expect(editor.get_by_label("What they gain")).to_have_value(CONDITIONS)
    page.screenshot(path="/tmp/shots/charter-carried-party-1280.png")
    context.close()
