"""Extract: doc.ents -> Entity records with canonical names and GeoNames links.

Canonical names are computed per article (one Doc): the base form of each mention
(no article, genitive undone), then one name per organisation, a short form linked to the
long form it abbreviates, and a surname linked to the full name mentioned before it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.extract.sentences import sentence_bounds, sentence_context
from pipeline.lang_de.adjective_endings import ADJECTIVE_ENDINGS
from pipeline.lang_de.entity_stoplist import LEADING_FUNCTION_WORDS
from pipeline.lang_de.noun_genders import (
    FEMININE_ENDINGS,
    MASCULINE_ENDINGS,
    NEUTER_ENDINGS,
    STRONG_ADJECTIVE_ENDINGS,
)
from pipeline.lang_de.org_patterns import ORG_GENITIVE_ENDINGS
from pipeline.lang_de.place_cues import PLACE_PREPOSITIONS
from pipeline.lang_de.regions import INFLECTED_PLACE_NAMES
from pipeline.nlp.entity_rules import (
    ABBREVIATION_SHAPE,
    QUOTES,
    is_abbreviation_of,
    span_source,
)
from pipeline.nlp.lexicon import is_common_noun
from pipeline.records import Entity

_WEAK_ADJECTIVE = re.compile(r"^[A-ZÄÖÜ]\w*sch(en) \S")
# Long forms end in their own abbreviation: "Fraunhofer-Institut für ... Logistik IML".
_TRAILING_ABBREVIATION = re.compile(r"^(?P<long>.+\S)\s+(?P<short>[A-ZÄÖÜ][A-ZÄÖÜ0-9&]{1,9})$")


@dataclass(slots=True)
class Mention:
    """What canonicalisation needs to know about one entity mention."""

    label: str
    text: str
    start: int = 0
    end: int = 0


def extract_entities(doc: Doc) -> list[Entity]:
    """Entity records for doc.ents, with canonical names and place links."""
    from pipeline.extract.gazetteer import resolve_place

    text = doc.text  # built from the tokens on every access, so read it once
    ents = [(e.label_, e.start_char, e.end_char, span_source(e)) for e in doc.ents]
    mentions = [Mention(label, text[start:end], start, end) for label, start, end, _ in ents]
    canonicals = canonicalize(mentions, text)
    # Sentence bounds once per doc, not one walk per entity (ent.sent searches each time).
    starts, ends = sentence_bounds(doc, len(text))
    records = []
    for (label, start, end, source), canonical in zip(ents, canonicals, strict=True):
        record = Entity(
            label=label,
            text=text[start:end],
            start=start,
            end=end,
            canonical=canonical,
            sentence=_sentence(text, starts, ends, start),
            source=source,
        )
        if label == "LOC" and _may_link(text, start, end, source):
            place = resolve_place(canonical)
            if place is not None:
                record.geonames_id = place.geonames_id
                record.latitude = place.latitude
                record.longitude = place.longitude
                record.state = place.state
                record.country = place.country
        records.append(record)
    return records


def _may_link(text: str, start: int, end: int, source: str) -> bool:
    """A place found by the gazetteer alone links only if it is no common noun or a
    preposition of place stands before it ("in Halle", not "die Halle"); the model's places
    and the rules' always link."""
    if source != "gazetteer":
        return True
    word = text[start:end]
    if not is_common_noun(word):
        return True
    before = text[max(0, start - 6) : start].split()
    return bool(before) and before[-1].lower() in PLACE_PREPOSITIONS


def _sentence(text: str, starts: list[int], ends: list[int], position: int) -> str:
    """The sentence around a character position, as figures.csv gives it."""
    i = max(bisect_right(starts, position) - 1, 0)
    return sentence_context(text, starts[i], ends[i], position)


def strip_function_words(text: str) -> str:
    """ "des Fraunhofer-Instituts" -> "Fraunhofer-Instituts"; quotes and edge spaces go."""
    words = text.strip().strip(QUOTES).split()
    while len(words) > 1 and words[0].lower() in LEADING_FUNCTION_WORDS:
        words.pop(0)
    return " ".join(words).strip(QUOTES)


