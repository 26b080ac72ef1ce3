from django.apps import AppConfig


class PilotConfig(AppConfig):
    name = "workshop.steps.pilot"
    label = "pilot"
    verbose_name = "Step 4: pilot and iterate"
