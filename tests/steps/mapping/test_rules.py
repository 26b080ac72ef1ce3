from decimal import Decimal

import pytest

from workshop.steps.mapping.rules import (
    ActorData,
    FitCheckData,
    FlowData,
    GapData,
    degrees,
    fit_verdict,
    fit_warnings,
    hub_share,
    intangible_share,
    isolated_actors,
    network_metrics,
    network_warnings,
    quadrant,
    quadrant_counts,
    rank_gaps,
    tangibility,
)


def actor(name, actor_type="organisation", influence=3, interest=3, **extra):
    return ActorData(
        f"actor:{name}", name, actor_type, extra.pop("agency", "high"), influence, interest, **extra
    )


def flow(number, source, target, flow_type="money", direction="one_way", status="proposed"):
    return FlowData(
        f"flow:{number}", f"actor:{source}", f"actor:{target}", direction, flow_type, status
    )


# --- 2.1 fit verdict ---


@pytest.mark.parametrize(
    ("answers", "verdict"),
    [
        (("no", "no", "no"), "proceed"),
        (("no", "partly", "no"), "proceed_with_caveats"),
        (("partly", "partly", "yes"), "reconsider"),
        (("yes", "no", "no"), "reconsider"),
    ],
)
def test_fit_verdict_takes_the_first_matching_rule(answers, verdict):
    assert fit_verdict(FitCheckData(*answers)) == verdict


def test_fit_verdict_ignores_the_contract_question():
    assert fit_verdict(FitCheckData("no", "no", "no", "yes")) == "proceed"


def test_fit_warnings_name_each_yes_answer_and_a_sufficient_contract():
    alerts = fit_warnings(FitCheckData("yes", "partly", "yes", "yes"))
    assert [alert.key for alert in alerts] == [
        "fit_can_achieve_alone",
        "fit_ip_risk_unmitigable",
        "fit_contract_would_suffice",
    ]


def test_fit_warnings_are_empty_for_partly_answers():
    assert fit_warnings(FitCheckData("partly", "partly", "no", "unsure")) == ()


def test_fit_check_is_answered_only_with_all_three_questions():
    assert FitCheckData("no", "no", "no").answered is True
    assert FitCheckData("no", "", "no").answered is False


# --- 8.2 quadrant ---


@pytest.mark.parametrize(
    ("influence", "interest", "expected"),
    [
        (3, 3, "manage_closely"),
        (5, 2, "keep_satisfied"),
        (2, 3, "keep_informed"),
        (2, 2, "monitor"),
    ],
)
def test_quadrant_counts_the_threshold_value_as_high(influence, interest, expected):
    assert quadrant(influence, interest) == expected


def test_quadrant_uses_the_workshop_threshold():
    assert quadrant(3, 3, threshold=4) == "monitor"
    assert quadrant(4, 3, threshold=4) == "keep_satisfied"


def test_quadrant_counts_include_empty_quadrants():
    counts = quadrant_counts([actor("a", influence=5, interest=5)])
    assert counts == {"manage_closely": 1, "keep_satisfied": 0, "keep_informed": 0, "monitor": 0}


# --- 8.3 network ---


def test_degree_counts_a_two_way_flow_once_per_end():
    actors = [actor("a"), actor("b"), actor("c")]
    flows = [flow(1, "a", "b", direction="two_way"), flow(2, "b", "a")]
    assert degrees(actors, flows) == {"actor:a": 2, "actor:b": 2, "actor:c": 0}
    assert isolated_actors(actors, flows) == ("actor:c",)


def test_tangibility_counts_licences_as_tangible():
    assert tangibility("authority_permission") == "tangible"
    assert tangibility("trust_reputation") == "intangible"


def test_intangible_share_exactly_25_percent_gives_no_warning():
    actors = [actor("a", "ecosystem"), actor("b")]
    flows = [flow(1, "a", "b", "knowledge_expertise")] + [flow(n, "a", "b") for n in (2, 3, 4)]
    assert intangible_share(flows) == Decimal(25)
    assert [alert.key for alert in network_warnings(actors, flows)] == []


def test_intangible_share_under_25_percent_warns():
    actors = [actor("a", "ecosystem"), actor("b")]
    flows = [flow(1, "a", "b", "knowledge_expertise")] + [flow(n, "a", "b") for n in (2, 3, 4, 5)]
    alerts = network_warnings(actors, flows)
    assert [alert.key for alert in alerts] == ["low_intangible_share"]
    assert "20.00 %" in alerts[0].message


def test_hub_share_exactly_60_percent_gives_no_warning_and_above_warns():
    actors = [actor("hub", "ecosystem", is_convenor=True), actor("b"), actor("c")]
    flows = [flow(n, "hub", "b", "information_data") for n in (1, 2, 3)]
    flows += [flow(n, "b", "c", "information_data") for n in (4, 5)]
    assert hub_share(actors, flows) == Decimal(60)
    assert network_warnings(actors, flows) == ()
    flows.append(flow(6, "hub", "c", "information_data"))
    alerts = network_warnings(actors, flows)
    assert [(alert.key, alert.refs) for alert in alerts] == [("hub_dependency", ("actor:hub",))]


def test_hub_share_is_undefined_without_a_convenor_or_flows():
    assert hub_share([actor("a")], [flow(1, "a", "b")]) is None
    assert hub_share([actor("a", is_convenor=True)], []) is None
    assert intangible_share([]) is None


def test_network_warnings_flag_isolated_actors_and_no_future_actor():
    actors = [actor("a"), actor("b"), actor("lonely")]
    alerts = network_warnings(actors, [flow(1, "a", "b", "trust_reputation")])
    assert [(alert.key, alert.refs) for alert in alerts] == [
        ("isolated_actors", ("actor:lonely",)),
        ("no_non_human_or_future_actor", ()),
    ]
    assert alerts[0].message == "Not connected by any flow: lonely."


def test_network_metrics_count_every_type_and_status():
    metrics = network_metrics(
        [actor("a"), actor("b")], [flow(1, "a", "b", "services", status="missing")]
    )
    assert metrics.by_status == {"existing": 0, "proposed": 0, "missing": 1}
    assert metrics.by_type["services"] == 1
    assert sum(metrics.by_type.values()) == 1
    assert len(metrics.by_type) == 10


def test_network_metrics_list_voiceless_actors():
    river = actor("river", "ecosystem", agency="none", proxy="actor:a")
    assert network_metrics([actor("a"), river], []).voiceless == ("actor:river",)


# --- 8.4 gaps ---


def test_gap_ranking_sorts_by_priority_then_title_and_ties_share_a_rank():
    gaps = [
        GapData("gap:b", "Beta", "unmet_need", 3, 3),
        GapData("gap:c", "charlie", "unmet_need", 5, 4),
        GapData("gap:a", "Alpha", "unmet_need", 4, 5),
        GapData("gap:d", "Delta", "unmet_need", 3, 3),
    ]
    ranked = rank_gaps(gaps)
    assert [(r.gap.ref, r.priority, r.rank) for r in ranked] == [
        ("gap:a", 20, 1),
        ("gap:c", 20, 1),
        ("gap:b", 9, 3),
        ("gap:d", 9, 3),
    ]
