"""Units of measure and percent words, mapped to the symbols docs/ANNOTATION.md asks for.

Source: SI brochure (BIPM, 9th ed.) and DIN 1301-1 "Einheiten" for symbols; German unit
names and their dative plurals ("auf 500 Quadratmetern") after Duden.
"""

# Written form -> symbol; matched case-sensitively ("t" is tonnes, "T" is not a unit here).
MEASURE_UNITS: dict[str, str] = {
    "km²": "km²",
    "km2": "km²",
    "qkm": "km²",
    "Quadratkilometer": "km²",
    "Quadratkilometern": "km²",
    "m²": "m²",
    "m2": "m²",
    "qm": "m²",
    "Quadratmeter": "m²",
    "Quadratmetern": "m²",
    "m³": "m³",
    "Kubikmeter": "m³",
    "Kubikmetern": "m³",
    "ha": "ha",
    "Hektar": "ha",
    "km": "km",
    "Kilometer": "km",
    "Kilometern": "km",
    "m": "m",
    "Meter": "m",
    "Metern": "m",
    "t": "t",
    "Tonne": "t",
    "Tonnen": "t",
    "kg": "kg",
    "Kilogramm": "kg",
    "Kilo": "kg",
    "MW": "MW",
    "Megawatt": "MW",
    "GW": "GW",
    "Gigawatt": "GW",
    "kW": "kW",
    "Kilowatt": "kW",
    "MWh": "MWh",
    "Megawattstunden": "MWh",
    "Megawattstunde": "MWh",
    "GWh": "GWh",
    "Gigawattstunden": "GWh",
    "Gigawattstunde": "GWh",
    "kWh": "kWh",
    "Kilowattstunden": "kWh",
    "Kilowattstunde": "kWh",
    "l": "l",
    "Liter": "l",
    "Litern": "l",
}

PERCENT_WORDS: frozenset[str] = frozenset({"Prozent", "%", "v. H.", "vH"})
PERCENT_POINT_WORDS: frozenset[str] = frozenset(
    {"Prozentpunkte", "Prozentpunkten", "Prozentpunkt", "Pp.", "%-Punkte", "Prozent-Punkte"}
)
