"""Hostile text: what a participant or facilitator might type to break out of the page, the PDF,
a spreadsheet or the export. Every string is short enough for a 120-character field except LONG."""

SCRIPT = '<script>alert("xss-script")</script>'
IMG = "<img src=x onerror=alert(1)>"
SVG = "<svg onload=alert(2)><circle r=9 /></svg>"
MARKDOWN_LINK = '[click me](javascript:alert(3)) <a href="javascript:alert(4)">go</a>'
CLOSE_SCRIPT = "</script><script>alert(5)</script>"
QUOTES = "\"'><b onmouseover=alert(6)>x</b>"
TEMPLATE = "{{ 7|add:7 }} {% debug %} {{ request.user }}"
FILE_IMG = '<img src="file:///etc/passwd">'
CSS_LINK = '<link rel="stylesheet" href="http://example.com/x.css">'
EQUALS = '=HYPERLINK("http://example.com","x")'
PLUS = "+1+cmd|' /C calc'!A0"
MINUS = "-2+3"
AT = "@SUM(1+1)*cmd|' /C calc'!A0"
TAB = "\t=1+1"
CR = "\r=1+1"
NON_BMP = (
    "Park \U0001f333\U0001f3de\ufe0f \U0001d518nicode \U0002070e"  # 🌳🏞️, Fraktur U, a CJK Ext. B
)
RTL = "abc\u202etxt.exe\u202c def"

# One list, cycled over every free-text field (each field of a record gets the next one).
CORPUS = [
    SCRIPT,
    IMG,
    SVG,
    MARKDOWN_LINK,
    CLOSE_SCRIPT,
    QUOTES,
    TEMPLATE,
    FILE_IMG,
    CSS_LINK,
    EQUALS,
    PLUS,
    MINUS,
    AT,
    TAB,
    CR,
    NON_BMP,
    RTL,
]
FORMULA = [EQUALS, PLUS, MINUS, AT, TAB, CR]
# Longer than any field's limit (the longest text fields allow a few thousand characters).
LONG = ("Very long text 🌳 " * 2000)[:30000]


def fitted(text: str, max_length: int | None, suffix: str = "") -> str:
    """`text` plus `suffix`, cut to `max_length` from the front of the text (the payload's start
    is what matters: a formula prefix, an opening tag)."""
    if max_length is None:
        return text + suffix
    return (text[: max_length - len(suffix)] + suffix)[:max_length]
