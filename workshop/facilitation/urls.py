from django.urls import path

from workshop.facilitation.views import (
    console,
    invites,
    join,
    projector,
    report,
    stream,
    synthesis,
    workshops,
)
from workshop.interchange import views as interchange

app_name = "facilitation"

# Participants (no account): join by code, then everything under /w/<workshop id>/.
participant_urls = [
    path("join/", join.join, name="join"),
    path("join/<str:code>/", join.join, name="join_code"),
    path("w/<int:workshop_id>/", join.participant_home, name="participant_home"),
    path("w/<int:workshop_id>/events/", stream.events, name="events"),
    path("w/<int:workshop_id>/bar/", join.live_bar, name="live_bar"),
    path("w/<int:workshop_id>/team-choice/", join.choose_team, name="choose_team"),
    path("w/<int:workshop_id>/presence/", join.presence_strip, name="presence_strip"),
]

# Facilitators (accounts): /facilitate/...
w = "facilitate/<int:workshop_id>/"
facilitator_urls = [
    path("facilitate/", workshops.dashboard, name="dashboard"),
    path("facilitate/new/", workshops.create, name="create"),
    path("facilitate/invite/<str:token>/", invites.invite_accept, name="invite_accept"),
    path(w, console.console, name="console"),
    path(w + "edit/", workshops.edit, name="edit"),
    path(w + "agenda/", workshops.agenda, name="agenda"),
    path(w + "duplicate/", workshops.duplicate, name="duplicate"),
    path(w + "projector/", projector.projector, name="projector"),
    path(w + "projector/stage/", projector.stage, name="projector_stage"),
    # The console's partials, each refetched on a live event.
    *[
        path(w + f"part/{name}/", console.part, {"name": name}, name=f"part_{name}")
        for name in console.PARTS
    ],
    path(w + "session/<str:verb>/", console.session, name="session"),
    path(w + "archive/", console.archive, name="archive"),
    path(w + "steps/<int:step_id>/current/", console.step_current, name="step_current"),
    path(w + "steps/<int:step_id>/<str:verb>/", console.step_state, name="step_state"),
    path(
        w + "steps/<int:step_id>/teams/<int:team_id>/<str:verb>/",
        console.step_team,
        name="step_team",
    ),
    path(w + "timer/<str:verb>/", console.timer, name="timer"),
    path(w + "message/", console.message, name="message"),
    path(
        w + "people/<int:participant_id>/rename/",
        console.participant_rename,
        name="participant_rename",
    ),
    path(
        w + "people/<int:participant_id>/move/", console.participant_move, name="participant_move"
    ),
    path(
        w + "people/<int:participant_id>/lead/", console.participant_lead, name="participant_lead"
    ),
    path(
        w + "people/<int:participant_id>/remove/",
        console.participant_remove,
        name="participant_remove",
    ),
    path(w + "facilitators/", invites.facilitators, name="facilitators"),
    path(w + "facilitators/email/", invites.invite_email, name="invite_email"),
    path(w + "facilitators/link/", invites.invite_link, name="invite_link"),
    path(
        w + "facilitators/invites/<int:invite_id>/revoke/",
        invites.invite_revoke,
        name="invite_revoke",
    ),
    path(
        w + "facilitators/<int:user_id>/remove/",
        invites.facilitator_remove,
        name="facilitator_remove",
    ),
    # Views across teams (tabs above the console's grid), each with the partial its live event refetches.
    path(w + "across/actors/", synthesis.mapping, name="across_mapping"),
    path(w + "across/actors/part/", synthesis.mapping_part, name="across_mapping_part"),
    path(w + "across/actors/decide/", synthesis.decide, name="cluster_decide"),
    path(w + "across/actors/links/<int:link_id>/undo/", synthesis.undo, name="cluster_undo"),
    path(w + "across/partners/", synthesis.alignment, name="across_alignment"),
    path(w + "across/partners/part/", synthesis.alignment_part, name="across_alignment_part"),
    path(w + "across/alerts/", synthesis.alerts, name="across_alerts"),
    path(w + "across/alerts/part/", synthesis.alerts_part, name="across_alerts_part"),
    path(w + "across/charters/", synthesis.governance, name="across_governance"),
    path(w + "across/charters/part/", synthesis.governance_part, name="across_governance_part"),
    path(w + "across/pilots/", synthesis.pilot, name="across_pilot"),
    path(w + "across/pilots/part/", synthesis.pilot_part, name="across_pilot_part"),
    path(w + "across/scaling/", synthesis.scale, name="across_scale"),
    path(w + "across/scaling/part/", synthesis.scale_part, name="across_scale_part"),
    # The JSON interchange and CSV exports (DOMAIN.md 12, 10 "Exports").
    path("facilitate/import/", interchange.import_workshop, name="import"),
    path(w + "export/json/", interchange.export_json, name="export_json"),
    path(w + "export/csv/<str:kind>/", interchange.export_csv, name="export_csv"),
    path(w + "export/report.pdf", report.sponsor_report, name="sponsor_report"),
]

urlpatterns = participant_urls + facilitator_urls
