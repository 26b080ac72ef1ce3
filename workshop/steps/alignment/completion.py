"""Step 2's "complete when" for one team, from its records (DOMAIN.md 3.5)."""

from workshop.steps.checks import StepCompletion


def for_team(team, step) -> StepCompletion:
    from workshop.steps.alignment.board import Board

    # On the step page the tool has built this team's board just before (the checks render after
    # it); the checks read only team-wide data, so the viewer's board serves them too.
    board = getattr(team, "_alignment_board", None)
    return (board or Board(team)).completion
