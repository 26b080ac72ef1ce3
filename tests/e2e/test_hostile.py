"""A participant's step pages with hostile text in every field (tests/hostile): in a real browser,
no dialog fires and the console shows no error."""

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from tests.hostile.workshop import build_hostile
from workshop.facilitation.access import SESSION_KEY


@pytest.fixture
def hostile(partnership_pattern, facilitator):
    return build_hostile(facilitator)


def test_hostile_text_runs_nothing_in_the_browser(asgi_server, hostile, page, no_dialogs):
    workshop, lead = hostile.workshop, hostile.lead
    session = SessionStore()
    session[SESSION_KEY] = {str(workshop.pk): lead.pk}
    session.create()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": asgi_server.url,
            }
        ]
    )
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    for position in range(1, 6):
        url = f"{asgi_server.url}/w/{workshop.pk}/team/{lead.team_id}/step/{position}/"
        assert page.goto(url).status == 200, url
        page.wait_for_load_state("networkidle")
    page.screenshot(path="/tmp/shots/hostile-step5.png", full_page=True)
    assert errors == []
