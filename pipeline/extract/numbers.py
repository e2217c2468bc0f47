"""Extract stage: parse German numerals (digits, number words, scale words) into values.

Pure functions on strings; `pipeline.extract.figures` finds the spans and calls these.

The compound number words are parsed by hand rather than with the text2num package:
text2num (3.x) rejects "anderthalb", "eineinhalb", "zweieinhalb", "ein Dutzend" and
"eine Million", which regional news uses all the time, and German compounds follow a
grammar small enough (units-und-tens, hundert, tausend) to parse in a few lines.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from pipeline.lang_de.number_words import (
    COMPOUND_JOINER,
    COMPOUND_UNIT_WORDS,
    FRACTION_WORDS,
    GENITIVE_NUMBER_WORDS,
    HALF_ADJECTIVES,
    HALF_SUFFIX,
    HUNDRED_WORD,
    INDEFINITE_ARTICLES,
    TEEN_WORDS,
    TENS_WORDS,
    THOUSAND_WORD,
    UNIT_WORDS,
)
from pipeline.lang_de.scales import SCALE_WORDS

# German groups thousands with "." or a (thin / narrow no-break) space and uses "," as the
# decimal mark (DIN 5008, DIN 1333): "1.234,56", "10 000", "10\u202f000".
GROUP_SPACES = " \u00a0\u2009\u202f"
_DIGITS_RE = re.compile(
    r"(?P<int>\d{1,3}(?:\.\d{3})+|\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+|\d+)(?:,(?P<frac>\d+))?"
)
_SCALES_LOWER: dict[str, int] = {word.lower(): factor for word, factor in SCALE_WORDS.items()}


def parse_digits(text: str) -> float | None:
    """Value of a German digit string ("1.000" -> 1000.0, "2,5" -> 2.5), None if it is none."""
    match = _DIGITS_RE.fullmatch(text.strip())
    if match is None:
        return None
    integer = re.sub(r"[.\u00a0\u2009\u202f ]", "", match.group("int"))
    frac = match.group("frac")
    return float(f"{integer}.{frac}") if frac else float(integer)


def _parse_below_100(word: str) -> int | None:
    if word in UNIT_WORDS:
        return UNIT_WORDS[word]
    if word in TEEN_WORDS:
        return TEEN_WORDS[word]
    if word in TENS_WORDS:
        return TENS_WORDS[word]
    unit, joiner, tens = word.partition(COMPOUND_JOINER)
    if joiner and unit in COMPOUND_UNIT_WORDS and tens in TENS_WORDS:
        return COMPOUND_UNIT_WORDS[unit] + TENS_WORDS[tens]
    return None


def _parse_below_1000(word: str) -> int | None:
    # "hundert" contains "und", so it has to be split off before units-und-tens.
    head, found, rest = word.partition(HUNDRED_WORD)
    if not found:
        return _parse_below_100(word)
    if head in ("", "ein"):
        hundreds = 1
    elif head in COMPOUND_UNIT_WORDS:
        hundreds = COMPOUND_UNIT_WORDS[head]
    elif head in TEEN_WORDS:
        # Years are read in hundreds: "neunzehnhundertneunundachtzig" = 1989.
        hundreds = TEEN_WORDS[head]
    else:
        return None
    rest = rest.removeprefix(COMPOUND_JOINER)  # "hundertundeins"
    if not rest:
        return hundreds * 100
    below = _parse_below_100(rest)
    return None if below is None else hundreds * 100 + below


def _parse_integer_word(word: str) -> int | None:
    head, found, rest = word.partition(THOUSAND_WORD)
    if not found:
        return _parse_below_1000(word)
    thousands = 1 if head in ("", "ein") else _parse_below_1000(head)
    if not thousands:
        return None
    rest = rest.removeprefix(COMPOUND_JOINER)
    if not rest:
        return thousands * 1000
    below = _parse_below_1000(rest)
    return None if below is None else thousands * 1000 + below


def parse_number_word(text: str) -> float | None:
    """Value of one German number word ("dreiundzwanzig" -> 23.0, "anderthalb" -> 1.5)."""
    word = text.strip().lower()
    if word in FRACTION_WORDS:
        return FRACTION_WORDS[word]
    if word in GENITIVE_NUMBER_WORDS:
        return float(GENITIVE_NUMBER_WORDS[word])
    if word.endswith(HALF_SUFFIX):
        base = word[: -len(HALF_SUFFIX)]
        # "eineinhalb": the compound form "ein" stands for one here.
        value = COMPOUND_UNIT_WORDS.get(base) or _parse_integer_word(base)
        return None if value is None else value + 0.5
    value = _parse_integer_word(word)
    return None if value is None else float(value)


def scale_factor(text: str) -> int | None:
    """Multiplier of a scale word or abbreviation ("Mio." -> 10**6), None if it is none."""
    return SCALE_WORDS.get(text) or _SCALES_LOWER.get(text.lower())


def multiply(value: float, factor: float) -> float:
    """value * factor without binary noise (2,3 Mio. is 2300000.0, not 2299999.9999999995)."""
    try:
        return float(Decimal(repr(value)) * Decimal(repr(factor)))
    except InvalidOperation:  # pragma: no cover - inf/nan never come out of the parsers
        return value * factor


def parse_number(text: str) -> float | None:
    """Value of digits or one number word; the indefinite article alone is not a number."""
    value = parse_digits(text)
    return value if value is not None else parse_number_word(text)


def parse_quantity(text: str) -> float | None:
    """Value of a number with an optional scale ("2,5 Mio." -> 2500000.0, "eine Million")."""
    words = text.split()
    if not words:
        return None
    factor = 1
    if len(words) > 1:
        scale = scale_factor(words[-1])
        if scale is None:
            return None
        factor, words = scale, words[:-1]
    if (
        len(words) == 2
        and words[0].lower() in INDEFINITE_ARTICLES
        and (words[1].lower() in HALF_ADJECTIVES)
    ):
        return multiply(0.5, factor) if factor != 1 else None
    if len(words) != 1:
        return None
    if words[0].lower() in INDEFINITE_ARTICLES:
        # "ein Dutzend", "eine Million" count; "ein" alone is the article.
        return float(factor) if factor != 1 else None
    value = parse_number(words[0])
    return None if value is None else multiply(value, factor)
