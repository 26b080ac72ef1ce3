"""HTML → PDF with WeasyPrint, loading nothing but the allow-listed assets (fetcher.py)."""

from dataclasses import dataclass, field

from django.template.loader import render_to_string

from workshop.charter.fetcher import ASSET_BASE, AssetFetcher, asset_url


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


def render_html(html: str) -> RenderedPdf:
    from weasyprint import HTML

    fetcher = AssetFetcher()
    document = HTML(string=html, base_url=ASSET_BASE, url_fetcher=fetcher).render()
    return RenderedPdf(document.write_pdf(), len(document.pages), fetcher.refused)


def pdf_context(document) -> dict:
    from django.utils.translation import gettext as _

    return {
        "doc": document,
        "pdf": True,
        "css_urls": [asset_url("css/charter.css"), asset_url("css/charter-pdf.css")],
        "running": {
            "version": css_string(f"{document.version_label} · {document.status_label}"),
            "page": css_string(_("Page")),
            "of": css_string(_("of")),
            "hash": css_string(_("Content hash %(hash)s") % {"hash": document.hash12}),
        },
    }


def render_document(document) -> RenderedPdf:
    """The charter PDF of a `document.Document`."""
    return render_html(render_to_string("charter/pdf.html", pdf_context(document)))
