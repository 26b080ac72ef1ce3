"""The pattern library: patterns loaded from Markdown files, their sections and implementation steps.

The Markdown is stored as written and rendered on first view through ``patterns.rendering`` (cached
by content), because rendering thousands of files at load time would take minutes.
"""

from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from patterns.parsing import CONTEXT_LABELS, search_text
from patterns.rendering import render_cached, render_many

CONTEXT_LABEL_NAMES = {
    "corporate": _("Corporate"),
    "government": _("Government"),
    "activist": _("Activist"),
    "tech": _("Tech"),
    "community": _("Community"),
}
RELATIONSHIP_NAMES = {
    "requires": _("Requires"),
    "enables": _("Enables"),
    "generalizes_from": _("Generalises"),
    "specializes_to": _("Specialised by"),
    "complementary": _("Complements"),
    "alternatives": _("Alternatives"),
    "related": _("Related"),
}


class PatternQuerySet(models.QuerySet):
    def with_steps(self):
        """Patterns with at least one implementation step (the ones a workshop can follow)."""
        return self.filter(Exists(PatternStep.objects.filter(pattern=OuterRef("pk"))))

    def search(self, query: str):
        """Every word of the query must appear in the title, aliases, summary or keywords."""
        qs = self
        for word in search_text(query).split()[:8]:
            qs = qs.filter(search_text__contains=word)
        return qs

    def in_domain(self, domain: str):
        return self.filter(domain=domain) if domain else self


class Pattern(models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    source_id = models.CharField(max_length=100, blank=True, db_index=True)  # ``id`` in the file
    title = models.CharField(max_length=300)
    aliases = models.JSONField(default=list, blank=True)
    summary = models.TextField(blank=True)
    context_labels = models.JSONField(default=list, blank=True)  # of CONTEXT_LABELS, in that order
    context_names = models.JSONField(default=dict, blank=True)  # label -> name in that context
    domain = models.CharField(max_length=100, blank=True, db_index=True)
    cross_domains = models.JSONField(default=list, blank=True)
    specification_layer = models.CharField(max_length=20, blank=True)
    primary_tension = models.CharField(max_length=300, blank=True)
    keywords = models.JSONField(default=list, blank=True)
    assessment = models.JSONField(default=list, blank=True)  # [[dimension, score], ...]
    overall_score = models.FloatField(null=True, blank=True)
    lifecycle = models.JSONField(default=dict, blank=True)  # status, usage/adoption stage, version
    confidence = models.FloatField(null=True, blank=True)
    relationships = models.JSONField(
        default=list, blank=True
    )  # [{kind, target, weight, description}]
    licence = models.CharField(max_length=100, blank=True)
    attribution = models.CharField(max_length=500, blank=True)
    language = models.CharField(max_length=20, default="en")  # of the text; the UI may differ
    contributors = models.JSONField(default=list, blank=True)
    forces = models.JSONField(default=list, blank=True)  # [{title, markdown}] from Problem
    benefits = models.JSONField(default=list, blank=True)
    liabilities = models.JSONField(default=list, blank=True)
    when_not_to_use = models.JSONField(default=list, blank=True)
    has_diagram = models.BooleanField(default=False)
    search_text = models.TextField(blank=True, editable=False)
    source_path = models.CharField(max_length=1000, blank=True)
    source_hash = models.CharField(max_length=64, blank=True, db_index=True)
    loaded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PatternQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("patterns:detail", args=[self.slug])

    def name_in_context(self, label: str) -> str:
        """The pattern's name for corporate, government, activist, tech or community readers."""
        return (self.context_names or {}).get(label) or self.title

    def implementation_steps(self):
        return self.steps.all()

    def refresh_search_text(self):
        self.search_text = search_text(
            self.title, " ".join(self.aliases), self.summary, " ".join(self.keywords), self.slug
        )

    @cached_property
    def assessment_rows(self) -> list[tuple[str, float]]:
        return [
            (str(name).replace("_", " ").capitalize(), score) for name, score in self.assessment
        ]


class PatternSection(models.Model):
    pattern = models.ForeignKey(Pattern, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    key = models.CharField(max_length=100)  # context, problem, implementation, ... (normalised)
    title = models.CharField(max_length=300, blank=True)
    markdown = models.TextField(blank=True)
    # Only for the implementation section: the text around its steps, so the steps can be a list.
    lead_markdown = models.TextField(blank=True)
    tail_markdown = models.TextField(blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["pattern", "position"], name="section_position_unique")
        ]

    def __str__(self):
        return self.title or self.key

    @property
    def html(self):
        return mark_safe(render_cached(self.markdown))  # sanitised by nh3


class PatternStep(models.Model):
    pattern = models.ForeignKey(Pattern, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField()  # 1..n, in the file's order
    title = models.CharField(max_length=300)
    markdown = models.TextField(blank=True)

    class Meta:
        ordering = ["pattern", "number"]
        constraints = [
            models.UniqueConstraint(fields=["pattern", "number"], name="step_number_unique")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return f"{self.pattern.get_absolute_url()}#{self.anchor}"

    @property
    def html(self):
        return mark_safe(render_cached(self.markdown))  # sanitised by nh3

    @property
    def anchor(self):
        return f"step-{self.number}"


def rendered(texts: list[str]) -> list[str]:
    """Many texts at once, marked safe: they come out of nh3."""
    return [mark_safe(html) for html in render_many(texts)]


__all__ = ["CONTEXT_LABELS", "Pattern", "PatternSection", "PatternStep"]
