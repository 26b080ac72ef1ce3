"""From a pattern file's text to a pattern value: pure Python, no Django.

The library was written to several schema versions (``ontology``/``context_labels``/``relationships``
in the newer files, ``classification`` and top-level relationship lists in the older ones), with
headings written ``### 1. Context``, ``### Section 1: Context (100-200 words)`` or ``## Overview``.
``parse_pattern`` takes them all and gives one shape; anything it cannot read raises
``PatternError`` with the file line where that is known.
"""

import re
import unicodedata
from dataclasses import dataclass, field

import yaml
from frontmatter.default_handlers import YAMLHandler

CONTEXT_LABELS = ("corporate", "government", "activist", "tech", "community")
SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MAX_LENGTH = 100
RELATIONSHIP_KINDS = (
    "requires",
    "enables",
    "generalizes_from",
    "specializes_to",
    "complementary",
    "alternatives",
    "related",
)
# Dimensions of the newer numeric commons assessment, in the order the files list them.
ASSESSMENT_DIMENSIONS = (
    "stakeholder_architecture",
    "value_creation",
    "resilience",
    "ownership",
    "autonomy",
    "composability",
    "fractal_value",
    "vitality",
)
# Heading words that mean the same section, normalised to one key.
SECTION_SYNONYMS = {
    "cognitive_era_considerations": "cognitive_era",
    "known_use": "known_uses",
    "resources_and_references": "references",
    "anti_patterns_and_gotchas": "anti_patterns",
    "7_pillars_assessment": "seven_pillars_assessment",
    "commons_alignment_assessment_v2_0": "commons_alignment_assessment",
}


class PatternError(ValueError):
    """A file that is not a readable pattern; ``line`` is the file's 1-based line when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Item:
    """A bold-titled list item: a step, a force, a benefit... ``markdown`` is the text after the title."""

    title: str
    markdown: str


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    markdown: str
    diagrams: tuple[str, ...] = ()


@dataclass(frozen=True)
class Relationship:
    kind: str
    target: str  # a slug, or a pattern id (``pat_...``) in the older files
    weight: float | None = None
    description: str = ""


@dataclass(frozen=True)
class Implementation:
    """The Implementation section cut around its steps, so a page can show the steps as a list."""

    lead: str = ""
    steps: tuple[Item, ...] = ()
    tail: str = ""


@dataclass(frozen=True)
class PatternValue:
    slug: str
    title: str
    source_id: str = ""
    aliases: tuple[str, ...] = ()
    summary: str = ""
    context_names: dict[str, str] = field(default_factory=dict)
    domain: str = ""
    cross_domains: tuple[str, ...] = ()
    specification_layer: str = ""
    primary_tension: str = ""
    keywords: tuple[str, ...] = ()
    assessment: tuple[tuple[str, float], ...] = ()
    overall_score: float | None = None
    lifecycle: dict[str, str] = field(default_factory=dict)
    confidence: float | None = None
    relationships: tuple[Relationship, ...] = ()
    licence: str = ""
    attribution: str = ""
    language: str = "en"  # of the file's text (frontmatter `language` or `lang`; English if absent)
    contributors: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    implementation: Implementation = Implementation()
    forces: tuple[Item, ...] = ()
    benefits: tuple[Item, ...] = ()
    liabilities: tuple[Item, ...] = ()
    when_not_to_use: tuple[Item, ...] = ()

    @property
    def context_labels(self) -> list[str]:
        """The workshop's five context labels this pattern has a name for, in their usual order."""
        return [label for label in CONTEXT_LABELS if label in self.context_names]

    @property
    def steps(self) -> tuple[Item, ...]:
        return self.implementation.steps

    @property
    def diagrams(self) -> list[str]:
        return [diagram for section in self.sections for diagram in section.diagrams]

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


