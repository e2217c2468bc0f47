"""German data: the states of Austria and the cantons of Switzerland, and every state's capital.

Hand-written for this project. Admin1 codes follow GeoNames' admin1CodesASCII.txt for
countries AT and CH (https://download.geonames.org/export/dump/, CC BY 4.0); names are the
German ones the states and cantons use. Capitals are the seats of government; a state's
coordinates are its capital's (GeoNames has no point for a state in the data we ship).
"""

from __future__ import annotations

# GeoNames admin1 code (country AT) -> Austrian Bundesland.
AUSTRIAN_STATES: dict[str, str] = {
    "01": "Burgenland",
    "02": "Kärnten",
    "03": "Niederösterreich",
    "04": "Oberösterreich",
    "05": "Salzburg",
    "06": "Steiermark",
    "07": "Tirol",
    "08": "Vorarlberg",
    "09": "Wien",
}

# GeoNames admin1 code (country CH) -> Swiss canton.
SWISS_CANTONS: dict[str, str] = {
    "AG": "Aargau",
    "AI": "Appenzell Innerrhoden",
    "AR": "Appenzell Ausserrhoden",
    "BE": "Bern",
    "BL": "Basel-Landschaft",
    "BS": "Basel-Stadt",
    "FR": "Freiburg",
    "GE": "Genf",
    "GL": "Glarus",
    "GR": "Graubünden",
    "JU": "Jura",
    "LU": "Luzern",
    "NE": "Neuenburg",
    "NW": "Nidwalden",
    "OW": "Obwalden",
    "SG": "St. Gallen",
    "SH": "Schaffhausen",
    "SO": "Solothurn",
    "SZ": "Schwyz",
    "TG": "Thurgau",
    "TI": "Tessin",
    "UR": "Uri",
    "VD": "Waadt",
    "VS": "Wallis",
    "ZG": "Zug",
    "ZH": "Zürich",
}

# Canton names that are also German towns or words ("Freiburg" im Breisgau, "Zug", "Jura"):
# matched in text only as "Kanton X".
AMBIGUOUS_CANTONS: frozenset[str] = frozenset({"Freiburg", "Neuenburg", "Zug", "Jura", "Uri"})

# Other spellings of the states and cantons in news text -> the name above.
STATE_ALIASES_AT_CH: dict[str, str] = {
    "Baselland": "Basel-Landschaft",
    "Basel-Land": "Basel-Landschaft",
    "Appenzell-Ausserrhoden": "Appenzell Ausserrhoden",
    "Appenzell-Innerrhoden": "Appenzell Innerrhoden",
    "Graubuenden": "Graubünden",
    "Kaernten": "Kärnten",
}

# State -> (capital as GeoNames names it, ISO country code).
STATE_CAPITALS: dict[str, tuple[str, str]] = {
    "Baden-Württemberg": ("Stuttgart", "DE"),
    "Bayern": ("Munich", "DE"),
    "Berlin": ("Berlin", "DE"),
    "Brandenburg": ("Potsdam", "DE"),
    "Bremen": ("Bremen", "DE"),
    "Hamburg": ("Hamburg", "DE"),
    "Hessen": ("Wiesbaden", "DE"),
    "Mecklenburg-Vorpommern": ("Schwerin", "DE"),
    "Niedersachsen": ("Hannover", "DE"),
    "Nordrhein-Westfalen": ("Düsseldorf", "DE"),
    "Rheinland-Pfalz": ("Mainz", "DE"),
    "Saarland": ("Saarbrücken", "DE"),
    "Sachsen": ("Dresden", "DE"),
    "Sachsen-Anhalt": ("Magdeburg", "DE"),
    "Schleswig-Holstein": ("Kiel", "DE"),
    "Thüringen": ("Erfurt", "DE"),
    "Burgenland": ("Eisenstadt", "AT"),
    "Kärnten": ("Klagenfurt am Wörthersee", "AT"),
    "Niederösterreich": ("Sankt Pölten", "AT"),
    "Oberösterreich": ("Linz", "AT"),
    "Salzburg": ("Salzburg", "AT"),
    "Steiermark": ("Graz", "AT"),
    "Tirol": ("Innsbruck", "AT"),
    "Vorarlberg": ("Bregenz", "AT"),
    "Wien": ("Vienna", "AT"),
    "Aargau": ("Aarau", "CH"),
    "Appenzell Innerrhoden": ("Appenzell", "CH"),
    "Appenzell Ausserrhoden": ("Herisau", "CH"),
    "Bern": ("Bern", "CH"),
    "Basel-Landschaft": ("Liestal", "CH"),
    "Basel-Stadt": ("Basel", "CH"),
    "Freiburg": ("Fribourg", "CH"),
    "Genf": ("Geneva", "CH"),
    "Glarus": ("Glarus", "CH"),
    "Graubünden": ("Chur", "CH"),
    "Jura": ("Delémont", "CH"),
    "Luzern": ("Luzern", "CH"),
    "Neuenburg": ("Neuchâtel", "CH"),
    "Nidwalden": ("Stans", "CH"),
    "Obwalden": ("Sarnen", "CH"),
    "St. Gallen": ("Sankt Gallen", "CH"),
    "Schaffhausen": ("Schaffhausen", "CH"),
    "Solothurn": ("Solothurn", "CH"),
    "Schwyz": ("Schwyz", "CH"),
    "Thurgau": ("Frauenfeld", "CH"),
    "Tessin": ("Bellinzona", "CH"),
    "Uri": ("Altdorf", "CH"),
    "Waadt": ("Lausanne", "CH"),
    "Wallis": ("Sitten", "CH"),
    "Zug": ("Zug", "CH"),
    "Zürich": ("Zürich", "CH"),
}
