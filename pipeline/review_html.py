"""Export: the HTML review, an index and one page per article with what was found in it.

Rendering follows displaCy (`spacy/displacy/render.py`): functions from plain dicts (text,
spans with label and offsets) to escaped HTML, with the page templates as data under
`pipeline/templates/`. The pages are static files that open from disk: style and the one
script are inlined, nothing is loaded from elsewhere, and a Content-Security-Policy allows
only that script (article pages run none), so a `<script>` in an article is text.

The review is kept by month, as the export partitions are: `index.html` gives the counts,
charts and a list of months; `months/2026-11.html` lists a month's articles; each article
has its page in `articles/`, linked to its neighbours in the month. `html/.manifest.json`
holds each month's partition digest, `html/.pages/2026-11.json` the hash of each of that
month's pages: a run reads and writes only the months whose digest changed, and within
them only the pages whose hash changed; pages of articles that left the store go.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from html import escape
from pathlib import Path
from string import Template
from typing import Any

from . import __version__
from .export import TMP_SUFFIX, _atomic_write
from .store import Store, partition_filter

HTML_DIR = "html"
PAGES_DIR = "articles"
MONTHS_DIR = "months"  # one page per export partition: its articles
KEYS_DIR = ".pages"  # per month, each article page's key (what the page was made from)
PAGE_MANIFEST = ".manifest.json"
REVIEW_VERSION = 2  # 2: kept by month (index, month pages, keys per month)
# The columns of an article the index lists.
LISTED = ("article_id", "path", "title", "published", "source", "entities", "figures", "status")
TEMPLATES = Path(__file__).resolve().parent / "templates"
TOP_NAMES = 20
CHART_SOURCES = 8
ENTITY_LABELS = ("ORG", "LOC", "PER", "MISC")
LABEL_NAMES = {"ORG": "Organisation", "LOC": "Ort", "PER": "Person", "MISC": "Sonstiges"}
KIND_NAMES = {
    "count": "Anzahl", "money": "Geld", "percent": "Prozent",
    "percent_points": "Prozentpunkte", "measure": "Maß", "year": "Jahr", "date": "Datum",
    "number": "Zahl",
}  # fmt: skip
SOURCE_COLOURS = (
    "#2e75b6", "#c55a11", "#548235", "#7030a0", "#bf9000", "#1f9e9e", "#c00000", "#7f7f7f",
    "#a5a5a5",
)  # fmt: skip
# Figure columns shown in the side table when the store has them (measure, org, place and
# context come with the figure-attribution work; absent columns are simply not shown).
FIGURE_COLUMNS = (
    ("text", "Text"), ("value", "Wert"), ("unit", "Einheit"), ("kind", "Art"),
    ("qualifier", "Einschränkung"), ("direction", "Richtung"), ("measure", "Messgröße"),
    ("org", "Organisation"), ("place", "Ort"), ("context_from", "Kontext aus"),
)  # fmt: skip
ENTITY_COLUMNS = (
    ("label", "Typ"), ("text", "Text"), ("canonical", "Grundform"), ("state", "Bundesland"),
    ("country", "Staat"),
)  # fmt: skip


# --- rendering: plain dicts in, escaped HTML out -----------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    """A highlighted stretch of the text: [start, end), its CSS class, label and tooltip."""

    start: int
    end: int
    css: str
    label: str
    title: str
    anchor: str


def render_text(text: str, spans: Iterable[Span]) -> tuple[str, list[Span]]:
    """The text as escaped HTML with each span a <mark>; nested spans nest.

    Spans are taken longest first at each offset; one that crosses another (starts inside
    it and ends after it) cannot nest and is left out. Returns the HTML and the spans left
    out (still listed in the side tables).
    """
    ordered = sorted(
        (s for s in spans if 0 <= s.start < s.end <= len(text)),
        key=lambda s: (s.start, -s.end),
    )
    parts: list[str] = []
    open_spans: list[Span] = []
    skipped: list[Span] = []
    at = 0

    def close_until(position: int) -> None:
        nonlocal at
        while open_spans and open_spans[-1].end <= position:
            span = open_spans.pop()
            parts.append(escape(text[at : span.end]))
            parts.append("</mark>")
            at = span.end

    for span in ordered:
        close_until(span.start)
        if open_spans and span.end > open_spans[-1].end:
            skipped.append(span)
            continue
        parts.append(escape(text[at : span.start]))
        parts.append(
            f'<mark id="{escape(span.anchor)}" class="{escape(span.css)}"'
            f' data-label="{escape(span.label)}" title="{escape(span.title)}">'
        )
        at = span.start
        open_spans.append(span)
    close_until(len(text))
    parts.append(escape(text[at:]))
    return "".join(parts), skipped


def entity_spans(entities: Iterable[dict[str, Any]]) -> list[Span]:
    spans = []
    for number, entity in enumerate(entities):
        label = str(entity.get("label") or "MISC")
        details = [LABEL_NAMES.get(label, label), str(entity.get("canonical") or "")]
        details += [str(entity[key]) for key in ("state", "country") if entity.get(key)]
        spans.append(
            Span(
                int(entity["start"]), int(entity["end"]), f"ent ent-{_css_name(label)}", label,
                " · ".join(part for part in details if part), f"e{number}",
            )
        )  # fmt: skip
    return spans


def figure_spans(figures: Iterable[dict[str, Any]]) -> list[Span]:
    spans = []
    for number, figure in enumerate(figures):
        kind = str(figure.get("kind") or "number")
        value = format_value(figure)
        details = [KIND_NAMES.get(kind, kind), value, str(figure.get("unit") or "")]
        if figure.get("measure"):
            details.append(str(figure["measure"]))
        spans.append(
            Span(
                int(figure["start"]), int(figure["end"]), f"fig fig-{_css_name(kind)}",
                f"ZAHL·{kind}", " · ".join(part for part in details if part), f"f{number}",
            )
        )  # fmt: skip
    return spans


def _css_name(value: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in value)


def format_number(value: Any) -> str:
    """A number the German way: 1.234.567 and 2,5 (up to three decimals)."""
    if value is None or value == "":
        return ""
    number = float(value)
    text = f"{int(number):,}" if number.is_integer() else f"{number:,.3f}".rstrip("0")
    text = text.rstrip(".")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_value(figure: dict[str, Any]) -> str:
    """The figure's value, or its range, as text ("400–500", "mehr als 70")."""
    if figure.get("kind") in ("year", "date"):
        # A year is no 2.024; a decade ("1990er Jahre") is the range 1990–1999.
        if figure.get("normalized"):
            return str(figure["normalized"])
        years = [figure.get(key) for key in ("value", "value_min", "value_max")]
        shown = [str(int(y)) if isinstance(y, float) and y.is_integer() else str(y) for y in years]
        if years[0] is not None:
            return shown[0]
        if years[1] is not None and years[2] is not None:
            return f"{shown[1]}–{shown[2]}"
        return shown[1] if years[1] is not None else shown[2] if years[2] is not None else ""
    value, low, high = (figure.get(key) for key in ("value", "value_min", "value_max"))
    if value is not None:
        return format_number(value)
    if low is not None and high is not None:
        return f"{format_number(low)}–{format_number(high)}"
    if low is not None:
        return f"≥ {format_number(low)}"
    if high is not None:
        return f"≤ {format_number(high)}"
    return ""


