"""German data: spaCy token patterns that recognise organisation names by their form.

Hand-written for this project. Legal forms follow German company law (GmbHG, AktG, HGB,
GenG, BGB §21 for the e.V.) plus the foreign forms that German business news quotes most.
The patterns use the format of spaCy's SpanRuler/EntityRuler (``label``, ``pattern``,
``id="rule"``); pipeline.nlp.entity_rules runs them with a Matcher around ORG_ANCHOR_* words
and finds the names before LEGAL_FORMS by walking left from the form.
"""

from __future__ import annotations

import re
from typing import Any

# fmt: off
# Words that may never start or continue a name even when capitalised (sentence start).
_NOT_NAME = [
    "der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "einem", "einen",
    "im", "in", "am", "an", "auf", "aus", "bei", "beim", "mit", "nach", "von", "vom", "zu",
    "zum", "zur", "für", "und", "oder", "sowie", "auch", "wie", "als", "dass", "so", "diese",
    "dieser", "dieses", "jetzt", "nun", "doch", "aber", "wenn", "weil", "sein", "seine", "ihr",
    "ihre", "unser", "unsere", "alle", "viele", "mehr", "laut", "seit", "über", "unter",
    "gegen", "ohne", "durch", "neue", "neuen", "neuer", "neues", "firma", "unternehmen",
    "konzern", "tochter", "verein", "verband", "mbh", "gmbh", "ag", "kg", "co.",
]
# fmt: on
_NAME_REGEX = r"^[A-ZÄÖÜ0-9][\w.\-+'’]*$"
NAME_WORD = re.compile(_NAME_REGEX)
NOT_NAME_WORDS: frozenset[str] = frozenset(_NOT_NAME)
# Lower-case words and signs that may join two parts of a name before a legal form
# ("Gesellschaft für Wirtschaftsförderung mbH", "Müller & Söhne GmbH").
NAME_CONNECTORS: frozenset[str] = frozenset({"für", "und", "zu", "zur", "&"})
# Longest name before a legal form, in words (connectors not counted).
MAX_NAME_WORDS = 4

# Legal forms as token sequences after spaCy's German tokenizer ("e.V." is one token,
# "e. V." two, "Co." one).
# fmt: off
LEGAL_FORMS: list[list[str]] = [
    ["GmbH", "&", "Co.", "KG"], ["GmbH", "&", "Co.", "KGaA"], ["AG", "&", "Co.", "KG"],
    ["AG", "&", "Co.", "KGaA"], ["SE", "&", "Co.", "KG"], ["SE", "&", "Co.", "KGaA"],
    ["GmbH", "&", "Co"], ["Co.", "KG"], ["&", "Co.", "KG"], ["&", "Co."],
    ["GmbH"], ["gGmbH"], ["mbH"], ["AG"], ["SE"], ["KG"], ["KGaA"], ["OHG"], ["GbR"], ["UG"],
    ["eG"], ["e.V."], ["e.", "V."], ["eV"], ["Ltd."], ["Ltd"], ["Inc."], ["Inc"], ["plc"],
    ["PLC"], ["LLC"], ["B.V."], ["N.V."], ["S.A."], ["SA"], ["S.p.A."], ["AB"], ["ASA"],
    ["Holding"], ["Group"],
]
# fmt: on
# Forms that are also ordinary words or abbreviations: the name before them may not contain
# connectors ("Stadtwerke und Evonik AG" is two names).
AMBIGUOUS_FORMS: frozenset[tuple[str, ...]] = frozenset(
    {("AG",), ("SE",), ("KG",), ("UG",), ("AB",), ("SA",), ("Holding",), ("Group",)}
)

_COMPOUND_HEADS = (
    r"(institut|instituts|ministerium|ministeriums|amt|amtes|amts|agentur|kammer|anstalt"
    r"|verband|verbands|verbandes)"
)
# Head words of institutions that are followed by "für ...": "Institut für Arbeit und Technik".
INSTITUTION_HEADS = (
    r"(Institut|Instituts|Ministerium|Ministeriums|Bundesamt|Bundesamts|Bundesamtes|Landesamt"
    r"|Landesamts|Landesamtes|Agentur|Zentrum|Zentrums|Gesellschaft|Akademie|Stiftung|Verband"
    r"|Verbands|Verbandes|Verein|Vereins|Kammer|Bundesanstalt|Anstalt|Amt|Amtes|Amts"
    r"|Forschungsinstitut|Forschungsinstituts|Kolleg)"
)
_TOPIC_TOKEN: dict[str, Any] = {"TEXT": {"REGEX": r"^([A-ZÄÖÜ][\w\-]*|[a-zäöü]+-)$"}}
_TOPIC_GLUE: dict[str, Any] = {"LOWER": {"IN": ["und", ",", "-"]}}
_ABBREV: dict[str, Any] = {"TEXT": {"REGEX": r"^[A-ZÄÖÜ][A-ZÄÖÜ0-9]{1,7}$"}}
_PLACE_TOKEN: dict[str, Any] = {"TEXT": {"REGEX": r"^[A-ZÄÖÜ][\w\-]+$"}}
# A name word before an institution head: "Ruhr Forschungsinstitut", "CISPA Helmholtz-Zentrum",
# "Horst Görtz Institut"; place adjectives ("Bochumer") and function words are not.
_INST_PREFIX: dict[str, Any] = {
    "TEXT": {"REGEX": r"^(?![\w\-]*(er|en|es|em|ische|ischen)$)[A-ZÄÖÜ][\w\-]*$"},
    "LOWER": {"NOT_IN": _NOT_NAME},
}
_STATE_ADJ: dict[str, Any] = {"TEXT": {"REGEX": r"^[A-ZÄÖÜ]\w*ische[nr]?$"}}


