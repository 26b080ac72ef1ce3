"""What a page with hostile text must never contain, read by an HTML parser as a browser would."""

from html.parser import HTMLParser

from tests.hostile.corpus import CORPUS


class _Page(HTMLParser):
    def __init__(self, markup_allowed=False):
        super().__init__(convert_charrefs=True)
        self.markup_allowed = markup_allowed
        self.problems = []
        self.text = []
        self.scripts = []  # (attributes, body) of each script element
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and "alert(" in value:
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in {"href", "src", "action", "formaction", "xlink:href"} and (
                value.strip().lower().startswith(("javascript:", "file:", "http://example.com"))
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if (
            not self.markup_allowed
            and tag in {"img", "link"}
            and (attributes.get("src") == "x" or "example.com" in (attributes.get("href") or ""))
        ):
            self.problems.append(f"hostile <{tag}> became an element")
        if tag == "script":
            self._in_script = [attributes, ""]

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script is not None:
            self.scripts.append(tuple(self._in_script))
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            self._in_script[1] += data
        else:
            self.text.append(data)


def check_html(html: str, where: str, markup_allowed=False) -> str:
    """Asserts `html` runs nothing of the corpus; returns its text (tags stripped, entities read).

    Typed text must never become an element; with `markup_allowed` (sanitised Markdown) an
    element may stay if it holds no event attribute and no unsafe link."""
    page = _Page(markup_allowed)
    page.feed(html)
    page.close()
    for _attributes, body in page.scripts:
        # Our own scripts and JSON data: hostile text inside is escaped (\u003C), never raw markup.
        if "alert(" in body and ("<" in body.split("alert(")[0][-40:]):
            page.problems.append(f"script body holds raw hostile markup: {body[:200]!r}")
    assert page.problems == [], (where, page.problems)
    return "".join(page.text)


def shown(text: str, values) -> list[str]:
    """The corpus strings among `values` that `text` shows literally (first 20 characters)."""
    return [v for v in values if v.split(" #")[0][:20] in text and v.split(" #")[0] in CORPUS]
