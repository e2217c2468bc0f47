"""Export: report.xlsx, a summary with charts, one row per organisation and place, the tables.

Sheet order: "Übersicht" (the run's numbers and charts), "Organisationen", "Orte" (one row
per canonical name), then the detail tables as in the CSV files. Header cells keep the CSV
column names, so formulas and Power Query steps survive a rename of the display text; the
German name is the header cell's comment. Each sheet's rows are written in order, so that
xlsxwriter's constant_memory mode can take over for big detail sheets (hence autofilters
rather than tables, which that mode cannot write); the detail sheets are written first and
the summary and name sheets last, so that a helper process can write the detail sheets
while the run queries the summary (pipeline.export).
"""

from __future__ import annotations

import functools
import gc
import hashlib
import logging
import math
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from . import export as _export
from .export import (
    DATE_COLUMNS,
    FLOAT_COLUMNS,
    INTEGER_COLUMNS,
    MAX_COLUMN_WIDTH,
    WIDTH_SAMPLE_ROWS,
    XLSX_MAX_CELL,
    Chunk,
    _as_rows,
    _atomic_write,
    _fit_widths,
    parse_iso,
)
from .store import RowChunk, RowFilter, Store, window_filter

log = logging.getLogger(__name__)

SUMMARY_SHEET = "Übersicht"
ORG_SHEET = "Organisationen"
PLACE_SHEET = "Orte"
DETAIL_SHEETS = ("articles", "entities", "figures")
TOP_NAMES = 20
CHART_SOURCES = 8  # the busiest sources get a series each, the rest one "andere Quellen"
VALUE_COLUMNS = ("value", "value_min", "value_max")
# Where the detail rows cannot be rendered in bulk (_bulk_sheet), up to this many of them
# the workbook is built in memory (xlsxwriter's default mode: a third faster, 9.5 instead
# of 14.1 s for a 90-day window of 59,000 rows on a 2-core machine); above it
# constant_memory mode keeps memory flat (a whole undated archive can reach Excel's
# 1,048,576 rows a sheet, gigabytes in memory).
IN_MEMORY_ROWS = 250_000

# German display names, shown as header comments (the header cell keeps the column name).
GERMAN = {
    "article_id": "Artikel-ID", "path": "Pfad", "title": "Titel", "published": "Datum",
    "source": "Quelle", "url": "URL", "author": "Autor", "section": "Ressort",
    "language": "Sprache", "teaser": "Vorspann", "dateline": "Ortsmarke",
    "encoding": "Zeichenkodierung", "chars": "Zeichen", "tokens": "Tokens",
    "entities": "Entitäten", "figures": "Zahlenangaben", "duplicate_of": "Duplikat von",
    "near_duplicate_of": "Beinahe-Duplikat von", "similarity": "Ähnlichkeit",
    "metadata_from": "Metadaten aus", "extra": "Weitere Metadaten", "model": "Modell",
    "status": "Status", "error": "Fehler", "sha256": "Prüfsumme",
    "processed_at": "Verarbeitet am (UTC)", "article_source": "Quelle des Artikels",
    "label": "Typ", "text": "Text", "canonical": "Grundform", "start": "Anfang",
    "end": "Ende", "sentence": "Satz", "geonames_id": "GeoNames-ID",
    "latitude": "Breite", "longitude": "Länge", "state": "Bundesland", "country": "Staat",
    "value": "Wert", "value_min": "Wert von", "value_max": "Wert bis",
    "qualifier": "Einschränkung", "unit": "Einheit", "kind": "Art",
    "normalized": "Normalisiert", "measure": "Messgröße", "direction": "Richtung",
    "org": "Organisation", "place": "Ort", "context": "Kontext", "mentions": "Nennungen",
    "articles": "Artikel", "first_published": "Erste Nennung",
    "last_published": "Letzte Nennung", "sources": "Quellen",
}  # fmt: skip
KIND_NAMES = {
    "count": "Anzahl", "money": "Geld", "percent": "Prozent",
    "percent_points": "Prozentpunkte", "measure": "Maß", "year": "Jahr", "date": "Datum",
    "number": "Zahl",
}  # fmt: skip
CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF"}

