"""Step 1 forms: essential fields first (`essential`), the rest folded under "More details"."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from workshop.facilitation.models import name_key
from workshop.steps.editing import TeamRecordForm
from workshop.steps.mapping.models import (
    PURPOSE_MIN,
    Actor,
    FitCheck,
    Flow,
    ForceAssessment,
    SharedPurpose,
    ValueGap,
)
from workshop.text import LABEL_MAX, LONG_MAX, NAME_MAX, SHORT_MAX, clean_long, clean_name

SCALE = [(n, str(n)) for n in range(1, 6)]


def scale_field(label, help_text=""):
    """1-5 as segmented buttons (radio buttons styled as a button group)."""
    return forms.TypedChoiceField(
        label=label, choices=SCALE, coerce=int, widget=forms.RadioSelect, help_text=help_text
    )


class MappingForm(TeamRecordForm):
    """Text rules of DOMAIN.md 1.3 by field: names/labels required and stripped, long texts capped."""

    names: dict[str, int] = {}  # field → limit, required
    texts: dict[str, int] = {}  # field → limit, optional
    essential: tuple[str, ...] = ()
    segmented: tuple[str, ...] = ()  # choice fields drawn as button groups

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.texts:
            if name in self.fields:
                self.fields[name].strip = False  # clean_long strips after the NUL/length checks
        sources = {Actor: "actors", Flow: "flows", ValueGap: "gaps"}
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and queryset.model in sources:
                # mapping.js refreshes these lists from the board when teammates add records.
                field.choices_source = sources[queryset.model]
        for name, limit in {**self.names, **self.texts}.items():
            if name in self.fields:
                self.fields[name].widget.attrs["data-max"] = limit  # the live counter (app.js)
        for name in self.segmented:
            field = self.fields.get(name)
            if field is not None:
                field.widget = forms.RadioSelect(choices=field.choices)
                field.choices = [c for c in field.choices if c[0] != ""]
                field.widget.choices = field.choices

    def _post_clean(self):
        # Text rules before the model's own validation sees the values.
        for name, limit in self.names.items():
            if name in self.cleaned_data and self.cleaned_data[name] is not None:
                try:
                    self.cleaned_data[name] = clean_name(self.cleaned_data[name], limit)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        for name, limit in self.texts.items():
            if name in self.cleaned_data and self.cleaned_data[name] is not None:
                try:
                    self.cleaned_data[name] = clean_long(self.cleaned_data[name], limit)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        super()._post_clean()

    def reuse_choices(self, board):
        """List the board's actors, flows and gaps as choices instead of querying them once more
        per field (same scope and order; validation still goes through the querysets)."""
        records = {Actor: board.actors, Flow: board.flows, ValueGap: board.gaps}
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None or queryset.model not in records:
                continue
            blank = [("", field.empty_label)] if getattr(field, "empty_label", None) else []
            field.choices = blank + [
                (record.pk, field.label_from_instance(record))
                for record in records[queryset.model]
                if self.offers(name, record)
            ]

    def offers(self, name, record) -> bool:
        """Whether the choice field `name` lists `record` (forms that narrow a queryset override)."""
        return True

    @property
    def essential_fields(self):
        return [self[name] for name in self.essential if name in self.fields]

    @property
    def detail_fields(self):
        return [
            self[name] for name in self.fields if name not in self.essential and name != "version"
        ]

    @property
    def details_have_errors(self):
        return any(field.errors for field in self.detail_fields)


class FitCheckForm(MappingForm):
    texts = {"notes": SHORT_MAX}
    essential = (
        "can_achieve_alone",
        "needs_rapid_unilateral_decisions",
        "ip_risk_unmitigable",
        "contract_would_suffice",
    )
    segmented = essential

    class Meta:
        model = FitCheck
        fields = [
            "can_achieve_alone",
            "needs_rapid_unilateral_decisions",
            "ip_risk_unmitigable",
            "contract_would_suffice",
            "notes",
        ]
        labels = {"notes": _("How will you handle the “partly” answers?")}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class ForceAssessmentForm(MappingForm):
    """One of the pattern's tensions; `force` and `recorded_in_step` come from the page (1 or 5)."""

    texts = {"note": SHORT_MAX}
    essential = ("position",)

    position = scale_field(_("Position"))

    class Meta:
        model = ForceAssessment
        fields = ["position", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, force, recorded_in_step, **kwargs):
        super().__init__(*args, **kwargs)
        self.force = force
        self.recorded_in_step = recorded_in_step
        self.instance.force = force
        self.instance.recorded_in_step = recorded_in_step


