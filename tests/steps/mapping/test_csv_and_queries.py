"""CSV export/import (injection-safe, BOM, atomic) and constant query counts of the map pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import client_as_participant
from workshop.steps.mapping.models import Actor, Flow

pytestmark = pytest.mark.django_db


def url(name, workshop, team):
    return reverse(f"steps:mapping:{name}", args=[workshop.pk, team.pk, 1])


def make_network(team, count):
    actors = [
        Actor.objects.create(
            team=team,
            name=f"Actor {i}",
            actor_type="organisation",
            sector="public",
            influence=1 + i % 5,
            interest=1 + i * 2 % 5,
        )
        for i in range(count)
    ]
    for i in range(count):
        Flow.objects.create(
            team=team,
            source=actors[i],
            target=actors[(i + 1) % count],
            flow_type="money",
            label=f"Flow {i}",
        )
    return actors


def test_export_escapes_formulas_keeps_numbers_plain_and_starts_with_a_bom(
    live_workshop, team_a, participant_a
):
    a = Actor.objects.create(
        team=team_a,
        name='=HYPERLINK("http://example.com","x")',
        actor_type="organisation",
        sector="public",
        influence=4,
        interest=2,
    )
    b = Actor.objects.create(
        team=team_a,
        name="+SUM(1,1)",
        actor_type="community",
        sector="community",
        influence=1,
        interest=5,
        notes="-2+3",
    )
    Flow.objects.create(
        team=team_a,
        source=a,
        target=b,
        flow_type="money",
        label="@cmd",
        amount="4500000",
        amount_unit="per_year",
    )
    client = client_as_participant(participant_a)
    actors = client.get(url("export_actors", live_workshop, team_a)).content
    assert actors.startswith(b"\xef\xbb\xbfLabel,Type,Description,")
    text = actors.decode("utf-8-sig")
    assert '"\'=HYPERLINK(""http://example.com"",""x"")",organisation,,public,,high,,4,2,' in text
    assert "\"'+SUM(1,1)\",community,'-2+3,community" in text
    flows = client.get(url("export_flows", live_workshop, team_a)).content.decode("utf-8-sig")
    assert "'@cmd,one_way,existing,,4500000.00,per_year" in flows


def test_import_round_trips_an_export_into_another_team(
    live_workshop, team_a, team_b, participant_a, participant_b
):
    make_network(team_a, 5)
    Actor.objects.filter(name="Actor 0").update(name="=cmd", name_key="=cmd")
    a = client_as_participant(participant_a)
    actors = a.get(url("export_actors", live_workshop, team_a)).content
    flows = a.get(url("export_flows", live_workshop, team_a)).content
    response = client_as_participant(participant_b).post(
        url("import", live_workshop, team_b),
        {
            "actors": SimpleUploadedFile("a.csv", actors),
            "connections": SimpleUploadedFile("c.csv", flows),
        },
    )
    assert response.status_code == 200
    assert "Imported 5 actors and 5 connections." in response.content.decode()
    assert sorted(Actor.objects.filter(team=team_b).values_list("name", flat=True)) == [
        "=cmd",
        "Actor 1",
        "Actor 2",
        "Actor 3",
        "Actor 4",
    ]
    assert Flow.objects.filter(team=team_b).count() == 5


def test_import_reports_every_error_with_its_row_and_imports_nothing(
    live_workshop, team_a, participant_a
):
    actors = (
        b"Label,Type,Sector,Influence,Interest\n"
        b"Good One,organisation,public,3,3\n"
        b",organisation,public,3,3\n"
        b"Bad Numbers,organisation,public,9,3\n"
    )
    flows = b"From,To,Type,Label\nGood One,Nobody,money,Grant\n"
    response = client_as_participant(participant_a).post(
        url("import", live_workshop, team_a),
        {
            "actors": SimpleUploadedFile("a.csv", actors),
            "connections": SimpleUploadedFile("c.csv", flows),
        },
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Actors, row 3, Label: This field is required." in content
    assert (
        "Actors, row 4, Influence: Select a valid choice. 9 is not one of the available choices."
        in content
    )
    assert "Connections, row 2, To: no actor called ‘Nobody’." in content  # noqa: RUF001
    assert not Actor.objects.exists()


@pytest.mark.parametrize("view", ["table", "map", "grid"])
def test_page_queries_do_not_grow_with_the_number_of_actors(
    live_workshop, team_a, participant_a, view
):
    client = client_as_participant(participant_a)
    page = reverse("steps:page", args=[live_workshop.pk, team_a.pk, 1]) + f"?view={view}"
    board = url("board", live_workshop, team_a) + f"?view={view}"
    counts = []
    for size in (5, 50):
        Actor.objects.filter(team=team_a).delete()
        make_network(team_a, size)
        client.get(page)  # warm the layout cache
        with CaptureQueriesContext(connection) as page_queries:
            assert client.get(page).status_code == 200
        with CaptureQueriesContext(connection) as board_queries:
            assert client.get(board).status_code == 200
        counts.append((len(page_queries), len(board_queries)))
    assert counts[0] == counts[1]
