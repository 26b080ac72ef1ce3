"""Step 2's anonymous reveal on a phone (issue 18): voters are told before they score; after the
reveal the team sees each cell's scores, spread and disagreement, and no names."""

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.e2e.test_alignment import join_as, prepare, vote
from workshop.facilitation.models import Participant

NOTE = "Scores in this workshop are revealed anonymously"


def test_anonymous_reveal_on_a_phone(browser, asgi_server, live_workshop, no_dialogs):
    live_workshop.anonymous_scoring = True
    live_workshop.save(update_fields=["anonymous_scoring"])
    team = prepare(live_workshop)
    marcus_context, marcus = join_as(browser, asgi_server, live_workshop, "Marcus", "Riverside")
    amara_context, amara = join_as(browser, asgi_server, live_workshop, "Amara", "Riverside")
    Participant.objects.filter(display_name="Marcus").update(role="lead")
    step_url = f"{asgi_server.url}/w/{live_workshop.pk}/team/{team.pk}/step/2/"
    marcus.goto(step_url + "#scoring")
    amara.goto(step_url + "#scoring")
    expect(amara.locator("#scoring")).to_contain_text(NOTE)

    district_m = marcus.locator("article.score-card").filter(has_text="Calder Parks")
    vote(marcus, district_m, {"Commitment to free public access": 5, "Capital funding": 4})
    expect(district_m).to_contain_text("You have scored 2 of 2.")
    district_a = amara.locator("article.score-card").filter(has_text="Calder Parks")
    vote(amara, district_a, {"Commitment to free public access": 3, "Capital funding": 4})
    expect(district_a).to_contain_text("You have scored 2 of 2.")

    marcus.reload()
    marcus.get_by_role("button", name="Reveal scores to the team").click()
    expect(marcus.locator("#scoring").get_by_text("Revealed", exact=True)).to_be_visible()
    amara.reload()
    district_a = amara.locator("article.score-card").filter(has_text="Calder Parks")
    expect(district_a).to_contain_text("Scores given: 5 · 3")
    expect(district_a).to_contain_text("spread 2")
    expect(district_a.locator(".discuss-badge")).to_have_count(1)
    expect(amara.locator("#scoring")).not_to_contain_text("Marcus")
    expect(amara.locator("#scoring .votes-list").filter(has_text="Amara")).to_have_count(0)
    expect(amara.locator("#scoring")).to_contain_text(NOTE)
    amara.screenshot(path="/tmp/shots/alignment-anonymous-360.png", full_page=True)
    assert_accessible(amara)
    marcus_context.close()
    amara_context.close()
