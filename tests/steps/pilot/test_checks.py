import datetime
from dataclasses import replace

from tests.steps.scenario_data import B1
from workshop.steps.pilot.checks import step_completion
from workshop.steps.pilot.rules import PilotData

PILOT_1 = B1.pilots[0]
BEFORE_END, AFTER_END = datetime.date(2026, 6, 1), datetime.date(2026, 11, 20)


def keys(completion):
    return [check.key for check in completion.checks], [check.key for check in completion.blocking]


def test_running_pilot_needs_only_the_setup_checks():
    completion = step_completion([PILOT_1], B1.hypotheses, (), (), BEFORE_END)
    assert keys(completion) == (["pilot_dates", "pilot_parties", "hypotheses"], [])


def test_after_the_end_learning_is_required():
    completion = step_completion([PILOT_1], B1.hypotheses, (), (), AFTER_END)
    assert keys(completion)[1] == ["lessons", "decision"]


def test_untested_hypothesis_blocks_after_the_end():
    cards = (replace(B1.hypotheses[0], result_value=None), *B1.hypotheses[1:])
    completion = step_completion([PILOT_1], cards, B1.lessons, B1.pilot_decisions, AFTER_END)
    assert keys(completion)[1] == ["hypotheses_tested"]


def test_two_hypotheses_and_one_party_block():
    pilot = replace(PILOT_1, parties=PILOT_1.parties[:1])
    completion = step_completion([pilot], B1.hypotheses[:2], (), (), BEFORE_END)
    assert keys(completion)[1] == ["pilot_parties", "hypotheses"]


def test_hypothesis_without_target_blocks():
    cards = (replace(B1.hypotheses[0], target_value=None), *B1.hypotheses[1:])
    assert keys(step_completion([PILOT_1], cards, (), (), BEFORE_END))[1] == ["hypotheses"]


def test_no_pilot_blocks_on_every_setup_check():
    completion = step_completion([], (), (), (), BEFORE_END)
    assert keys(completion)[1] == ["pilot_dates", "pilot_parties", "hypotheses"]


def test_a_complete_earlier_pilot_completes_the_step():
    second = PilotData(
        "pilot:2", "Second", 2, datetime.date(2026, 11, 15), datetime.date(2027, 4, 30)
    )
    completion = step_completion(
        [PILOT_1, second], B1.hypotheses, B1.lessons, B1.pilot_decisions, AFTER_END
    )
    assert completion.complete is True
