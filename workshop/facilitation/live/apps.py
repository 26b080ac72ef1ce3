from django.apps import AppConfig


class LiveConfig(AppConfig):
    """An app only so Django finds the ``publish_event`` command; it has no models."""

    name = "workshop.facilitation.live"
    label = "facilitation_live"
    verbose_name = "Live events"
