"""Words that tell what a figure measures ("der Umsatz stieg um 12 Prozent": Umsatz).

Source: Duden, Die Grammatik (9th ed.), § 1355 (verb-second clauses: the subject stands
before the finite verb or right after it) and the reporting verbs of business news
("betragen", "liegen bei", "sich belaufen auf", "erreichen"); the verbs of change come from
`pipeline.lang_de.change_verbs`. Lower case forms.
"""

from __future__ import annotations

from pipeline.lang_de.change_verbs import CHANGE_WORD_FORMS

# Finite verbs that state a level or a change of the subject's value.
LEVEL_VERBS: frozenset[str] = (
    frozenset(
        {
            "beträgt",
            "betragen",
            "betrug",
            "betrugen",
            "lag",
            "lagen",
            "liegt",
            "liegen",
            "belief",
            "beliefen",
            "beläuft",
            "belaufen",
            "erreichte",
            "erreichten",
            "erreicht",
            "erreichen",
            "summierte",
            "summierten",
            "summiert",
            "machte",
            "machten",
            "macht",
            "stand",
            "standen",
            "steht",
            "stehen",
            "kletterte",
            "verharrte",
            "verharrt",
            "blieb",
            "blieben",
            "bleibt",
            "ergab",
            "ergibt",
            "wies",
            "weist",
            "kam",
            "kamen",
            "kommt",
            "schloss",
            "schlossen",
            "verlor", "verloren", "gewann", "verzeichnete", "verzeichneten", "verzeichnet",
            "meldete", "meldeten", "meldet", "verbuchte", "verbuchten", "verbucht",
            "erzielte", "erzielten", "erzielt",
            "notierte",
            "notierten",
            "notiert",
        }
    )
    | CHANGE_WORD_FORMS
)

# Nouns that never are what a figure measures: time words, units, the figure's own words.
NOT_MEASURES: frozenset[str] = frozenset(
    {
        "jahr",
        "jahres",
        "jahren",
        "monat",
        "monats",
        "quartal",
        "quartals",
        "halbjahr",
        "halbjahres",
        "woche",
        "wochen",
        "tag",
        "tage",
        "tagen",
        "vorjahr",
        "vorjahres",
        "vorjahresmonat",
        "vorjahreszeitraum",
        "vorjahresquartal",
        "zeitraum",
        "ende",
        "anfang",
        "mitte",
        "beginn",
        "höhe",
        "prozent",
        "prozentpunkte",
        "euro",
        "dollar",
        "millionen",
        "milliarden",
        "million",
        "milliarde",
        "zahl",
        "anzahl",
        "summe",
        "betrag",
        "wert",
        "fall",
        "vergleich",
        "schnitt",
        "durchschnitt",
        "rahmen",
        "laut",
        "angaben",
        "januar",
        "februar",
        "märz",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "dezember",
        "jänner",
        "frühjahr",
        "sommer",
        "herbst",
        "winter",
        "unternehmen",
        "konzern",
        "firma",
        "gruppe",
        "bank",
        "land",
        "stadt",
        "region",
        "bund",
        "regierung",
    }
)

# Words that extend a measure noun ("Gewinn vor Steuern", "Ergebnis vor Zinsen und
# Steuern", "Umsatz im Inland" is not one: only these fixed accounting phrases).
MEASURE_EXTENSIONS: tuple[str, ...] = (
    "vor Zinsen, Steuern und Abschreibungen",
    "vor Zinsen und Steuern",
    "vor Steuern",
    "nach Steuern",
    "pro Kopf",
    "je Aktie",
    "pro Aktie",
)
