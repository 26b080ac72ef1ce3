"""Who may see or change what: one table of rules, used by every workshop view (DOMAIN.md 11).

Views never test roles themselves. They resolve a `Viewer` for the workshop with the helpers below and
ask `allowed(viewer, action, ...)`. Outsiders get 404, never 403, so they cannot learn that a workshop or
team exists; a participant who may see but not change something gets 403.
"""

import enum
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from workshop.facilitation.models import (
    Participant,
    StepProgress,
    Team,
    Workshop,
    WorkshopStep,
)
from workshop.languages import choice

SESSION_KEY = "participants"  # {workshop id: participant id}, the participant's identity


class Role(enum.Enum):
    OWNER = "owner"
    CO_FACILITATOR = "co_facilitator"
    PARTICIPANT = "participant"
    OUTSIDER = "outsider"


@dataclass(frozen=True)
class Viewer:
    role: Role
    workshop: Workshop
    participant: Participant | None = None

    @property
    def is_facilitator(self):
        return self.role in (Role.OWNER, Role.CO_FACILITATOR)

    @property
    def team_id(self):
        return self.participant.team_id if self.participant else None


def _member_of(viewer, team):
    return viewer.role is Role.PARTICIPANT and team is not None and viewer.team_id == team.pk


# Steps a facilitator may reopen for one team for later reviews, also after the session: pilot, scale.
REOPENABLE_KINDS = frozenset({"pilot", "scale"})


def reopened_for(team_id, step) -> bool:
    """Whether the facilitator reopened `step` for the team (reads the step's prefetched progress)."""
    if team_id is None or step is None:
        return False
    rows = step.read_progress()
    if rows is not None:
        return any(p.reopened_for_team for p in rows if p.team_id == team_id)
    # Not prefetched (a save's light read): only this team's row, asked once per step object and
    # only when the step is not simply open (see _step_editable).
    known = step.__dict__.setdefault("_reopened_for", {})
    if team_id not in known:
        known[team_id] = StepProgress.objects.filter(
            step=step, team_id=team_id, reopened_for_team=True
        ).exists()
    return known[team_id]


def _step_editable(viewer, team, step):
    if step is None or step.skipped or viewer.workshop.status == Workshop.Status.ARCHIVED:
        return False
    if viewer.workshop.is_open and step.state == WorkshopStep.State.OPEN:
        return True
    # Reopened for one team (later reviews): editable by that team even when the step is locked or
    # pending for everyone else, and after the session ended; an archived workshop is never edited.
    return reopened_for(team.pk, step)


# The table. Each action: who may do it, given the viewer, and optionally a team and a step.
RULES = {
    "view_workshop": lambda v, team, step: v.role is not Role.OUTSIDER,
    "view_team": lambda v, team, step: (
        v.is_facilitator
        or _member_of(v, team)
        or (v.role is Role.PARTICIPANT and v.workshop.gallery_open)
    ),
    "edit_team": lambda v, team, step: _member_of(v, team) and _step_editable(v, team, step),
    "comment_team": lambda v, team, step: v.is_facilitator or _member_of(v, team),
    # Step 3 charter (DOMAIN.md 11): the team lead publishes; a named signer signs for a party (the
    # view checks the party names this participant as its signer).
    "publish_charter": lambda v, team, step: (
        _member_of(v, team) and v.participant.role == "lead" and _step_editable(v, team, step)
    ),
    "sign_off": lambda v, team, step: _member_of(v, team) and v.workshop.is_open,
    # Remote sign-off links (issue 18): the team or its facilitators send, resend and revoke them.
    "invite_remote": lambda v, team, step: (
        (v.is_facilitator or _member_of(v, team)) and v.workshop.status != Workshop.Status.ARCHIVED
    ),
    "control_flow": lambda v, team, step: (
        v.is_facilitator and v.workshop.status != Workshop.Status.ARCHIVED
    ),
    # Reopening a step for one team outlives the session (closed), not the archive.
    "reopen_step": lambda v, team, step: (
        v.is_facilitator
        and v.workshop.status != Workshop.Status.ARCHIVED
        and step is not None
        and step.kind in REOPENABLE_KINDS
        and not step.skipped
    ),
    "view_all_teams": lambda v, team, step: v.is_facilitator,
    "export": lambda v, team, step: v.is_facilitator,
    "manage_facilitators": lambda v, team, step: v.role is Role.OWNER,
    "manage_participants": lambda v, team, step: v.is_facilitator,
}


