"""German data: words that look like names to a model or a gazetteer but are not entities.

Hand-written for this project unless a table says otherwise.
"""

from __future__ import annotations

from pipeline.lang_de.months import MONTH_PARTS, MONTHS

# Articles and prepositions that stand before a name but are not part of it
# ("des Fraunhofer-Instituts" -> span "Fraunhofer-Instituts"), compared in lower case.
# fmt: off
LEADING_FUNCTION_WORDS: frozenset[str] = frozenset(
    {
        "der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "einem",
        "einen", "im", "in", "ins", "am", "an", "ans", "auf", "aus", "bei", "beim", "mit",
        "nach", "von", "vom", "zu", "zum", "zur", "für", "über", "unter", "durch", "gegen",
        "ohne", "um", "sowie", "und", "oder", "laut", "seit", "gegenüber", "dieser", "diese",
        "dieses", "diesem", "diesen",
        # Sentence-initial words a model pulls into the following name ("Weil Thyssenkrupp").
        "weil", "weniger", "mehr", "auch", "doch", "denn", "als", "wenn", "ob", "nur", "noch",
        "schon", "da", "wie", "wo", "dass", "nachdem", "während", "trotz", "wegen",
    }
)
# fmt: on

# Greetings, forms of address, academic titles and roles that precede a name; they are not
# part of a PER span (docs/ANNOTATION.md: "without titles and without the role").
# fmt: off
PERSON_PREFIXES: frozenset[str] = frozenset(
    {
        "Hallo", "Hi", "Liebe", "Lieber", "Sehr", "geehrte", "geehrter", "Guten", "Tag",
        "Herr", "Herrn", "Frau", "Fr.", "Hr.", "Dr.", "Dr", "Prof.", "Prof", "Professor",
        "Professorin", "Dipl.-Ing.", "Dipl.-Kfm.", "Ing.", "med.", "rer.", "nat.", "h.", "c.",
        "h.c.", "Dres.", "PD", "Priv.-Doz.", "MdB", "MdL", "Geschäftsführer",
        "Geschäftsführerin", "Hauptgeschäftsführer", "Hauptgeschäftsführerin", "Vorstand",
        "Vorstandschef", "Vorstandschefin", "Vorstandsvorsitzender", "Vorstandsvorsitzende",
        "Aufsichtsratschef", "Aufsichtsratsvorsitzender", "Chef", "Chefin", "Firmenchef",
        "Firmenchefin", "Konzernchef", "Konzernchefin", "Inhaber", "Inhaberin", "Gründer",
        "Gründerin", "Mitgründer", "Mitgründerin", "Sprecher", "Sprecherin",
        "Pressesprecher", "Pressesprecherin", "Leiter", "Leiterin", "Direktor", "Direktorin",
        "Institutsleiter", "Institutsleiterin", "Präsident", "Präsidentin", "Rektor",
        "Rektorin", "Dekan", "Dekanin", "Minister", "Ministerin", "Wirtschaftsminister",
        "Wirtschaftsministerin", "Ministerpräsident", "Ministerpräsidentin", "Staatssekretär",
        "Staatssekretärin", "Bundeskanzler", "Bundeskanzlerin", "Kanzler", "Kanzlerin",
        "Bürgermeister", "Bürgermeisterin", "Oberbürgermeister", "Oberbürgermeisterin", "OB",
        "Landrat", "Landrätin", "Stadtdirektor", "Stadtdirektorin", "Dezernent",
        "Dezernentin", "Wirtschaftsförderer", "Wirtschaftsförderin", "Projektleiter",
        "Projektleiterin", "Abteilungsleiter", "Abteilungsleiterin", "Bereichsleiter",
        "Bereichsleiterin", "Vorsitzender", "Vorsitzende", "Experte", "Expertin", "Forscher",
        "Forscherin", "Wissenschaftler", "Wissenschaftlerin", "Ökonom", "Ökonomin",
        "Analyst", "Analystin", "Autor", "Autorin", "Kollege", "Kollegin", "CEO", "CFO",
        "CTO", "COO", "Mitarbeiter", "Mitarbeiterin", "Kommissar", "Kommissarin",
    }
)
# fmt: on

