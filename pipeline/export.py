"""Export: rebuild CSV, JSONL, XLSX and Parquet files from the store, each replaced atomically."""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .settings import EXPORT_FORMATS
from .store import Store

TABLES = ("articles", "entities", "figures")
MANIFEST = ".exports.json"
# Characters that make Excel or LibreOffice read a cell as a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit, less the header row
MAX_COLUMN_WIDTH = 60
TMP_SUFFIX = ".tmp"


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


def _file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _atomic_write(target: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file in the same folder, then rename it over the target.

    A reader (or a crash) sees either the previous complete file or the new complete one.
    """
    handle, tmp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=TMP_SUFFIX, dir=target.parent
    )
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        with open(tmp, "rb") as written:
            os.fsync(written.fileno())
        # mkstemp creates 0600; exports are for sharing, so give them the usual umask mode.
        os.chmod(tmp, _file_mode())
        os.replace(tmp, target)
        _fsync_folder(target.parent)
    finally:
        tmp.unlink(missing_ok=True)


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
    return removed


def write_csv(frame: pd.DataFrame, target: Path, dialect: str = "excel") -> None:
    # UTF-8 with BOM: Excel guesses cp1252 without it and garbles every umlaut.
    options: dict = {"index": False, "encoding": "utf-8-sig", "lineterminator": "\r\n"}
    if dialect == "excel-de":
        options |= {"sep": ";", "decimal": ","}
    safe = neutralise_formulas(frame)
    _atomic_write(target, lambda tmp: safe.to_csv(tmp, **options))


def write_jsonl(
    articles: pd.DataFrame, entities: pd.DataFrame, figures: pd.DataFrame, target: Path
) -> None:
    """One JSON object per article with its entities and figures nested."""
    # One pass over each table instead of a groupby: per-group frames cost milliseconds
    # each, minutes over a large store.
    nested: dict[str, dict[str, list[dict]]] = {"entities": {}, "figures": {}}
    for name, frame in (("entities", entities), ("figures", figures)):
        for row in _plain_records(frame):
            key = row.pop("article_id")
            del row["path"]
            nested[name].setdefault(key, []).append(row)

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8") as out:
            for record in _plain_records(articles):
                key = record["article_id"]
                record["entity_count"] = record.pop("entities")
                record["figure_count"] = record.pop("figures")
                record["entities"] = nested["entities"].get(key, [])
                record["figures"] = nested["figures"].get(key, [])
                out.write(json.dumps(_clean(record), ensure_ascii=False) + "\n")

    _atomic_write(target, write)


def _plain_records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts of Python values, missing values (NaN, NA) as None."""
    if frame.empty:
        return []
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def _plain_rows(frame: pd.DataFrame) -> list[tuple]:
    """Rows as tuples of Python values, missing values (NaN, NA) as None."""
    if frame.empty:
        return []
    plain = frame.astype(object).where(frame.notna(), None)
    return list(plain.itertuples(index=False, name=None))


def _clean(value: object) -> object:
    """NaN and pandas NA become null, numpy scalars plain Python, recursively."""
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return _clean(value.item())
    return value


def write_xlsx(frames: dict[str, pd.DataFrame], target: Path) -> None:
    """One sheet per table, header frozen, autofilter on, widths fitted to the content."""
    # xlsxwriter directly, not DataFrame.to_excel: pandas' per-cell styling path is several
    # times slower, and the report is rebuilt whenever anything in the store changed.
    import xlsxwriter

    def write(tmp: Path) -> None:
        # Never turn text into formulas or links: a cell reading "=..." stays text.
        # in_memory: xlsxwriter's own temp files would otherwise outlive a killed run in /tmp.
        options = {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "in_memory": True,
        }
        with xlsxwriter.Workbook(str(tmp), options) as book:
            header = book.add_format({"bold": True, "border": 1, "align": "center"})
            for name, frame in frames.items():
                frame = frame.head(XLSX_MAX_ROWS)
                sheet = book.add_worksheet(name)
                sheet.write_row(0, 0, [str(column) for column in frame.columns], header)
                for row, values in enumerate(_plain_rows(frame), start=1):
                    for col, value in enumerate(values):
                        if value is None or value == "":  # an empty cell, as pandas writes it
                            continue
                        if isinstance(value, str):
                            sheet.write_string(row, col, value)
                        elif isinstance(value, bool):
                            sheet.write_boolean(row, col, value)
                        else:
                            sheet.write_number(row, col, value)
                sheet.freeze_panes(1, 0)
                sheet.autofilter(0, 0, max(len(frame), 1), max(len(frame.columns) - 1, 0))
                for col, column in enumerate(frame.columns):
                    sample = frame[column].head(2000).astype("string").str.len().max()
                    width = max(len(str(column)), 0 if pd.isna(sample) else int(sample)) + 2
                    sheet.set_column(col, col, min(width, MAX_COLUMN_WIDTH))

    _atomic_write(target, write)


def write_parquet(frame: pd.DataFrame, target: Path) -> None:
    _atomic_write(target, lambda tmp: frame.to_parquet(tmp, engine="pyarrow", index=False))


def export_files(out_dir: Path, formats: tuple[str, ...]) -> list[str]:
    """The file names export_all writes for the given formats."""
    names: list[str] = []
    if "csv" in formats:
        names += [f"{table}.csv" for table in TABLES]
    if "jsonl" in formats:
        names.append("records.jsonl")
    if "xlsx" in formats:
        names.append("report.xlsx")
    if "parquet" in formats:
        names += [f"{table}.parquet" for table in TABLES]
    return names


def exports_current(store: Store, out_dir: Path, formats: tuple[str, ...], dialect: str) -> bool:
    """True when every export exists and was built from the store as it is now."""
    manifest = read_manifest(out_dir)
    if not manifest:
        return False
    wanted = _manifest(store, formats, dialect)
    if any(manifest.get(key) != value for key, value in wanted.items()):
        return False
    return all((out_dir / name).is_file() for name in export_files(out_dir, formats))


def _manifest(store: Store, formats: tuple[str, ...], dialect: str) -> dict[str, object]:
    return {
        "store_id": store.store_id(),
        "generation": store.generation(),
        "formats": sorted(formats),
        "dialect": dialect,
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


def export_all(
    store: Store, out_dir: Path, formats: tuple[str, ...], dialect: str = "excel"
) -> list[Path]:
    """Rebuild every requested export from the whole store (all articles so far)."""
    frames = {table: store.frame(table) for table in TABLES}
    written: list[Path] = []
    if "csv" in formats:
        for table, frame in frames.items():
            write_csv(frame, out_dir / f"{table}.csv", dialect)
            written.append(out_dir / f"{table}.csv")
    if "jsonl" in formats:
        write_jsonl(
            frames["articles"], frames["entities"], frames["figures"], out_dir / "records.jsonl"
        )
        written.append(out_dir / "records.jsonl")
    if "xlsx" in formats:
        write_xlsx(frames, out_dir / "report.xlsx")
        written.append(out_dir / "report.xlsx")
    if "parquet" in formats:
        for table, frame in frames.items():
            write_parquet(frame, out_dir / f"{table}.parquet")
            written.append(out_dir / f"{table}.parquet")
    manifest = _manifest(store, formats, dialect)
    _atomic_write(
        out_dir / MANIFEST,
        lambda tmp: _write_text(tmp, json.dumps(manifest)),
    )
    return written
