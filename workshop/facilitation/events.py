"""The names of live events and the one function views use to announce them.

Pages subscribe with htmx (`hx-trigger="sse:flow-changed"`) and refetch only the affected partial; the
events carry little data, and never participant-typed HTML.
"""

from django.db import transaction

FLOW_CHANGED = "flow-changed"  # status, pause, current step, step open/lock, timer, gallery
MESSAGE = "message"  # a facilitator's nudge: {"team": id or None, "body": text}
PRESENCE_CHANGED = "presence-changed"
PROGRESS_CHANGED = "progress-changed"  # the facilitator's teams x steps grid
TEAMS_CHANGED = "teams-changed"  # someone joined, was renamed, moved or removed
SYNC = "sync"  # first event of every stream: the current flow state
# A participant's own stream, after a flow change that moved the group: the new step, rendered for
# that screen ({"version", "url", "html"}; "html" null when the screen must ask itself).
STEP = "step"


def team_changed(team_id: int) -> str:
    """Teammates' pages listen to their own team's event only."""
    return f"team-{team_id}-changed"


def team_kind_changed(team_id: int, kind: str) -> str:
    """A step tool's partials listen to their own kind only (e.g. "team-12-mapping")."""
    return f"team-{team_id}-{kind}"


def announce(workshop_id: int, event: str, data: dict | str = "") -> None:
    """Publishes after the transaction commits, so no screen refetches data that is not there yet."""
    from workshop.facilitation.live import broker

    transaction.on_commit(lambda: broker.publish(workshop_id, event, data))


def announce_flow(workshop) -> None:
    announce(workshop.pk, FLOW_CHANGED, workshop.live_state())


def announce_team_change(
    team, kind: str, record_id: int | None = None, by: int | None = None
) -> None:
    payload = {"team": team.pk, "kind": kind, "id": record_id, "by": by}
    announce(team.workshop_id, team_changed(team.pk), payload)
    announce(team.workshop_id, team_kind_changed(team.pk, kind), payload)
    announce(team.workshop_id, PROGRESS_CHANGED, {"team": team.pk})
