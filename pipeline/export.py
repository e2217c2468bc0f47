"""Export: rebuild CSV, JSONL, XLSX and Parquet files from the store, each replaced atomically."""

from __future__ import annotations

import contextlib
import json
import logging
import math
import multiprocessing as mp
import os
import queue
import re
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar, Token
from datetime import datetime
from pathlib import Path
from typing import Any, TypeAlias

import pandas as pd

from .children import die_with_parent
from .children import usable_cores as _cores  # a module name, so tests can set it
from .settings import EXPORT_FORMATS, ExportSettings
from .store import RowChunk, Store

TABLES = ("articles", "entities", "figures")
MANIFEST = ".exports.json"
# Characters that make Excel or LibreOffice read a cell as a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit, less the header row
MAX_COLUMN_WIDTH = 60
WIDTH_SAMPLE_ROWS = 2000  # column widths are fitted to the first rows only
INTEGER_COLUMNS = frozenset(
    {"chars", "tokens", "entities", "figures", "start", "end", "geonames_id"}
)
FLOAT_COLUMNS = frozenset(
    {"value", "value_min", "value_max", "latitude", "longitude", "similarity"}
)
DATE_COLUMNS = frozenset({"published", "processed_at"})  # ISO text in the store
# Article-level columns repeated on entity and figure rows; JSONL nests those rows under
# their article, so there they would only repeat it.
ARTICLE_LEVEL = ("article_id", "path", "published", "article_source")
TMP_SUFFIX = ".tmp"
FSYNC_THREADS = 16  # concurrent fsyncs when a set of exports is renamed into place
# From this many detail rows in the workbook (about 1.5 s of xlsxwriter) a second process
# writes it while this one writes the other exports, where the machine has a second core;
# below it starting that process (about 1 s) costs more than it saves.
HELPER_ROWS = 10_000

log = logging.getLogger(__name__)


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that would start a formula with an apostrophe; numbers stay numbers."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            values = frame[column]
            risky = values.str.startswith(FORMULA_PREFIXES, na=False)
            if risky.any():
                frame[column] = values.where(~risky, "'" + values.astype("string"))
    return frame


class ExportAbandoned(RuntimeError):
    """A helper process found its run gone and left the previous export in place."""


def _file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


# While a set of exports is being built (staged_exports), finished temp files wait here
# for their rename: all of them are moved into place only after every one was written.
_staging: ContextVar[list[tuple[Path, Path]] | None] = ContextVar("staging", default=None)


def _atomic_write(
    target: Path, write: Callable[[Path], None], wanted: Callable[[], bool] | None = None
) -> None:
    """Write through a temporary file in the same folder, then rename it over the target.

    A reader (or a crash) sees either the previous complete file or the new complete one.
    `wanted`, asked just before the rename, can still call the replacement off. Inside
    staged_exports() the rename waits until the whole set is written.
    """
    handle, tmp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=TMP_SUFFIX, dir=target.parent
    )
    os.close(handle)
    tmp = Path(tmp_name)
    staged = _staging.get()
    handed_over = False
    try:
        write(tmp)
        # mkstemp creates 0600; exports are for sharing, so give them the usual umask mode.
        os.chmod(tmp, _file_mode())
        if wanted is not None and not wanted():
            raise ExportAbandoned(f"{target.name}: the run that asked for it is gone")
        if staged is not None:
            staged.append((tmp, target))  # staged_exports() syncs it with the others
            handed_over = True
            return
        _fsync_files([tmp])
        os.replace(tmp, target)
        _fsync_folder(target.parent)
    finally:
        if not handed_over:
            tmp.unlink(missing_ok=True)


@contextmanager
def staged_exports() -> Iterator[list[tuple[Path, Path]]]:
    """Build a set of exports in temp files; rename them into place only if all succeed.

    A failure on the way (disk full, a helper killed) leaves every previous export as it
    was, so a reader never sees a new articles.csv beside an old figures.csv.
    """
    staged: list[tuple[Path, Path]] = []
    token: Token[list[tuple[Path, Path]] | None] | None = _staging.set(staged)
    try:
        yield staged
        _staging.reset(token)  # type: ignore[arg-type]
        token = None
        _fsync_files([tmp for tmp, _ in staged])
        for tmp, target in staged:
            os.replace(tmp, target)
        for folder in {target.parent for _, target in staged}:
            _fsync_folder(folder)
    finally:
        if token is not None:
            _staging.reset(token)
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)


