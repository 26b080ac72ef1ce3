from django.apps import AppConfig


class MappingConfig(AppConfig):
    name = "workshop.steps.mapping"
    label = "mapping"
    verbose_name = "Step 1: ecosystem mapping"
