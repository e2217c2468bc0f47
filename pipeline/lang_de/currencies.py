"""Currency names and symbols mapped to ISO 4217 codes.

Source: ISO 4217 code list (SIX Group, amendment 178); German names after Duden.
"""

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
