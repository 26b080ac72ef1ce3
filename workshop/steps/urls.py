"""A team's step pages, under /w/<workshop id>/: the generic page and each kind's own endpoints."""

from django.urls import include, path

from workshop.steps import views
from workshop.steps.notes import views as notes

app_name = "steps"

team_step = "team/<int:team_id>/step/<int:position>/"

urlpatterns = [
    path(team_step, views.step_page, name="page"),
    path(team_step + "submit/", views.submit_step, name="submit"),
    path(team_step + "notes/", notes.notes, name="notes"),
    path(team_step + "notes/typing/", notes.typing, name="notes_typing"),
    path(team_step + "alignment/", include("workshop.steps.alignment.urls")),
    path(team_step + "charter/", include("workshop.steps.governance.urls")),
    path(team_step + "map/", include("workshop.steps.mapping.urls")),
    path(team_step + "pilot/", include("workshop.steps.pilot.urls")),
    path(team_step + "scale/", include("workshop.steps.scale.urls")),
]
