"""Step 5's endpoints, under a team's step page (…/team/<id>/step/<n>/scale/)."""

from django.urls import path

from workshop.steps.scale import views

app_name = "scale"

urlpatterns = [
    path("part/<slug:name>/", views.part, name="part"),
    path("plan/", views.plan, name="plan"),
    path("indicators/<int:pk>/readings/", views.add_reading, name="reading"),
    path("readings/<int:pk>/delete/", views.delete_reading, name="delete_reading"),
    path("checks/<int:pk>/respond/", views.respond, name="respond"),
    path("checks/<int:pk>/invite/", views.invite, name="invite"),
    path("forces/<slug:force>/", views.force, name="force"),
    path("r/<slug:collection>/new/", views.add_record, name="add"),
    path("r/<slug:collection>/<int:pk>/", views.edit_record, name="edit"),
    path("r/<slug:collection>/<int:pk>/delete/", views.delete_record, name="delete"),
]
