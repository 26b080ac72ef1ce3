"""The participant's join form: code, display name and, when the facilitator allows it, a team."""

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from workshop.facilitation.models import JOIN_CODE_LENGTH, Participant, Team, Workshop
from workshop.text import clean_name


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Workshop code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    display_name = forms.CharField(
        label=_("Your name"),
        help_text=_("How your team and the facilitator will see you."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("Choose a team"),
    )

    def __init__(self, *args, workshop=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        if workshop is not None and workshop.teams_chosen_on_join:
            self.fields["team"].queryset = workshop.teams.all()
            self.fields["team"].required = True
        else:
            del self.fields["team"]

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).upper()
        if len(code) != JOIN_CODE_LENGTH:
            raise forms.ValidationError(
                _("A workshop code has %(n)d letters and digits.") % {"n": JOIN_CODE_LENGTH}
            )
        workshop = Workshop.objects.open().filter(join_code=code).first()
        if workshop is None:
            if Workshop.objects.filter(join_code=code).exists():
                raise forms.ValidationError(
                    _("This workshop has ended, so its code no longer lets people join.")
                )
            raise forms.ValidationError(
                _("No open workshop has this code. Check it with your facilitator.")
            )
        if self.workshop is not None and workshop.pk != self.workshop.pk:
            raise forms.ValidationError(_("This code belongs to another workshop."))
        self.workshop = workshop
        return code

    def clean_display_name(self):
        return clean_name(self.cleaned_data["display_name"])

    def clean_team(self):
        team = self.cleaned_data.get("team")
        if team is not None and team.is_full:
            raise forms.ValidationError(
                _("%(team)s is full; choose another team.") % {"team": team.name}
            )
        return team

    def join(self) -> Participant:
        workshop = self.workshop
        team = self.cleaned_data.get("team")
        if team is None and not workshop.teams_chosen_on_join:
            team = smallest_team(workshop)
        return Participant.objects.create(
            workshop=workshop,
            team=team,
            display_name=unicodedata.normalize("NFC", self.cleaned_data["display_name"]),
        )


def smallest_team(workshop):
    """The facilitator assigns teams: newcomers fill the smallest team first."""
    from django.db.models import Count

    return workshop.teams.annotate(size=Count("members")).order_by("size", "pk").first()


class TeamChoiceForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), empty_label=None)

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = workshop.teams.all()

    def clean_team(self):
        team = self.cleaned_data["team"]
        if team.is_full:
            raise forms.ValidationError(
                _("%(team)s is full; choose another team.") % {"team": team.name}
            )
        return team