@contextmanager
def timed(what: str) -> Iterator[None]:
    """Log (debug, `-v`) how long a step took: where a run's time goes, without a profiler."""
    started = time.perf_counter()
    yield
    log.debug("%s: %.2f s", what, time.perf_counter() - started)


def _fsync_files(paths: list[Path]) -> None:
    """Every file's data on disk before any rename (a power loss never leaves an empty export).

    Many at once from a thread pool: fsync releases the GIL and the file system can commit
    concurrent syncs together (a first run's 2,000 review pages: 5.0 s for the whole
    review instead of 9.8 s with one fsync after another).
    """

    def sync(path: Path) -> None:
        with open(path, "rb") as fh:
            os.fsync(fh.fileno())

    if len(paths) <= 2:
        for path in paths:
            sync(path)
        return
    with ThreadPoolExecutor(FSYNC_THREADS) as pool:
        list(pool.map(sync, paths))


def _fsync_folder(folder: Path) -> None:
    # The rename itself is durable only once the folder entry is on disk (power loss).
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temp_files(out_dir: Path) -> list[Path]:
    """Delete temporary export files a killed run left behind (`.articles.csv.x1y2.tmp`).

    Call only while holding the output folder's lock: a running export's temp file looks
    the same as a stale one.
    """
    names = "|".join(re.escape(name) for name in [*export_files(out_dir, EXPORT_FORMATS), MANIFEST])
    pattern = re.compile(rf"\.(?:{names})\.[A-Za-z0-9_]+{re.escape(TMP_SUFFIX)}")
    removed: list[Path] = []
    for path in out_dir.glob(f".*{TMP_SUFFIX}"):
        if pattern.fullmatch(path.name) and path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)
            removed.append(path)
    from .partitions import remove_stale_temp_files as remove_stale_partitions
    from .review_html import remove_stale_temp_files as remove_stale_pages

    return removed + remove_stale_partitions(out_dir) + remove_stale_pages(out_dir / "html")


def write_csv(chunks: Iterable[pd.DataFrame], target: Path, dialect: str = "excel") -> None:
    """Write a table chunk by chunk (header once), so the file may outgrow memory."""
    # UTF-8 with BOM: Excel guesses cp1252 without it and garbles every umlaut.
    options: dict = {"index": False, "lineterminator": "\r\n"}
    if dialect == "excel-de":
        options |= {"sep": ";", "decimal": ","}

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as out:
            for number, chunk in enumerate(chunks):
                neutralise_formulas(chunk).to_csv(out, header=number == 0, **options)

    _atomic_write(target, write)


Chunk: TypeAlias = "pd.DataFrame | RowChunk"  # a frame, or rows straight from SQLite


def write_jsonl(
    articles: Iterable[Chunk],
    entities: Iterable[Chunk],
    figures: Iterable[Chunk],
    target: Path,
) -> None:
    """One JSON object per article with its entities and figures nested.

    All three tables come in path order, so the nested rows are merged in one pass over
    each, without holding a table in memory.
    """

    def write(tmp: Path) -> None:
        nested = {"entities": _grouped(entities), "figures": _grouped(figures)}
        pending: dict[str, tuple[str, list[dict]] | None] = {
            name: next(groups, None) for name, groups in nested.items()
        }
        with open(tmp, "w", encoding="utf-8") as out:
            for chunk in articles:
                columns, rows = _as_rows(chunk)
                for values in rows:
                    record = dict(zip(columns, values, strict=True))
                    key = record["article_id"]
                    record["entity_count"] = record.pop("entities")
                    record["figure_count"] = record.pop("figures")
                    if "extra" in record:
                        record["extra"] = json.loads(record["extra"]) if record["extra"] else {}
                    if "metadata_from" in record:
                        record["metadata_from"] = [
                            part for part in (record["metadata_from"] or "").split(",") if part
                        ]
                    for name, groups in nested.items():
                        group = pending[name]
                        if group is not None and group[0] == key:
                            record[name] = group[1]
                            pending[name] = next(groups, None)
                        else:
                            record[name] = []
                    out.write(_json_line(record))
                    out.write("\n")

    _atomic_write(target, write)


