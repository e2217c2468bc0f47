"""Extract stage: find every figure in a German article and resolve it per docs/ANNOTATION.md.

Speed: one compiled regex scans `doc.text` for number candidates (digits, number words,
"eine Million", "Tausende", dates, phone numbers); only the few candidates get Python-level
work, with small anchored regexes on the text around them. Tokens are touched only to read
tags when the pipeline has a tagger, so the step costs next to nothing beside a model.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.attrs import POS, TAG
from spacy.tokens import Doc

from pipeline.extract.numbers import multiply, parse_digits, parse_number_word, scale_factor
from pipeline.extract.sentences import sentence_bounds, sentence_context
from pipeline.lang_de.change_verbs import (
    CHANGE_NOUNS_DOWN,
    CHANGE_NOUNS_UP,
    CHANGE_WORD_FORMS,
    COMPARATIVES_DOWN,
    COMPARATIVES_UP,
    DOWN_WORD_FORMS,
    PARTICLE_VERBS,
    UP_WORD_FORMS,
)
from pipeline.lang_de.contexts import (
    LABEL_LETTERS_BEFORE,
    LABEL_WORDS_AFTER,
    LABEL_WORDS_BEFORE,
    ORDINAL_LEADERS,
    ORDINAL_NOUNS,
    STREET_SUFFIXES,
    YEAR_MAX,
    YEAR_MIN,
    YEAR_MIN_STRONG,
    YEAR_STRONG_CONTEXT,
    YEAR_WEAK_CONTEXT,
)
from pipeline.lang_de.currencies import (
    CURRENCIES,
    CURRENCIES_BEFORE,
    CURRENCY_FULL_NAMES,
    CURRENCY_HEAD_DEFAULTS,
    CURRENCY_HEADS,
    CURRENCY_SUBUNITS,
    CURRENCY_TERRITORY_NAMES,
    NEWS_PLURALS,
)
from pipeline.lang_de.measures import LEVEL_VERBS, MEASURE_EXTENSIONS, NOT_MEASURES
from pipeline.lang_de.months import MONTH_PARTS, MONTHS
from pipeline.lang_de.nouns import (
    COUNT_HEAD_NOUNS,
    DATIVE_PREPOSITIONS,
    E_PLURAL_DATIVE_ENDINGS,
    NOT_ADJECTIVES,
    PAIR_JOINERS,
    PARTITIVE_DETERMINERS,
    PLURALS_ENDING_IN_N,
    SUBSTANTIVISED_ENDINGS,
)
from pipeline.lang_de.number_words import (
    APPROX_ADJECTIVES,
    COMPOUND_JOINER,
    DECIMAL_WORD,
    FRACTION_NOUNS,
    FRACTION_WORDS,
    GENITIVE_NUMBER_WORDS,
    HALF_ADJECTIVES,
    HALF_ARTICLES,
    HALF_NEUTER,
    HALF_NOUN,
    HALF_SUFFIX,
    HUNDRED_WORD,
    INDEFINITE_ARTICLES,
    TEEN_WORDS,
    TENS_WORDS,
    THOUSAND_WORD,
    UNIT_WORDS,
)
from pipeline.lang_de.qualifiers import (
    ALTERNATIVE_JOINERS,
    APPROX_WORDS,
    CHANGE_FILLERS,
    MAX_AFTER,
    MAX_WORDS,
    MIN_AFTER,
    MIN_WORDS,
    QUALIFIER_FILLERS,
    UEBER_GOVERNING_STEMS,
    UEBER_GOVERNING_VERBS,
)
from pipeline.lang_de.scales import SCALE_WORDS, VAGUE_NUMBER_WORDS, VAGUE_QUANTIFIERS
from pipeline.lang_de.units import MEASURE_UNITS, PERCENT_POINT_WORDS, PERCENT_WORDS
from pipeline.records import Figure


def _alternation(words: Iterable[str]) -> str:
    """Regex alternation, longest first so "Prozentpunkte" wins over "Prozent"."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        escaped = re.escape(word)
        # A word that ends in a letter must end there ("m" is not the start of "mehr").
        parts.append(escaped + r"(?![\w²³])" if word[-1].isalnum() else escaped)
    return "(?:" + "|".join(parts) + ")"


_H = r"[^\S\r\n]"  # a space within a line: figures never run across a line break
_HC = " \t\u00a0\u2009\u202f"  # the same, for use inside a character class
_DIGITS = (
    r"\d{1,3}(?:\.\d{3})+(?:,\d+)?"
    r"|\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?!\d)(?:,\d+)?"
    r"|\d+(?:,\d+)?"
)
# "14.30", "4.0", "12:30" and "2:1" are times, versions and scores, not numbers.
# "51°7" (a latitude in a name) is no figure either.
_DIGITS_END = r"(?![.,:]\d)(?![^\W_])(?!-[^\W\d_])(?!°)"
_WORD_ATOMS = _alternation(
    [
        *UNIT_WORDS,
        *TEEN_WORDS,
        *TENS_WORDS,
        HUNDRED_WORD,
        THOUSAND_WORD,
        COMPOUND_JOINER,
        *FRACTION_WORDS,
        *GENITIVE_NUMBER_WORDS,
        HALF_SUFFIX,
        "ein",
    ]
).replace(r"(?![\w²³])", "")
_NUMBER_WORD = rf"(?i:(?!(?:ein|und)\b)(?:{_WORD_ATOMS})+)(?![\w-])"
_SCALE_ALT = _alternation(SCALE_WORDS)
_UNIT_TABLE: dict[str, tuple[str, str, float]] = {
    **{w: ("money", code, 1.0) for w, code in CURRENCIES.items()},
    **{w: ("money", code, f) for w, (code, f) in CURRENCY_SUBUNITS.items()},
    **{w: ("percent", "%", 1.0) for w in PERCENT_WORDS},
    **{w: ("percent_points", "pp", 1.0) for w in PERCENT_POINT_WORDS},
    **{w: ("measure", sym, 1.0) for w, sym in MEASURE_UNITS.items()},
}
_UNIT_ALT = _alternation(_UNIT_TABLE)
_MONTH_ALT = _alternation(MONTHS)
_ARTICLE_ALT = _alternation(INDEFINITE_ARTICLES).replace(r"(?![\w²³])", r"\b")
_HALF_ALT = _alternation(HALF_ADJECTIVES | HALF_NEUTER | APPROX_ADJECTIVES)
_FRACTION_ALT = _alternation(FRACTION_NOUNS)

_PHONE = (
    rf"(?<![\w.,])(?:\+\d{{1,3}}{_H}*(?:\(0\){_H}*)?\d[\d{_HC}/-]{{4,}}\d"
    rf"|\(0\d{{2,5}}\){_H}*\d[\d{_HC}/-]{{2,}}\d"
    rf"|0\d{{2,5}}(?:(?:{_H}*[/–-]{_H}*|{_H})\d+)+)(?![\w])"
)
_DATE_NUMERIC = (
    r"(?<![\w.,])(?P<nd_day>\d{1,2})\.(?P<nd_mon>\d{1,2})\.(?P<nd_year>\d{4}|\d{2})(?![\w]|[.,]\d)"
)
_DATE_TEXT = (
    rf"(?<![\w.])(?:(?P<td_part>{_alternation(MONTH_PARTS)}){_H}+)?"
    rf"(?:(?P<td_day>\d{{1,2}})\.{_H}*)?(?P<td_mon>{_MONTH_ALT})"
    rf"(?:{_H}+(?P<td_year>\d{{4}})(?![\w.,]\d|\w))?"
)
_DECADE = (
    rf"(?<![\w.,])(?P<dec>(?:1[89]|20)?\d0)er(?:(?:{_H}+|-)(?:Jahren|Jahre|Jahrzehnt))?(?![\w])"
)
_YEAR_RANGE = r"(?<![\w.,/])(?P<yr1>(?:18|19|20)\d\d)/(?P<yr2>(?:18|19|20)\d\d|\d\d)(?![\w/])"
# The text-date pattern stands twice in the scanner (digit and letter start), so there it
# has no group names; `_DATE_TEXT_AT` reads the parts once it matched.
_UNNAMED_DATE_TEXT = re.sub(r"\(\?P<\w+>", "(?:", _DATE_TEXT)


def _prefixes(words: Iterable[str], any_case: bool) -> set[str]:
    """The first four letters of each word (the whole word if shorter): "sieben" gives
    "sieb", so "sie", "sich" and "sind" do not start a candidate."""
    heads = {w[:4] for w in words if w}
    return heads | {h[0].upper() + h[1:] for h in heads} if any_case else heads


def _prefix_alternation(prefixes: Iterable[str]) -> str:
    """Prefixes grouped by their first letter ("sieb|sech" -> "s(?:ech|ieb)"): the regex
    engine tries alternatives one by one, so a flat alternation of a hundred prefixes would
    cost a hundred tests at every word boundary of the text."""
    by_first: dict[str, set[str]] = {}
    for prefix in prefixes:
        by_first.setdefault(prefix[0], set()).add(prefix[1:])
    parts = []
    for first, rests in sorted(by_first.items()):
        tails = sorted((re.escape(r) for r in rests), key=len, reverse=True)
        parts.append(re.escape(first) + "(?:" + "|".join(tails) + ")")
    return "(?:" + "|".join(parts) + ")"


