"""Very long text never 500s: every free-text field a person types has a limit, and the forms say
so beside the field, keeping what was typed. Pattern files with hostile Markdown (raw HTML,
javascript: links, SVG, event attributes) render sanitised by nh3 on the pattern page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import client_as_participant, client_as_user
from tests.hostile.corpus import CORPUS, LONG
from tests.hostile.safety import check_html
from tests.hostile.workshop import typed_models
from tests.patterns.conftest import SAMPLES, run_load
from workshop.facilitation.models import Participant

pytestmark = pytest.mark.django_db


def test_every_typed_field_has_a_limit():
    unlimited = []
    for model, fields in typed_models():
        for field in fields:
            try:
                field.clean(LONG, None)
            except ValidationError:
                continue
            unlimited.append(f"{model._meta.label}.{field.name}")
    assert unlimited == []


def test_long_team_notes_get_a_message_and_keep_the_text(participant_a, live_workshop, team_a):
    url = reverse("steps:notes", args=[live_workshop.pk, team_a.pk, 1])
    response = client_as_participant(participant_a).post(url, {"text": LONG, "version": 0})
    assert response.status_code == 400
    html = response.content.decode()
    assert "at most" in html.lower()
    assert LONG[:2000] in html


def test_a_long_nudge_gets_a_message(facilitator, live_workshop):
    url = reverse("facilitation:message", args=[live_workshop.pk])
    response = client_as_user(facilitator).post(url, {"body": LONG, "team": ""})
    assert response.status_code in (200, 400)
    assert "280" in response.content.decode()
    assert not live_workshop.messages.exists()


def test_a_long_display_name_on_join_gets_a_message(client, live_workshop):
    response = client.post(
        reverse("facilitation:join"), {"code": live_workshop.join_code, "display_name": LONG}
    )
    assert response.status_code in (200, 400)
    assert "at most" in response.content.decode().lower()
    assert not Participant.objects.filter(workshop=live_workshop).exists()


HOSTILE_MARKDOWN = "\n\n".join(
    [
        *CORPUS,
        "[a link](javascript:alert(7)) and ![img](javascript:alert(8))",
        '<a href="javascript:alert(9)" onclick="alert(10)">raw</a>',
        '<svg><script>alert(11)</script><a xlink:href="javascript:alert(12)">s</a></svg>',
        '<iframe src="http://example.com"></iframe><object data=x></object>',
        '<p style="background:url(http://example.com/x)">styled</p>',
    ]
)


def test_a_pattern_with_hostile_markdown_renders_sanitised(client, db, tmp_path):
    text = (SAMPLES / "coalition-building.md").read_text(encoding="utf-8")
    for heading in ("### Section 1: Context", "### Section 3: Solution"):
        text = text.replace(heading, heading + "\n\n" + HOSTILE_MARKDOWN + "\n", 1)
    (tmp_path / "coalition-building.md").write_text(text, encoding="utf-8")
    run_load(tmp_path)
    response = client.get(reverse("patterns:detail", args=["coalition-building"]))
    assert response.status_code == 200
    html = response.content.decode()
    shown = check_html(html, "pattern page", markup_allowed=True)
    for raw in ("<iframe", "<object", "url(http://example.com", "alert(11)"):
        assert raw not in html, raw
    assert "{% debug %}" in shown and "{{ 7|add:7 }}" in shown
