"""The remote sign-off link a party's representative opens without an account."""

from django.urls import path

from workshop.steps.governance import remote_views

app_name = "charter_link"

urlpatterns = [
    path("<str:token>/", remote_views.page, name="page"),
    path("<str:token>/comment/<slug:section>/", remote_views.comment, name="comment"),
]
