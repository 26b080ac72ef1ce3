from django.contrib import admin
from django.urls import include, path

from workshop import views

urlpatterns = [
    path("", views.home, name="home"),
    path("library/", include("patterns.urls")),
    path("admin/", admin.site.urls),
]
