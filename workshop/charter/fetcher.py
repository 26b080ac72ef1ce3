"""The only way WeasyPrint may load anything: a few of the project's own static files, by exact URL.

A charter holds text that participants typed. If that text ever reached the HTML as markup (an
``<img src="http://...">``, a CSS ``url()``), WeasyPrint would fetch it: a request to any host from
the server (SSRF) or a read of any local file. Autoescaping should stop that; this fetcher makes sure
of it. It serves the allow-listed files below from disk and refuses every other URL of any scheme
(``http:``, ``https:``, ``file:``, ``data:`` …), without touching the network or the file system.
"""

import logging
import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# The base URL of the PDF's own assets. ".invalid" is reserved (RFC 2606): it can never resolve, so
# even a fetcher bug could not reach a real host through it.
ASSET_BASE = "https://charter-assets.invalid/"

# Static files the PDF may load, as paths under the static folders. Nothing else, ever.
ALLOWED_ASSETS = frozenset(
    {
        "css/charter.css",
        "css/charter-pdf.css",
        "fonts/NotoSans-Regular.ttf",
        "fonts/NotoSans-Bold.ttf",
        "fonts/NotoSans-Italic.ttf",
        "fonts/NotoSansArabic-Regular.ttf",
        "fonts/NotoSansArabic-Bold.ttf",
        "fonts/NotoSansCJKsc-Regular-subset.otf",
        "favicon.svg",
    }
)

CONTENT_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".css": "text/css"}


class RefusedURL(ValueError):
    """WeasyPrint catches it, logs a warning and renders without the resource."""


def asset_url(path: str) -> str:
    """The URL under which the PDF template refers to an allow-listed static file."""
    if path not in ALLOWED_ASSETS:
        raise ValueError(f"{path} is not an allow-listed PDF asset")
    return ASSET_BASE + path


class AssetFetcher(URLFetcher):
    """A URL fetcher for one render. ``refused`` lists every URL it turned down (tests read it)."""

    def __init__(self):
        super().__init__(timeout=1, allowed_protocols=())
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url, headers=None):
        path = _allowed_path(url)
        file = _find(path) if path else None
        if file is None:
            self.refused.append(url)
            logger.warning("Charter PDF: refused to fetch %.200s", url)
            raise RefusedURL("The charter PDF loads only its own fonts and styles.")
        self.served.append(url)
        content_type = CONTENT_TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0]
        return URLFetcherResponse(
            url, file.read_bytes(), {"Content-Type": content_type or "application/octet-stream"}
        )

    def open(self, url, data=None, timeout=None):  # urllib's entry point: same rules
        return self.fetch(getattr(url, "full_url", url))


def _allowed_path(url: str) -> str | None:
    """The allow-listed path that ``url`` names exactly, or None."""
    if not isinstance(url, str) or not url.startswith(ASSET_BASE):
        return None
    path = url[len(ASSET_BASE) :]
    return path if path in ALLOWED_ASSETS else None


def _find(path: str) -> Path | None:
    found = finders.find(path)
    return Path(found) if found else None
