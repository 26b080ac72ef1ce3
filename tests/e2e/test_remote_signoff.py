"""Remote sign-off in a browser: a party representative opens the e-mailed link on a 360 px phone,
comments on a section and signs; the team sees both."""

from playwright.sync_api import expect

from tests.charter.millrace import load_team
from tests.e2e.conftest import assert_accessible
from workshop.steps.governance.models import CharterComment, CharterParty, SignOff
from workshop.steps.governance.publishing import Lifecycle, publish
from workshop.steps.links import default_expiry, new_token, token_hash

PHONE = {"width": 360, "height": 740}


def test_a_representative_comments_and_signs_by_link_on_a_phone(
    browser, asgi_server, live_workshop, team_a
):
    charter = load_team(team_a)
    version = publish(charter, None)
    party = CharterParty.objects.filter(charter=charter, membership="core").first()
    token = new_token()
    from workshop.steps.governance.models import RemoteSignInvite

    RemoteSignInvite.objects.create(
        version=version,
        party=party,
        name="Amara <i>Osei</i>",
        email="amara@example.org",
        token_hash=token_hash(token),
        expires_on=default_expiry(),
    )
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{asgi_server.url}/charter-link/{token}/")

    expect(page.get_by_role("heading", level=1)).to_contain_text(f"v{version.number}")
    expect(page.get_by_text("Amara <i>Osei</i>")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    page.screenshot(path="/tmp/shots/remote-signoff-360.png", full_page=True)

    section = page.locator("#r-value")
    section.get_by_text("Comment on this section").click()
    section.get_by_label("Comment").fill("Is V7 <script>alert(1)</script> monetary?")
    section.get_by_role("button", name="Send comment").click()
    expect(page.locator("#r-value [data-remote-comment]")).to_contain_text("<script>alert(1)")

    decision = page.locator("#decision")
    decision.get_by_text("Agree", exact=True).click()
    decision.get_by_role("button", name="Record my decision").click()
    expect(page.locator("[data-my-decision]")).to_contain_text("Agree")
    assert_accessible(page)
    page.screenshot(path="/tmp/shots/remote-signed-360.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path="/tmp/shots/remote-signed-1280.png")

    assert dialogs == []
    sign_off = SignOff.objects.get(version=version, party=party)
    assert (sign_off.signer_name, sign_off.decision, sign_off.party_id) == (
        "Amara <i>Osei</i>",
        "agree",
        party.pk,
    )
    assert CharterComment.objects.get(by_remote=True).author_name == "Amara <i>Osei</i>"
    assert sign_off in Lifecycle(charter).sign_offs_for(version.number)
    context.close()
