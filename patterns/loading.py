"""Loading parsed pattern files into the database in bulk: the command and the upload page share it.

A file whose bytes are unchanged since the last load (same content hash) is skipped without parsing;
changed files update their pattern in place (step rows keep their ids, so anything pointing at a
step survives a reload); nothing is deleted unless the caller asks for pruning.
"""

import hashlib
import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from patterns.models import Pattern, PatternSection, PatternStep
from patterns.parsing import SLUG_RE, PatternError, PatternValue, parse_pattern

PARSER_VERSION = "2"  # bump when parsing changes, so the next load re-reads every file
BATCH = 500
PARALLEL_FROM = 400  # below this many changed files, starting worker processes costs more
PATTERN_FIELDS = [
    "source_id", "title", "aliases", "summary", "context_labels", "context_names", "domain",
    "cross_domains", "specification_layer", "primary_tension", "keywords", "assessment",
    "overall_score", "lifecycle", "confidence", "relationships", "licence", "attribution", "language",
    "contributors", "forces", "benefits", "liabilities", "when_not_to_use", "has_diagram",
    "search_text", "source_path", "source_hash",
]  # fmt: skip


@dataclass(frozen=True)
class SourceFile:
    name: str  # shown in messages: the path as given, or the uploaded file's name
    data: bytes
    path: str = ""  # stored with the pattern, for pruning; defaults to name

    @property
    def stored_path(self) -> str:
        return self.path or self.name


@dataclass(frozen=True)
class Failure:
    name: str
    message: str
    line: int | None = None

    def __str__(self):
        return (
            f"{self.name}:{self.line}: {self.message}"
            if self.line
            else f"{self.name}: {self.message}"
        )


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)  # slugs
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"loaded {len(self.created)}, updated {len(self.updated)}, "
            f"unchanged {len(self.unchanged)}, failed {len(self.failures)}"
        )


def files_in(path: Path) -> list[Path]:
    """A file as given, or the Markdown files of a folder (READMEs and hidden files left out)."""
    if path.is_file():
        return [path]
    return sorted(
        p
        for p in path.rglob("*.md")
        if p.is_file()
        and p.name.lower() != "readme.md"
        and not any(part.startswith(".") for part in p.relative_to(path).parts)
    )


def content_hash(data: bytes) -> str:
    return hashlib.sha256(PARSER_VERSION.encode() + b"\0" + data).hexdigest()


def _parse_or_failure(source: SourceFile) -> tuple[PatternValue | None, tuple[str, int | None]]:
    try:
        return parse_source(source), ("", None)
    except PatternError as error:
        return None, (error.message, error.line)


def _parse_all(sources: list[SourceFile]) -> list:
    """Parsing is pure and CPU-bound: large loads spread it over the machine's cores."""
    workers = min(os.cpu_count() or 1, 8)
    if len(sources) < PARALLEL_FROM or workers < 2:
        return [_parse_or_failure(source) for source in sources]
    context = multiprocessing.get_context("fork") if hasattr(os, "fork") else None
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(_parse_or_failure, sources, chunksize=50))


def parse_source(source: SourceFile) -> PatternValue:
    try:
        text = source.data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = source.data[: error.start].count(b"\n") + 1
        raise PatternError("the file is not UTF-8 text", line) from None
    stem = Path(source.name).stem.lower()
    return parse_pattern(text, fallback_slug=stem if SLUG_RE.fullmatch(stem) else "")


def pattern_fields(value: PatternValue) -> dict:
    fields = {
        "source_id": value.source_id[:100],
        "title": value.title[:300],
        "aliases": list(value.aliases),
        "summary": value.summary,
        "context_labels": value.context_labels,
        "context_names": value.context_names,
        "domain": value.domain[:100],
        "cross_domains": list(value.cross_domains),
        "specification_layer": value.specification_layer[:20],
        "primary_tension": value.primary_tension[:300],
        "keywords": list(value.keywords),
        "assessment": [[name, score] for name, score in value.assessment],
        "overall_score": value.overall_score,
        "lifecycle": value.lifecycle,
        "confidence": value.confidence,
        "relationships": [asdict(r) for r in value.relationships],
        "licence": value.licence[:100],
        "attribution": value.attribution[:500],
        "language": value.language[:20],
        "contributors": list(value.contributors),
        "forces": [asdict(item) for item in value.forces],
        "benefits": [asdict(item) for item in value.benefits],
        "liabilities": [asdict(item) for item in value.liabilities],
        "when_not_to_use": [asdict(item) for item in value.when_not_to_use],
        "has_diagram": bool(value.diagrams),
    }
    return fields


def _sections(pattern_id: int, value: PatternValue) -> list[PatternSection]:
    rows = []
    for position, section in enumerate(value.sections, start=1):
        row = PatternSection(
            pattern_id=pattern_id,
            position=position,
            key=section.key[:100],
            title=section.title[:300],
            markdown=section.markdown,
        )
        if section.key == "implementation" and value.steps:
            row.lead_markdown = value.implementation.lead
            row.tail_markdown = value.implementation.tail
        rows.append(row)
    return rows


