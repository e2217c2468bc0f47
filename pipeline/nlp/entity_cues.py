"""NLP: appositive, compound and media cues that say what kind of name stands next to them.

``german_entity_cues`` reads the words around a name, not the name itself:

* organisation cues: "die US-Ratingagentur X", "der Wäscheriese X", "die Arbeiterkammer
  Niederösterreich" (cue plus place is the name), a token "X-Konzern" is an organisation;
* person cues: roles and titles before a name ("Konzernchef X Y", "VCÖ-Expertin X"), the
  role is cut off a span that swallowed it;
* media cues: "sagte er dem X.", "laut X";
* a party in brackets after a person: "X Y (ABC)".

A cue's span (or an entity it relabels) gets the source "rule". German data comes from
``pipeline.lang_de.org_cues``, ``person_cues``, ``media_cues`` and ``clause_words``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.lang_de.clause_words import RELATIVE_PRONOUNS, SUBORDINATORS
from pipeline.lang_de.entity_stoplist import DATE_WORDS, PERSON_PREFIXES
from pipeline.lang_de.media_cues import (
    MASTHEAD_ARTICLES_UPPER,
    MEDIUM_ARTICLES,
    SAY_FILLERS,
    SAY_VERBS,
    SOURCE_PREPOSITIONS,
)
from pipeline.lang_de.org_cues import (
    INSTITUTION_ABBREVIATIONS,
    INSTITUTION_HEAD_MODIFIERS,
    INSTITUTION_HEADS,
    INSTITUTION_MODIFIERS,
    MUNICIPAL_COMPANY_HEADS,
    NOT_ORG_CUE_ENDINGS,
    ORG_COMPOUND_HEADS,
    ORG_CUE_COMPOUND_ONLY,
    ORG_CUE_ENDINGS,
    ORG_CUE_INFLECTIONS,
    ORG_EVIDENCE_HEADS,
    ORG_NAME_LAST_WORDS,
)
from pipeline.lang_de.person_cues import (
    NOT_PERSON_ROLE_WORDS,
    PERSON_ROLE_COMPOUND_ONLY,
    PERSON_ROLE_ENDINGS,
    PERSON_ROLE_HYPHEN_ONLY,
    PERSON_ROLE_INFLECTIONS,
)
from pipeline.nlp.config_io import SavesConfig
from pipeline.nlp.lexicon import is_common_noun, is_function_word, is_noun_compound, noun_lemmas

SOURCE_RULE = "rule"
MAX_NAME_TOKENS = 3
WHOLE = -1  # the proposed span is the name together with its cue
WEAK = -2  # the proposal only fills a gap (see _apply)
_NAME = re.compile(r"^[A-ZÄÖÜ0-9][\w.&+'’\-]*$")
_ALL_CAPS = re.compile(r"^[A-ZÄÖÜ][A-ZÄÖÜ0-9&\-]{1,9}$")
_PUNCT_AFTER = frozenset({".", ",", ";", ":", ")", "!", "?", "–", "-", "—", '"', "“", "”"})
# Words between a role and the organisation it is held in.
_EMPLOYER_LINKS = frozenset({"der", "des", "von", "vom", "bei", "beim"})
_DETERMINERS = frozenset(
    {
        "der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "einem",
        "einen", "beim", "vom", "zum", "zur", "im", "am",
    }
)  # fmt: skip


def _ends_with_cue(
    word: str,
    endings: tuple[str, ...],
    inflections: tuple[str, ...],
    compound_only: frozenset[str],
) -> bool:
    if not word[:1].isupper():
        return False
    lower = word.lower()
    for inflection in inflections:
        if inflection and not lower.endswith(inflection):
            continue
        base = lower[: len(lower) - len(inflection)] if inflection else lower
        for ending in endings:
            if base.endswith(ending):
                if len(base) == len(ending) and ending in compound_only:
                    continue
                return True
    return False


@lru_cache(maxsize=1 << 16)  # a pure function of the word; news repeats its words
def is_org_cue(word: str) -> bool:
    """ "Ratingagentur", "Energiekonzerns", "Wäscheriese": a noun that names a kind of org."""
    lower = word.lower()
    if any(lower.rstrip("s").endswith(e) for e in NOT_ORG_CUE_ENDINGS):
        return False
    return _ends_with_cue(word, ORG_CUE_ENDINGS, ORG_CUE_INFLECTIONS, ORG_CUE_COMPOUND_ONLY)


@lru_cache(maxsize=1 << 16)  # a pure function of the word; news repeats its words
def is_institution(word: str) -> bool:
    """ "Verfassungsgerichtshof", "Bundeswettbewerbsbehörde", "EU-Kommission", "Nationalbank".

    One word made of unique-making modifiers and an institution head, in the singular (a
    genitive -s or -es allowed): "Landesbanken" and "Hausbank" are common nouns.
    """
    if not word[:1].isupper() or len(word) < 6:
        return False
    if "-" in word:
        left, _, rest = word.partition("-")
        return left in INSTITUTION_ABBREVIATIONS and _is_head(rest.lower(), prefix="")
    return _is_head(word.lower(), prefix=None)


def _is_head(lower: str, prefix: str | None) -> bool:
    for inflection in ("", "s", "es"):
        base = lower[: len(lower) - len(inflection)] if inflection else lower
        if inflection and not lower.endswith(inflection):
            continue
        for head in INSTITUTION_HEADS:
            if not base.endswith(head):
                continue
            modifier = base[: len(base) - len(head)]
            allowed = INSTITUTION_HEAD_MODIFIERS.get(head)
            if prefix is not None:
                if modifier == prefix:
                    return True
                continue
            if _chained_modifiers(modifier, allowed):
                return True
    return False


def _chained_modifiers(modifier: str, allowed: frozenset[str] | None) -> bool:
    # "bundeswettbewerbs" = "bundes" + "wettbewerbs"; the last modifier decides for heads
    # that take only some ("National|rat", not "Landes|rat").
    if not modifier:
        return False
    for first in INSTITUTION_MODIFIERS:
        if modifier == first:
            return allowed is None or first in allowed
        if modifier.startswith(first) and _chained_modifiers(modifier[len(first) :], allowed):
            return True
    return False


@lru_cache(maxsize=1 << 16)  # a pure function of the word; news repeats its words
def is_person_cue(word: str) -> bool:
    """ "Konzernchef", "Finanzministerin", "VCÖ-Expertin": a role before a person's name."""
    lower = word.lower()
    if lower in NOT_PERSON_ROLE_WORDS:
        return False
    for ending in PERSON_ROLE_HYPHEN_ONLY:
        for inflection in PERSON_ROLE_INFLECTIONS:
            if not lower.endswith(ending + inflection):
                continue
            base = lower[: len(lower) - len(inflection)] if inflection else lower
            longer = [e for e in PERSON_ROLE_ENDINGS if len(e) > len(ending) and base.endswith(e)]
            if not base.endswith("-" + ending) and not longer:
                return False
    return _ends_with_cue(
        word, PERSON_ROLE_ENDINGS, PERSON_ROLE_INFLECTIONS, PERSON_ROLE_COMPOUND_ONLY
    )


