"""Organisation rules, gazetteer spans, merge policies and the entity filter (no model needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp.entity_rules import (
    _merge,
    add_entity_components,
    is_abbreviation_of,
    span_source,
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = spacy.blank("de")
    add_entity_components(nlp)
    return nlp


def ents(doc: Doc) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in doc.ents]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die Evonik Industries AG baut in Marl aus.", "Evonik Industries AG"),
        ("Die Müller & Söhne GmbH & Co. KG stellt ein.", "Müller & Söhne GmbH & Co. KG"),
        ("Der Förderverein Pro Ruhrgebiet e.V. lädt ein.", "Pro Ruhrgebiet e.V."),
        ("Die Volksbank Bochum Witten eG wächst.", "Volksbank Bochum Witten eG"),
        (
            "Die Gesellschaft für Wirtschaftsförderung mbH hilft.",
            "Gesellschaft für Wirtschaftsförderung mbH",
        ),
        (
            "Forscher des Fraunhofer-Instituts für Materialfluss und Logistik IML testen Drohnen.",
            "Fraunhofer-Instituts für Materialfluss und Logistik IML",
        ),
        (
            "Das Max-Planck-Institut für Cybersicherheit und Privatsphäre zieht um.",
            "Max-Planck-Institut für Cybersicherheit und Privatsphäre",
        ),
        ("Studierende der Ruhr-Universität Bochum gründen.", "Ruhr-Universität Bochum"),
        ("Die Technische Universität Dortmund forscht.", "Technische Universität Dortmund"),
        ("An der Hochschule Bochum beginnt das Semester.", "Hochschule Bochum"),
        ("Die IHK Mittleres Ruhrgebiet meldet Zuwachs.", "IHK Mittleres Ruhrgebiet"),
        ("Die Stadtwerke Bochum senken die Preise.", "Stadtwerke Bochum"),
        ("Das NRW-Wirtschaftsministerium fördert das Projekt.", "NRW-Wirtschaftsministerium"),
        (
            "Laut Bundesamt für Sicherheit in der Informationstechnik steigt die Zahl.",
            "Bundesamt für Sicherheit in der Informationstechnik",
        ),
        ("Die Bundesnetzagentur genehmigt das Netz.", "Bundesnetzagentur"),
    ],
)
def test_organisation_rules(nlp: Language, text: str, expected: str) -> None:
    found = [e for e in nlp(text).ents if e.label_ == "ORG"]
    assert [e.text for e in found] == [expected]
    assert span_source(found[0]) == "rule"


@pytest.mark.parametrize(
    "text",
    [
        "Die AG hat beschlossen, die Dividende zu erhöhen.",
        "Das Forschungszentrum für Batterietechnik ist noch im Bau.",
        "Sie arbeitet bei einer GmbH in der Nähe.",
        "Die KI hilft der IT bei der Arbeit.",
    ],
)
def test_no_organisation_in_ordinary_words(nlp: Language, text: str) -> None:
    assert [e.text for e in nlp(text).ents if e.label_ == "ORG"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Der Konzern ThyssenKrupp streicht Stellen.", ["ThyssenKrupp"]),
        ("Die BibliothekarInnen streiken.", []),
        ("Senator McCain reist an.", []),
    ],
)
def test_camel_case_rule_when_switched_on(text: str, expected: list[str]) -> None:
    nlp = spacy.blank("de")
    add_entity_components(nlp, rules_config={"camel_case": True})
    assert [e.text for e in nlp(text).ents if e.label_ == "ORG"] == expected


def test_camel_case_rule_is_off_by_default(nlp: Language) -> None:
    # No cue word before the name: "Der Konzern ThyssenKrupp" is found by the cue rule.
    assert [e.text for e in nlp("Heute streicht ThyssenKrupp Stellen.").ents] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Der Energieversorger STEAG verkauft Kraftwerke.", ["STEAG"]),
        ("Die KI hilft der IT bei der Arbeit.", []),
        ("Die Reederei MSC und die HHLA verhandeln.", ["MSC", "HHLA"]),
    ],
)
def test_all_caps_rule_when_switched_on(text: str, expected: list[str]) -> None:
    nlp = spacy.blank("de")
    add_entity_components(nlp, rules_config={"all_caps": True})
    assert [e.text for e in nlp(text).ents if e.label_ == "ORG"] == expected


def test_abbreviation_in_brackets_is_own_span_and_recurs(nlp: Language) -> None:
    doc = nlp(
        "Die Industrie- und Handelskammer (IHK) warnt. Später sagte die IHK, sie sei zufrieden."
    )
    assert ents(doc) == [
        ("Industrie- und Handelskammer", "ORG"),
        ("IHK", "ORG"),
        ("IHK", "ORG"),
    ]


def test_trailing_abbreviation_recurs_alone(nlp: Language) -> None:
    doc = nlp("Das Fraunhofer-Institut für Materialfluss und Logistik IML testet. Das IML wächst.")
    assert ents(doc)[-1] == ("IML", "ORG")


def test_lower_case_short_form_needs_initials(nlp: Language) -> None:
    doc = nlp(
        "Laut Ruhr Forschungsinstitut für Innovations- und Strukturpolitik (Rufis) wächst "
        "die Region."
    )
    assert ("Rufis", "ORG") in ents(doc)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Unternehmen im Ruhrgebiet und im Münsterland investieren.",
            [("Ruhrgebiet", "LOC"), ("Münsterland", "LOC")],
        ),
        ("Die Lage in Essen bleibt angespannt.", [("Essen", "LOC")]),
        ("Der Hafen von Mülheim an der Ruhr wächst.", [("Mülheim an der Ruhr", "LOC")]),
        ("Investoren aus Deutschlands Nachbarländern kommen.", [("Deutschlands", "LOC")]),
        ("BOCHUM. Die Zahl der Gründungen steigt.", [("BOCHUM", "LOC")]),
        (
            "Die Region Emscher-Lippe und Ostwestfalen-Lippe werben.",
            [("Emscher-Lippe", "LOC"), ("Ostwestfalen-Lippe", "LOC")],
        ),
        (
            "Exporte nach Frankreich und in die Niederlande legen zu.",
            [("Frankreich", "LOC"), ("Niederlande", "LOC")],
        ),
        ("Das steht auf der Welt im Mittelpunkt.", []),
    ],
)
def test_gazetteer_places(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    doc = nlp(text)
    assert ents(doc) == expected
    assert all(span_source(e) == "gazetteer" for e in doc.ents)


def test_place_inside_organisation_stays_organisation(nlp: Language) -> None:
    assert ents(nlp("Die Stadtwerke Bochum senken die Preise.")) == [("Stadtwerke Bochum", "ORG")]


def test_surname_alone_after_full_name_is_person() -> None:
    nlp = spacy.blank("de")
    add_entity_components(nlp)
    doc = nlp.make_doc("Markus Lehmkuhl gründete die Firma. Lehmkuhl ist zufrieden.")
    doc.ents = [Span(doc, 0, 2, label="PER")]
    for _, pipe in nlp.pipeline:
        doc = pipe(doc)
    assert ents(doc) == [("Markus Lehmkuhl", "PER"), ("Lehmkuhl", "PER")]


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("off", [(0, 1, "ORG")]),
        ("fill", [(0, 1, "ORG"), (4, 5, "LOC")]),
        ("extend", [(0, 3, "ORG"), (4, 5, "LOC")]),
        ("overwrite", [(0, 3, "ORG"), (4, 5, "LOC")]),
    ],
)
def test_merge_policies(policy: str, expected: list[tuple[int, int, str]]) -> None:
    doc = spacy.blank("de").make_doc("Evonik Industries AG in Marl")
    model = [Span(doc, 0, 1, label="ORG")]
    rules = [Span(doc, 0, 3, label="ORG"), Span(doc, 4, 5, label="LOC")]
    merged = _merge(model, rules, policy)
    assert [(s.start, s.end, s.label_) for s in merged] == expected


def test_extend_keeps_model_span_that_rule_only_overlaps() -> None:
    doc = spacy.blank("de").make_doc("Stadtwerke Bochum GmbH Verwaltung")
    model = [Span(doc, 1, 4, label="ORG")]
    merged = _merge(model, [Span(doc, 0, 2, label="ORG")], "extend")
    assert [(s.start, s.end) for s in merged] == [(1, 4)]


@pytest.mark.parametrize(
    ("label", "words", "expected"),
    [
        ("PER", "Geschäftsführer Dr. Hans Müller", "Hans Müller"),
        ("PER", "Hallo Anna Schmidt", "Anna Schmidt"),
        ("PER", "Professor Karin Weber", "Karin Weber"),
        ("ORG", "des Fraunhofer-Instituts", "Fraunhofer-Instituts"),
        ("LOC", "Bochum ,", "Bochum"),
        ("LOC", "„ Dortmund “", "Dortmund"),
        ("ORG", "Gashändler Uniper", "Uniper"),
        ("ORG", "Bundesverband deutscher Banken", "Bundesverband deutscher Banken"),
        ("LOC", "Halle ( Saale )", "Halle ( Saale )"),
        ("ORG", "Yahoo !", "Yahoo !"),
        ("LOC", "Universitätsstraße 150", "Universitätsstraße"),
    ],
)
def test_filter_trims_edges(label: str, words: str, expected: str) -> None:
    nlp = spacy.blank("de")
    nlp.add_pipe("german_entity_filter")
    tokens = ["Heute", "sprach", *words.split(), "dazu", "."]
    doc = Doc(nlp.vocab, words=tokens)
    doc.ents = [Span(doc, 2, 2 + len(words.split()), label=label)]
    doc = nlp.get_pipe("german_entity_filter")(doc)
    assert [e.text for e in doc.ents] == [expected]


@pytest.mark.parametrize(
    ("label", "words"),
    [
        ("ORG", "März"),
        ("ORG", "1. Juli"),
        ("PER", "Geschäftsführer"),
        ("MISC", "Euro"),
        ("MISC", "€ 95 Mio."),
        ("ORG", "Digitalisierung"),
        ("LOC", "„ ,"),
    ],
)
def test_filter_drops_non_names(label: str, words: str) -> None:
    nlp = spacy.blank("de")
    nlp.add_pipe("german_entity_filter")
    tokens = ["Im", *words.split(), "stieg", "es", "."]
    doc = Doc(nlp.vocab, words=tokens)
    doc.ents = [Span(doc, 1, 1 + len(words.split()), label=label)]
    assert list(nlp.get_pipe("german_entity_filter")(doc).ents) == []


def test_postcode_is_cut_and_place_labelled() -> None:
    nlp = spacy.blank("de")
    nlp.add_pipe("german_entity_filter")
    doc = Doc(nlp.vocab, words=["Adresse", ":", "44801", "Bochum", "."])
    doc.ents = [Span(doc, 2, 4, label="MISC")]
    assert ents(nlp.get_pipe("german_entity_filter")(doc)) == [("Bochum", "LOC")]


@pytest.mark.parametrize(
    ("short", "long", "expected"),
    [
        ("IHK", "Industrie- und Handelskammer", True),
        ("Rufis", "Ruhr Forschungsinstitut für Innovations- und Strukturpolitik", True),
        ("IML", "Fraunhofer-Institut für Materialfluss und Logistik", True),
        ("HGI", "Horst Görtz Institut", True),
        ("BMBF", "Bundesministerium für Bildung und Forschung", True),
        ("BUND", "Bezirksregierung Düsseldorf", False),
        ("IHK", "Stadtwerke Bochum", False),
        ("X", "Xylem Water", False),
    ],
)
def test_is_abbreviation_of(short: str, long: str, expected: bool) -> None:
    assert is_abbreviation_of(short, long) is expected


def test_components_follow_ner_when_there_is_one() -> None:
    nlp = spacy.blank("de")
    nlp.add_pipe("ner")
    nlp.add_pipe("sentencizer")
    add_entity_components(nlp)
    add_entity_components(nlp)  # a second call changes nothing
    assert nlp.pipe_names == [
        "ner",
        "german_org_rules",
        "german_gazetteer",
        "german_entity_rules",
        "german_entity_filter",
        "german_entity_cues",
        "german_org_gazetteer",
        "german_entity_consistency",
        "sentencizer",
    ]


def test_pipeline_round_trips_through_disk(nlp: Language, tmp_path: Path) -> None:
    text = "Die Stadtwerke Bochum und die IHK Mittleres Ruhrgebiet treffen sich in Herne."
    nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    assert ents(loaded(text)) == ents(nlp(text))
