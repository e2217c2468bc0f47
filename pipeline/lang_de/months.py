"""German month names and the words that place a date within a month.

Source: Duden; "Jänner" is the Austrian form of January (Österreichisches Wörterbuch);
abbreviations after DIN 5008.
"""

MONTHS: dict[str, int] = {
    "Januar": 1, "Jänner": 1, "Jan.": 1,
    "Februar": 2, "Feber": 2, "Feb.": 2, "Febr.": 2,
    "März": 3, "Mär.": 3,
    "April": 4, "Apr.": 4,
    "Mai": 5,
    "Juni": 6,
    "Juli": 7,
    "August": 8, "Aug.": 8,
    "September": 9, "Sep.": 9, "Sept.": 9,
    "Oktober": 10, "Okt.": 10,
    "November": 11, "Nov.": 11,
    "Dezember": 12, "Dez.": 12,
}

# "Mitte März 2020": part of the date span (docs/ANNOTATION.md), normalised to the month.
MONTH_PARTS: frozenset[str] = frozenset({"Anfang", "Mitte", "Ende"})