# Number formats are stored locale-free; German Excel and LibreOffice show "#,##0.00" as
# 1.234,56 (thousands dot, decimal comma).
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0##"
PERCENT_FORMAT = '#,##0.0" %"'  # the value is the stated number (12 for "12 Prozent")
POINTS_FORMAT = '#,##0.0" Pp."'
DAY_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
COORDINATE_FORMAT = "0.0000"


def write_report(
    store: Store,
    target: Path,
    wanted: Callable[[], bool] | None = None,
    window: int = 0,
) -> None:
    """report.xlsx from the store: summary, canonical names, detail tables (atomic).

    The summary and name sheets cover every article; the detail sheets the articles of
    the last `window` days (0: all), which the first sheet states.
    """
    _write_report_file(store, target, wanted, window, lambda: report_summary(store, window))


class ReportUnchanged(Exception):
    """The workbook would show what it shows already; nothing was written."""


def write_report_awaiting_summary(
    store: Store,
    target: Path,
    window: int,
    summary: Callable[[], dict[str, Any]],
    shown: str | None,
    wanted: Callable[[], bool] | None = None,
) -> str:
    """write_report for a helper process: the detail sheets are written before `summary()`
    is called, so that the run can query the summary meanwhile. Returns the workbook's
    digest; raises ReportUnchanged (no file written) when that is `shown`.
    """
    digest: list[str] = []

    def checked() -> dict[str, Any]:
        known = summary()
        digest.append(report_digest(store, window, known))
        if digest[0] == shown:
            raise ReportUnchanged(digest[0])
        return known

    _write_report_file(store, target, wanted, window, checked)
    return digest[0]


def _write_report_file(
    store: Store,
    target: Path,
    wanted: Callable[[], bool] | None,
    window: int,
    summary: Callable[[], dict[str, Any]],
) -> None:
    where = _window_filter(_window(store, window))
    sheets = {table: _chunks(store, table, where) for table in DETAIL_SHEETS}

    def write(tmp: Path) -> None:
        # Rows rendered in bulk go to a temporary file: memory stays flat without that mode.
        # (Counted only where it matters: the count is 0.06-0.1 s of a night's workbook.)
        flat = _bulk_sheet() is None and (
            sum(store.count_rows(table, where) for table in DETAIL_SHEETS) > IN_MEMORY_ROWS
        )
        write_workbook(tmp, summary, sheets, constant_memory=flat)

    _atomic_write(target, write, wanted)


def _window(store: Store, window: int) -> tuple[str, str, int] | None:
    """The detail sheets' first and last day and their number of days; None: all rows."""
    bounds = store.window_bounds(window) if window > 0 else None
    return (*bounds, window) if bounds else None


def report_rows(store: Store, window: int) -> int:
    """How many rows the detail sheets would have."""
    where = _window_filter(_window(store, window))
    return sum(store.count_rows(table, where) for table in DETAIL_SHEETS)


def report_digest(store: Store, window: int, summary: dict[str, Any] | None = None) -> str:
    """What the workbook would show, hashed: the same digest means the same workbook.

    The summary's numbers and names, the window, the digest of every article row on the
    detail sheets (their entities and figures change only with them) and this module.
    """
    if summary is None:
        summary = report_summary(store, window)
    digest = hashlib.blake2b(digest_size=16)
    digest.update(Path(__file__).read_bytes())
    # The store's generation counter is in the overview but on no sheet.
    shown = dict(
        summary, overview={k: v for k, v in summary["overview"].items() if k != "generation"}
    )
    digest.update(repr(sorted(shown.items())).encode("utf-8"))
    where = _window_filter(summary["window"])
    for chunk in store.iter_rows("articles", where=where):
        digest.update(repr(chunk.rows).encode("utf-8"))
    return digest.hexdigest()


def _window_filter(window: tuple[str, str, int] | None) -> RowFilter | None:
    return None if window is None else window_filter(window[0], window[1])


def _chunks(
    store: Store, table: str, where: RowFilter | None = None
) -> Callable[[], Iterator[RowChunk]]:
    return lambda: store.iter_rows(table, where=where)


def report_summary(store: Store, window: int = 0) -> dict[str, Any]:
    """What the summary and name sheets show: small, and picklable for a helper process."""
    return {
        "overview": store.overview(),
        "months": store.articles_per_month(),
        "kinds": store.figures_by_kind(),
        "orgs": store.canonical_names("ORG"),
        "places": store.canonical_names("LOC"),
        "model": _models(store),
        "window": _window(store, window),
    }


