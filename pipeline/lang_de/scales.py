"""Scale words and their abbreviations, and the vague plural number nouns.

Source: Duden, "Million", "Milliarde", "Billion" (long scale: a German Billion is 10^12);
abbreviations after DIN 5008 and Duden "Abkürzungen" (Tsd., Mio., Mrd., Bio.).
"""

# Multipliers of the words that follow a number ("2,5 Mio.", "zwei Milliarden").
SCALE_WORDS: dict[str, int] = {
    "Tsd.": 10**3,
    "Tsd": 10**3,
    "Tausend": 10**3,
    "tausend": 10**3,
    "Mio.": 10**6,
    "Mio": 10**6,
    "Million": 10**6,
    "Millionen": 10**6,
    "Mrd.": 10**9,
    "Mrd": 10**9,
    "Milliarde": 10**9,
    "Milliarden": 10**9,
    "Bio.": 10**12,
    "Billion": 10**12,
    "Billionen": 10**12,
    "Dutzend": 12,
    # Lower case in sloppy or all-lower text ("eine milliarde").
    "million": 10**6,
    "millionen": 10**6,
    "milliarde": 10**9,
    "milliarden": 10**9,
    "billion": 10**12,
    "billionen": 10**12,
}

# Plural number nouns without a number in front state a vague amount ("Tausende
# Besucher", "Millionen von Arbeitnehmern"); both capitalisations are correct since 2006
# (Amtliches Regelwerk § 58 E5).
VAGUE_NUMBER_WORDS: frozenset[str] = frozenset(
    {
        "Dutzende",
        "dutzende",
        "Hunderte",
        "hunderte",
        "Tausende",
        "tausende",
        "Zehntausende",
        "zehntausende",
        "Hunderttausende",
        "hunderttausende",
        "Millionen",
        "Milliarden",
        # dative plurals ("mit Hunderttausenden Beschäftigten", "von Dutzenden Milliarden")
        "Dutzenden",
        "dutzenden",
        "Hunderten",
        "hunderten",
        "Tausenden",
        "tausenden",
        "Zehntausenden",
        "zehntausenden",
        "Hunderttausenden",
        "hunderttausenden",
        # "zigtausende Kunden", "Abertausende" (Duden: "zig", "abertausend")
        "zigtausende",
        "Zigtausende",
        "zigtausenden",
        "Zigtausenden",
        "Abertausende",
        "abertausende",
        "Aberhunderte",
        "aberhunderte",
    }
)
# Indefinite quantifiers that make a following scale word vague ("mehrere Millionen Euro").
VAGUE_QUANTIFIERS: frozenset[str] = frozenset({"mehrere", "einige", "etliche", "viele"})
