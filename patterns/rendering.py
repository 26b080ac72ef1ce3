"""Markdown to sanitised HTML: the one place in the project where nh3 is called.

Pattern files and anything else written in Markdown go through ``render_markdown``; the output is
safe to mark safe in a template. Mermaid code blocks become ``<pre class="mermaid-source">`` holding
the escaped diagram source: static/js/app.js draws them where JavaScript runs, and the source stays
readable where it does not.
"""

import hashlib
import html
import re
import secrets

import markdown
import nh3

RENDERER_VERSION = "1"
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align"},
}
URL_SCHEMES = {"http", "https", "mailto"}
_MERMAID = re.compile(r"^ {0,3}(`{3,})[ \t]*mermaid[ \t]*\n(.*?)^ {0,3}\1[ \t]*$", re.M | re.S)
_EXTENSIONS = ["tables", "fenced_code", "sane_lists"]


def render_markdown(text: str) -> str:
    """Markdown to HTML with scripts, styles, frames, event attributes and unsafe links removed."""
    if not text:
        return ""
    nonce = secrets.token_hex(8)
    diagrams: list[str] = []

    def hold(match: re.Match) -> str:
        diagrams.append(match.group(2).strip("\n"))
        return f"\n\nmermaid{nonce}x{len(diagrams) - 1}\n\n"

    source = _MERMAID.sub(hold, text)
    rendered = markdown.markdown(source, extensions=_EXTENSIONS, output_format="html")
    clean = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    for index, diagram in enumerate(diagrams):
        block = f'<pre class="mermaid-source">{html.escape(diagram)}</pre>'
        clean = clean.replace(f"<p>mermaid{nonce}x{index}</p>", block)
    return clean


def render_many(texts: list[str]) -> list[str]:
    """Renders several texts through the cache in one round trip each way (render on first view)."""
    from django.core.cache import cache

    keys = [_cache_key(text) for text in texts]
    found = cache.get_many(set(keys))
    missing = {}
    for key, text in zip(keys, texts, strict=True):
        if key not in found and key not in missing:
            missing[key] = render_markdown(text)
    if missing:
        cache.set_many(missing, timeout=None)
    return [found.get(key, missing.get(key, "")) for key in keys]


def render_cached(text: str) -> str:
    return render_many([text])[0]


def _cache_key(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return f"markdown:{RENDERER_VERSION}:{digest}"
