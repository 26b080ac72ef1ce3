"""Millrace Park B1 step 5 entered through the forms: RAG, health check scheduled, forces, complete."""

import re

from django.urls import reverse

from tests.steps import scenario_data as s
from tests.steps.scale.millrace import enter_b1_scale
from workshop.steps.scale.completion import TeamScale
from workshop.steps.scale.models import ScalingAction


def test_b1_step5_indicator_rag_matches_the_scenario(live_workshop, team_a, b1, client_a):
    parties, tenants = b1
    stored = enter_b1_scale(client_a, live_workshop, team_a, parties, tenants)
    rags = {i.name: i.rag for i in TeamScale.load(team_a).indicators}
    expected = dict(
        zip(
            (i.name for i in s.B1_INDICATORS),
            ("amber", "green", "red", "amber", "amber", "green"),
            strict=True,
        )
    )
    assert rags == expected
    page = client_a.get(reverse("steps:page", args=[live_workshop.pk, team_a.pk, 5]))
    html = page.content.decode()
    assert html.count('data-rag="amber"') == 3
    assert html.count('data-rag="green"') == 2
    assert html.count('data-rag="red"') == 1
    assert f'id="indicator-{stored[s.B1_INDICATORS[0].name].pk}"' in html


def test_b1_step5_is_complete_with_a_scheduled_check_and_forces_again(
    live_workshop, team_a, b1, client_a
):
    parties, tenants = b1
    enter_b1_scale(client_a, live_workshop, team_a, parties, tenants)
    scale = TeamScale.load(team_a)
    assert [c.held_on.isoformat() for c in scale.checks] == ["2027-09-15"]
    assert scale.checks[0].response_list == []
    completion = scale.completion()
    assert {c.key: c.met for c in completion.checks} == {
        "scaling_plan": True,
        "indicators": True,
        "indicator_owners": True,
        "health_check_cadence": True,
        "forces_revisited": True,
    }
    assert completion.complete
    page = client_a.get(reverse("steps:page", args=[live_workshop.pk, team_a.pk, 5])).content
    html = page.decode()
    assert "Scheduled" in html
    shown = {
        code: (int(then), int(now))
        for code, then, now in re.findall(
            r'<tr data-force="(\w+)">.*?<td data-then>(\d)</td><td data-now>(\d)</td>', html
        )
    }
    assert shown == {
        "control_vs_capabilities": (3, 4),
        "short_term_vs_ecosystem_health": (3, 4),
        "exploitation_vs_synergy": (2, 3),
    }


def test_b1_scaling_actions_are_stored_with_owner_and_new_partner(
    live_workshop, team_a, b1, client_a
):
    parties, tenants = b1
    enter_b1_scale(client_a, live_workshop, team_a, parties, tenants)
    actions = list(ScalingAction.objects.filter(team=team_a))
    assert [a.pathway for a in actions] == [
        "replicate",
        "add_partners",
        "institutionalise",
        "expand_scope",
        "diversify",
    ]
    assert [a.name for a in actions[1].new_actors.all()] == [s.TENANTS]
    assert actions[0].target_context == "Calder Point, Ferry Landing, Old Mill parks"
    assert actions[2].owner == parties[s.P1]


def test_step5_without_records_is_not_complete(live_workshop, team_a, b1):
    completion = TeamScale.load(team_a).completion()
    assert {c.key: c.met for c in completion.checks} == {
        "scaling_plan": False,
        "indicators": False,
        "indicator_owners": False,
        "health_check_cadence": False,
        "forces_revisited": False,
    }
