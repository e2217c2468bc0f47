"""Currency names and symbols mapped to ISO 4217 codes.

Source: ISO 4217 code list (SIX Group, amendment 178); German names after Duden; the
names of all other currencies come from CLDR through babel (BSD licence), see below.
"""

from __future__ import annotations

import unicodedata

# As written in running text; the extractor matches these case-sensitively.
CURRENCIES: dict[str, str] = {
    "Euro": "EUR",
    "EUR": "EUR",
    "€": "EUR",
    "US-Dollar": "USD",
    "US-$": "USD",
    "Dollar": "USD",
    "USD": "USD",
    "$": "USD",
    "Schweizer Franken": "CHF",
    "Franken": "CHF",
    "CHF": "CHF",
    "britische Pfund": "GBP",
    "britischen Pfund": "GBP",
    "Pfund Sterling": "GBP",
    "Pfund": "GBP",
    "GBP": "GBP",
    "£": "GBP",
    "Yen": "JPY",
    "JPY": "JPY",
    "Yuan": "CNY",
    "CNY": "CNY",
}

# Symbols and codes that may also stand before the number ("€ 2,5 Mio.", "EUR 300").
CURRENCIES_BEFORE: dict[str, str] = {
    "€": "EUR",
    "EUR": "EUR",
    "US-$": "USD",
    "$": "USD",
    "USD": "USD",
    "£": "GBP",
    "GBP": "GBP",
    "CHF": "CHF",
}

# Subunits: "50 Cent" is 0.50 EUR.
CURRENCY_SUBUNITS: dict[str, tuple[str, float]] = {
    "Cent": ("EUR", 0.01),
    "Eurocent": ("EUR", 0.01),
}


def _fold(text: str) -> str:
    """ "Złoty" -> "Zloty": German news drops the Polish stroke and other diacritics
    foreign to German (umlauts and ß stay)."""
    keep = "äöüÄÖÜß"
    out = []
    for char in text:
        if char in keep:
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char.replace("ł", "l").replace("Ł", "L"))
        out.append("".join(c for c in base if not unicodedata.combining(c)))
    return "".join(out)


def _babel_names() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """German currency names from CLDR (through babel, BSD licence): every full name and
    plural form ("Polnische Złoty", "Tschechische Kronen") -> ISO code, and each head noun
    ("Zloty", "Kronen") -> the codes it may stand for, current currencies first."""
    from babel import Locale
    from babel.core import get_global
    from babel.numbers import get_territory_currencies

    locale = Locale("de")
    current = {
        code
        for territory in get_global("territory_currencies")
        for code in get_territory_currencies(territory, tender=True)
    }
    plurals = locale._data["currency_names_plural"]
    full: dict[str, str] = {}
    heads: dict[str, list[str]] = {}
    for code, name in locale.currencies.items():
        if code.startswith("X") or len(code) != 3:
            continue  # gold, SDR, test codes: not money in the news
        forms = {name, *dict(plurals.get(code, {})).values()}
        forms |= {_fold(form) for form in forms}
        for form in forms:
            full.setdefault(form, code)
            words = form.split()
            if len(words) > 1 and words[-1][:1].isupper():
                heads.setdefault(words[-1], [])
                if code not in heads[words[-1]]:
                    heads[words[-1]].append(code)
    ordered = {
        head: tuple(sorted(codes, key=lambda c: (c not in current, c)))
        for head, codes in heads.items()
    }
    return full, ordered


# Full German names ("Bulgarischer Lew") and the codes a head noun stands for ("Lew" ->
# ("BGN",), "Kronen" -> ("CZK", "DKK", "NOK", "SEK", ...)).
CURRENCY_FULL_NAMES, CURRENCY_HEADS = _babel_names()

# Plurals German news uses that CLDR does not list (Duden: "Lew, Plural Lewa"; "Leu,
# Plural Lei"; "Lira, Plural Lire"; "Krone, Plural Kronen"); each maps to its singular.
NEWS_PLURALS: dict[str, str] = {
    "Lewa": "Lew",
    "Lei": "Leu",
    "Lire": "Lira",
    "Kronen": "Krone",
    "Dinare": "Dinar",
    "Rupien": "Rupie",
    "Hrywnja": "Hrywnja",
    "Hrywen": "Hrywnja",
}


def _territory_names() -> dict[str, tuple[str, ...]]:
    """ISO code -> German names of the territories that use it today (CLDR via babel), so
    that "Kronen" in an article about Tschechien reads CZK."""
    from babel import Locale
    from babel.core import get_global
    from babel.numbers import get_territory_currencies

    names = Locale("de").territories
    out: dict[str, list[str]] = {}
    for territory in get_global("territory_currencies"):
        if territory not in names or not territory.isalpha():
            continue
        for code in get_territory_currencies(territory, tender=True):
            out.setdefault(code, []).append(names[territory])
    return {code: tuple(found) for code, found in out.items()}


CURRENCY_TERRITORY_NAMES: dict[str, tuple[str, ...]] = _territory_names()

# Where a head noun stands for several currencies and the article names none of their
# countries: the most traded one of that name (BIS Triennial Central Bank Survey 2022,
# turnover by currency). CLDR does not rank them, so this is typed by hand. A head noun
# with neither a country in the article nor a default ("Dinar") keeps an empty unit.
CURRENCY_HEAD_DEFAULTS: dict[str, str] = {
    "Rubel": "RUB",
    "Krone": "SEK",
    "Peso": "MXN",
    "Won": "KRW",
    "Lira": "TRY",
    "Rupie": "INR",
    "Franken": "CHF",
    "Pfund": "GBP",
    "Dollar": "USD",
    "Mark": "DEM",
}
