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
    state: str | None = None  # German federal state (Bundesland) of a linked place

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
    """One input file, decoded; `body` is the text every offset refers to."""

    article_id: str
    path: str  # relative to the input folder, "/" separators
    body: str
    title: str = ""
    dateline: str = ""
    encoding: str = ""
    sha256: str = ""

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