def load_sources(sources: Iterable[SourceFile], *, prune_paths=None) -> LoadReport:
    """Parses and stores the files; ``prune_paths(stored_path) -> bool`` marks what pruning may remove.

    With ``prune_paths``, patterns whose stored path it accepts and that no longer have a file among
    ``sources`` are deleted.
    """
    report = LoadReport()
    known = {
        row[0]: row
        for row in Pattern.objects.values_list("slug", "pk", "source_hash", "source_path")
    }
    by_hash = {row[2]: row for row in known.values() if row[2]}
    seen_paths: set[str] = set()
    parsed: dict[str, tuple[SourceFile, PatternValue, str]] = {}
    moved: list[Pattern] = []
    to_parse = []
    for source in sources:
        seen_paths.add(source.stored_path)
        digest = content_hash(source.data)
        if digest in by_hash:
            slug, pk, _hash, stored_path = by_hash[digest]
            report.unchanged.append(slug)
            if stored_path != source.stored_path:
                moved.append(Pattern(pk=pk, source_path=source.stored_path[:1000]))
            continue
        to_parse.append((source, digest))
    results = _parse_all([source for source, _digest in to_parse])
    for (source, digest), (value, (message, line)) in zip(to_parse, results, strict=True):
        if value is None:
            report.failures.append(Failure(source.name, message, line))
            continue
        if value.slug in parsed:
            other = parsed[value.slug][0].name
            report.failures.append(Failure(source.name, f"slug {value.slug!r} is also in {other}"))
            continue
        parsed[value.slug] = (source, value, digest)

    with transaction.atomic():
        if moved:
            Pattern.objects.bulk_update(moved, ["source_path"], batch_size=BATCH)
        _store(parsed, known, report)
        if prune_paths is not None:
            doomed = [
                (slug, row[1])
                for slug, row in known.items()
                if row[3] not in seen_paths and prune_paths(row[3])
            ]
            for start in range(0, len(doomed), BATCH):
                chunk = doomed[start : start + BATCH]
                Pattern.objects.filter(pk__in=[pk for _slug, pk in chunk]).delete()
            report.pruned = sorted(slug for slug, _pk in doomed)
    return report


def _store(parsed: dict, known: dict, report: LoadReport) -> None:
    new, changed = [], []
    now = timezone.now()
    for slug, (source, value, digest) in parsed.items():
        pattern = Pattern(slug=slug, **pattern_fields(value))
        pattern.source_path = source.stored_path[:1000]
        pattern.source_hash = digest
        pattern.refresh_search_text()
        if slug in known:
            pattern.pk = known[slug][1]
            pattern.updated_at = now
            changed.append(pattern)
        else:
            new.append(pattern)
    Pattern.objects.bulk_create(new, batch_size=BATCH)
    Pattern.objects.bulk_update(changed, [*PATTERN_FIELDS, "updated_at"], batch_size=BATCH)
    if new and new[0].pk is None:  # databases that cannot return ids from a bulk insert
        ids = dict(Pattern.objects.filter(slug__in=[p.slug for p in new]).values_list("slug", "pk"))
        for pattern in new:
            pattern.pk = ids[pattern.slug]
    report.created = [p.slug for p in new]
    report.updated = [p.slug for p in changed]

    changed_ids = [p.pk for p in changed]
    for start in range(0, len(changed_ids), BATCH):
        PatternSection.objects.filter(pattern_id__in=changed_ids[start : start + BATCH]).delete()
    sections = []
    for pattern in [*new, *changed]:
        sections.extend(_sections(pattern.pk, parsed[pattern.slug][1]))
    PatternSection.objects.bulk_create(sections, batch_size=BATCH)
    _store_steps(new, changed, parsed)


def _store_steps(new: list[Pattern], changed: list[Pattern], parsed: dict) -> None:
    """New steps are created; a changed pattern's steps are updated by number, extras removed."""
    existing: dict[tuple[int, int], int] = {}
    changed_ids = [p.pk for p in changed]
    for start in range(0, len(changed_ids), BATCH):
        rows = PatternStep.objects.filter(pattern_id__in=changed_ids[start : start + BATCH])
        for pk, pattern_id, number in rows.values_list("pk", "pattern_id", "number"):
            existing[(pattern_id, number)] = pk
    to_create, to_update, keep = [], [], set()
    for pattern in [*new, *changed]:
        for number, item in enumerate(parsed[pattern.slug][1].steps, start=1):
            step = PatternStep(
                pattern_id=pattern.pk, number=number, title=item.title[:300], markdown=item.markdown
            )
            pk = existing.get((pattern.pk, number))
            if pk:
                step.pk = pk
                keep.add(pk)
                to_update.append(step)
            else:
                to_create.append(step)
    extra = [pk for pk in existing.values() if pk not in keep]
    for start in range(0, len(extra), BATCH):
        PatternStep.objects.filter(pk__in=extra[start : start + BATCH]).delete()
    PatternStep.objects.bulk_update(to_update, ["title", "markdown"], batch_size=BATCH)
    PatternStep.objects.bulk_create(to_create, batch_size=BATCH)


def under_any(roots: list[str]):
    """A prune predicate: stored paths inside one of these folders, or equal to one of these files."""
    prefixes = [root.rstrip("/") + "/" for root in roots]

    def accepts(stored_path: str) -> bool:
        return stored_path in roots or any(stored_path.startswith(p) for p in prefixes)

    return accepts