# Descriptors a model pulls into an organisation name ("Gashändler Uniper",
# "Branchenverbands Bitkom"): a first word of an ORG span ending in one of these is cut off.
# fmt: off
ORG_DESCRIPTOR_ENDINGS: tuple[str, ...] = (
    "konzern", "konzerns", "händler", "händlers", "verband", "verbands", "verbandes",
    "hersteller", "herstellers", "unternehmen", "unternehmens", "anbieter", "anbieters",
    "dienstleister", "dienstleisters", "versorger", "versorgers", "zulieferer",
    "zulieferers", "bauer", "bauers", "riese", "riesen", "logistiker", "logistikers",
    "spezialist", "spezialisten", "firma", "tochter", "betreiber", "betreibers",
    "versicherer", "versicherers", "inkubator", "inkubators", "startup", "start-up",
    "mittelständler", "mittelständlers", "platzhirsch", "softwarehaus", "softwarehauses",
    "verein", "vereins",
)
# fmt: on

# Month and weekday names (months from pipeline.lang_de.months): a span made only of these
# (and digits) is a date, never ORG/PER.
# fmt: off
DATE_WORDS: frozenset[str] = frozenset(MONTHS) | frozenset(
    {
        "Mär.", "Jun.", "Jul.", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag",
        "Samstag", "Sonnabend", "Sonntag", "Frühjahr", "Frühling", "Sommer", "Herbst",
        "Winter", "Quartal", "Jahr", "Jahres",
    }
) | MONTH_PARTS
# fmt: on

# Currency names: units of figures in our conventions (docs/ANNOTATION.md), while GermEval
# 2014 tags them OTH (MISC), so a model trained on it proposes them.
# fmt: off
CURRENCY_NAMES: frozenset[str] = frozenset(
    {"Euro", "Cent", "Dollar", "US-Dollar", "Pfund", "Franken", "Yen", "Yuan", "Rubel", "Bitcoin"}
)
# fmt: on

# Capitalised common nouns that taggers trained on news take for names (single-token spans).
# fmt: off
COMMON_NOUN_FALSE_POSITIVES: frozenset[str] = frozenset(
    {
        "Prozent", "Millionen", "Milliarden", "Uhr", "Foto", "Fotos", "Quelle",
        "Grafik", "Bild", "Video", "Internet", "Homepage", "Website", "Startup", "Start-up",
        "Start-ups", "Startups", "Mittelstand", "Wirtschaft", "Unternehmen", "Firma",
        "Konzern", "Stadt", "Region", "Industrie", "Handwerk", "Energiewende",
        "Digitalisierung", "Strukturwandel", "Innovation", "Forschung", "Standort",
        "Zukunft", "Hallo", "Danke", "Bitte", "Ja", "Nein", "Herr", "Frau", "Wasserstoff",
        "Künstliche", "Intelligenz", "KI", "IT", "Cloud", "Software", "Hardware", "Online",
        "Corona", "Pandemie", "Krise", "Studie", "Umfrage", "Bericht", "Projekt",
    }
)
# fmt: on

# Acronyms in capitals that are not organisation names (the ALL-CAPS rule skips them).
# fmt: off
NON_ORG_ACRONYMS: frozenset[str] = frozenset(
    {
        "CEO", "CFO", "CTO", "COO", "KI", "IT", "PDF", "GPS", "CO2", "DAX", "MDAX", "SDAX",
        "TECDAX", "BIP", "ICE", "IC", "LKW", "PKW", "ÖPNV", "KMU", "FAQ", "PR", "TV", "USB",
        "LED", "ID", "EDV", "MINT", "HR", "ESG", "B2B", "B2C", "API", "APP", "SMS", "WLAN",
        "DSL", "GWH", "MWH", "KWH", "MW", "GW", "KW", "PS", "EUR", "USD", "CHF", "GBP", "OK",
        "NEU", "UND", "DER", "DIE", "DAS", "FÜR", "MIT", "VON", "IM", "AM", "ZUM", "ZUR",
        "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "UHR", "CORONA", "COVID",
        "AI", "ML", "IOT", "VR", "AR", "XL", "XXL", "HQ", "SUV", "E", "GMBH", "AG",
        "TEU", "IPCEI", "ZDF", "ARD", "WDR", "NDR", "SWR", "MDR", "BR", "RBB",
    }
)
# fmt: on