def _models(store: Store) -> str:
    rows = store.conn.execute(
        "SELECT model, COUNT(*) FROM articles WHERE model != '' GROUP BY model ORDER BY 2 DESC"
    ).fetchall()
    return "; ".join(str(model) for model, _ in rows)


def write_workbook(
    path: Path,
    summary: dict[str, Any] | Callable[[], dict[str, Any]],
    sheets: Mapping[str, Callable[[], Iterable[Chunk]]],
    constant_memory: bool = True,
) -> None:
    """Write the whole workbook to `path` (not atomic: write_report wraps this).

    `summary` may be a callable: it is called once the detail sheets are written (their
    rows do not depend on it), and whatever it raises abandons the workbook unwritten.
    `constant_memory=False` holds the cells in memory until the end: faster, for
    workbooks of a few hundred thousand rows (write_report chooses)."""
    options = {
        # Never turn text into formulas or links: a cell reading "=..." stays text.
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "constant_memory": constant_memory,
    }
    # The cyclic garbage collector off while the cells pile up: they hold no cycles, and
    # in a process that also holds the spaCy pipeline each full collection walks millions
    # of objects (a 90-day window of 59,000 rows beside the loaded model: 12.0 s with the
    # collector on, 10.0 s off).
    collecting = gc.isenabled()
    gc.disable()
    try:
        _write_book(path, options, summary, sheets)
    finally:
        if collecting:
            gc.enable()


def _write_book(
    path: Path,
    options: dict[str, Any],
    summary: dict[str, Any] | Callable[[], dict[str, Any]],
    sheets: Mapping[str, Callable[[], Iterable[Chunk]]],
) -> None:
    import xlsxwriter

    # Not `with`: its exit closes (writes) the workbook even when something raised.
    book = xlsxwriter.Workbook(str(path), options)
    book.set_properties(
        {"title": "article-pipeline: Bericht", "comments": "Erzeugt von article-pipeline"}
    )
    formats = _Formats(book)
    # Sheets are in the order they are added; the first three are filled last, once the
    # summary is known (each sheet's rows are still written in order, as constant_memory
    # mode needs).
    first = [book.add_worksheet(name) for name in (SUMMARY_SHEET, ORG_SHEET, PLACE_SHEET)]
    # Rendered in bulk unless constant_memory mode is on (which writes rows as they come).
    bulk = None if options["constant_memory"] else _bulk_sheet()
    for name, chunks in sheets.items():
        _write_detail(book.add_worksheet(name, worksheet_class=bulk), formats, name, chunks())
    known = summary() if callable(summary) else summary
    _write_summary(book, first[0], formats, known)
    _write_names(first[1], formats, ORG_SHEET, known["orgs"])
    _write_names(first[2], formats, PLACE_SHEET, known["places"])
    with quick_deflate():
        book.close()


# zlib level for the workbook's zip. xlsxwriter deflates at zlib's default (6) and has no
# option for it (asked for in XlsxWriter issue 853), so its zip class is given the level for
# the duration of one close, in this process only. Level 1 closes a workbook of 57,000
# detail rows (15 columns) in 2.1 instead of 3.0 s, for a file 20% larger (11.5 / 9.5 MB).
DEFLATE_LEVEL = 1


@contextmanager
def quick_deflate() -> Iterator[None]:
    """xlsxwriter's zip at DEFLATE_LEVEL while the block runs; where a later xlsxwriter
    no longer has the zip class where we look for it, its own default stays."""
    import zipfile

    import xlsxwriter.workbook as module

    if getattr(module, "ZipFile", None) is not zipfile.ZipFile:
        yield
        return
    module.ZipFile = functools.partial(zipfile.ZipFile, compresslevel=DEFLATE_LEVEL)  # type: ignore[misc]
    try:
        yield
    finally:
        module.ZipFile = zipfile.ZipFile  # type: ignore[misc]