@functools.cache
def _template(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def _cell(value: Any, css: str = "", sort: Any = None) -> str:
    attributes = f' class="{css}"' if css else ""
    if sort is not None:
        attributes += f' data-sort="{escape(str(sort))}"'
    return f"<td{attributes}>{escape('' if value is None else str(value))}</td>"


def _safe_url(url: str) -> str:
    """A link only for http(s) URLs; anything else (javascript:, data:) stays text."""
    return url if url.lower().startswith(("http://", "https://")) else ""


def render_article(page: dict[str, Any]) -> str:
    """One article's page from a plain dict (see article_page())."""
    entities = page["entity_list"]
    figures = page["figure_list"]
    text, _skipped = render_text(page["body"], entity_spans(entities) + figure_spans(figures))
    meta_items = [
        ("Datum", page.get("published")), ("Quelle", page.get("source")),
        ("Autor", page.get("author")), ("Ressort", page.get("section")),
        ("Ortsmarke", page.get("dateline")), ("Sprache", page.get("language")),
        ("Pfad", page.get("path")), ("Status", page.get("status")),
        ("Fehler", page.get("error")), ("Duplikat von", page.get("duplicate_of")),
        ("Beinahe-Duplikat von", page.get("near_duplicate_of")),
        ("Modell", page.get("model")), ("Verarbeitet", page.get("processed_at")),
    ]  # fmt: skip
    meta = []
    for name, value in meta_items:
        if value:
            meta.append(f"<dt>{escape(name)}</dt><dd>{escape(str(value))}</dd>")
    url = str(page.get("url") or "")
    if url:
        shown = escape(url)
        link = _safe_url(url)
        dd = f'<a href="{escape(link)}" rel="noreferrer">{shown}</a>' if link else shown
        meta.insert(2, f"<dt>URL</dt><dd>{dd}</dd>")
    # Optional columns appear when the store has them; the last column is the figure's
    # context where the store gives one, else its sentence.
    figure_columns = [
        (key, name)
        for key, name in FIGURE_COLUMNS
        if key in ("text", "value", "unit", "kind", "qualifier") or any(key in f for f in figures)
    ]
    figure_rows = []
    for number, figure in enumerate(figures):
        cells = []
        for key, _name in figure_columns:
            if key == "text":
                cells.append(
                    f'<td><a href="#f{number}">{escape(str(figure.get("text") or ""))}</a></td>'
                )
            elif key == "value":
                cells.append(_cell(format_value(figure), "num"))
            elif key == "kind":
                kind = str(figure.get("kind") or "")
                cells.append(_cell(KIND_NAMES.get(kind, kind)))
            else:
                cells.append(_cell(figure.get(key)))
        kind_attr = escape(str(figure.get("kind") or ""))
        figure_rows.append(f'<tr data-kind="{kind_attr}">{"".join(cells)}</tr>')
        # The context on a row of its own, as wide as the table: sentences are long.
        context = escape(str(figure.get("context") or figure.get("sentence") or ""))
        figure_rows.append(
            f'<tr class="context"><td colspan="{len(figure_columns)}">{context}</td></tr>'
        )
    entity_columns = [
        (key, name) for key, name in ENTITY_COLUMNS if key in ("label", "text", "canonical")
        or any(e.get(key) for e in entities)
    ]  # fmt: skip
    entity_rows = []
    for number, entity in enumerate(entities):
        cells = []
        for key, _name in entity_columns:
            if key == "text":
                cells.append(
                    f'<td><a href="#e{number}">{escape(str(entity.get("text") or ""))}</a></td>'
                )
            else:
                cells.append(_cell(entity.get(key)))
        entity_rows.append(
            f'<tr data-label="{escape(str(entity.get("label")))}">{"".join(cells)}</tr>'
        )
    counts = Counter(str(e.get("label")) for e in entities)
    legend = [
        f'<mark class="ent ent-{label}" data-label="{label}">{LABEL_NAMES[label]}'
        f" ({counts.get(label, 0)})</mark>"
        for label in ENTITY_LABELS
    ]
    legend.append(f'<mark class="fig" data-label="ZAHL">Zahlenangabe ({len(figures)})</mark>')
    previous = (
        f'<a rel="prev" href="{escape(page["previous"])}.html">← vorheriger Artikel</a>'
        if page.get("previous")
        else '<span class="muted">← vorheriger Artikel</span>'
    )
    following = (
        f'<a rel="next" href="{escape(page["next"])}.html">nächster Artikel →</a>'
        if page.get("next")
        else '<span class="muted">nächster Artikel →</span>'
    )
    return Template(_template("review_article.html")).substitute(
        version=escape(__version__),
        css=_template("review.css"),
        title=escape(str(page.get("title") or page.get("path") or "")),
        previous=previous,
        next=following,
        month=escape(month_name(str(page.get("part") or "undated"))),
        month_page=escape(str(page.get("part") or "undated")),
        meta="".join(meta),
        legend="".join(legend),
        text=text,
        figure_count=len(figures),
        entity_count=len(entities),
        figure_header="".join(f"<th>{escape(name)}</th>" for _key, name in figure_columns),
        figure_rows="\n".join(figure_rows),
        entity_header="".join(f"<th>{escape(name)}</th>" for _key, name in entity_columns),
        entity_rows="\n".join(entity_rows),
    )


def bar_chart(items: list[tuple[str, int]], colour: str = "#2e75b6") -> str:
    """Horizontal bars as inline SVG, one per (name, count), longest first as given."""
    if not items:
        return '<p class="muted">keine Daten</p>'
    top = max(n for _name, n in items) or 1
    row, label_width, bar_width = 18, 190, 300
    height = row * len(items) + 6
    parts = [
        f'<svg viewBox="0 0 {label_width + bar_width + 50} {height}" role="img"'
        ' xmlns="http://www.w3.org/2000/svg" font-size="11">'
    ]
    for i, (name, n) in enumerate(items):
        y = 3 + i * row
        width = max(1.0, bar_width * n / top)
        short = name if len(name) <= 30 else name[:29] + "…"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 12}" text-anchor="end">{escape(short)}</text>'
            f'<rect x="{label_width}" y="{y + 2}" width="{width:.1f}" height="{row - 5}"'
            f' fill="{colour}"><title>{escape(name)}: {n}</title></rect>'
            f'<text x="{label_width + width + 4:.1f}" y="{y + 12}">{n}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def stacked_columns(months: list[tuple[str, str, int]]) -> str:
    """Articles per month as stacked columns, one colour per source (the busiest eight)."""
    if not months:
        return '<p class="muted">keine Daten</p>'
    per_source: Counter[str] = Counter()
    for _month, source, n in months:
        per_source[source or "(ohne Quelle)"] += n
    top = [source for source, _ in per_source.most_common(CHART_SOURCES)]
    series = top + (["andere Quellen"] if len(per_source) > len(top) else [])
    table: dict[str, Counter[str]] = {}
    for month, source, n in months:
        name = source or "(ohne Quelle)"
        table.setdefault(month or "(ohne Datum)", Counter())[
            name if name in top else "andere Quellen"
        ] += n
    ordered = sorted(table, key=lambda month: (month.startswith("("), month))
    highest = max(sum(table[month].values()) for month in ordered) or 1
    column, chart_height, left = 34, 180, 30
    width = left + column * len(ordered) + 10
    legend_rows = (len(series) + 2) // 3
    height = chart_height + 40 + 16 * legend_rows
    parts = [
        f'<svg viewBox="0 0 {max(width, 480)} {height}" role="img"'
        ' xmlns="http://www.w3.org/2000/svg" font-size="10">',
        f'<line x1="{left}" y1="{chart_height + 5}" x2="{width}" y2="{chart_height + 5}"'
        ' stroke="#888"/>',
        f'<text x="{left - 4}" y="14" text-anchor="end">{highest}</text>',
    ]
    for i, month in enumerate(ordered):
        x = left + 4 + i * column
        y = chart_height + 5.0
        for j, source in enumerate(series):
            n = table[month].get(source, 0)
            if not n:
                continue
            h = chart_height * n / highest
            y -= h
            parts.append(
                f'<rect x="{x}" y="{y:.1f}" width="{column - 8}" height="{h:.1f}"'
                f' fill="{SOURCE_COLOURS[j % len(SOURCE_COLOURS)]}">'
                f"<title>{escape(month)} · {escape(source)}: {n}</title></rect>"
            )
        label = month[2:] if not month.startswith("(") else "o. D."
        parts.append(
            f'<text x="{x + (column - 8) / 2}" y="{chart_height + 18}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    for j, source in enumerate(series):
        x = left + (j % 3) * 160
        y = chart_height + 34 + (j // 3) * 16
        short = source if len(source) <= 22 else source[:21] + "…"
        parts.append(
            f'<rect x="{x}" y="{y - 9}" width="10" height="10"'
            f' fill="{SOURCE_COLOURS[j % len(SOURCE_COLOURS)]}"/>'
            f'<text x="{x + 14}" y="{y}">{escape(short)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def month_name(part: str) -> str:
    """A partition key as the review shows it: "November 2026", or "ohne Datum"."""
    try:
        day = date.fromisoformat(f"{part}-01")
    except ValueError:
        return "ohne Datum"
    return f"{_german_months()[day.month]} {day.year}"


@functools.cache
def _german_months() -> dict[int, str]:
    from babel.dates import get_month_names  # CLDR's names, standalone form

    return dict(get_month_names("wide", context="stand-alone", locale="de"))


def render_index(index: dict[str, Any]) -> str:
    """index.html from a plain dict (see index_data()): counts, charts and the months."""
    overview = index["overview"]
    cards = [
        ("Artikel", overview["articles"]), ("verarbeitet", overview["ok"]),
        ("mit Fehler", overview["error"]), ("Datei fehlt", overview["missing"]),
        ("Entitäten", overview["entities"]), ("Zahlenangaben", overview["figures"]),
        ("Quellen", overview["sources"]),
        ("Zeitraum", " – ".join(
            part for part in (overview["first_published"], overview["last_published"]) if part
        ) or "–"),
    ]  # fmt: skip
    charts = [
        ("Artikel je Monat und Quelle", stacked_columns(index["months"])),
        (f"Top {TOP_NAMES} Organisationen nach Artikeln", bar_chart(index["orgs"], "#2e75b6")),
        (f"Top {TOP_NAMES} Orte nach Artikeln", bar_chart(index["places"], "#548235")),
        (
            "Zahlenangaben nach Art",
            bar_chart([(KIND_NAMES.get(k, k), n) for k, n in index["kinds"]], "#b08800"),
        ),
    ]
    # Newest month first; articles without a date last.
    parts = sorted(index["parts"].items(), key=lambda item: (item[0] == "undated", item[0]))
    dated = [item for item in parts if item[0] != "undated"][::-1]
    months = [
        f'<tr><td><a href="{MONTHS_DIR}/{escape(part)}.html">{escape(month_name(part))}</a></td>'
        + _cell(count, "num")
        + "</tr>"
        for part, count in dated + [item for item in parts if item[0] == "undated"]
    ]
    return Template(_template("review_index.html")).substitute(
        version=escape(__version__),
        css=_template("review.css"),
        created=escape(index["created"]),
        cards="".join(
            f'<div class="card"><b>{escape(format_number(v) if isinstance(v, int) else str(v))}'
            f"</b><span>{escape(name)}</span></div>"
            for name, v in cards
        ),
        charts="".join(
            f'<figure class="chart"><figcaption>{escape(title)}</figcaption>{svg}</figure>'
            for title, svg in charts
        ),
        months="\n".join(months),
    )


def render_month(part: str, articles: list[dict[str, Any]]) -> str:
    """A month's page (months/2026-11.html): its articles, to filter and sort in the page."""
    rows = []
    for article in articles:
        href = f"../{PAGES_DIR}/{article['article_id']}.html"
        title = str(article.get("title") or article.get("path") or "")
        status = str(article.get("status") or "")
        rows.append(
            f'<tr data-source="{escape(str(article.get("source") or ""))}">'
            + _cell(article.get("published"), sort=article.get("published") or "9999")
            + _cell(article.get("source"))
            + f'<td><a href="{escape(href)}">{escape(title)}</a></td>'
            + _cell(article.get("entities"), "num")
            + _cell(article.get("figures"), "num")
            + _cell(status, f"status-{_css_name(status)}")
            + _cell(article.get("path"), "muted")
            + "</tr>"
        )
    sources = sorted({str(a.get("source") or "") for a in articles} - {""})
    script = _template("review_table.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return Template(_template("review_month.html")).substitute(
        version=escape(__version__),
        css=_template("review.css"),
        month=escape(month_name(part)),
        source_options="".join(
            f'<option value="{escape(s)}">{escape(s)}</option>' for s in sources
        ),
        article_count=len(articles),
        rows="\n".join(rows),
        script=script,
        script_hash=f"'sha256-{digest}'",
    )


# --- from the store to files ----------------------------------------------------------------


def _page_key(page: dict[str, Any], templates: str) -> str:
    """What a page shows, hashed with the templates: a change of either rewrites it."""
    digest = hashlib.sha256()
    digest.update(templates.encode("ascii"))
    digest.update(json.dumps(page, sort_keys=True, default=str, ensure_ascii=False).encode())
    return digest.hexdigest()[:32]


def _templates_digest() -> str:
    digest = hashlib.sha256(f"{__version__} {REVIEW_VERSION}".encode())
    for name in ("review_article.html", "review_month.html", "review_table.js", "review.css"):
        digest.update((TEMPLATES / name).read_bytes())
    digest.update(Path(__file__).read_bytes())  # the renderer is part of the template
    return digest.hexdigest()


def _page(article: dict[str, Any], part: str, previous: str, following: str) -> dict[str, Any]:
    """An article's page data with its month and the ids of its neighbours there."""
    page = {
        key: value for key, value in article.items() if key not in ("entities_rows", "figures_rows")
    }
    page["entity_list"] = [_plain(row) for row in article["entities_rows"]]
    page["figure_list"] = [_plain(row) for row in article["figures_rows"]]
    page["part"] = part
    page["previous"] = previous
    page["next"] = following
    return page


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key not in ("article_id", "seq")}


def index_data(store: Store, parts: dict[str, int]) -> dict[str, Any]:
    def top(label: str) -> list[tuple[str, int]]:
        names = store.canonical_names(label)
        at = names.columns.index("articles")
        return [(str(row[0]), int(row[at])) for row in names.rows[:TOP_NAMES]]

    return {
        "overview": store.overview(),
        "months": store.articles_per_month(),
        "kinds": store.figures_by_kind(),
        "orgs": top("ORG"),
        "places": top("LOC"),
        "parts": parts,
        "created": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


@dataclass(slots=True)
class ReviewPlan:
    """What write_review does: the months to write again, their pages, what goes."""

    parts: dict[str, list]  # every month's [digest, articles] (the manifest)
    months: dict[str, tuple[dict[str, str], list[dict[str, Any]]]]  # changed: keys, rows
    todo: list[tuple[str, str, str, str]]  # pages to render: article_id, month, prev, next
    gone: set[str]  # article ids whose pages go (they left the changed months)
    sweep: bool  # no usable manifest: every page of an article not in the store goes
    kept: int = 0


def plan_review(store: Store, out_dir: Path) -> ReviewPlan:
    """Which months and article pages changed since the last review; call while holding
    the output folder's lock (the temp files of a killed run are removed here).

    The review is kept by the export partitions (Store.partition_fingerprints): only the
    months whose digest changed are read, their page keys computed and compared with
    html/.pages/MONTH.json, so a night adding 5 articles reads one month, not the archive.
    """
    folder = out_dir / HTML_DIR
    for directory in (folder / PAGES_DIR, folder / MONTHS_DIR, folder / KEYS_DIR):
        directory.mkdir(parents=True, exist_ok=True)
    remove_stale_temp_files(folder)
    templates = _templates_digest()
    manifest = _read_json(folder / PAGE_MANIFEST)
    usable = manifest.get("version") == REVIEW_VERSION and manifest.get("templates") == templates
    known = manifest.get("parts") if usable else None
    known = known if isinstance(known, dict) else {}
    fingerprints = store.partition_fingerprints()
    plan = ReviewPlan(
        {part: [digest, count] for part, (digest, count) in fingerprints.items()},
        {}, [], set(), sweep=not usable,
    )  # fmt: skip
    before: set[str] = set()  # the pages of the months planned again, as they were
    for part, fingerprint in plan.parts.items():
        if known.get(part) == fingerprint and (folder / MONTHS_DIR / f"{part}.html").is_file():
            continue
        old = _read_json(folder / KEYS_DIR / f"{part}.json")
        before.update(old)
        articles = store.article_digests(partition_filter(part))
        keys: dict[str, str] = {}
        listed = []
        for number, (row, digest) in enumerate(articles):
            article_id = str(row["article_id"])
            previous = str(articles[number - 1][0]["article_id"]) if number else ""
            following = (
                str(articles[number + 1][0]["article_id"]) if number + 1 < len(articles) else ""
            )
            key = _page_key(
                {"digest": digest, "part": part, "previous": previous, "next": following},
                templates,
            )
            keys[article_id] = key
            if old.get(article_id) == key and (folder / PAGES_DIR / f"{article_id}.html").is_file():
                plan.kept += 1
            else:
                plan.todo.append((article_id, part, previous, following))
            listed.append({name: row.get(name) for name in LISTED})
        plan.months[part] = (keys, listed)
    for part in known.keys() - plan.parts.keys():  # months no article is in any more
        before.update(_read_json(folder / KEYS_DIR / f"{part}.json"))
    now = {article_id for keys, _ in plan.months.values() for article_id in keys}
    plan.gone = before - now
    return plan


def render_pages(store: Store, out_dir: Path, todo: list[tuple[str, str, str, str]]) -> int:
    """Write these article pages (atomically, or staged by the caller); returns how many."""
    pages = out_dir / HTML_DIR / PAGES_DIR
    written = 0
    for article_id, part, previous, following in todo:
        review = store.review_of(article_id)
        if review is None:  # pragma: no cover - the store is locked by this run
            continue
        page = render_article(_page(review, part, previous, following))
        _write_text(pages / f"{article_id}.html", page)
        written += 1
    return written


def finish_review(store: Store, out_dir: Path, plan: ReviewPlan, written: int) -> dict[str, int]:
    """Once the plan's pages are written: the pages and months that went removed, the
    changed months' pages and keys, the index and the manifest written. Returns how many
    article pages were written, kept and removed."""
    folder = out_dir / HTML_DIR
    counts = {"written": written, "kept": plan.kept, "removed": 0}
    gone = plan.gone
    if plan.sweep:  # a first review, or one by another version: whatever is not ours now
        stored = {article_id for keys, _ in plan.months.values() for article_id in keys}
        gone = {path.stem for path in (folder / PAGES_DIR).glob("*.html")} - stored
    for article_id in gone:
        path = folder / PAGES_DIR / f"{article_id}.html"
        if path.is_file():
            path.unlink()
            counts["removed"] += 1
    for directory, suffix in ((MONTHS_DIR, ".html"), (KEYS_DIR, ".json")):
        for path in (folder / directory).glob(f"*{suffix}"):
            if path.name[: -len(suffix)] not in plan.parts:
                path.unlink(missing_ok=True)
    for part, (keys, listed) in sorted(plan.months.items()):
        _write_text(folder / MONTHS_DIR / f"{part}.html", render_month(part, listed))
        _write_text(folder / KEYS_DIR / f"{part}.json", json.dumps(keys, indent=0))
    parts = {part: int(count) for part, (_digest, count) in plan.parts.items()}
    _write_text(folder / "index.html", render_index(index_data(store, parts)))
    # The manifest last: a crash before it only means some months are planned again.
    manifest = {"version": REVIEW_VERSION, "templates": _templates_digest(), "parts": plan.parts}
    _write_text(folder / PAGE_MANIFEST, json.dumps(manifest, indent=0))
    return counts


def write_review(store: Store, out_dir: Path) -> dict[str, int]:
    """Write OUT/html/: index.html always; month pages and article pages where changed.

    Returns how many pages were written, kept and removed. Call while holding the output
    folder's lock. (pipeline.export shares the pages out with a helper process instead.)
    """
    plan = plan_review(store, out_dir)
    return finish_review(store, out_dir, plan, render_pages(store, out_dir, plan.todo))


def _read_json(path: Path) -> dict[str, Any]:
    """A small JSON object the review keeps beside its pages; {} when absent or broken."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _write_text(target: Path, text: str) -> None:
    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    _atomic_write(target, write)


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Temporary page files a killed run left in html/ and html/articles/ (lock held)."""
    removed = []
    for directory in (folder, folder / PAGES_DIR, folder / MONTHS_DIR, folder / KEYS_DIR):
        if not directory.is_dir():
            continue
        for path in directory.glob(f".*{TMP_SUFFIX}"):
            if path.is_file() and not path.is_symlink():
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def remove_review(out_dir: Path) -> None:
    """Delete OUT/html/ (the format is no longer asked for); only what we write there."""
    folder = out_dir / HTML_DIR
    if not folder.is_dir() or folder.is_symlink():
        return
    for directory, suffix in ((PAGES_DIR, ".html"), (MONTHS_DIR, ".html"), (KEYS_DIR, ".json")):
        pages = folder / directory
        if pages.is_dir() and not pages.is_symlink():
            for path in pages.iterdir():
                if path.suffix == suffix or path.name.endswith(TMP_SUFFIX):
                    path.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                pages.rmdir()
    for name in ("index.html", PAGE_MANIFEST):
        (folder / name).unlink(missing_ok=True)
    remove_stale_temp_files(folder)
    with contextlib.suppress(OSError):
        folder.rmdir()  # left in place when someone put files of their own there
