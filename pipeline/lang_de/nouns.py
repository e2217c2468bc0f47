"""Data to name the counted noun after a number in the nominative plural.

Source: Duden, Die Grammatik (9th ed.), §§ 290-310 (plural classes: the dative plural adds
-n to plurals in -e, -er, -el) and § 495 (substantivised adjectives: "mit 500
Beschäftigten" -> "500 Beschäftigte"). The word lists are the frequent exceptions.
"""

# Nominative plurals that already end in -ern/-eln, so no dative -n is to be removed;
# matched as word endings so compounds ("Kirchensteuern") are covered.
PLURALS_ENDING_IN_N: tuple[str, ...] = (
    "eltern", "bauern", "schwestern", "steuern", "mauern", "feiern", "federn",
    "regeln", "inseln", "formeln", "kartoffeln", "nadeln", "leitern", "nummern",
    "ziffern", "kammern", "klammern", "wandern", "tafeln", "schachteln", "windeln",
)
# Endings of dative plurals of -e plurals (compound heads frequent in business news):
# "Arbeitsplätzen" -> "Arbeitsplätze". Always dative, so the -n goes in any context.
E_PLURAL_DATIVE_ENDINGS: tuple[str, ...] = (
    "plätzen", "standorten", "betrieben", "projekten", "produkten", "jahren", "monaten",
    "tagen", "gebäuden", "geräten", "fahrzeugen", "werken", "märkten", "geschäften",
    "kräften", "zügen", "gründen", "vereinen", "stücken", "punkten", "objekten",
    "verträgen", "aufträgen", "anträgen", "beiträgen", "flügen", "schritten", "gästen",
    "tieren", "ärzten", "bussen", "schiffen", "systemen", "programmen", "problemen",
    "bäumen", "räumen", "höfen", "kursen", "fällen", "städten", "konzernen",
    "instituten", "abschnitten", "besuchen", "sitzen", "teilen", "zielen",
    "ereignissen", "ergebnissen", "haushalten", "anteilen", "krediten", "zugängen",
    "abgängen",
)
# Substantivised adjectives/participles; the counted noun takes the strong nominative
# plural after a bare number ("500 Beschäftigte"), so the weak or dative "-n" goes
# ("mit 500 Beschäftigten", "die ersten zwanzig Studierenden").
SUBSTANTIVISED_ENDINGS: tuple[str, ...] = (
    "beschäftigten", "angestellten", "studierenden", "auszubildenden", "arbeitslosen",
    "erwerbstätigen", "erwerbslosen", "geflüchteten", "verletzten", "toten",
    "pflegebedürftigen", "ehrenamtlichen", "freiwilligen", "lehrenden", "reisenden",
    "teilnehmenden", "mitwirkenden", "beteiligten", "betroffenen", "versicherten",
    "deutschen", "jugendlichen", "erwachsenen", "selbstständigen", "selbständigen",
    "abgeordneten", "delegierten", "verwandten", "bekannten", "arbeitssuchenden",
    "arbeitsuchenden", "pendelnden", "befragten", "gefragten", "interviewten",
)
# "Wissenschaftlerinnen und Wissenschaftler": the pair is counted under the second word.
PAIR_JOINERS: tuple[str, ...] = ("und", "oder")
# "140 seiner knapp 900 Stellen": a determiner after the number points at the noun of the
# next phrase.
PARTITIVE_DETERMINERS: frozenset[str] = frozenset(
    {"seiner", "ihrer", "der", "dieser", "unserer", "aller", "deren", "dessen"}
)
# "Die Zahl offener Stellen ... von 2.800 auf 4.100": the noun after "Zahl" is counted.
COUNT_HEAD_NOUNS: frozenset[str] = frozenset({"Zahl", "Anzahl"})
# Prepositions that govern the dative (Duden Grammatik § 900) plus the two-way ones
# mostly used with dative before a number.
DATIVE_PREPOSITIONS: frozenset[str] = frozenset(
    {
        "mit", "von", "bei", "aus", "zu", "nach", "seit", "gegenüber", "samt", "nebst",
        "außer", "mitsamt", "vor", "in", "an", "auf", "unter", "zwischen", "über",
    }
)
# Lower-case words after a number that are not adjectives, so the search for the
# counted noun stops there ("500 wurden entlassen").
NOT_ADJECTIVES: frozenset[str] = frozenset(
    {
        "werden", "wurden", "worden", "haben", "hatten", "sind", "seien", "waren", "wären",
        "können", "konnten", "sollen", "sollten", "müssen", "mussten", "wollen", "wollten",
        "dürfen", "durften", "gehen", "kommen", "kamen", "stehen", "standen", "liegen",
        "lagen", "bleiben", "blieben", "geben", "gaben", "den", "dem", "der", "des", "die",
        "eine", "einen", "einem", "einer", "eines", "unter", "über", "wieder", "oder",
        "aber", "jeder", "sowie", "bzw", "etwa", "rund", "mehr", "weniger", "neben",
        "hinter", "gegen", "ohne", "durch", "wegen", "allein", "alle", "insgesamt",
        "beim", "beziehungsweise", "davon", "dieser", "diese", "dieses", "jene", "seine",
        "ihre", "ihren", "ihrem", "seinen", "seinem", "unsere", "seiner", "ihrer",
        "einzelne", "beide", "beiden", "welche", "deren", "dessen", "aller", "unserer",
        "sogenannte", "sogenannten", "sagte", "sagten", "arbeiten", "leben", "wohnen",
    }
)
