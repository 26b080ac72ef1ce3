from django.contrib import admin
from django.urls import include, path

from workshop import views

urlpatterns = [
    path("", views.home, name="home"),
    path("library/", include("patterns.urls")),
    path("accounts/", include("workshop.accounts.urls")),
    path("", include("workshop.facilitation.urls")),
    path("w/<int:workshop_id>/", include("workshop.steps.urls")),
    path("w/<int:workshop_id>/", include("workshop.charter.urls")),
    path("live/", include("workshop.facilitation.live.urls")),
    path("health/", include("workshop.steps.scale.public_urls")),
    path("charter-link/", include("workshop.steps.governance.remote_urls")),
    path("language/", include("workshop.languages.urls")),
    path("admin/", admin.site.urls),
]
