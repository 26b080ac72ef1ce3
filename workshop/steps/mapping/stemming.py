"""Tokens for the partner suggestions' text match: words, stop words and a light stemmer per language.

Hand-written suffix strippers (no dependency, no network): good enough to make "walks" meet "walking",
"Finanzierung" meet "finanzieren" and "المدرسة" meet "مدرسة". Arabic-script words always take the
Arabic rules; Latin words take the English or German rules by the workshop's language.
"""

import re
import unicodedata

_WORD = re.compile(r"\w+")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")  # harakat, dagger alef, tatweel
MIN_STEM = 3

STOP_WORDS = {
    "en": frozenset(
        """a about after all also an and any are as at be been but by can could do does for from
        has have he her his how i if in into is it its more most no not of on one or other our out
        over per she so some such than that the their them then there these they this those to up
        us was we were what when where which who will with within without would you your wants
        want need needs offer offers""".split()  # noqa: SIM905
    ),
    "de": frozenset(
        """aber alle als am an auch auf aus bei bin bis das dass dem den der des die doch du durch
        ein eine einem einen einer eines er es für hat haben ich ihr im in ist ja kein keine mit
        nach nicht noch nur oder ohne sich sie sind so über um und uns unter vom von vor war wir
        wird wie zu zum zur braucht bietet""".split()  # noqa: SIM905
    ),
    "ar": frozenset(
        """في من على الى إلى عن مع هذا هذه ذلك التي الذي الذين او أو و ثم لا لم لن ما هو هي هم كان
        كانت قد كل بين عند بعد قبل حتى غير""".split()  # noqa: SIM905
    ),
}
_ALL_STOP = frozenset().union(*STOP_WORDS.values())

_EN_SUFFIXES = (
    "ational", "ations", "ation", "ments", "ment", "ness", "ings", "ing", "ies", "ied", "ers",
    "er", "ed", "es", "ly", "s", "e",
)  # fmt: skip
_DE_SUFFIXES = (
    "ungen", "heiten", "keiten", "ung", "heit", "keit", "lich", "isch", "ern", "em", "en", "er",
    "es", "e", "n", "s",
)  # fmt: skip
_AR_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال", "و", "ب", "ل")
_AR_SUFFIXES = ("هما", "ات", "ون", "ين", "ان", "ها", "هم", "ية", "ه", "ي")  # noqa: RUF001


def normalise_arabic(word: str) -> str:
    """No diacritics or tatweel; one alef, ya for alef maqsura, ha for ta marbuta."""
    word = _ARABIC_MARKS.sub("", word)
    word = re.sub("[أإآٱ]", "ا", word)  # noqa: RUF001
    return word.replace("ى", "ي").replace("ة", "ه").replace("ؤ", "و").replace("ئ", "ي")  # noqa: RUF001


def _strip(word: str, suffixes) -> str:
    for suffix in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def stem_arabic(word: str) -> str:
    word = normalise_arabic(word)
    for prefix in _AR_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM:
            word = word[len(prefix) :]
            break
    return _strip(word, _AR_SUFFIXES)


def stem_english(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    stem = _strip(word, _EN_SUFFIXES)
    if len(stem) > MIN_STEM and stem[-1] == stem[-2] and stem[-1] not in "lsz":
        stem = stem[:-1]  # "programm(ing)", "stopp(ed)"
    return stem


def stem_german(word: str) -> str:
    word = word.replace("ß", "ss")
    word = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    return _strip(word, _DE_SUFFIXES)


def stem(word: str, language: str = "en") -> str:
    """The stem of one casefolded word."""
    if _ARABIC_LETTER.search(word):
        return stem_arabic(word)
    if language == "de":
        return stem_german(word)
    return stem_english(word)


def tokens(text: str, language: str = "en") -> list[tuple[str, str]]:
    """(stem, word as written) for each content word of ``text``: no stop words, numbers or letters."""
    found = []
    for match in _WORD.finditer(unicodedata.normalize("NFKC", text)):
        word = match.group()
        folded = word.casefold()
        if len(folded) < 2 or folded.isdigit() or folded in _ALL_STOP:
            continue
        if _ARABIC_LETTER.search(folded) and normalise_arabic(folded) in _ALL_STOP:
            continue
        if "_" in folded:
            continue
        found.append((stem(folded, language), word))
    return found