def undo_genitive(text: str, label: str, known: set[str]) -> str:
    """The nominative of a name: "Deutschlands" -> "Deutschland", "Instituts" -> "Institut".

    `known` holds names the article or the gazetteer attest; a name that is itself known
    ("Mainz", "Paris", "Niedersachsen") is left alone.
    """
    from pipeline.extract.gazetteer import get_gazetteer

    gazetteer = get_gazetteer()
    if text in INFLECTED_PLACE_NAMES:
        return INFLECTED_PLACE_NAMES[text]
    if text.isupper() and len(text) > 3 and gazetteer.candidates(text.title()):
        return text.title()  # dateline capitals: "BOCHUM" -> "Bochum"
    capitals = label == "ORG" and text.isalpha() and text.isupper() and len(text) > 4
    if capitals and is_common_noun(text.title()):
        return text.title()  # a masthead in capitals: "die ZEITUNG" -> "Zeitung"

    def attested(name: str) -> bool:
        # A person's name is attested by the article alone: "Davies" is not "Davie"'s.
        return name in known or (label != "PER" and bool(gazetteer.candidates(name)))

    if label != "PER" and gazetteer.candidates(text) and not _org_genitive(text):
        return text
    if text.endswith("'") or text.endswith("’"):
        # "Marx'", "Mainz'" -- the apostrophe genitive of names ending in s, x, z.
        return text[:-1]
    for cut in ("s", "es"):
        if text.endswith(cut) and len(text) > len(cut) + 2 and attested(text[: -len(cut)]):
            return text[: -len(cut)]
    if label in ("ORG", "MISC"):
        org = _org_genitive(text)
        if org:
            text = org
        strong = strong_adjective(text)
        if strong != text:
            return strong
        if _WEAK_ADJECTIVE.match(text):
            # "der Westfälischen Wilhelms-Universität" -> "Westfälische Wilhelms-Universität",
            # "der Deutschen Bahn" -> "Deutsche Bahn"
            first, rest = text.split(" ", 1)
            text = f"{first[:-1]} {rest}"
    elif label == "LOC":
        text = strong_adjective(text)
    return text


def _gender(noun: str) -> str | None:
    lower = noun.lower()
    best: tuple[int, str | None] = (0, None)
    for gender, endings in (
        ("f", FEMININE_ENDINGS),
        ("m", MASCULINE_ENDINGS),
        ("n", NEUTER_ENDINGS),
    ):
        for ending in endings:
            if lower.endswith(ending) and len(ending) > best[0]:
                best = (len(ending), gender)
    return best[1]


def strong_adjective(text: str) -> str:
    """The adjective of a two-word name in the nominative without article.

    "Obersten Gerichtshof" -> "Oberster Gerichtshof", "Internationale Währungsfonds" ->
    "Internationaler Währungsfonds", "Europäischen Statistikamt" -> "Europäisches
    Statistikamt"; a noun of unknown gender (or a plural) leaves the name as it is.
    """
    words = text.split(" ")
    if len(words) != 2 or not words[0][:1].isupper() or not words[1][:1].isupper():
        return text
    adjective, noun = words
    if adjective.endswith("en"):
        stem = adjective[:-2]
    elif adjective.endswith("e"):
        stem = adjective[:-1]
    else:
        return text
    looks_adjective = stem.lower().endswith(ADJECTIVE_ENDINGS) or stem.lower().endswith(
        ("st", "sch", "ß", "er", "ig")
    )
    gender = _gender(noun)
    if gender is None:
        # The genitive -s/-es of a masculine or neuter head: "Gerichtshofs", "Ausschusses".
        for cut in ("es", "s"):
            if noun.endswith(cut) and _gender(noun[: -len(cut)]) in ("m", "n"):
                noun, gender = noun[: -len(cut)], _gender(noun[: -len(cut)])
                break
    if not looks_adjective or gender is None or len(stem) < 3:
        return text
    return f"{stem}{STRONG_ADJECTIVE_ENDINGS[gender]} {noun}"


def _org_genitive(text: str) -> str:
    """Undo the genitive on the name words before the first lower-case word.

    "Fraunhofer-Instituts für Materialfluss" -> "Fraunhofer-Institut für Materialfluss";
    words after "für"/"und" are in another case and stay.
    """
    words = text.split(" ")
    changed = False
    for i, word in enumerate(words):
        if word[:1].islower():
            break
        for ending, nominative in ORG_GENITIVE_ENDINGS:
            # Case-insensitive so "Instituts" and "Fraunhofer-Instituts" both match; the
            # nominative is always a prefix of the ending, so cutting keeps the case.
            if word.lower().endswith(ending):
                words[i] = word[: len(word) - len(ending) + len(nominative)]
                changed = True
                break
    return " ".join(words) if changed else ""


def _key(text: str) -> str:
    """Spelling-insensitive key: "Horst-Görtz-Institut" == "Horst Görtz Institut"."""
    return re.sub(r"[\s\-‐–]+", " ", text).casefold().strip()


