"""Where the pilot meets the charter: applying a lesson's change to the draft, and stamping the
applied changes with the version that publishes them (DOMAIN.md 5.3 CharterChange)."""

from django.db import transaction
from django.utils import timezone

from workshop.steps.base import StaleRecord
from workshop.steps.pilot.models import CharterChange
from workshop.text import LONG_MAX, SHORT_MAX

# Sections with a narrative field on the charter: an applied change is appended to it, so the next
# version's diff shows it in that section. Other sections (roles, value, decisions …) live in
# records the team edits in step 3; the compare view lists the applied changes for them.
NARRATIVE = {
    "purpose": ("objectives", LONG_MAX),
    "scope": ("scope_in", LONG_MAX),
    "ip_data": ("data_sharing", LONG_MAX),
    "admission": ("admission_process", SHORT_MAX),
    "exit": ("exit_obligations", LONG_MAX),
}


def apply_change(change: CharterChange, by) -> bool:
    """Marks the change applied to the live draft; returns True when the text went into the draft.

    Idempotent: applying twice changes nothing. Appending retries on a concurrent charter edit
    (adding a paragraph does not depend on the text it follows).
    """
    from workshop.steps.governance.publishing import charter_for

    if change.applied_at is not None:
        return False
    appended = False
    with transaction.atomic():
        target = NARRATIVE.get(change.section)
        if target:
            field, limit = target
            charter = charter_for(change.team)
            for _attempt in range(3):
                current = getattr(charter, field) or ""
                text = f"{current}\n\n{change.description}" if current else change.description
                if len(text) > limit:
                    break
                setattr(charter, field, text)
                try:
                    charter.save_if_current(charter.version, [field], by=by)
                except StaleRecord as stale:
                    charter = stale.current
                    continue
                appended = True
                break
        CharterChange.objects.filter(pk=change.pk, applied_at__isnull=True).update(
            applied_at=timezone.now(), updated_by=by
        )
    change.refresh_from_db()
    return appended


def stamp_applied_changes(sender, instance, created, **kwargs):
    """On publishing: every applied, unpublished change of the team gets this version."""
    if not created:
        return
    CharterChange.objects.filter(
        team_id=instance.charter.team_id,
        applied_at__isnull=False,
        applied_in_version__isnull=True,
    ).update(applied_in_version=instance)
