"""CSV cells safe to open in a spreadsheet (DOMAIN.md 9), shared by every CSV the app writes.

Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay plain numbers
(a negative amount is still a number); files are UTF-8 with a BOM so accents read right.
"""

import csv
import io
from decimal import Decimal
from urllib.parse import quote

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str | int | float | Decimal:
    """Numbers as they are; text that starts like a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def unescape_cell(text: str) -> str:
    """Reverses safe_cell, so an exported file imports back as typed."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def csv_bytes(header, rows) -> bytes:
    """A whole CSV file: BOM, header, rows of already-safe cells, CRLF line ends."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def attachment(filename: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(filename)}"
