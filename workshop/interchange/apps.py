from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "workshop.interchange"
    label = "interchange"
    verbose_name = "JSON interchange and CSV exports"
