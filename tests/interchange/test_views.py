"""The facilitator's Export menu (JSON, CSV per kind) and the Import workshop page."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.conftest import client_as_participant, client_as_user
from tests.interchange.documents import small
from workshop.facilitation.models import Workshop

pytestmark = pytest.mark.django_db


def export_url(workshop, kind=None):
    if kind is None:
        return reverse("facilitation:export_json", args=[workshop.pk])
    return reverse("facilitation:export_csv", args=[workshop.pk, kind])


def upload(document, name="w.json"):
    return SimpleUploadedFile(name, json.dumps(document).encode("utf-8"), "application/json")


def test_facilitator_downloads_the_json_document(live_workshop, co_facilitator):
    response = client_as_user(co_facilitator).get(export_url(live_workshop))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        "attachment; filename*=UTF-8''millrace-park-partnership-workshop.json"
    )
    document = json.loads(response.content)
    assert [team["name"] for team in document["teams"]] == ["Riverside", "City Hall"]


def test_facilitator_downloads_a_csv_per_kind(live_workshop, facilitator):
    response = client_as_user(facilitator).get(export_url(live_workshop, "actors"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content == "\ufeffteam\r\n".encode()
    assert client_as_user(facilitator).get(export_url(live_workshop, "nothing")).status_code == 404


@pytest.mark.parametrize("kind", [None, "actors"])
def test_others_cannot_export(live_workshop, other_facilitator, participant_a, kind):
    url = export_url(live_workshop, kind)
    assert client_as_user(other_facilitator).get(url).status_code == 404
    assert client_as_participant(participant_a).get(url).status_code == 302  # to the login page
    assert Client().get(url)["Location"].startswith("/accounts/login/")


def test_console_header_offers_the_export_menu(live_workshop, facilitator):
    html = client_as_user(facilitator).get(live_workshop.get_absolute_url()).content.decode()
    assert export_url(live_workshop) in html
    assert export_url(live_workshop, "contributions") in html


def test_dashboard_links_to_the_import_page(facilitator):
    html = client_as_user(facilitator).get(reverse("facilitation:dashboard")).content.decode()
    assert reverse("facilitation:import") in html


def test_import_page_creates_the_workshop_and_opens_its_console(partnership_pattern, facilitator):
    client = client_as_user(facilitator)
    response = client.post(reverse("facilitation:import"), {"file": upload(small())})
    workshop = Workshop.objects.get(title="Harbour Lane")
    assert response.status_code == 302
    assert response["Location"] == workshop.get_absolute_url()
    assert workshop.owner == facilitator


def test_import_page_lists_every_error_with_its_path_and_imports_nothing(
    partnership_pattern, facilitator
):
    document = small()
    document["teams"][0]["charter"]["exit_obligations"] = "x" * 10000
    document["teams"][0]["flows"][0]["source"] = "actor:nobody"
    response = client_as_user(facilitator).post(
        reverse("facilitation:import"), {"file": upload(document)}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was imported: 2 problems." in html
    assert "teams[0].flows[0].source: ‘actor:nobody’ does not match any actor ref" in html  # noqa: RUF001
    assert (
        "teams[0].charter.exit_obligations: Ensure this value has at most 5000 characters"
        " (it has 10000)." in html
    )
    assert Workshop.objects.filter(title="Harbour Lane").exists() is False


def test_import_page_says_when_the_file_is_not_json(facilitator):
    response = client_as_user(facilitator).post(
        reverse("facilitation:import"),
        {"file": SimpleUploadedFile("w.json", b"{oops", "application/json")},
    )
    assert response.status_code == 400
    assert "(document): Not valid JSON (line 1, column 2" in response.content.decode()


def test_import_page_needs_an_account(participant_a):
    response = client_as_participant(participant_a).get(reverse("facilitation:import"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
