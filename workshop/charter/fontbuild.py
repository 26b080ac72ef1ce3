"""Rebuilds the PDF fonts in static/fonts/ from Debian's font packages (run by hand, not at runtime).

    apt-get download fonts-noto-core fonts-noto-cjk
    for f in *.deb; do dpkg-deb -x "$f" x; done
    python -m workshop.charter.fontbuild x/usr/share/fonts

Each font is cut down to the scripts a charter needs (DOMAIN.md C-G14) so the repository stays small:
Noto Sans for Latin, Greek, Cyrillic and Vietnamese; Noto Sans Arabic; Noto Sans CJK (Simplified
Chinese design) limited to the common Han characters of GB 2312 and JIS X 0208 level 1, kana and the
2,350 common Hangul syllables of KS X 1001. The licences travel with the files.
"""

import sys
from pathlib import Path

from fontTools import subset

OUT = Path(__file__).resolve().parents[2] / "static" / "fonts"

# Shared by every face: spaces, punctuation, currency, arrows, the replacement character.
COMMON = "U+0020-007E,U+00A0-00FF,U+2000-206F,U+20A0-20CF,U+2190-21FF,U+2212,U+25A0-25FF,U+FFFD"
LATIN_GREEK_CYRILLIC = "U+0100-024F,U+0250-02FF,U+0300-036F,U+0370-03FF,U+0400-052F,U+1E00-1EFF,U+2100-214F,U+2150-218F"
# Spaces, digits and basic punctuation in every face: Pango keeps them in the run of the script around them.
BASIC = "U+0020-0040,U+005B-0060,U+007B-007E,U+00A0,U+00AB,U+00BB,U+2010-2027,U+2030-203A"
ARABIC = "U+0600-06FF,U+0750-077F,U+08A0-08FF,U+FB50-FDFF,U+FE70-FEFF,U+200C-200F"
KANA_PUNCT = "U+3000-30FF,U+31F0-31FF,U+FF00-FFEF,U+3130-318F"


def _decoded(codec: str, lead: range, trail: range) -> set[str]:
    chars = set()
    for first in lead:
        for second in trail:
            try:
                chars.add(bytes([first, second]).decode(codec))
            except UnicodeDecodeError:
                continue
    return chars


def common_cjk() -> str:
    """GB 2312 (all 6,763 hanzi), JIS X 0208 level 1 kanji and KS X 1001 Hangul, decoded here."""
    chars = _decoded("gb2312", range(0xB0, 0xF8), range(0xA1, 0xFF))
    chars |= _decoded("euc_jp", range(0xB0, 0xD0), range(0xA1, 0xFF))
    chars |= _decoded("euc_kr", range(0xB0, 0xC9), range(0xA1, 0xFF))
    return "".join(sorted(chars))


def _subset(source: Path, target: str, unicodes: str = "", text: str = "", font_number=0):
    options = subset.Options()
    options.layout_features = ["*"]  # keep shaping (Arabic joining, kerning, ligatures)
    options.name_IDs = ["*"]
    options.name_legacy = True
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False  # a PDF does not need TrueType hinting; it halves the files
    options.font_number = font_number
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(unicodes), text=text)
    subsetter.subset(font)
    subset.save_font(font, str(OUT / target), options)
    print(f"{target}: {(OUT / target).stat().st_size // 1024} KiB")


def main(fonts: Path):
    noto = fonts / "truetype" / "noto"
    for weight in ("Regular", "Bold", "Italic"):
        _subset(
            noto / f"NotoSans-{weight}.ttf",
            f"NotoSans-{weight}.ttf",
            f"{COMMON},{LATIN_GREEK_CYRILLIC}",
        )
    for weight in ("Regular", "Bold"):
        _subset(
            noto / f"NotoSansArabic-{weight}.ttf",
            f"NotoSansArabic-{weight}.ttf",
            f"{BASIC},{ARABIC}",
        )
    cjk = fonts / "opentype" / "noto"
    # Face 2 of the collection is the Simplified Chinese design ("Noto Sans CJK SC").
    _subset(
        cjk / "NotoSansCJK-Regular.ttc",
        "NotoSansCJKsc-Regular-subset.otf",
        f"{BASIC},{KANA_PUNCT}",
        common_cjk(),
        font_number=2,
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
