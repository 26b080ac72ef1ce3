"""The health-check link a party's respondent opens without an account (/health/<token>/)."""

from django.urls import path

from workshop.steps.scale import views

app_name = "health"

urlpatterns = [path("<str:token>/", views.respond_by_link, name="respond")]
