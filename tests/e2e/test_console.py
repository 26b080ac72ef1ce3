"""A facilitator creates a workshop, runs it from the console and shows the projector."""

import io
import re
from pathlib import Path

from django.core.management import call_command
from playwright.sync_api import expect

from tests.conftest import REPO, make_facilitator, make_participant
from tests.e2e.conftest import assert_accessible, open_console
from workshop.facilitation.models import Workshop

PASSWORD = "quiet-harbour-lantern-42"
PASSWORD_LABEL = re.compile(r"^\s*Password\*?\s*$")
SHOTS = Path("/tmp/shots")


def shot(page, name, width, height=900):
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": height})
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def test_facilitator_creates_and_runs_a_workshop(page, asgi_server, no_dialogs):
    call_command("load_patterns", str(REPO / "patterns" / "library"), stdout=io.StringIO())
    make_facilitator("jordan@example.org", password=PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(asgi_server.url + "/accounts/login/?next=/facilitate/new/")
    page.get_by_label("E-mail address").fill("jordan@example.org")
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("New workshop")
    page.get_by_label("Title").fill("Millrace Park Partnership")
    page.get_by_label("Pattern").select_option(label="Ecosystem Partnership Design")
    page.get_by_label("Context lens").select_option("government")
    page.get_by_label("Currency").fill("usd")
    page.get_by_label("Team 1 name").fill("Riverside")
    page.get_by_label("Team 2 name").fill("City Hall")
    assert_accessible(page)
    shot(page, "workshop-create", 1280)
    page.get_by_role("button", name="Create workshop").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda")
    page.get_by_label("Minutes for Ecosystem Mapping", exact=False).first.fill("15")
    assert_accessible(page)
    shot(page, "agenda", 1280)
    page.get_by_role("button", name="Save and open the console").click()

    workshop = Workshop.objects.get()
    assert workshop.steps.get(position=1).timebox_minutes == 15
    make_participant(workshop, workshop.teams.get(name="Riverside"), "Marcus")
    make_participant(workshop, workshop.teams.get(name="City Hall"), "<b>Dana</b>")
    page.reload()

    expect(page.locator(".join-code")).to_have_text(workshop.join_code)
    expect(page.locator("#console-header .status-badge").first).to_have_text("Draft")
    assert_accessible(page)

    page.get_by_role("button", name="Start the session").click()
    expect(page.locator("#console-header .status-badge").first).to_have_text("Live")
    expect(page.locator("#console-agenda [aria-current=step]")).to_contain_text("1")
    expect(page.locator("#console-timer [data-timer-text]")).to_have_text("15:00")
    expect(page.locator("#console-notice")).to_have_text("Session started.")

    page.locator("#console-agenda li").nth(1).get_by_role("button").first.click()
    expect(page.locator("#console-agenda [aria-current=step]")).to_contain_text("2")
    expect(page.locator("#console-timer [data-timer-text]")).to_have_text("20:00")

    page.locator("#console-timer").get_by_role("button", name="Start").click()
    expect(page.locator("#console-timer").get_by_role("button", name="Pause")).to_be_visible()
    expect(page.locator("#console-timer [data-timer-text]")).not_to_have_text("20:00", timeout=4000)
    workshop.refresh_from_db()
    assert (
        workshop.status == "live" and workshop.current_step.position == 2 and workshop.timer_running
    )

    page.get_by_role("textbox", name="Message").fill("Ten minutes left")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#console-notice")).to_have_text("Message sent to everyone.")
    expect(page.locator("#console-log")).to_contain_text("sent a message")
    expect(page.locator("#console-people")).to_contain_text("<b>Dana</b>")
    assert_accessible(page)
    shot(page, "console", 1280)
    shot(page, "console", 1920, 1080)

    with page.expect_popup() as popup_info:
        page.get_by_role("link", name=re.compile("Projector view")).click()
    projector = popup_info.value
    projector.set_viewport_size({"width": 1920, "height": 1080})
    expect(projector.get_by_role("heading", level=1)).to_have_text(workshop.current_step.title)
    expect(projector.locator(".projector-team")).to_have_count(2)
    assert_accessible(projector)
    shot(projector, "projector-step", 1920, 1080)
    shot(projector, "projector-step", 1280)

    # The projector follows the console: back to the lobby view needs a draft; a new one shows it.
    draft = Workshop.create_from_pattern(workshop.pattern, workshop.owner, "Second group", ["A"])
    make_participant(draft, draft.teams.get(), "Amara")
    projector.goto(f"{asgi_server.url}/facilitate/{draft.pk}/projector/")
    expect(projector.locator(".projector-code")).to_have_text(draft.join_code)
    expect(projector.locator(".projector-names")).to_contain_text("Amara")
    assert_accessible(projector)
    shot(projector, "projector-lobby", 1920, 1080)


def test_console_grid_updates_live_when_someone_joins(page, asgi_server, no_dialogs):
    call_command("load_patterns", str(REPO / "patterns" / "library"), stdout=io.StringIO())
    user = make_facilitator("jordan@example.org", password=PASSWORD)
    pattern = __import__("patterns.models", fromlist=["Pattern"]).Pattern.objects.get(
        slug="ecosystem-partnership-design"
    )
    workshop = Workshop.create_from_pattern(pattern, user, "Live one", ["Riverside"])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(asgi_server.url + "/accounts/login/?next=" + f"/facilitate/{workshop.pk}/")
    page.get_by_label("E-mail address").fill("jordan@example.org")
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#console-people")).to_contain_text("Nobody has joined yet")
    page.wait_for_timeout(500)  # the stream connects

    joiner = page.context.browser.new_context().new_page()
    joiner.goto(f"{asgi_server.url}/join/{workshop.join_code}/")
    joiner.get_by_label(re.compile("Your name")).fill("Marcus")
    joiner.get_by_label(re.compile("Team")).select_option(label="Riverside")
    joiner.get_by_role("button", name="Join").click()
    expect(page.locator("#console-people")).to_contain_text("Marcus", timeout=5000)
    expect(page.locator("#console-grid")).to_contain_text("1 member")


SAVE_BURST = """async (count) => {
    // What the autosave sends, as fast as the server answers: a typing team, squeezed together.
    const form = document.querySelector("form[data-autosave]");
    const text = form.querySelector("[data-notes-text]");
    const version = form.querySelector("[data-version]");
    const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    for (let i = 1; i <= count; i++) {
        text.value = "Draft " + i;
        const response = await fetch(form.action, {
            method: "POST", body: new FormData(form), credentials: "same-origin",
            headers: {"X-Autosave": "1", "X-CSRFToken": token},
        });
        version.value = (await response.json()).version;
    }
}"""


def test_a_burst_of_team_saves_refetches_the_grid_a_few_times_and_ends_current(
    browser, asgi_server, live_workshop, no_dialogs
):
    from tests.e2e.test_participant import join_as
    from workshop.steps.notes.models import TeamNote

    console_context, console = open_console(browser, asgi_server, live_workshop, PASSWORD)
    marcus_context, marcus = join_as(browser, asgi_server, live_workshop, "Marcus", "Riverside")
    amara_context, amara = join_as(browser, asgi_server, live_workshop, "Amara", "City Hall")
    expect(console.locator("#console-people")).to_contain_text("Amara")
    console.wait_for_timeout(1500)  # the joins' refetches are over

    grid_requests = []
    console.on(
        "request", lambda request: "/part/grid" in request.url and grid_requests.append(request)
    )
    marcus.evaluate(SAVE_BURST, 40)
    # The last save of the burst is another team's, through the page's own autosave.
    amara.get_by_role("textbox", name="Team notes", exact=True).fill("City Hall's view")
    expect(amara.locator("[data-save-state]")).to_have_text("Saved")

    city_hall = console.locator("#console-grid tr", has_text="City Hall")
    riverside = console.locator("#console-grid tr", has_text="Riverside")
    expect(city_hall.locator("td").first).to_contain_text("In progress", timeout=2500)
    expect(riverside.locator("td").first).to_contain_text("In progress")
    assert TeamNote.objects.get(team__name="Riverside").text == "Draft 40"
    console.wait_for_timeout(1500)  # any refetch still held back has come
    assert 1 <= len(grid_requests) <= 8, len(grid_requests)  # 41 saves
    for context in (console_context, marcus_context, amara_context):
        context.close()
