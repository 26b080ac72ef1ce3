"""HTML → PDF with WeasyPrint, loading nothing but the allow-listed assets (fetcher.py)."""

import contextlib
import gc
import threading
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import translation

from workshop.charter.fetcher import ASSET_BASE, AssetFetcher, asset_url

STYLESHEETS = ("css/charter.css", "css/charter-pdf.css")


@dataclass
class RenderedPdf:
    content: bytes
    pages: int
    refused: list[str] = field(default_factory=list)  # URLs the fetcher turned down


def css_string(text) -> str:
    """`text` as a CSS string literal: every character but letters, digits and spaces escaped."""
    return (
        '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in str(text)) + '"'
    )


_local = threading.local()


def _styles():
    """(font configuration, parsed charter stylesheets), made once per thread and reused.

    A fresh FontConfiguration per render wrote the bundled fonts to a temporary folder, had
    fontconfig scan them and Pango load every face again: about a fifth of a render. Pango and
    fontconfig objects are not thread-safe, hence one set per thread. The stylesheets are our own
    files, fetched through the allow-listing fetcher like everything else.
    """
    if not hasattr(_local, "styles"):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()
        fetcher = AssetFetcher()
        sheets = [
            CSS(url=asset_url(path), url_fetcher=fetcher, font_config=fonts) for path in STYLESHEETS
        ]
        _local.styles = (fonts, sheets)
    return _local.styles


_gc_lock = threading.Lock()
_gc_pauses = {"count": 0, "was_enabled": False}


@contextlib.contextmanager
def _cyclic_gc_paused():
    """Python's cyclic garbage collector off while WeasyPrint works.

    A render builds some hundred thousand boxes and style objects; each automatic full
    collection walked all of them again, about a fifth of the render. Reference counting still
    frees memory as usual; the cycles left behind go at the next automatic collection after the
    render. Concurrent renders share the pause; the collector comes back when the last one ends.
    """
    with _gc_lock:
        if _gc_pauses["count"] == 0:
            _gc_pauses["was_enabled"] = gc.isenabled()
            gc.disable()
        _gc_pauses["count"] += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses["count"] -= 1
            if _gc_pauses["count"] == 0 and _gc_pauses["was_enabled"]:
                gc.enable()


def render_html(html: str, charter_styles: bool = False) -> RenderedPdf:
    """`html` as a PDF; with `charter_styles`, laid out with the charter's stylesheets and fonts."""
    from weasyprint import HTML

    fetcher = AssetFetcher()
    fonts, sheets = _styles() if charter_styles else (None, None)
    with _cyclic_gc_paused():
        document = HTML(string=html, base_url=ASSET_BASE, url_fetcher=fetcher).render(
            stylesheets=sheets, font_config=fonts
        )
        content = document.write_pdf()
    return RenderedPdf(content, len(document.pages), fetcher.refused)


def pdf_context(document) -> dict:
    from django.utils.translation import gettext as _

    return {
        "doc": document,
        "pdf": True,
        "running": {
            "title": css_string(document.title),
            "version": css_string(f"{document.version_label} · {document.status_label}"),
            "page": css_string(_("Page")),
            "of": css_string(_("of")),
            "hash": css_string(_("Content hash %(hash)s") % {"hash": document.hash12}),
        },
    }


def document_html(document) -> str:
    """The HTML WeasyPrint lays out for `document` (cache.py keys the stored PDF on it), in the
    charter's print language whatever the language of the person downloading it."""
    with translation.override(document.language or None):
        return render_to_string("charter/pdf.html", pdf_context(document))


def render_document(document) -> RenderedPdf:
    """The charter PDF of a `document.Document`."""
    return render_html(document_html(document), charter_styles=True)
