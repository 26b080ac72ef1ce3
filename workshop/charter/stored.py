"""A published version's PDF, rendered on its first download and stored in `CharterVersion.pdf`.

What a published version prints is not frozen with its snapshot: the status and the DRAFT watermark
follow the sign-offs (the watermark goes once every signing party has agreed), a later version makes
it "Superseded", the annexes show the other steps as they are now, and the pattern's licence may be
edited. Rather than invalidating the file on each of those events (and missing one), the stored file
is keyed by a digest of everything the PDF is made from: the HTML WeasyPrint lays out, the
stylesheets and fonts, and WeasyPrint's version. Each download renders the HTML again (tens of
milliseconds, against a second or more for the PDF) and serves the stored file only when its name
carries the same digest; otherwise it renders the PDF and replaces the file. The live draft is
never stored.
"""

import functools
import hashlib
import logging
from pathlib import PurePath

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from workshop.charter import pdf
from workshop.charter.fetcher import ALLOWED_ASSETS

logger = logging.getLogger(__name__)

DIGEST_CHARS = 32  # of the hex sha256, in the file name


@functools.cache
def _assets_digest() -> str:
    """The stylesheets, the fonts and the renderer: a new deploy of any of them renders anew."""
    import weasyprint

    digest = hashlib.sha256(weasyprint.__version__.encode())
    for path in sorted(ALLOWED_ASSETS):
        found = finders.find(path)
        with open(found, "rb") as file:
            digest.update(path.encode() + b"\0" + file.read())
    return digest.hexdigest()


def render_key(html: str) -> str:
    digest = hashlib.sha256(_assets_digest().encode())
    digest.update(html.encode())
    return digest.hexdigest()[:DIGEST_CHARS]


def _file_name(document, key: str) -> str:
    return f"charters/team-{document.team.pk}/v{document.version.number}-{key}.pdf"


def _matches(name: str, key: str) -> bool:
    # The storage may have added a suffix to the name (two first downloads at once).
    return bool(name) and f"-{key}" in PurePath(name).stem


def document_pdf(document) -> bytes:
    """The PDF of `document`: for a published version the stored file while it is current."""
    html = pdf.document_html(document)
    version = document.version
    if version is None:
        return pdf.render_html(html, charter_styles=True).content
    key = render_key(html)
    stored = version.pdf.name
    if _matches(stored, key):
        try:
            with default_storage.open(stored, "rb") as file:
                return file.read()
        except OSError:
            logger.warning("Charter PDF %s is gone; rendering it again", stored)
    content = pdf.render_html(html, charter_styles=True).content
    name = default_storage.save(_file_name(document, key), ContentFile(content))
    type(version).objects.filter(pk=version.pk).update(pdf=name)
    version.pdf.name = name
    if stored and stored != name:
        default_storage.delete(stored)  # the stale render
    return content
