"""Canonical names: base forms, genitive, short forms, spelling variants, surnames."""

from __future__ import annotations

import pytest

from pipeline.extract.entities import (
    Mention,
    canonicalize,
    strip_function_words,
    undo_genitive,
)


def mentions_in(text: str, spans: list[tuple[str, str]]) -> list[Mention]:
    """Mentions for (label, surface) pairs, located left to right in `text`."""
    found, pos = [], 0
    for label, surface in spans:
        start = text.index(surface, pos)
        found.append(Mention(label, surface, start, start + len(surface)))
        pos = start + len(surface)
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("des Fraunhofer-Instituts", "Fraunhofer-Instituts"),
        ("im Ruhrgebiet", "Ruhrgebiet"),
        ("„Hannover Messe“", "Hannover Messe"),
        ("in der Hannover Messe", "Hannover Messe"),
        ("Bochum", "Bochum"),
    ],
)
def test_strip_function_words(text: str, expected: str) -> None:
    assert strip_function_words(text) == expected


@pytest.mark.parametrize(
    ("text", "label", "known", "expected"),
    [
        ("Deutschlands", "LOC", set(), "Deutschland"),
        ("Bochums", "LOC", set(), "Bochum"),
        ("Nordrhein-Westfalens", "LOC", set(), "Nordrhein-Westfalen"),
        ("Mainz", "LOC", set(), "Mainz"),
        ("Paris", "LOC", set(), "Paris"),
        ("Niedersachsen", "LOC", set(), "Niedersachsen"),
        ("Hagen", "LOC", set(), "Hagen"),
        ("Rheinischen Revier", "LOC", set(), "Rheinisches Revier"),
        ("Niederlanden", "LOC", set(), "Niederlande"),
        ("BOCHUM", "LOC", set(), "Bochum"),
        ("Fraunhofer-Instituts", "ORG", set(), "Fraunhofer-Institut"),
        (
            "Fraunhofer-Instituts für Materialfluss und Logistik IML",
            "ORG",
            set(),
            "Fraunhofer-Institut für Materialfluss und Logistik IML",
        ),
        ("Bundesverbands Erneuerbare Energie", "ORG", set(), "Bundesverband Erneuerbare Energie"),
        ("Duisburger Hafens", "ORG", set(), "Duisburger Hafen"),
        ("Westfälischen Wilhelms-Universität", "ORG", set(), "Westfälische Wilhelms-Universität"),
        ("Deutschen Bahn", "ORG", set(), "Deutsche Bahn"),
        ("Evoniks", "ORG", {"Evonik"}, "Evonik"),
        ("Siemens", "ORG", set(), "Siemens"),
        ("Hans", "PER", set(), "Hans"),
        ("Merkels", "PER", {"Merkel"}, "Merkel"),
        ("Marx'", "PER", set(), "Marx"),
    ],
)
def test_undo_genitive(text: str, label: str, known: set[str], expected: str) -> None:
    assert undo_genitive(text, label, known) == expected


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        (
            "Das Ruhr Forschungsinstitut für Innovations- und Strukturpolitik (Rufis) legt "
            "eine Studie vor. Rufis-Chef ... Laut Rufis wächst die Region.",
            [
                ("ORG", "Ruhr Forschungsinstitut für Innovations- und Strukturpolitik"),
                ("ORG", "Rufis"),
                ("ORG", "Rufis"),
            ],
            ["Ruhr Forschungsinstitut für Innovations- und Strukturpolitik"] * 3,
        ),
        (
            "Forscher des Fraunhofer-Instituts für Materialfluss und Logistik IML testen "
            "Drohnen. Das IML kooperiert mit dem Fraunhofer IML in Dortmund.",
            [
                ("ORG", "Fraunhofer-Instituts für Materialfluss und Logistik IML"),
                ("ORG", "IML"),
                ("ORG", "Fraunhofer IML"),
                ("LOC", "Dortmund"),
            ],
            ["Fraunhofer-Institut für Materialfluss und Logistik IML"] * 3 + ["Dortmund"],
        ),
        (
            "Die Industrie- und Handelskammer (IHK) warnt. Die IHK rechnet mit Verlusten.",
            [("ORG", "Industrie- und Handelskammer"), ("ORG", "IHK"), ("ORG", "IHK")],
            ["Industrie- und Handelskammer"] * 3,
        ),
        (
            "Das Horst-Görtz-Institut wächst. Im Horst Görtz Institut arbeiten 300 Menschen.",
            [("ORG", "Horst-Görtz-Institut"), ("ORG", "Horst Görtz Institut")],
            ["Horst-Görtz-Institut"] * 2,
        ),
        (
            "Geschäftsführer Markus Lehmkuhl sagt, Lehmkuhl wolle wachsen. Lehmkuhls Plan steht.",
            [("PER", "Markus Lehmkuhl"), ("PER", "Lehmkuhl"), ("PER", "Lehmkuhls")],
            ["Markus Lehmkuhl"] * 3,
        ),
        (
            "Anna Müller und Peter Müller leiten die Firma. Müller sagt, es laufe gut.",
            [("PER", "Anna Müller"), ("PER", "Peter Müller"), ("PER", "Müller")],
            ["Anna Müller", "Peter Müller", "Müller"],  # two Müllers: no link
        ),
        (
            "Die RWTH Aachen baut. An der RWTH studieren 47.000 Menschen.",
            [("ORG", "RWTH Aachen"), ("ORG", "RWTH")],
            ["RWTH Aachen"] * 2,
        ),
        (
            "Die Bezirksregierung Düsseldorf und der BUND streiten.",
            [("ORG", "Bezirksregierung Düsseldorf"), ("ORG", "BUND")],
            ["Bezirksregierung Düsseldorf", "BUND"],
        ),
        (
            "Die Wirtschaft Deutschlands wächst, in Deutschland steigen die Löhne.",
            [("LOC", "Deutschlands"), ("LOC", "Deutschland")],
            ["Deutschland"] * 2,
        ),
    ],
)
def test_canonicalize(text: str, spans: list[tuple[str, str]], expected: list[str]) -> None:
    assert canonicalize(mentions_in(text, spans), text) == expected


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        (
            # A party in brackets after a person is the party, not the person.
            "Die frühere Ministerin Karin Mosbauer (BZX) sagte aus. Die BZX schweigt.",
            [("PER", "Karin Mosbauer"), ("ORG", "BZX"), ("ORG", "BZX")],
            ["Karin Mosbauer", "BZX", "BZX"],
        ),
        (
            # An abbreviation is never read off a person's name (letters or not).
            "Sozialminister Rudolf Hummer verteidigt den Plan, die SRH stimmt zu.",
            [("PER", "Rudolf Hummer"), ("ORG", "SRH")],
            ["Rudolf Hummer", "SRH"],
        ),
        (
            # Nor across labels: a place's long name does not expand a company's short one.
            "In Sankt Johann Hallein wächst die SJH Logistik, die SJH stellt ein.",
            [("LOC", "Sankt Johann Hallein"), ("ORG", "SJH Logistik"), ("ORG", "SJH")],
            ["Sankt Johann Hallein", "SJH Logistik", "SJH Logistik"],
        ),
        (
            # Letters from inside a one-word name: "VfGH" / "Verfassungsgerichtshof".
            "Der Verfassungsgerichtshof prüft. Der VfGH entscheidet im Herbst.",
            [("ORG", "Verfassungsgerichtshof"), ("ORG", "VfGH")],
            ["Verfassungsgerichtshof"] * 2,
        ),
        (
            "Die Österreichische Kontrollbank wächst. Die Kontrollbank stellt ein.",
            [("ORG", "Österreichische Kontrollbank"), ("ORG", "Kontrollbank")],
            ["Österreichische Kontrollbank"] * 2,
        ),
        (
            # A surname before the full name, and in the genitive.
            "Lindqvist warnt. Finanzministerin Maja Lindqvist sagte, Lindqvists Plan stehe.",
            [("PER", "Lindqvist"), ("PER", "Maja Lindqvist"), ("PER", "Lindqvists")],
            ["Maja Lindqvist"] * 3,
        ),
    ],
)
def test_canonical_fixes(text: str, spans: list[tuple[str, str]], expected: list[str]) -> None:
    assert canonicalize(mentions_in(text, spans), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("des Obersten Gerichtshofs", "Oberster Gerichtshof"),
        ("der Europäischen Zentralbank", "Europäische Zentralbank"),
        ("des Europäischen Statistikamts", "Europäisches Statistikamt"),
        ("der Internationale Währungsfonds", "Internationaler Währungsfonds"),
        ("des Großen Ausschusses", "Großer Ausschuss"),
        ("der Wahren Finnen", "Wahren Finnen"),  # a plural: gender unknown, left alone
    ],
)
def test_multi_word_names_in_the_nominative(text: str, expected: str) -> None:
    mention = Mention("ORG", text, 0, len(text))
    assert canonicalize([mention], text) == [expected]


def test_a_persons_genitive_is_not_a_place() -> None:
    # "Davies" is not the genitive of a place called "Davie".
    assert undo_genitive("Davies", "PER", set()) == "Davies"
