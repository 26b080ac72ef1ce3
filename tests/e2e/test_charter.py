"""The charter in a browser: the print preview on a phone, and two teammates taking it from a live
edit through two published versions to both signers' agreement and the PDF without a DRAFT mark."""

import re
from pathlib import Path

from django.urls import reverse
from playwright.sync_api import expect

from tests.charter.conftest import flat, pdf_text
from tests.charter.millrace import load_team
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_participant import join_as
from tests.steps import scenario_data as s
from workshop.facilitation.models import Participant
from workshop.steps.governance.models import CharterParty
from workshop.steps.mapping.models import Actor


def test_participant_reads_the_charter_preview_on_a_phone(
    browser, asgi_server, live_workshop, team_a, no_dialogs
):
    charter = load_team(team_a)
    actor = Actor.objects.create(
        team=team_a,
        name="<script>alert('xss')</script>",
        actor_type="organisation",
        agency="high",
        influence=2,
        interest=2,
        sector="other",
    )
    CharterParty.objects.create(
        team=team_a, charter=charter, actor=actor, membership="associate", order=30
    )
    context, page = join_as(browser, asgi_server, live_workshop, "Marcus", "Riverside")
    url = reverse("charter:preview", args=[live_workshop.pk, team_a.pk, 3])

    page.goto(f"{asgi_server.url}{url}?version=live")

    expect(page.get_by_role("heading", name="Millrace Park Partnership Charter")).to_be_visible()
    expect(page.get_by_role("link", name="Download PDF")).to_have_attribute(
        "href", f"{reverse('charter:pdf', args=[live_workshop.pk, team_a.pk, 3])}?version=live"
    )
    expect(page.locator(".cover-parties")).to_contain_text("<script>alert('xss')</script>")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    page.screenshot(path="/tmp/shots/charter-preview-360.png")
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path="/tmp/shots/charter-preview-1280.png")
    page.goto(f"{asgi_server.url}{url}#annex_map")
    page.screenshot(path="/tmp/shots/charter-preview-map-1280.png")
    context.close()


PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
DANA_VISION = "A free riverside park every neighbour can reach on foot, by bus or by bike."
MARCUS_VISION = "A free riverside park that every neighbour reaches safely, run by its partners."
NARROWER_SCOPE = (
    "Commercial development on park land; policing; housing policy; parking enforcement"
)


def join_on(browser, server, workshop, name, viewport, dialogs):
    """A teammate of Riverside on a device of their own (a context: cookies of their own)."""
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{server.url}/join/{workshop.join_code}/")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Team").select_option(label="Riverside")
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return context, page


def live(page):
    """htmx loaded and the page's event stream open, so a teammate's save reaches it."""
    expect(page.locator("body")).to_have_attribute("data-connection", "live")


def publish_from(page, note):
    page.locator("summary", has_text="Publish version").click()
    page.get_by_label("What changed in this version").fill(note)
    page.get_by_role("button", name=re.compile(r"Publish as version \d")).click()


def agree(page, version_url, party):
    page.goto(version_url)
    form = page.locator(".sign-form")
    expect(form).to_contain_text(f"Your decision for {party} on version 2")
    form.get_by_label("Agree", exact=True).check()
    form.get_by_role("button", name="Record my decision").click()
    expect(page.get_by_text("Your decision is recorded.")).to_be_visible()
    # Back on the page, the signer sees what they recorded and may change it.
    expect(form.locator("[data-my-decision]")).to_contain_text("Recorded: Agree on")
    expect(form.get_by_role("button", name="Change my decision")).to_be_visible()


def assert_badge_readable(badge):
    """A state badge paints its own background: axe only marks white-on-white "incomplete"."""
    color, background = badge.evaluate(
        "e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]"
    )
    assert background not in ("rgba(0, 0, 0, 0)", "transparent", color), (color, background)


