"""NLP: rule, gazetteer and filter components that refine the NER model's entities.

Four factories:

* ``german_org_rules``: a spaCy Matcher with the organisation, law and fair patterns from
  ``pipeline.lang_de.org_patterns`` -> ``doc.spans["org_rules"]``.
* ``german_gazetteer``: GeoNames places, German states and regions -> ``doc.spans["gazetteer"]``.
* ``german_entity_rules``: merges both candidate groups into ``doc.ents`` (policy per group),
  adds abbreviations introduced in parentheses, CamelCase / ALL-CAPS company names and
  surnames that repeat a full name mentioned before.
* ``german_entity_filter``: trims articles, titles, roles and punctuation off entity edges and
  drops dates and common nouns.

Every entity carries its origin in ``Span.id_``: "" (the model), "rule" or "gazetteer";
``SOURCE_MODEL`` etc. name them. ``add_entity_components`` adds all of it in order.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.lang_de.entity_stoplist import (
    COMMON_NOUN_FALSE_POSITIVES,
    CURRENCY_NAMES,
    DATE_WORDS,
    LEADING_FUNCTION_WORDS,
    NON_ORG_ACRONYMS,
    ORG_DESCRIPTOR_ENDINGS,
    PERSON_PREFIXES,
)
from pipeline.lang_de.org_patterns import (
    AMBIGUOUS_FORMS,
    LEGAL_FORMS,
    MAX_NAME_WORDS,
    MISC_PATTERNS,
    NAME_CONNECTORS,
    NAME_WORD,
    NOT_NAME_WORDS,
    ORG_ANCHOR_ENDINGS,
    ORG_ANCHOR_PREFIXES,
    ORG_ANCHOR_REACH,
    ORG_ANCHOR_WORDS,
    ORG_PATTERNS,
)
from pipeline.nlp.config_io import SavesConfig

SOURCE_MODEL = "model"
SOURCE_RULE = "rule"
SOURCE_GAZETTEER = "gazetteer"
ORG_RULER = "german_org_rules"
RULE_SPANS_KEY = "org_rules"
GAZETTEER_SPANS_KEY = "gazetteer"
MERGE_POLICIES = ("off", "fill", "extend", "overwrite")

# What a short form looks like ("IHK", "Rufis", "HGI").
ABBREVIATION_SHAPE = re.compile(r"^[A-ZÄÖÜ][A-Za-zÄÖÜäöüß0-9&\-]{1,11}$")
_CAMEL_CASE = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]+(?:[A-ZÄÖÜ][a-zäöüß0-9]*)+$")
_ALL_CAPS = re.compile(r"^[A-ZÄÖÜ][A-ZÄÖÜ0-9&]{2,9}$")
_LEGAL_FORM_WORDS = frozenset(word for form in LEGAL_FORMS for word in form)
_TRAILING_GLUE = frozenset({"und", "oder", ",", "-", "&", "sowie", "für", "zu", "der", "des"})
_POSTCODE = re.compile(r"^\d{5}$")
_STREET = re.compile(r"(straße|str\.|weg|platz|allee|ring|damm|gasse|ufer)$", re.IGNORECASE)
_TRAILING_PUNCT = frozenset(",;:.–-/")
_NEEDS_TOKENIZER = re.compile(r"[()/'’‘.,&\[\]]")
QUOTES = "\"'„“”‚‘’«»›‹"


def span_source(span: Span) -> str:
    """Which component proposed an entity: "model", "rule" or "gazetteer"."""
    return span.id_ or SOURCE_MODEL


def is_abbreviation_of(short: str, long: str) -> bool:
    """Schwartz & Hearst (2003): can `short` be read off `long` right to left?

    Every character of the short form appears in order in the long form and the first one
    starts a word: "IHK" / "Industrie- und Handelskammer", "Rufis" / "Ruhr Forschungsinstitut
    für Innovations- und Strukturpolitik". Stricter than the original: more than half of the
    letters must start a word, so "BUND" is not read off "Bezirksregierung Düsseldorf".
    """
    s, lf = short.lower(), long.lower()
    if len(s) < 2 or len(lf) <= len(s) or not s[0].isalnum():
        return False
    si, li = len(s) - 1, len(lf) - 1
    letters = word_starts = 0
    while si >= 0:
        c = s[si]
        if not c.isalnum():
            si -= 1
            continue
        while li >= 0 and (lf[li] != c or (si == 0 and li > 0 and lf[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return False
        letters += 1
        word_starts += li == 0 or not lf[li - 1].isalnum()
        si -= 1
        li -= 1
    return 2 * word_starts > letters


def _shape(text: str) -> int:
    """1 for a CamelCase name ("ThyssenKrupp"), 2 for ALL CAPS ("STEAG"), else 0."""
    if text in _LEGAL_FORM_WORDS or text in NON_ORG_ACRONYMS:
        return 0
    if text.endswith("Innen") or text.startswith("Mc"):
        return 0  # "BibliothekarInnen" is a gender-inclusive plural, "McCain" a person
    if _CAMEL_CASE.match(text):
        return 1
    return 2 if _ALL_CAPS.match(text) else 0


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _merge(existing: list[Span], candidates: Iterable[Span], policy: str) -> list[Span]:
    """Merge candidate spans into existing entities.

    fill: only where no entity is; extend: also replace entities the candidate contains
    (a rule span that equals a model span fixes its label);
    overwrite: the candidate replaces every entity it overlaps.
    """
    if policy == "off":
        return existing
    ents = list(existing)
    for cand in candidates:
        hit = [e for e in ents if _overlaps(e, cand)]
        if not hit:
            ents.append(cand)
        elif policy == "overwrite" or (
            policy == "extend"
            and all(cand.start <= e.start and e.end <= cand.end for e in hit)
            and any((e.start, e.end, e.label_) != (cand.start, cand.end, cand.label_) for e in hit)
        ):
            ents = [e for e in ents if e not in hit] + [cand]
    return sorted(ents, key=lambda e: e.start)


def _trim_candidate(span: Span) -> Span | None:
    start, end = span.start, span.end
    doc = span.doc
    while end > start and (doc[end - 1].lower_ in _TRAILING_GLUE or doc[end - 1].text[-1] == "-"):
        end -= 1
    if end <= start:
        return None
    return Span(doc, start, end, label=span.label_, span_id=span.id_)


_ANCHOR_MEMO: dict[int, bool] = {}
# Lower-case words that join an anchor to the rest of a pattern ("Institut für ...",
# "Verband der ...", "Universität zu Köln", "Industrie- und Handelskammer").
_PATTERN_GLUE = ("für", "der", "des", "zu", "zur", "in", "und", "-")
_SHAPE_MEMO: dict[int, int] = {}  # orth -> 0 plain, 1 CamelCase, 2 ALL CAPS
_FORMS_BY_FIRST_WORD: dict[str, list[tuple[str, ...]]] = {}
for _form in sorted(map(tuple, LEGAL_FORMS), key=len, reverse=True):
    _FORMS_BY_FIRST_WORD.setdefault(_form[0], []).append(_form)


def _is_name_word(word: str) -> bool:
    return bool(NAME_WORD.match(word)) and word.lower() not in NOT_NAME_WORDS


def _legal_form_span(doc: Doc, words: list[str], i: int) -> Span | None:
    """The organisation ending in the legal form that starts at token i, if any.

    Walks left from the form over up to MAX_NAME_WORDS name words; connectors ("für", "&")
    may join name words unless the form is also an ordinary word ("AG", "Group").
    """
    for form in _FORMS_BY_FIRST_WORD.get(words[i], ()):
        end = i + len(form)
        if tuple(words[i:end]) == form:
            break
    else:
        return None
    connectors_ok = form not in AMBIGUOUS_FORMS
    start, names, j = i, 0, i - 1
    while j >= 0 and names < MAX_NAME_WORDS:
        if _is_name_word(words[j]):
            names += 1
            start = j
            j -= 1
        elif connectors_ok and names and words[j] in NAME_CONNECTORS and j > 0:
            if not _is_name_word(words[j - 1]):
                break
            j -= 1
        else:
            break
    if not names:
        return None
    return Span(doc, start, end, label="ORG", span_id=SOURCE_RULE)


def _orths(doc: Doc) -> list[int]:
    # Hashes instead of Token objects: creating a Token per word costs more than the rules.
    return doc.to_array(ORTH).tolist()  # type: ignore[no-any-return]


def _is_anchor(orth: int, doc: Doc) -> bool:
    # Memoised across docs: the same words recur, and this runs on every token.
    found = _ANCHOR_MEMO.get(orth)
    if found is None:
        word = doc.vocab.strings[orth]
        found = (
            word in ORG_ANCHOR_WORDS
            or (word[:1].isupper() and word.lower().endswith(ORG_ANCHOR_ENDINGS))
            or word.startswith(ORG_ANCHOR_PREFIXES)
        )
        if len(_ANCHOR_MEMO) < 200_000:
            _ANCHOR_MEMO[orth] = found
    return found


@Language.factory(
    "german_org_rules",
    assigns=["doc.spans"],
    default_config={"spans_key": RULE_SPANS_KEY},
)
def make_german_org_rules(nlp: Language, name: str, spans_key: str) -> GermanOrgRules:
    return GermanOrgRules(nlp, name, spans_key=spans_key)


class GermanOrgRules:
    """Organisation (and law/fair) patterns from pipeline.lang_de.org_patterns -> doc.spans.

    A spaCy Matcher, run only in windows around anchor tokens (institution heads): the
    patterns' regular expressions are Python calls per token, and running them over whole
    articles cost as much as the NER model itself. Names before a legal form are found by
    walking left from the form, which a pattern can only say as "one to four capitalised
    words" -- the slowest kind of pattern.
    """

    def __init__(self, nlp: Language, name: str, *, spans_key: str) -> None:
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.matcher: Matcher | None = None
        self.legal_first = {nlp.vocab.strings.add(word) for word in _FORMS_BY_FIRST_WORD}
        self.glue = {nlp.vocab.strings.add(word) for word in _PATTERN_GLUE}

    def _continues(self, orth: int, doc: Doc) -> bool:
        return orth in self.glue or doc.vocab.strings[orth][:1].isupper()

    def initialize(
        self,
        get_examples: Any = None,
        *,
        nlp: Language | None = None,
        patterns: list[dict[str, Any]] | None = None,
    ) -> None:
        matcher = Matcher(self.nlp.vocab)
        for entry in patterns if patterns is not None else [*ORG_PATTERNS, *MISC_PATTERNS]:
            matcher.add(entry["label"], [entry["pattern"]])
        self.matcher = matcher

    def __call__(self, doc: Doc) -> Doc:
        if self.matcher is None:
            self.initialize()
        assert self.matcher is not None
        left, right = ORG_ANCHOR_REACH
        orths = _orths(doc)
        windows: list[list[int]] = []
        spans = []
        words: list[str] = []
        for i, orth in enumerate(orths):
            if _is_anchor(orth, doc):
                if orth in self.legal_first:
                    words = words or [doc.vocab.strings[o] for o in orths]
                    legal = _legal_form_span(doc, words, i)
                    if legal is not None:
                        spans.append(legal)
                    continue
                # A pattern longer than its anchor needs a name word or a joining word
                # next to it; otherwise only the one-word patterns can match here.
                near = [orths[j] for j in (i - 1, i + 1) if 0 <= j < len(orths)]
                if any(self._continues(orth, doc) for orth in near):
                    start, end = max(0, i - left), min(len(doc), i + right + 1)
                else:
                    start, end = i, i + 1
                if windows and start <= windows[-1][1]:
                    windows[-1][1] = end
                else:
                    windows.append([start, end])
        for start, end in windows:
            for match in self.matcher(doc[start:end], as_spans=True):
                spans.append(
                    Span(doc, match.start, match.end, label=match.label_, span_id=SOURCE_RULE)
                )
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory(
    "german_gazetteer",
    assigns=["doc.spans"],
    default_config={"spans_key": GAZETTEER_SPANS_KEY, "label": "LOC"},
)
def make_german_gazetteer(nlp: Language, name: str, spans_key: str, label: str) -> GermanGazetteer:
    return GermanGazetteer(nlp, name, spans_key=spans_key, label=label)


class GermanGazetteer:
    """Proposes place names from GeoNames, the German states and regions as candidate spans."""

    def __init__(self, nlp: Language, name: str, *, spans_key: str, label: str) -> None:
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.label = label
        self.index: dict[int, list[tuple[int, ...]]] | None = None
        self.upper: set[int] = set()

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        # The names come from pipeline.extract.gazetteer (built once per process), so the
        # component has no state of its own to save. A first-token index instead of a
        # PhraseMatcher: tokenising 60,000 names would cost seconds at every start, and
        # only names with brackets or slashes need the tokenizer to find their tokens.
        # The index (string hashes, the same in every process) is cached on disk beside the
        # gazetteer's tables: building it takes 0.8 s at every start, loading it 0.05 s.
        from pipeline.cache import cache_file, cached_pickle
        from pipeline.extract.gazetteer import tables_key

        digest = hashlib.blake2b(digest_size=12)
        digest.update(tables_key().encode())
        digest.update(Path(__file__).read_bytes())
        tokenizer: Any = self.nlp.tokenizer  # names with brackets are split by it
        if not hasattr(tokenizer, "to_bytes"):  # a custom one: nothing to key a cache on
            self.index, self.upper = self._build_index()
            return
        digest.update(tokenizer.to_bytes(exclude=["vocab"]))
        path = cache_file(f"gazetteer-index-{digest.hexdigest()}.pickle")
        self.index, self.upper = cached_pickle(
            path, "gazetteer-index-*.pickle", self._build_index, tuple
        )

    def _build_index(self) -> tuple[dict[int, list[tuple[int, ...]]], set[int]]:
        from pipeline.extract.gazetteer import get_gazetteer

        gazetteer = get_gazetteer()
        strings = self.nlp.vocab.strings
        index: dict[int, set[tuple[int, ...]]] = {}
        for name in gazetteer.surface:
            if _NEEDS_TOKENIZER.search(name):
                words = [t.text for t in self.nlp.tokenizer(name)]
            else:
                words = name.split()
            ids = tuple(strings.add(w) for w in words)
            index.setdefault(ids[0], set()).add(ids)
        upper = {strings.add(n) for n in gazetteer.upper - NON_ORG_ACRONYMS}
        return {k: sorted(v, key=len, reverse=True) for k, v in index.items()}, upper

    def __call__(self, doc: Doc) -> Doc:
        if self.index is None:
            self.initialize()
        assert self.index is not None
        spans = []
        orths = _orths(doc)
        n_tokens = len(orths)
        # Set intersections first: most articles name a handful of places among 300 words.
        present = set(orths)
        starts = {orth for orth in present if orth in self.index}
        upper = {orth for orth in present if orth in self.upper}
        for i, orth in enumerate(orths):
            if orth not in starts:
                # Datelines write the town in capitals: "BOCHUM. Die Stadtwerke ..."
                if orth in upper:
                    spans.append(Span(doc, i, i + 1, label=self.label, span_id=SOURCE_GAZETTEER))
                continue
            for ids in self.index[orth]:
                end = i + len(ids)
                if end <= n_tokens and tuple(orths[i:end]) == ids:
                    spans.append(Span(doc, i, end, label=self.label, span_id=SOURCE_GAZETTEER))
                    break
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory(
    "german_entity_rules",
    assigns=["doc.ents"],
    default_config={
        "rule_spans_key": RULE_SPANS_KEY,
        "gazetteer_spans_key": GAZETTEER_SPANS_KEY,
        "rule_merge": "extend",
        "gazetteer_merge": "extend",
        "abbreviations": True,
        "camel_case": False,
        "all_caps": False,
        "propagate_names": True,
    },
)
def make_german_entity_rules(
    nlp: Language,
    name: str,
    rule_spans_key: str,
    gazetteer_spans_key: str,
    rule_merge: str,
    gazetteer_merge: str,
    abbreviations: bool,
    camel_case: bool,
    all_caps: bool,
    propagate_names: bool,
) -> GermanEntityRules:
    return GermanEntityRules(
        nlp,
        name,
        rule_spans_key=rule_spans_key,
        gazetteer_spans_key=gazetteer_spans_key,
        rule_merge=rule_merge,
        gazetteer_merge=gazetteer_merge,
        abbreviations=abbreviations,
        camel_case=camel_case,
        all_caps=all_caps,
        propagate_names=propagate_names,
    )


class GermanEntityRules(SavesConfig):
    """Merges rule and gazetteer candidates into doc.ents and adds what patterns cannot say."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        rule_spans_key: str,
        gazetteer_spans_key: str,
        rule_merge: str,
        gazetteer_merge: str,
        abbreviations: bool,
        camel_case: bool,
        all_caps: bool,
        propagate_names: bool,
    ) -> None:
        for policy in (rule_merge, gazetteer_merge):
            if policy not in MERGE_POLICIES:
                raise ValueError(f"merge policy {policy!r} is not one of {MERGE_POLICIES}")
        self.name = name
        self.rule_spans_key = rule_spans_key
        self.gazetteer_spans_key = gazetteer_spans_key
        self.rule_merge = rule_merge
        self.gazetteer_merge = gazetteer_merge
        self.abbreviations = abbreviations
        self.camel_case = camel_case
        self.all_caps = all_caps
        self.propagate_names = propagate_names

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        rules = [s for s in map(_trim_candidate, doc.spans.get(self.rule_spans_key, [])) if s]
        ents = _merge(ents, filter_spans(rules), self.rule_merge)
        places = list(doc.spans.get(self.gazetteer_spans_key, []))
        ents = _merge(ents, filter_spans(places), self.gazetteer_merge)
        if self.camel_case or self.all_caps:
            ents = _merge(ents, self._shaped_names(doc, places), "fill")
        if self.abbreviations:
            ents = self._add_abbreviations(doc, ents)
        if self.propagate_names:
            ents = self._add_surnames(doc, ents)
        doc.ents = ents
        return doc

    def _shaped_names(self, doc: Doc, places: list[Span]) -> list[Span]:
        place_tokens = {i for span in places for i in range(span.start, span.end)}
        wanted = {1} if not self.all_caps else {1, 2} if self.camel_case else {2}
        found = []
        for i, orth in enumerate(_orths(doc)):
            shape = _SHAPE_MEMO.get(orth)
            if shape is None:
                shape = _shape(doc.vocab.strings[orth])
                if len(_SHAPE_MEMO) < 200_000:
                    _SHAPE_MEMO[orth] = shape
            if shape in wanted and i not in place_tokens:
                found.append(Span(doc, i, i + 1, label="ORG", span_id=SOURCE_RULE))
        return found

    def _add_abbreviations(self, doc: Doc, ents: list[Span]) -> list[Span]:
        # "Industrie- und Handelskammer (IHK)": the bracketed short form is its own span with
        # the long form's label; later bare mentions of it get the same label.
        short_labels: dict[str, str] = {}
        for ent in ents:
            i = ent.end
            if i + 2 >= len(doc):
                continue
            if doc[i].text != "(" or doc[i + 2].text != ")":
                continue
            short = doc[i + 1].text
            if not ABBREVIATION_SHAPE.match(short) or short in NON_ORG_ACRONYMS:
                continue
            capitals = sum(c.isupper() for c in short)
            if capitals >= 2 or is_abbreviation_of(short, ent.text):
                short_labels.setdefault(short, ent.label_)
        for ent in ents:
            # "Fraunhofer-Institut für Materialfluss und Logistik IML": later "IML" alone.
            last = ent[-1].text
            if (
                len(ent) >= 3
                and ent.label_ == "ORG"
                and _ALL_CAPS.match(last)
                and last not in NON_ORG_ACRONYMS
                and is_abbreviation_of(last, ent[:-1].text)
            ):
                short_labels.setdefault(last, ent.label_)
        if not short_labels:
            return ents
        by_orth = {doc.vocab.strings[short]: label for short, label in short_labels.items()}
        found = [
            Span(doc, i, i + 1, label=by_orth[orth], span_id=SOURCE_RULE)
            for i, orth in enumerate(_orths(doc))
            if orth in by_orth
        ]
        return _merge(ents, found, "fill")

    def _add_surnames(self, doc: Doc, ents: list[Span]) -> list[Span]:
        # "Markus Lehmkuhl ... Lehmkuhl sagt": the surname alone is the same person, also
        # where the model called it a place. Full names that start with a place name
        # ("Dortmunds Gründerszene") are model errors and lend nothing.
        from pipeline.extract.gazetteer import get_gazetteer

        gazetteer = get_gazetteer()
        full = [
            e
            for e in ents
            if e.label_ == "PER"
            and len(e) >= 2
            and all(t.is_title for t in e)
            and not gazetteer.candidates(e[0].text.rstrip("s"))
            and not gazetteer.candidates(e[0].text)
        ]
        surnames = {e[-1].text for e in full if len(e[-1].text) > 2}
        if not surnames:
            return ents
        first_full = min(e.start for e in full)
        surname_ids = {doc.vocab.strings[name] for name in surnames}
        found = [
            Span(doc, i, i + 1, label="PER", span_id=SOURCE_RULE)
            for i, orth in enumerate(_orths(doc))
            if i >= first_full and orth in surname_ids
        ]
        return _merge(ents, found, "extend")

    def _cfg(self) -> dict[str, Any]:
        return {
            "rule_merge": self.rule_merge,
            "gazetteer_merge": self.gazetteer_merge,
            "abbreviations": self.abbreviations,
            "camel_case": self.camel_case,
            "all_caps": self.all_caps,
            "propagate_names": self.propagate_names,
        }


