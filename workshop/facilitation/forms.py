"""The facilitator's forms: workshop settings, teams, agenda, messages, participants and invites."""

from django import forms
from django.db import transaction
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from workshop import text
from workshop.facilitation.models import (
    SCORE_SCALES,
    TEAM_COLOURS,
    Team,
    Workshop,
    WorkshopStep,
    name_key,
)
from workshop.steps import registry

SCALE_CHOICES = [
    ("1-5", _("1 to 5 (default)")),
    ("0-5", _("0 to 5")),
    ("1-10", _("1 to 10")),
]


def scale_key(workshop) -> str:
    for key, pair in SCORE_SCALES.items():
        if pair == (workshop.score_min, workshop.score_max):
            return key
    return "1-5"


def lens_name(label: str) -> str:
    from patterns.models import CONTEXT_LABEL_NAMES

    return str(CONTEXT_LABEL_NAMES.get(label, label.capitalize()))


def context_choices(pattern) -> list[tuple[str, str]]:
    return [
        (label, f"{lens_name(label)}: {pattern.name_in_context(label)}")
        for label in pattern.context_labels or ()
    ]


class WorkshopForm(forms.ModelForm):
    """Title, pattern, lens, currency, score scale and how teams form; creates the agenda on save."""

    pattern = forms.ModelChoiceField(
        label=_("Pattern"),
        queryset=None,
        empty_label=_("Choose a pattern"),
        help_text=_("Patterns with implementation steps; each step becomes a row of the agenda."),
    )
    context_label = forms.ChoiceField(
        label=_("Context lens"),
        required=False,
        help_text=_(
            "Names the pattern in your participants' words, e.g. a public-private partnership."
        ),
    )
    score_scale = forms.ChoiceField(
        label=_("Score scale"),
        choices=SCALE_CHOICES,
        initial="1-5",
        help_text=_("Used when teams score partner candidates; fixed once scores exist."),
    )

    class Meta:
        model = Workshop
        fields = [
            "title",
            "pattern",
            "context_label",
            "language",
            "currency",
            "teams_chosen_on_join",
            "team_size_limit",
            "anonymous_scoring",
        ]
        help_texts = {
            "anonymous_scoring": _(
                "The reveal shows each cell's spread and disagreement, not who gave which score."
                " Voters are told. Fixed once any score exists."
            ),
            "currency": _("Three-letter ISO 4217 code, e.g. GBP, USD or EUR."),
            "team_size_limit": _("Leave empty for no limit."),
            "language": _(
                "Participants see the app in their browser's language if it is one of these, "
                "otherwise in this one; each person can change it from the language menu."
            ),
        }

    def __init__(self, *args, **kwargs):
        from patterns.models import Pattern

        super().__init__(*args, **kwargs)
        editing = self.instance.pk is not None
        self.fields["pattern"].queryset = Pattern.objects.with_steps().order_by("title")
        self.fields["pattern"].label_from_instance = lambda p: p.title
        if editing:
            # The agenda is built from the pattern, so the pattern is fixed once the workshop exists.
            self.fields["pattern"].disabled = True
            self.fields["pattern"].help_text = _(
                "Fixed once the workshop exists; duplicate to change."
            )
            self.initial["score_scale"] = scale_key(self.instance)
        elif not self.is_bound:
            self.initial.setdefault("language", get_language())
        # Left out of a post (an older form, a script): the facilitator's own language.
        self.fields["language"].required = False
        self.fields["context_label"].choices = [
            ("", _("No lens: the pattern's own words")),
            *self._lens_choices(),
        ]
        self.fields["title"].widget.attrs.pop("maxlength", None)
        self.fields["currency"].widget.attrs.update(
            {"autocapitalize": "characters", "size": 4, "spellcheck": "false"}
        )
        self.fields["currency"].widget.attrs.pop("maxlength", None)

    def clean_language(self):
        return self.cleaned_data.get("language") or self.instance.language or get_language()

    def _lens_choices(self):
        if self.instance.pk:
            return context_choices(self.instance.pattern)
        # Before a pattern is chosen, offer every pattern's lenses; clean() checks the pair.
        labels = {
            label for p in self.fields["pattern"].queryset for label in p.context_labels or ()
        }
        return [(label, lens_name(label)) for label in sorted(labels)]

    def clean_title(self):
        return text.clean_name(self.cleaned_data["title"], text.LABEL_MAX)

    def clean_currency(self):
        code = self.cleaned_data["currency"].strip().upper()
        if len(code) != 3 or not code.isascii() or not code.isalpha():
            raise forms.ValidationError(
                _("Use a three-letter ISO code such as GBP."), code="currency"
            )
        return code

    def clean_score_scale(self):
        key = self.cleaned_data["score_scale"]
        if self.instance.pk and key != scale_key(self.instance) and self.instance.scores_exist():
            raise forms.ValidationError(_("Scores already use this scale."), code="scale_locked")
        return key

    def clean_anonymous_scoring(self):
        value = self.cleaned_data.get("anonymous_scoring", False)
        if (
            self.instance.pk
            and value != self.instance.anonymous_scoring
            and self.instance.scores_exist()
        ):
            raise forms.ValidationError(
                _(
                    "Teams have already scored: how scores are revealed is fixed once voting starts."
                ),
                code="anonymous_locked",
            )
        return value

    def clean(self):
        cleaned = super().clean()
        pattern = cleaned.get("pattern")
        label = cleaned.get("context_label")
        if pattern is not None and label and label not in (pattern.context_labels or ()):
            self.add_error(
                "context_label",
                _("%(pattern)s has no lens called %(label)s.")
                % {"pattern": pattern.title, "label": label},
            )
        return cleaned

    @transaction.atomic
    def save(self, owner=None):
        workshop = super().save(commit=False)
        workshop.score_min, workshop.score_max = SCORE_SCALES[self.cleaned_data["score_scale"]]
        creating = workshop.pk is None
        if creating:
            workshop.owner = owner
            workshop.assign_join_code()
        workshop.save()
        if creating:
            for number, step in enumerate(workshop.pattern.implementation_steps(), start=1):
                WorkshopStep.objects.create(
                    workshop=workshop,
                    position=number,
                    pattern_step_number=step.number,
                    kind=registry.kind_for(workshop.pattern.slug, step.number),
                    title=step.title[:200],
                )
        return workshop


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "colour"]
        widgets = {"colour": forms.TextInput(attrs={"type": "color"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False  # an empty extra row is simply not used
        self.fields["name"].widget.attrs.pop("maxlength", None)

    def clean_name(self):
        name = self.cleaned_data.get("name", "")
        return text.clean_name(name) if name.strip() else ""

    def clean_colour(self):
        return self.cleaned_data["colour"].lower()


class BaseTeamFormSet(BaseInlineFormSet):
    """Team names unique in the workshop (DOMAIN.md 1.4); a team with members or work stays."""

    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            name = form.cleaned_data.get("name")
            if not name:
                if form.instance.pk:
                    form.add_error("name", _("This field is required."))
                continue
            key = name_key(name)
            if key in seen:
                form.add_error(
                    "name",
                    _("A team called ‘%(name)s’ already exists in this workshop.")  # noqa: RUF001
                    % {"name": seen[key]},
                )
            seen[key] = name
        # A formset ignores errors on rows marked for deletion, so the refusal is the formset's own.
        kept = [
            _("‘%(name)s’ has members or work; move its members before removing it.")  # noqa: RUF001
            % {"name": team.name}
            for team in (form.instance for form in self.deleted_forms)
            if team.pk and (team.members.exists() or team.progress.exists())
        ]
        if kept:
            raise forms.ValidationError(kept)

    def save_new(self, form, commit=True):
        if not form.cleaned_data.get("name"):
            return None
        return super().save_new(form, commit=commit)

    def save(self, commit=True):
        saved = []
        for form in self.deleted_forms:
            if form.instance.pk:
                form.instance.delete()
        for form in self.forms:
            if form in self.deleted_forms or (form.instance.pk is None and not form.has_changed()):
                continue
            if not form.cleaned_data.get("name"):
                continue
            team = form.save(commit=False)
            team.workshop = self.instance
            team.save()
            saved.append(team)
        return saved


def team_formset(workshop, data=None, extra=None):
    existing = workshop.teams.count() if workshop.pk else 0
    FormSet = inlineformset_factory(
        Workshop,
        Team,
        form=TeamForm,
        formset=BaseTeamFormSet,
        extra=extra if extra is not None else (3 if existing == 0 else 1),
        can_delete=True,
        max_num=50,
        validate_max=True,
    )
    formset = FormSet(
        data=data,
        instance=workshop,
        prefix="teams",
        queryset=workshop.teams.all() if workshop.pk else Team.objects.none(),
    )
    # New rows get the next unused colours, so teams are easy to tell apart from the start.
    for index, form in enumerate(formset.extra_forms):
        form.initial.setdefault("colour", TEAM_COLOURS[(existing + index) % len(TEAM_COLOURS)])
    return formset


class AgendaStepForm(forms.ModelForm):
    class Meta:
        model = WorkshopStep
        fields = ["timebox_minutes", "skipped"]
        labels = {"timebox_minutes": _("Minutes"), "skipped": _("Skip")}
        widgets = {"timebox_minutes": forms.NumberInput(attrs={"min": 1, "max": 480})}

    def clean_timebox_minutes(self):
        minutes = self.cleaned_data["timebox_minutes"]
        if minutes is None or not 1 <= minutes <= 480:
            raise forms.ValidationError(_("Enter a whole number of minutes from 1 to 480."))
        return minutes


AgendaFormSet = forms.modelformset_factory(WorkshopStep, form=AgendaStepForm, extra=0)


def agenda_formset(workshop, data=None):
    return AgendaFormSet(data=data, queryset=workshop.steps.all(), prefix="steps")


class MessageForm(forms.Form):
    team = forms.TypedChoiceField(label=_("To"), required=False, coerce=int, empty_value=None)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("At most 280 characters; shown on participants' screens."),
    )

    MAX = 280

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.teams = {team.pk: team for team in teams}
        self.fields["team"].choices = [("", _("Everyone"))] + [(t.pk, t.name) for t in teams]

    def clean_body(self):
        body = text.clean_long(self.cleaned_data["body"], self.MAX)
        if not body:
            raise forms.ValidationError(_("This field is required."), code="required")
        return body

    def team_object(self):
        return self.teams.get(self.cleaned_data["team"])


class RenameParticipantForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"))

    def clean_display_name(self):
        return text.clean_name(self.cleaned_data["display_name"])


class MoveParticipantForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), empty_label=None)

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = workshop.teams.all()


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
