"""Step 1's "complete when" for the step page, the submit button and the facilitator grid."""

from workshop.steps.mapping import board as boards


def for_team(team, step):
    board = boards.load(team)
    # The page renders right after this; it reuses the fresh board instead of loading it again.
    team._mapping_board = board
    return board.completion
