from django.apps import AppConfig


class ScaleConfig(AppConfig):
    name = "workshop.steps.scale"
    label = "scale"
    verbose_name = "Step 5: scale and evolve"