def _json_line(record: dict[str, Any]) -> str:
    """Strict JSON: "NaN"/"Infinity" are no JSON, so such a value (from an older store)
    is written as null."""
    try:
        return json.dumps(record, ensure_ascii=False, default=_json_scalar, allow_nan=False)
    except ValueError:
        return json.dumps(
            _finite(record), ensure_ascii=False, default=_json_scalar, allow_nan=False
        )


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value


def _grouped(chunks: Iterable[Chunk]) -> Iterator[tuple[str, list[dict]]]:
    """Rows of a path-ordered table grouped by article, without article_id and path."""
    key: str | None = None
    group: list[dict] = []
    for chunk in chunks:
        columns, rows = _as_rows(chunk)
        # Every column but the article's own goes into the nested row.
        at = columns.index("article_id")
        keep = [i for i, column in enumerate(columns) if column not in ARTICLE_LEVEL]
        names = [columns[i] for i in keep]
        for values in rows:
            if values[at] != key:
                if key is not None:
                    yield key, group
                key, group = values[at], []
            group.append(dict(zip(names, [values[i] for i in keep], strict=True)))
    if key is not None:
        yield key, group


def _as_rows(chunk: Chunk) -> RowChunk:
    """Rows as tuples of Python values; a frame's missing values (NaN, NA) become None."""
    if isinstance(chunk, RowChunk):
        return chunk
    columns = [str(column) for column in chunk.columns]
    if chunk.empty:
        return RowChunk(columns, [])
    plain = chunk.astype(object).where(chunk.notna(), None)
    return RowChunk(columns, list(plain.itertuples(index=False, name=None)))