class _FastYAMLHandler(YAMLHandler):
    # libyaml's loader is several times faster than the pure-Python one, and as safe.
    def load(self, fm, **kwargs):
        kwargs.setdefault("Loader", getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return super().load(fm, **kwargs)


_HANDLER = _FastYAMLHandler()


def parse_pattern(text: str, *, fallback_slug: str = "") -> PatternValue:
    """Reads one pattern file's text; ``fallback_slug`` (from the file name) serves files without one."""
    meta, body, fm_first_line, fm_text = _split_frontmatter(text)
    sections = split_sections(body)
    slug = _string(meta.get("slug")) or fallback_slug
    if not slug:
        raise PatternError("no slug in the frontmatter", _key_line(fm_text, "slug", fm_first_line))
    if len(slug) > SLUG_MAX_LENGTH or not SLUG_RE.fullmatch(slug):
        raise PatternError(
            f"slug {slug!r} must be lower-case letters, digits and single hyphens "
            f"(at most {SLUG_MAX_LENGTH} characters)",
            _key_line(fm_text, "slug", fm_first_line),
        )
    title = _string(meta.get("title"))
    if not title:
        raise PatternError(
            "no title in the frontmatter", _key_line(fm_text, "title", fm_first_line)
        )

    ontology = _mapping(meta.get("ontology"))
    classification = _mapping(meta.get("classification"))
    hints = _mapping(ontology.get("search_hints"))
    provenance = _mapping(meta.get("provenance"))
    assessment, overall = _assessment(ontology)
    lifecycle, confidence = _lifecycle(meta, classification)
    by_key = {s.key: s for s in sections}
    consequences = _consequences(
        by_key["consequences"].markdown if "consequences" in by_key else ""
    )
    return PatternValue(
        slug=slug,
        title=title,
        source_id=_string(meta.get("id")),
        aliases=tuple(_strings(meta.get("aliases"))),
        summary=_string(meta.get("summary")) or _first_paragraph(sections),
        context_names=_context_names(meta.get("context_labels")),
        domain=_string(ontology.get("domain")) or _string(classification.get("domain")),
        cross_domains=tuple(
            _strings(ontology.get("cross_domains"), split=True)
            or _strings(classification.get("commons_domain"), split=True)
        ),
        specification_layer=_string(ontology.get("specification_layer")),
        primary_tension=_string(hints.get("primary_tension")),
        keywords=tuple(
            _strings(hints.get("vector_keywords"), split=True)
            or _strings(classification.get("category"), split=True)
        ),
        assessment=assessment,
        overall_score=overall,
        lifecycle=lifecycle,
        confidence=confidence,
        relationships=_relationships(meta),
        licence=_string(meta.get("license") or meta.get("licence"))
        or _string(provenance.get("license") or provenance.get("licence")),
        attribution=_string(meta.get("attribution")) or _string(provenance.get("attribution")),
        language=_language(meta.get("language") or meta.get("lang")),
        contributors=tuple(
            _contributors(meta.get("contributors") or provenance.get("contributors"))
        ),
        sections=tuple(sections),
        implementation=split_implementation(
            by_key["implementation"].markdown if "implementation" in by_key else ""
        ),
        forces=tuple(_forces(by_key["problem"].markdown if "problem" in by_key else "")),
        benefits=consequences["benefits"],
        liabilities=consequences["liabilities"],
        when_not_to_use=consequences["when_not_to_use"],
    )


# --- Frontmatter -------------------------------------------------------------------------------


def _split_frontmatter(text: str) -> tuple[dict, str, int, str]:
    """Returns (metadata, body, file line where the YAML text starts, YAML text)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise PatternError("the file is empty", 1)
    if not _HANDLER.detect(text):
        raise PatternError("no YAML frontmatter: the file must start with a line '---'", 1)
    try:
        fm, body = _HANDLER.split(text)
    except ValueError:
        raise PatternError("the frontmatter is never closed by a line '---'", 1) from None
    first_line = text[: text.index(fm)].count("\n") + 1  # fm starts on the line of the opening ---
    try:
        meta = _HANDLER.load(_blank_ignored_blocks(fm))
    except yaml.YAMLError as error:
        raise _yaml_error(error, first_line) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise PatternError(
            "the frontmatter must be a YAML mapping of keys to values", first_line + 1
        )
    return meta, body, first_line, fm


# Top-level keys nothing here reads; some files hold a hundred lines of machine-written graph there.
_IGNORED_BLOCK = re.compile(r"^(graph_garden|sources)[ \t]*:.*\n(?:(?:[ \t#].*|[ \t]*)\n)*", re.M)


def _blank_ignored_blocks(fm: str) -> str:
    """Blanks those blocks line for line, so YAML parses less and error lines stay true."""
    return _IGNORED_BLOCK.sub(lambda m: "\n" * m.group(0).count("\n"), fm)


def _yaml_error(error: yaml.YAMLError, first_line: int) -> PatternError:
    mark = getattr(error, "problem_mark", None)
    line = first_line + mark.line if mark is not None else None
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    context_mark = getattr(error, "context_mark", None)
    message = f"invalid YAML: {problem}"
    if context and context_mark is not None:
        message += f" ({context} that starts on line {first_line + context_mark.line})"
    elif context:
        message += f" ({context})"
    return PatternError(message, line)


def _key_line(fm_text: str, key: str, first_line: int) -> int:
    match = re.search(rf"^{re.escape(key)}\s*:", fm_text, re.MULTILINE)
    return first_line + fm_text[: match.start()].count("\n") if match else first_line


def _string(value) -> str:
    """Scalars become trimmed text; a one-item list its item; anything else empty."""
    if value is None or isinstance(value, dict):
        return ""
    if isinstance(value, list):
        return _string(value[0]) if len(value) == 1 else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return " ".join(str(value).split())


def _strings(value, *, split: bool = False) -> list[str]:
    """A list in one file, a string in another: always a list of non-empty strings."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name") or item.get("label") or item.get("id") or ""
        text = _string(item)
        parts = text.split(",") if split else [text]
        out.extend(part.strip() for part in parts if part.strip())
    return list(dict.fromkeys(out))


