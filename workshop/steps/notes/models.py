from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from workshop.steps.base import TeamRecord

LONG = 5000


class TeamNote(TeamRecord):
    """A team's shared notes for one step: every step has them, patterns without tools only them."""

    step = models.ForeignKey(
        "facilitation.WorkshopStep", on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("team notes"), blank=True, validators=[MaxLengthValidator(LONG)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "step"], name="one_note_per_team_step")
        ]

    def __str__(self):
        return f"{self.team} · {self.step}"