def _is_name_token(word: str) -> bool:
    return (
        bool(_NAME.match(word))
        and not is_function_word(word)
        and word not in DATE_WORDS
        and not word[:1].isdigit()
    )


def compound_org_names(words: Iterable[str]) -> set[str]:
    """Names that a compound token says are organisations: "X-Chef", "X-Pleite" -> X.

    X must not be a German common noun ("Konzern-Chef", "Rekord-Pleite" say nothing).
    """
    found = set()
    for word in words:
        if "-" not in word:
            continue
        left, _, head = word.partition("-")
        if head.lower() not in ORG_EVIDENCE_HEADS and head.lower() not in ORG_COMPOUND_HEADS:
            continue
        if _is_name_token(left) and len(left) >= 2 and not is_common_noun(left):
            found.add(left)
    return found


def _in_verb_final_clause(words: list[str], i: int) -> bool:
    """Whether token i stands in a clause opened by "dass", "weil" or a relative pronoun."""
    j = i - 1
    while j >= 0 and words[j] not in (",", ".", ";", ":", "–", "(", '"', "„"):
        if words[j].lower() in SUBORDINATORS:
            return True
        j -= 1
    return j >= 0 and words[j] == "," and i - j > 1 and words[j + 1].lower() in RELATIVE_PRONOUNS


@Language.factory(
    "german_entity_cues",
    assigns=["doc.ents"],
    default_config={
        "org_cues": True,
        "person_cues": True,
        "media_cues": True,
        "bracket_parties": True,
    },
)
def make_german_entity_cues(
    nlp: Language,
    name: str,
    org_cues: bool,
    person_cues: bool,
    media_cues: bool,
    bracket_parties: bool,
) -> GermanEntityCues:
    return GermanEntityCues(
        name,
        org_cues=org_cues,
        person_cues=person_cues,
        media_cues=media_cues,
        bracket_parties=bracket_parties,
    )