def _json_scalar(value: object) -> object:
    """A numpy scalar that slipped through as its Python value (json's fallback hook)."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def write_xlsx(
    sheets: dict[str, Callable[[], Iterable[Chunk]]],
    target: Path,
    wanted: Callable[[], bool] | None = None,
) -> None:
    """One sheet per table, header frozen, autofilter on, widths fitted to the content.

    `sheets` maps a sheet name to a function returning the table's chunks; xlsxwriter's
    constant_memory mode writes each row out as it comes, so memory stays flat.
    """
    # xlsxwriter directly, not DataFrame.to_excel: pandas' per-cell styling path is several
    # times slower, and the report is rebuilt whenever anything in the store changed.
    import xlsxwriter

    def write(tmp: Path) -> None:
        # Never turn text into formulas or links: a cell reading "=..." stays text.
        options = {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "constant_memory": True,
        }
        with xlsxwriter.Workbook(str(tmp), options) as book:
            header = book.add_format({"bold": True, "border": 1, "align": "center"})
            date_formats = (
                book.add_format({"num_format": "yyyy-mm-dd"}),
                book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
            )
            note_format = book.add_format({"bold": True, "font_color": "#9c0006"})
            for name, chunks in sheets.items():
                sheet = book.add_worksheet(name)
                row = 0
                left_out = 0  # rows beyond Excel's limit
                cut_cells = [0]  # text cells cut to Excel's 32,767 characters
                widths: list[int] = []
                writers: list[Callable[[int, int, Any], Any]] = []
                # One row is kept free for the note that says what was cut.
                limit = XLSX_MAX_ROWS - 1
                for chunk in chunks():
                    columns, rows = _as_rows(chunk)
                    if not widths:
                        sheet.write_row(0, 0, columns, header)
                        widths = [len(column) for column in columns]
                        # One writer per column, chosen once: the store's types are fixed.
                        writers = [
                            _number_writer(sheet)
                            if column in INTEGER_COLUMNS or column in FLOAT_COLUMNS
                            else _date_writer(sheet, date_formats)
                            if column in DATE_COLUMNS
                            else _text_writer(sheet, cut_cells)
                            for column in columns
                        ]
                    left_out += max(0, len(rows) - (limit - row))
                    rows = rows[: max(0, limit - row)]
                    if row < WIDTH_SAMPLE_ROWS:
                        _fit_widths(rows[: WIDTH_SAMPLE_ROWS - row], widths)
                    for values in rows:
                        row += 1
                        for col, value in enumerate(values):
                            # None and "" stay empty cells, as pandas writes them.
                            if value is not None and value != "":
                                writers[col](row, col, value)
                sheet.freeze_panes(1, 0)
                sheet.autofilter(0, 0, max(row, 1), max(len(widths) - 1, 0))
                for col, width in enumerate(widths):
                    sheet.set_column(col, col, min(width + 2, MAX_COLUMN_WIDTH))
                note = _cut_note(left_out, cut_cells[0])
                if note:
                    log.warning("report.xlsx, sheet %s: %s", name, note)
                    sheet.write_string(row + 1, 0, note, note_format)

    _atomic_write(target, write, wanted)


XLSX_MAX_CELL = 32_767  # characters in one Excel cell


def _cut_note(rows: int, cells: int) -> str:
    parts = []
    if rows:
        parts.append(f"{rows:,} rows left out (Excel's limit is 1,048,576 rows a sheet)")
    if cells:
        parts.append(f"{cells:,} texts cut to Excel's 32,767 characters a cell")
    if not parts:
        return ""
    return "; ".join(parts) + ": the CSV and Parquet files hold everything."


def _number_writer(sheet: Any) -> Callable[[int, int, Any], Any]:
    """Numbers as number cells; NaN and infinity (no Excel value) as empty cells."""

    def write(row: int, col: int, value: Any) -> Any:
        if isinstance(value, float) and not math.isfinite(value):
            return None
        return sheet.write_number(row, col, value)

    return write


def _text_writer(sheet: Any, cut: list[int]) -> Callable[[int, int, Any], Any]:
    """Strings as string cells (never formulas); anything else by its own type."""

    def write(row: int, col: int, value: Any) -> Any:
        if isinstance(value, str):
            if len(value) > XLSX_MAX_CELL:
                cut[0] += 1
                value = value[: XLSX_MAX_CELL - 1] + "…"
            return sheet.write_string(row, col, value)
        return sheet.write(row, col, value)

    return write


def _date_writer(sheet: Any, formats: tuple[Any, Any]) -> Callable[[int, int, Any], Any]:
    """ISO dates and date-times as date cells; text that is no date stays text.

    Excel has no time zones: a date-time is written as the wall-clock time it states
    (processed_at is UTC).
    """
    day_format, time_format = formats

    def write(row: int, col: int, value: Any) -> Any:
        parsed = parse_iso(value)
        if parsed is None:
            return sheet.write_string(row, col, str(value))
        stamp, has_time = parsed
        return sheet.write_datetime(row, col, stamp, time_format if has_time else day_format)

    return write


def parse_iso(value: Any) -> tuple[datetime, bool] | None:
    """A stored ISO date or date-time as a naive datetime, and whether it had a time."""
    if not isinstance(value, str) or not value:
        return None
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        return None
    return stamp.replace(tzinfo=None), "T" in value or " " in value.strip()


def _fit_widths(rows: list[tuple], widths: list[int]) -> None:
    """Widen each column to its longest value in `rows`, as text."""
    for values in rows:
        for col, value in enumerate(values):
            if value is not None:
                widths[col] = max(widths[col], len(str(value)))


def write_parquet(chunks: Iterable[pd.DataFrame], target: Path) -> None:
    """Write a table as Parquet, one row group per chunk."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    def write(tmp: Path) -> None:
        writer: pq.ParquetWriter | None = None
        try:
            for chunk in chunks:
                chunk = _typed_dates(chunk)
                table = pa.Table.from_pandas(chunk, preserve_index=False)
                if writer is None:
                    # Columns that are empty in the first chunk have no type yet; the store's
                    # column types decide.
                    schema = _arrow_schema(chunk)
                    writer = pq.ParquetWriter(tmp, schema)
                writer.write_table(table.cast(writer.schema))
        finally:
            if writer is not None:
                writer.close()

    _atomic_write(target, write)


