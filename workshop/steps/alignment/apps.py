from django.apps import AppConfig


class AlignmentConfig(AppConfig):
    name = "workshop.steps.alignment"
    label = "alignment"
    verbose_name = "Step 2: partner alignment"