# Gazetteer names that are also everyday German words; the gazetteer does not propose these
# (a model may still tag them in context). Derived from the GermEval 2014 training split
# (CC BY 4.0, Benikova et al. 2014; word counts only): a one-word gazetteer name is listed
# when, capitalised, it stands outside an entity at least twice and more often than inside
# one, or (places under 20,000 inhabitants) its lower-case form occurs at least three times;
# names of German places over 100,000 inhabitants stay unless "outside" wins ten to one.
# Plus hand-written additions (village names that are common nouns: "Mark", "Bad", "Tal").
# fmt: off
GAZETTEER_STOPWORDS: frozenset[str] = frozenset(
    {
        "Acht", "Ahr", "Alte", "Altstadt", "Anfang", "Asha", "Au", "Augen", "Bach", "Bad",
        "Bann", "Bat", "Berg", "Berge", "Besitz", "Binnen", "Boden", "Bogen", "Brand",
        "Breit", "Brent", "Bruch", "Brunnen", "Brücken", "Buch", "Buchen", "Bundes", "Burg",
        "Busch", "Bühne", "Damm", "Derby", "Dingen", "Dorf", "Dort", "Drogen", "Ecke",
        "Eichen", "Einig", "Ende", "Energie", "Engen", "Enger", "Fahren", "Favoriten",
        "Feld", "Felde", "Fell", "Fisch", "Fließen", "Garten", "Gering", "Gerne", "Gold",
        "Graben", "Große", "Grund", "Haar", "Hain", "Halbe", "Hammer", "Hang", "Hatten",
        "Hauptbahnhof", "Haus", "Hausen", "Hecken", "Heere", "Heide", "Heimisch", "Hellweg",
        "Hof", "Hofs", "Hohe", "Holt", "Holz", "Horst", "Häuser", "Häusern", "Höchst",
        "Höfen", "Höhe", "Hütte", "Hub", "Hütten", "Industriegebiet", "Insel", "Kamp", "Kappel",
        "Kerle", "Kilo", "Kirche", "Kirchen", "Klang", "Kleine", "Kommen", "Kranz",
        "Kuchen", "König", "Küsten", "Lachen", "Lag", "Lage", "Land", "Lauf", "Laufen",
        "Lauter", "Lehre", "Leiden", "Lichte", "Liege", "Linden", "List", "Loh", "Löhne",
        "Male", "Man", "Mantel", "Mark", "Markt", "Matura", "Mauer", "Mauern", "Maul",
        "Maus", "Maut", "Meine", "Mengen", "Mitte", "Mobil", "Müssen", "Nahe", "Name",
        "Namen", "Namens", "Netze", "Neue", "Neukirchen", "Neustadt", "Nord", "Norden",
        "Nutzen", "Ohne", "Ort", "Ost", "Osten", "Paradies", "Pech", "Pest", "Platten",
        "Pole", "Pracht", "Puls", "Rain", "Rede", "Reden", "Regen", "Reich", "Revier",
        "Ring", "Ringe", "Rot", "Ruhen", "Russe", "Saal", "Saga", "Salz", "Sand",
        "Schleife", "Schuld", "Schule", "Schutz", "Schwarzen", "Seelen", "Senden", "Sinn",
        "Speicher", "Stadt", "Stapel", "Stein", "Stelle", "Stemmen", "Stößen", "Süd", "Tal",
        "Tanne", "Tour", "Vetter", "Viren", "Wald", "Wangen", "Waren", "Wasserstoff", "Weg",
        "Wehr", "Weide", "Weil", "Weiler", "Weisen", "Weiten", "Welle", "Wellen", "Welt",
        "Wenden", "Werben", "West", "Wetter", "Wetters", "Wies", "Wiese", "Wiesen",
        "Winzer", "Wirft", "Wissen", "Wolken", "Wort", "Zell", "Zonen", "Zoo",
    }
)
# fmt: on