def _typed_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """`published` as a date (the day the source gives), `processed_at` as a UTC timestamp."""
    frame = frame.copy()
    if "published" in frame.columns:
        days = pd.to_datetime(frame["published"].astype("string").str[:10], errors="coerce")
        frame["published"] = days.dt.date.astype(object).where(days.notna(), None)
    if "processed_at" in frame.columns:
        frame["processed_at"] = pd.to_datetime(frame["processed_at"], utc=True, errors="coerce")
    return frame


def _arrow_schema(frame: pd.DataFrame) -> Any:
    import pyarrow as pa

    def arrow_type(column: str) -> Any:
        if column in INTEGER_COLUMNS:
            return pa.int64()
        if column in FLOAT_COLUMNS:
            return pa.float64()
        if column == "published":
            return pa.date32()
        if column == "processed_at":
            return pa.timestamp("ms", tz="UTC")  # Parquet has no seconds unit
        return pa.string()

    return pa.schema([(str(column), arrow_type(str(column))) for column in frame.columns])


def export_files(out_dir: Path, formats: tuple[str, ...], layout: str = "single") -> list[str]:
    """The file names export_all writes for the given formats at the folder's top.

    In the monthly layout CSV, JSONL and Parquet go to folders instead (partitions.py).
    """
    names: list[str] = []
    if "csv" in formats and layout == "single":
        names += [f"{table}.csv" for table in TABLES]
    if "jsonl" in formats and layout == "single":
        names.append("records.jsonl")
    if "xlsx" in formats:
        names.append("report.xlsx")
    if "parquet" in formats and layout == "single":
        names += [f"{table}.parquet" for table in TABLES]
    if "html" in formats:
        names.append("html/index.html")  # and html/articles/*.html: see review_html
    if "geojson" in formats:
        names.append("places.geojson")
    return names


def exports_current(store: Store, out_dir: Path, exports: ExportSettings) -> bool:
    """True when every export exists and was built from the store as it is now."""
    from .partitions import partitions_present

    manifest = read_manifest(out_dir)
    if not manifest:
        return False
    wanted = _manifest(store, exports)
    if any(manifest.get(key) != value for key, value in wanted.items()):
        return False
    if exports.layout == "monthly":
        partitions = manifest.get("partitions")
        if not isinstance(partitions, dict):
            return False
        if not partitions_present(out_dir, exports.formats, list(partitions)):
            return False
    files = export_files(out_dir, exports.formats, exports.layout)
    return all((out_dir / name).is_file() for name in files)


def _manifest(store: Store, exports: ExportSettings) -> dict[str, object]:
    return {
        "store_id": store.store_id(),
        "generation": store.generation(),
        "formats": sorted(exports.formats),
        "dialect": exports.csv_dialect,
        "text": exports.include_text,
        "layout": exports.layout,
        "xlsx_window": exports.xlsx_window,
    }


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def read_manifest(out_dir: Path) -> dict[str, object]:
    """What the last complete export wrote (formats, dialect, ...); empty when there is none."""
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def _write_manifest(out_dir: Path, manifest: dict[str, object]) -> None:
    """Replace the manifest now, also inside staged_exports (it is not one of the set)."""
    token = _staging.set(None)
    try:
        _atomic_write(out_dir / MANIFEST, lambda tmp: _write_text(tmp, json.dumps(manifest)))
    finally:
        _staging.reset(token)


