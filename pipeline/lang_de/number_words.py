"""German cardinal number words and the morphemes compounds are built from.

Source: Duden, Die Grammatik (9th ed.), §§ 509-516 "Kardinalzahlen"; spelling after the
Amtliches Regelwerk 2006 § 36 (cardinals below one million are written as one word:
"dreiundzwanzig", "zweihundertfünfzig", "eintausendzweihundert").
"""

# Values of the words that stand alone; "eins" is the counting form, "ein" only occurs
# inside compounds ("einundzwanzig", "einhundert") or as the article.
UNIT_WORDS: dict[str, int] = {
    "null": 0,
    "eins": 1,
    "zwei": 2,
    "zwo": 2,  # spoken form, used in quotes
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
}

# Units as they appear as the first part of a compound ("einundzwanzig", "einhundert").
COMPOUND_UNIT_WORDS: dict[str, int] = {
    "ein": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
}

TEEN_WORDS: dict[str, int] = {
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "dreizehn": 13,
    "vierzehn": 14,
    "fünfzehn": 15,
    "sechzehn": 16,
    "siebzehn": 17,
    "achtzehn": 18,
    "neunzehn": 19,
}

TENS_WORDS: dict[str, int] = {
    "zwanzig": 20,
    "dreißig": 30,
    "dreissig": 30,  # Swiss spelling without ß
    "vierzig": 40,
    "fünfzig": 50,
    "sechzig": 60,
    "siebzig": 70,
    "achtzig": 80,
    "neunzig": 90,
}

# "drei-und-zwanzig": units come before tens, joined by "und".
COMPOUND_JOINER = "und"
HUNDRED_WORD = "hundert"
THOUSAND_WORD = "tausend"

# Fractions written as one word: "anderthalb" is 1.5 (Duden: "anderthalb = eineinhalb");
# "<n>einhalb" adds one half to a cardinal ("zweieinhalb" = 2.5).
FRACTION_WORDS: dict[str, float] = {
    "anderthalb": 1.5,
    "einhalb": 0.5,
    "dreiviertel": 0.75,  # Duden: "dreiviertel" (also "drei Viertel")
}
HALF_SUFFIX = "einhalb"

# Article forms that count as "one" only before a scale word or a unit
# ("eine Million", "ein Dutzend", "ein Prozent"); otherwise they are the article.
INDEFINITE_ARTICLES: frozenset[str] = frozenset({"ein", "eine", "einen", "einem", "einer", "eines"})
# "eine halbe Million": the article plus "halbe" is one half.
HALF_ADJECTIVES: frozenset[str] = frozenset({"halbe", "halben", "halber"})
# "ein halbes Dutzend" (6); "ein gutes Dutzend", "eine knappe Million": approximate.
HALF_NEUTER: frozenset[str] = frozenset({"halbes"})
APPROX_ADJECTIVES: frozenset[str] = frozenset(
    {"gutes", "gute", "guten", "guter", "knappes", "knappe", "knappen", "knapper"}
)

# Fraction nouns (Duden Grammatik § 517 "Bruchzahlen": cardinal + "-tel", "-stel" from 20
# on; "Hälfte" for one half). Value = numerator / denominator.
FRACTION_NOUNS: dict[str, int] = {
    "Drittel": 3,
    "Viertel": 4,
    "Fünftel": 5,
    "Sechstel": 6,
    "Siebtel": 7,
    "Achtel": 8,
    "Neuntel": 9,
    "Zehntel": 10,
    "Zwanzigstel": 20,
    "Hundertstel": 100,
    "Tausendstel": 1000,
}
HALF_NOUN = "Hälfte"
# The article that belongs to "die Hälfte" (econ_dev NOTES: "die" is in the span).
HALF_ARTICLES: frozenset[str] = frozenset({"die", "der", "Die", "Der"})

# Genitive forms of two and three ("zweier Auslandsbeteiligungen"; Duden Grammatik § 513),
# lower case only: "Zweier" and "Dreier" are nouns.
GENITIVE_NUMBER_WORDS: dict[str, int] = {"zweier": 2, "dreier": 3}

# "zweitausendeinhundert Komma fünf" = 2100.5: the decimal mark spoken out.
DECIMAL_WORD = "komma"
