"""Words around a number that decide whether it is a figure, a year, an ordinal or a label.

Source: docs/ANNOTATION.md "Not figures"; DIN 5008 for addresses, phone numbers and
times; street-name suffixes after the Deutsche Post street directory's common endings.
All lower case; the extractor compares lower-cased words.
"""

# A number right after one of these is a label, not a figure ("§ 3", "Absatz 2",
# "Tel. 0234 ...", "Windows 11", "Industrie 4.0", "auf Platz 3", "Linie 5").
LABEL_WORDS_BEFORE: frozenset[str] = frozenset(
    {
        "§", "§§", "absatz", "abs.", "artikel", "art.", "art", "az.", "gz.",
        "paragraf", "paragraph",
        "kapitel", "ziffer", "nr.", "nummer", "no.",
        "telefon", "tel.", "tel", "fax", "telefax", "mobil", "hotline",
        "windows", "industrie", "version", "v.", "web", "iphone", "ios", "android",
        "ps", "galaxy", "office", "level", "stufe", "phase",
        "platz", "rang", "gleis", "zimmer", "raum", "saal", "halle", "tor", "etage",
        "linie", "kw", "kalenderwoche", "postfach", "haus", "bundesstraße", "autobahn",
        "hausnummer", "gebäude", "block", "bauteil", "modul", "teil", "folge", "staffel",
    }
)
# Road, rail and line letters before a number; case-sensitive ("A 40", "B 1", "S 1").
LABEL_LETTERS_BEFORE: frozenset[str] = frozenset({"A", "B", "L", "K", "S", "U"})

# The house number after a street name: a capitalised word ending in one of these.
STREET_SUFFIXES: tuple[str, ...] = (
    "straße", "strasse", "str.", "weg", "allee", "platz", "ring", "gasse", "damm",
    "ufer", "chaussee", "pfad", "steig", "wall", "markt", "hof", "kamp", "graben",
)

# A number right before these is not a figure ("um 10 Uhr").
LABEL_WORDS_AFTER: frozenset[str] = frozenset({"uhr"})

# "3." before one of these nouns is an ordinal ("3. Platz", "2. Bundesliga", "zum 5. Mal").
ORDINAL_NOUNS: frozenset[str] = frozenset(
    {
        "platz", "mal", "bundesliga", "liga", "runde", "spieltag", "quartal", "halbjahr",
        "jahrhundert", "jahrtausend", "stock", "etage", "obergeschoss", "auflage",
        "ausgabe", "jahrestag", "geburtstag", "klasse", "stelle", "rang", "lauf",
        "bauabschnitt", "stufe", "kammer", "senat", "sitzung", "wahlgang", "akt",
    }
)
# An article or contracted preposition before "3." makes it an ordinal ("den 3. Platz").
ORDINAL_LEADERS: frozenset[str] = frozenset(
    {
        "der", "die", "das", "den", "dem", "des", "zum", "zur", "am", "im", "beim", "vom",
        "ins", "sein", "seine", "seinem", "seinen", "ihr", "ihre", "ihrem", "ihren",
        "unser", "unsere", "jeder", "jede", "jedes", "dieser", "diese", "dieses",
    }
)

# Words before a four-digit number from 1800 to 2099 that make it a year even if a noun
# follows ("seit 2015", "im Jahr 2021", "Ende 2020").
YEAR_STRONG_CONTEXT: frozenset[str] = frozenset(
    {
        "jahr", "jahre", "jahres", "im", "seit", "bis", "ab", "ende", "anfang", "mitte",
        "frühjahr", "frühling", "sommer", "herbst", "winter", "geschäftsjahr",
        "geschäftsjahres", "wirtschaftsjahr", "haushaltsjahr", "saison", "jahrgang",
        "jahreswechsel", "quartal", "halbjahr", "januar", "februar", "märz", "april",
        "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember",
        "jänner",
    }
)
# Words before such a number that make it a year only if no counted noun follows
# ("in 2020" is a year, "in 2000 Haushalten" is not).
YEAR_WEAK_CONTEXT: frozenset[str] = frozenset(
    {"von", "vom", "zwischen", "in", "nach", "vor", "bereits", "schon", "erst", "noch", "und",
     "um"}
)
# Years outside this range are read as plain numbers.
YEAR_MIN = 1800
# After a strong year word ("seit 1570", "im Jahr 1683") older years count too.
YEAR_MIN_STRONG = 1000
YEAR_MAX = 2099
