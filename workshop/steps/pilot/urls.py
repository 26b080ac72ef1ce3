"""Step 4's endpoints, under a team's step page (…/team/<id>/step/<n>/pilot/)."""

from django.urls import path

from workshop.steps.pilot import views

app_name = "pilot"

one = "<int:iteration>/"

urlpatterns = [
    path("new/", views.new_pilot, name="new"),
    path(one, views.edit_pilot, name="edit_pilot"),
    path(one + "next/", views.next_iteration, name="next"),
    path(one + "decision/", views.decision, name="decision"),
    path(one + "part/<slug:name>/", views.part, name="part"),
    path(one + "cards/<int:pk>/result/", views.record_result, name="result"),
    path(one + "changes/<int:pk>/apply/", views.apply_to_charter, name="apply"),
    path(
        one + "lessons/<int:lesson_id>/changes/new/",
        views.add_record,
        {"collection": "changes"},
        name="new_change",
    ),
    path(one + "r/<slug:collection>/new/", views.add_record, name="add"),
    path(one + "r/<slug:collection>/<int:pk>/", views.edit_record, name="edit"),
    path(one + "r/<slug:collection>/<int:pk>/delete/", views.delete_record, name="delete"),
]