class GermanEntityCues(SavesConfig):
    """Adds or relabels entities where a neighbouring word says what they are."""

    def __init__(
        self,
        name: str,
        *,
        org_cues: bool,
        person_cues: bool,
        media_cues: bool,
        bracket_parties: bool,
    ) -> None:
        self.name = name
        self.org_cues = org_cues
        self.person_cues = person_cues
        self.media_cues = media_cues
        self.bracket_parties = bracket_parties

    def __call__(self, doc: Doc) -> Doc:
        if not (self.org_cues or self.person_cues or self.media_cues or self.bracket_parties):
            return doc
        if not noun_lemmas():
            return doc  # without the lexicon a cue cannot tell a name from a noun
        words = [t.text for t in doc]
        ents = list(doc.ents)
        # start, end, label, and the cue token's index (or WHOLE / WEAK, see _apply)
        proposals: list[tuple[int, int, str, int]] = []
        for i, word in enumerate(words):
            if self.org_cues:
                proposals += self._org(doc, words, i)
                if is_institution(word):
                    proposals.append(self._institution(words, i))
                proposals += self._municipal(words, i)
            if self.person_cues and is_person_cue(word):
                proposals += self._person(words, i)
            if self.media_cues:
                proposals += self._media(words, i)
        for start, end, label, cue in proposals:
            ents = _apply(doc, ents, start, end, label, cue)
        if self.bracket_parties:
            # After the person cues, which may have found the person before the bracket.
            for start, end, label, cue in self._brackets(words, ents):
                ents = _apply(doc, ents, start, end, label, cue)
        if self.org_cues:
            # "Dalian Zeus Entertainment", "Muster Holdings": a "person" with a company's
            # last word is a company.
            ents = [
                Span(doc, e.start, e.end, label="ORG", span_id=SOURCE_RULE)
                if e.label_ == "PER" and len(e) > 1 and words[e.end - 1] in ORG_NAME_LAST_WORDS
                else e
                for e in ents
            ]
        doc.ents = sorted(ents, key=lambda e: e.start)
        return doc

    def _org(self, doc: Doc, words: list[str], i: int) -> list[tuple[int, int, str, int]]:
        word = words[i]
        left, _, head = word.partition("-")
        if head.lower() in ORG_COMPOUND_HEADS and _is_name_token(left) and not is_common_noun(left):
            return [(i, i + 1, "ORG", WHOLE)]  # "Lufthansa-Konzern"
        if not is_org_cue(word) or i + 1 >= len(words):
            return []
        before = words[i - 1] if i else ""
        if (
            _is_name_token(before)
            and before.lower() not in _DETERMINERS
            and not is_common_noun(before)
            and not is_org_cue(before)
        ):
            return []  # the cue is part of a name: "Raiffeisen Bank International"
        from pipeline.extract.gazetteer import get_gazetteer

        gazetteer = get_gazetteer()
        nxt = words[i + 1]
        after = words[i + 2] if i + 2 < len(words) else "."
        if nxt[:1].isupper() and not after[:1].isupper():
            if nxt[-1] in "s'’" and gazetteer.candidates(nxt[:-1]):
                return []  # "größter Versorger Österreichs": a genitive place is no name
            if gazetteer.candidates(nxt) and word.lower() not in ORG_CUE_COMPOUND_ONLY:
                # "die Arbeiterkammer Niederösterreich", "Verkehrsclub Österreich": the cue
                # noun and the place together are the name.
                return [(i, i + 2, "ORG", WHOLE)]
        end = self._name_end(words, i + 1)
        if end is None:
            return []
        return [(i + 1, end, "ORG", i)]

    def _institution(self, words: list[str], i: int) -> tuple[int, int, str, int]:
        # "Straflandesgericht Wien", "Arbeiterkammer Tirol": the seat belongs to the name.
        from pipeline.extract.gazetteer import get_gazetteer

        if i + 1 < len(words) and words[i + 1][:1].isupper():
            after = words[i + 2] if i + 2 < len(words) else "."
            if not after[:1].isupper() and get_gazetteer().candidates(words[i + 1]):
                return (i, i + 2, "ORG", WHOLE)
        return (i, i + 1, "ORG", WEAK)

    def _municipal(self, words: list[str], i: int) -> list[tuple[int, int, str, int]]:
        # "Wien Energie", "Graz Holding": a town's name and a business noun, unless the town
        # is where something happens ("in Wien Energie sparen").
        if i + 1 >= len(words) or words[i + 1] not in MUNICIPAL_COMPANY_HEADS:
            return []
        if i > 0 and words[i - 1].lower() in ("in", "nach", "aus", "im"):
            return []
        if i + 2 < len(words) and words[i + 2][:1].isupper() and words[i + 2] not in _PUNCT_AFTER:
            return []
        from pipeline.extract.gazetteer import get_gazetteer

        if not any(p.kind == "city" for p in get_gazetteer().candidates(words[i])):
            return []
        return [(i, i + 2, "ORG", WHOLE)]

    def _person(self, words: list[str], i: int) -> list[tuple[int, int, str, int]]:
        if i + 2 < len(words) and words[i + 1].lower() in _EMPLOYER_LINKS:
            # "Chefökonomin der X", "Leiter des X", "Logistikchefin bei X": X employs them.
            from pipeline.extract.gazetteer import get_gazetteer

            end = self._name_end(words, i + 2)
            if end is None or is_common_noun(words[i + 2].rstrip("s")):
                return []
            if get_gazetteer().candidates(" ".join(words[i + 2 : end])):
                return []  # "Polizeichef von Kandahar": a place, not an employer
            return [(i + 2, end, "ORG", WEAK)]
        j = i + 1
        while j < len(words) and words[j] in PERSON_PREFIXES:
            j += 1  # "Sprecher Dr. Muster": the title is no part of the name
        end = self._name_end(words, j, person=True)
        if end is not None:
            from pipeline.extract.gazetteer import get_gazetteer

            gazetteer = get_gazetteer()
            one = words[j]
            if end == j + 1 and (gazetteer.candidates(one) or gazetteer.candidates(one[:-1])):
                return []  # "die führenden Wirtschaftsforscher Deutschlands": a place
            return [(j, end, "PER", i)]
        # "der Staatssekretär im Arbeitsministerium, Vorname Muster, sagte": the name
        # stands after the comma that closes the role.
        k = i + 1
        while k < len(words) and k - i <= 6 and words[k] not in (",", ".", ";", ":"):
            k += 1
        if k >= len(words) or words[k] != ",":
            return []
        end = self._name_end(words, k + 1, person=True)
        if end is None or end - (k + 1) < 2 or end >= len(words) or words[end] not in (",", "."):
            return []
        return [(k + 1, end, "PER", WHOLE)]

    def _name_end(self, words: list[str], j: int, *, person: bool = False) -> int | None:
        """End of the one to three name words from j, or None when j starts no name.

        A German common noun (or a compound ending in one) is never taken: "weil der Konzern
        Stellen abbaut", "der Ausgabengruppe Verkehr".
        """
        end = j
        while end < len(words) and end - j < MAX_NAME_TOKENS and _is_name_token(words[end]):
            w = words[end]
            if is_org_cue(w) or is_person_cue(w):
                break
            # Surnames are often compounds of words ("Feld|bacher"): persons stop at nouns.
            noun = is_common_noun(w) if person else is_noun_compound(w)
            if not _ALL_CAPS.match(w) and noun:
                break
            end += 1
        if end == j or (end < len(words) and words[end][:1].isupper()):
            return None  # "der Wahren Finnen": a name cut short by a noun is no name
        return end

    def _media(self, words: list[str], i: int) -> list[tuple[int, int, str, int]]:
        word = words[i]
        if self._masthead(words, i):
            return [(i, i + 1, "ORG", WEAK)]
        if word.lower() in SOURCE_PREPOSITIONS and i + 1 < len(words):
            nxt = words[i + 1]
            after = words[i + 2] if i + 2 < len(words) else "."
            if _is_name_token(nxt) and not is_noun_compound(nxt) and not after[:1].isupper():
                return [(i + 1, i + 2, "ORG", WEAK)]
            return []
        if word.lower() not in SAY_VERBS:
            return []
        j = i + 1
        while j < len(words) and j - i <= 3 and words[j].lower() in SAY_FILLERS:
            j += 1
        if j >= len(words) - 1 or words[j].lower() not in MEDIUM_ARTICLES:
            return []
        name = words[j + 1]
        after = words[j + 2] if j + 2 < len(words) else "."
        if after not in _PUNCT_AFTER:
            return []
        if _ALL_CAPS.match(name) or (_is_name_token(name) and not is_common_noun(name)):
            return [(j + 1, j + 2, "ORG", j)]
        return []

    @staticmethod
    def _masthead(words: list[str], i: int) -> bool:
        # "dem STANDARD vorliegen", "im KURIER", "DIE ZEITUNG": a newspaper writes its own
        # name (a common noun) in capitals after an article; a heading in capitals has
        # more capital words around it.
        word = words[i]
        if len(word) < 4 or not word.isalpha() or not word.isupper() or i == 0:
            return False
        if not is_common_noun(word.title()):
            return False
        before = words[i - 1]
        after = words[i + 1] if i + 1 < len(words) else "."
        if after.isupper() and after.isalpha():
            return False
        if before in MASTHEAD_ARTICLES_UPPER:
            return i < 2 or not (words[i - 2].isupper() and words[i - 2].isalpha())
        return before in MEDIUM_ARTICLES or before in ("des", "vom", "beim")

    def _brackets(self, words: list[str], ents: list[Span]) -> list[tuple[int, int, str, int]]:
        # "Karin Muster (ABC)": an abbreviation in brackets after a person is their party or
        # employer, never the person.
        found = []
        for ent in ents:
            i = ent.end
            if ent.label_ != "PER" or i + 2 >= len(words):
                continue
            if words[i] == "(" and words[i + 2] == ")" and _ALL_CAPS.match(words[i + 1]):
                found.append((i + 1, i + 2, "ORG", i))
        return found

    def _cfg(self) -> dict[str, Any]:
        return {
            "org_cues": self.org_cues,
            "person_cues": self.person_cues,
            "media_cues": self.media_cues,
            "bracket_parties": self.bracket_parties,
        }