def export_all(
    store: Store,
    out_dir: Path,
    exports: ExportSettings,
    workers: int = 1,
    helper: ExportHelper | None = None,
) -> list[Path]:
    """Bring every requested export up to date with the whole store (all articles so far).

    In the monthly layout only the partitions whose articles changed are written again;
    the workbook only when what it shows changed (its digest is in the manifest). The
    settings are remembered in the folder's manifest, so the next run without options
    writes the same files; export files of formats (and a layout) no longer requested are
    removed, never left behind with old rows. With workers > 1 the XLSX report is written
    by a second process while this one writes the rest.
    """
    from .partitions import (
        plan_partitions,
        remove_other_partitions,
        write_partitions,
    )
    from .report_xlsx import report_digest, report_summary

    formats, dialect = exports.formats, exports.csv_dialect
    with timed("name totals"):
        store.refresh_names()  # before any summary is read (Store.canonical_names)
        store.refresh_parts()  # before partitions or counts (Store.partition_fingerprints)
    previous = read_manifest(out_dir)
    manifest = _manifest(store, exports)
    written: list[Path] = []
    report = out_dir / "report.xlsx"
    same_store = previous.get("store_id") == manifest["store_id"]
    with staged_exports() as staged, contextlib.ExitStack() as stack:
        if helper is None:  # one of our own, started when first needed
            helper = stack.enter_context(ExportHelper())
        pending = None
        report_due = False  # written by this process
        if "xlsx" in formats:
            window = exports.xlsx_window
            # What the workbook showed last time; None when it must be written anyway.
            shown = previous.get("report")
            if not (isinstance(shown, str) and same_store and report.is_file()):
                shown = None
            # A helper the run started for the report (before its NLP) is used as it is.
            if helper.started or report_helped(store, exports, workers):
                # The helper writes the detail sheets while this process queries the
                # summary (which the review's index needs too); then it writes the summary
                # sheets and returns the workbook's digest and its temp file. Where the
                # digest shows nothing changed, its detail sheets were written for nothing
                # (on the other core): rare, as a changed store mostly changes the summary.
                pool = helper.pool()
                begun = pool.submit(
                    _begin_report, store.path.parent, report, os.getpid(), window, shown
                )
                summary = report_summary(store, window)
                begun.result()
                pending = pool.submit(_finish_report, summary)
            else:
                manifest["report"] = report_digest(store, window)
                report_due = manifest["report"] != shown
        review, shared = None, None
        if "html" in formats:
            from .review_html import plan_review

            review = plan_review(store, out_dir)
            # Many pages to render (a first run): the helper takes a share once its
            # workbook is written, while this process writes the partitions.
            if len(review.todo) >= SHARED_PAGES and _cores() > 1:
                shared = _SharedPages(helper.pool(), out_dir, review.todo)
        plan = None
        if exports.layout == "monthly":
            plan = plan_partitions(store, out_dir, exports, previous)
            with timed("monthly partitions"):
                written += write_partitions(store, out_dir, exports, plan)
            manifest["layout_version"] = _layout_version()
            manifest["partitions"] = plan.fingerprints
        if "csv" in formats and exports.layout == "single":
            for table in TABLES:
                write_csv(store.iter_frames(table), out_dir / f"{table}.csv", dialect)
                written.append(out_dir / f"{table}.csv")
        if "jsonl" in formats and exports.layout == "single":
            write_jsonl(
                store.iter_rows("articles_text" if exports.include_text else "articles"),
                store.iter_rows("entities"),
                store.iter_rows("figures"),
                out_dir / "records.jsonl",
            )
            written.append(out_dir / "records.jsonl")
        if report_due:
            with timed("report.xlsx"):
                _write_report(store, report, window=window)
            written.append(report)
        if "parquet" in formats and exports.layout == "single":
            for table in TABLES:
                write_parquet(store.iter_frames(table), out_dir / f"{table}.parquet")
                written.append(out_dir / f"{table}.parquet")
        if review is not None:
            from .review_html import finish_review, render_pages

            with timed("html review"):
                if shared is not None:
                    pages = shared.finish(store, out_dir, staged)
                else:
                    pages = render_pages(store, out_dir, review.todo)
                finish_review(store, out_dir, review, pages)
            written.append(out_dir / "html" / "index.html")
        if "geojson" in formats:
            from .geojson import write_geojson

            with timed("places.geojson"):
                write_geojson(store, out_dir / "places.geojson")
            written.append(out_dir / "places.geojson")
        if pending is not None:
            # The helper leaves its finished temp file for this process to rename with the
            # others; a helper that died raises here, before anything is renamed.
            with timed("report.xlsx, waiting for its helper process"):
                manifest["report"], finished = pending.result()
            if finished is not None:
                staged.append((Path(finished), report))
                written.append(report)
        if staged:
            log.debug("%d export files staged, renaming them into place", len(staged))
            # Before the renames: the manifest forgets what is about to change, so that a
            # crash between two renames leaves those partitions (and the workbook) unknown
            # and the next run writes them again, whatever the store looks like by then.
            interim = dict(manifest, generation=None, report=None)
            if plan is not None:
                interim["partitions"] = dict(plan.kept)
            _write_manifest(out_dir, interim)
    wanted = set(export_files(out_dir, formats, exports.layout))
    for name in export_files(out_dir, EXPORT_FORMATS):
        if name not in wanted:
            (out_dir / name).unlink(missing_ok=True)
    remove_other_partitions(
        out_dir,
        formats if exports.layout == "monthly" else (),
        set(plan.fingerprints) if plan is not None else set(),
    )
    if "html" not in formats:
        from .review_html import remove_review

        remove_review(out_dir)
    _write_manifest(out_dir, manifest)
    return written


