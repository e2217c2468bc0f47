"""Verbs and nouns of change that turn "um 12 Prozent" into an amount of change.

Source: docs/ANNOTATION.md (steigen, wachsen, sinken, zulegen, zurückgehen ...), extended
with the inflected forms and synonyms found in regional business reporting (Duden
conjugation tables). Lower case word forms; separable verbs are listed by both parts'
finite forms and the participle.
"""

CHANGE_WORD_FORMS: frozenset[str] = frozenset(
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