# The first letters of every word a candidate can start with: most words fail here.
_WORD_PREFIXES = _prefix_alternation(
    _prefixes(
        [
            *UNIT_WORDS,
            *TEEN_WORDS,
            *TENS_WORDS,
            HUNDRED_WORD,
            THOUSAND_WORD,
            *FRACTION_WORDS,
            *GENITIVE_NUMBER_WORDS,
            *INDEFINITE_ARTICLES,
        ],
        any_case=True,
    )
    | _prefixes([*MONTHS, *MONTH_PARTS, *VAGUE_NUMBER_WORDS, HALF_NOUN], any_case=False)
)
# Every candidate starts with a digit, "+", "(" or at the start of a word: testing that
# first keeps the scan from trying each alternative at every character.
_CANDIDATES = re.compile(
    r"(?=[\d+(])(?:"
    + "|".join(
        [
            rf"(?P<phone>{_PHONE})",
            rf"(?P<ndate>{_DATE_NUMERIC})",
            rf"(?P<ddate>{_UNNAMED_DATE_TEXT})",
            rf"(?P<decade>{_DECADE})",
            rf"(?P<yrange>{_YEAR_RANGE})",
            r"(?P<dmdate>(?<![\w.,])\d{1,2}\.\d{1,2}\.(?![\w]|[.,]?\d))",
            rf"(?P<num>(?<![\w.,:/°])(?<![^\W\d_]-)(?:{_DIGITS}){_DIGITS_END})",
        ]
    )
    + rf")|\b(?={_WORD_PREFIXES})(?:"
    + "|".join(
        [
            rf"(?P<tdate>{_UNNAMED_DATE_TEXT})",
            rf"(?P<word>(?<![\w-]){_NUMBER_WORD})",
            rf"(?P<art>(?<![\w-])(?i:{_ARTICLE_ALT})(?:{_H}+{_HALF_ALT})?"
            rf"(?={_H}+(?:{_SCALE_ALT}|{_UNIT_ALT}|{_FRACTION_ALT})))",
            rf"(?P<halfn>(?<![\w-]){HALF_NOUN}(?![\w-]))",
            rf"(?P<vague>(?<![\w-]){_alternation(VAGUE_NUMBER_WORDS)}(?!-)(?:{_H}+von(?![\w]))?)",
        ]
    )
    + ")"
)
_DATE_TEXT_AT = re.compile(_DATE_TEXT)

# Anchored readers used around a candidate.
_ARTICLE_NUMBER = (
    rf"(?i:{_ARTICLE_ALT})(?P<half>{_H}+{_HALF_ALT})?"
    rf"(?={_H}+(?:{_SCALE_ALT}|{_UNIT_ALT}|{_FRACTION_ALT}))"
)
_NUMBER_AT = re.compile(
    rf"(?P<digits>(?:{_DIGITS}){_DIGITS_END})|(?P<article>{_ARTICLE_NUMBER})|{_NUMBER_WORD}"
)
_SCALE_AT = re.compile(rf"{_H}*(?P<scale>{_SCALE_ALT})")
_UNIT_AT = re.compile(rf"{_H}*(?P<unit>{_UNIT_ALT})")
_RANGE_JOIN_AT = re.compile(rf"{_H}*[-–]{_H}*(?=\d)|{_H}+bis{_H}+(?!zu\b)")
_AND_AT = re.compile(rf"{_H}+und{_H}+(?:(?:{_alternation(APPROX_WORDS)}){_H}+)?", re.IGNORECASE)
_TO_AT = re.compile(rf"{_H}+auf{_H}+")
_BIS_AT = re.compile(rf"{_H}+bis{_H}+")
_NEXT_WORD_AT = re.compile(rf"{_H}*(?P<comma>,?){_H}*(?P<word>[^\W\d_][\w-]*)")
_CURRENCY_BEFORE = re.compile(rf"(?:^|(?<=[\s(]))(?P<cur>{_alternation(CURRENCIES_BEFORE)}){_H}?$")
_QUALIFIER_GROUPS = {"approx": APPROX_WORDS, "min": MIN_WORDS, "max": MAX_WORDS}
_QUALIFIER_OF = {w: q for q, words in _QUALIFIER_GROUPS.items() for w in words}
_QUALIFIER_LAST_WORDS = frozenset(phrase.split()[-1] for phrase in _QUALIFIER_OF)
_QUALIFIER_BEFORE = re.compile(
    rf"(?:^|(?<=[\s(\"„]))(?P<q>{_alternation(_QUALIFIER_OF)}){_H}+$", re.IGNORECASE
)
_OPENER_BEFORE = re.compile(rf"(?:^|(?<=[\s(\"„]))(?P<op>von|zwischen|um){_H}+$", re.IGNORECASE)
_VAGUE_QUANTIFIER_BEFORE = re.compile(
    rf"(?:^|(?<=[\s(\"„]))(?P<q>{_alternation(VAGUE_QUANTIFIERS)}){_H}+$", re.IGNORECASE
)
_WORDS = re.compile(r"[^\W\d_]+")
_PAIR_AT = re.compile(rf"{_H}+(?:{'|'.join(PAIR_JOINERS)}){_H}+(?P<word>[^\W\d_][\w-]*)")
_PARTITIVE_AT = re.compile(
    rf"{_H}+(?:{'|'.join(PARTITIVE_DETERMINERS)}){_H}+"
    rf"(?:(?:{_alternation(_QUALIFIER_OF)}){_H}+)?(?:(?:{_DIGITS}|{_NUMBER_WORD}))?",
    re.IGNORECASE,
)
_COUNT_HEAD = re.compile(
    rf"\b(?:{'|'.join(COUNT_HEAD_NOUNS)})(?:{_H}+(?:der|des|seiner|ihrer|unserer|aller|dieser))?"
    rf"(?:{_H}+[a-zäöüß][\w-]*(?:e|en|er|es))*{_H}+(?P<noun>[A-ZÄÖÜ][\w-]*)"
)
_NOT_NAME_WORDS = (
    ORDINAL_LEADERS
    | YEAR_STRONG_CONTEXT
    | YEAR_WEAK_CONTEXT
    | frozenset(m.lower() for m in MONTHS)
    | frozenset(_QUALIFIER_OF)
    | frozenset(w.lower() for w in CURRENCIES)
)
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n])\s*$")
_SENTENCE_BREAK = re.compile(r"[.!?](?=\s+[A-ZÄÖÜ„\"])\s+|\n+")
_CLAUSE_WINDOW = 400  # characters searched back for a sentence break
_ANAPHOR = re.compile(r"\b(?:[Dd]avon|es)\b")
_INHERITED_KINDS = frozenset({"count", "money", "measure", "percent", "percent_points"})
_LABEL_TAIL = re.compile(rf"\w*(?:{_H}?[-–/]{_H}?\d+\w*)*")
_LINE_START = re.compile(rf"(?:^|\n){_H}*$")
_WINDOW = 48  # characters looked at before a candidate: the longest qualifier plus slack

_FRACTION_AT = re.compile(rf"{_H}+(?P<frac>{_FRACTION_ALT})(?![\w-])")
_FOREIGN_AT = re.compile(
    rf"{_H}+(?:(?P<adj>[A-Za-zÄÖÜäöü][a-zäöüß]+){_H}+)?(?P<head>[A-ZÄÖÜ][^\W\d_]*)(?![\w-])"
)
_WORD_JOIN_AT = re.compile(rf"{_H}+(?P<und>und{_H}+)?(?P<w>{_NUMBER_WORD})")
_DECIMAL_AT = re.compile(
    rf"{_H}+(?i:{DECIMAL_WORD}){_H}+(?P<digits>{_NUMBER_WORD}(?:{_H}+{_NUMBER_WORD})*)"
)
_WORD_AFTER_SCALE_AT = re.compile(rf"{_H}+(?P<w>{_NUMBER_WORD})")
_SIGN_BEFORE = re.compile(
    rf"(?:^|(?<=[\s(„\"]))(?:(?P<word>[Mm]inus|[Pp]lus){_H}+|(?P<sym>[-−–+]))$"
)
# Austrian and German court file numbers ("2 R 55/16k", "12 Cg 31/15", "7 Ob 123/19a":
# department, register letters, number/year) and issue numbers ("3/2016") are no figures.
_FILE_NUMBER_AT = re.compile(rf"\d+{_H}+[A-Z][a-z]{{0,2}}{_H}+\d+/\d+[a-z]*(?![\w/])")
_SLASH_NUMBER_AT = re.compile(r"\d+/\d+[a-z]*(?![\w/])")
_AFTER_BOUND_AT = re.compile(rf"{_H}+(?P<q>{_alternation([*MIN_AFTER, *MAX_AFTER])})(?![\w])")
_FILLER_QUALIFIER_BEFORE = re.compile(
    rf"(?:^|(?<=[\s(\"„]))(?P<q>{_alternation(_QUALIFIER_OF)}){_H}+"
    rf"(?:{_alternation(QUALIFIER_FILLERS)}){_H}+$",
    re.IGNORECASE,
)
_UM_FILLER_BEFORE = re.compile(
    rf"(?:^|(?<=\s))um{_H}+(?:{_alternation(CHANGE_FILLERS)}){_H}+$", re.IGNORECASE
)
_JOIN_QUALIFIER = rf"(?:(?P<q2>{_alternation(_QUALIFIER_OF)}){_H}+)?"
_TO_Q_AT = re.compile(rf"{_H}+auf{_H}+{_JOIN_QUALIFIER}", re.IGNORECASE)
_BIS_Q_AT = re.compile(rf"{_H}+bis(?:{_H}+zu)?{_H}+{_JOIN_QUALIFIER}", re.IGNORECASE)
_ALTERNATIVE_AT = re.compile(
    rf"{_H}*(?:(?P<adj>[a-zäöüß][\w-]*(?:e|en|er|es)){_H}+)?"
    rf"(?:{_alternation(ALTERNATIVE_JOINERS)}){_H}+"
)
_ALTERNATIVE_BEFORE = re.compile(rf"{_H}+(?:beziehungsweise|bzw\.|oder){_H}+$")
_PROPORTION_AT = re.compile(rf"{_H}+von{_H}+(?=\d|[^\W\d_])")
_ALL_BEFORE = re.compile(rf"(?:^|(?<=\s))(?:[Aa]lle|[Bb]eide|[Aa]llen){_H}+$")
_PARTICIPLE_AT = re.compile(rf"{_H}+(?:[a-zäöü]+-)?ge[a-zäöüß]+(?:t|en)(?:e|en|er|es|em)?\b")
_SCALE_WORD_IN = re.compile(rf"(?:{_SCALE_ALT})")
_MONEY_WORDS_BEFORE = re.compile(rf"in{_H}+Höhe{_H}+von{_H}+$")
# Where a clause starts: after ", ", "; ", ": ", "( " or a dash between spaces; "und"
# with an article opens a new clause ("Der MDax gab 5 Prozent nach und der TecDax fiel um
# 7,6 Prozent"), without one it joins nouns ("Wärme und Gas").
_CLAUSE_MARK = re.compile(r"(?:, |; |: |\( | – | - )| und (?=(?:der|die|das|den) )")
_PARTICLE_END = re.compile(r"\s*(?:[,.;!?)]|(?:und|sowie|oder)\b)")
_DM_DATE_AT = re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?![\w]|[.,]?\d)")