def _mapping(value) -> dict:
    return value if isinstance(value, dict) else {}


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number else None  # NaN is no score


def _context_names(value) -> dict[str, str]:
    names = {}
    for label, name in _mapping(value).items():
        text = _string(name)
        if text:
            names[_string(label).lower()] = text
    return names


def _assessment(ontology: dict) -> tuple[tuple[tuple[str, float], ...], float | None]:
    """Scores as (dimension, number) pairs: a mapping in most files, a list of dicts in some."""
    raw = ontology.get("commons_assessment")
    scores: list[tuple[str, float]] = []
    overall = _number(ontology.get("overall_score"))
    if isinstance(raw, dict):
        for key, value in raw.items():
            number = _number(value)
            if key == "overall_score":
                overall = number
            elif number is not None:
                scores.append((_string(key), number))
    elif isinstance(raw, list):
        for entry in raw:
            entry = _mapping(entry)
            number = _number(entry.get("score"))
            name = _string(entry.get("dimension"))
            if name and number is not None:
                scores.append((name, number))
    return tuple(scores), overall


def _lifecycle(meta: dict, classification: dict) -> tuple[dict[str, str], float | None]:
    lifecycle = _mapping(meta.get("lifecycle"))
    values = {
        "status": _string(lifecycle.get("status")) or _string(classification.get("status")),
        "usage_stage": _string(lifecycle.get("usage_stage")),
        "adoption_stage": _string(lifecycle.get("adoption_stage")),
        "version": _string(lifecycle.get("version")) or _string(meta.get("version")),
    }
    confidence = _number(lifecycle.get("confidence"))
    if confidence is None:
        confidence = _number(meta.get("confidence_score"))
    return {key: value for key, value in values.items() if value}, confidence


def _relationships(meta: dict) -> tuple[Relationship, ...]:
    """Both the ``relationships`` mapping and the older top-level lists; duplicates kept once."""
    nested = _mapping(meta.get("relationships"))
    found: dict[tuple[str, str], Relationship] = {}
    for kind in RELATIONSHIP_KINDS:
        for source in (nested.get(kind), meta.get(kind)):
            for entry in source if isinstance(source, list) else [source] if source else []:
                relationship = _relationship(kind, entry)
                if relationship and (kind, relationship.target) not in found:
                    found[(kind, relationship.target)] = relationship
    return tuple(found.values())


def _relationship(kind: str, entry) -> Relationship | None:
    if isinstance(entry, dict):
        target = _string(entry.get("id") or entry.get("slug") or entry.get("target"))
        weight = _number(entry.get("weight"))
        description = _string(entry.get("description"))
    else:
        target, weight, description = _string(entry), None, ""
    return Relationship(kind, target, weight, description) if target else None


def _contributors(value) -> list[str]:
    return _strings(value)


# --- Body ----------------------------------------------------------------------------------------

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([\w+-]*)")


def _heading_lines(lines: list[str]) -> list[tuple[int, int, str]]:
    """(index, level, text) of each ATX heading outside fenced code blocks."""
    found, fence = [], None
    for index, line in enumerate(lines):
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            continue
        if fence is None:
            match = _HEADING.match(line)
            if match:
                found.append((index, len(match.group(1)), match.group(2).strip()))
    return found


