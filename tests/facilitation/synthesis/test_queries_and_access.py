"""Who may open the pages across teams, the merge and keep-apart calls, and query counts that stay the
same as teams, actors, criteria and candidates grow."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.charter.millrace import publish_version
from tests.conftest import client_as_participant, client_as_user
from workshop.facilitation.models import ActorClusterLink, Team
from workshop.steps.alignment.models import Candidate, Conversation, Criterion, Score
from workshop.steps.mapping.models import Actor, Flow, SharedPurpose, ValueGap

pytestmark = pytest.mark.django_db

PAGES = [
    "across_mapping",
    "across_mapping_part",
    "across_alignment",
    "across_alignment_part",
    "across_alerts",
    "across_alerts_part",
]
LATER_PAGES = [
    "across_governance",
    "across_governance_part",
    "across_pilot",
    "across_pilot_part",
    "across_scale",
    "across_scale_part",
]


def url(name, workshop, *args):
    return reverse(f"facilitation:{name}", args=[workshop.pk, *args])


def populate(workshop, teams: int, actors: int):
    """`teams` teams, each with `actors` actors, a flow per actor pair in a chain, a gap, a purpose,
    three criteria and every actor a fully scored candidate (half of them selected, talked to)."""
    existing = list(workshop.teams.all())
    for index in range(len(existing), teams):
        existing.append(Team.objects.create(workshop=workshop, name=f"Team {index + 1}"))
    for team in existing[:teams]:
        made = [
            Actor.objects.create(
                team=team,
                name=f"Actor {number} of the valley",
                actor_type="organisation" if number % 2 else "community",
                sector="public",
                influence=1 + number % 5,
                interest=1 + (number * 3) % 5,
                is_convenor=number == 0,
            )
            for number in range(actors)
        ]
        flows = [
            Flow.objects.create(
                team=team, source=a, target=b, flow_type="money", label=f"Flow {a.pk}"
            )
            for a, b in itertools.pairwise(made)
        ]
        gap = ValueGap.objects.create(
            team=team, title="A gap", gap_type="unmet_need", severity=3, opportunity=4
        )
        gap.affected_actors.set(made[:2])
        gap.related_flows.set(flows[:1])
        purpose = SharedPurpose.objects.create(
            team=team, statement="A purpose long enough to count."
        )
        purpose.addresses_gaps.set([gap])
        criteria = [
            Criterion.objects.create(team=team, name=name, category=category, weight=weight)
            for name, category, weight in [
                ("Values", "values_alignment", 30),
                ("Money", "financial_capacity", 50),
                ("Skills", "technical_capacity", 20),
            ]
        ]
        for number, actor in enumerate(made):
            candidate = Candidate.objects.create(
                team=team,
                actor=actor,
                status="selected" if number % 2 else "shortlisted",
                decision_rationale="Because",
            )
            Score.objects.bulk_create(
                Score(team=team, candidate=candidate, criterion=c, value=1 + (number + i) % 5)
                for i, c in enumerate(criteria)
            )
            if number % 4 == 1:
                Conversation.objects.create(
                    team=team,
                    candidate=candidate,
                    held_on=datetime.date(2026, 2, 1),
                    interest_level="high",
                    willingness="willing",
                )


def count_queries(client, address) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(address)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("page", PAGES)
def test_queries_stay_constant_as_teams_and_actors_grow(
    live_workshop, facilitator, django_assert_num_queries, page
):
    ActorClusterLink.decide(live_workshop, "actor 1 of the valley", "actor 2 of the valley", "same")
    jordan = client_as_user(facilitator)
    populate(live_workshop, teams=2, actors=5)
    small = count_queries(jordan, url(page, live_workshop))
    # Six teams of fifty actors (and fifty candidates each): the same number of queries.
    for model in (Candidate, Criterion, SharedPurpose, ValueGap, Actor):
        model.objects.all().delete()
    populate(live_workshop, teams=6, actors=50)
    with django_assert_num_queries(small):
        assert jordan.get(url(page, live_workshop)).status_code == 200


FACILITATOR = {"anonymous": 302, "participant": 302, "other": 404, "owner": 200, "co": 200}


@pytest.mark.parametrize("page", PAGES + LATER_PAGES)
@pytest.mark.parametrize("persona", list(FACILITATOR))
def test_only_the_workshops_facilitators_open_the_pages(
    live_workshop, participant_a, co_facilitator, other_facilitator, facilitator, page, persona
):
    from django.test import Client

    client = {
        "anonymous": Client(),
        "participant": client_as_participant(participant_a),
        "other": client_as_user(other_facilitator),
        "owner": client_as_user(facilitator),
        "co": client_as_user(co_facilitator),
    }[persona]
    response = client.get(url(page, live_workshop))
    assert response.status_code == FACILITATOR[persona]
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/")


def two_teams_with_a_possible_match(workshop):
    riverside, city_hall = workshop.teams.all()
    for team, name in (
        (riverside, "Calder County Board of Commissioners"),
        (city_hall, "Calder County"),
    ):
        Actor.objects.create(
            team=team,
            name=name,
            actor_type="organisation",
            sector="public",
            influence=4,
            interest=2,
        )


def test_keep_apart_with_htmx_returns_the_body_and_the_merge_form(live_workshop, co_facilitator):
    two_teams_with_a_possible_match(live_workshop)
    sam = client_as_user(co_facilitator)
    page = sam.get(url("across_mapping", live_workshop)).content.decode()
    assert page.count("data-possible") == 1
    response = sam.post(
        url("cluster_decide", live_workshop),
        {
            "key_a": "calder county",
            "key_b": "calder county board of commissioners",
            "decision": "different",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('\n<div id="across-body"') or html.lstrip().startswith(
        '<div id="across-body"'
    )
    assert 'id="merge-by-hand"' in html and 'hx-swap-oob="true"' in html
    assert "“Calder County” and “Calder County Board of Commissioners” are kept apart." in html
    assert "data-possible" not in html
    link = ActorClusterLink.objects.get()
    assert (link.decision, link.decided_by) == ("different", co_facilitator)


def test_undo_brings_the_possible_match_back(live_workshop, facilitator):
    two_teams_with_a_possible_match(live_workshop)
    link = ActorClusterLink.decide(
        live_workshop, "calder county board of commissioners", "calder county", "different"
    )
    jordan = client_as_user(facilitator)
    response = jordan.post(url("cluster_undo", live_workshop, link.pk))
    assert response.status_code == 302
    assert ActorClusterLink.objects.count() == 0
    assert (
        jordan.get(url("across_mapping", live_workshop)).content.decode().count("data-possible")
        == 1
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"key_a": "calder county", "key_b": "calder county"},
            "key_b",
            "Choose two different actors.",
        ),
        (
            {"key_a": "calder county", "key_b": "nobody here"},
            "key_b",
            "Choose an actor from the list.",
        ),
        ({"key_a": "", "key_b": "calder county"}, "key_a", "This field is required."),
    ],
)
def test_bad_merge_shows_the_message_beside_the_field(
    live_workshop, facilitator, data, field, message
):
    two_teams_with_a_possible_match(live_workshop)
    jordan = client_as_user(facilitator)
    response = jordan.post(url("cluster_decide", live_workshop), {**data, "decision": "same"})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<div class="invalid-feedback d-block" id="id_{field}-error">{message}</div>' in html
    assert 'aria-invalid="true"' in html
    assert ActorClusterLink.objects.count() == 0
    htmx = jordan.post(
        url("cluster_decide", live_workshop), {**data, "decision": "same"}, HTTP_HX_REQUEST="true"
    )
    assert htmx.status_code == 400
    assert message in htmx.content.decode()


def test_other_facilitators_cannot_decide_or_undo(live_workshop, other_facilitator, participant_a):
    two_teams_with_a_possible_match(live_workshop)
    link = ActorClusterLink.decide(
        live_workshop, "calder county", "calder county board of commissioners", "same"
    )
    riley = client_as_user(other_facilitator)
    data = {
        "key_a": "calder county",
        "key_b": "calder county board of commissioners",
        "decision": "different",
    }
    assert riley.post(url("cluster_decide", live_workshop), data).status_code == 404
    assert riley.post(url("cluster_undo", live_workshop, link.pk)).status_code == 404
    marcus = client_as_participant(participant_a)
    assert marcus.post(url("cluster_decide", live_workshop), data).status_code == 302
    link.refresh_from_db()
    assert link.decision == "same"


def test_archived_workshop_pages_open_but_merging_is_refused(live_workshop, facilitator):
    two_teams_with_a_possible_match(live_workshop)
    live_workshop.end()
    live_workshop.archive()
    jordan = client_as_user(facilitator)
    page = jordan.get(url("across_mapping", live_workshop)).content.decode()
    assert "Merging is closed for this workshop." in page
    data = {
        "key_a": "calder county",
        "key_b": "calder county board of commissioners",
        "decision": "same",
    }
    assert jordan.post(url("cluster_decide", live_workshop), data).status_code == 403


def test_console_shows_the_tabs_across_teams(live_workshop, facilitator):
    html = client_as_user(facilitator).get(url("console", live_workshop)).content.decode()
    assert f'href="{url("across_mapping", live_workshop)}"' in html
    assert f'href="{url("across_alignment", live_workshop)}"' in html
    assert f'href="{url("across_alerts", live_workshop)}"' in html
    assert 'aria-current="page">Teams and steps</a>' in html


def populate_later(workshop, teams: int):
    """`teams` teams, each with a charter holding every kind of step-3 record, a published and signed
    version, a pilot with cards, a lesson, an applied change and a decision, and step 5's plan,
    indicators with readings, an answered health check, signs and forces (teams that already have a
    charter are left as they are)."""
    from workshop.steps.governance import models as g
    from workshop.steps.mapping.models import ForceAssessment
    from workshop.steps.pilot import models as p
    from workshop.steps.scale import models as sc

    existing = list(workshop.teams.all())
    for index in range(len(existing), teams):
        existing.append(Team.objects.create(workshop=workshop, name=f"Team {index + 1}"))
    for team in existing[:teams]:
        if g.Charter.objects.filter(team=team).exists():
            continue
        actors = [
            Actor.objects.create(
                team=team,
                name=f"Partner {n}",
                actor_type="organisation",
                sector="public",
                influence=3,
                interest=3,
                is_convenor=n == 0,
            )
            for n in range(3)
        ]
        SharedPurpose.objects.create(team=team, statement="A purpose long enough to count.")
        charter = g.Charter.objects.create(
            team=team, title="Charter", governance_model="hybrid", exit_notice_days=90
        )
        parties = [
            g.CharterParty.objects.create(
                team=team, charter=charter, actor=actor, membership="core", order=n
            )
            for n, actor in enumerate(actors)
        ]
        body = g.GoverningBody.objects.create(
            team=team,
            charter=charter,
            name="Board",
            body_type="board",
            chair_arrangement="rotating",
            rotation_months=12,
            meeting_frequency="monthly",
            quorum_count=2,
        )
        body.rotation_order.set(parties)
        for party in parties:
            g.Seat.objects.create(team=team, body=body, party=party, votes=1)
        rule = g.DecisionRule.objects.create(
            team=team, charter=charter, scope="amendment", method="unanimity", body=body
        )
        rule.veto_parties.set(parties[:1])
        activity = g.RaciActivity.objects.create(team=team, charter=charter, name="Run it")
        g.RaciAssignment.objects.create(activity=activity, party=parties[0], code="A")
        g.RaciAssignment.objects.create(activity=activity, party=parties[1], code="A")
        for party in parties:
            g.Contribution.objects.create(
                team=team,
                charter=charter,
                party=party,
                contribution_type="cash",
                description="Cash",
                valuation_method="actual",
                value=1000 * (party.order + 1),
                period_start=datetime.date(2026, 1, 1),
                period_end=datetime.date(2026, 12, 31),
                status="pledged",
            )
        stream = g.ValueStream.objects.create(
            team=team, charter=charter, name="Fund", kind="monetary", mechanism="fixed_percentage"
        )
        stream.eligible_parties.set(parties)
        g.ValueAllocation.objects.create(stream=stream, party=parties[0], percentage=60)
        g.EscalationStep.objects.create(
            team=team, charter=charter, order=1, level="Talk", method="direct_talks", max_days=10
        )
        g.RiskItem.objects.create(
            team=team, charter=charter, title="Slow", category="conflict", likelihood=2, impact=3
        )
        g.CharterSectionStatus.objects.create(
            team=team, charter=charter, section="scope", state="not_relevant", justification="No"
        )
        version = publish_version(charter)
        for party in parties[:2]:
            g.SignOff.objects.create(
                version=version,
                party=party,
                party_ref=f"party:partner-{party.order}",
                signer_name="Someone",
                decision="agree",
            )
        pilot = p.Pilot.objects.create(
            team=team,
            title="Pilot",
            iteration=1,
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2026, 1, 5),
            charter_version=version,
        )
        pilot.parties.set(parties)
        cards = [
            p.Hypothesis.objects.create(
                team=team,
                pilot=pilot,
                title=f"Card {n}",
                category="value",
                criticality=1,
                metric="Share",
                comparator="gte",
                target_value=10,
                result_value=5 * n,
            )
            for n in range(3)
        ]
        lesson = p.Lesson.objects.create(team=team, pilot=pilot, text="Learnt")
        lesson.hypotheses.set(cards[:1])
        p.CharterChange.objects.create(
            team=team,
            lesson=lesson,
            section="roles",
            description="Change",
            applied_in_version=version,
        )
        p.PilotDecision.objects.create(
            team=team, pilot=pilot, decision="iterate", rationale="Again"
        )
        sc.ScalingPlan.objects.create(team=team, summary="Grow")
        action = sc.ScalingAction.objects.create(
            team=team,
            pathway="add_partners",
            description="More",
            owner=parties[0],
            due_date=datetime.date(2027, 1, 1),
        )
        action.new_actors.set(actors[1:])
        for n, kind in enumerate(("outcome", "vitality_decay")):
            indicator = sc.Indicator.objects.create(
                team=team,
                name=f"Indicator {n}",
                indicator_type=kind,
                unit="%",
                direction="higher_is_better",
                baseline=1,
                target=10,
                warning_threshold=5,
                frequency="monthly",
                data_source="Survey",
                owner=parties[0],
            )
            for day in (1, 2):
                sc.IndicatorReading.objects.create(
                    team=team,
                    indicator=indicator,
                    observed_on=datetime.date(2026, 1, day),
                    value=3 * day,
                )
        check = sc.HealthCheck.objects.create(team=team, held_on=datetime.date(2026, 2, 1))
        for party in parties[:2]:
            response = sc.HealthResponse.objects.create(
                team=team, health_check=check, respondent_party=party
            )
            sc.HealthRating.objects.bulk_create(
                sc.HealthRating(response=response, dimension=code, rating="amber")
                for code in (
                    "need_recognised",
                    "clarity_of_purpose",
                    "commitment_ownership",
                    "trust",
                    "robust_arrangements",
                    "monitor_learn",
                    "equity_mutual_benefit",
                )
            )
        for day in (1, 20):
            signal = sc.VitalitySignal.objects.create(
                team=team, observed_on=datetime.date(2026, 3, day), signal="formal_dispute"
            )
            signal.parties.set(parties[:2])
        for step in (1, 5):
            ForceAssessment.objects.create(
                team=team, force="control_vs_capabilities", position=3, recorded_in_step=step
            )


@pytest.mark.parametrize("page", [*LATER_PAGES, "across_alerts"])
def test_later_step_queries_stay_constant_from_two_to_four_teams(
    live_workshop, facilitator, django_assert_num_queries, page
):
    jordan = client_as_user(facilitator)
    populate_later(live_workshop, teams=2)
    small = count_queries(jordan, url(page, live_workshop))
    populate_later(live_workshop, teams=4)
    with django_assert_num_queries(small):
        assert jordan.get(url(page, live_workshop)).status_code == 200
