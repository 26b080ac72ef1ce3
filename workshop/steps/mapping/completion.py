"""Step 1's "complete when" for the step page, the submit button and the facilitator grid."""

from workshop.steps.mapping import board as boards


def for_team(team, step):
    # A page renders right after a save's check: it reuses this board instead of loading it again.
    # On the step page the tool has loaded it a moment before (the checks render after it).
    return boards.cached(team).completion
