"""German data: words around the name of a news medium ("sagte er dem X", "laut X").

Hand-written for this project.
"""

from __future__ import annotations

# fmt: off
# Verbs of saying: "sagte sie dem X", "erklärte er gegenüber der X".
SAY_VERBS: frozenset[str] = frozenset(
    {
        "sagt", "sagte", "sagten", "erklärt", "erklärte", "erklärten", "meint", "meinte",
        "betont", "betonte", "bestätigt", "bestätigte", "kündigt", "kündigte", "sagen",
        "berichtet", "berichtete", "verrät", "verriet", "erzählt", "erzählte", "schildert",
        "schilderte", "kritisiert", "kritisierte", "warnt", "warnte", "gesagt",
    }
)
# What stands between the verb and the medium: pronouns, "gegenüber".
SAY_FILLERS: frozenset[str] = frozenset(
    {"er", "sie", "es", "man", "gegenüber", "am", "im", "zuletzt", "jüngst", "auch", "nun"}
)
# The case the medium takes after such a verb.
MEDIUM_ARTICLES: frozenset[str] = frozenset({"dem", "der", "zum", "zur", "im"})
# Articles that newspapers print in capitals with their name ("DER STANDARD").
MASTHEAD_ARTICLES_UPPER: frozenset[str] = frozenset({"DER", "DIE", "DAS"})
# "laut X", "zufolge": a source that is not a person is an organisation.
SOURCE_PREPOSITIONS: frozenset[str] = frozenset({"laut", "lt."})
# fmt: on