def section_key(title: str) -> str:
    """``### Section 4: Implementation (300-500 words)`` and ``## Implementation`` -> implementation."""
    text = re.sub(r"^\s*(section\s+)?\d+(\.\d+)*[.:)]?\s+", "", title, flags=re.IGNORECASE)
    text = re.sub(r"\((\d+\s*-\s*\d+\s+words|[^)]*words)\)", "", text, flags=re.IGNORECASE)
    head, sep, _rest = text.partition(":")
    if sep and head.strip():
        text = head
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9]+", "_", text.lower().replace("&", " and ")).strip("_") or "section"
    return SECTION_SYNONYMS.get(key, key)


def split_sections(body: str) -> list[Section]:
    """Sections at the body's shallowest heading level; a leading ``# Title`` is the page title."""
    lines = body.splitlines()
    headings = _heading_lines(lines)
    if headings and headings[0][1] == 1 and any(level > 1 for _i, level, _t in headings[1:]):
        title_index = headings[0][0]  # the document title, already in the frontmatter
        headings = headings[1:]
        preamble_lines = lines[:title_index] + lines[title_index + 1 : headings[0][0]]
    else:
        preamble_lines = lines[: headings[0][0]] if headings else lines
    sections: list[Section] = []
    preamble = _strip_rules("\n".join(preamble_lines))
    if preamble:
        sections.append(Section("introduction", "", preamble, _diagrams(preamble)))
    if not headings:
        return sections
    level = min(h[1] for h in headings)
    tops = [h for h in headings if h[1] == level]
    used: dict[str, int] = {}
    for position, (index, _level, title) in enumerate(tops):
        end = tops[position + 1][0] if position + 1 < len(tops) else len(lines)
        markdown = _strip_rules("\n".join(lines[index + 1 : end]))
        key = section_key(title)
        used[key] = used.get(key, 0) + 1
        if used[key] > 1:
            key = f"{key}_{used[key]}"
        sections.append(Section(key, _clean_title(title), markdown, _diagrams(markdown)))
    return sections


def _clean_title(title: str) -> str:
    return re.sub(r"\s*\(\s*\d+\s*-\s*\d+\s+words\s*\)\s*$", "", title, flags=re.IGNORECASE)


def _strip_rules(markdown: str) -> str:
    """Trims blank lines and the ``---`` rules files put between sections."""
    lines = markdown.strip("\n").splitlines()
    while lines and (not lines[0].strip() or re.fullmatch(r"\s*([-*_])\s*(\1\s*){2,}", lines[0])):
        lines.pop(0)
    while lines and (not lines[-1].strip() or re.fullmatch(r"\s*([-*_])\s*(\1\s*){2,}", lines[-1])):
        lines.pop()
    return "\n".join(lines)


def _diagrams(markdown: str) -> tuple[str, ...]:
    return tuple(
        source.strip("\n")
        for source in re.findall(
            r"^ {0,3}```\s*mermaid\s*\n(.*?)^ {0,3}```\s*$", markdown, re.M | re.S
        )
    )


# A list item whose text starts with a bold title: ``1.  **Title:** text`` or ``- **Title.** text``.
_ITEM = re.compile(r"^(?P<marker>\d+[.)]|[-*+])[ \t]+\*\*(?P<title>.+?)\*\*[ \t]*(?P<rest>.*)$")


def _title_and_rest(title: str, rest: str) -> tuple[str, str]:
    title = title.strip()
    if rest.startswith((":", ".")):  # ``**Title**: text``
        rest = rest[1:].strip()
    title = title.rstrip(":.").strip()
    return title, rest


def _bold_items(markdown: str, *, numbered: bool) -> tuple[str, list[Item], str]:
    """Top-level list items with a bold title; returns (text before, items, text after)."""
    lines = markdown.splitlines()
    starts = []
    for index, line in enumerate(lines):
        match = _ITEM.match(line)
        if match and match.group("marker")[0].isdigit() == numbered:
            starts.append((index, match))
    if not starts:
        return markdown, [], ""
    items = []
    last_end = starts[0][0]
    for position, (index, match) in enumerate(starts):
        limit = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        end = index + 1
        # The item goes on over indented lines and blank lines followed by indented lines.
        while end < limit:
            line = lines[end]
            if line.strip() and not line.startswith((" ", "\t")):
                if position + 1 < len(starts):
                    end = limit  # loose text between two items belongs to the first
                break
            end += 1
        if position + 1 == len(starts):
            while end > index + 1 and not lines[end - 1].strip():
                end -= 1
        title, rest = _title_and_rest(match.group("title"), match.group("rest"))
        continuation = _dedent(lines[index + 1 : end])
        text = "\n".join(part for part in (rest, continuation) if part).strip()
        items.append(Item(title, _separate_lists(text)))
        last_end = end
    before = "\n".join(lines[: starts[0][0]]).strip()
    after = "\n".join(lines[last_end:]).strip()
    return before, items, after


