"""NLP: one name, one label per article; common nouns without evidence are no names.

``german_entity_consistency`` runs last among the entity components:

1. label votes: every mention of a name (its inflected forms "Xs", "X'" included) votes for
   its label, weighted by its evidence: a cue or pattern (source "rule") 3, a gazetteer 2,
   the model 1; the model's mentions of the name take the winning label (rules keep theirs);
2. common nouns: a one-word entity that is a German common noun, a function word or, at the
   start of a sentence, any other word of the lexicon, is dropped unless something supports
   it: a cue, a longer entity containing it, "X-Chef"/"X-Pleite" in the text, or (places) a
   gazetteer entry the model agrees with or a preposition of place before it;
3. propagation: a name recognised once is recognised at its other mentions with its label,
   also inflected ("Xs", "X'") and, for an organisation introduced with a long name, its
   distinctive first word alone ("Muster Logistik ... Muster").
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.extract.gazetteer import GENITIVE_MIN_POPULATION
from pipeline.lang_de.adjective_endings import ADJECTIVE_ENDINGS
from pipeline.lang_de.entity_stoplist import PERSON_PREFIXES
from pipeline.lang_de.media_cues import SAY_VERBS
from pipeline.lang_de.place_cues import PLACE_NAME_HEADS, PLACE_PREPOSITIONS
from pipeline.nlp.config_io import SavesConfig
from pipeline.nlp.entity_cues import SOURCE_RULE, compound_org_names
from pipeline.nlp.lexicon import (
    is_common_noun,
    is_function_word,
    is_known_word,
    is_noun_compound,
    noun_lemmas,
)

WEIGHTS = {"rule": 3, "gazetteer": 2, "": 1}
_INFLECTIONS = ("s", "'", "’", "es")
# Adjective endings no surname has ("-isch", "-lich"; "-ig" has "König", "Ludwig").
_CLEAR_ADJECTIVE_ENDINGS = ("isch", "lich", "iert", "bar", "sam", "haft")
# Compounds this long are nouns, not surnames ("Handelskontingente", "Computersoftware").
_LONG_COMPOUND = 14
_DETERMINERS = frozenset(
    {"der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "einem", "einen"}
)
_SENTENCE_END = frozenset({".", "!", "?", ":", "–", "\n", '"', "„", "“"})


def _base(word: str, names: set[str]) -> str:
    """A one-word name without its genitive when the article has the bare form too."""
    for ending in _INFLECTIONS:
        if word.endswith(ending) and word[: -len(ending)] in names:
            return word[: -len(ending)]
    return word


@Language.factory(
    "german_entity_consistency",
    assigns=["doc.ents"],
    default_config={"resolve_labels": True, "common_nouns": True, "propagate": True},
)
def make_german_entity_consistency(
    nlp: Language, name: str, resolve_labels: bool, common_nouns: bool, propagate: bool
) -> GermanEntityConsistency:
    return GermanEntityConsistency(
        name, resolve_labels=resolve_labels, common_nouns=common_nouns, propagate=propagate
    )


class GermanEntityConsistency(SavesConfig):
    """Document-level label votes, the common-noun filter and name propagation."""

    def __init__(
        self, name: str, *, resolve_labels: bool, common_nouns: bool, propagate: bool
    ) -> None:
        self.name = name
        self.resolve_labels = resolve_labels
        self.common_nouns = common_nouns
        self.propagate = propagate

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        if not ents:
            return doc
        words = [t.text for t in doc]
        names = {e.text for e in ents}
        if self.resolve_labels:
            ents = self._resolve(doc, ents, names)
        if self.common_nouns and noun_lemmas():
            ents = self._drop_common_nouns(doc, words, ents, names)
        if self.propagate:
            ents = self._propagate(doc, words, ents)
        doc.ents = sorted(ents, key=lambda e: e.start)
        return doc

    def _resolve(self, doc: Doc, ents: list[Span], names: set[str]) -> list[Span]:
        votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for e in ents:
            votes[_base(e.text, names)][e.label_] += WEIGHTS.get(e.id_, 1)
            if e.label_ == "PER" and len(e) > 1:
                # "Roland Muster ... Muster": the full name says the surname is a person.
                votes[e[-1].text]["PER"] += WEIGHTS["rule"]
        out = []
        for e in ents:
            tally = votes[_base(e.text, names)]
            best = max(tally.values())
            winners = [label for label, v in tally.items() if v == best]
            if e.id_ == "" and len(winners) == 1 and winners[0] != e.label_:
                out.append(Span(doc, e.start, e.end, label=winners[0], span_id=e.id_))
            else:
                out.append(e)
        return out

    def _drop_common_nouns(
        self, doc: Doc, words: list[str], ents: list[Span], names: set[str]
    ) -> list[Span]:
        from pipeline.extract.gazetteer import get_gazetteer

        gazetteer = get_gazetteer()
        ruled = {_base(e.text, names) for e in ents if e.id_ == SOURCE_RULE}
        in_longer = {w for e in ents if len(e) > 1 for w in words[e.start : e.end]}
        compounds = compound_org_names(words)
        kept = []
        for e in ents:
            base = _base(e.text, names)
            supported = (
                base in ruled or base in in_longer or (e.label_ == "ORG" and base in compounds)
            )
            if (
                len(e) != 1
                or supported
                or not self._is_plain_word(e.text, e.start, e.label_, words, e.id_)
            ):
                kept.append(e)
            elif e.label_ == "LOC" and (
                gazetteer.candidates(e.text) or gazetteer.candidates(_base(e.text, {e.text[:-1]}))
            ):
                # "Halle" is a noun and a city: the model's word, or "in Halle", decides.
                before = words[e.start - 1] if e.start else ""
                plain_before = before.lower() in _DETERMINERS or (
                    before[:1].islower()
                    and before.endswith(("e", "en", "er", "es"))
                    and before not in SAY_VERBS
                )
                curated = any(p.kind != "city" for p in gazetteer.candidates(e.text))
                if not is_function_word(e.text) and (
                    e.id_ == ""
                    or curated
                    or (
                        before.lower() in PLACE_PREPOSITIONS
                        and (e.text not in noun_lemmas() or _big_place(e.text, gazetteer))
                    )
                    or (_is_place_genitive(e.text, gazetteer) and not plain_before)
                ):
                    kept.append(e)
        return kept

    @staticmethod
    def _is_plain_word(word: str, i: int, label: str, words: list[str], source: str) -> bool:
        """Whether a one-word entity reads as an ordinary German word here."""
        if any(sum(c.isupper() for c in part) > 1 for part in word.split("-")):
            return False  # "EZB", "ThyssenKrupp": abbreviations and brands are names
        if is_function_word(word):
            return True
        if label == "ORG":
            # "Bundestag", "Union", "die Grünen": organisations are often named by a noun.
            return False
        sentence_start = i == 0 or words[i - 1] in _SENTENCE_END
        if label == "PER":
            before = words[i - 1].lower() if i else ""
            after = words[i + 1].lower() if i + 1 < len(words) else ""
            if before in SAY_VERBS or after in SAY_VERBS:
                return False  # "sagte Wolf": whoever speaks is a person
            title = words[i - 2] + "." if before == "." and i > 1 else words[i - 1] if i else ""
            if title in PERSON_PREFIXES:
                return False  # "Dr. Meier", "Frau Koch"
            if sentence_start:
                # "Kompliziert wird es", "Heuer": an adjective or noun opening a sentence.
                adjective = word.lower().rstrip("enrs").endswith(ADJECTIVE_ENDINGS)
                return (adjective and is_known_word(word)) or is_common_noun(word)
            stem = word.lower().rstrip("enrs")
            if stem.endswith(_CLEAR_ADJECTIVE_ENDINGS) and is_known_word(word):
                return True  # "Dramatischer wäre": no surname ends like this
            if len(word) >= _LONG_COMPOUND and is_noun_compound(word):
                return True  # "Handelskontingente": a long compound noun, not a surname
            # Surnames are often nouns ("Wolf", "Blatter"); only the bare lemma after an
            # article or an inflected adjective counts ("komplexe Computersoftware").
            return word in noun_lemmas() and (
                before in _DETERMINERS or (before[:1].islower() and before.endswith(("e", "en")))
            )
        lower = word.lower().rstrip("s")
        if label == "LOC" and source == "" and lower.endswith(PLACE_NAME_HEADS):
            return False  # "Mittelmeer", "Vösendorf": the model's place stays a place
        if label == "MISC" and word in noun_lemmas():
            return False  # languages and indices are nouns and names ("Englisch", "Dax")
        return is_noun_compound(word)

    def _propagate(self, doc: Doc, words: list[str], ents: list[Span]) -> list[Span]:
        labels: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for e in ents:
            key = tuple(words[e.start : e.end])
            if self._worth_propagating(key, e):
                labels[key].add(e.label_)
        # "Muster Logistik GmbH ... Muster": the first word of a long organisation name;
        # "Dmytro Muster ... Muster": the surname of a person.
        for e in ents:
            first, last = words[e.start], words[e.end - 1]
            if e.label_ == "ORG" and len(e) > 1 and self._distinctive(first):
                labels.setdefault((first,), set()).add("ORG")
            surname = e.label_ == "PER" and len(e) > 1 and last[:1].isupper() and len(last) > 2
            if surname and not is_common_noun(last) and not is_function_word(last):
                labels.setdefault((last,), set()).add("PER")
        by_first: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for key, found in labels.items():
            if len(found) == 1:
                by_first[key[0]].append((key, next(iter(found))))
                if len(key) == 1:
                    for ending in _INFLECTIONS:
                        by_first[key[0] + ending].append((key, next(iter(found))))
        if not by_first:
            return ents
        taken = [False] * len(words)
        for e in ents:
            for i in range(e.start, e.end):
                taken[i] = True
        found_spans = []
        for i, word in enumerate(words):
            if taken[i] or word not in by_first:
                continue
            for key, label in sorted(by_first[word], key=lambda kl: -len(kl[0])):
                end = i + len(key)
                if len(key) > 1 and tuple(words[i:end]) != key:
                    continue
                if any(taken[i:end]) or (end < len(words) and _continues_name(words[end])):
                    continue
                found_spans.append(Span(doc, i, end, label=label, span_id=SOURCE_RULE))
                for k in range(i, end):
                    taken[k] = True
                break
        return ents + found_spans

    @staticmethod
    def _worth_propagating(key: tuple[str, ...], e: Span) -> bool:
        if e.id_ == "gazetteer":
            return False  # the gazetteer finds every mention itself
        if len(key) > 1:
            return True
        word = key[0]
        if len(word) < 2 or not word[:1].isupper() or is_function_word(word):
            return False
        return e.id_ == SOURCE_RULE or not is_common_noun(word)

    @staticmethod
    def _distinctive(word: str) -> bool:
        from pipeline.extract.gazetteer import get_gazetteer

        return (
            len(word) >= 4
            and word[:1].isupper()
            and not is_known_word(word)
            and not is_common_noun(word)
            and not get_gazetteer().candidates(word)
        )

    def _cfg(self) -> dict[str, Any]:
        return {
            "resolve_labels": self.resolve_labels,
            "common_nouns": self.common_nouns,
            "propagate": self.propagate,
        }


def _big_place(word: str, gazetteer: Any) -> bool:
    # "nach Halle" is the city, "aus Übersee" the word: a noun is a place after a
    # preposition only when the place is big enough to be named in the news.
    return any(
        p.kind != "city" or p.population >= GENITIVE_MIN_POPULATION
        for p in gazetteer.candidates(word)
    )


def _is_place_genitive(word: str, gazetteer: Any) -> bool:
    # "Bremens" looks like a noun form to the lexicon; the gazetteer knows "Bremen".
    return word.endswith("s") and bool(gazetteer.candidates(word[:-1]))


def _continues_name(word: str) -> bool:
    # "Muster" before "Logistik" belongs to a longer name the model did not find.
    return word[:1].isupper() and not is_function_word(word) and not is_common_noun(word)