def _org(pattern: list[dict[str, Any]]) -> dict[str, Any]:
    return {"label": "ORG", "pattern": pattern, "id": "rule"}


def _topic_tail(max_words: int = 4) -> list[dict[str, Any]]:
    # "für Materialfluss und Logistik IML": topic words joined by "und"/","; abbreviation optional.
    tail: list[dict[str, Any]] = [{"LOWER": "für"}, _TOPIC_TOKEN]
    for _ in range(max_words - 1):
        tail += [dict(_TOPIC_GLUE, OP="?"), dict(_TOPIC_TOKEN, OP="?")]
    return tail


def _build() -> list[dict[str, Any]]:
    # Legal forms ("Evonik Industries AG") are not patterns: a name of one to four words
    # before a form is found by walking left from the form (pipeline.nlp.entity_rules), as
    # patterns that start with "any capitalised word" are slow in spaCy's Matcher.
    patterns: list[dict[str, Any]] = []
    # Research institutes: "Fraunhofer-Institut für ...", "Max-Planck-Institut für ...".
    # Compounds ("Wirtschaftsministerium", "Forschungsinstitut") for heads whose compounds
    # are names; "Forschungszentrum für ..." is mostly a description.
    head = {
        "TEXT": {
            "REGEX": r"^([A-ZÄÖÜ][\w\-]*"
            + _COMPOUND_HEADS
            + "|"
            + INSTITUTION_HEADS
            + r"|(Fraunhofer|Max-Planck|Leibniz|Helmholtz)-[\w\-]+)$"
        }
    }
    prefix = dict(_INST_PREFIX, OP="{0,2}")
    patterns.append(_org([prefix, head, *_topic_tail(), dict(_ABBREV, OP="?")]))
    # "Bundesamt für Sicherheit in der Informationstechnik"
    patterns.append(
        _org([prefix, head, *_topic_tail(2), {"LOWER": "in"}, {"LOWER": "der"}, _TOPIC_TOKEN])
    )
    # "Verband der Automobilindustrie", "Stiftung Mercator"
    patterns.append(_org([head, {"LOWER": {"IN": ["der", "des"]}}, _TOPIC_TOKEN]))
    named_inst = {"TEXT": {"REGEX": r"^(Fraunhofer|Max-Planck|Leibniz|Helmholtz)-[\w\-]+$"}}
    patterns.append(_org([named_inst, dict(_ABBREV, OP="?")]))
    patterns.append(_org([{"ORTH": "Fraunhofer"}, _ABBREV]))
    # Universities and colleges: "Ruhr-Universität Bochum", "Technische Universität Dortmund",
    # "Universität Duisburg-Essen", "Hochschule Bochum", "Universität zu Köln".
    uni = {"TEXT": {"REGEX": r"^([A-ZÄÖÜ][\w]*-)?(Universität|Hochschule|Fachhochschule)$"}}
    uni_adj = {
        "TEXT": {
            "REGEX": r"^(Technische|Freie|Westfälische|Evangelische|Katholische"
            r"|Private|Bergische|Hochschule)$"
        },
        "OP": "?",
    }
    patterns.append(_org([uni_adj, uni, {"LOWER": {"IN": ["zu", "in"]}, "OP": "?"}, _PLACE_TOKEN]))
    patterns.append(_org([uni_adj, uni, {"LOWER": "für"}, *_topic_tail()[1:], _PLACE_TOKEN]))
    patterns.append(_org([{"TEXT": {"REGEX": r"^[A-ZÄÖÜ][\w]*-Universität$"}}]))
    patterns.append(_org([_STATE_ADJ, {"TEXT": {"REGEX": r"^[A-ZÄÖÜ][\w]*-Universität$"}}]))
    # Chambers and utilities: "IHK Mittleres Ruhrgebiet", "Industrie- und Handelskammer zu
    # Dortmund", "Handwerkskammer Münster", "Stadtwerke Bochum".
    chamber = {"TEXT": {"REGEX": r"^(IHK|HWK|Handwerkskammer|Handelskammer|Stadtwerke)$"}}
    patterns.append(_org([chamber, {"LOWER": "zu", "OP": "?"}, _PLACE_TOKEN]))
    patterns.append(_org([chamber, _PLACE_TOKEN, _PLACE_TOKEN]))
    ihk_long = [{"ORTH": "Industrie-"}, {"LOWER": "und"}, {"ORTH": "Handelskammer"}]
    for adjective in ([], [_STATE_ADJ]):
        patterns.append(_org([*adjective, *ihk_long]))
        patterns.append(_org([*adjective, *ihk_long, {"LOWER": "zu", "OP": "?"}, _PLACE_TOKEN]))
    # Public bodies named by place: "Bezirksregierung Düsseldorf", "Wirtschaftsförderung
    # Dortmund", "Universitätsklinikum Münster", "Stiftung Mercator".
    body = {
        "TEXT": {
            "REGEX": r"^(Bezirksregierung|Wirtschaftsförderung|Universitätsklinikum"
            r"|Klinikum|Stiftung|Sparkasse|Volksbank|Agentur)$"
        }
    }
    patterns.append(_org([body, _PLACE_TOKEN]))
    # One-word federal bodies: "Bundesnetzagentur", "Bundeskartellamt", "Bundesbank".
    patterns.append(
        _org(
            [
                {
                    "TEXT": {
                        "REGEX": r"^(Bundes|Landes)[a-zäöü]+(agentur|amt|anstalt"
                        r"|bank|kammer|gericht|regierung|verband)$"
                    }
                }
            ]
        )
    )
    # Ministries: "NRW-Wirtschaftsministerium", "Bundesministerium für Bildung und Forschung".
    patterns.append(_org([{"TEXT": {"REGEX": r"^[A-ZÄÖÜ][\w\-]*[Mm]inisterium$"}}]))
    return patterns