def _dedent(lines: list[str]) -> str:
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(indents) if indents else 0
    return "\n".join(line[cut:] if line.strip() else "" for line in lines).strip("\n")


_LIST_LINE = re.compile(r"^\s*([-*+]|\d+[.)])[ \t]+")


def _separate_lists(text: str) -> str:
    """Python-Markdown needs a blank line between a paragraph and the list that follows it."""
    out: list[str] = []
    for line in text.splitlines():
        if out and out[-1].strip() and _LIST_LINE.match(line) and not _LIST_LINE.match(out[-1]):
            out.append("")
        out.append(line)
    return "\n".join(out)


def split_implementation(markdown: str) -> Implementation:
    """The numbered, bold-titled items of an Implementation section are its steps."""
    lead, steps, tail = _bold_items(markdown, numbered=True)
    if not steps:
        return Implementation(lead=markdown.strip())
    return Implementation(lead=lead, steps=tuple(steps), tail=tail)


def _forces(markdown: str) -> list[Item]:
    _before, items, _after = _bold_items(markdown, numbered=True)
    if not items:
        _before, items, _after = _bold_items(markdown, numbered=False)
    # ``**Force 1: Simplicity vs. Completeness.**`` names the force after its number.
    return [Item(re.sub(r"^Force\s+\d+\s*:\s*", "", item.title), item.markdown) for item in items]


_GROUPS = {
    "benefits": ("benefit", "what flourishes", "advantages", "positive"),
    "liabilities": ("liabilit", "what risks emerge", "risks", "drawbacks", "negative"),
    "when_not_to_use": ("when not", "when to avoid"),
}


def _consequences(markdown: str) -> dict[str, tuple[Item, ...]]:
    """Benefits, liabilities and "when not to use" items, found under their bold labels."""
    groups: dict[str, list[str]] = {}
    current = None
    for line in markdown.splitlines():
        label = re.fullmatch(r"\*\*(.+?)\*\*\s*:?\s*", line.strip())
        if label:
            name = label.group(1).lower()
            current = next(
                (key for key, words in _GROUPS.items() if any(w in name for w in words)), None
            )
            if current:
                groups.setdefault(current, [])
            continue
        if current:
            groups[current].append(line)
    result = {}
    for key in _GROUPS:
        text = "\n".join(groups.get(key, [])).strip()
        result[key] = tuple(_group_items(text))
    return result


def _group_items(markdown: str) -> list[Item]:
    items = []
    for block in re.split(r"\n(?=\s*[-*+][ \t])|\n\s*\n", markdown):
        block = block.strip()
        if not block:
            continue
        block = re.sub(r"^[-*+][ \t]+", "", block)
        match = re.match(r"\*\*(.+?)\*\*[ \t]*(.*)", block, re.S)
        if match:
            title, rest = _title_and_rest(match.group(1), match.group(2))
            items.append(Item(title, rest.strip()))
        else:
            items.append(Item("", block))
    return items


def _first_paragraph(sections: list[Section], limit: int = 300) -> str:
    """A summary for files without one: the first prose paragraph, as plain text."""
    for section in sections:
        for paragraph in re.split(r"\n\s*\n", section.markdown):
            text = paragraph.strip()
            if not text or text.startswith((">", "|", "```", "#", "-", "*", "1.")):
                continue
            text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
            text = " ".join(re.sub(r"[*_`]", "", text).split())
            if len(text) > limit:
                text = text[:limit].rsplit(" ", 1)[0] + "…"
            return text
    return ""


def search_text(*parts: str) -> str:
    """Lower-case ASCII words separated by single spaces: what the library search matches against."""
    text = " ".join(part for part in parts if part)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _language(value) -> str:
    """A BCP 47 tag such as "en" or "pt-BR"; anything else reads as English."""
    text = _string(value)
    return text if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", text) else "en"
