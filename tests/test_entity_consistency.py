"""One name, one label per article; common nouns without evidence; the noun lexicon.

The entities a model would propose are set by hand, so these tests need no model.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from pipeline.nlp.entity_rules import add_entity_components
from pipeline.nlp.lexicon import is_common_noun, is_noun_compound


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    add_entity_components(nlp)
    return nlp


def run(nlp: Language, text: str, spans: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """Run the consistency pass on `text` with (surface, label, source) entities set."""
    doc = nlp.make_doc(text)
    doc = nlp.get_pipe("sentencizer")(doc)
    found, pos = [], 0
    for surface, label, source in spans:
        start = text.index(surface, pos)
        span = doc.char_span(start, start + len(surface), label=label, span_id=source)
        assert span is not None, surface
        found.append(span)
        pos = start + len(surface)
    doc.ents = found
    doc = nlp.get_pipe("german_entity_consistency")(doc)
    return [(e.text, e.label_) for e in doc.ents]


def whole(nlp: Language, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in nlp(text).ents]


def test_a_name_found_once_is_found_everywhere(nlp: Language) -> None:
    text = (
        "Die Ratingagentur Fitchwell stuft drei Banken ab. Fitchwell erwartet Verluste. "
        "Laut Fitchwells Bericht fehlt Kapital."
    )
    assert whole(nlp, text) == [
        ("Fitchwell", "ORG"),
        ("Fitchwell", "ORG"),
        ("Fitchwells", "ORG"),
    ]


def test_the_distinctive_first_word_of_a_long_name(nlp: Language) -> None:
    text = "Die Voltaria Logistik wächst. Voltaria stellt ein."
    got = run(nlp, text, [("Voltaria Logistik", "ORG", "rule")])
    assert got == [("Voltaria Logistik", "ORG"), ("Voltaria", "ORG")]


def test_surname_after_full_name(nlp: Language) -> None:
    text = "Die Ministerin Petra Hollaus sprach. Hollaus sagte, es reiche."
    got = run(nlp, text, [("Petra Hollaus", "PER", "")])
    assert got == [("Petra Hollaus", "PER"), ("Hollaus", "PER")]


@pytest.mark.parametrize(
    "order",
    [
        [("Attex", "PER", ""), ("Attex", "PER", ""), ("Attex", "ORG", "rule")],
        [("Attex", "ORG", "rule"), ("Attex", "PER", ""), ("Attex", "PER", "")],
    ],
)
def test_conflicting_labels_are_resolved_by_evidence_not_order(
    nlp: Language, order: list[tuple[str, str, str]]
) -> None:
    text = "Attex kritisiert den Plan. Attex will klagen. Dann sprach Attex erneut."
    got = run(nlp, text, order)
    assert got == [("Attex", "ORG")] * 3


def test_the_model_does_not_overrule_a_cue(nlp: Language) -> None:
    text = "Lindtner wächst. Lindtner stellt ein."
    got = run(nlp, text, [("Lindtner", "ORG", "rule"), ("Lindtner", "PER", "")])
    assert got == [("Lindtner", "ORG"), ("Lindtner", "ORG")]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Die Sonne scheint auf die Solaranlage.", ("Sonne", "LOC", "")),
        ("Viele zahlen mit Bargeld im Geschäft.", ("Bargeld", "LOC", "")),
        ("Neue Solarparks entstehen im Osten.", ("Solarparks", "LOC", "")),
        ("Heuer wächst die Wirtschaft kaum.", ("Heuer", "PER", "")),
        ("Kompliziert wird es bei den Steuern.", ("Kompliziert", "PER", "")),
        ("Allen gemeinsam ist der Preis.", ("Allen", "PER", "")),
        ("Die Firma nutzt komplexe Computersoftware im Lager.", ("Computersoftware", "PER", "")),
        ("Die menschenleere Halle steht still.", ("Halle", "LOC", "gazetteer")),
        ("Die Zahlen folgen Konzern-Angaben vom Montag.", ("Konzern-Angaben", "LOC", "")),
        # A capitalised adjective and a long compound noun are no surnames.
        ("Die Lage sei gut Dramatischer wäre ein Streik.", ("Dramatischer", "PER", "")),
        ("Für diese Waren soll es Handelskontingente geben.", ("Handelskontingente", "PER", "")),
        # A small place that is also a noun: the noun, even after "aus".
        ("Die Waren kommen aus Übersee.", ("Übersee", "LOC", "gazetteer")),
    ],
)
def test_common_noun_without_evidence_is_dropped(
    nlp: Language, text: str, span: tuple[str, str, str]
) -> None:
    assert run(nlp, text, [span]) == []


@pytest.mark.parametrize(
    ("text", "spans", "kept"),
    [
        # a title, a verb of saying, the full name elsewhere
        ("Das Gutachten von Dr. Koch liegt vor.", [("Koch", "PER", "")], ("Koch", "PER")),
        ("Das sei gut, sagte Wolf am Abend.", [("Wolf", "PER", "")], ("Wolf", "PER")),
        (
            "Peter Koch leitet das Werk. Koch will wachsen.",
            [("Peter Koch", "PER", ""), ("Koch", "PER", "")],
            ("Koch", "PER"),
        ),
        # a place the gazetteer knows after a preposition of place, or the model's place
        ("Die Firma zieht nach Halle um.", [("Halle", "LOC", "gazetteer")], ("Halle", "LOC")),
        ("Die Messe in Essen beginnt.", [("Essen", "LOC", "")], ("Essen", "LOC")),
        # abbreviations and nouns that name organisations
        ("Die EZB senkt den Zins.", [("EZB", "ORG", "")], ("EZB", "ORG")),
        ("Der Bundestag stimmt zu.", [("Bundestag", "ORG", "")], ("Bundestag", "ORG")),
        ("Das Mittelmeer ist warm.", [("Mittelmeer", "LOC", "")], ("Mittelmeer", "LOC")),
        # a name before a noun: "Veltrona" is no German word
        (
            "Das Spiel in der Veltrona-Arena",
            [("Veltrona-Arena", "LOC", "")],
            ("Veltrona-Arena", "LOC"),
        ),
    ],
)
def test_evidence_keeps_a_name(
    nlp: Language, text: str, spans: list[tuple[str, str, str]], kept: tuple[str, str]
) -> None:
    assert kept in run(nlp, text, spans)


def test_common_noun_is_not_propagated(nlp: Language) -> None:
    text = "Die Post erhöht das Porto. Die Post kam spät."
    got = run(nlp, text, [("Post", "ORG", "")])
    assert got == [("Post", "ORG")]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Bargeld", True),
        ("Angaben", True),  # plural of a lemma
        ("Boni", True),  # Latin plural of "Bonus"
        ("Märkte", True),  # umlaut plural
        ("STANDARD", False),  # capitals: a name
        ("Fitchwell", False),
        ("sonne", False),  # lower case: no noun
    ],
)
def test_is_common_noun(word: str, expected: bool) -> None:
    assert is_common_noun(word) is expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Windanlagen", True),
        ("Konzern-Angaben", True),
        ("Antsirabe", False),  # ends in "Rabe", but "Antsi" is no German word
        ("Nordhessen", False),  # ends in a place's name
    ],
)
def test_is_noun_compound(word: str, expected: bool) -> None:
    assert is_noun_compound(word) is expected


def test_the_pipeline_saves_and_loads_with_the_new_components(tmp_path: object) -> None:
    from pathlib import Path

    nlp = spacy.blank("de")
    add_entity_components(nlp)
    nlp.get_pipe("german_entity_consistency").propagate = False  # type: ignore[attr-defined]
    folder = Path(str(tmp_path)) / "pipe"
    nlp.to_disk(folder)
    loaded = spacy.load(folder)
    assert "german_entity_cues" in loaded.pipe_names
    assert loaded.get_pipe("german_entity_consistency").propagate is False  # type: ignore[attr-defined]