class _Formats:
    """The workbook's cell formats, made once (xlsxwriter keeps every format it is given)."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.header = book.add_format(
            {"bold": True, "border": 1, "align": "center", "bg_color": "#DDE5F0"}
        )
        self.title = book.add_format({"bold": True, "font_size": 16})
        self.heading = book.add_format({"bold": True, "font_size": 12, "font_color": "#1F3864"})
        self.label = book.add_format({"bold": True})
        self.integer = book.add_format({"num_format": INTEGER_FORMAT})
        self.decimal = book.add_format({"num_format": DECIMAL_FORMAT})
        self.percent = book.add_format({"num_format": PERCENT_FORMAT})
        self.points = book.add_format({"num_format": POINTS_FORMAT})
        self.day = book.add_format({"num_format": DAY_FORMAT, "align": "left"})
        self.time = book.add_format({"num_format": TIME_FORMAT, "align": "left"})
        self.note = book.add_format({"bold": True, "font_color": "#9c0006"})
        self.coordinate = book.add_format({"num_format": COORDINATE_FORMAT})
        self.plain = book.add_format({"num_format": "General"})
        self._money: dict[str, Any] = {}

    def money(self, unit: str) -> Any:
        """Thousands separators, two decimals and the currency after the number, as in German."""
        if unit not in self._money:
            symbol = CURRENCY_SYMBOLS.get(unit, unit).replace('"', "")
            self._money[unit] = self.book.add_format({"num_format": f'#,##0.00 "{symbol}"'})
        return self._money[unit]

    def for_value(self, kind: str, unit: str, value: float) -> Any:
        if kind == "money" and unit:
            return self.money(unit)
        if kind == "percent" or unit == "%":
            return self.percent
        if kind == "percent_points" or unit == "pp":
            return self.points
        if kind in ("year", "date"):
            return self.plain  # 2024 is no 2.024
        return self.integer if float(value).is_integer() else self.decimal

    def for_column(self, column: str) -> Any:
        if column == "published" or column in ("first_published", "last_published"):
            return self.day
        if column == "processed_at":
            return self.time
        if column in ("latitude", "longitude"):
            return self.coordinate
        if column == "geonames_id":
            return None  # an identifier, no thousands separator
        if column in INTEGER_COLUMNS or column in ("mentions", "articles"):
            return self.integer
        if column in FLOAT_COLUMNS:
            return self.decimal
        return None


def _print_setup(sheet: Any, title: str, repeat_header: bool = True) -> None:
    """Landscape A4, one page wide, header row on every page, page numbers in the footer."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # as wide as one page, as long as it takes
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    if repeat_header:
        sheet.repeat_rows(0)
    sheet.set_header(f"&L&B{_header_text(title)}&R&D")
    sheet.set_footer("&Lreport.xlsx&CSeite &P von &N&R&A")


def _header_text(text: str) -> str:
    return text.replace("&", "&&")  # "&" starts a code in Excel's header language


def _header(sheet: Any, formats: _Formats, columns: list[str]) -> None:
    sheet.write_row(0, 0, columns, formats.header)
    for col, column in enumerate(columns):
        if column in GERMAN:
            sheet.write_comment(0, col, GERMAN[column], {"x_scale": 1.2, "y_scale": 0.5})


def _date_value(value: Any) -> Any:
    """ISO text as a datetime for a date cell; anything else as it is."""
    parsed = parse_iso(value)
    return value if parsed is None else parsed[0]


