"""Step 2's endpoints, under a team's step page (…/team/<id>/step/<n>/alignment/)."""

from django.urls import path

from workshop.steps.alignment import views

app_name = "alignment"

urlpatterns = [
    path("criteria/", views.criteria, name="criteria"),
    path("criteria/<int:pk>/", views.edit_criterion, name="criterion_edit"),
    path("criteria/<int:pk>/move/", views.move_criterion, name="criterion_move"),
    path("criteria/<int:pk>/delete/", views.delete_criterion, name="criterion_delete"),
    path("candidates/", views.candidates, name="candidates"),
    path("candidates/<int:pk>/", views.edit_candidate, name="candidate_edit"),
    path("candidates/<int:pk>/delete/", views.delete_candidate, name="candidate_delete"),
    path("conversations/", views.conversations, name="conversations"),
    path("conversations/<int:pk>/", views.edit_conversation, name="conversation_edit"),
    path("conversations/<int:pk>/delete/", views.delete_conversation, name="conversation_delete"),
    path("scoring/", views.scoring, name="scoring"),
    path("scoring/reveal/", views.reveal, name="reveal"),
    path("scoring/<int:candidate_id>/vote/", views.vote, name="vote"),
    path("scoring/<int:candidate_id>/consensus/", views.consensus, name="consensus"),
    path("ranking/", views.ranking, name="ranking"),
]
