from django.urls import path

from workshop.languages import views

app_name = "languages"
urlpatterns = [path("", views.set_language, name="set")]