def allowed(
    viewer: Viewer, action: str, team: Team | None = None, step: WorkshopStep | None = None
):
    return RULES[action](viewer, team, step)


def edit_refusal(viewer: Viewer, team: Team, step: WorkshopStep) -> str | None:
    """Why an edit is refused, in words for the participant; None when it is allowed."""
    from django.utils.translation import gettext as _

    if allowed(viewer, "edit_team", team, step):
        return None
    if not _member_of(viewer, team):
        return _("Only members of this team can change its work.")
    if not viewer.workshop.is_open:
        return _("This workshop has ended; its work can be read but not changed.")
    if step.state == WorkshopStep.State.LOCKED:
        return _("The facilitator has locked this step.")
    return _("The facilitator has not opened this step yet.")


def participant_for(request, workshop) -> Participant | None:
    participant_id = request.session.get(SESSION_KEY, {}).get(str(workshop.pk))
    if participant_id is None:
        return None
    return (
        Participant.objects.filter(pk=participant_id, workshop=workshop)
        .select_related("team")
        .first()
    )


def remember_participant(request, participant):
    known = dict(request.session.get(SESSION_KEY, {}))
    known[str(participant.workshop_id)] = participant.pk
    request.session[SESSION_KEY] = known
    # Their screens follow the workshop's language unless their browser or they choose another.
    choice.remember_workshop_default(request, participant.workshop)


def viewer_for(request, workshop) -> Viewer:
    user = request.user
    if user.is_authenticated:
        if workshop.owner_id == user.pk:
            return Viewer(Role.OWNER, workshop)
        if workshop.co_facilitators.filter(pk=user.pk).exists():
            return Viewer(Role.CO_FACILITATOR, workshop)
    participant = participant_for(request, workshop)
    if participant is not None:
        return Viewer(Role.PARTICIPANT, workshop, participant)
    return Viewer(Role.OUTSIDER, workshop)


def _workshop(workshop_id, related=("pattern", "current_step", "owner"), deferred=()):
    workshops = Workshop.objects.select_related(*related).defer(*deferred)
    return get_object_or_404(workshops, pk=workshop_id)


# A following screen's refetch (a whole room at once) shows the pattern's title, language and
# version: its lists and long texts stay unread (each column read costs, 90 of them per request).
FOLLOW_RELATED = ("pattern", "current_step")
FOLLOW_DEFERRED = tuple(
    f"pattern__{name}"
    for name in (
        "aliases", "summary", "context_labels", "context_names", "cross_domains", "keywords",
        "assessment", "lifecycle", "relationships", "contributors", "forces", "benefits",
        "liabilities", "when_not_to_use", "search_text", "source_path", "primary_tension",
        "attribution",
    )
)  # fmt: skip


# An autosave needs none of the pattern's columns (many JSON fields, its search text): reading them
# was a fifth of the cost of every save. Anything that still asks for them reads them lazily.
SAVE_RELATED = ("current_step",)


def _saving_participant(request, workshop_id) -> Viewer | None:
    """A joined participant's save, resolved from one query: participant, team and workshop.

    Only for visitors who are not logged in: a logged-in user may be the workshop's facilitator,
    which `viewer_for` decides first. None means "not this case": the caller takes the full path,
    which also gives outsiders and unknown workshops their 404.
    """
    if request.user.is_authenticated:
        return None
    participant_id = request.session.get(SESSION_KEY, {}).get(str(workshop_id))
    if participant_id is None:
        return None
    try:
        # get(), not first(): no ORDER BY to build and run for a single row.
        participant = Participant.objects.select_related("team", "workshop").get(
            pk=participant_id, workshop_id=workshop_id
        )
    except Participant.DoesNotExist:
        return None
    return Viewer(Role.PARTICIPANT, participant.workshop, participant)


