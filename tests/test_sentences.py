"""Sentence bounds from arrays, and the sentence column of entity records."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

from pipeline.extract.entities import extract_entities
from pipeline.extract.sentences import sentence_bounds

TEXT = (
    "Bochum wächst.\n\nDie Ruhr-Universität zählt rund 6000 Beschäftigte. "
    "In Dortmund entstehen 300 Stellen."
)


def nlp_with_sentences() -> spacy.language.Language:
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    return nlp


def test_bounds_follow_the_sentences_and_cover_the_text() -> None:
    doc = nlp_with_sentences()(TEXT)
    starts, ends = sentence_bounds(doc, len(TEXT))
    assert [TEXT[s:e].strip() for s, e in zip(starts, ends, strict=True)] == [
        "Bochum wächst.",
        "Die Ruhr-Universität zählt rund 6000 Beschäftigte.",
        "In Dortmund entstehen 300 Stellen.",
    ]
    assert starts[0] == 0 and ends[-1] == len(TEXT)


def test_without_sentence_annotation_the_whole_text_is_one_sentence() -> None:
    doc = spacy.blank("de")(TEXT)
    assert sentence_bounds(doc, len(TEXT)) == ([0], [len(TEXT)])
    empty = spacy.blank("de")("")
    assert sentence_bounds(empty, 0) == ([0], [0])


def test_entity_records_carry_their_own_sentence_without_surrounding_whitespace() -> None:
    doc = nlp_with_sentences()(TEXT)
    spans = [("Ruhr-Universität", "ORG"), ("Dortmund", "LOC"), ("Bochum", "LOC")]
    ents = []
    for name, label in spans:
        start = TEXT.index(name)
        ents.append(doc.char_span(start, start + len(name), label=label))
    doc.ents = sorted(ents, key=lambda span: span.start)
    assert all(isinstance(span, Span) for span in doc.ents)
    records = {record.text: record.sentence for record in extract_entities(doc)}
    assert records == {
        "Bochum": "Bochum wächst.",
        "Ruhr-Universität": "Die Ruhr-Universität zählt rund 6000 Beschäftigte.",
        "Dortmund": "In Dortmund entstehen 300 Stellen.",
    }