@Language.factory(
    "german_entity_filter",
    assigns=["doc.ents"],
    default_config={
        "strip_edges": True,
        "person_prefixes": True,
        "date_words": True,
        "common_nouns": True,
        "currency_names": True,
    },
)
def make_german_entity_filter(
    nlp: Language,
    name: str,
    strip_edges: bool,
    person_prefixes: bool,
    date_words: bool,
    common_nouns: bool,
    currency_names: bool,
) -> GermanEntityFilter:
    return GermanEntityFilter(
        name,
        strip_edges=strip_edges,
        person_prefixes=person_prefixes,
        date_words=date_words,
        common_nouns=common_nouns,
        currency_names=currency_names,
    )


class GermanEntityFilter:
    """Removes classic German false positives and trims entity edges."""

    def __init__(
        self,
        name: str,
        *,
        strip_edges: bool,
        person_prefixes: bool,
        date_words: bool,
        common_nouns: bool,
        currency_names: bool,
    ) -> None:
        self.name = name
        self.strip_edges = strip_edges
        self.person_prefixes = person_prefixes
        self.date_words = date_words
        self.common_nouns = common_nouns
        self.currency_names = currency_names

    def __call__(self, doc: Doc) -> Doc:
        ents = doc.ents
        if not ents:
            return doc
        orths = _orths(doc)
        strings = doc.vocab.strings
        kept = []
        for ent in ents:
            span = self._clean(ent, [strings[o] for o in orths[ent.start : ent.end]])
            if span is not None:
                kept.append(span)
        doc.ents = kept
        return doc

    def _clean(self, ent: Span, words: list[str]) -> Span | None:
        # Works on the words (strings), not Tokens: building Token objects cost more than
        # the checks themselves.
        first, last = 0, len(words)
        label = ent.label_
        if self.strip_edges:
            while first < last and _is_leading_noise(words[first]):
                first += 1
            while last > first and _is_trailing_noise(words[first:last]):
                last -= 1
            if last - first > 1 and _POSTCODE.match(words[first]):
                first += 1  # "44801 Bochum": the postcode is not part of the place
                label = "LOC"
            if (
                label == "LOC"
                and last - first > 1
                and words[last - 1].isdigit()
                and _STREET.search(words[last - 2])
            ):
                last -= 1  # "Universitätsstraße 150": nor is the house number
            if (
                label == "ORG"
                and last - first > 1
                and words[first].lower().endswith(ORG_DESCRIPTOR_ENDINGS)
                and words[first + 1][:1].isupper()
            ):
                first += 1  # "Gashändler Uniper" -> "Uniper"
        if self.person_prefixes and label == "PER":
            while first < last and words[first] in PERSON_PREFIXES:
                first += 1
        if first >= last:
            return None
        words = words[first:last]
        if not any(c.isalpha() for w in words for c in w):
            return None
        if self.date_words and all(w in DATE_WORDS or w.rstrip(".").isdigit() for w in words):
            return None
        if self.common_nouns and len(words) == 1 and words[0] in COMMON_NOUN_FALSE_POSITIVES:
            return None
        if self.currency_names and len(words) == 1 and words[0] in CURRENCY_NAMES:
            return None
        if self.date_words and any(w in _FIGURE_WORDS for w in words):
            return None  # "€ 95 Mio." is a figure, not a name
        if self.strip_edges and _looks_like_clause(words):
            return None
        start, end = ent.start + first, ent.start + first + len(words)
        if (start, end, label) == (ent.start, ent.end, ent.label_):
            return ent
        return Span(ent.doc, start, end, label=label, span_id=ent.id_)