def canonicalize(mentions: Sequence[Mention], text: str = "") -> list[str]:
    """Canonical names for the mentions of one article, in order.

    `text` (the article) lets "Langform (Kurz)" be recognised by the bracket between two
    mentions.
    """
    bases = [strip_function_words(m.text) for m in mentions]
    known = set(bases)
    bases = [undo_genitive(b, m.label, known) for b, m in zip(bases, mentions, strict=True)]

    # One spelling per name: the first one the article uses wins.
    first_spelling: dict[str, str] = {}
    for base in bases:
        first_spelling.setdefault(_key(base), base)
    names = [first_spelling[_key(b)] for b in bases]

    # Short forms: "Langform (Kurz)", "Langform KURZ", then initials of a long form.
    long_of: dict[str, str] = {}
    for i, m in enumerate(mentions):
        if i + 1 < len(mentions) and text:
            nxt = mentions[i + 1]
            between = text[m.end : nxt.start]
            after = text[nxt.end : nxt.end + 1]
            if (
                between.strip() == "("
                and after == ")"
                and m.label == nxt.label
                and m.label != "PER"
                and _looks_short(bases[i + 1], names[i])
            ):
                _keep_longest(long_of, bases[i + 1], names[i])
        found = _TRAILING_ABBREVIATION.match(names[i])
        if (
            found
            and m.label in ("ORG", "MISC")
            and is_abbreviation_of(found["short"], found["long"])
        ):
            _keep_longest(long_of, found["short"], names[i])
    for i, m in enumerate(mentions):
        base = bases[i]
        if base in long_of or " " in base or not ABBREVIATION_SHAPE.match(base):
            continue
        if m.label not in ("ORG", "MISC") or sum(c.isupper() for c in base) < 2:
            continue
        # Only a long form of the same label whose letters the short form can be read off:
        # "OGH" / "Oberster Gerichtshof", "VfGH" / "Verfassungsgerichtshof".
        matches = {
            n
            for n, other in zip(names, mentions, strict=True)
            if other.label == m.label
            and n != base
            and len(n) > 2 * len(base)
            and (is_abbreviation_of(base, n) or (_letterwise(base, n) and can_abbreviate(base, n)))
        }
        if len(matches) == 1:
            long_of[base] = matches.pop()
    names = [long_of.get(b, long_of.get(n, n)) for b, n in zip(bases, names, strict=True)]
    # "Fraunhofer IML" -> the long form that ends in "IML" and starts with "Fraunhofer".
    for i, name in enumerate(names):
        words = name.split(" ")
        if len(words) == 2 and words[1] in long_of and long_of[words[1]].startswith(words[0]):
            names[i] = long_of[words[1]]

    # "RWTH" after "RWTH Aachen": a one-word ORG that starts exactly one longer ORG name.
    org_names = {n for n, m in zip(names, mentions, strict=True) if m.label == "ORG"}
    for i, m in enumerate(mentions):
        if m.label == "ORG" and " " not in names[i]:
            longer = {n for n in org_names if n.startswith(names[i] + " ")}
            if len(longer) == 1:
                names[i] = longer.pop()

    # "Oesterreichische Nationalbank ... die Nationalbank": the head of one longer name.
    for i, m in enumerate(mentions):
        if m.label == "ORG" and " " not in names[i] and names[i][:1].isupper():
            ending = {n for n in org_names if n.endswith(" " + names[i])}
            if len(ending) == 1:
                names[i] = ending.pop()

    # Persons: a surname alone (also in the genitive, "Musters") links to the one full name
    # of the article that ends in it, mentioned before or after.
    full_names = {names[i] for i, m in enumerate(mentions) if m.label == "PER" and " " in names[i]}
    for i, m in enumerate(mentions):
        name = names[i]
        if m.label != "PER" or " " in name:
            continue
        for form in (name, name[:-1] if name[-1:] in "s'’" else name):
            candidates = {f for f in full_names if f.split(" ")[-1] == form}
            if len(candidates) == 1:
                names[i] = candidates.pop()
                break
    return names


def _letterwise(short: str, long: str) -> bool:
    # Letters from inside words count where the short form says so by its lower-case
    # letters ("VfGH", "OeNB") or the long form is one word; "BUND" is not read off
    # "Bezirksregierung Düsseldorf".
    return " " not in long or any(c.islower() for c in short)


def can_abbreviate(short: str, long: str) -> bool:
    """Whether `short` can be read off `long` letter by letter, starting with its first.

    Looser than is_abbreviation_of (the letters need not start words): "VfGH" /
    "Verfassungsgerichtshof", "OeNB" / "Oesterreichische Nationalbank"; "SPÖ" cannot be
    read off "Rudolf Muster".
    """
    s, lf = short.lower(), long.lower()
    if not s or not lf or s[0] != lf[0]:
        return False
    pos = 0
    for c in s:
        if not c.isalnum():
            continue
        pos = lf.find(c, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def _keep_longest(long_of: dict[str, str], short: str, long: str) -> None:
    if len(long) > len(long_of.get(short, "")):
        long_of[short] = long


def _looks_short(short: str, long: str) -> bool:
    if not ABBREVIATION_SHAPE.match(short) or len(short) >= len(long):
        return False
    return sum(c.isupper() for c in short) >= 2 or is_abbreviation_of(short, long)
