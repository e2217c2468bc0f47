"""German data: nouns that say the name next to them is an organisation.

Hand-written for this project. "Die Ratingagentur X", "der Energiekonzern X", "der
Wäscheriese X": a cue noun (or a compound ending in one) right before a name makes it an
organisation; "X-Konzern" is one itself; "X-Chef", "X-Pleite" say that X is one.
Compared in lower case; an ending also matches the noun itself ("Bank", "Investmentbank").
"""

from __future__ import annotations

# fmt: off
ORG_CUE_ENDINGS: tuple[str, ...] = (
    "konzern", "holding", "kette", "bank", "versicherer", "versicherung", "hersteller",
    "händler", "gruppe", "partei", "gewerkschaft", "ministerium", "behörde", "institut",
    "agentur", "riese", "unternehmen", "firma", "discounter", "autobauer", "fluglinie",
    "fluggesellschaft", "airline", "organisation", "verband", "verein", "club", "klub",
    "kammer", "genossenschaft", "stiftung", "sparkasse", "versorger", "anbieter",
    "dienstleister", "zulieferer", "produzent", "betreiber", "brauerei", "molkerei",
    "reederei", "spedition", "werft", "zeitung", "zeitschrift", "magazin", "sender",
    "fonds", "startup", "start-up", "mutter", "tochter",
    "mutterkonzern", "gesellschaft", "kasse", "krankenkasse", "regulierer", "aufsicht",
    "gericht", "gerichtshof", "staatsanwaltschaft", "prokuratur", "kommission", "büro",
    "sektion", "koalition", "plattform", "bündnis", "initiative",
    "logistiker", "spezialist", "baukonzern", "stahlkocher", "chipkonzern", "werk", "werke",
    "lieferdienst", "marke", "label", "verlag", "netzwerk",
)
# Endings that cue only inside a compound ("die Konzernmutter X", not "seine Mutter X").
ORG_CUE_COMPOUND_ONLY: frozenset[str] = frozenset(
    {"mutter", "tochter", "werk", "werke", "marke", "label", "kasse", "sender", "büro", "riese"}
)
# Cue nouns in the genitive or dative ("des Energiekonzerns X", "dem Versicherer X").
ORG_CUE_INFLECTIONS: tuple[str, ...] = ("", "s", "es", "n", "en")

# Ending of a cue compound that is a person or a thing, never an organisation
# ("Bankangestellte" is not "Bank", "Wohnungsrat" is advice, "Hochrat"...).
NOT_ORG_CUE_ENDINGS: tuple[str, ...] = (
    "ratschlag", "vorrat", "zierrat", "unrat", "hausrat", "heirat", "apparat", "referat",
    "salat", "inserat", "zitat", "format", "automat", "pirat", "soldat", "kandidat",
    "quadrat", "senat", "spagat", "draht", "naht", "saat", "staat", "grat", "drat",
    "tat", "gerät", "rekord", "einkommensbank", "datenbank", "sitzbank", "werkbank",
    "schulbank", "hantelbank", "ersatzbank", "regierungsbank", "anklagebank",
    "kaltwasserbank", "blutbank", "samenbank", "wechselgeld", "fernsehsender",
    "radiosender", "gerichtssaal", "gesamtwerk", "handwerk", "kraftwerk", "feuerwerk",
    "bergwerk", "netzwerk", "uhrwerk", "bollwerk", "stockwerk", "regelwerk",
    "schuhwerk", "mauerwerk", "kunstwerk", "lebenswerk", "fachwerk", "tagwerk",
    "laufwerk", "hilfswerk", "zuckerrat", "vorstandsrat",
)

# "X-Konzern", "X-Gruppe": the whole token is an organisation's name.
ORG_COMPOUND_HEADS: tuple[str, ...] = (
    "konzern", "konzerns", "gruppe", "holding", "group", "bank", "werke",
)

