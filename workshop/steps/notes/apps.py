from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "workshop.steps.notes"
    label = "notes"
    verbose_name = "Step: team notes"
