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
)
MAX_WORDS: tuple[str, ...] = (
    "bis zu",
    "weniger als",
    "unter",
    "höchstens",
    "maximal",
    "max.",
    "nicht mehr als",
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
    }
)