# "X-Chef", "X-Pleite", "X-Aktie": X is an organisation (evidence for the bare name).
ORG_EVIDENCE_HEADS: tuple[str, ...] = (
    "chef", "chefin", "chefs", "sprecher", "sprecherin", "pleite", "insolvenz", "eigentümer",
    "eigentümerin", "aktie", "aktien", "filiale", "filialen", "mitarbeiter", "belegschaft",
    "vorstand", "vorstände", "aufsichtsrat", "übernahme", "zentrale", "management",
    "gründer", "gründerin", "mutter", "tochter", "töchter", "expertin", "experte",
    "experten", "manager", "managerin", "standort", "standorte", "kunden", "angaben",
    "gespräch", "interview", "bericht", "kommentar", "umfrage", "studie", "analyse",
    "prognose", "mitglieder", "länder", "staaten", "chefökonom", "chefökonomin",
    "generalsekretär", "generalsekretärin", "obmann", "obfrau", "abgeordnete",
    "abgeordneter", "politiker", "politikerin", "spitze", "führung", "konzern",
)
# fmt: on

# Single-word names of institutions: a modifier that makes the institution unique plus a
# head ("Verfassungs|gerichtshof", "Bundes|wettbewerbs|behörde", "Welt|bank"); modifiers
# may be chained. A head alone ("die Bank") or with another modifier ("Haus|bank") is a noun.
# fmt: off
INSTITUTION_HEADS: tuple[str, ...] = (
    "gerichtshof", "gericht", "prokuratur", "staatsanwaltschaft", "ministerium", "behörde",
    "kommission", "bank", "amt", "agentur", "anstalt", "kammer", "parlament", "gruppe",
    "rat", "bund",
)
INSTITUTION_MODIFIERS: tuple[str, ...] = (
    "bundes", "landes", "oberlandes", "europa", "euro", "welt", "national", "zentral",
    "verfassungs", "verwaltungs", "general", "justiz", "finanz", "wirtschafts", "sozial",
    "innen", "außen", "verkehrs", "umwelt", "gesundheits", "arbeits", "bildungs",
    "landwirtschafts", "agrar", "wettbewerbs", "kartell", "straf", "ober", "staats",
    "noten", "verteidigungs", "familien", "wissenschafts", "kultur", "arbeiter",
    "handels", "patent", "sicherheits", "stände", "rechnungs", "asyl", "kriminal",
    "statistik", "finanzmarkt", "energie", "telekom", "medien", "post", "versicherungs",
    "gewerkschafts", "wirtschaftskammer", "zoll", "steuer", "unterrichts", "infrastruktur",
)
# Heads that take only some modifiers: "Landesrat" and "Stadtrat" are persons, a
# "Landesgruppe" is part of something.
INSTITUTION_HEAD_MODIFIERS: dict[str, frozenset[str]] = {
    "rat": frozenset({"national", "bundes", "sicherheits", "stände", "europa"}),
    "gruppe": frozenset({"euro", "welt"}),
    "bund": frozenset({"gewerkschafts"}),
}
# Hyphenated abbreviations that make a head an institution ("EU-Kommission").
INSTITUTION_ABBREVIATIONS: frozenset[str] = frozenset({"EU", "UN", "UNO", "EZB", "IWF", "WTO"})

# Nouns after a town's name that make the pair a municipal company ("X Energie", "X Holding").
MUNICIPAL_COMPANY_HEADS: frozenset[str] = frozenset(
    {"Energie", "Holding", "Netz", "Netze", "Invest", "Leasing", "Airport", "Tourismus",
     "Immobilien", "Kliniken", "Wasser", "Wohnen", "Linien", "Marketing", "Messe"}
)

# Last words of organisation names, mostly English ("X Y Entertainment", "X Holdings"): a
# person span ending in one is an organisation.
ORG_NAME_LAST_WORDS: frozenset[str] = frozenset(
    {"Entertainment", "Holdings", "Capital", "Partners", "Group", "Media", "Motors",
     "Airlines", "Airways", "Pharma", "Technologies", "Systems", "Solutions", "Services",
     "Industries", "Energy", "Investments", "Ventures", "Brands", "Foods", "Networks",
     "Software", "Consulting", "Logistics", "Games", "Studios", "Pictures", "Records",
     "Resources", "Mining", "Insurance", "Bank", "Bancorp", "Securities", "Trust",
     "Corporation", "Corp.", "Company", "Co.", "International", "Worldwide", "Labs"}
)
# fmt: on
