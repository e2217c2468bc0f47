"""Bench corpus: N German news articles, varied copies of corpus/ plus built-in templates.

Each article is written as a file so the benchmark measures the real ingest path. Copies of
sample articles get fresh figures and names (persons, cities) so no two files are the same
text; the templates are ours, written in the style of the regional-economy sample articles.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

SOURCE_SUFFIXES = (".txt", ".md")
# Below this many sample articles the variety comes mostly from the templates.
MIN_SAMPLES = 20

CITIES = (
    "Bochum", "Dortmund", "Essen", "Duisburg", "Gelsenkirchen", "Herne", "Oberhausen",
    "Mülheim an der Ruhr", "Hagen", "Hamm", "Recklinghausen", "Bottrop", "Witten", "Unna",
    "Castrop-Rauxel", "Gladbeck", "Marl", "Moers", "Münster", "Aachen", "Köln", "Düsseldorf",
    "Bielefeld", "Paderborn", "Siegen", "Wuppertal", "Solingen", "Krefeld", "Iserlohn",
    "Lüdenscheid", "Arnsberg", "Bonn", "Leverkusen", "Neuss", "Mönchengladbach", "Hattingen",
)  # fmt: skip
FIRST_NAMES = (
    "Anna", "Markus", "Katrin", "Jürgen", "Sabine", "Thomas", "Heike", "Frank", "Claudia",
    "Stefan", "Petra", "Michael", "Julia", "Andreas", "Birgit", "Christian", "Nadine", "Ralf",
    "Özlem", "Dirk", "Miriam", "Holger", "Sandra", "Tobias", "Ines", "Volker", "Lea", "Björn",
)  # fmt: skip
LAST_NAMES = (
    "Schulte", "Lehmkuhl", "Brinkmann", "Kowalski", "Tiemann", "Vormbrock", "Osterhage",
    "Becker", "Hoffmann", "Wagner", "Schäfer", "Yilmaz", "Köhler", "Neumann", "Schröder",
    "Krüger", "Hartmann", "Wienold", "Nowak", "Bergmann", "Özdemir", "Sauerland", "Dreier",
    "Kampmann", "Terhorst", "Pieper", "Lindemann", "Gerdes", "Szymański", "Hülsmann",
)  # fmt: skip
COMPANY_STEMS = (
    "Westfalen", "Revier", "Emscher", "Lippe", "Ruhrtal", "Hellweg", "Sauerland", "Rhein",
    "Zeche", "Phoenix", "Hansa", "Kokerei", "Stahlwerk", "Hafen", "Kraftwerk", "Tremonia",
)  # fmt: skip
COMPANY_KINDS = (
    "Logistik", "Energie", "Stahl", "Software", "Maschinenbau", "Medizintechnik", "Chemie",
    "Recycling", "Wasserstoff", "Bau", "Robotik", "Datenzentrum", "Kunststoff", "Elektronik",
)  # fmt: skip
COMPANY_FORMS = ("GmbH", "AG", "GmbH & Co. KG", "SE", "KG", "eG")
ROLES = (
    "Geschäftsführer", "Geschäftsführerin", "Vorstandschef", "Vorstandsvorsitzende",
    "Sprecher", "Sprecherin", "Wirtschaftsförderer", "Oberbürgermeister", "Betriebsratschef",
    "Hauptgeschäftsführerin", "Werkleiter", "Finanzvorstand",
)  # fmt: skip
BRANCHES = (
    "Logistikbranche", "Stahlindustrie", "IT-Wirtschaft", "Chemieindustrie", "Gastronomie",
    "Bauwirtschaft", "Energiewirtschaft", "Gesundheitswirtschaft", "Automobilzulieferer",
)  # fmt: skip
NUMBER_WORDS = ("zwei", "drei", "vier", "fünf", "sechs", "zehn", "zwölf", "dreiundzwanzig",
                "anderthalb", "ein Dutzend", "zwanzig")  # fmt: skip
MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember")  # fmt: skip

TITLES = (
    "{firma} baut in {stadt} {zahl} neue Arbeitsplätze auf",
    "{stadt}: {firma} investiert {betrag} in neues Werk",
    "Umsatzplus von {prozent} für {firma}",
    "{branche} im Revier: Stimmung trübt sich ein",
    "Neuer Standort in {stadt} – {firma} wächst weiter",
    "Strukturwandel in {stadt}: {zahl} Jobs auf dem ehemaligen Zechengelände",
    "{firma} streicht {zahl} Stellen",
    "Förderbescheid über {betrag} für {stadt}",
)
PARAGRAPHS = (
    "{firma} will an ihrem Standort in {stadt} bis {jahr} rund {zahl} neue Arbeitsplätze "
    "schaffen. Das Unternehmen investiert dafür {betrag} in eine neue Halle, wie "
    "{rolle} {person} am {datum} ankündigte.",
    "„Wir sehen in {stadt} enormes Potenzial“, sagt {person}, {rolle} der {firma}. Schon jetzt "
    "beschäftige das Unternehmen dort knapp {zahl} Menschen, der Umsatz sei im vergangenen "
    "Geschäftsjahr um {prozent} auf {betrag} gestiegen.",
    "Nach Angaben der IHK sind in der {branche} derzeit etwa {zahl} Stellen unbesetzt. "
    "Das sind {prozent} mehr als im Vorjahr. Besonders gesucht werden Fachkräfte in {stadt} "
    "und {stadt2}.",
    "Das Land Nordrhein-Westfalen fördert das Vorhaben mit {betrag}. Weitere {betrag2} kommen "
    "vom Bund, den Rest tragen die Stadtwerke {stadt} und die {firma2}.",
    "Die Zahl der Insolvenzen in der Region stieg im ersten Halbjahr um {prozent}. Betroffen "
    "waren vor allem kleine Betriebe mit weniger als {klein} Beschäftigten, teilte das "
    "Amtsgericht {stadt} mit.",
    "Bereits {jahr} hatte die {firma2} ein Grundstück von {flaeche} Quadratmetern in {stadt2} "
    "gekauft. Dort sollen nun {wort} Produktionslinien entstehen, die jährlich bis zu "
    "{zahl} Tonnen verarbeiten.",
    "Kritik kommt von der Gewerkschaft. „Die Beschäftigten dürfen nicht die Zeche zahlen“, "
    "sagt {person2}, Bevollmächtigte der IG Metall in {stadt}. Rund {zahl} Mitarbeiter "
    "seien von der Umstrukturierung betroffen.",
    "Der Aufsichtsrat der {firma} hat am {datum} einem Sparprogramm zugestimmt. Bis {jahr} "
    "sollen die Kosten um {betrag} sinken, die Marge soll auf {prozent} steigen.",
    "Wirtschaftsförderer {person2} sieht {stadt} gut aufgestellt: Seit {jahr} hätten sich "
    "mehr als {zahl} Unternehmen neu angesiedelt, darunter die {firma2} aus {stadt2}.",
    "Der Energieverbrauch des Werks soll um {prozent} sinken. Dafür installiert das Unternehmen "
    "eine Photovoltaikanlage mit {leistung} Megawatt Leistung und einen Elektrolyseur.",
    "Die Arbeitslosenquote in {stadt} lag im {monat} bei {quote} Prozent und damit "
    "{pp} Prozentpunkte unter dem Vorjahreswert. Landesweit waren rund {zahl} Menschen "
    "ohne Job.",
    "Seit der Gründung vor {wort} Jahren hat sich der Umsatz fast verdreifacht. "
    "{person} rechnet für das laufende Jahr mit einem Plus von {prozent}, wobei die "
    "Auftragslage im {monat} zuletzt schwächer war.",
    "Zwischen {klein} und {zahl} Euro pro Jahr kosteten die neuen Berichtspflichten einen "
    "mittelständischen Betrieb, rechnet {person2} vom Unternehmerverband {stadt} vor.",
    "Die Bauarbeiten sollen im {monat} {jahr} beginnen. Geplant sind {wort} Bauabschnitte "
    "auf einer Fläche von rund {flaeche} Quadratmetern direkt an der A40.",
)
DATELINE_FORMS = ("{STADT}. ", "{stadt}. ", "{STADT} (dpa) - ", "{stadt} – ")


def _money(rng: random.Random) -> str:
    amount = rng.choice(
        (
            f"{rng.randint(2, 900)} Millionen Euro",
            f"{rng.randint(1, 9)},{rng.randint(1, 9)} Milliarden Euro",
            f"{rng.randint(2, 99)}.{rng.randint(0, 999):03d} Euro",
            f"{rng.randint(2, 90)} Mio. Euro",
            f"rund {rng.randint(2, 300)} Millionen Euro",
            f"{rng.randint(1, 40)},{rng.randint(0, 9)} Mrd. Euro",
        )
    )
    return amount


def _slots(rng: random.Random) -> dict[str, str]:
    def person() -> str:
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"

    def firm() -> str:
        return (
            f"{rng.choice(COMPANY_STEMS)} {rng.choice(COMPANY_KINDS)} {rng.choice(COMPANY_FORMS)}"
        )

    stadt, stadt2 = rng.sample(CITIES, 2)
    return {
        "stadt": stadt,
        "STADT": stadt.upper(),
        "stadt2": stadt2,
        "firma": firm(),
        "firma2": firm(),
        "person": person(),
        "person2": person(),
        "rolle": rng.choice(ROLES),
        "branche": rng.choice(BRANCHES),
        "zahl": rng.choice(
            (str(rng.randint(20, 999)), f"{rng.randint(1, 60)}.{rng.randint(0, 999):03d}")
        ),
        "klein": str(rng.randint(5, 50)),
        "wort": rng.choice(NUMBER_WORDS),
        "betrag": _money(rng),
        "betrag2": _money(rng),
        "prozent": rng.choice(
            (f"{rng.randint(1, 40)} Prozent", f"{rng.randint(1, 19)},{rng.randint(1, 9)} %")
        ),
        "quote": f"{rng.randint(4, 14)},{rng.randint(0, 9)}",
        "pp": f"{rng.randint(0, 2)},{rng.randint(1, 9)}",
        "jahr": str(rng.randint(1995, 2030)),
        "monat": rng.choice(MONTHS),
        "datum": f"{rng.randint(1, 28)}. {rng.choice(MONTHS)} {rng.randint(2015, 2026)}",
        "flaeche": f"{rng.randint(2, 90)}.{rng.randint(0, 999):03d}",
        "leistung": f"{rng.randint(1, 30)},{rng.randint(0, 9)}",
    }


def template_article(rng: random.Random) -> str:
    """One article of about 2,000 characters (a title, a dateline, seven to nine paragraphs)."""
    slots = _slots(rng)
    title = rng.choice(TITLES).format(**slots)
    paragraphs = rng.sample(PARAGRAPHS, rng.randint(7, 9))
    paragraphs[0] = rng.choice(DATELINE_FORMS).format(**slots) + paragraphs[0]
    # Fresh figures per paragraph, same people and places across the article.
    body = [p.format(**(_slots(rng) | {k: slots[k] for k in ("stadt", "STADT", "firma", "person")}))
            for p in paragraphs]  # fmt: skip
    return title + "\n\n" + "\n\n".join(body) + "\n"


_YEAR = re.compile(r"\b(19[5-9]\d|20[0-3]\d)\b")
_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b")
# Digits glued to letters ("CO2", "A40") are names, not figures.
_DIGITS = re.compile(r"(?<![^\W\d_])\d+(?![^\W\d_])")


def _vary_number(match: re.Match[str], rng: random.Random) -> str:
    digits = match.group()
    if len(digits) == 1:
        return str(rng.randint(1, 9))
    return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in digits[1:])


def vary_sample(text: str, names: dict[str, str], rng: random.Random) -> str:
    """A copy of a sample article with other figures, dates, years, persons and cities."""
    for old, new in names.items():
        for before, after in ((old, new), (old.upper(), new.upper())):
            text = re.sub(rf"\b{re.escape(before)}\b", after.replace("\\", r"\\"), text)
    text = _DATE.sub(
        lambda m: f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(2015, 2026)}",
        text,
    )
    text = _YEAR.sub(lambda m: str(rng.randint(1950, 2030)), text)
    return _DIGITS.sub(lambda m: m.group() if len(m.group()) == 4 else _vary_number(m, rng), text)


def _gold_names(corpus: Path, rel: str) -> list[tuple[str, str]]:
    """(text, label) of the persons and places that corpus/gold marks in a sample file."""
    gold = corpus / "gold" / (rel.replace("/", "__").rsplit(".", 1)[0] + ".json")
    try:
        entities = json.loads(gold.read_text(encoding="utf-8")).get("entities", [])
    except (OSError, ValueError):
        return []
    return sorted({(e["text"], e["label"]) for e in entities if e.get("label") in ("PER", "LOC")})


def load_samples(corpus: Path) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(relative path, text, gold names) of every sample article under corpus/."""
    samples = []
    if not corpus.is_dir():
        return samples
    for path in sorted(corpus.rglob("*")):
        rel = path.relative_to(corpus).as_posix()
        # Articles live in region folders; files at the top (README) and gold/ are not news.
        if path.suffix.lower() not in SOURCE_SUFFIXES or "/" not in rel or rel.startswith("gold/"):
            continue
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        samples.append((rel, text, _gold_names(corpus, rel)))
    return samples


