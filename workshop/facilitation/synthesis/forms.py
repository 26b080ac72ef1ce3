"""The facilitator's call on two actor names: merge them, keep them apart (DOMAIN.md 10)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workshop.facilitation.models import ActorClusterLink


class ClusterDecisionForm(forms.Form):
    key_a = forms.CharField(label=_("First actor"), max_length=120, strip=False)
    key_b = forms.CharField(label=_("Second actor"), max_length=120, strip=False)
    decision = forms.ChoiceField(choices=ActorClusterLink.Decision.choices)

    def __init__(self, *args, cluster_map, **kwargs):
        super().__init__(*args, **kwargs)
        self.cluster_map = cluster_map

    def _clean_key(self, name):
        key = self.cleaned_data[name]
        if key not in self.cluster_map.cluster_by_key:
            raise forms.ValidationError(_("Choose an actor from the list."), code="unknown")
        return key

    def clean_key_a(self):
        return self._clean_key("key_a")

    def clean_key_b(self):
        return self._clean_key("key_b")

    def clean(self):
        data = super().clean()
        key_a, key_b = data.get("key_a"), data.get("key_b")
        if key_a and key_b:
            same_cluster = (
                self.cluster_map.cluster_by_key[key_a] is self.cluster_map.cluster_by_key[key_b]
            )
            if key_a == key_b or (same_cluster and data.get("decision") == "same"):
                self.add_error("key_b", _("Choose two different actors."))
        return data

    def save(self, workshop, by):
        data = self.cleaned_data
        return ActorClusterLink.decide(
            workshop, data["key_a"], data["key_b"], data["decision"], by=by
        )
