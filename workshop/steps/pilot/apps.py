from django.apps import AppConfig


class PilotConfig(AppConfig):
    name = "workshop.steps.pilot"
    label = "pilot"
    verbose_name = "Step 4: pilot and iterate"

    def ready(self):
        from django.db.models.signals import post_save

        from workshop.steps.governance.models import CharterVersion
        from workshop.steps.pilot.charter import stamp_applied_changes

        # Publishing lives in step 3; the pilot only listens, so step 3 needs no pilot code.
        post_save.connect(
            stamp_applied_changes, sender=CharterVersion, dispatch_uid="pilot-stamp-changes"
        )
