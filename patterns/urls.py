from django.urls import path

from patterns import views

app_name = "patterns"
urlpatterns = [
    path("", views.index, name="index"),
    path("add/", views.upload, name="upload"),
    path("<str:slug>/", views.detail, name="detail"),
]