def facilitator_required(view):
    """The workshop's owner or co-facilitators; anonymous users are sent to log in, others get 404."""

    @wraps(view)
    def wrapper(request, workshop_id, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        viewer = viewer_for(request, _workshop(workshop_id))
        if not viewer.is_facilitator:
            raise Http404
        request.viewer = viewer
        return view(request, viewer.workshop, *args, **kwargs)

    wrapper.access_policy = "facilitator"
    return wrapper


def owner_required(view):
    """Only the workshop's owner (inviting co-facilitators, archiving)."""

    @wraps(view)
    def wrapper(request, workshop_id, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        viewer = viewer_for(request, _workshop(workshop_id))
        if not viewer.is_facilitator:
            raise Http404
        if viewer.role is not Role.OWNER:
            raise PermissionDenied
        request.viewer = viewer
        return view(request, viewer.workshop, *args, **kwargs)

    wrapper.access_policy = "owner"
    return wrapper


def member_required(view):
    """Anyone inside the workshop: its facilitators or a participant who joined it; else 404."""

    @wraps(view)
    def wrapper(request, workshop_id, *args, **kwargs):
        if request.GET.get("swap") == "step":
            workshop = _workshop(workshop_id, FOLLOW_RELATED, FOLLOW_DEFERRED)
        else:
            workshop = _workshop(workshop_id)
        viewer = viewer_for(request, workshop)
        if viewer.role is Role.OUTSIDER:
            raise Http404
        request.viewer = viewer
        return view(request, viewer.workshop, *args, **kwargs)

    wrapper.access_policy = "member"
    return wrapper


def team_view(view=None, *, light_posts=False):
    """A team's page: resolves the team and step and checks `view_team`; outsiders get 404.

    The view receives (request, workshop, team, step) and `request.viewer`; whether it may edit is
    `allowed(request.viewer, "edit_team", team, step)`. With `light_posts` a POST (autosaves, ~100
    a second in a typing room) reads a participant with their team and workshop in one query, the
    workshop without its pattern and owner, and the step without its progress rows, which only a
    step that is not simply open needs (`reopened_for` then reads this team's row).
    """
    if view is None:
        return lambda view: team_view(view, light_posts=light_posts)

    @wraps(view)
    def wrapper(request, workshop_id, team_id, position, *args, **kwargs):
        light = light_posts and request.method == "POST"
        # A participant's home answering with their step has resolved them a moment before.
        viewer = getattr(request, "viewer", None)
        if viewer is None or viewer.workshop.pk != workshop_id:
            viewer = _saving_participant(request, workshop_id) if light else None
            if viewer is None:
                workshop = _workshop(workshop_id, SAVE_RELATED) if light else _workshop(workshop_id)
                viewer = viewer_for(request, workshop)
        if viewer.role is Role.OUTSIDER:
            raise Http404
        if viewer.participant is not None and viewer.participant.team_id == team_id:
            team = viewer.participant.team  # their own team, already read with them
        else:
            team = get_object_or_404(Team, pk=team_id, workshop=viewer.workshop)
        team.workshop = viewer.workshop  # read once above; templates and events use it
        steps = WorkshopStep.objects.all()
        if not light:
            # Only the rows `reopened_for` reads (this team's and the viewer's), not every team's.
            progress = StepProgress.objects.filter(team_id__in={team.pk, viewer.team_id} - {None})
            steps = steps.prefetch_related(Prefetch("progress", queryset=progress))
        step = get_object_or_404(steps, workshop=viewer.workshop, position=position)
        step.workshop = viewer.workshop  # its pattern text reads the pattern read above
        if not allowed(viewer, "view_team", team, step):
            raise Http404
        request.viewer = viewer
        return view(request, viewer.workshop, team, step, *args, **kwargs)

    wrapper.access_policy = "team"
    return wrapper
