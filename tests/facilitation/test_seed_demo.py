"""`manage.py seed_demo`: the demo facilitator and live workshop, idempotent."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from workshop.facilitation.models import Participant, Workshop

pytestmark = pytest.mark.django_db


def seed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_creates_a_live_workshop_with_teams(partnership_pattern):
    output = seed()
    workshop = Workshop.objects.get()
    assert workshop.title == "Millrace Park Partnership: design workshop"
    assert workshop.owner.username == "demo@example.org"
    assert (workshop.status, workshop.currency, workshop.score_min, workshop.score_max) == (
        "live",
        "USD",
        1,
        5,
    )
    assert workshop.current_step.position == 1
    assert workshop.current_step.state == "open"
    assert list(workshop.teams.values_list("name", flat=True)) == [
        "Riverside",
        "City Hall",
        "Sponsors",
    ]
    leads = Participant.objects.filter(role="lead").order_by("display_name")
    assert list(leads.values_list("display_name", flat=True)) == ["Chris", "Dana", "Marcus"]
    assert workshop.participants.count() == 6
    assert f"Join code: {workshop.join_code}" in output
    assert "Demo facilitator: demo@example.org / workshop-demo" in output


def test_seed_demo_twice_changes_nothing(partnership_pattern):
    seed()
    code = Workshop.objects.get().join_code
    output = seed()
    assert Workshop.objects.count() == 1
    assert Participant.objects.count() == 6
    assert get_user_model().objects.filter(username="demo@example.org").count() == 1
    assert f"Join code: {code}" in output


def test_demo_facilitator_can_log_in_with_the_printed_password(partnership_pattern):
    seed()
    client = Client()
    assert client.login(username="demo@example.org", password="workshop-demo")
    workshop = Workshop.objects.get()
    assert client.get(reverse("facilitation:console", args=[workshop.pk])).status_code == 200


def test_seed_demo_without_the_pattern_says_to_load_patterns():
    with pytest.raises(
        CommandError, match=r"Run `python manage\.py load_patterns patterns/library` first\."
    ):
        seed()
    assert Workshop.objects.count() == 0
