"""Actor clusters across teams, exactly as the Millrace Park scenario expects (pure, no database)."""

from tests.steps import scenario_data as s
from workshop.facilitation.synthesis.clusters import (
    DIFFERENT,
    PREFIX,
    SAME,
    SIMILAR,
    Link,
    NamedActor,
    cluster_actors,
    match_reason,
)
from workshop.steps.derived import name_key

B1, B2, B3 = 1, 2, 3
BID_LINK = Link(name_key(s.BID), name_key(s.B2_BID), SAME)


def named(team, scenario, rename=None):
    rename = rename or {}
    return [
        NamedActor(team, rename.get(actor.name, actor.name), actor.actor_type, actor.ref)
        for actor in scenario.actors
    ]


def scenario_actors(rename_b1=None):
    return named(B1, s.B1, rename_b1) + named(B2, s.B2) + named(B3, s.B3)


def shared(cluster_map):
    return [(cluster.name, cluster.teams) for cluster in cluster_map.shared]


def possible(cluster_map):
    return [(match.first.name, match.second.name, match.reason) for match in cluster_map.possible]


def blind(cluster_map, team):
    return [group.name for group in cluster_map.blind_spots(team)]


def test_exact_clusters_are_the_scenarios_six():
    assert shared(cluster_actors(scenario_actors())) == [
        (s.DISTRICT, (B1, B2)),
        (s.CITY, (B1, B2)),
        (s.BANK, (B1, B3)),
        (s.HARTWELL, (B1, B2)),
        (s.FOUNDATION, (B1, B2, B3)),
        (s.B2_BID, (B2, B3)),
    ]


def test_possible_matches_are_the_scenarios_four_pairs():
    assert possible(cluster_actors(scenario_actors())) == [
        (s.B2_COUNTY, s.COUNTY, PREFIX),
        (s.TRANSIT, s.B2_CRTA, PREFIX),
        (s.B3_CITY, s.CITY, PREFIX),
        (s.B2_EASTBANK, s.EASTBANK, SIMILAR),
    ]


def test_eastbank_spellings_match_by_difflib_ratio_0_985():
    reason, ratio = match_reason(name_key(s.EASTBANK), name_key(s.B2_EASTBANK))
    assert (reason, round(ratio, 3)) == (SIMILAR, 0.985)


def test_acronym_and_full_name_are_not_matched():
    assert match_reason(name_key(s.BID), name_key(s.B2_BID)) is None
    cluster_map = cluster_actors(scenario_actors())
    assert cluster_map.cluster_by_key[name_key(s.BID)].teams == (B1,)
    assert cluster_map.cluster_by_key[name_key(s.B2_BID)].teams == (B2, B3)


def test_prefix_needs_a_word_boundary():
    reasons = [
        (match_reason(a, b) or (None,))[0]
        for a, b in [
            ("calder county", "calder county board"),
            ("calder county", "calder county-wide"),
            ("calder count", "calder county"),  # no boundary, but spelled almost alike (0.96)
            ("park", "parkside trust"),
        ]
    ]
    assert reasons == [PREFIX, PREFIX, SIMILAR, None]


def test_blind_spots_of_b1_and_b2_before_the_bid_merge_include_the_unmatched_bid():
    cluster_map = cluster_actors(scenario_actors())
    assert blind(cluster_map, B2) == [
        s.YOUTH,
        s.BANK,
        s.FUTURE,
        s.TENANTS,
        s.BID,
    ]
    assert blind(cluster_map, B1) == [s.COUNCIL, s.B2_BID]


def test_blind_spots_after_merging_the_bid_are_the_scenarios():
    cluster_map = cluster_actors(scenario_actors(), [BID_LINK])
    assert blind(cluster_map, B2) == [s.YOUTH, s.BANK, s.FUTURE, s.TENANTS]
    assert blind(cluster_map, B1) == [s.COUNCIL]


def test_manual_merge_makes_one_cluster_named_by_all_three_teams():
    cluster_map = cluster_actors(scenario_actors(), [BID_LINK])
    bid = cluster_map.cluster_by_key[name_key(s.BID)]
    assert bid is cluster_map.cluster_by_key[name_key(s.B2_BID)]
    assert (bid.name, bid.teams, bid.merged_by_hand) == (s.B2_BID, (B1, B2, B3), True)
    assert bid.names == (s.BID, s.B2_BID)


def test_keep_apart_removes_the_possible_match_and_makes_a_blind_spot():
    link = Link(name_key(s.COUNTY), name_key(s.B2_COUNTY), DIFFERENT)
    cluster_map = cluster_actors(scenario_actors(), [link])
    assert [m.first.name for m in cluster_map.possible] == [s.TRANSIT, s.B3_CITY, s.B2_EASTBANK]
    assert s.COUNTY in blind(cluster_map, B2)
    assert s.B2_COUNTY in blind(cluster_map, B1)


def test_links_to_names_no_team_uses_are_ignored():
    cluster_map = cluster_actors(scenario_actors(), [Link("gone", name_key(s.BANK), SAME)])
    assert len(cluster_map.shared) == 6


def test_rename_of_eastbank_removes_the_possible_match():
    # C-B12: B1 renames its Eastbank actor; the cross-team match disappears (ratio < 0.85).
    renamed = scenario_actors({s.EASTBANK: "Asociación de Vecinos de Eastbank"})
    assert possible(cluster_actors(renamed)) == [
        (s.B2_COUNTY, s.COUNTY, PREFIX),
        (s.TRANSIT, s.B2_CRTA, PREFIX),
        (s.B3_CITY, s.CITY, PREFIX),
    ]


def test_conflicting_types_are_flagged():
    actors = [
        NamedActor(B1, "Aske Estate", "community"),
        NamedActor(B2, "aske  estate", "organisation"),
        NamedActor(B3, "Bridge Trust", "organisation"),
        NamedActor(B1, "Bridge Trust", "organisation"),
    ]
    cluster_map = cluster_actors(actors)
    assert [(c.name, c.types, c.conflicting_types) for c in cluster_map.shared] == [
        ("Aske Estate", ("community", "organisation"), True),
        ("Bridge Trust", ("organisation",), False),
    ]
