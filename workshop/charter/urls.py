"""Under /w/<workshop id>/: a team's charter preview (and what its PDF includes), its PDF, and the
facilitator's ZIP of all teams."""

from django.urls import path

from workshop.charter import views

app_name = "charter"

# Not under ".../charter/<section>/": the governance step owns that prefix.
team_step = "team/<int:team_id>/step/<int:position>/"

urlpatterns = [
    path(team_step + "charter-preview/", views.preview, name="preview"),
    path(team_step + "charter-preview/contents/", views.contents, name="contents"),
    path(team_step + "charter.pdf", views.download, name="pdf"),
    path("charters.zip", views.download_all, name="zip"),
]