def _write_summary(book: Any, sheet: Any, formats: _Formats, summary: dict[str, Any]) -> None:
    overview = summary["overview"]
    sheet.write_string(0, 0, "Übersicht: Artikel, Namen und Zahlen", formats.title)
    # No wall-clock time here: the same store gives the same cells (the soak compares them);
    # the file's own properties say when it was written.
    numbers: list[tuple[str, Any, Any]] = [
        ("Artikel", overview["articles"], formats.integer),
        ("davon verarbeitet (ok)", overview["ok"], formats.integer),
        ("mit Fehler", overview["error"], formats.integer),
        ("Datei fehlt", overview["missing"], formats.integer),
        ("Entitäten (Nennungen)", overview["entities"], formats.integer),
        ("Zahlenangaben", overview["figures"], formats.integer),
        ("Organisationen (Grundformen)", len(summary["orgs"].rows), formats.integer),
        ("Orte (Grundformen)", len(summary["places"].rows), formats.integer),
        ("Quellen", overview["sources"], formats.integer),
        ("erstes Datum", _date_value(overview["first_published"]), formats.day),
        ("letztes Datum", _date_value(overview["last_published"]), formats.day),
        ("Modell", summary["model"], None),
        ("Detailblätter", _window_text(summary.get("window")), None),
    ]  # fmt: skip
    row = 2
    for label, value, cell_format in numbers:
        sheet.write_string(row, 0, label, formats.label)
        if value not in (None, ""):
            sheet.write(row, 1, value, cell_format)
        row += 1
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 20)

    months, sources = _month_table(summary["months"])
    blocks: list[tuple[str, list[str], list[Any]]] = [
        ("Artikel je Monat und Quelle", ["month", *sources], months),
        (
            f"Top {TOP_NAMES} Organisationen nach Artikeln",
            ["canonical", "articles", "mentions"],
            _top(summary["orgs"]),
        ),
        (
            f"Top {TOP_NAMES} Orte nach Artikeln",
            ["canonical", "articles", "mentions"],
            _top(summary["places"]),
        ),
        (
            "Zahlenangaben nach Art",
            ["kind", "figures"],
            [(KIND_NAMES.get(kind, kind), n) for kind, n in summary["kinds"]],
        ),
    ]
    width = max(len(block[1]) for block in blocks)
    # Charts on top, where the first printed page shows them beside the numbers; their
    # data below, under "Daten der Diagramme". Places: (row, x offset in pixels, size).
    places = [(2, 400, (660, 300)), (17, 0, (600, 420)), (17, 620, (600, 420)),
              (39, 0, (600, 300))]  # fmt: skip
    row = max(row + 1, 55)
    sheet.write_string(row, 0, "Daten der Diagramme", formats.title)
    row += 2
    for number, (heading, columns, rows) in enumerate(blocks):
        sheet.write_string(row, 0, heading, formats.heading)
        first = row + 1
        sheet.write_row(first, 0, columns, formats.header)
        for offset, values in enumerate(rows, start=1):
            sheet.write_row(first + offset, 0, values)
        last = first + max(len(rows), 1)
        if rows:
            at_row, x_offset, size = places[number]
            chart = _chart(book, number, heading, first, last, len(columns), size)
            sheet.insert_chart(at_row, 0, chart, {"x_offset": x_offset, "y_offset": 4})
        row = last + 2
    sheet.set_column(2, max(width - 1, 2), 14)
    sheet.activate()
    _print_setup(sheet, "article-pipeline: Übersicht", repeat_header=False)
    sheet.fit_to_pages(1, 0)


def _window_text(window: tuple[str, str, int] | None) -> str:
    """The detail sheets' window as the first sheet states it (issue 16)."""
    if window is None:
        return "alle Artikel"
    first, last, days = window
    return (
        f"Artikel der letzten {days} Tage: {first} bis {last} (nach Erscheinungsdatum,"
        " ohne Datum nach Verarbeitungsdatum); Übersicht, Organisationen und Orte über alle"
        " Artikel"
    )


def _month_table(months: list[tuple[str, str, int]]) -> tuple[list[list[Any]], list[str]]:
    """Months as rows, the busiest sources as columns (the rest summed as "andere")."""
    per_source: Counter[str] = Counter()
    for _month, source, n in months:
        per_source[source or "(ohne Quelle)"] += n
    top = [source for source, _ in per_source.most_common(CHART_SOURCES)]
    others = len(per_source) > len(top)
    columns = top + (["andere Quellen"] if others else [])
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for month, source, n in months:
        name = source or "(ohne Quelle)"
        table[month or "(ohne Datum)"][name if name in top else "andere Quellen"] += n
    ordered = sorted(table, key=lambda month: (month.startswith("("), month))
    return [[month, *(table[month][c] for c in columns)] for month in ordered], columns


def _top(names: RowChunk) -> list[tuple[Any, ...]]:
    at = {column: i for i, column in enumerate(names.columns)}
    return [
        (row[at["canonical"]], row[at["articles"]], row[at["mentions"]])
        for row in names.rows[:TOP_NAMES]
    ]