_FIGURE_WORDS = frozenset({"€", "$", "%", "Mio.", "Mrd.", "Millionen", "Milliarden", "Prozent"})
_NAME_GLUE = frozenset(
    {
        "für",
        "und",
        "der",
        "die",
        "das",
        "des",
        "dem",
        "den",
        "von",
        "vom",
        "zu",
        "zur",
        "zum",
        "in",
        "im",
        "am",
        "an",
        "auf",
        "of",
        "the",
        "and",
        "de",
        "la",
        "le",
        "du",
        "van",
        "y",
    }
)


def _looks_like_clause(words: list[str]) -> bool:
    # A model sometimes runs a MISC span over half a sentence; names are short and their
    # lower-case words are glue ("für", "und", "der").
    lower = [w for w in words if w[:1].islower() and w not in _NAME_GLUE]
    return len(words) > 8 and len(lower) >= 3


def _is_punct(word: str) -> bool:
    return not any(c.isalnum() for c in word)


def _is_leading_noise(word: str) -> bool:
    return (
        word.lower() in LEADING_FUNCTION_WORDS
        or word in QUOTES
        or (_is_punct(word) and word not in "([")
    )


def _is_trailing_noise(words: list[str]) -> bool:
    last = words[-1]
    if last in (")", "]"):
        # "Halle (Saale)" keeps its bracket; a stray one goes.
        return (last == ")" and "(" not in words) or (last == "]" and "[" not in words)
    return last in QUOTES or last.lower() in _TRAILING_GLUE or last in _TRAILING_PUNCT


