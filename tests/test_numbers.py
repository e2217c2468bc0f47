"""German numerals: digits, number words and scale words (pipeline.extract.numbers)."""

from __future__ import annotations

import pytest

from pipeline.extract.numbers import (
    multiply,
    parse_digits,
    parse_number,
    parse_number_word,
    parse_quantity,
    scale_factor,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7", 7.0),
        ("120", 120.0),
        ("1987", 1987.0),
        ("1.000", 1000.0),  # "." groups thousands in German
        ("1.000.000", 1_000_000.0),
        ("31.842", 31842.0),
        ("2,5", 2.5),  # "," is the decimal mark
        ("0,4", 0.4),
        ("1.234,56", 1234.56),
        ("10 000", 10000.0),
        ("10\u00a0000", 10000.0),  # no-break space
        ("10\u2009000", 10000.0),  # thin space
        ("10\u202f000", 10000.0),  # narrow no-break space
        ("1 250 000", 1_250_000.0),
        ("38,7", 38.7),
        (" 42 ", 42.0),
    ],
)
def test_parse_digits(text: str, expected: float) -> None:
    assert parse_digits(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text",
    [
        "1.5",  # an English decimal or a version, never a German number
        "4.0",
        "14.30",
        "1.00",
        "10 00",
        "2,",
        "abc",
        "",
        "12.04.2016",
    ],
)
def test_parse_digits_rejects(text: str) -> None:
    assert parse_digits(text) is None


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("null", 0),
        ("eins", 1),
        ("zwei", 2),
        ("sechs", 6),
        ("zehn", 10),
        ("elf", 11),
        ("zwölf", 12),
        ("sechzehn", 16),
        ("siebzehn", 17),
        ("zwanzig", 20),
        ("dreißig", 30),
        ("siebzig", 70),
        ("einundzwanzig", 21),
        ("dreiundzwanzig", 23),
        ("neunundneunzig", 99),
        ("hundert", 100),
        ("einhundert", 100),
        ("hundertzwanzig", 120),
        ("hundertundeins", 101),
        ("zweihundertfünfzig", 250),
        ("neunhundertneunundneunzig", 999),
        ("tausend", 1000),
        ("eintausend", 1000),
        ("eintausendzweihundert", 1200),
        ("zweitausendvierundzwanzig", 2024),
        ("zwölftausend", 12000),
        ("dreihunderttausend", 300_000),
        ("Dreiundzwanzig", 23),  # sentence-initial capital
        ("anderthalb", 1.5),
        ("eineinhalb", 1.5),
        ("zweieinhalb", 2.5),
        ("dreieinhalb", 3.5),
    ],
)
def test_parse_number_word(word: str, expected: float) -> None:
    assert parse_number_word(word) == expected


@pytest.mark.parametrize(
    "word",
    ["ein", "und", "undzwanzig", "zweite", "hunderte", "Tausende", "zwanzigdrei", "Mitarbeiter"],
)
def test_parse_number_word_rejects(word: str) -> None:
    assert parse_number_word(word) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2,5 Mio.", 2_500_000.0),
        ("2,5 Millionen", 2_500_000.0),
        ("eine Million", 1_000_000.0),
        ("zwei Milliarden", 2_000_000_000.0),
        ("1,2 Mrd.", 1_200_000_000.0),
        ("3 Billionen", 3_000_000_000_000.0),  # German Billion = 10^12
        ("5 Tsd.", 5000.0),
        ("ein Dutzend", 12.0),
        ("zwei Dutzend", 24.0),
        ("anderthalb Millionen", 1_500_000.0),
        ("eine halbe Million", 500_000.0),
        ("8,2 Mio.", 8_200_000.0),
        ("450", 450.0),
    ],
)
def test_parse_quantity(text: str, expected: float) -> None:
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("text", ["ein", "eine", "2,5 Prozent", "eine Firma", ""])
def test_parse_quantity_rejects(text: str) -> None:
    assert parse_quantity(text) is None


@pytest.mark.parametrize(
    ("word", "factor"),
    [
        ("Mio.", 10**6),
        ("Mio", 10**6),
        ("Millionen", 10**6),
        ("Mrd.", 10**9),
        ("Tausend", 10**3),
        ("Billion", 10**12),
        ("Dutzend", 12),
        ("Euro", None),
    ],
)
def test_scale_factor(word: str, factor: int | None) -> None:
    assert scale_factor(word) == factor


def test_multiply_has_no_binary_noise() -> None:
    assert multiply(2.3, 1_000_000) == 2_300_000.0


@pytest.mark.parametrize(("text", "expected"), [("1.000", 1000.0), ("dreiundzwanzig", 23.0)])
def test_parse_number_reads_digits_and_words(text: str, expected: float) -> None:
    assert parse_number(text) == expected
