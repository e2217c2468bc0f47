"""German data: federal states and informal regions that GeoNames' city lists do not contain.

Hand-written for this project. State names and admin1 codes follow GeoNames'
admin1CodesASCII.txt for country DE (https://download.geonames.org/export/dump/,
CC BY 4.0), with the German names the states use themselves.
"""

from __future__ import annotations

# GeoNames admin1 code (country DE) -> German federal state (Bundesland).
FEDERAL_STATES: dict[str, str] = {
    "01": "Baden-Württemberg",
    "02": "Bayern",
    "03": "Bremen",
    "04": "Hamburg",
    "05": "Hessen",
    "06": "Niedersachsen",
    "07": "Nordrhein-Westfalen",
    "08": "Rheinland-Pfalz",
    "09": "Saarland",
    "10": "Schleswig-Holstein",
    "11": "Brandenburg",
    "12": "Mecklenburg-Vorpommern",
    "13": "Sachsen",
    "14": "Sachsen-Anhalt",
    "15": "Thüringen",
    "16": "Berlin",
}

# Other spellings of the states in news text -> the name in FEDERAL_STATES.
STATE_ALIASES: dict[str, str] = {
    "NRW": "Nordrhein-Westfalen",
    "Freistaat Bayern": "Bayern",
    "Freistaat Sachsen": "Sachsen",
    "Freistaat Thüringen": "Thüringen",
    "Baden-Wuerttemberg": "Baden-Württemberg",
    "Thueringen": "Thüringen",
}

# Regions and landscapes (no GeoNames city) -> the state they lie in ("" when they cross
# state borders). Hand-written list of the names regional business news uses.
REGIONS: dict[str, str] = {
    "Ruhrgebiet": "Nordrhein-Westfalen",
    "Ruhrpott": "Nordrhein-Westfalen",
    "Revier": "Nordrhein-Westfalen",
    "Metropole Ruhr": "Nordrhein-Westfalen",
    "Münsterland": "Nordrhein-Westfalen",
    "Rheinland": "Nordrhein-Westfalen",
    "Sauerland": "Nordrhein-Westfalen",
    "Siegerland": "Nordrhein-Westfalen",
    "Bergisches Land": "Nordrhein-Westfalen",
    "Emscher-Lippe": "Nordrhein-Westfalen",
    "Niederrhein": "Nordrhein-Westfalen",
    "Ostwestfalen-Lippe": "Nordrhein-Westfalen",
    "Ostwestfalen": "Nordrhein-Westfalen",
    "Westfalen": "Nordrhein-Westfalen",
    "Südwestfalen": "Nordrhein-Westfalen",
    "Eifel": "",
    "Rheinisches Revier": "Nordrhein-Westfalen",
    "Siebengebirge": "Nordrhein-Westfalen",
    "Hellweg": "Nordrhein-Westfalen",
    "Rhein-Main-Gebiet": "Hessen",
    "Rhein-Neckar": "",
    "Oberpfalz": "Bayern",
    "Oberbayern": "Bayern",
    "Franken": "Bayern",
    "Allgäu": "",
    "Schwarzwald": "Baden-Württemberg",
    "Lausitz": "",
    "Erzgebirge": "Sachsen",
    "Vogtland": "",
    "Harz": "",
    "Emsland": "Niedersachsen",
    "Ostfriesland": "Niedersachsen",
    "Uckermark": "Brandenburg",
    "Mitteldeutschland": "",
    "Ostdeutschland": "",
    "Westdeutschland": "",
    "Norddeutschland": "",
    "Süddeutschland": "",
}