# fmt: off
_FUNCTION_WORDS = (
    NOT_ADJECTIVES
    | DATIVE_PREPOSITIONS
    | frozenset(
        {
            "das", "es", "er", "sie", "wir", "ich", "man", "im", "am", "zum", "zur", "vom",
            "beim", "ins", "ans", "so", "dann", "damit", "dabei", "hier", "dort", "heute",
            "gestern", "morgen", "zudem", "außerdem", "ebenso", "insgesamt", "laut", "gemäß",
            "pro", "für", "je", "doch", "auch", "und", "oder", "denn", "nun", "jetzt",
            "allein", "trotz", "während", "seit", "bis", "ab", "davon", "dafür", "darunter",
            "zwar", "wie", "als", "wenn", "weil", "dass", "ob", "nur", "noch", "schon",
            "bereits", "zuletzt", "damals", "derzeit", "inzwischen", "mittlerweile",
        }
    )
)
# fmt: on
_MEASURE_EXT = _alternation(MEASURE_EXTENSIONS)
_NOUN = r"[A-ZÄÖÜ][\w-]*[^\W\d_]"
_MEASURE_ADVERBS = r"(?:damit|dadurch|nun|jetzt|zuletzt|bereits|schon|noch|wieder|einmal|nur)"
# Words that stand right before a figure when a noun before them names its measure.
_MEASURE_CONNECTORS = frozenset(
    {
        "von",
        "um",
        "auf",
        "bei",
        "gegenüber",
        "damit",
        "dadurch",
        "nun",
        "jetzt",
        "zuletzt",
        "bereits",
        "schon",
        "noch",
        "wieder",
        "einmal",
        "nur",
    }
)
_MEASURE_BEFORE = re.compile(
    rf"(?P<m>{_NOUN})(?:{_H}+(?P<ext>{_MEASURE_EXT}))?(?:{_H}+{_MEASURE_ADVERBS}){{0,2}}"
    rf"(?:{_H}+(?:in{_H}+Höhe{_H}+von|von|um|auf|bei|gegenüber)|{_H}*:)"
    rf"(?:{_H}+{_MEASURE_ADVERBS}){{0,2}}{_H}+$"
)
# "wird sich der Rabatt auf 20 Dollar belaufen": the subject after a reflexive "sich".
_SICH_SUBJECT = re.compile(
    rf"\bsich\s+(?:der|die|das)\s+(?:[a-zäöü][\w-]*\s+){{0,2}}(?P<m>{_NOUN})"
)
_MEASURE_RIGHT_BEFORE = re.compile(rf"(?P<m>{_NOUN})(?:{_H}+(?P<ext>{_MEASURE_EXT}))?{_H}+$")
# The noun right after a figure, maybe after one adjective; not a genitive with a
# determiner ("12 Prozent der Firmen", "5 Prozent ihres Budgets": the base of a share).
_DETERMINER = r"(?:d|ihr|sein|unser|eur|mein|dein|ein|kein|jed|dies|all|jen|welch)\w*\b"
_MEASURE_AFTER = re.compile(
    rf"{_H}+(?:(?!{_DETERMINER})(?P<adj>[a-zäöü][\w-]*(?:e|en|er|es)){_H}+)?"
    rf"(?P<m>{_NOUN})(?![\w-])"
)
_POSSESSIVE_OBJECT = re.compile(
    rf"\b(?:sein|ihr|unser)(?:e|en|es)?\s+(?:[a-zäöü][\w-]*\s+){{0,2}}(?P<m>{_NOUN})"
)
_AUX_SUBJECT = re.compile(
    rf"\b(?:ist|sind|war|waren|hat|haben|hatte|hatten|wird|werden|soll|sollen|dürfte|"
    rf"dürften|könnte|könnten)\s+(?:sich\s+)?(?:der|die|das)\s+(?:[a-zäöü][\w-]*\s+){{0,2}}"
    rf"(?P<m>{_NOUN})(?:\s+(?P<ext>{_MEASURE_EXT}))?"
)
_ARTICLE_WORDS = frozenset(
    {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines"}
)
_ESTIMATION_VERBS = frozenset(
    {"schätzt", "schätzte", "schätzen", "beziffert", "bezifferte", "beziffern"}
)
_LEAD_WORD = re.compile(r"\s*(?P<w>[^\W\d_]+)\s+")
_ARTICLES = r"(?:der|die|das|den|dem|des|ein|eine|einen|einem|eines|einer)"
_NP_AT = re.compile(
    rf"\s*(?:(?i:{_ARTICLES})\s+)?(?:[a-zäöü][\w-]*\s+){{0,2}}(?P<m>{_NOUN})"
    rf"(?:\s+(?P<ext>{_MEASURE_EXT}))?"
)
_NP_AFTER_VERB_AT = re.compile(
    rf"\s+(?:sich\s+)?{_ARTICLES}\s+(?:[a-zäöü][\w-]*\s+){{0,2}}(?P<m>{_NOUN})"
    rf"(?:\s+(?P<ext>{_MEASURE_EXT}))?"
)
_WORD_POS = re.compile(r"[^\W\d_]+")
_DIRECTIONAL_KINDS = frozenset({"money", "percent", "percent_points", "measure", "number", "count"})
_MEASURED_KINDS = frozenset({"money", "percent", "percent_points", "measure", "number"})

_PLACE_PREPOSITIONS = DATIVE_PREPOSITIONS | {
    "im",
    "am",
    "beim",
    "vom",
    "zum",
    "zur",
    "ins",
    "pro",
    "für",
    "je",
    "trotz",
    "während",
    "seit",
    "bis",
    "ab",
    "wegen",
    "durch",
    "ohne",
    "um",
}
# Words that may open a main clause before its subject ("Doch der Umsatz sei ...").
_LEAD_CONJUNCTIONS = frozenset(
    {
        "doch",
        "aber",
        "auch",
        "und",
        "oder",
        "denn",
        "nun",
        "jetzt",
        "zudem",
        "außerdem",
        "dann",
        "so",
        "allerdings",
        "jedoch",
        "immerhin",
        "insgesamt",
        "allein",
        "zuletzt",
    }
)
_PARTICLES = {"nach": "down", "zurück": "down", "ab": "down", "zu": "up"}
_PARTICLE_VERB_FORMS = frozenset().union(*PARTICLE_VERBS.values())
_CUE_WORDS = (
    LEVEL_VERBS
    | _PARTICLE_VERB_FORMS
    | UP_WORD_FORMS
    | DOWN_WORD_FORMS
    | COMPARATIVES_UP
    | COMPARATIVES_DOWN
    | frozenset(_PARTICLES)
)
_YEAR_WORD_HEADS = ("neunzehnhundert", "achtzehnhundert", "zweitausend")
_VAGUE_SCALES = frozenset({"Millionen", "Milliarden"})
_NOUN_TAGS = frozenset({"NN", "NOUN"})
_SKIP_TAGS = frozenset({"ADJA", "ADJD", "PIAT", "PIDAT", "ADJ"})


@dataclass(slots=True)
class _Amount:
    """One number with its scale and unit, as read from the text."""

    start: int
    end: int
    value: float | None
    raw: str
    scaled: bool = False
    factor: float = 1.0
    kind: str = ""
    unit: str = ""
    fraction: bool = False


class _Context:
    """Per-document lookups built lazily: sentence bounds and token tags."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text  # built from the tokens on every access, so read it once
        self._sent_starts: list[int] | None = None
        self._sent_ends: list[int] = []
        self._change_cache: dict[int, bool] = {}
        self._has_tags: bool | None = None
        self._token_starts: list[int] | None = None
        self._ent_starts: list[int] | None = None
        self._ent_ends: list[int] = []

    def sentence_bounds(self, pos: int) -> tuple[int, int]:
        if self._sent_starts is None:
            self._sent_starts, self._sent_ends = sentence_bounds(self.doc, len(self.text))
        i = max(bisect.bisect_right(self._sent_starts, pos) - 1, 0)
        return self._sent_starts[i], self._sent_ends[i]

    def sentence(self, pos: int) -> str:
        start, end = self.sentence_bounds(pos)
        return sentence_context(self.text, start, end, pos)

    def has_change_word(self, pos: int) -> bool:
        start, end = self.sentence_bounds(pos)
        if start not in self._change_cache:
            words = _WORDS.findall(self.text[start:end].lower())
            self._change_cache[start] = not CHANGE_WORD_FORMS.isdisjoint(words)
        return self._change_cache[start]

    @property
    def has_tags(self) -> bool:
        """Whether a tagger or morphologizer ran (array check: has_annotation loops)."""
        if self._has_tags is None:
            self._has_tags = bool(self.doc.to_array([TAG, POS]).any()) if len(self.doc) else False
        return self._has_tags

    def is_place_adjective(self, word: str) -> bool:
        """ "Bochumer" before a noun is an adjective if "Bochum" stands in the article."""
        stem = word[:-2]
        return len(stem) > 2 and re.search(rf"\b{re.escape(stem)}\b", self.text) is not None

    def in_name(self, pos: int) -> bool:
        """Whether `pos` lies inside, not at the start of, a named entity the pipeline found."""
        if self._ent_starts is None:
            ents = [(e.start_char, e.end_char) for e in self.doc.ents]
            self._ent_starts = [e[0] for e in ents]
            self._ent_ends = [e[1] for e in ents]
        i = bisect.bisect_right(self._ent_starts, pos) - 1
        if i < 0 or not self._ent_starts[i] < pos < self._ent_ends[i]:
            return False
        # Only a name that has words before the number ("Cube 5"); a model may also
        # label an amount ("€ 75") as an entity.
        head = self.text[self._ent_starts[i] : pos].strip()
        return head not in CURRENCIES_BEFORE and _WORDS.search(head) is not None

    def token_index(self, char: int) -> int:
        if self._token_starts is None:
            self._token_starts = [int(i) for i in self.doc.to_array("IDX")]
        return bisect.bisect_left(self._token_starts, char)


@functools.lru_cache(maxsize=4096)
def _prev_word(text: str, pos: int) -> str:
    """The word before `pos` on its line (or across one line break), within the window.

    String methods, not a regex searched back: a pattern anchored at the end is tried
    from every position of the window. Cached: several steps ask about the same position
    (a str caches its hash, so the key costs next to nothing)."""
    chunk = text[max(0, pos - _WINDOW) : pos]
    if chunk.endswith("\n"):
        chunk = chunk[:-1]
    chunk = chunk.rstrip(_HC)
    if not chunk or chunk[-1].isspace():
        return ""
    return chunk.rsplit(None, 1)[-1]


def _foreign_currency(text: str, pos: int) -> tuple[str, int] | None:
    """A currency named by CLDR after `pos` ("700 Millionen Lewa", "20 polnische Zloty"):
    (ISO code or "" when the name is ambiguous, end)."""
    match = _FOREIGN_AT.match(text, pos)
    if match is None:
        return None
    head, adj = match.group("head"), match.group("adj")
    if adj:
        code = CURRENCY_FULL_NAMES.get(f"{adj[0].upper()}{adj[1:]} {head}")
        if code is None and adj[0].isupper():
            return None  # "100 Euro Prämie" is no adjective plus currency
        stem = re.sub(r"(?:e|en|er|es|em)$", "", adj)
        stem = f"{stem[0].upper()}{stem[1:]}"
        for ending in ("e", "er", "es", "en"):
            if code is not None:
                break
            for noun in (head, NEWS_PLURALS.get(head, head)):
                code = code or CURRENCY_FULL_NAMES.get(f"{stem}{ending} {noun}")
        if code is not None:
            return code, match.end()
    singular = NEWS_PLURALS.get(head, head)
    codes = CURRENCY_HEADS.get(head) or CURRENCY_HEADS.get(singular)
    if not codes:
        return None
    end = match.end() if not adj else match.start("head") + len(head)
    if len(codes) == 1:
        return codes[0], end
    # Several currencies of that name: the one whose country the article names.
    for code in codes:
        if any(name in text for name in CURRENCY_TERRITORY_NAMES.get(code, ())):
            return code, end
    return CURRENCY_HEAD_DEFAULTS.get(singular, CURRENCY_HEAD_DEFAULTS.get(head, "")), end


def _read_tail(text: str, amount: _Amount, words: bool = False) -> None:
    """Extend an amount over a following scale word, fraction noun and unit; a number in
    words goes on after its scale ("zweiundsechzig Millionen dreihunderttausend")."""
    match = _SCALE_AT.match(text, amount.end)
    if match:
        scale = float(scale_factor(match.group("scale")) or 1)
        if amount.value is not None:
            amount.value = multiply(amount.value, scale)
        amount.scaled, amount.factor = True, scale
        amount.end = match.end()
        while words and amount.value is not None:
            more = _WORD_AFTER_SCALE_AT.match(text, amount.end)
            part = parse_number_word(more.group("w")) if more else None
            if more is None or part is None or part >= scale or scale < 1000:
                break
            end = more.end()
            next_scale = _SCALE_AT.match(text, end)
            factor = float(scale_factor(next_scale.group("scale")) or 1) if next_scale else 1.0
            if factor >= scale:
                break
            if next_scale:
                end = next_scale.end()
            amount.value += multiply(part, factor)
            amount.end, scale = end, factor if factor > 1 else scale
            if factor == 1.0:
                break
    elif (frac := _FRACTION_AT.match(text, amount.end)) and amount.value is not None:
        # "zwei Drittel" = 0.6667, "ein Viertel" = 0.25: a share, kind number.
        amount.value = round(amount.value / FRACTION_NOUNS[frac.group("frac")], 4)
        amount.end, amount.kind, amount.fraction = frac.end(), "number", True
        return
    match = _UNIT_AT.match(text, amount.end)
    if match:
        kind, unit, factor = _UNIT_TABLE[match.group("unit")]
        amount.kind, amount.unit, amount.end = kind, unit, match.end()
        if factor != 1.0 and amount.value is not None:
            amount.value = multiply(amount.value, factor)
        return
    foreign = _foreign_currency(text, amount.end)
    if foreign is not None:
        amount.kind, amount.unit = "money", foreign[0]
        amount.end = foreign[1]


def _extend_words(text: str, amount: _Amount) -> None:
    """Numbers in words over several words: "hundert zwanzig", "drei und fünfzig",
    "zweitausendeinhundert Komma fünf" (no library parses German this way: text2num
    reads single compounds only)."""
    compact = amount.raw.lower()
    while True:
        join = _WORD_JOIN_AT.match(text, amount.end)
        if join is None:
            break
        candidate = compact + ("und" if join.group("und") else "") + join.group("w").lower()
        value = parse_number_word(candidate)
        if value is None or amount.value is None or value <= amount.value:
            break
        compact, amount.value, amount.end = candidate, value, join.end()
        amount.raw = text[amount.start : amount.end]
    decimal = _DECIMAL_AT.match(text, amount.end)
    if decimal is not None and amount.value is not None and amount.value == int(amount.value):
        digits = ""
        for word in decimal.group("digits").split():
            part = parse_number_word(word)
            if part is None or part != int(part):
                break
            digits += str(int(part))
        if digits:
            amount.value = float(f"{int(amount.value)}.{digits}")
            amount.end = decimal.end()
            amount.raw = text[amount.start : amount.end]


def _read_amount(text: str, pos: int) -> _Amount | None:
    match = _NUMBER_AT.match(text, pos)
    if match is None:
        return None
    if match.group("digits"):
        value = parse_digits(match.group())
    elif match.group("article"):
        value = 0.5 if match.group("half") and _is_half(match.group("half")) else 1.0
    else:
        value = parse_number_word(match.group())
    if value is None:
        return None
    amount = _Amount(match.start(), match.end(), value, match.group())
    words = not match.group("digits") and not match.group("article")
    if words:
        _extend_words(text, amount)
    _read_tail(text, amount, words=words)
    return amount


def _is_half(word: str) -> bool:
    return word.strip().lower() in HALF_ADJECTIVES | HALF_NEUTER


def _is_year_number(amount: _Amount, strong: bool = False) -> bool:
    """A bare four-digit number from 1800 to 2099 (from 1000 after "seit", "im Jahr": "seit
    1570"), or a year in words ("neunzehnhundertneunundachtzig")."""
    if amount.scaled or amount.kind or amount.value is None:
        return False
    low = YEAR_MIN_STRONG if strong else YEAR_MIN
    if not low <= amount.value <= YEAR_MAX or amount.value != int(amount.value):
        return False
    if amount.raw.isdigit():
        return len(amount.raw) == 4
    # In words a year is said in hundreds: "neunzehnhundert...", "achtzehnhundert...".
    return amount.raw.lower().split()[0].startswith(_YEAR_WORD_HEADS)


def _nominative_plural(word: str) -> str:
    """The counted noun as nominative plural: "Mitarbeitern" -> "Mitarbeiter"."""
    low = word.lower()
    if low.endswith(("ern", "eln")) and not low.endswith(PLURALS_ENDING_IN_N):
        return word[:-1]
    if low.endswith(E_PLURAL_DATIVE_ENDINGS) or low.endswith(SUBSTANTIVISED_ENDINGS):
        return word[:-1]
    return word


def _counted_noun(ctx: _Context, pos: int) -> str:
    """The noun after a figure, skipping adjectives ("500 neue Arbeitsplätze")."""
    noun, end = _noun_after(ctx, pos)
    if not noun:
        return ""
    # "Wissenschaftlerinnen und Wissenschaftler": counted under the second form.
    if noun.endswith("innen"):
        pair = _PAIR_AT.match(ctx.text, end)
        if pair and pair.group("word").startswith(noun[: -len("innen")]):
            noun = pair.group("word")
    return _nominative_plural(noun)


def _noun_after(ctx: _Context, pos: int) -> tuple[str, int]:
    if ctx.has_tags:
        doc = ctx.doc
        i = ctx.token_index(pos)
        for token in doc[i : i + 5]:
            tag = token.tag_ or token.pos_
            if tag in _SKIP_TAGS:
                continue
            if tag in _NOUN_TAGS:
                return token.text, token.idx + len(token.text)
            return "", pos
        return "", pos
    text = ctx.text
    skipped = False
    for _ in range(4):
        match = _NEXT_WORD_AT.match(text, pos)
        if match is None or (match.group("comma") and not skipped):
            return "", pos
        word = match.group("word")
        if word[0].isupper():
            after = _NEXT_WORD_AT.match(text, match.end())
            if (
                word.endswith("er")
                and after is not None
                and not after.group("comma")
                and after.group("word")[0].isupper()
                and ctx.is_place_adjective(word)
            ):
                pos, skipped = match.end(), True
                continue
            return word, match.end()
        if word.lower() in NOT_ADJECTIVES or not word.endswith(("e", "en", "er", "es", "em")):
            return "", pos
        pos, skipped = match.end(), True
    return "", pos


def _is_ordinal(text: str, amount: _Amount) -> bool:
    """ "3." before a noun or after an article is an ordinal; at a sentence end it is not."""
    end = amount.end
    if end >= len(text) or text[end] != ".":
        return False
    if _LINE_START.search(text, max(0, amount.start - _WINDOW), amount.start):
        return True  # "1. Einleitung": a numbered list item
    if _prev_word(text, amount.start).lower() in ORDINAL_LEADERS:
        return True
    match = _NEXT_WORD_AT.match(text, end + 1)
    if match is None or match.group("comma"):
        return False
    word = match.group("word")
    return word[0].islower() or word.lower() in ORDINAL_NOUNS


def _is_label(text: str, start: int) -> bool:
    """A number after "§", "Tel.", "Windows", a street name or "Platz" is a label."""
    prev = _prev_word(text, start)
    if not prev:
        return False
    low = prev.lower().lstrip('(„"').rstrip(":")
    if low in LABEL_WORDS_BEFORE or prev in LABEL_LETTERS_BEFORE:
        return True
    if not prev[0].isupper():
        return False
    if low.endswith(STREET_SUFFIXES):
        return True
    # A number closing a run of two capitalised words is part of a name ("Inkubator Cube
    # 5", "Bochum Perspektive 2022"); a noun before a year has an article or preposition.
    if not prev[-1].isalnum() or low in _NOT_NAME_WORDS:
        return False
    before = _prev_word(text, start - len(prev) - 1)
    return (
        before[:1].isupper()
        and before[-1].isalnum()
        and before.lower() not in _NOT_NAME_WORDS
        and not _SENTENCE_END.search(
            text, max(0, start - len(prev) - len(before) - 4), start - len(prev) - len(before)
        )
    )


def _is_postcode(text: str, amount: _Amount) -> bool:
    """ "44801 Bochum": five bare digits before a capitalised word; counts are round."""
    if not (len(amount.raw) == 5 and amount.raw.isdigit()) or amount.kind or amount.scaled:
        return False
    match = _NEXT_WORD_AT.match(text, amount.end)
    if match is None or match.group("comma") or not match.group("word")[0].isupper():
        return False
    return amount.value is not None and amount.value % 100 != 0


def _read_qualifier(text: str, start: int) -> tuple[int, str, str]:
    """Qualifier words before `start`: (new start, qualifier, phrase) or (start, "", "")."""
    prev = _prev_word(text, start).lower().lstrip("(\"„")
    # The back-search runs only when the word before can end a qualifier phrase.
    match = (
        _QUALIFIER_BEFORE.search(text, max(0, start - _WINDOW), start)
        if prev in _QUALIFIER_LAST_WORDS
        else None
    )
    if match is None:
        # "etwa alle zehn Jahre", "höchstens aber zehn": the qualifier applies, the span
        # is the number.
        filler = (
            _FILLER_QUALIFIER_BEFORE.search(text, max(0, start - _WINDOW), start)
            if prev in QUALIFIER_FILLERS
            else None
        )
        if filler is not None:
            return start, _QUALIFIER_OF[filler.group("q").lower()], ""
        return start, "", ""
    phrase = match.group("q").lower()
    if phrase == "über":
        if _prev_word(text, match.start()).lower() in UEBER_GOVERNING_VERBS:
            return start, "", ""
        clause = text[max(0, match.start() - 120) : match.start()]
        clause = re.split(r"[.;:!?]\s|,\s", clause)[-1].lower()
        if any(stem in clause for stem in UEBER_GOVERNING_STEMS):
            return start, "", ""  # "verfügt das Werk über 45 MW"
    return match.start(), _QUALIFIER_OF[phrase], phrase


def _values(qualifier: str, value: float | None) -> tuple[float | None, ...]:
    if qualifier == "min":
        return None, value, None
    if qualifier == "max":
        return None, None, value
    if qualifier == "vague":
        return None, None, None
    return value, value, value


_CHANGE_NOUN_END = {
    direction: re.compile(rf"(?:^|(?<=\w\w\w\w)|(?<=-))(?:{'|'.join(nouns)})$")
    for direction, nouns in (("up", CHANGE_NOUNS_UP), ("down", CHANGE_NOUNS_DOWN))
}


def _noun_direction(word: str) -> str:
    """ "Plus", "Umsatzplus" -> "up"; "Rückgang", "Gewinnrückgang" -> "down"."""
    low = word.lower()
    for direction, pattern in _CHANGE_NOUN_END.items():
        if pattern.search(low):
            return direction
    return ""


def _strip_change_noun(word: str) -> str:
    """ "Umsatzplus" -> "Umsatz": the measure in a compound noun of change; "" for a bare
    noun of change ("Plus")."""
    low = word.lower()
    for pattern in _CHANGE_NOUN_END.values():
        found = pattern.search(low)
        if found:
            return word[: found.start()].rstrip("-")
    return word


class _Extractor:
    def __init__(self, doc: Doc) -> None:
        self.ctx = _Context(doc)
        self.text = self.ctx.text  # built from the tokens on every access, so read it once
        self.figures: list[Figure] = []
        self._words: dict[int, list[tuple[int, str]]] = {}
        self._breaks: dict[int, tuple[list[int], list[int]]] = {}
        # Several steps ask for the same figure's sentence and clause start.
        self._local_starts: dict[int, int] = {}
        self._clause_starts: dict[int, int] = {}
        self._clause_marks: dict[int, list[int]] = {}

    def emit(
        self,
        start: int,
        end: int,
        values: tuple[float | None, ...],
        qualifier: str,
        unit: str,
        kind: str,
        normalized: str = "",
        direction: str = "",
    ) -> None:
        value, value_min, value_max = values
        measure = self.find_measure(start, end, kind) if kind in _MEASURED_KINDS else ""
        self.figures.append(
            Figure(
                text=self.text[start:end],
                start=start,
                end=end,
                value=value,
                value_min=value_min,
                value_max=value_max,
                qualifier=qualifier,
                unit=unit,
                kind=kind,
                sentence=self.ctx.sentence(start),
                normalized=normalized,
                direction=direction,
                measure=measure,
            )
        )

    def run(self) -> list[Figure]:
        text = self.text
        consumed = 0
        for match in _CANDIDATES.finditer(text):
            if match.start() < consumed:
                continue
            group = match.lastgroup
            if group == "phone":
                consumed = match.end()
            elif group == "ndate":
                consumed = self.numeric_date(match)
            elif group == "dmdate":
                consumed = self.day_month(match)
            elif group in ("tdate", "ddate"):
                date = _DATE_TEXT_AT.match(text, match.start())
                assert date is not None  # the same pattern matched here
                consumed = self.text_date(date)
            elif group == "decade":
                decade = int(match.group("dec"))
                decade += 1900 if decade < 100 else 0
                self.emit(
                    match.start(),
                    match.end(),
                    (None, float(decade), float(decade + 9)),
                    "range",
                    "",
                    "year",
                )
                consumed = match.end()
            elif group == "yrange":
                consumed = self.year_range(match)
            elif group == "vague":
                consumed = self.vague(match)
            elif group == "halfn":
                consumed = self.half_noun(match)
            else:
                consumed = self.amount(match)
        return self.figures

    def numeric_date(self, match: re.Match[str]) -> int:
        day, month = int(match.group("nd_day")), int(match.group("nd_mon"))
        year_text = match.group("nd_year")
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return match.end()
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        self.emit(
            match.start(),
            match.end(),
            (None, None, None),
            "exact",
            "",
            "date",
            f"{year:04d}-{month:02d}-{day:02d}",
        )
        return match.end()

    def day_month(self, match: re.Match[str]) -> int:
        """ "am Montag (27.7.)": a day without a year, `--MM-DD`."""
        date = _DM_DATE_AT.match(self.text, match.start())
        assert date is not None
        day, month = int(date.group("d")), int(date.group("m"))
        if not (1 <= day <= 31 and 1 <= month <= 12) or _LINE_START.search(
            self.text, max(0, match.start() - _WINDOW), match.start()
        ):
            return match.end()
        self.emit(
            match.start(),
            match.end(),
            (None, None, None),
            "exact",
            "",
            "date",
            f"--{month:02d}-{day:02d}",
        )
        return match.end()

    def text_date(self, match: re.Match[str]) -> int:
        day, year = match.group("td_day"), match.group("td_year")
        month = MONTHS[match.group("td_mon")]
        if year is None and day is None:
            return match.end()  # "im März": no number stated
        start, end = match.start(), match.end()
        if day is not None and not 1 <= int(day) <= 31:
            return end
        normalized = f"{year}-{month:02d}" if year else f"--{month:02d}"
        if day is not None:
            normalized += f"-{int(day):02d}"
        self.emit(start, end, (None, None, None), "exact", "", "date", normalized)
        return end

    def year_range(self, match: re.Match[str]) -> int:
        first, second_text = int(match.group("yr1")), match.group("yr2")
        second = (
            int(second_text) if len(second_text) == 4 else first // 100 * 100 + int(second_text)
        )
        if second <= first:
            return match.end()
        self.emit(
            match.start(), match.end(), (None, float(first), float(second)), "range", "", "year"
        )
        return match.end()

    def vague(self, match: re.Match[str]) -> int:
        text = self.text
        start = match.start()
        if re.search(rf"\d{_H}*$", text[max(0, start - 3) : start]):
            return match.end()  # the scale of a number the scanner could not read
        word = match.group().split()[0]
        amount = _Amount(start, match.end(), None, match.group())
        if not match.group().endswith("von"):
            _read_tail(text, amount)
        if word in _VAGUE_SCALES:
            before = _VAGUE_QUANTIFIER_BEFORE.search(text, max(0, start - _WINDOW), start)
            if before:
                start = before.start()
        unit, kind = amount.unit, amount.kind
        if not kind:
            unit = _counted_noun(self.ctx, amount.end)
            kind = "count" if unit else "number"
        self.emit(start, amount.end, (None, None, None), "vague", unit, kind)
        return amount.end

    def half_noun(self, match: re.Match[str]) -> int:
        """ "die Hälfte", "etwa der Hälfte": a share of 0.5, kind number."""
        article = _prev_word(self.text, match.start())
        if article not in HALF_ARTICLES:
            return match.end()  # "zur Hälfte", "ihre Hälfte": no figure
        article_start = self.text.rfind(article, 0, match.start())
        start, qualifier, _ = _read_qualifier(self.text, article_start)
        opener = _OPENER_BEFORE.search(self.text, max(0, start - _WINDOW), start)
        if opener and opener.group("op").lower() == "um" and self.ctx.has_change_word(start):
            direction = self.direction_near(opener.start(), match.end())
            self.emit(
                opener.start(), match.end(), (0.5,) * 3, "change", "", "number", direction=direction
            )
            return match.end()
        qualifier = qualifier or "exact"
        self.emit(start, match.end(), _values(qualifier, 0.5), qualifier, "", "number")
        return match.end()

    def sentence_breaks(self, pos: int) -> tuple[int, int, list[int], list[int]]:
        """Bounds of the pipeline's sentence around `pos` and the punctuation breaks in it
        (starts and ends), found once per sentence."""
        start, end = self.ctx.sentence_bounds(pos)
        if start not in self._breaks:
            found = list(_SENTENCE_BREAK.finditer(self.text, start, end))
            self._breaks[start] = ([m.start() for m in found], [m.end() for m in found])
        starts, ends = self._breaks[start]
        return start, end, starts, ends

    def local_sentence_start(self, pos: int) -> int:
        """Start of the sentence around `pos`; falls back to punctuation when the pipeline
        set no sentence boundaries (the whole text would be one sentence)."""
        found = self._local_starts.get(pos)
        if found is None:
            found = self._local_starts[pos] = self._local_sentence_start(pos)
        return found

    def _local_sentence_start(self, pos: int) -> int:
        start, _, _, ends = self.sentence_breaks(pos)
        i = bisect.bisect_right(ends, pos) - 1
        if i >= 0 and ends[i] >= pos - _CLAUSE_WINDOW:
            return ends[i]
        # Bounded even when the sentence is not: every search back from a figure starts
        # here, and a text without sentence ends must not cost its length per figure.
        return max(start, pos - _CLAUSE_WINDOW)

    def local_sentence_end(self, pos: int) -> int:
        _, end, starts, _ = self.sentence_breaks(pos)
        i = bisect.bisect_left(starts, pos)
        if i < len(starts) and starts[i] < pos + _CLAUSE_WINDOW:
            return starts[i] + 1
        return min(end, pos + _CLAUSE_WINDOW)

    def clause_start(self, pos: int) -> int:
        found = self._clause_starts.get(pos)
        if found is None:
            found = self._clause_starts[pos] = self._clause_start(pos)
        return found

    def _clause_start(self, pos: int) -> int:
        start = self.local_sentence_start(pos)
        sent_start, end = self.ctx.sentence_bounds(pos)
        ends = self._clause_marks.get(sent_start)
        if ends is None:
            ends = self._clause_marks[sent_start] = [
                m.end() for m in _CLAUSE_MARK.finditer(self.text, sent_start, end)
            ]
        i = bisect.bisect_right(ends, pos) - 1
        return max(start, ends[i]) if i >= 0 else start

    def words_of(self, pos: int) -> list[tuple[int, str]]:
        """(offset, lower-case word) of the words of the sentence around `pos` that cue a
        change, a level or a direction, found once per sentence: the callers loop over
        these few, not over every word."""
        start = self.local_sentence_start(pos)
        if start not in self._words:
            end = self.local_sentence_end(pos)
            cues = []
            for match in _WORD_POS.finditer(self.text, start, end):
                word = match.group().lower()
                if word in _CUE_WORDS:
                    cues.append((match.start(), word))
            self._words[start] = cues
        return self._words[start]

    def direction_near(self, start: int, end: int) -> str:
        """Direction of a change amount: a comparative right after it ("um 3 Prozent
        weniger"), else the nearest word of change in its sentence."""
        after = _NEXT_WORD_AT.match(self.text, end)
        if after and not after.group("comma"):
            word = after.group("word").lower()
            if word in COMPARATIVES_UP:
                return "up"
            if word in COMPARATIVES_DOWN:
                return "down"
        best, best_distance = "", 10**9
        for pos, word in self.words_of(start):
            if start <= pos < end:
                continue
            if word in COMPARATIVES_UP or word in COMPARATIVES_DOWN:
                continue
            if word in _PARTICLES:
                # Separable particles close a clause ("gaben um 4 Prozent nach,").
                if not self.is_particle(pos, word, start):
                    continue
                direction = _PARTICLES[word]
            elif word in UP_WORD_FORMS:
                direction = "up"
            elif word in DOWN_WORD_FORMS:
                direction = "down"
            else:
                continue
            distance = start - pos if pos < start else pos - end
            if distance < best_distance:
                best, best_distance = direction, distance
        return best

    def clause_direction(self, start: int, end: int) -> str:
        """ "Die Aktie verlor 1,1 Prozent", "legte 2,1 Prozent zu": a percentage after a
        verb of change in its clause (or before its particle) is the amount of the change.
        Not after a preposition ("stieg auf 5 Prozent" is the level), nor beside a verb of
        level ("liegt bei"), nor as a subject ("12 Prozent der Firmen wollen wachsen")."""
        text = self.text
        if _prev_word(text, start).lower() in _PLACE_PREPOSITIONS | {"auf", "von", "mit"}:
            return ""
        clause = self.clause_start(start)
        found = set()
        for pos, word in self.words_of(start):
            if pos < clause or start <= pos < end or not text[pos].islower():
                continue
            if pos > end and text[max(0, pos - 2) : pos].strip() in (",", ";", ":"):
                break
            moving = (
                word in UP_WORD_FORMS
                or word in DOWN_WORD_FORMS
                or word in _PARTICLES
                or word in _PARTICLE_VERB_FORMS
            )
            if word in LEVEL_VERBS and not moving:
                return ""  # "liegt bei", "beträgt"
            if word in _PARTICLES:
                if pos > end and self.is_particle(pos, word, start):
                    found.add(_PARTICLES[word])
            elif pos > end or word in COMPARATIVES_UP or word in COMPARATIVES_DOWN:
                continue
            elif word in UP_WORD_FORMS:
                found.add("up")
            elif word in DOWN_WORD_FORMS:
                found.add("down")
        return found.pop() if len(found) == 1 else ""

    def is_particle(self, pos: int, word: str, start: int) -> bool:
        """ "zu" in "legte um 3 Prozent zu.": at the end of its clause, with its verb in
        the clause ("stammten ... ab." is no change)."""
        text = self.text
        if not _PARTICLE_END.match(text, pos + len(word)):
            return False
        clause = self.clause_start(start)
        verbs = PARTICLE_VERBS[word]
        return any(clause <= p < pos and w in verbs for p, w in self.words_of(start))

    def comparative_direction(self, end: int) -> str:
        """ "26 Prozent mehr als im Vorjahr", "6,9 Prozent weniger": a difference stated
        with a comparative right after the figure says which way."""
        after = _NEXT_WORD_AT.match(self.text, end)
        if after is None or after.group("comma"):
            return ""
        word = after.group("word").lower()
        return "up" if word in COMPARATIVES_UP else "down" if word in COMPARATIVES_DOWN else ""

    def find_measure(self, start: int, end: int, kind: str = "") -> str:
        """The noun phrase a figure quantifies: "ein Umsatz von 2,5 Mio. Euro", "2,5 Mio.
        Euro Umsatz", "Umsatz: 2,5 Mio. Euro", "der Umsatz stieg um 12 Prozent"."""
        text = self.text
        clause = self.clause_start(start)
        prev = _prev_word(text, start)
        if prev.lower() in ("pro", "je", "für"):
            return ""  # "20 Dollar pro 1000 Kubikmeter": the basis of a rate
        if self.figures and prev.lower() == "auf":
            previous = self.figures[-1]
            if previous.qualifier == "change" and text[previous.end : start].strip() == "auf":
                return previous.measure  # "den Umsatz um 8,2 Prozent auf 755 Millionen Euro"
        if kind == "number":
            # A bare number is often a year or a name's number ("die Kapelle von 1504"):
            # only a verb of level or change says what it measures.
            return self.subject_measure(clause, start, end)
        sent_start = self.local_sentence_start(start)
        before = None
        if prev.endswith(":") or prev.lower() in _MEASURE_CONNECTORS:
            before = _MEASURE_BEFORE.search(text, max(sent_start, start - 80), start)
        elif prev[:1].isupper() and text.startswith(("um ", "von ", "zwischen "), start):
            before = _MEASURE_RIGHT_BEFORE.search(text, max(clause, start - 80), start)
        # "im Süden um 0,5", "trotz der Flaute um 2,3 Prozent": a noun governed by a
        # preposition is where or why, not what ("zum Landesschnitt von 7,2 Prozent" with
        # "von" is a measure).
        if (
            before is not None
            and not text.startswith("von", before.end("m") + 1)
            and self.governed_by_preposition(before.start())
        ):
            before = None
        colon = before is not None and text.startswith(":", before.end("m"))
        if before is not None and not colon:
            found = self.measure_word(before.group("m"), before.group("ext"))
            if found:
                return found
        after = _MEASURE_AFTER.match(text, end)
        if (
            after is not None
            and (after.group("adj") or "").lower() not in NOT_ADJECTIVES
            and (found := self.measure_word(after.group("m"), None))
        ):
            return found  # "2,5 Mio. Euro Umsatz", "40.000 Quadratmeter Hallenfläche"
        if colon:
            assert before is not None
            return self.measure_word(before.group("m"), before.group("ext"))
        return self.subject_measure(clause, start, end)

    def governed_by_preposition(self, pos: int) -> bool:
        """Whether the noun at `pos` follows a preposition, skipping its article and
        adjectives ("nach der bekannt gewordenen Entscheidung", "für die Wirtschaft")."""
        for word in reversed(self.text[max(0, pos - 60) : pos].split()[-6:]):
            low = word.lower()
            if low in _PLACE_PREPOSITIONS:
                return True
            if low in _ARTICLE_WORDS or (word[:1].islower() and low not in _CUE_WORDS):
                continue
            return False
        return False

    def measure_word(self, word: str, ext: str | None) -> str:
        low = word.lower()
        if low in _FUNCTION_WORDS or low in NOT_MEASURES or word in _UNIT_TABLE:
            return ""
        if word in SCALE_WORDS or word in CURRENCY_HEADS or low in CHANGE_WORD_FORMS:
            return ""
        word = _strip_change_noun(word)
        if not word:
            return ""
        return f"{word} {ext}" if ext else word

    def subject_measure(self, clause: int, start: int, end: int) -> str:
        """With a verb of level or change in the clause: its object with a possessive ("hat
        seine Belegschaft um 10 Prozent aufgestockt"), the subject after "sich", the first
        noun phrase of the clause, or the one right after the verb ("Im Mai stieg die
        Quote um ...")."""
        text = self.text
        clause_end = min(self.local_sentence_end(end), end + 60)
        verb = None
        for pos, word in self.words_of(start):
            if (
                clause <= pos < clause_end
                and not start <= pos < end
                and word in LEVEL_VERBS
                and text[pos].islower()  # "kosten", not "die Kosten"
            ):
                verb = (pos, word)
                if pos > start:
                    break
        if verb is None:
            return ""
        for pattern in (_POSSESSIVE_OBJECT, _SICH_SUBJECT):
            last = None
            for found_np in pattern.finditer(text, clause, start):
                last = found_np
            if last is not None and (found := self.measure_word(last.group("m"), None)):
                return found
        if verb[1] in _ESTIMATION_VERBS and verb[0] < start:
            # "beziffert die Kosten auf 1,7 Milliarden Euro": the object is the measure.
            estimated = _NP_AFTER_VERB_AT.match(text, verb[0] + len(verb[1]))
            if estimated is not None and estimated.end("m") <= start:
                found = self.measure_word(estimated.group("m"), estimated.group("ext"))
                if found:
                    return found
        lead_end = clause
        lead = _LEAD_WORD.match(text, clause)
        lead_word = lead.group("w").lower() if lead is not None else ""
        if lead is not None and lead_word in _LEAD_CONJUNCTIONS:
            lead_end = lead.end()  # "Doch der Umsatz sei ..."
        first = _NP_AT.match(text, lead_end)
        if (
            first is not None
            and first.start("m") < start
            and lead_word not in _PLACE_PREPOSITIONS  # "In Tschechien", "Pro Jahr"
        ):
            words = text[lead_end : first.start("m")].split()
            if not words or words[0].lower() not in _PLACE_PREPOSITIONS:
                found = self.measure_word(first.group("m"), first.group("ext"))
                if found:
                    return found
        if verb[0] < start:
            inverted = _NP_AFTER_VERB_AT.match(text, verb[0] + len(verb[1]))
            if inverted is not None and inverted.end("m") <= start:
                return self.measure_word(inverted.group("m"), inverted.group("ext"))
            return ""
        # The verb after the figure ("ist die Quote um 0,6 Prozentpunkte gesunken"): the
        # subject right after the finite auxiliary.
        last = None
        for found_np in _AUX_SUBJECT.finditer(text, clause, start):
            last = found_np
        return self.measure_word(last.group("m"), last.group("ext")) if last else ""

    def resolve_unit(self, span_start: int, span_end: int, change: bool = False) -> tuple[str, str]:
        """(unit, kind) of a figure with no unit of its own: the counted noun after it, or
        the noun it refers to ("140 seiner 900 Stellen", "die Zahl offener Stellen ...
        auf 4.100", "... 800 Beschäftigte, 2026 sollen es 1.200 werden")."""
        ctx, text = self.ctx, self.text
        noun = _counted_noun(ctx, span_end)
        if noun:
            return noun, "count"
        partitive = _PARTITIVE_AT.match(text, span_end)
        if partitive and (noun := _counted_noun(ctx, partitive.end())):
            return noun, "count"
        # "drei von vier Teilnehmer": both numbers count the noun after the second.
        proportion = _PROPORTION_AT.match(text, span_end)
        other = _read_amount(text, proportion.end()) if proportion else None
        if other is not None and not other.kind and (noun := _counted_noun(ctx, other.end)):
            return noun, "count"
        # "um 60 beziehungsweise 46 Prozent", "230.000 gewerbliche und 4.500
        # landwirtschaftliche Anlagen": a unit written once after the second alternative.
        alternative = _ALTERNATIVE_AT.match(text, span_end)
        if alternative and (other := _read_amount(text, alternative.end())):
            if other.kind:
                return other.unit, other.kind
            if noun := _counted_noun(ctx, other.end):
                return noun, "count"
        sent_start = self.local_sentence_start(span_start)
        heads = list(_COUNT_HEAD.finditer(text, sent_start, span_start))
        if heads:
            head = heads[-1]
            return _nominative_plural(head.group("noun")), "count"
        # An elided unit: the latest figure before, in this sentence, or in the one
        # before when "davon"/"es"/"alle drei" points back.
        earliest = sent_start
        if sent_start > 0 and (
            _ANAPHOR.search(text, sent_start, span_start)
            or _ALL_BEFORE.search(text, max(0, span_start - 12), span_start)
        ):
            earliest = self.local_sentence_start(sent_start - 1)
        for figure in reversed(self.figures):
            if figure.start < earliest:
                break
            if figure.kind in _INHERITED_KINDS:
                if figure.qualifier == "change" and not change:
                    break  # "um 6 Punkte auf 98": the level is not counted in the change's unit
                return figure.unit, figure.kind
        # "in Höhe von 36,4 Millionen", "14,6 Millionen" after a Euro amount: a scaled
        # number with no noun takes the money of the paragraph before it.
        if _SCALE_WORD_IN.search(text, span_start, span_end) or _MONEY_WORDS_BEFORE.search(
            text, max(0, span_start - 16), span_start
        ):
            paragraph = text.rfind("\n\n", 0, span_start)
            for figure in reversed(self.figures):
                if figure.start < paragraph:
                    break
                if figure.kind == "money":
                    return figure.unit, figure.kind
        return "", "number"

    def amount(self, match: re.Match[str]) -> int:
        text = self.text
        raw = match.group()
        group = match.lastgroup
        approx_article = False
        if group == "art":
            parts = raw.split()
            approx_article = len(parts) > 1 and parts[1].lower() in APPROX_ADJECTIVES
            value: float | None = 0.5 if len(parts) > 1 and _is_half(parts[1]) else 1.0
        elif group == "num":
            skip = _FILE_NUMBER_AT.match(text, match.start()) or _SLASH_NUMBER_AT.match(
                text, match.start()
            )
            if skip:
                return skip.end()  # "2 R 55/16k", "(3/2016)": file and issue numbers
            value = parse_digits(raw)
        else:
            if raw.lower() in GENITIVE_NUMBER_WORDS and not raw.islower():
                return match.end()  # "Zweier" is a noun
            value = parse_number_word(raw)
        if value is None:
            return match.end()
        first = _Amount(match.start(), match.end(), value, raw)
        words = group in ("word", "art")
        if group == "word":
            _extend_words(text, first)
            if first.raw.lower() == "dreiviertel":
                first.fraction, first.kind = True, "number"  # a share, like "drei Viertel"
        if _is_label(text, first.start) or self.ctx.in_name(first.start):
            # "Alleestraße 12-14", "Tel. 0234 32-12345": the whole label goes; a number with
            # a scale or unit after a name is a figure ("ATX 3,2 Prozent").
            probe = _Amount(first.start, first.end, first.value, first.raw)
            _read_tail(text, probe)
            if not (probe.kind or probe.scaled) or probe.kind == "number":
                tail = _LABEL_TAIL.match(text, match.end())
                return tail.end() if tail else match.end()
        if group == "num" and _is_ordinal(text, first):
            return match.end()
        _read_tail(text, first, words=words)
        after = _NEXT_WORD_AT.match(text, first.end)
        if after and after.group("word").lower() in LABEL_WORDS_AFTER:
            return after.end()  # "um 10 Uhr"

        # What stands before: currency symbol, sign, qualifier words, an opener.
        start = first.start
        cur = _CURRENCY_BEFORE.search(text, max(0, start - 8), start)
        if cur and not first.kind:
            first.kind, first.unit = "money", CURRENCIES_BEFORE[cur.group("cur")]
            start = cur.start()
        sign_direction = ""
        sign = _SIGN_BEFORE.search(text, max(0, start - 8), start)
        if sign is not None:
            minus = (sign.group("word") or sign.group("sym")).lower() in ("minus", "-", "−", "–")
            if minus and first.value is not None:
                first.value = -first.value
            sign_direction = "down" if minus else "up"
            start = sign.start()
        start, qualifier, phrase = _read_qualifier(text, start)
        if approx_article and not qualifier:
            qualifier = "approx"  # "ein gutes Dutzend"
        opener_match = _OPENER_BEFORE.search(text, max(0, start - _WINDOW), start)
        opener = opener_match.group("op").lower() if opener_match else ""
        noun_direction = ""
        if opener == "von":
            # "ein Plus von 2,10 Prozent auf 8,75 Euro": the amount of a change, no pair.
            assert opener_match is not None
            noun_direction = _noun_direction(_prev_word(text, opener_match.start()))
            if noun_direction:
                opener, opener_match = "", None

        if not qualifier and _is_postcode(text, first):
            return first.end
        if first.fraction:
            return self.fraction(start, first, qualifier, opener_match)

        # Ranges and changes: a second amount after "bis", "-", "und" or "auf".
        second = None
        combined = ""
        if opener == "zwischen" and (join := _AND_AT.match(text, first.end)):
            second, combined = _read_amount(text, join.end()), "range"
        elif opener == "von" and (join := _TO_Q_AT.match(text, first.end)):
            second, combined = _read_amount(text, join.end()), "change"
        elif opener == "von" and (join := _BIS_Q_AT.match(text, first.end)):
            second, combined = _read_amount(text, join.end()), "range"
        elif join := _RANGE_JOIN_AT.match(text, first.end):
            second, combined = _read_amount(text, join.end()), "range"
            opener = ""
        if (
            second is not None
            and first.kind
            and second.kind
            and (first.kind, first.unit) != (second.kind, second.unit)
        ):
            second = None  # "von 2,1 Prozent auf 8,75 Euro": two figures, not one
        if second is not None and opener in ("von", "zwischen"):
            assert opener_match is not None
            start = opener_match.start()

        if second is not None:
            after = _NEXT_WORD_AT.match(text, second.end)
            if after and after.group("word").lower() in LABEL_WORDS_AFTER:
                return after.end()  # "von 9 bis 17 Uhr"
            return self.pair(start, first, second, combined)

        # Years: a bare four-digit number in context.
        if _is_year_number(
            first, strong=_prev_word(text, first.start).lower() in YEAR_STRONG_CONTEXT
        ) and qualifier in ("", "approx", "min", "max"):
            prev = _prev_word(text, first.start).lower()
            if prev in YEAR_STRONG_CONTEXT:
                return self.year(first, qualifier)
            changing = opener == "um" and self.ctx.has_change_word(first.start)
            noun = _counted_noun(self.ctx, first.end)
            if (
                noun
                and prev in ORDINAL_LEADERS
                and _PARTICIPLE_AT.match(text, first.end)
                and (first.value or 0) % 100 != 0
            ):
                return self.year(first, qualifier)  # "die 2013 gefällten Urteile"
            if not noun and not changing and (not qualifier or prev in YEAR_WEAK_CONTEXT):
                return self.year(first, qualifier)

        end = first.end
        bound = _AFTER_BOUND_AT.match(text, end)
        if bound is not None and not qualifier:
            # "40 Prozent und mehr": a lower bound, the words in the span.
            qualifier = "min" if bound.group("q") in MIN_AFTER else "max"
            end = bound.end()

        # Amounts of change: "um 12 Prozent" with a word of change in the sentence or a
        # comparative after it; "mindestens um zwei Wochen", "um rund acht Milliarden",
        # "um durchschnittlich 2,0 Prozent", "um 60 beziehungsweise 46 Prozent".
        change_start = self.change_start(start, first, qualifier, opener_match)
        unit, kind = first.unit, first.kind
        if not kind:
            unit, kind = self.resolve_unit(start, end, change=change_start is not None)
        if change_start is not None:
            direction = self.direction_near(change_start, end)
            self.emit(
                change_start, end, (first.value,) * 3, "change", unit, kind, direction=direction
            )
            return end
        if qualifier == "max" and phrase == "unter" and self.among(start, first):
            qualifier, start = "", first.start  # "unter 1900 Beschäftigten": among them
        qualifier = qualifier or "exact"
        direction = sign_direction or noun_direction or self.comparative_direction(end)
        if not direction and kind in ("percent", "percent_points") and qualifier != "vague":
            direction = self.clause_direction(start, end)
        self.emit(
            start, end, _values(qualifier, first.value), qualifier, unit, kind, direction=direction
        )
        return end

    def change_start(
        self, start: int, first: _Amount, qualifier: str, opener_match: re.Match[str] | None
    ) -> int | None:
        """Where the span of an amount of change starts, or None if it is none."""
        text, ctx = self.text, self.ctx
        comparative = _NEXT_WORD_AT.match(text, first.end)
        compared = bool(
            comparative
            and not comparative.group("comma")
            and comparative.group("word").lower() in COMPARATIVES_UP | COMPARATIVES_DOWN
        )
        if (
            opener_match
            and opener_match.group("op").lower() == "um"
            and (ctx.has_change_word(first.start) or compared)
        ):
            if start < opener_match.end():
                return opener_match.start()
            # "mindestens um zwei Wochen": the qualifier before "um" is in the span.
            before = _QUALIFIER_BEFORE.search(
                text, max(0, opener_match.start() - _WINDOW), opener_match.start()
            )
            return before.start() if before else opener_match.start()
        prev = _prev_word(text, start).lower()
        if (
            prev in CHANGE_FILLERS and _UM_FILLER_BEFORE.search(text, max(0, start - 40), start)
        ) and (ctx.has_change_word(first.start) or compared):
            return start  # "um durchschnittlich 2,0 Prozent": "um" stays out
        alternative = (
            _ALTERNATIVE_BEFORE.search(text, max(0, start - 20), start)
            if prev in ("beziehungsweise", "bzw.", "oder")
            else None
        )
        if alternative and self.figures:
            previous = self.figures[-1]
            if previous.qualifier == "change" and previous.end == alternative.start():
                return start  # "um 60 beziehungsweise 46 Prozent": both are changes
        return None

    def among(self, start: int, first: _Amount) -> bool:
        """ "Unter 1900 Beschäftigten", "eine Umfrage unter 500 Befragten": "unter" at the
        start of a clause or after a survey noun, before a dative plural, means "among"."""
        noun, _ = _noun_after(self.ctx, first.end)
        if not noun or _nominative_plural(noun) == noun:
            return False
        prev = _prev_word(self.text, start)
        low = prev.lower().strip('„"(')
        if not prev or prev[-1] in ",;:.!?":
            return True
        return low.endswith(("umfrage", "befragung", "erhebung", "studie"))

    def fraction(
        self, start: int, first: _Amount, qualifier: str, opener_match: re.Match[str] | None
    ) -> int:
        """ "zwei Drittel", "Rund ein Viertel", "um fast ein Viertel" (change)."""
        if (
            opener_match
            and opener_match.group("op").lower() == "um"
            and self.ctx.has_change_word(first.start)
        ):
            direction = self.direction_near(opener_match.start(), first.end)
            self.emit(
                opener_match.start(),
                first.end,
                (first.value,) * 3,
                "change",
                "",
                "number",
                direction=direction,
            )
            return first.end
        qualifier = qualifier or "exact"
        self.emit(start, first.end, _values(qualifier, first.value), qualifier, "", "number")
        return first.end

    def year(self, amount: _Amount, qualifier: str) -> int:
        # Years carry no bound: "ab 2025" and "bis 2030" name a time, the span is the year.
        if qualifier == "approx":
            start, _, _ = _read_qualifier(self.text, amount.start)
        else:
            start, qualifier = amount.start, "exact"
        self.emit(start, amount.end, (amount.value,) * 3, qualifier, "", "year")
        return amount.end

    def pair(self, start: int, first: _Amount, second: _Amount, combined: str) -> int:
        # "2 bis 3 Millionen Euro": scale and unit written once apply to both ends.
        if second.scaled and not first.scaled and first.value is not None and first.value < 1000:
            first.value = multiply(first.value, second.factor)
        kind, unit = second.kind or first.kind, second.unit or first.unit
        if not kind:
            if _is_year_number(first) and _is_year_number(second):
                kind = "year"
            else:
                unit, kind = self.resolve_unit(start, second.end)
        low, high = sorted([first.value or 0.0, second.value or 0.0])
        direction = ""
        if combined == "change":
            values: tuple[float | None, ...] = (second.value, low, high)
            if first.value is not None and second.value is not None:
                if second.value > first.value:
                    direction = "up"
                elif second.value < first.value:
                    direction = "down"
        else:
            values = (None, first.value, second.value)
        self.emit(start, second.end, values, combined, unit, kind, direction=direction)
        return second.end


def extract_figures(doc: Doc) -> list[Figure]:
    """Every figure in `doc`, in text order, resolved per docs/ANNOTATION.md."""
    return _Extractor(doc).run()
