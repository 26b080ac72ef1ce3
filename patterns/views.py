"""Pages of the pattern library: the searchable index, a pattern, and the staff upload."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from patterns.forms import LibrarySearchForm, PatternUploadForm
from patterns.loading import SourceFile, load_sources
from patterns.models import (
    CONTEXT_LABEL_NAMES,
    CONTEXT_LABELS,
    RELATIONSHIP_NAMES,
    Pattern,
    rendered,
)
from patterns.parsing import SLUG_MAX_LENGTH, SLUG_RE
from patterns.radar import radar
from workshop.policies import public, staff_only

PAGE_SIZE = 20


def _library_context(request, *, upload_form=None, report=None):
    domains = list(
        Pattern.objects.exclude(domain="")
        .order_by("domain")
        .values_list("domain", flat=True)
        .distinct()
    )
    form = LibrarySearchForm(request.GET, domains=domains)
    patterns = Pattern.objects.only("slug", "title", "summary", "domain")
    if form.is_valid():
        patterns = patterns.search(form.cleaned_data["q"]).in_domain(form.cleaned_data["domain"])
    else:
        patterns = patterns.none()
    page = Paginator(patterns, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "searching": bool(request.GET.get("q") or request.GET.get("domain")),
        "upload_form": upload_form or PatternUploadForm(),
        "report": report,
    }


@public
@require_GET
def index(request):
    context = _library_context(request)
    if request.htmx and request.htmx.target == "library-results":
        return render(request, "patterns/index.html#results", context)
    return render(request, "patterns/index.html", context)


@staff_only
@require_POST
def upload(request):
    """Staff add pattern files: same parser and per-file report as the load_patterns command."""
    form = PatternUploadForm(request.POST, request.FILES)
    report = None
    if form.is_valid():
        sources = [
            SourceFile(name=file.name, data=file.read(), path=f"upload:{file.name}")
            for file in form.cleaned_data["files"]
        ]
        report = load_sources(sources)
        form = PatternUploadForm()
    context = _library_context(request, upload_form=form, report=report)
    if request.htmx:
        return render(request, "patterns/index.html#upload-panel", context)
    return render(request, "patterns/index.html", context)


@public
@require_GET
def detail(request, slug):
    # Checked before any lookup: only well-formed slugs reach the database.
    if len(slug) > SLUG_MAX_LENGTH or not SLUG_RE.fullmatch(slug):
        raise Http404("No such pattern.")
    pattern = get_object_or_404(Pattern.objects.prefetch_related("sections", "steps"), slug=slug)
    label = request.GET.get("context", "")
    if label not in CONTEXT_LABELS:
        label = ""
    context = {
        "pattern": pattern,
        "lens": _lens(pattern, label),
    }
    if request.htmx and request.htmx.target == "context-lens":
        return render(request, "patterns/detail.html#context-lens", context)

    sections = list(pattern.sections.all())
    steps = list(pattern.steps.all())
    texts = [s.markdown for s in sections] + [s.lead_markdown for s in sections]
    texts += [s.tail_markdown for s in sections] + [step.markdown for step in steps]
    html = iter(rendered(texts))
    for attribute in ("html", "lead_html", "tail_html"):
        for section in sections:
            setattr(section, f"shown_{attribute}", next(html))
    for step in steps:
        step.shown_html = next(html)
    context.update(
        sections=sections,
        steps=steps,
        radar=radar(pattern.assessment_rows),
        relationships=_relationships(pattern),
        lifecycle=_lifecycle_rows(pattern),
    )
    return render(request, "patterns/detail.html", context)


def _lens(pattern, label):
    return {
        "label": label,
        "label_name": CONTEXT_LABEL_NAMES.get(label, ""),
        "name": pattern.name_in_context(label) if label else "",
        "has_name": bool(label and label in (pattern.context_names or {})),
        "choices": [(value, CONTEXT_LABEL_NAMES[value]) for value in CONTEXT_LABELS],
    }


def _relationships(pattern):
    """Groups by kind; targets that are loaded patterns (by slug or file id) become links."""
    entries = [r for r in pattern.relationships if isinstance(r, dict) and r.get("target")]
    targets = {r["target"] for r in entries}
    loaded = {}
    if targets:
        for slug, source_id, title in Pattern.objects.filter(
            Q(slug__in=targets) | Q(source_id__in=targets)
        ).values_list("slug", "source_id", "title"):
            loaded[slug] = (slug, title)
            if source_id:
                loaded[source_id] = (slug, title)
    groups: dict[str, list] = {}
    for entry in entries:
        slug, title = loaded.get(entry["target"], (None, entry["target"]))
        groups.setdefault(entry.get("kind", "related"), []).append(
            {
                "slug": slug,
                "title": title,
                "weight": entry.get("weight"),
                "description": entry.get("description", ""),
            }
        )
    return [
        (RELATIONSHIP_NAMES.get(kind, kind.replace("_", " ").capitalize()), items)
        for kind, items in groups.items()
    ]


def _lifecycle_rows(pattern):
    from django.utils.translation import gettext as _

    names = {
        "status": _("Status"),
        "usage_stage": _("Usage stage"),
        "adoption_stage": _("Adoption stage"),
        "version": _("Version"),
    }
    lifecycle = pattern.lifecycle or {}
    rows = [
        (names[key], str(lifecycle[key]).replace("_", " ")) for key in names if key in lifecycle
    ]
    return rows
