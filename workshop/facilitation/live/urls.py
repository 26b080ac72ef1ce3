from django.urls import path

from workshop.facilitation.live import views

app_name = "live"
urlpatterns = [
    path("ping/<int:workshop_id>/", views.ping, name="ping"),
    path("ping/<int:workshop_id>/publish/", views.ping_publish, name="ping_publish"),
]