def add_entity_components(
    nlp: Language,
    *,
    rules_config: dict[str, Any] | None = None,
    filter_config: dict[str, Any] | None = None,
    cues_config: dict[str, Any] | None = None,
    consistency_config: dict[str, Any] | None = None,
    gazetteer: bool = True,
) -> None:
    """Add the organisation ruler, gazetteer, merge and filter components to `nlp`.

    They go right after "ner" when the pipeline has one (else at the end) and are
    initialised here, so a trained pipeline needs no nlp.initialize() (which would reset
    its weights). A pipeline saved with them already in it is left as it is.
    """
    if ORG_RULER in nlp.pipe_names:
        return
    anchor: dict[str, Any] = {"after": "ner"} if "ner" in nlp.pipe_names else {}
    rules = nlp.add_pipe("german_org_rules", name=ORG_RULER, **anchor)
    rules.initialize(nlp=nlp)  # type: ignore[attr-defined]
    last = ORG_RULER
    if gazetteer:
        gaz = nlp.add_pipe("german_gazetteer", after=last)
        gaz.initialize(nlp=nlp)  # type: ignore[attr-defined]
        last = "german_gazetteer"
    nlp.add_pipe("german_entity_rules", after=last, config=rules_config or {})
    nlp.add_pipe("german_entity_filter", after="german_entity_rules", config=filter_config or {})
    # Imported here: the modules register their factories on import.
    from . import entity_consistency, entity_cues, org_gazetteer  # noqa: F401

    nlp.add_pipe("german_entity_cues", after="german_entity_filter", config=cues_config or {})
    last = "german_entity_cues"
    if gazetteer:
        nlp.add_pipe("german_org_gazetteer", after=last)
        last = "german_org_gazetteer"
    nlp.add_pipe("german_entity_consistency", after=last, config=consistency_config or {})
