"""German data: words that say a name is a place, and nouns that end place names.

Hand-written for this project.
"""

from __future__ import annotations

# "in Halle", "nach Essen": a preposition of place before a word that is also a noun.
PLACE_PREPOSITIONS: frozenset[str] = frozenset({"in", "nach", "aus", "bei", "von", "ab", "bis"})

# Last parts of place names that are also nouns ("Vösen|dorf", "Burgen|land",
# "Mittel|meer"): a word ending in one is not taken for a compound common noun.
# fmt: off
PLACE_NAME_HEADS: tuple[str, ...] = (
    "dorf", "stadt", "land", "reich", "meer", "berg", "burg", "feld", "heim", "hausen",
    "see", "tal", "bach", "furt", "hof", "kirchen", "brück", "brücken", "au", "wald",
    "insel", "gebirge", "küste", "viertel", "ufer", "gau", "mark", "markt", "stein", "bad",
    "brunn", "brunnen", "kirch", "dorfer", "haven", "hafen", "wil", "ingen", "stedt", "leben",
    "rode", "born", "horst", "hagen", "felde", "bruck", "eck", "egg", "ried", "moos",
    "tor", "streifen", "platz", "gasse", "straße", "kreis", "bezirk", "region", "raum", "zone",
    "gebiet",
)
# fmt: on
