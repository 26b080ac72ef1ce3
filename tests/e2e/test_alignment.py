"""Step 2 on phones: two teammates score blind, the lead reveals, the team agrees, the ranking shows."""

from decimal import Decimal

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.e2e.test_participant import PHONE
from workshop.facilitation.models import Participant
from workshop.steps.alignment.models import Candidate, Criterion, Score, ScoreVote
from workshop.steps.mapping.models import Actor


def prepare(workshop):
    step = workshop.steps.get(position=2)
    step.state = "open"
    step.save()
    workshop.advance_to(step)
    team = workshop.teams.get(name="Riverside")
    Criterion.objects.create(
        team=team,
        name="Commitment to free public access",
        category="values_alignment",
        weight=Decimal(60),
        order=1,
        scoring_guide="1 = charges for entry, 5 = free for everyone",
    )
    Criterion.objects.create(
        team=team,
        name="Capital funding",
        category="financial_capacity",
        weight=Decimal(40),
        order=2,
    )
    for name in ("Calder Parks & Trails District", "Hartwell Family Foundation"):
        actor = Actor.objects.create(
            team=team,
            name=name,
            actor_type="organisation",
            sector="public",
            influence=4,
            interest=4,
        )
        Candidate.objects.create(team=team, actor=actor, status="shortlisted")
    return team


def join_as(browser, server, workshop, name, team_name):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{server.url}/join/{workshop.join_code}/")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Team").select_option(label=team_name)
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return context, page


def ready(page):
    page.wait_for_function("() => window.htmx !== undefined && document.readyState === 'complete'")


def vote(page, card, values):
    ready(page)
    for criterion, value in values.items():
        card.get_by_role("group", name=criterion).get_by_text(str(value), exact=True).click()
    with page.expect_response(lambda response: "/vote/" in response.url):
        card.get_by_role("button", name="Save my scores").click()


def test_blind_scoring_reveal_consensus_and_ranking(
    browser, asgi_server, live_workshop, no_dialogs
):
    team = prepare(live_workshop)
    marcus_context, marcus = join_as(browser, asgi_server, live_workshop, "Marcus", "Riverside")
    amara_context, amara = join_as(browser, asgi_server, live_workshop, "Amara", "Riverside")
    Participant.objects.filter(display_name="Marcus").update(role="lead")
    step_url = f"{asgi_server.url}/w/{live_workshop.pk}/team/{team.pk}/step/2/"
    marcus.goto(step_url + "#scoring")
    amara.goto(step_url + "#scoring")
    expect(marcus.get_by_text("Your scores are private until the reveal.")).to_be_visible()

    district_m = marcus.locator("article.score-card").filter(has_text="Calder Parks")
    vote(marcus, district_m, {"Commitment to free public access": 5, "Capital funding": 4})
    expect(district_m).to_contain_text("You have scored 2 of 2.")
    hartwell_m = marcus.locator("article.score-card").filter(has_text="Hartwell")
    vote(marcus, hartwell_m, {"Commitment to free public access": 4, "Capital funding": 5})
    expect(hartwell_m).to_contain_text("You have scored 2 of 2.")

    district_a = amara.locator("article.score-card").filter(has_text="Calder Parks")
    vote(amara, district_a, {"Commitment to free public access": 3, "Capital funding": 4})
    expect(district_a).to_contain_text("You have scored 2 of 2.")
    # Amara sees only her own votes: nothing of Marcus's.
    expect(amara.locator("#scoring")).not_to_contain_text("Marcus")
    assert ScoreVote.objects.count() == 6
    marcus.screenshot(path="/tmp/shots/alignment-blind-360.png", full_page=True)
    assert_accessible(amara)

    marcus.reload()
    marcus.get_by_role("button", name="Reveal scores to the team").click()
    expect(marcus.locator("#scoring").get_by_text("Revealed", exact=True)).to_be_visible()
    # Amara sees the matrix with who scored what, and the disagreement marked.
    amara.reload()
    district_a = amara.locator("article.score-card").filter(has_text="Calder Parks")
    expect(district_a).to_contain_text("Amara 3 · Marcus 5")
    expect(district_a.locator(".matrix-row.disagreement")).to_have_count(1)
    expect(district_a.locator(".discuss-badge")).to_have_text("⚠ Discuss")

    # Agree: the prefilled rounded means (4 and 4; 4 and 5) are saved as they are.
    marcus.reload()
    ready(marcus)
    for name in ("Calder Parks", "Hartwell"):
        card = marcus.locator("article.score-card").filter(has_text=name)
        with marcus.expect_response(lambda response: "/consensus/" in response.url):
            card.get_by_role("button", name="Save agreed scores").click()
    assert sorted(Score.objects.values_list("value", flat=True)) == [4, 4, 4, 5]
    marcus.reload()
    ranking = marcus.locator(".ranking-table tbody tr")
    expect(ranking.nth(0)).to_contain_text("Hartwell Family Foundation")
    expect(ranking.nth(0)).to_contain_text("4.40")
    expect(ranking.nth(1)).to_contain_text("Calder Parks & Trails District")
    expect(ranking.nth(1)).to_contain_text("4.00")
    marcus.screenshot(path="/tmp/shots/alignment-revealed-360.png", full_page=True)
    assert_accessible(marcus)

    marcus.set_viewport_size({"width": 1280, "height": 900})
    marcus.goto(step_url)
    marcus.screenshot(path="/tmp/shots/alignment-1280.png", full_page=True)
    assert_accessible(marcus)
    marcus_context.close()
    amara_context.close()
