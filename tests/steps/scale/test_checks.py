import datetime
from dataclasses import replace

from tests.steps.scenario_data import B1
from workshop.steps.scale.checks import step_completion
from workshop.steps.scale.rules import VitalitySignalData

TODAY = datetime.date(2027, 7, 1)


def run(**changes):
    data = {
        "plan": B1.scaling_plan,
        "actions": B1.scaling_actions,
        "indicators": B1.indicators,
        "health_checks": B1.health_checks,
        "review_cadence_months": 24,
        "forces": B1.forces,
        "signals": (),
        "today": TODAY,
    }
    data.update(changes)
    return step_completion(**data)


def blocking(**changes):
    return [check.key for check in run(**changes).blocking]


def test_plan_without_actions_blocks():
    assert blocking(actions=()) == ["scaling_plan"]


def test_indicators_need_a_health_or_decay_one_and_owners():
    outcomes = tuple(i for i in B1.indicators if i.indicator_type == "outcome")
    assert blocking(indicators=outcomes) == ["indicators"]
    unowned = (replace(B1.indicators[0], owner=None), *B1.indicators[1:])
    assert blocking(indicators=unowned) == ["indicator_owners"]


def test_health_check_cadence_needs_a_cadence_and_a_check():
    assert blocking(review_cadence_months=None) == ["health_check_cadence"]
    assert blocking(health_checks=()) == ["health_check_cadence"]


def test_forces_must_be_reassessed_in_step_5():
    step_1_only = tuple(f for f in B1.forces if f.recorded_in_step == 1)
    assert blocking(forces=step_1_only) == ["forces_revisited"]


def test_vitality_alerts_are_step_warnings():
    disputes = (
        VitalitySignalData("signal:1", datetime.date(2027, 3, 1), "formal_dispute"),
        VitalitySignalData("signal:2", datetime.date(2027, 4, 1), "formal_dispute"),
    )
    completion = run(signals=disputes)
    assert completion.complete is True
    assert [w.key for w in completion.warnings] == ["formal_disputes", "decay_outnumbers_vitality"]
