"""Step 3's early warnings about a party link to that party's row in the charter's parties section,
from the team's own step page and from the facilitator's alerts list: following the link shows
the row (with its Edit button for the team), and the export still names the party by its ref."""

import re

import pytest
from django.urls import reverse
from django.utils.text import slugify

from tests.conftest import client_as_user
from tests.steps.alert_links import follow, links
from tests.steps.governance.millrace import url
from workshop.facilitation.models import Workshop
from workshop.interchange.context import ExportContext
from workshop.interchange.document import team_warnings
from workshop.steps.governance.models import CharterParty, Seat

pytestmark = pytest.mark.django_db


def _follow(client, href):
    """The party's row on the page the link opens."""
    html = follow(client, href)
    anchor = re.escape(href.partition("#")[2])
    return re.search(rf'<li class="item-row" id="{anchor}">(.*?)</li>', html, re.S).group(1)


def _step_page(workshop, team):
    return reverse("steps:page", args=[workshop.pk, team.pk, 3])


def _unseat(lead, workshop, team, party):
    """The team removes the party's seats, as on the governance section."""
    for seat in Seat.objects.filter(party=party):
        response = lead.post(url(workshop, team, "delete", "seats", seat.pk))
        assert response.status_code == 302


def test_duties_without_seat_links_the_partys_row_from_the_step_page(b1, live_workshop, team_a):
    charter, lead = b1
    party = CharterParty.objects.get(charter=charter, actor__name="Millrace Park Foundation")
    _unseat(lead, live_workshop, team_a, party)
    html = lead.get(_step_page(live_workshop, team_a)).content.decode()
    assert "Millrace Park Foundation carries 7 duties but has no seat" in html
    [href] = links(html, "duties_without_seat")
    assert href == url(live_workshop, team_a, "section", "parties") + f"#parties-{party.pk}"
    # The charter summary above the checklist links the same row.
    summary = re.search(r'data-charter-alert="duties_without_seat">(.*?)</p>', html, re.S)
    assert f'<a href="{href}">' in summary.group(1)
    row = _follow(lead, href)
    assert "Millrace Park Foundation" in row
    assert f"?edit=parties-{party.pk}" in row  # the team can open it in edit from there


def test_duties_without_seat_links_the_row_from_the_alerts_list(
    b1, live_workshop, team_a, facilitator
):
    charter, lead = b1
    party = CharterParty.objects.get(charter=charter, actor__name="Millrace Park Foundation")
    _unseat(lead, live_workshop, team_a, party)
    jordan = client_as_user(facilitator)
    alerts = reverse("facilitation:across_alerts", args=[live_workshop.pk])
    [href] = links(jordan.get(alerts).content.decode(), "duties_without_seat")
    assert href.endswith(f"#parties-{party.pk}")
    assert "Millrace Park Foundation" in _follow(jordan, href)  # read-only, but the row is there


def test_largest_share_links_the_party_holding_it(b1, live_workshop, team_a, facilitator):
    charter, lead = b1
    Workshop.objects.filter(pk=live_workshop.pk).update(dependency_threshold_pct=20)
    html = lead.get(_step_page(live_workshop, team_a)).content.decode()
    [href] = links(html, "dependency_share")
    pk = int(href.rpartition("#parties-")[2])
    holder = CharterParty.objects.select_related("actor").get(charter=charter, pk=pk)
    assert holder.actor.name in _follow(lead, href)
    jordan = client_as_user(facilitator)
    alerts = jordan.get(reverse("facilitation:across_alerts", args=[live_workshop.pk]))
    assert links(alerts.content.decode(), "dependency_share") == [href]
    # The JSON export still names the record by the charter's own ref, not a database id.
    live_workshop.refresh_from_db()
    steps = list(live_workshop.steps.all())
    exported = team_warnings(team_a, steps, ExportContext(team=team_a, workshop=live_workshop))
    records = [w["record"] for w in exported if w["kind"] == "dependency_share"]
    assert records == [f"party:{slugify(holder.actor.name)}"]