def _chart(
    book: Any,
    number: int,
    title: str,
    first: int,
    last: int,
    columns: int,
    size: tuple[int, int],
) -> Any:
    """The chart for one summary block; its data are the block's cells just written."""
    sheet = SUMMARY_SHEET
    if number == 0:  # months: stacked columns, one series per source
        chart = book.add_chart({"type": "column", "subtype": "stacked"})
        for col in range(1, columns):
            chart.add_series(
                {
                    "name": [sheet, first, col],
                    "categories": [sheet, first + 1, 0, last, 0],
                    "values": [sheet, first + 1, col, last, col],
                }
            )
        chart.set_legend({"position": "bottom"})
    elif number in (1, 2):  # names: horizontal bars, the first name on top
        chart = book.add_chart({"type": "bar"})
        chart.add_series(
            {
                "name": [sheet, first, 1],
                "categories": [sheet, first + 1, 0, last, 0],
                "values": [sheet, first + 1, 1, last, 1],
                "fill": {"color": "#2E75B6" if number == 1 else "#548235"},
                "gap": 40,
            }
        )
        chart.set_y_axis({"reverse": True, "num_font": {"size": 8}})
        chart.set_legend({"none": True})
    else:  # figures by kind
        chart = book.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": [sheet, first, 1],
                "categories": [sheet, first + 1, 0, last, 0],
                "values": [sheet, first + 1, 1, last, 1],
                "fill": {"color": "#C55A11"},
                "data_labels": {"value": True},
            }
        )
        chart.set_legend({"none": True})
    chart.set_title({"name": title, "name_font": {"size": 11}})
    chart.set_size({"width": size[0], "height": size[1]})
    return chart


def _write_names(sheet: Any, formats: _Formats, name: str, names: RowChunk) -> None:
    """One row per canonical name (Organisationen, Orte), most-mentioned first."""
    columns = list(names.columns)
    _header(sheet, formats, columns)
    widths = [len(column) for column in columns]
    _fit_widths(names.rows[:WIDTH_SAMPLE_ROWS], widths)
    for col, column in enumerate(columns):
        sheet.set_column(
            col, col, min(widths[col] + 2, MAX_COLUMN_WIDTH), formats.for_column(column)
        )
    dates = [i for i, column in enumerate(columns) if column.endswith("_published")]
    limit = _export.XLSX_MAX_ROWS - 1  # one row stays free for the note on what was cut
    cut = [0]
    for row, values in enumerate(names.rows[:limit], start=1):
        cells = _fit_cells(values, cut)
        for i in dates:
            cells[i] = _date_value(cells[i])
        sheet.write_row(row, 0, cells)
    written = min(len(names.rows), limit)
    _finish(sheet, written, len(columns), f"article-pipeline: {name}")
    _note_cuts(sheet, formats, name, written, len(names.rows) - written, cut[0])


def _fit_cells(values: Iterable[Any], cut: list[int]) -> list[Any]:
    """Cells Excel can hold: texts cut to 32,767 characters (counted), NaN/inf empty."""
    cells = list(values)
    for i, value in enumerate(cells):
        if isinstance(value, str) and len(value) > XLSX_MAX_CELL:
            cells[i] = value[: XLSX_MAX_CELL - 1] + "…"
            cut[0] += 1
        elif isinstance(value, float) and not math.isfinite(value):
            cells[i] = None
    return cells


def _note_cuts(
    sheet: Any, formats: _Formats, name: str, rows: int, left_out: int, cut: int
) -> None:
    """Say below the table what Excel's limits left out, and in the log."""
    note = _export._cut_note(left_out, cut)
    if note:
        log.warning("report.xlsx, sheet %s: %s", name, note)
        sheet.write_string(rows + 1, 0, note, formats.note)


def _finish(sheet: Any, rows: int, columns: int, title: str) -> None:
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(rows, 1), max(columns - 1, 0))
    _print_setup(sheet, title)


def _write_detail(sheet: Any, formats: _Formats, name: str, chunks: Iterable[Chunk]) -> None:
    """A table as in the CSV file: typed cells, dates as dates, figures in their format."""
    row = 0
    columns: list[str] = []
    layout: _Layout | None = None
    limit = _export.XLSX_MAX_ROWS - 1  # one row stays free for the note on what was cut
    left_out = 0
    cut = [0]
    for chunk in chunks:
        columns_now, rows = _as_rows(chunk)
        if layout is None:
            columns = list(columns_now)
            _header(sheet, formats, columns)
            widths = [len(column) for column in columns]
            _fit_widths(rows[:WIDTH_SAMPLE_ROWS], widths)
            # Column formats apply to every cell written without one of its own.
            for col, column in enumerate(columns):
                sheet.set_column(
                    col, col, min(widths[col] + 2, MAX_COLUMN_WIDTH), formats.for_column(column)
                )
            layout = _Layout(columns, formats)
        left_out += max(0, len(rows) - (limit - row))
        rows = rows[: max(0, limit - row)]
        bulk = _bulk_sheet()
        if bulk is not None and isinstance(sheet, bulk):
            row = sheet.add_rows(row, rows, layout, cut)
        else:
            row = _write_cells(sheet, row, rows, layout, cut)
    _finish(sheet, row, len(columns), f"article-pipeline: {name}")
    _note_cuts(sheet, formats, name, row, left_out, cut[0])


