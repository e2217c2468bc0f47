"""Records: the plain dataclasses every stage exchanges (ingest -> nlp -> extract -> store)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class Entity:
    """A named organisation, place, person or other name found in an article."""

    label: str  # ORG, LOC, PER, MISC
    text: str  # exactly body[start:end]
    start: int
    end: int
    canonical: str  # base form: no article, genitive undone, short form linked to long form
    sentence: str  # the sentence the mention stands in
    source: str  # "model", "rule" or "gazetteer": which component proposed the span
    geonames_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    state: str | None = None  # Bundesland (DE, AT) or Kanton (CH) of a linked place
    country: str | None = None  # ISO 3166-1 alpha-2 code of a linked place ("DE", "AT", "CH")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Figure:
    """A number as an article states it; see docs/ANNOTATION.md for the conventions."""

    text: str  # exactly body[start:end]
    start: int
    end: int
    value: float | None
    value_min: float | None
    value_max: float | None
    qualifier: str  # exact, approx, min, max, range, change, vague
    unit: str  # ISO currency, "%", "pp", unit symbol, or the counted noun (nominative plural)
    kind: str  # count, money, percent, percent_points, measure, year, date, number
    sentence: str
    normalized: str = ""  # ISO date for kind == "date"
    direction: str = ""  # "up", "down" or "": the direction of a change or a signed figure
    measure: str = ""  # what the figure measures when not the counted noun ("Umsatz")
    org: str = ""  # canonical name of the organisation the figure is about
    place: str = ""  # canonical name of the place the figure is about
    context_from: str = ""  # where org/place came from: "sentence", "dateline" or ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Article:
    """One input file, decoded; `body` is the text every offset refers to.

    The metadata fields are filled by ingest from the file's own metadata (HTML meta tags,
    front matter, a sidecar file, a byline) and the run's defaults; see README "Metadata".
    """

    article_id: str
    path: str  # relative to the input folder, "/" separators
    body: str
    title: str = ""
    dateline: str = ""
    encoding: str = ""
    sha256: str = ""
    published: str = ""  # ISO date or date-time, as precise as the source gives it
    source: str = ""  # site or publication name
    url: str = ""
    author: str = ""
    section: str = ""
    language: str = ""  # ISO 639-1 code from the language identifier
    language_probability: float = 1.0
    teaser: str = ""
    metadata_from: tuple[str, ...] = ()  # html-meta, front-matter, sidecar, byline, path, cli
    extra: dict[str, Any] = field(default_factory=dict)  # metadata keys without a column
    raw_text: str = ""  # HTML: the whole text trafilatura extracted (headline included)
    # Character ranges of the body that are metadata, not article text (a byline, a closing
    # "(Name; 01.11.2015)"): they stay in the body, but no entity or figure is taken there.
    skip_spans: tuple[tuple[int, int], ...] = ()
    sidecar: str = ""  # path of the sidecar file read, relative like `path`
    sidecar_stat: str = ""  # "size:mtime_ns" of that sidecar: a change re-reads the metadata
    body_hash: str = ""  # of the whitespace-normalised text after the headline (duplicates)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class ArticleResult:
    """What processing one article yields: the article's row plus its entities and figures."""

    article: Article
    status: str  # "ok", "error", "missing"
    error: str = ""
    tokens: int = 0
    model: str = ""
    entities: list[Entity] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
