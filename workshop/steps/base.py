"""The team-owned, versioned record every step edits, and its compare-and-swap save (DOMAIN.md 1.2)."""

from django.db import models
from django.db.models import F
from django.utils import timezone

from workshop.steps.derived import name_key


class StaleRecord(Exception):
    """Someone else saved the record since this edit started; carries the current record."""

    def __init__(self, current):
        super().__init__("stale record")
        self.current = current


class TeamRecord(models.Model):
    team = models.ForeignKey("facilitation.Team", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        "facilitation.Participant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        "facilitation.Participant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)

    # Key fields kept in step with the text they are derived from, on every kind of save
    # (DOMAIN.md 1.4): {"name_key": "name"}.
    KEYS: dict[str, str] = {}

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        super().save(*args, update_fields=self._fill_keys(update_fields), **kwargs)

    def _fill_keys(self, fields) -> list[str]:
        """Recomputes the keys; returns `fields` plus the keys whose source is among them."""
        for key, source in self.KEYS.items():
            setattr(self, key, name_key(getattr(self, source)))
        if fields is None:
            return None
        extra = [k for k, source in self.KEYS.items() if source in fields and k not in fields]
        return [*fields, *extra]

    def save_if_current(self, expected_version: int, fields: list[str], by=None):
        """Saves `fields` only if the stored version is still `expected_version`.

        One UPDATE ... WHERE id = %s AND version = %s: of two saves from the same version, exactly one
        wins, on SQLite and PostgreSQL alike. The loser gets StaleRecord with the winner's values.
        """
        fields = self._fill_keys(fields)
        values = {name: getattr(self, name) for name in fields}
        now = timezone.now()
        updated = (
            type(self)
            .objects.filter(pk=self.pk, version=expected_version)
            .update(**values, version=F("version") + 1, updated_at=now, updated_by=by)
        )
        if not updated:
            raise StaleRecord(type(self).objects.get(pk=self.pk))
        self.version = expected_version + 1
        self.updated_at = now
        self.updated_by = by