def _apply(doc: Doc, ents: list[Span], start: int, end: int, label: str, cue: int) -> list[Span]:
    """Put the cue's span into the entities: add, relabel, or cut a swallowed cue off.

    `cue` is the index of the cue token before the span, or WHOLE (-1: the span is the name
    with its cue, "Arbeiterkammer Tirol", "X-Konzern") or WEAK (-2: "laut X", "Chef der
    X", institutions: only fills a gap or relabels the model's one-word entity there).
    """
    new = Span(doc, start, end, label=label, span_id=SOURCE_RULE)
    if cue == WEAK:
        # A weak cue ("laut X", "Chef der X") only fills a gap, and never where X is the
        # surname of a person the article names.
        surnames = {e[-1].text for e in ents if e.label_ == "PER" and len(e) > 1}
        hit = [e for e in ents if e.start < end and start < e.end]
        if new.text in surnames:
            return ents
        if not hit:
            return [*ents, new]
        e = hit[0]
        if len(hit) == 1 and (e.start, e.end) == (start, end) and e.id_ == "" and len(e) == 1:
            return [x for x in ents if x is not e] + [new]  # the model's "PER Wifo"
        return ents
    if label == "ORG" and any(
        e.label_ == "PER" and len(e) > 1 and e.start < end and start < e.end for e in ents
    ):
        return ents  # a full person name stays a person
    hit = [e for e in ents if e.start < max(end, cue + 1) and (cue if cue >= 0 else start) < e.end]
    if not hit:
        return [*ents, new]
    if cue >= 0:
        holding_cue = [e for e in hit if e.start <= cue < e.end]
        for e in holding_cue:
            if e.start < cue or (e.label_ == label and e.end <= cue + 1):
                return ents  # the cue word is part of a name ("Raiffeisen Bank International")
            if e.label_ == label and label == "ORG":
                return ents  # "Bank Austria": the entity starts with the cue and is the name
            if e.end > end:
                return ents
    for e in hit:
        inside = start <= e.start and e.end <= end
        covers = e.start <= start and end <= e.end and (cue < 0 or e.start > cue)
        swallowed = cue >= 0 and e.start <= cue and e.end <= end
        if not (inside or covers or swallowed):
            return ents  # a crossing span: leave the model's decision alone
    if len(hit) == 1 and hit[0].start == start and hit[0].end >= end and hit[0].end > end:
        e = hit[0]
        return [x for x in ents if x is not e] + [
            Span(doc, e.start, e.end, label=label, span_id=SOURCE_RULE)
        ]
    return [e for e in ents if e not in hit] + [new]