class _Layout:
    """Where a detail table's dates, figure values, kind and unit are; its formats."""

    def __init__(self, columns: list[str], formats: _Formats) -> None:
        self.formats = formats
        self.column_formats = [formats.for_column(column) for column in columns]
        self.dates = {i for i, column in enumerate(columns) if column in DATE_COLUMNS}
        self.values_at = {i for i, column in enumerate(columns) if column in VALUE_COLUMNS}
        self.kind_at = columns.index("kind") if "kind" in columns else None
        self.unit_at = columns.index("unit") if "unit" in columns else None
        self.published_at = columns.index("published") if "published" in columns else None

    def value_format(self, values: tuple, col: int, value: float) -> Any:
        """A figure value's own format (by its row's kind and unit); None: the column's."""
        if col not in self.values_at or self.kind_at is None:
            return None
        kind = str(values[self.kind_at] or "")
        unit = str(values[self.unit_at] or "") if self.unit_at is not None else ""
        return self.formats.for_value(kind, unit, value)

    def date_cell(self, col: int, value: str) -> tuple[datetime, Any] | None:
        """A date column's ISO text as a datetime and its format (None: the column's)."""
        parsed = parse_iso(value)
        if parsed is None:
            return None
        # A published date-time shows its time too.
        timed = parsed[1] and col == self.published_at
        return parsed[0], self.formats.time if timed else None


def _write_cells(
    sheet: Any, row: int, rows: list[tuple], layout: _Layout, cut: list[int]
) -> int:
    """Rows after `row`, cell by cell through xlsxwriter's API; returns the last row."""
    write_string, write_number = sheet.write_string, sheet.write_number
    write_datetime = sheet.write_datetime
    dates = layout.dates
    for values in rows:
        row += 1
        # Each cell written once, by the writer of its type: write_row's dispatch and
        # a second write for the formatted ones took a third of the sheet's time
        # (a 90-day window of 46,000 rows: 7.1 s, see bench/ARCHIVE.md).
        for col, value in enumerate(values):
            if value is None or value == "":
                continue  # an empty cell without a format of its own is not written
            of = type(value)
            if of is str:
                if col in dates:
                    date = layout.date_cell(col, value)
                    if date is not None:
                        write_datetime(row, col, *date)
                        continue
                write_string(row, col, _fit_text(value, cut))
            elif of is float or of is int:
                if of is float and not math.isfinite(value):
                    continue
                write_number(row, col, value, layout.value_format(values, col, value))
            else:
                sheet.write(row, col, *_fit_cells([value], cut))
    return row


def _fit_text(value: str, cut: list[int]) -> str:
    if len(value) > XLSX_MAX_CELL:
        cut[0] += 1
        return value[: XLSX_MAX_CELL - 1] + "…"
    return value


