"""Words before a number that qualify it (approximate, lower or upper bound, range, change).

Source: docs/ANNOTATION.md, table "qualifier"; additions marked there as refinements.
All lower case; the extractor matches them case-insensitively and prefers the longest.
"""

APPROX_WORDS: tuple[str, ...] = (
    "rund",
    "rd.",
    "etwa",
    "ca.",
    "circa",
    "zirka",
    "ungefähr",
    "gut",
    "gute",
    "knapp",
    "knappe",
    "fast",
    "nahezu",
    "annähernd",
    "beinahe",
    "um die",
    "an die",
)
MIN_WORDS: tuple[str, ...] = (
    "mehr als",
    "über",
    "mindestens",
    "ab",
    "weit über",
    "weit mehr als",
    "deutlich mehr als",
    "deutlich über",
    "wenigstens",
    "höher als",
    "größer als",
    "länger als",
    "knapp mehr als",
    "knapp über",
)
MAX_WORDS: tuple[str, ...] = (
    "bis zu",
    "weniger als",
    "unter",
    "höchstens",
    "maximal",
    "max.",
    "nicht mehr als",
    "niedriger als",
    "geringer als",
    "kleiner als",
    "kürzer als",
    "knapp unter",
    "knapp weniger als",
)
# "zwischen 400 und 500", "von 400 bis 500", "400 bis 500", "400-500".
RANGE_OPENERS: tuple[str, ...] = ("zwischen", "von")
RANGE_JOINERS: tuple[str, ...] = ("bis", "-", "–")
RANGE_AFTER_ZWISCHEN = "und"
# "von 400 auf 500" is a change from 400 to 500.
CHANGE_OPENER = "von"
CHANGE_JOINER = "auf"
# "um 12 Prozent" with a verb of change in the sentence is the amount of change.
CHANGE_AMOUNT_WORD = "um"

# "über" after these verbs is the preposition, not "more than"
# ("verfügt über 500 Mitarbeiter" = has 500 employees).
UEBER_GOVERNING_VERBS: frozenset[str] = frozenset(
    {
        "verfügt",
        "verfügen",
        "verfügte",
        "verfügten",
        "berichtet",
        "berichtete",
        "informiert",
        "informierte",
        "sprach",
        "spricht",
        "entscheidet",
        "entschied",
        "freut",
        "freute",
        "freuen",
        "verfüge",
        "diskutiert",
        "diskutierte",
        "klagt",
        "klagte",
        "beklagt",
        "beklagte",
    }
)

# Verbs whose "über" may stand far from them ("verfügt das Werk über 45 MW"): a word
# starting so anywhere in the clause before "über" makes it the preposition.
UEBER_GOVERNING_STEMS: tuple[str, ...] = ("verfüg",)
# A qualifier separated from its number by one of these words still applies ("etwa alle
# zehn Jahre", "höchstens aber zehn"); the span is the number (econ_dev NOTES 10).
QUALIFIER_FILLERS: frozenset[str] = frozenset({"alle", "aber", "jedoch", "sogar"})
# "40 Prozent und mehr" is a lower bound, "40 Prozent oder weniger" an upper bound; the
# words belong to the span.
MIN_AFTER: tuple[str, ...] = ("und mehr", "oder mehr", "und darüber", "oder darüber")
MAX_AFTER: tuple[str, ...] = ("oder weniger", "und weniger", "oder darunter", "und darunter")
# Words that may stand between "um" and the number of a change without being a qualifier
# ("stiegen um durchschnittlich 2,0 Prozent" gives "2,0 Prozent", change).
CHANGE_FILLERS: frozenset[str] = frozenset(
    {
        "durchschnittlich",
        "insgesamt",
        "nur",
        "weitere",
        "jeweils",
        "je",
        "immerhin",
        "gar",
        "sogar",
        "real",
        "nominell",
        "nominal",
        "saisonbereinigt",
        "bereinigt",
    }
)
# Words joining two alternatives whose unit is written once ("um 60 beziehungsweise 46
# Prozent", "600.000 bzw. 960.000 Euro", "zwölf oder 13 Jahre").
ALTERNATIVE_JOINERS: tuple[str, ...] = ("beziehungsweise", "bzw.", "oder", "und", "sowie")
# "unter" means "among" before a dative plural of persons ("unter 1900 Beschäftigten gab
# es ..."), except after these words, where it is the upper bound ("Firmen mit unter 50
# Beschäftigten", "liegt unter 5 Prozent").
UNTER_BOUND_LEADERS: frozenset[str] = frozenset(
    {
        "mit",
        "bei",
        "von",
        "auf",
        "für",
        "liegt",
        "lag",
        "liegen",
        "lagen",
        "sank",
        "sanken",
        "fiel",
        "fielen",
        "blieb",
        "blieben",
        "bleibt",
        "bleiben",
        "ist",
        "war",
        "sind",
        "waren",
        "noch",
        "knapp",
        "deutlich",
        "weit",
        "leicht",
        "und",
        "oder",
        "nur",
        "beträgt",
        "betrug",
        "kostet",
        "kostete",
        "auch",
        "sogar",
    }
)
