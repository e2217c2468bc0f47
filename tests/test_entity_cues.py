"""Cues around names: organisation, person and media cues, institutions (no model needed).

Every sentence is written for these tests; the firms and persons are made up.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp.entity_cues import is_institution, is_org_cue, is_person_cue
from pipeline.nlp.entity_rules import add_entity_components


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    add_entity_components(nlp)
    return nlp


def ents(doc: Doc) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in doc.ents]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die US-Ratingagentur Fitchwell stuft drei Banken herab.", ("Fitchwell", "ORG")),
        ("Der Energiekonzern Voltaria streicht 300 Stellen.", ("Voltaria", "ORG")),
        ("Der Wäscheriese Lindtner eröffnet eine Filiale.", ("Lindtner", "ORG")),
        ("Die Zahlen des Versicherers Helvara sind gut.", ("Helvara", "ORG")),
        ("Die Handelskette Brixner sperrt zu.", ("Brixner", "ORG")),
        ("Der Brandauer-Konzern meldet einen Gewinn.", ("Brandauer-Konzern", "ORG")),
        (
            "Die Arbeiterkammer Oberösterreich kritisiert den Plan.",
            ("Arbeiterkammer Oberösterreich", "ORG"),
        ),
        ("Der Verkehrsclub Tirol warnt vor Staus.", ("Verkehrsclub Tirol", "ORG")),
    ],
)
def test_organisation_cue_names_the_organisation(
    nlp: Language, text: str, expected: tuple[str, str]
) -> None:
    assert expected in ents(nlp(text))


@pytest.mark.parametrize(
    ("text", "not_expected"),
    [
        # A noun after the cue is no name, also in a verb-final clause.
        ("Weil der Konzern Stellen abbaut, protestiert die Belegschaft.", "Stellen"),
        ("Die Preise der Ausgabengruppe Verkehr stiegen kaum.", "Verkehr"),
        # A genitive place after the cue says where, not who.
        ("Der größte Energieversorger Österreichs erhöht die Preise.", "Österreichs"),
        # The cue word is part of a longer name: no name starts after it.
        ("Die Raiffeisen Bank Moravia meldet einen Verlust.", "Moravia"),
        # A full person name after an organisation cue stays with the person cue.
        ("Der Investor Gernot Pichler kauft zu.", "Gernot Pichler"),
    ],
)
def test_organisation_cue_does_not_fire(nlp: Language, text: str, not_expected: str) -> None:
    assert (not_expected, "ORG") not in ents(nlp(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Konzernchef Markus Feldbacher kündigte den Umbau an.", "Markus Feldbacher"),
        ("Das sagte VCÖ-Expertin Ulrike Brandstätter am Montag.", "Ulrike Brandstätter"),
        ("Finanzministerin Petra Hollaus legt das Budget vor.", "Petra Hollaus"),
        ("Sprecher Dr. Lukas Weinmann bestätigte den Bericht.", "Lukas Weinmann"),
        (
            "Das sagte der Staatssekretär im Wirtschaftsministerium, Jonas Pichlbauer, am Montag.",
            "Jonas Pichlbauer",
        ),
    ],
)
def test_person_cue_names_the_person(nlp: Language, text: str, expected: str) -> None:
    assert (expected, "PER") in ents(nlp(text))


def test_person_cue_cuts_the_role_off_a_span() -> None:
    nlp = spacy.blank("de")
    add_entity_components(nlp)
    doc = nlp.make_doc("Dann sprach Konzernchef Georg Wallner über die Zukunft.")
    doc.ents = [Span(doc, 2, 5, label="ORG")]  # the model's "Konzernchef Georg Wallner"
    doc = nlp.get_pipe("german_entity_cues")(doc)
    assert ents(doc) == [("Georg Wallner", "PER")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Das sagte Anna Gruber, Chefökonomin der Norvanta.", ("Norvanta", "ORG")),
        ("Martina Eder, Logistikchefin bei Kastelruth, ist zufrieden.", ("Kastelruth", "ORG")),
    ],
)
def test_role_before_employer(nlp: Language, text: str, expected: tuple[str, str]) -> None:
    assert expected in ents(nlp(text))


@pytest.mark.parametrize(
    ("text", "not_expected"),
    [
        ("Der Sprecher der Stadt sagte nichts.", ("Stadt", "ORG")),
        ("Das sagte der Polizeichef von Innsbruck am Abend.", ("Innsbruck", "ORG")),
        ("Weil der Geschäftsführer Urlaub hatte, ruhte die Arbeit.", ("Urlaub", "PER")),
        ("Das sagen die führenden Wirtschaftsforscher Deutschlands.", ("Deutschlands", "PER")),
    ],
)
def test_person_cue_does_not_fire(nlp: Language, text: str, not_expected: tuple[str, str]) -> None:
    assert not_expected not in ents(nlp(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Das sagte er dem STADTKURIER.", ("STADTKURIER", "ORG")),
        ("Die Umsätze sanken laut Bloomfield deutlich.", ("Bloomfield", "ORG")),
        ("Die Ergebnisse liegen dem BOTEN vor.", ("BOTEN", "ORG")),  # a masthead in capitals
    ],
)
def test_media_cue(nlp: Language, text: str, expected: tuple[str, str]) -> None:
    assert expected in ents(nlp(text))


@pytest.mark.parametrize(
    "text",
    [
        "Die Umsätze sanken laut Experten deutlich.",
        "Die Umsätze sanken laut Angaben des Verbands.",
        "Das sagte er dem Reporter.",
        "DIE ZUKUNFT DER ARBEIT beginnt heute.",  # a heading in capitals
    ],
)
def test_media_cue_ignores_common_nouns(nlp: Language, text: str) -> None:
    assert [e for e in nlp(text).ents if e.label_ == "ORG"] == []


def test_party_in_brackets_after_a_person_is_an_organisation(nlp: Language) -> None:
    found = ents(nlp("Die Ministerin Karin Mosbauer (BZX) trat zurück."))
    assert ("Karin Mosbauer", "PER") in found
    assert ("BZX", "ORG") in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Der Verfassungsgerichtshof hob das Gesetz auf.", "Verfassungsgerichtshof"),
        ("Die EU-Kommission prüft den Fall.", "EU-Kommission"),
        ("Laut einem Sprecher des Justizministeriums ist alles klar.", "Justizministeriums"),
        ("Die Bundeswettbewerbsbehörde ermittelt.", "Bundeswettbewerbsbehörde"),
        ("Das Landesgericht Salzburg verurteilte den Mann.", "Landesgericht Salzburg"),
        ("Die Graz Energie erhöht die Tarife.", "Graz Energie"),
    ],
)
def test_institutions_and_municipal_companies(nlp: Language, text: str, expected: str) -> None:
    assert (expected, "ORG") in ents(nlp(text))


@pytest.mark.parametrize(
    "text",
    [
        "Die Hausbank lehnte den Kredit ab.",
        "Die Landesbanken verloren Geld.",
        "Wer in Graz Energie spart, zahlt weniger.",
    ],
)
def test_no_institution(nlp: Language, text: str) -> None:
    assert [e for e in nlp(text).ents if e.label_ == "ORG"] == []


def test_person_with_a_company_word_is_a_company() -> None:
    nlp = spacy.blank("de")
    add_entity_components(nlp)
    doc = nlp.make_doc("Die Harbin Lotus Entertainment kauft ein Studio.")
    doc.ents = [Span(doc, 1, 4, label="PER")]
    doc = nlp.get_pipe("german_entity_cues")(doc)
    assert ents(doc) == [("Harbin Lotus Entertainment", "ORG")]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Ratingagentur", True),
        ("Energiekonzerns", True),
        ("Wäscheriese", True),
        ("Riese", False),  # only inside a compound
        ("Datenbank", False),
        ("Kraftwerk", False),
        ("konzern", False),  # lower case: no noun
    ],
)
def test_is_org_cue(word: str, expected: bool) -> None:
    assert is_org_cue(word) is expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Konzernchef", True),
        ("Logistikchefin", True),
        ("IHS-Mann", True),
        ("Mann", False),
        ("Hartmann", False),
    ],
)
def test_is_person_cue(word: str, expected: bool) -> None:
    assert is_person_cue(word) is expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Verfassungsgerichtshof", True),
        ("Nationalbank", True),
        ("Eurogruppe", True),
        ("Nationalrat", True),
        ("Landesrat", False),  # a person
        ("Zielgruppe", False),
        ("Amtsgericht", False),
        ("Bundesregierung", False),
    ],
)
def test_is_institution(word: str, expected: bool) -> None:
    assert is_institution(word) is expected


def test_research_organisations_from_ror_when_switched_on() -> None:
    nlp = spacy.blank("de")
    add_entity_components(nlp)
    nlp.get_pipe("german_org_gazetteer").match = True  # type: ignore[attr-defined]
    doc = nlp("Forscher des Alfred-Wegener-Institut messen das Eis.")
    assert ("Alfred-Wegener-Institut", "ORG") in ents(doc)


def test_ror_list_keeps_no_plain_word() -> None:
    from pipeline.nlp.lexicon import is_common_noun
    from pipeline.nlp.org_gazetteer import read_names

    names = read_names()
    assert len(names) > 1000
    assert not [n for n in names if " " not in n and is_common_noun(n)]
    assert "Land Nordrhein-Westfalen" not in names
