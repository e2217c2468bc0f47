"""Verbs and nouns of change that turn "um 12 Prozent" into an amount of change.

Source: docs/ANNOTATION.md (steigen, wachsen, sinken, zulegen, zurückgehen ...), extended
with the inflected forms and synonyms found in regional business reporting (Duden
conjugation tables). Lower case word forms; separable verbs are listed by both parts'
finite forms and the participle.
"""

_BASE_FORMS: frozenset[str] = frozenset(
    {
        # steigen
        "steigt", "steigen", "stieg", "stiegen", "gestiegen", "ansteigen", "angestiegen",
        "steigerte", "steigerten", "steigert", "gesteigert", "steigern",
        # wachsen
        "wächst", "wachsen", "wuchs", "wuchsen", "gewachsen",
        # sinken / fallen
        "sinkt", "sinken", "sank", "sanken", "gesunken",
        "fällt", "fallen", "fiel", "fielen", "gefallen",
        # zulegen / zunehmen / abnehmen
        "legte", "legten", "legt", "zugelegt", "zulegen",
        "nahm", "nahmen", "nimmt", "zugenommen", "abgenommen", "zunehmen", "abnehmen",
        # zurückgehen / schrumpfen / klettern
        "ging", "gingen", "geht", "zurückgegangen", "zurückgehen",
        "schrumpfte", "schrumpften", "schrumpft", "geschrumpft", "schrumpfen",
        "kletterte", "kletterten", "klettert", "geklettert", "klettern",
        # erhöhen / verringern / senken / reduzieren / verbessern
        "erhöhte", "erhöhten", "erhöht", "erhöhen",
        "verringerte", "verringerten", "verringert", "verringern",
        "senkte", "senkten", "senkt", "gesenkt", "senken",
        "reduzierte", "reduzierten", "reduziert", "reduzieren",
        "verbesserte", "verbesserten", "verbessert", "verbessern",
        "verschlechterte", "verschlechtert",
        "erhöhung", "anstieg", "rückgang", "zuwachs", "wachstum", "plus", "minus",
        "verteuerte", "verteuert", "verbilligte", "verbilligt",
        "brach", "eingebrochen", "sprang", "gesprungen",
        "aufgestockt", "aufstocken", "stockte", "stockten", "stockt",
        "abgebaut", "abbauen", "baute", "bauten", "ausgebaut", "ausbauen",
        "kürzte", "kürzten", "gekürzt", "kürzen", "verdoppelt", "verdoppelte", "halbiert",
        "halbierte", "vergrößert", "vergrößerte", "verkleinert", "verkleinerte",
        "angehoben", "hob", "hoben", "anheben",
    }
)

