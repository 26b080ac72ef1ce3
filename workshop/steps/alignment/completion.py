"""Step 2's "complete when" for one team, from its records (DOMAIN.md 3.5)."""

from workshop.steps.checks import StepCompletion


def for_team(team, step) -> StepCompletion:
    from workshop.steps.alignment.board import Board

    return Board(team).completion
