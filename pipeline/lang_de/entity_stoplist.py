"""German data: words that look like names to a model or a gazetteer but are not entities.

Hand-written for this project unless a table says otherwise.
"""

from __future__ import annotations

# Articles and prepositions that stand before a name but are not part of it
# ("des Fraunhofer-Instituts" -> span "Fraunhofer-Instituts"), compared in lower case.
LEADING_FUNCTION_WORDS: frozenset[str] = frozenset(
    {
        "der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "einem",
        "einen", "im", "in", "ins", "am", "an", "ans", "auf", "aus", "bei", "beim", "mit",
        "nach", "von", "vom", "zu", "zum", "zur", "für", "über", "unter", "durch", "gegen",
        "ohne", "um", "sowie", "und", "oder", "laut", "seit", "gegenüber", "dieser", "diese",
        "dieses", "diesem", "diesen",
    }
)

# Greetings, forms of address, academic titles and roles that precede a name; they are not
# part of a PER span (docs/ANNOTATION.md: "without titles and without the role").
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

# Month and weekday names: a span made only of these (and digits) is a date, never ORG/PER.
DATE_WORDS: frozenset[str] = frozenset(
    {
        "Januar", "Jänner", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
        "September", "Oktober", "November", "Dezember", "Jan.", "Feb.", "Mär.", "Apr.",
        "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Okt.", "Nov.", "Dez.", "Montag",
        "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonnabend", "Sonntag",
        "Frühjahr", "Frühling", "Sommer", "Herbst", "Winter", "Quartal", "Anfang", "Mitte",
        "Ende", "Jahr", "Jahres",
    }
)

# Capitalised common nouns that taggers trained on news take for names (single-token spans).
COMMON_NOUN_FALSE_POSITIVES: frozenset[str] = frozenset(
    {
        "Euro", "Prozent", "Millionen", "Milliarden", "Uhr", "Foto", "Fotos", "Quelle",
        "Grafik", "Bild", "Video", "Internet", "Homepage", "Website", "Startup", "Start-up",
        "Start-ups", "Startups", "Mittelstand", "Wirtschaft", "Unternehmen", "Firma",
        "Konzern", "Stadt", "Region", "Industrie", "Handwerk", "Energiewende",
        "Digitalisierung", "Strukturwandel", "Innovation", "Forschung", "Standort",
        "Zukunft", "Hallo", "Danke", "Bitte", "Ja", "Nein", "Herr", "Frau", "Wasserstoff",
        "Künstliche", "Intelligenz", "KI", "IT", "Cloud", "Software", "Hardware", "Online",
        "Corona", "Pandemie", "Krise", "Studie", "Umfrage", "Bericht", "Projekt",
    }
)

# Acronyms in capitals that are not organisation names (the ALL-CAPS rule skips them).
NON_ORG_ACRONYMS: frozenset[str] = frozenset(
    {
        "CEO", "CFO", "CTO", "COO", "KI", "IT", "PDF", "GPS", "CO2", "DAX", "MDAX", "SDAX",
        "TECDAX", "BIP", "ICE", "IC", "LKW", "PKW", "ÖPNV", "KMU", "FAQ", "PR", "TV", "USB",
        "LED", "ID", "EDV", "MINT", "HR", "ESG", "B2B", "B2C", "API", "APP", "SMS", "WLAN",
        "DSL", "GWH", "MWH", "KWH", "MW", "GW", "KW", "PS", "EUR", "USD", "CHF", "GBP", "OK",
        "NEU", "UND", "DER", "DIE", "DAS", "FÜR", "MIT", "VON", "IM", "AM", "ZUM", "ZUR",
        "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "UHR", "CORONA", "COVID",
        "AI", "ML", "IOT", "VR", "AR", "XL", "XXL", "HQ", "PS", "SUV", "E", "GMBH", "AG",
    }
)

# GeoNames place names that are also everyday German words; the gazetteer does not propose
# these (a model may still tag them in context). Derived by counting how often each
# capitalised GeoNames name for a place in Germany appears outside an entity vs. as an
# entity in the GermEval 2014 training split (CC BY 4.0, Benikova et al. 2014; words only,
# kept where "outside" won at least twice), plus hand-written additions.
GAZETTEER_STOPWORDS: frozenset[str] = frozenset(
    {
        "Acht", "Ahr", "Altstadt", "Anfang", "Au", "Augen", "Bach", "Bad", "Bann", "Berg",
        "Berge", "Besitz", "Binnen", "Boden", "Bogen", "Brand", "Bruch", "Brunnen", "Brücken",
        "Buch", "Buchen", "Burg", "Busch", "Bühne", "Damm", "Dingen", "Dorf", "Drogen", "Ecke",
        "Eichen", "Ende", "Fahren", "Feld", "Felde", "Fell", "Fisch", "Garten", "Gerne",
        "Graben", "Grund", "Haar", "Hain", "Halle", "Hammer", "Hauptbahnhof", "Haus", "Hausen",
        "Hecken", "Heere", "Heide", "Hof", "Holz", "Horst", "Häuser", "Häusern", "Höfen",
        "Höhe", "Hütte", "Hütten", "Industriegebiet", "Insel", "Kamp", "Kappel", "Kerle",
        "Kilo", "Kirche", "Kirchen", "Kommen", "Kranz", "Kuchen", "König", "Küsten", "Lachen",
        "Lage", "Land", "Lauf", "Laufen", "Lehre", "Lichte", "Linden", "List", "Loh", "Löhne",
        "Mantel", "Mark", "Markt", "Mauer", "Mauern", "Maul", "Maut", "Meine", "Mengen",
        "Mitte", "Netze", "Neukirchen", "Neustadt", "Nord", "Norden", "Nutzen", "Ohne", "Ort",
        "Ost", "Osten", "Paradies", "Pech", "Platten", "Pole", "Pracht", "Puls", "Rain", "Rede",
        "Reden", "Regen", "Reich", "Ring", "Ringe", "Rot", "Saal", "Salz", "Sand", "Schleife",
        "Schuld", "Schule", "Schutz", "Schwarzen", "Seelen", "Senden", "Sinn", "Speicher",
        "Stadt", "Stapel", "Stein", "Stelle", "Stößen", "Süd", "Tal", "Tanne", "Vetter",
        "Viren", "Wald", "Wangen", "Waren", "Weg", "Wehr", "Weide", "Weil", "Weiler", "Weiten",
        "Welle", "Wellen", "Welt", "Werben", "West", "Wetter", "Wiese", "Wiesen", "Winzer",
        "Wissen", "Wolken", "Wort", "Zell", "Zonen", "Zoo",
    }
)
