"""`manage.py seed_demo`: the demo facilitator and live workshop with worked, early and sparse teams,
idempotent."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from tests.charter.conftest import pdf_text
from tests.conftest import client_as_participant
from workshop.facilitation.models import Participant, StepProgress, Workshop
from workshop.steps import completion
from workshop.steps.governance.models import CharterParty, CharterVersion, SignOff
from workshop.steps.governance.publishing import Lifecycle
from workshop.steps.mapping.models import Actor

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
    assert set(workshop.steps.values_list("state", flat=True)) == {"open"}
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
    assert "Demo work for team Riverside: all five steps" in output


def counts():
    return (
        Actor.objects.count(),
        CharterParty.objects.count(),
        CharterVersion.objects.count(),
        SignOff.objects.count(),
        StepProgress.objects.filter(status="submitted").count(),
    )


def test_seed_demo_twice_changes_nothing(partnership_pattern):
    seed()
    code = Workshop.objects.get().join_code
    before = counts()
    output = seed()
    assert Workshop.objects.count() == 1
    assert Participant.objects.count() == 6
    assert counts() == before
    assert "Demo work for team" not in output
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


def teams():
    workshop = Workshop.objects.get()
    return workshop, {team.name: team for team in workshop.teams.all()}


def test_riverside_has_a_complete_design_through_all_five_steps(partnership_pattern):
    seed()
    workshop, by_name = teams()
    riverside = by_name["Riverside"]
    for step in workshop.steps.order_by("position"):
        checks = completion.evaluate(riverside, step)
        assert checks.complete, (step.position, [c.key for c in checks.blocking])
    submitted = StepProgress.objects.filter(team=riverside, status="submitted")
    assert sorted(submitted.values_list("step__position", flat=True)) == [1, 2, 3, 4, 5]
    # The charter is published twice; the second version, which folds in the pilot's lessons, is
    # agreed by every party that can sign.
    charter = riverside_charter(riverside)
    lifecycle = Lifecycle(charter)
    assert [v.number for v in lifecycle.versions] == [1, 2]
    assert (lifecycle.status.status, lifecycle.status.operative_version) == ("agreed", 2)
    signers = {s.party_id for s in lifecycle.sign_offs_for(2) if s.decision == "agree"}
    assert signers == {p.pk for p in charter.parties.all() if p.can_sign}
    assert "Pilot lessons" in lifecycle.latest.change_summary


def riverside_charter(team):
    from workshop.steps.governance.models import Charter

    return Charter.objects.get(team=team)


def test_the_other_teams_are_at_earlier_stages(partnership_pattern):
    seed()
    workshop, by_name = teams()
    step = {s.position: s for s in workshop.steps.all()}
    city_hall, sponsors = by_name["City Hall"], by_name["Sponsors"]
    assert completion.evaluate(city_hall, step[2]).complete
    assert not completion.evaluate(city_hall, step[3]).complete
    assert not CharterParty.objects.filter(team=city_hall).exists()
    # Sponsors: a first sketch, nothing submitted, and what step 1 still needs is listed.
    sparse = completion.evaluate(sponsors, step[1])
    assert not sparse.complete and sparse.percent < 50
    assert not StepProgress.objects.filter(team=sponsors, status="submitted").exists()
    assert 0 < Actor.objects.filter(team=sponsors).count() < 6


def test_a_demo_seeded_before_it_had_work_gets_the_work_once(partnership_pattern):
    from workshop.steps.alignment.models import Candidate, Criterion

    seed()
    _workshop, by_name = teams()
    sponsors = by_name["Sponsors"]
    # An older demo: the team exists with its members but no work.
    Candidate.objects.filter(team=sponsors).delete()
    Criterion.objects.filter(team=sponsors).delete()
    Actor.objects.filter(team=sponsors).delete()
    riverside_before = Actor.objects.filter(team=by_name["Riverside"]).count()
    output = seed()
    assert "Demo work for team Sponsors" in output
    assert "Demo work for team Riverside" not in output
    assert Actor.objects.filter(team=sponsors).exists()
    assert Actor.objects.filter(team=by_name["Riverside"]).count() == riverside_before


def test_the_worked_teams_pages_and_exports_render(partnership_pattern):
    seed()
    workshop, by_name = teams()
    riverside = by_name["Riverside"]
    lead = riverside.members.get(display_name="Marcus")
    client = client_as_participant(lead)
    for position in range(1, 6):
        page = client.get(reverse("steps:page", args=[workshop.pk, riverside.pk, position]))
        assert page.status_code == 200, position
        assert "100 % done" in page.content.decode(), position
    step1 = client.get(reverse("steps:page", args=[workshop.pk, riverside.pk, 1])).content.decode()
    assert "Millrace Park Foundation" in step1
    sponsors = by_name["Sponsors"]
    sketch = client_as_participant(sponsors.members.get())
    page = sketch.get(reverse("steps:page", args=[workshop.pk, sponsors.pk, 1])).content.decode()
    assert "100 % done" not in page and "First Harbor Bank" in page
    args = [workshop.pk, riverside.pk, 3]
    preview = client.get(reverse("charter:preview", args=args))
    assert preview.status_code == 200
    assert "Millrace Park Partnership Charter" in preview.content.decode()
    pdf = client.get(reverse("charter:pdf", args=args))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Millrace Park Partnership Charter" in text
    assert "Calder Regional Transit Authority" in text

    facilitator = Client()
    facilitator.login(username="demo@example.org", password="workshop-demo")
    exported = facilitator.get(reverse("facilitation:export_json", args=[workshop.pk]))
    assert exported.status_code == 200
    document = json.loads(
        b"".join(exported.streaming_content) if exported.streaming else exported.content
    )
    riverside_doc = next(t for t in document["teams"] if t["name"] == "Riverside")
    assert len(riverside_doc["charter"]["versions"]) == 2
    assert riverside_doc["pilots"]
