"""German data: the grammatical gender of a noun told by its ending, for names' adjectives.

Hand-written for this project after the usual ending rules of German grammars (Duden, Die
Grammatik, §§ 236 ff.), narrowed to the heads of organisation and place names. Used to put
an adjective back into the nominative without article: "des Obersten Gerichtshofs" ->
"Oberster Gerichtshof", "der Europäischen Zentralbank" -> "Europäische Zentralbank",
"des Europäischen Statistikamts" -> "Europäisches Statistikamt". Longest ending wins.
"""

from __future__ import annotations

# fmt: off
FEMININE_ENDINGS: tuple[str, ...] = (
    "ung", "heit", "keit", "schaft", "ion", "tät", "ei", "ie", "ik", "ur", "bank", "kammer",
    "agentur", "behörde", "union", "partei", "gruppe", "anstalt", "stiftung", "organisation",
    "bahn", "post", "börse", "akademie", "hochschule", "universität", "zentrale", "allianz",
    "kasse", "kette", "front", "liga", "regierung", "gemeinde", "stadt", "alb", "see",
    "plattform", "initiative", "bewegung", "linke", "messe", "zeitung", "presse", "gesellschaft",
)
MASCULINE_ENDINGS: tuple[str, ...] = (
    "hof", "rat", "fonds", "verband", "bund", "verein", "konzern", "ausschuss", "dienst",
    "markt", "club", "klub", "kreis", "senat", "wald", "gerichtshof", "rundfunk", "sender",
    "flughafen", "hafen", "versicherer", "konvent", "tag", "gipfel", "block", "staat",
)
NEUTER_ENDINGS: tuple[str, ...] = (
    "amt", "institut", "ministerium", "gericht", "parlament", "zentrum", "werk", "büro",
    "forum", "komitee", "netzwerk", "kollegium", "haus", "unternehmen", "revier", "land",
    "museum", "theater", "kabinett", "gremium", "bündnis", "sekretariat", "kommissariat",
    "konsortium", "observatorium", "labor", "krankenhaus", "klinikum", "orchester",
)
# Strong (article-less) nominative endings of an adjective by gender.
STRONG_ADJECTIVE_ENDINGS: dict[str, str] = {"f": "e", "m": "er", "n": "es"}
# fmt: on
