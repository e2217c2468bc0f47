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
