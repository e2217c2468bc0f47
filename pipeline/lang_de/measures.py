"""Words that tell what a figure measures ("der Umsatz stieg um 12 Prozent": Umsatz).

Source: Duden, Die Grammatik (9th ed.), § 1355 (verb-second clauses: the subject stands
before the finite verb or right after it) and the reporting verbs of business news
("betragen", "liegen bei", "sich belaufen auf", "erreichen", "beziffern auf"); the verbs
of change come from `pipeline.lang_de.change_verbs`. Lower case forms.
"""

from __future__ import annotations

from pipeline.lang_de.change_verbs import CHANGE_WORD_FORMS

# fmt: off
# Finite verbs (and participles) that state a level or a change of the subject's value.
LEVEL_VERBS: frozenset[str] = frozenset(
    {
        "beträgt", "betragen", "betrug", "betrugen", "lag", "lagen", "liegt", "liegen",
        "belief", "beliefen", "beläuft", "belaufen", "erreichte", "erreichten", "erreicht",
        "erreichen", "summierte", "summierten", "summiert", "machte", "machten", "macht",
        "stand", "standen", "steht", "stehen", "verharrte", "verharrt", "blieb", "blieben",
        "bleibt", "ergab", "ergibt", "wies", "weist", "schloss", "schlossen", "notierte",
        "notierten", "notiert", "verlor", "verloren", "gewann", "verzeichnete",
        "verzeichneten", "verzeichnet", "meldete", "meldeten", "meldet", "verbuchte",
        "verbuchten", "verbucht", "erzielte", "erzielten", "erzielt", "schätzt", "schätzte",
        "schätzen", "geschätzt", "beziffert", "bezifferte", "beziffern", "kostet", "kostete",
        "kosteten", "kosten", "fließen", "flossen", "fließt", "floss", "umfasst", "umfassen",
        "umfasste", "umfassten", "misst", "messen", "maß", "maßen",
    }
) | CHANGE_WORD_FORMS

# Nouns that never are what a figure measures: time words, units, the figure's own
# words, and who states or estimates a figure ("schätzt die Behörde auf ...").
NOT_MEASURES: frozenset[str] = frozenset(
    {
        "jahr", "jahres", "jahren", "monat", "monats", "quartal", "quartals", "halbjahr",
        "halbjahres", "woche", "wochen", "tag", "tage", "tagen", "vorjahr", "vorjahres",
        "vorjahresmonat", "vorjahreszeitraum", "vorjahresquartal", "zeitraum", "ende",
        "anfang", "mitte", "beginn", "höhe", "prozent", "prozentpunkte", "euro", "dollar",
        "millionen", "milliarden", "million", "milliarde", "zahl", "anzahl", "summe",
        "betrag", "wert", "fall", "vergleich", "schnitt", "durchschnitt", "rahmen",
        "laut", "angaben", "januar", "februar", "märz", "april", "mai", "juni",
        "juli", "august", "september", "oktober", "november", "dezember", "jänner",
        "frühjahr", "sommer", "herbst", "winter", "geschäftsjahr", "geschäftsjahres",
        "wirtschaftsjahr", "punkte", "punkten", "punkt", "stück",
        "unternehmen", "konzern", "firma", "firmen", "gruppe", "bank", "land", "stadt",
        "region", "bund", "regierung", "behörde", "partner", "branche", "verband",
        "experten", "expertin", "experte", "analysten", "ministerium", "kammer",
        "kommission", "institut", "betrieb", "betriebe", "kämmerei", "verwaltung",
        "studie", "umfrage", "prognose",
    }
)
# fmt: on

# Words that extend a measure noun: only these fixed accounting phrases ("Gewinn vor
# Steuern", "Ergebnis je Aktie").
MEASURE_EXTENSIONS: tuple[str, ...] = (
    "vor Zinsen, Steuern und Abschreibungen",
    "vor Zinsen und Steuern",
    "vor Steuern",
    "nach Steuern",
    "pro Kopf",
    "je Aktie",
    "pro Aktie",
)