def _layout_version() -> int:
    from .partitions import LAYOUT_VERSION

    return LAYOUT_VERSION


def report_helped(store: Store, exports: ExportSettings, workers: int) -> bool:
    """Whether a helper process writes report.xlsx: with --workers 2 or more, or on a
    machine with a second core once its detail sheets reach HELPER_ROWS."""
    from .report_xlsx import report_rows

    if "xlsx" not in exports.formats:
        return False
    return workers > 1 or (_cores() > 1 and report_rows(store, exports.xlsx_window) >= HELPER_ROWS)


class ExportHelper:
    """The exports' helper process (report.xlsx, a share of a first run's review pages),
    started when first needed, or earlier by start(): a run with articles to process starts
    it before the NLP, so that its start-up (a fresh interpreter, its imports: about 0.7 s)
    is not on the exports' path. Stopped when the block ends."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    @property
    def started(self) -> bool:
        return self._pool is not None

    def start(self) -> None:
        if self._pool is None:
            self._pool = _report_helper()
            self._pool.submit(_warm_up)  # the imports now; the exports' tasks queue behind

    def pool(self) -> ProcessPoolExecutor:
        if self._pool is not None and getattr(self._pool, "_broken", False):
            # Died while the run did its NLP (killed, out of memory): a fresh one instead.
            log.warning("the exports' helper process died before the exports; starting another")
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self.start()
        assert self._pool is not None
        return self._pool

    def __enter__(self) -> ExportHelper:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _warm_up() -> None:
    """In the helper process: import what its tasks use."""
    from . import report_xlsx, review_html  # noqa: F401
    from .report_xlsx import _bulk_sheet

    _bulk_sheet()  # imports xlsxwriter


def _report_helper() -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        1,
        mp_context=mp.get_context("spawn"),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )


def _write_report(
    store: Store,
    target: Path,
    wanted: Callable[[], bool] | None = None,
    window: int = 0,
) -> None:
    # Summary, canonical names and the detail tables: see report_xlsx (issues 14, 16).
    from .report_xlsx import write_report

    write_report(store, target, wanted, window=window)


# Article pages shared with the helper process: from this many on, in parts of PAGE_PART.
# A page takes about 1 ms; a part is one task (the helper opens the store for each).
SHARED_PAGES = 400
PAGE_PART = 200


class _SharedPages:
    """Article pages rendered by the helper from the first part on and by this process
    from the last part the helper has not yet begun, so that both finish together."""

    def __init__(self, pool: ProcessPoolExecutor, out_dir: Path, todo: list[Any]) -> None:
        self.parts = [todo[i : i + PAGE_PART] for i in range(0, len(todo), PAGE_PART)]
        # Behind the workbook's tasks: the helper takes them when the workbook is done.
        self.futures = [pool.submit(_render_pages, out_dir, part) for part in self.parts]

    def finish(self, store: Store, out_dir: Path, staged: list[tuple[Path, Path]]) -> int:
        """Render the parts the helper has not begun, wait for the others; their temp files
        join `staged`. Returns the number of pages written."""
        from .review_html import render_pages

        written = 0
        taken = len(self.parts)
        # Tasks run in order: once one cannot be cancelled, the helper has the rest.
        while taken and self.futures[taken - 1].cancel():
            taken -= 1
            written += render_pages(store, out_dir, self.parts[taken])
        by_helper = 0
        for future in self.futures[:taken]:
            count, files = future.result()
            staged += [(Path(tmp), Path(target)) for tmp, target in files]
            by_helper += count
        total = written + by_helper
        log.debug("html review: %d of %d pages rendered by the helper", by_helper, total)
        return total


def _render_pages(out_dir: Path, part: list[Any]) -> tuple[int, list[tuple[str, str]]]:
    """In the helper process: render these pages from the store in out_dir (read-only),
    into temp files that the run renames with the other exports."""
    from .review_html import render_pages

    staged: list[tuple[Path, Path]] = []
    token = _staging.set(staged)
    try:
        with Store(out_dir, readonly=True) as store:
            count = render_pages(store, out_dir, part)
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    finally:
        _staging.reset(token)
    return count, [(str(tmp), str(target)) for tmp, target in staged]


KILL_HELPER_VARIABLE = "ARTICLE_PIPELINE_TEST_KILL_REPORT_HELPER"


# The helper's report in progress: its thread, the queue the summary comes through and
# what the thread ended with. One helper process writes one report at a time.
_report_job: tuple[threading.Thread, queue.SimpleQueue[Any], dict[str, Any]] | None = None


def _begin_report(out_dir: Path, target: Path, parent: int, window: int, shown: str | None) -> None:
    """In the helper process: start writing the report from the store in out_dir
    (read-only) in a thread, which writes the detail sheets and then waits for the summary
    (_finish_report). The run holds the lock meanwhile: the store does not change.
    """
    from .report_xlsx import ReportUnchanged, write_report_awaiting_summary

    global _report_job
    if os.environ.get(KILL_HELPER_VARIABLE):
        os.kill(os.getpid(), signal.SIGKILL)  # test-only: the helper dies as if OOM-killed
    summaries: queue.SimpleQueue[Any] = queue.SimpleQueue()
    outcome: dict[str, Any] = {}

    def work() -> None:
        staged: list[tuple[Path, Path]] = []
        token = _staging.set(staged)  # the temp file is left for the run to rename
        try:
            with Store(out_dir, readonly=True) as store:
                # A run killed meanwhile must not have its report left behind.
                digest = write_report_awaiting_summary(
                    store, target, window, summaries.get, shown, lambda: os.getppid() == parent
                )
            outcome["result"] = (digest, str(staged[0][0]))
        except ReportUnchanged as unchanged:
            outcome["result"] = (str(unchanged), None)
        except BaseException as exc:  # handed to the run by _finish_report
            outcome["error"] = exc
        finally:
            _staging.reset(token)

    # A daemon: a run that ends without asking for the summary does not keep us alive.
    thread = threading.Thread(target=work, name="report.xlsx", daemon=True)
    thread.start()
    _report_job = (thread, summaries, outcome)


def _finish_report(summary: dict[str, Any]) -> tuple[str, str | None]:
    """In the helper process: hand the summary to the report begun by _begin_report.

    Returns its digest and its finished temp file, None when the workbook would show what
    it shows already (nothing was written); raises what the writing raised.
    """
    global _report_job
    if _report_job is None:
        raise RuntimeError("no report was begun in this helper process")
    thread, summaries, outcome = _report_job
    _report_job = None
    summaries.put(summary)
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]  # type: ignore[no-any-return]