def _renames(gold: list[tuple[str, str]], text: str, rng: random.Random) -> dict[str, str]:
    names: dict[str, str] = {}
    for name, label in gold:
        if label == "PER" and " " in name:
            names[name] = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        elif label == "LOC" and name in CITIES:
            names[name] = rng.choice(CITIES)
    for city in CITIES:
        if city not in names and (city in text or city.upper() in text) and rng.random() < 0.7:
            names[city] = rng.choice(CITIES)
    # Longest first, so "Mülheim an der Ruhr" is replaced before "Ruhr" could be.
    return dict(sorted(names.items(), key=lambda item: -len(item[0])))


def iter_articles(n: int, corpus: Path, seed: int = 6) -> Iterator[tuple[str, str]]:
    """(relative path, text) of n articles; the same n, corpus and seed give the same texts."""
    rng = random.Random(seed)
    samples = load_samples(corpus)
    template_share = 1.0 if not samples else (0.5 if len(samples) < MIN_SAMPLES else 0.0)
    for i in range(n):
        folder = f"{i // 500:03d}"
        if rng.random() < template_share:
            yield f"{folder}/template-{i:06d}.txt", template_article(rng)
        else:
            rel, text, gold = rng.choice(samples)
            stem = Path(rel).stem
            suffix = Path(rel).suffix
            yield (
                f"{folder}/{stem}-{i:06d}{suffix}",
                vary_sample(text, _renames(gold, text, rng), rng),
            )


def write_corpus(target: Path, n: int, corpus: Path, seed: int = 6) -> int:
    """Write n articles under target (replacing what is there); returns the bytes written."""
    written = 0
    for rel, text in iter_articles(n, corpus, seed):
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        written += len(data)
    return written
