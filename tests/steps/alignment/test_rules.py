from decimal import Decimal

from workshop.steps.alignment.rules import (
    CandidateData,
    CriterionData,
    ScoreData,
    ScoreVoteData,
    financial_technical_share,
    normalised_weights,
    rank_candidates,
    relational_share,
    selection_warnings,
    vote_statistics,
    votes_by_cell,
    weight_warnings,
    weighted_score,
)

D = Decimal


def criterion(ref, category="values_alignment", weight="1", minimum=None):
    return CriterionData(f"criterion:{ref}", ref.upper(), category, D(weight), minimum)


def candidate(name, status="shortlisted", rationale=""):
    return CandidateData(f"candidate:{name}", f"actor:{name}", name, status, rationale)


def scores(name, **values):
    return [
        ScoreData(f"candidate:{name}", f"criterion:{ref}", value) for ref, value in values.items()
    ]


def test_normalised_weights_are_percentages_of_the_total():
    weights = normalised_weights([criterion("a", weight="0.35"), criterion("b", weight="0.65")])
    assert weights == {"criterion:a": D(35), "criterion:b": D(65)}


def test_relational_and_financial_technical_shares():
    criteria = [
        criterion("v", "values_alignment", "25"),
        criterion("t", "trust_legitimacy", "15"),
        criterion("f", "financial_capacity", "40"),
        criterion("x", "technical_capacity", "10"),
        criterion("c", "complementary_capability", "10"),
    ]
    assert relational_share(criteria) == D(40)
    assert financial_technical_share(criteria) == D(50)
    assert relational_share([]) is None


def test_financial_technical_share_exactly_60_percent_gives_no_warning():
    criteria = [criterion("f", "financial_capacity", "0.60"), criterion("v", weight="0.40")]
    assert financial_technical_share(criteria) == D(60)
    assert weight_warnings(criteria) == ()


def test_financial_technical_share_above_60_percent_warns():
    criteria = [criterion("f", "financial_capacity", "60.01"), criterion("v", weight="39.99")]
    alerts = weight_warnings(criteria)
    assert [alert.key for alert in alerts] == ["financial_technical_share"]
    assert "60.01 %" in alerts[0].message


def test_weighted_score_divides_points_by_total_weight():
    criteria = [criterion("a", weight="3"), criterion("b", weight="1")]
    assert weighted_score(criteria, {"criterion:a": 4, "criterion:b": 2}) == D("3.5")
    assert weighted_score(criteria, {"criterion:a": 4}) is None


def test_ranking_ties_share_a_rank_skip_the_next_and_list_in_name_order():
    criteria = [criterion("a")]
    candidates = [candidate(n) for n in ("delta", "Bravo", "alpha", "charlie")]
    all_scores = (
        scores("delta", a=2) + scores("Bravo", a=4) + scores("alpha", a=5) + scores("charlie", a=4)
    )
    ranking = rank_candidates(candidates, criteria, all_scores)
    assert [(r.candidate.name, r.rank) for r in ranking] == [
        ("alpha", 1),
        ("Bravo", 2),
        ("charlie", 2),
        ("delta", 4),
    ]


def test_ranking_uses_unrounded_scores():
    # 3.002 and 3.001 both display as 3.00; the unrounded values still rank them 1 and 2.
    criteria = [criterion("a", weight="1"), criterion("b", weight="999")]
    candidates = [candidate("x"), candidate("y")]
    all_scores = scores("x", a=5, b=3) + scores("y", a=4, b=3)
    ranking = rank_candidates(candidates, criteria, all_scores)
    assert [(r.candidate.name, r.rank, r.display_score) for r in ranking] == [
        ("x", 1, "3.00"),
        ("y", 2, "3.00"),
    ]


def test_gated_candidate_names_the_failed_criterion_and_has_no_rank():
    criteria = [criterion("p1", minimum=3), criterion("p2")]
    ranking = rank_candidates([candidate("bank")], criteria, scores("bank", p1=2, p2=5))
    (entry,) = ranking
    assert (entry.status, entry.rank, entry.display_score) == ("gated", None, "3.50")
    assert entry.note == "gated: P1 scored 2, minimum 3"


def test_score_equal_to_the_minimum_passes_the_gate():
    ranking = rank_candidates([candidate("ok")], [criterion("p1", minimum=3)], scores("ok", p1=3))
    assert ranking[0].status == "ranked"


def test_candidate_both_gated_and_incomplete_shows_as_gated():
    criteria = [criterion("p1", minimum=3), criterion("p2")]
    (entry,) = rank_candidates([candidate("c")], criteria, scores("c", p1=1))
    assert entry.status == "gated"
    assert entry.score is None


def test_incomplete_candidates_come_after_gated_ones_after_ranked_ones():
    criteria = [criterion("p1", minimum=3), criterion("p2")]
    candidates = [candidate("inc"), candidate("gate"), candidate("rank")]
    all_scores = scores("inc", p1=5) + scores("gate", p1=1, p2=5) + scores("rank", p1=3, p2=3)
    ranking = rank_candidates(candidates, criteria, all_scores)
    assert [(r.candidate.name, r.status) for r in ranking] == [
        ("rank", "ranked"),
        ("gate", "gated"),
        ("inc", "incomplete"),
    ]
    assert ranking[2].note == "incomplete (1/2 scored)"


def test_pct_of_max_is_a_share_of_the_top_of_the_scale():
    (entry,) = rank_candidates([candidate("c")], [criterion("a")], scores("c", a=4))
    assert entry.pct_of_max(5) == D(80)
    assert entry.pct_of_max(10) == D(40)


def test_vote_statistics_mean_spread_and_half_up_rounding():
    stats = vote_statistics([2, 3])
    assert (stats.mean, stats.spread, stats.rounded_mean, stats.disagreement) == (
        D("2.5"),
        1,
        3,
        False,
    )
    assert vote_statistics([1, 3, 3]).disagreement is True
    assert vote_statistics([1, 3, 3]).rounded_mean == 2
    assert vote_statistics([]) is None


def test_votes_are_grouped_by_cell():
    votes = [
        ScoreVoteData("Marcus", "candidate:x", "criterion:a", 5),
        ScoreVoteData("Amara", "candidate:x", "criterion:a", 2),
        ScoreVoteData("Amara", "candidate:x", "criterion:b", 4),
    ]
    cells = votes_by_cell(votes)
    assert cells[("candidate:x", "criterion:a")].spread == 3
    assert cells[("candidate:x", "criterion:b")].count == 1


def test_selection_below_rank_warns_with_the_passed_over_rationale():
    criteria = [criterion("a")]
    candidates = [
        candidate("low", "selected", "Needed"),
        candidate("high", "declined_by_us", "Policy"),
    ]
    ranking = rank_candidates(candidates, criteria, scores("low", a=3) + scores("high", a=4))
    (alert,) = selection_warnings(ranking)
    assert alert.refs == ("candidate:low", "candidate:high")
    assert (
        alert.message
        == "low is selected with 3.00 but scores below high (4.00, declined_by_us: Policy)."
    )


def test_selection_below_rank_ignores_ties_associates_and_gated_candidates():
    criteria = [criterion("a", minimum=2)]
    candidates = [
        candidate("chosen", "selected", "x"),
        candidate("tied", "parked"),
        candidate("assoc", "associate", "y"),
        candidate("gated", "parked"),
    ]
    all_scores = (
        scores("chosen", a=3) + scores("tied", a=3) + scores("assoc", a=5) + scores("gated", a=1)
    )
    assert selection_warnings(rank_candidates(candidates, criteria, all_scores)) == ()
