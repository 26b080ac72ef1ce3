from django.apps import AppConfig


class FacilitationConfig(AppConfig):
    name = "workshop.facilitation"
    label = "facilitation"
    verbose_name = "Facilitation"