# Which way a change goes (the `direction` of a figure). Forms of the verbs, nouns and
# comparatives above and of their synonyms, sorted by meaning (Duden). Words of change
# that do not say which way ("verändert", "verschoben") are in neither set.
UP_WORD_FORMS: frozenset[str] = frozenset(
    {
        "steigt", "steigen", "stieg", "stiegen", "gestiegen", "ansteigen", "angestiegen",
        "steigerte", "steigerten", "steigert", "gesteigert", "steigern", "steigerung",
        "wächst", "wachsen", "wuchs", "wuchsen", "gewachsen", "wachstum", "legte", "legten",
        "legt", "zugelegt", "zulegen", "zugenommen", "zunehmen",
        "zunahme", "kletterte", "kletterten", "klettert", "geklettert", "klettern",
        "erhöhte", "erhöhten", "erhöht", "erhöhen", "erhöhung", "verbesserte",
        "verbesserten", "verbessert", "verbessern", "verbesserung", "anstieg", "zuwachs",
        "plus", "verteuerte", "verteuerten", "verteuert", "verteuerung", "sprang",
        "gesprungen", "aufgestockt", "aufstocken", "stockte", "stockten", "stockt",
        "ausgebaut", "ausbauen", "verdoppelt", "verdoppelte", "vergrößert", "vergrößerte",
        "angehoben", "hob", "hoben", "anheben", "anhebung", "höher", "mehr", "größer",
        "teurer", "stärker", "gewann", "gewonnen", "verlängert", "verlängerte",
        "verlängern", "aufwertung", "aufgewertet", "ausgeweitet", "ausweitung",
    }
)
DOWN_WORD_FORMS: frozenset[str] = frozenset(
    {
        "sinkt", "sinken", "sank", "sanken", "gesunken", "fällt", "fallen", "fiel",
        "fielen", "gefallen", "abgenommen", "abnehmen", "abnahme", "zurückgegangen",
        "zurückgehen", "zurück", "schrumpfte", "schrumpften", "schrumpft", "geschrumpft",
        "schrumpfen", "verringerte", "verringerten", "verringert", "verringern",
        "verringerung", "senkte", "senkten", "senkt", "gesenkt", "senken", "senkung",
        "reduzierte", "reduzierten", "reduziert", "reduzieren", "reduzierung", "reduktion",
        "verschlechterte", "verschlechtert", "verschlechterung", "rückgang", "minus",
        "verbilligte", "verbilligt", "verbilligung", "brach", "eingebrochen", "einbruch",
        "einbrechen", "abgebaut", "abbauen", "kürzte", "kürzten", "gekürzt", "kürzen",
        "kürzung", "halbiert", "halbierte", "verkleinert", "verkleinerte", "abgestürzt",
        "stürzte", "stürzten", "abstürzen", "absturz", "nach", "nachgegeben", "nachgeben",
        "verlor", "verloren", "niedriger", "weniger", "geringer", "kleiner", "billiger",
        "günstiger", "schwächer", "verkürzt", "verkürzte", "verkürzen", "abwertung",
        "abgewertet", "rückläufig", "gedämpft",
    }
)
# "nach" (gaben nach), "zurück" (ging zurück), "mehr"/"weniger" and the comparatives say
# which way, but do not make a sentence one of change on their own.
_DIRECTION_ONLY: frozenset[str] = frozenset(
    {
        "nach", "zurück", "mehr", "weniger", "höher", "niedriger", "größer", "kleiner",
        "geringer", "teurer", "billiger", "günstiger", "stärker", "schwächer", "gewann",
        "gewonnen", "verlor", "verloren",
    }
)
CHANGE_WORD_FORMS: frozenset[str] = (
    _BASE_FORMS
    | ((UP_WORD_FORMS | DOWN_WORD_FORMS) - _DIRECTION_ONLY)
    | frozenset(
        {
            "verschieben", "verschiebt", "verschoben", "verschob", "verändert",
            "veränderte", "veränderung", "nachgegeben", "gaben", "gab",
        }
    )
)
# Comparatives right after "um 3 Prozent" that make it an amount of change and say which
# way ("um 1,3 Prozent weniger", "um 5 Prozent höher").
COMPARATIVES_UP: frozenset[str] = frozenset(
    {"mehr", "höher", "größer", "teurer", "stärker", "höhere", "höheren", "größere", "stärkere"}
)
COMPARATIVES_DOWN: frozenset[str] = frozenset(
    {
        "weniger", "niedriger", "geringer", "kleiner", "billiger", "günstiger", "schwächer",
        "niedrigere", "niedrigeren", "geringere", "geringeren", "kleinere", "billigere",
        "günstigere", "schwächere",
    }
)
# Nouns of change before "von" that make the figure after them an amount of change, not
# the start of "von X auf Y" ("ein Plus von 2,1 Prozent auf 8,75 Euro"); also as the last
# part of a compound ("Umsatzplus", "Gewinnrückgang").
CHANGE_NOUNS_UP: tuple[str, ...] = (
    "plus",
    "anstieg",
    "zuwachs",
    "wachstum",
    "steigerung",
    "zunahme",
    "erhöhung",
    "verteuerung",
    "aufschlag",
)
CHANGE_NOUNS_DOWN: tuple[str, ...] = (
    "minus",
    "rückgang",
    "abnahme",
    "verringerung",
    "senkung",
    "einbruch",
    "verlust",
    "abschlag",
    "kürzung",
    "reduktion",
    "reduzierung",
    "verbilligung",
    "absturz",
)

# Separable particles say the way only with their verb in the clause ("legte ... zu",
# "gaben ... nach"; "stammten ... ab" is no change).
PARTICLE_VERBS: dict[str, frozenset[str]] = {
    "zu": frozenset({"legt", "legte", "legten", "legen", "nimmt", "nahm", "nahmen", "nehmen"}),
    "ab": frozenset({"nimmt", "nahm", "nahmen", "nehmen", "baut", "baute", "bauten", "bauen",
                     "sackt", "sackte", "sackten", "rutscht", "rutschte", "rutschten"}),
    "nach": frozenset({"gibt", "gab", "gaben", "geben"}),
    "zurück": frozenset({"geht", "ging", "gingen", "gehen", "fällt", "fiel", "fielen",
                         "fallen"}),
}
