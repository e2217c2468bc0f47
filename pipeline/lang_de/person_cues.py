"""German data: roles and titles that stand right before a person's name.

Hand-written for this project. "Finanzministerin X", "Konzernchef X Y", "VCÖ-Expertin X":
a role noun (or a compound ending in one) before one to three name words makes them a
person. Compared in lower case; the ending also matches the noun itself.
"""

from __future__ import annotations

# fmt: off
PERSON_ROLE_ENDINGS: tuple[str, ...] = (
    "chef", "chefin", "minister", "ministerin", "vorstand", "vorständin", "sprecher",
    "sprecherin", "präsident", "präsidentin", "direktor", "direktorin", "geschäftsführer",
    "geschäftsführerin", "leiter", "leiterin", "gründer", "gründerin", "inhaber", "inhaberin",
    "bürgermeister", "bürgermeisterin", "ökonom",
    "ökonomin", "analyst", "analystin", "experte", "expertin", "kanzler", "kanzlerin",
    "landeshauptmann", "landeshauptfrau", "abgeordnete", "abgeordneter", "vorsitzende",
    "vorsitzender", "obmann", "obfrau", "manager", "managerin", "unternehmer",
    "unternehmerin", "oligarch", "oligarchen", "botschafter",
    "botschafterin", "richter", "richterin", "anwalt", "anwältin", "staatsanwalt",
    "staatsanwältin", "professor", "professorin", "forscher", "forscherin", "chefvolkswirt",
    "chefvolkswirtin", "kommissar", "kommissarin", "staatssekretär", "staatssekretärin",
    "generalsekretär", "generalsekretärin", "gewerkschafter", "gewerkschafterin",
    "politiker", "politikerin", "berater", "beraterin",
    "milliardär", "milliardärin", "gouverneur", "gouverneurin", "landesrat", "landesrätin",
    "stadtrat", "stadträtin", "regierungschef", "regierungschefin", "premier",
    "premierministerin", "verwalter", "verwalterin", "sanierer", "vizekanzler",
    "vizekanzlerin", "bundesrat", "bundesrätin", "mann", "frau",
)
# Endings that cue only inside a compound ("Landesrat X", "Abteilungsleiter X").
PERSON_ROLE_COMPOUND_ONLY: frozenset[str] = frozenset({"mann", "frau", "rat", "leiter"})
# Endings that cue only after a hyphen ("IHS-Mann X"): "Weinmann", "Hausfrau" are not roles
# before a name, and many surnames end in "-mann".
PERSON_ROLE_HYPHEN_ONLY: frozenset[str] = frozenset({"mann", "frau"})
# Roles in the genitive or dative ("des Konzernchefs X", "dem Minister X").
PERSON_ROLE_INFLECTIONS: tuple[str, ...] = ("", "s", "n", "en")

# Words ending like a role that are not one ("Wassermann", "Hausfrau" are fine, but these
# start names or mean something else before a name).
NOT_PERSON_ROLE_WORDS: frozenset[str] = frozenset(
    {
        "jedermann", "hintermann", "vordermann", "tormann", "mann", "frau", "bundesrat",
        "zimmermann", "kaufmann", "hofmann", "hoffmann", "hartmann", "neumann", "baumann",
        "lehmann", "hermann", "herrmann", "bergmann", "hausmann", "wiedemann",
        "ackermann", "heilmann", "pohlmann", "ullmann", "lindemann", "bachmann",
    }
)
# fmt: on
