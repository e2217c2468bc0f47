"""Bench sketch: exports streamed from SQLite cursors instead of whole-table DataFrames.

A proposal for export.py, measured by the benchmark and not used by the pipeline:

    .venv/bin/python bench/bench.py --stream-exports ...   # patches export_all in the runs

export_all today reads every table into pandas, then builds lists of row dicts/tuples, and
xlsxwriter keeps the whole workbook in memory (in_memory=True): peak memory grows with
the store, several hundred MiB per 10,000 articles. Here each file is written from a
cursor in path order, rows are never all held at once, and report.xlsx is written by
xlsx_sketch.write_workbook (streaming deflate). CSV cells follow pandas' formatting
(floats with repr, missing as empty, excel-de with ';' and decimal commas) and text is
neutralised like export.neutralise_formulas. Parquet is left to export.py (not default).
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

from xlsx_sketch import write_workbook

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FETCH = 2000
WIDTH_SAMPLE = 2000


def _rows(conn: sqlite3.Connection, sql: str) -> Iterator[tuple]:
    cursor = conn.execute(sql)
    while True:
        chunk = cursor.fetchmany(FETCH)
        if not chunk:
            return
        yield from chunk


def _csv_cell(value: object, decimal: str) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_PREFIXES) else value
    if isinstance(value, float):
        text = repr(value)
        return text.replace(".", decimal) if decimal != "." else text
    return value


def write_csv(
    conn: sqlite3.Connection, sql: str, columns: Sequence[str], tmp: Path, dialect: str
) -> None:
    sep, decimal = (";", ",") if dialect == "excel-de" else (",", ".")
    with open(tmp, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
        writer.writerow(columns)
        for row in _rows(conn, sql):
            writer.writerow([_csv_cell(value, decimal) for value in row])


def write_jsonl(
    conn: sqlite3.Connection, sqls: dict[str, str], columns: dict[str, Sequence[str]], tmp: Path
) -> None:
    """One object per article; entity and figure cursors are merged in (path, seq) order."""
    children = {name: _rows(conn, sqls[name]) for name in ("entities", "figures")}
    pending: dict[str, tuple | None] = {name: next(rows, None) for name, rows in children.items()}
    child_columns = {name: list(columns[name])[2:] for name in children}
    with open(tmp, "w", encoding="utf-8") as out:
        for row in _rows(conn, sqls["articles"]):
            record = dict(zip(columns["articles"], row, strict=True))
            key = record["article_id"]
            record["entity_count"] = record.pop("entities")
            record["figure_count"] = record.pop("figures")
            for name, rows in children.items():
                nested = []
                while pending[name] is not None and pending[name][0] == key:
                    nested.append(dict(zip(child_columns[name], pending[name][2:], strict=True)))
                    pending[name] = next(rows, None)
                record[name] = nested
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_xlsx(
    conn: sqlite3.Connection,
    sqls: dict[str, str],
    columns: dict[str, Sequence[str]],
    tmp: Path,
    max_rows: int,
    max_width: int,
) -> None:
    sheets = []
    for name, sql in sqls.items():
        count = min(conn.execute(f"SELECT COUNT(*) FROM ({sql})").fetchone()[0], max_rows)
        widths = [len(column) + 2 for column in columns[name]]
        for row in conn.execute(f"{sql} LIMIT {WIDTH_SAMPLE}"):
            for i, value in enumerate(row):
                if value is not None:
                    widths[i] = max(widths[i], len(str(value)) + 2)
        widths = [min(width, max_width) for width in widths]
        rows = (row for _, row in zip(range(max_rows), _rows(conn, sql), strict=False))
        sheets.append((name, list(columns[name]), widths, rows, count))
    write_workbook(tmp, sheets)


def export_all(
    store, out_dir: Path, formats: tuple[str, ...], dialect: str = "excel"
) -> list[Path]:  # type: ignore[no-untyped-def]
    """Drop-in for export.export_all (csv, jsonl, xlsx streamed; parquet as before)."""
    from pipeline import export
    from pipeline import store as store_module

    sqls = {
        "articles": store_module.ARTICLES_SQL,
        "entities": store_module.ENTITIES_SQL,
        "figures": store_module.FIGURES_SQL,
    }
    columns = {
        "articles": store_module.ARTICLE_COLUMNS,
        "entities": store_module.ENTITY_COLUMNS,
        "figures": store_module.FIGURE_COLUMNS,
    }
    conn = store.conn
    written: list[Path] = []
    if "csv" in formats:
        for table in export.TABLES:
            target = out_dir / f"{table}.csv"
            export._atomic_write(
                target, lambda tmp, t=table: write_csv(conn, sqls[t], columns[t], tmp, dialect)
            )
            written.append(target)
    if "jsonl" in formats:
        target = out_dir / "records.jsonl"
        export._atomic_write(target, lambda tmp: write_jsonl(conn, sqls, columns, tmp))
        written.append(target)
    if "xlsx" in formats:
        target = out_dir / "report.xlsx"
        export._atomic_write(
            target,
            lambda tmp: write_xlsx(
                conn, sqls, columns, tmp, export.XLSX_MAX_ROWS, export.MAX_COLUMN_WIDTH
            ),
        )
        written.append(target)
    if "parquet" in formats:
        for table in export.TABLES:
            export.write_parquet(store.frame(table), out_dir / f"{table}.parquet")
            written.append(out_dir / f"{table}.parquet")
    manifest = export._manifest(store, formats, dialect)
    export._atomic_write(
        out_dir / export.MANIFEST, lambda tmp: export._write_text(tmp, json.dumps(manifest))
    )
    return written


def install() -> None:
    """Make the pipeline (run, export commands) use this export_all in this process."""
    from pipeline import export, run

    export.export_all = export_all
    run.export_all = export_all
