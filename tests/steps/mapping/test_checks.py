from workshop.steps.mapping.checks import step_completion
from workshop.steps.mapping.rules import (
    ActorData,
    FitCheckData,
    FlowData,
    GapData,
    SharedPurposeData,
)

FIT = FitCheckData("no", "no", "no")


def actor(name, actor_type="organisation", **extra):
    return ActorData(f"actor:{name}", name, actor_type, extra.pop("agency", "high"), 3, 3, **extra)


ACTORS = [
    actor("a"),
    actor("b"),
    actor("c"),
    actor("d"),
    actor("river", "ecosystem", agency="none", proxy="actor:a"),
]
FLOWS = [
    FlowData(f"flow:{n}", "actor:a", f"actor:{t}", "one_way", "information_data", "existing")
    for n, t in enumerate(["b", "c", "d", "river"], start=1)
]
GAPS = [GapData("gap:g", "G", "unmet_need", 3, 3)]
PURPOSE = SharedPurposeData("A purpose long enough to count.", ("gap:g",))


def blocking(**changes):
    data = {"fit_check": FIT, "actors": ACTORS, "flows": FLOWS, "gaps": GAPS, "purpose": PURPOSE}
    data.update(changes)
    return [check.key for check in step_completion(**data).blocking]


def test_complete_map_has_no_blocking_checks():
    completion = step_completion(FIT, ACTORS, FLOWS, GAPS, PURPOSE)
    assert completion.complete is True
    assert completion.percent == 100
    assert len(completion.checks) == 7


def test_voiceless_actor_without_proxy_blocks():
    river = actor("river", "ecosystem", agency="none")
    assert blocking(actors=[*ACTORS[:4], river]) == ["proxies"]


def test_purpose_not_linked_to_a_gap_blocks():
    assert blocking(purpose=SharedPurposeData("A purpose long enough to count.", ())) == ["purpose"]
    assert blocking(purpose=SharedPurposeData("A purpose long enough.", ("gap:other",))) == [
        "purpose"
    ]


def test_four_actors_and_three_flows_block():
    assert blocking(actors=ACTORS[1:], flows=FLOWS[:3]) == ["actors", "flows"]


def test_unanswered_fit_check_blocks():
    assert blocking(fit_check=None) == ["fit_check"]
    assert blocking(fit_check=FitCheckData("no", "", "no")) == ["fit_check"]


def test_fit_check_yes_answers_warn_without_blocking():
    completion = step_completion(FitCheckData("yes", "no", "no"), ACTORS, FLOWS, GAPS, PURPOSE)
    assert completion.complete is True
    assert [w.key for w in completion.warnings] == ["fit_can_achieve_alone"]