class ActorForm(MappingForm):
    names = {"name": NAME_MAX}
    texts = {"goals": SHORT_MAX, "resources_held": SHORT_MAX, "notes": SHORT_MAX}
    essential = ("name", "actor_type", "sector", "influence", "interest")
    segmented = ("agency", "stance")

    influence = scale_field(_("Influence"), _("1 = little power over the outcome, 5 = decisive."))
    interest = scale_field(_("Interest"), _("1 = little stake in the outcome, 5 = a great deal."))

    class Meta:
        model = Actor
        fields = [
            "name",
            "actor_type",
            "sector",
            "influence",
            "interest",
            "agency",
            "proxy",
            "relationship",
            "stance",
            "goals",
            "resources_held",
            "is_convenor",
            "notes",
        ]
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 2}),
            "resources_held": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "agency": _("Rivers, species and future generations have none: give them a proxy."),
            "proxy": _("Who speaks for this actor (required when its agency is none)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Agency defaults by type (DOMAIN.md 2.3) when the folded field is left alone.
        self.fields["agency"].required = False
        self.fields["stance"].required = False
        self.fields["proxy"].choices_source = "proxies"
        proxies = self.fields["proxy"].queryset.exclude(agency=Actor.Agency.NONE)
        if self.instance.pk:
            proxies = proxies.exclude(pk=self.instance.pk)
        self.fields["proxy"].queryset = proxies

    def offers(self, name, record):
        if name == "proxy":
            return record.agency != Actor.Agency.NONE and record.pk != self.instance.pk
        return True

    def clean(self):
        cleaned = super().clean()
        actor_type = cleaned.get("actor_type")
        if not cleaned.get("agency"):
            voiceless = actor_type in (Actor.Type.ECOSYSTEM, Actor.Type.FUTURE_GENERATIONS)
            cleaned["agency"] = Actor.Agency.NONE if voiceless else Actor.Agency.HIGH
        if not cleaned.get("stance"):
            cleaned["stance"] = Actor.Stance.UNKNOWN
        if (
            cleaned.get("agency") == Actor.Agency.NONE
            and not cleaned.get("proxy")
            and "proxy" not in self.errors
        ):
            self.add_error("proxy", _("An actor without agency needs a proxy who speaks for it."))
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        name = self.cleaned_data.get("name")
        if name and "name" not in self.errors:
            existing = (
                Actor.objects.filter(team=self.team, name_key=name_key(name))
                .exclude(pk=self.instance.pk)
                .first()
            )
            if existing:
                self.add_error(
                    "name",
                    _("An actor called ‘%(name)s’ already exists in this team.")  # noqa: RUF001
                    % {"name": existing.name},
                )

    def save_versioned(self, by):
        with transaction.atomic():
            if self.cleaned_data.get("is_convenor"):
                # One convenor per team: choosing a new one hands the role over.
                Actor.objects.filter(team=self.team, is_convenor=True).exclude(
                    pk=self.instance.pk
                ).update(is_convenor=False)
            return super().save_versioned(by)


class FlowForm(MappingForm):
    names = {"label": LABEL_MAX}
    texts = {"notes": SHORT_MAX}
    essential = ("source", "target", "flow_type", "label", "status")
    segmented = ("status", "direction", "quality")

    amount = forms.DecimalField(
        label=_("Amount"),
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=0,
        error_messages={"min_value": _("Enter an amount of 0 or more.")},
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    strength = forms.TypedChoiceField(
        label=_("Strength"),
        required=False,
        choices=[("", _("Not set")), (1, _("Weak")), (2, _("Medium")), (3, _("Strong"))],
        coerce=int,
        empty_value=None,
    )

    class Meta:
        model = Flow
        fields = [
            "source",
            "target",
            "flow_type",
            "label",
            "status",
            "direction",
            "quality",
            "amount",
            "amount_unit",
            "strength",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "amount_unit": _("e.g. per_year, one_off, hours_per_year, ha"),
            "quality": _("Only for existing flows."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["direction"].required = False
        self.fields["quality"].required = False
        self.fields["quality"].choices = [("", _("Not set")), *Flow.Quality.choices]
        self.fields["quality"].widget.choices = self.fields["quality"].choices

    def clean(self):
        cleaned = super().clean()
        source, target = cleaned.get("source"), cleaned.get("target")
        if not cleaned.get("direction"):
            cleaned["direction"] = Flow.Direction.ONE_WAY
        if source and target and source == target:
            self.add_error("target", _("A flow must connect two different actors."))
        if cleaned.get("quality") and cleaned.get("status") != Flow.Status.EXISTING:
            self.add_error("quality", _("Quality applies only to existing flows."))
        if cleaned.get("amount") is not None and not cleaned.get("amount_unit"):
            self.add_error("amount_unit", _("Say what the amount is per (e.g. per_year)."))
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        data = self.cleaned_data
        source, target, label = data.get("source"), data.get("target"), data.get("label")
        if not (source and target and label and data.get("flow_type")) or self.errors:
            return
        pairs = Q_pair(source, target, data.get("direction") == Flow.Direction.TWO_WAY)
        duplicate = (
            Flow.objects.filter(pairs, team=self.team, flow_type=data["flow_type"])
            .filter(label_key=name_key(label))
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if duplicate:
            self.add_error(
                "label",
                _("This flow already exists: ‘%(label)s’ from %(source)s to %(target)s.")  # noqa: RUF001
                % {"label": label, "source": source.name, "target": target.name},
            )


def Q_pair(source, target, either_way):
    from django.db.models import Q

    same = Q(source=source, target=target)
    if either_way:
        # A two-way flow A↔B duplicates B→A of the same kind and label.
        return same | Q(source=target, target=source)
    return same | Q(source=target, target=source, direction=Flow.Direction.TWO_WAY)


class ValueGapForm(MappingForm):
    names = {"title": LABEL_MAX}
    texts = {"description": LONG_MAX, "collaboration_idea": SHORT_MAX}
    essential = ("title", "gap_type", "severity", "opportunity")

    severity = scale_field(_("Severity"))
    opportunity = scale_field(_("Opportunity"), _("How much value collaboration could unlock."))

    class Meta:
        model = ValueGap
        fields = [
            "title",
            "gap_type",
            "severity",
            "opportunity",
            "affected_actors",
            "related_flows",
            "description",
            "collaboration_idea",
        ]
        widgets = {
            "affected_actors": forms.CheckboxSelectMultiple,
            "related_flows": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
            "collaboration_idea": forms.Textarea(attrs={"rows": 2}),
        }

    def _post_clean(self):
        super()._post_clean()
        title = self.cleaned_data.get("title")
        if title and "title" not in self.errors:
            existing = (
                ValueGap.objects.filter(team=self.team, title_key=name_key(title))
                .exclude(pk=self.instance.pk)
                .first()
            )
            if existing:
                self.add_error(
                    "title",
                    _("A gap called ‘%(title)s’ already exists in this team.")  # noqa: RUF001
                    % {"title": existing.title},
                )


class SharedPurposeForm(MappingForm):
    texts = {
        "statement": 600,
        "geographic_scope": LABEL_MAX,
        "long_term_vision": LONG_MAX,
        "beneficiaries": SHORT_MAX,
        "success_looks_like": SHORT_MAX,
    }
    essential = ("statement", "addresses_gaps")

    class Meta:
        model = SharedPurpose
        fields = [
            "statement",
            "addresses_gaps",
            "long_term_vision",
            "geographic_scope",
            "time_horizon_years",
            "beneficiaries",
            "success_looks_like",
        ]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 3}),
            "addresses_gaps": forms.CheckboxSelectMultiple,
            "long_term_vision": forms.Textarea(attrs={"rows": 3}),
            "beneficiaries": forms.Textarea(attrs={"rows": 2}),
            "success_looks_like": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"statement": _("20 to 600 characters: what the partnership is for.")}

    def _post_clean(self):
        super()._post_clean()
        statement = self.cleaned_data.get("statement")
        if statement and len(statement) < PURPOSE_MIN and "statement" not in self.errors:
            self.add_error(
                "statement",
                _("Ensure this value has at least %(min)d characters (it has %(n)d).")
                % {"min": PURPOSE_MIN, "n": len(statement)},
            )
