from django.urls import path

from workshop.steps.mapping import suggestion_views, views

app_name = "mapping"

urlpatterns = [
    path("board/", views.board, name="board"),
    path("fit-check/", views.fit_check, name="fit_check"),
    path("forces/<slug:force>/", views.force, name="force"),
    path("purpose/", views.purpose, name="purpose"),
    path("actors/add/", views.actor_add, name="actor_add"),
    path("actors/<int:pk>/edit/", views.actor_edit, name="actor_edit"),
    path("actors/<int:pk>/delete/", views.actor_delete, name="actor_delete"),
    path("actors/<int:pk>/position/", views.actor_position, name="actor_position"),
    path("actors/<int:pk>/pin/", views.actor_pin, name="actor_pin"),
    path("flows/add/", views.flow_add, name="flow_add"),
    path("flows/<int:pk>/edit/", views.flow_edit, name="flow_edit"),
    path("flows/<int:pk>/delete/", views.flow_delete, name="flow_delete"),
    path("gaps/add/", views.gap_add, name="gap_add"),
    path("gaps/<int:pk>/edit/", views.gap_edit, name="gap_edit"),
    path("gaps/<int:pk>/delete/", views.gap_delete, name="gap_delete"),
    path("map.svg", views.map_svg, name="map_svg"),
    path("actors.csv", views.export_actors, name="export_actors"),
    path("connections.csv", views.export_flows, name="export_flows"),
    path("import/", views.import_csv, name="import"),
    path("suggestions/", suggestion_views.panel, name="suggestions"),
    path("suggestions/accept/", suggestion_views.accept, name="suggestion_accept"),
    path("suggestions/dismiss/", suggestion_views.dismiss, name="suggestion_dismiss"),
    path("suggestions/restore/", suggestion_views.restore, name="suggestion_restore"),
]