def test_teammates_edit_publish_compare_and_agree_the_charter(
    browser, asgi_server, live_workshop, team_a
):
    step = live_workshop.steps.get(position=3)
    step.state = "open"
    step.save(update_fields=["state"])
    live_workshop.advance_to(step)
    charter = load_team(team_a, publish=False)
    # Two signing parties: the City and the Foundation; the others attend as observers.
    CharterParty.objects.filter(charter=charter).exclude(
        actor__name__in=(s.CITY, s.FOUNDATION)
    ).update(membership="observer")
    dialogs = []  # no alert/confirm anywhere: hostile text stays inert, nothing asks twice
    marcus_context, marcus = join_on(
        browser, asgi_server, live_workshop, "Marcus", DESKTOP, dialogs
    )
    dana_context, dana = join_on(browser, asgi_server, live_workshop, "Dana", PHONE, dialogs)
    Participant.objects.filter(display_name="Marcus").update(role="lead")
    for name, party in (("Marcus", s.FOUNDATION), ("Dana", s.CITY)):
        CharterParty.objects.filter(charter=charter, actor__name=party).update(
            signer=Participant.objects.get(display_name=name)
        )
    base = f"{asgi_server.url}/w/{live_workshop.pk}/team/{team_a.pk}/step/3/charter"

    # Both open the purpose; Dana saves first and Marcus's preview follows live.
    marcus.goto(f"{base}/purpose/")
    dana.goto(f"{base}/purpose/")
    live(marcus)
    live(dana)
    dana.get_by_role("textbox", name="Vision").fill(DANA_VISION)
    dana.locator("#fields").get_by_role("button", name="Save").click()
    expect(dana.locator("#fields").get_by_role("status")).to_have_text("Saved.")
    expect(marcus.locator(".charter-preview")).to_contain_text(DANA_VISION)
    # Marcus's form still holds the older copy: saving it shows both values, and keeps his.
    marcus.get_by_role("textbox", name="Vision").fill(MARCUS_VISION)
    marcus.locator("#fields").get_by_role("button", name="Save").click()
    conflict = marcus.locator(".conflict")
    expect(conflict).to_contain_text("Dana saved first.")
    expect(conflict.locator("tbody tr")).to_have_count(1)
    expect(conflict.locator("tbody td").first).to_have_text(DANA_VISION)
    expect(conflict.locator("tbody td").last).to_have_text(MARCUS_VISION)
    expect(marcus.get_by_role("textbox", name="Vision")).to_have_value(MARCUS_VISION)
    marcus.screenshot(path="/tmp/shots/charter-conflict-1280.png", full_page=True)
    marcus.locator("#fields").get_by_role("button", name="Save").click()
    expect(marcus.locator("#fields").get_by_role("status")).to_have_text("Saved.")
    expect(dana.locator(".charter-preview")).to_contain_text(MARCUS_VISION)
    dana.screenshot(path="/tmp/shots/charter-purpose-360.png", full_page=True)

    # The lead publishes v1, changes the scope and publishes v2.
    publish_from(marcus, "First draft for the parties")
    expect(marcus.get_by_role("heading", level=1)).to_contain_text("v1")
    expect(marcus.get_by_role("region", name="v1")).to_contain_text("First draft for the parties")
    marcus.goto(f"{base}/scope/")
    marcus.get_by_role("textbox", name="Out of scope").fill(NARROWER_SCOPE)
    marcus.locator("#fields").get_by_role("button", name="Save").click()
    expect(marcus.locator("#fields").get_by_role("status")).to_have_text("Saved.")
    expect(marcus.locator("[data-charter-version]")).to_contain_text(
        "Draft has unpublished changes"
    )
    assert_accessible(marcus)
    marcus.screenshot(path="/tmp/shots/charter-scope-1280.png", full_page=True)
    publish_from(marcus, "Parking enforcement is out of scope")
    expect(marcus.get_by_role("heading", level=1)).to_contain_text("v2")

    # The comparison reads section by section: only the scope changed.
    marcus.get_by_role("link", name="Compare versions").click()
    expect(marcus.get_by_label("From version")).to_have_value("1")
    expect(marcus.get_by_label("To version")).to_have_value("2")
    scope = marcus.locator(".diff-section").filter(has=marcus.locator("#d-scope"))
    expect(scope.locator(".diff-del")).to_contain_text("Commercial development on park land;")
    expect(scope.locator(".diff-add")).to_contain_text(NARROWER_SCOPE)
    purpose = marcus.locator(".diff-section").filter(has=marcus.locator("#d-purpose"))
    expect(purpose).to_contain_text("unchanged")
    expect(marcus.locator(".diff-add")).to_have_count(1)
    assert_accessible(marcus)
    marcus.screenshot(path="/tmp/shots/charter-compare-1280.png", full_page=True)
    dana.goto(marcus.url)
    expect(dana.locator(".diff-add")).to_contain_text(NARROWER_SCOPE)
    assert dana.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    dana.screenshot(path="/tmp/shots/charter-compare-360.png", full_page=True)

    # Each named signer agrees to v2 on their own device.
    version_url = f"{base}/versions/2/"
    dana.goto(version_url)
    assert_accessible(dana)
    dana.screenshot(path="/tmp/shots/charter-sign-360.png", full_page=True)
    agree(dana, version_url, s.CITY)
    expect(dana.locator("[data-version-state]")).to_have_text("In review")
    assert_badge_readable(dana.locator("[data-version-state]"))
    agree(marcus, version_url, s.FOUNDATION)
    expect(marcus.locator("[data-version-state]")).to_have_text("Agreed")
    assert_badge_readable(marcus.locator("[data-version-state]"))
    expect(marcus.locator("#sign-off tbody tr")).to_have_count(2)
    expect(marcus.locator("#sign-off")).not_to_contain_text("________")
    assert_accessible(marcus)
    marcus.screenshot(path="/tmp/shots/charter-signed-1280.png", full_page=True)
    dana.goto(f"{base}/cover/")
    expect(dana.locator("[data-charter-status]")).to_have_text("Agreed")
    assert_accessible(dana)
    dana.screenshot(path="/tmp/shots/charter-agreed-360.png", full_page=True)

    # The agreed version downloads without the DRAFT watermark.
    with dana.expect_download() as download_info:
        dana.get_by_role("link", name="Download PDF (v2)").click()
    download_info.value.save_as("/tmp/shots/charter-v2.pdf")
    text = flat(pdf_text(Path("/tmp/shots/charter-v2.pdf").read_bytes()))
    assert "DRAFT" not in text
    assert "Version 2" in text
    assert NARROWER_SCOPE in text
    assert MARCUS_VISION in text
    marcus_context.close()
    dana_context.close()
    assert dialogs == []
