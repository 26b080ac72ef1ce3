"""Deleting charter records: the confirmation names what goes with the record, with counts (DOMAIN.md
1.5), and the parties list costs the same queries however many parties there are."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.steps.governance.millrace import url
from workshop.steps.governance.models import (
    CharterParty,
    Contribution,
    DecisionRule,
    EscalationStep,
    GoverningBody,
    RaciActivity,
    RaciAssignment,
    RiskItem,
    Seat,
    ValueAllocation,
    ValueStream,
)
from workshop.steps.governance.presentation import SECTIONS
from workshop.steps.mapping.models import Actor

pytestmark = pytest.mark.django_db


def confirmation_for(page, name):
    row = re.search(rf"{re.escape(name)}.*?</li>", page, re.S)
    assert row, name
    return re.sub(r"\s+", " ", row.group(0))


def test_party_delete_confirmation_counts_what_goes_with_it(b1, live_workshop, team_a):
    charter, lead = b1
    party = CharterParty.objects.get(charter=charter, actor__name="Millrace Park Foundation")
    counts = (
        Contribution.objects.filter(party=party).count(),
        Seat.objects.filter(party=party).count(),
        ValueAllocation.objects.filter(party=party).count(),
        RaciAssignment.objects.filter(party=party).count(),
    )
    assert counts[0] and counts[3], "B1's foundation contributes and has RACI entries"

    page = lead.get(url(live_workshop, team_a, "section", "parties")).content.decode()

    row = confirmation_for(page, f'id="parties-{party.pk}"')
    assert "This also deletes:" in row
    assert f"{counts[0]} contribution" in row
    assert f"{counts[1]} seat" in row
    assert f"{counts[2]} allocation" in row
    assert f"{counts[3]} RACI entr" in row

    lead.post(url(live_workshop, team_a, "delete", "parties", party.pk))
    assert not CharterParty.objects.filter(pk=party.pk).exists()
    assert not Contribution.objects.filter(party_id=party.pk).exists()


def test_parties_list_queries_do_not_grow_with_parties(
    b1, live_workshop, team_a, django_assert_max_num_queries
):
    charter, lead = b1
    page_url = url(live_workshop, team_a, "section", "parties")
    lead.get(page_url)
    with CaptureQueriesContext(connection) as before:
        lead.get(page_url)
    for n in range(3):
        actor = Actor.objects.create(
            team=team_a,
            name=f"Extra partner {n}",
            actor_type="organisation",
            agency="high",
            influence=2,
            interest=2,
            sector="other",
        )
        party = CharterParty.objects.create(team=team_a, charter=charter, actor=actor, order=50 + n)
        Contribution.objects.create(
            team=team_a,
            charter=charter,
            party=party,
            contribution_type="cash",
            description="Cash",
            value=10,
        )
    with django_assert_max_num_queries(len(before.captured_queries)):
        page = lead.get(page_url).content.decode()
    assert "Extra partner 2" in page


def _copies(model, charter, times=2):
    """Saves `times` copies of the charter's first `model` record, renamed where names are unique."""
    original = model.objects.filter(charter=charter).first()
    assert original is not None, model
    for n in range(times):
        copy = model.objects.get(pk=original.pk)
        copy.pk = None
        copy._state.adding = True
        if hasattr(copy, "name_key"):
            copy.name = f"{copy.name} copy {n}"
        if model is EscalationStep:
            copy.order = 100 + n
        copy.save()
        if model is RaciActivity:
            for cell in original.assignments.all():
                RaciAssignment.objects.create(activity=copy, party=cell.party, code=cell.code)


def test_every_charter_section_costs_the_same_queries_with_more_records(b1, live_workshop, team_a):
    charter, lead = b1
    pages = [url(live_workshop, team_a, "section", section) for section in SECTIONS]
    before = {}
    for page_url in pages:
        assert lead.get(page_url).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            lead.get(page_url)
        before[page_url] = len(queries.captured_queries)
    for model in (
        Contribution,
        RaciActivity,
        ValueStream,
        EscalationStep,
        RiskItem,
        DecisionRule,
        GoverningBody,
    ):
        _copies(model, charter)
    after = {}
    for page_url in pages:
        with CaptureQueriesContext(connection) as queries:
            assert lead.get(page_url).status_code == 200
        after[page_url] = len(queries.captured_queries)
    assert after == before