@functools.cache
def _bulk_sheet() -> type[Any] | None:
    """xlsxwriter's Worksheet with the detail rows' XML rendered here, a row at a time.

    Why by hand: a detail cell costs xlsxwriter about 3 µs of Python (the write call's
    checks and cell tuple, then at close its attribute list, escaping and formatting), and
    a 90-day window holds some 860,000 cells: about 3 s, the longest step of a night. Here
    a row's XML is one f-string per cell, into a temporary file, with the same shared
    strings, style indices and date numbers that xlsxwriter's own methods give; the header,
    comments, note and every other sheet are still xlsxwriter's. Uses four of its
    internals (the shared string table, a format's style index, the date conversion and
    the sheet-data writer); where a later version lacks one of them, None: the sheets are
    written cell by cell as before. tests/test_report.py holds both ways to the same cells.
    """
    try:
        from xlsxwriter.format import Format
        from xlsxwriter.utility import xl_col_to_name
        from xlsxwriter.worksheet import Worksheet
    except ImportError:  # pragma: no cover - xlsxwriter is a dependency
        return None
    needed = ("_write_sheet_data", "_write_rows", "_check_dimensions", "_convert_date_time")
    if not all(callable(getattr(Worksheet, name, None)) for name in needed) or not callable(
        getattr(Format, "_get_xf_index", None)
    ):
        return None

    class BulkSheet(Worksheet):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self._bulk: Any = None  # the rendered rows, a temporary file
            self._bulk_span: tuple[int, int] | None = None

        def add_rows(self, row: int, rows: list[tuple], layout: _Layout, cut: list[int]) -> int:
            if self._bulk is None:
                # Open across calls; closed once copied into the sheet (_write_sheet_data).
                self._bulk = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
            if not rows:
                return row
            first = row + 1
            index = self.str_table._get_shared_string_index
            styles: dict[int, str] = {}

            def style(fmt: Any) -> str:
                key = id(fmt)
                if key not in styles:
                    styles[key] = f' s="{fmt._get_xf_index()}"' if fmt is not None else ""
                return styles[key]

            column_style = [style(fmt) for fmt in layout.column_formats]
            letters = [xl_col_to_name(col) for col in range(len(column_style))]
            dates, values_at = layout.dates, layout.values_at
            convert = self._convert_date_time
            # A date cell's style and serial by its column and text: a window's rows
            # repeat their article's dates (each entity and figure row has them).
            dated: dict[tuple[int, str], str | None] = {}
            longest = XLSX_MAX_CELL
            out: list[str] = []
            first_filled = last_filled = None  # the first and the last row with cells
            for values in rows:
                row += 1
                number = str(row + 1)
                cells = []
                for col, value in enumerate(values):
                    if value is None or value == "":
                        continue
                    of = type(value)
                    if of is str:
                        if col in dates:
                            key = (col, value)
                            if key not in dated:
                                date = layout.date_cell(col, value)
                                if date is None:
                                    dated[key] = None
                                else:
                                    shown = column_style[col] if date[1] is None else style(date[1])
                                    dated[key] = f"{shown}><v>{convert(date[0]):.16G}</v></c>"
                            tail = dated[key]
                            if tail is not None:
                                cells.append(f'<c r="{letters[col]}{number}"{tail}')
                                continue
                        text = value if len(value) <= longest else _fit_text(value, cut)
                        cells.append(f'<c r="{letters[col]}{number}"{column_style[col]} t="s">'
                                     f"<v>{index(text)}</v></c>")
                    elif of is float or of is int:
                        if of is float and not math.isfinite(value):
                            continue
                        own = layout.value_format(values, col, value) if col in values_at else None
                        shown = column_style[col] if own is None else style(own)
                        cells.append(f'<c r="{letters[col]}{number}"{shown}>'
                                     f"<v>{value:.16G}</v></c>")
                    else:  # no type a store row has; as text, like the CSV shows it
                        cells.append(f'<c r="{letters[col]}{number}"{column_style[col]} t="s">'
                                     f"<v>{index(_fit_text(str(value), cut))}</v></c>")
                if cells:
                    out.append(f'<row r="{number}">{"".join(cells)}</row>')
                    if first_filled is None:
                        first_filled = row
                    last_filled = row
            # The sheet's dimensions are the bounds of its rows: its first and last suffice.
            for at in (first_filled, last_filled):
                if at is not None:
                    self._check_dimensions(at, 0)
                    self._check_dimensions(at, len(letters) - 1)
            self._bulk.write("".join(out))
            span = self._bulk_span
            self._bulk_span = (span[0] if span else first, row)
            return row

        def _write_sheet_data(self) -> None:
            if self._bulk_span is None:
                super()._write_sheet_data()
                return
            first, last = self._bulk_span
            rowmin: int = self.dim_rowmin  # type: ignore[has-type]
            rowmax: int = self.dim_rowmax  # type: ignore[has-type]
            self._xml_start_tag("sheetData")
            try:
                # xlsxwriter's own rows (header, note) before and after the rendered ones.
                if rowmin < first:
                    self.dim_rowmax = first - 1
                    self._write_rows()
                self._bulk.seek(0)
                shutil.copyfileobj(self._bulk, self.fh)
                if rowmax > last:
                    self.dim_rowmin, self.dim_rowmax = last + 1, rowmax
                    self._write_rows()
            finally:
                self.dim_rowmin, self.dim_rowmax = rowmin, rowmax
                self._bulk.close()
            self._xml_end_tag("sheetData")

    return BulkSheet
