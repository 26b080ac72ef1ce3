from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "workshop.steps.governance"
    label = "governance"
    verbose_name = "Step 3: governance and charter"