ORG_PATTERNS: list[dict[str, Any]] = _build()

# Genitive endings of the head nouns of organisation names -> nominative ending
# ("des Fraunhofer-Instituts" -> "Fraunhofer-Institut"). Hand-written; longest first.
ORG_GENITIVE_ENDINGS: tuple[tuple[str, str], ...] = (
    ("instituts", "institut"),
    ("institutes", "institut"),
    ("ministeriums", "ministerium"),
    ("zentrums", "zentrum"),
    ("verbandes", "verband"),
    ("verbands", "verband"),
    ("vereins", "verein"),
    ("amtes", "amt"),
    ("amts", "amt"),
    ("konzerns", "konzern"),
    ("unternehmens", "unternehmen"),
    ("werkes", "werk"),
    ("werks", "werk"),
    ("rates", "rat"),
    ("rats", "rat"),
    ("bundes", "bund"),
    ("netzwerks", "netzwerk"),
    ("netzwerkes", "netzwerk"),
    ("clusters", "cluster"),
    ("kollegs", "kolleg"),
    ("parlaments", "parlament"),
    ("gerichts", "gericht"),
    ("gerichtes", "gericht"),
    ("klinikums", "klinikum"),
    ("hafens", "hafen"),
    ("flughafens", "flughafen"),
    ("senats", "senat"),
    ("programms", "programm"),
    ("vorstands", "vorstand"),
)


def _misc(pattern: list[dict[str, Any]]) -> dict[str, Any]:
    return {"label": "MISC", "pattern": pattern, "id": "rule"}


# Laws, directives and trade fairs with a proper name (docs/ANNOTATION.md: MISC):
# "Lieferkettengesetz", "NIS-2-Richtlinie", "Hannover Messe", "Digital-Gipfel".
MISC_PATTERNS: list[dict[str, Any]] = [
    _misc(
        [
            {
                "TEXT": {
                    "REGEX": r"^[A-ZÄÖÜ][\w\-]+(gesetz|Gesetz|richtlinie|Richtlinie"
                    r"|verordnung|Verordnung|-Gipfel|gipfel)$"
                }
            }
        ]
    ),
    _misc([{"TEXT": {"REGEX": _NAME_REGEX}}, {"ORTH": {"IN": ["Messe", "Expo"]}}]),
]

# Words that anchor the patterns above: the rule component runs the Matcher only in a window
# around tokens that are a legal form, end in one of ORG_ANCHOR_ENDINGS (lower case) or start
# with one of ORG_ANCHOR_PREFIXES; every pattern contains such a token.
ORG_ANCHOR_WORDS: frozenset[str] = frozenset(
    {word for form in LEGAL_FORMS for word in form} | {"IHK", "HWK", "Messe", "Expo"}
)
# fmt: off
ORG_ANCHOR_ENDINGS: tuple[str, ...] = (
    "institut", "instituts", "institutes", "ministerium", "ministeriums", "amt", "amtes",
    "amts", "agentur", "kammer", "anstalt", "verband", "verbands", "verbandes", "zentrum",
    "zentrums", "gesellschaft", "akademie", "stiftung", "verein", "vereins", "kolleg",
    "universität", "hochschule", "gesetz", "richtlinie", "verordnung", "gipfel", "regierung",
    "bank", "gericht", "förderung", "klinikum", "sparkasse", "stadtwerke",
)
# fmt: on
ORG_ANCHOR_PREFIXES: tuple[str, ...] = ("Fraunhofer", "Max-Planck", "Leibniz", "Helmholtz")
# Tokens a pattern may reach left and right of its anchor: "Südwestfälische Industrie- und
# Handelskammer" (3 left), "Institut für Umwelt-, Sicherheits- und Energietechnik UMSICHT".
ORG_ANCHOR_REACH: tuple[int, int] = (3, 10)
