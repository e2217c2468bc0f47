"""Export: formula-safe CSV and XLSX, atomic replacement, stale temp files, the manifest."""

from __future__ import annotations

import json
import os
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import read_export

from pipeline import export
from pipeline.export import (
    export_all,
    exports_current,
    read_manifest,
    remove_stale_temp_files,
    write_csv,
    write_xlsx,
)
from pipeline.settings import ExportSettings
from pipeline.store import Store

RISKY = ['=HYPERLINK("http://x")', "+49 201 123", "-3 %", "@SUM(A1)", "\tTab", "\rCR"]


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "text": [*RISKY, "Bochum", "a=b"],
            "value": [-3.5, 49.0, -3.0, 1.0, 2.0, 3.0, 4.0, -0.25],
            "start": [0, 1, 2, 3, 4, 5, 6, 7],
        }
    )


@pytest.mark.parametrize("dialect", ["excel", "excel-de"])
def test_csv_neutralises_formulas_and_keeps_numbers(tmp_path: Path, dialect: str) -> None:
    target = tmp_path / "figures.csv"
    write_csv([frame()], target, dialect)
    options = {"sep": ";", "decimal": ","} if dialect == "excel-de" else {}
    back = pd.read_csv(target, encoding="utf-8-sig", keep_default_na=False, **options)
    assert list(back["text"]) == [*(f"'{value}" for value in RISKY), "Bochum", "a=b"]
    assert list(back["value"]) == [-3.5, 49.0, -3.0, 1.0, 2.0, 3.0, 4.0, -0.25]
    assert pd.api.types.is_float_dtype(back["value"])
    assert pd.api.types.is_integer_dtype(back["start"])


def test_xlsx_keeps_formula_text_as_string_cells_and_numbers_as_numbers(tmp_path: Path) -> None:
    target = tmp_path / "report.xlsx"
    write_xlsx({"figures": lambda: [frame()]}, target)
    sheet = openpyxl.load_workbook(target)["figures"]
    rows = list(sheet.iter_rows(min_row=2, values_only=False))
    # OOXML stores a CR as the escape _x000D_; Excel reads it back, openpyxl leaves it.
    texts = [row[0].value.replace("_x000D_", "\r") for row in rows]
    assert texts == [*RISKY, "Bochum", "a=b"]
    assert all(row[0].data_type == "s" for row in rows)  # "f" would be a live formula
    assert [row[1].value for row in rows] == [-3.5, 49, -3, 1, 2, 3, 4, -0.25]
    assert all(row[1].data_type == "n" for row in rows)


def test_failed_write_keeps_the_previous_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "articles.csv"
    write_csv([frame()], target)
    before = target.read_bytes()

    def crash(tmp: Path) -> None:
        tmp.write_text("half a fi", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        export._atomic_write(target, crash)
    assert target.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["articles.csv"]


def test_stale_temp_files_of_ours_are_removed_and_nothing_else(tmp_path: Path) -> None:
    ours = [".articles.csv.k2j3_x9.tmp", ".report.xlsx.abcdefgh.tmp", "..exports.json.q1w2e3r4.tmp"]
    others = [".notes.tmp", "articles.csv", ".articles.csv.swp", "keep.tmp", ".mine.csv.ab12.tmp"]
    for name in ours + others:
        (tmp_path / name).write_text("x", encoding="utf-8")
    removed = remove_stale_temp_files(tmp_path)
    assert sorted(path.name for path in removed) == sorted(ours)
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(others)


def test_stale_temp_pages_in_the_review_folders_are_removed_and_nothing_else(
    tmp_path: Path,
) -> None:
    pages = tmp_path / "html" / "articles"
    pages.mkdir(parents=True)
    ours = [".3f2a9c.html.k2j3_x9.tmp", "..index.html.ab12cd34.tmp"]
    others = ["3f2a9c.html", ".tmp", "notes.tmp", ".3f2a9c.html.swp"]
    for name in ours + others:
        (pages / name).write_text("x", encoding="utf-8")
    (pages / ".link.html.ab12.tmp").symlink_to(pages / "3f2a9c.html")  # not ours to delete
    (tmp_path / "html" / ".index.html.q1w2e3r4.tmp").write_text("x", encoding="utf-8")
    removed = remove_stale_temp_files(tmp_path)
    assert sorted(path.relative_to(tmp_path).as_posix() for path in removed) == sorted(
        ["html/.index.html.q1w2e3r4.tmp", *(f"html/articles/{name}" for name in ours)]
    )
    assert sorted(path.name for path in pages.iterdir()) == sorted([*others, ".link.html.ab12.tmp"])


def test_manifest_tracks_generation_formats_and_store_identity(tmp_path: Path) -> None:
    # The one-file layout; the monthly one: tests/test_nightly.py.
    formats = ("csv", "jsonl")
    with Store(tmp_path) as store:
        assert not exports_current(
            store, tmp_path, ExportSettings(formats, "excel", layout="single")
        )
        export_all(store, tmp_path, ExportSettings(formats, layout="single"))
        assert exports_current(store, tmp_path, ExportSettings(formats, "excel", layout="single"))
        assert not exports_current(
            store, tmp_path, ExportSettings(("csv", "jsonl", "xlsx"), layout="single")
        )
        assert not exports_current(
            store, tmp_path, ExportSettings(formats, "excel-de", layout="single")
        )
        (tmp_path / "records.jsonl").unlink()
        assert not exports_current(
            store, tmp_path, ExportSettings(formats, "excel", layout="single")
        )
        export_all(store, tmp_path, ExportSettings(formats, layout="single"))
    # A new database restarts the generation count: the old exports must not pass for it.
    (tmp_path / "pipeline.sqlite").unlink()
    with Store(tmp_path) as store:
        assert not exports_current(
            store, tmp_path, ExportSettings(formats, "excel", layout="single")
        )


def test_exports_of_an_empty_store_parse(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        written = export_all(
            store, tmp_path, ExportSettings(("csv", "jsonl", "xlsx", "parquet"), layout="single")
        )
    assert len(written) == 8
    articles = read_export(tmp_path, "articles.csv", encoding="utf-8-sig")
    assert len(articles) == 0 and "status" in articles.columns
    assert read_export(tmp_path, "figures.parquet").empty
    assert (tmp_path / "records.jsonl").read_text(encoding="utf-8") == ""
    # In the monthly layout an empty store has no months, hence no partition files.
    with Store(tmp_path) as store:
        written = export_all(store, tmp_path, ExportSettings(("csv", "jsonl", "xlsx")))
    assert written == []  # and the workbook shows what it showed: it stays as it is
    assert not (tmp_path / "csv").exists() and not (tmp_path / "articles.csv").exists()
    assert openpyxl.load_workbook(tmp_path / "report.xlsx").sheetnames == [
        "Übersicht",
        "Organisationen",
        "Orte",
        "articles",
        "entities",
        "figures",
    ]


def test_jsonl_merges_chunked_tables_by_article(tmp_path: Path) -> None:
    from pipeline.export import write_jsonl

    articles = pd.DataFrame(
        {"article_id": ["a", "b", "c"], "path": ["1.txt", "2.txt", "3.txt"],
         "entities": [0, 3, 0], "figures": [0, 0, 1]}
    )  # fmt: skip
    entities = pd.DataFrame(
        {"article_id": ["b", "b", "b"], "path": ["2.txt"] * 3, "text": ["Bochum", "RWE", "Essen"]}
    )
    figures = pd.DataFrame({"article_id": ["c"], "path": ["3.txt"], "text": ["rund 1000"]})
    target = tmp_path / "records.jsonl"
    # Entities split across chunk boundaries, as iter_frames hands them over.
    write_jsonl(
        [articles.iloc[:2], articles.iloc[2:]],
        [entities.iloc[:1], entities.iloc[1:2], entities.iloc[2:]],
        [figures],
        target,
    )
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [[e["text"] for e in r["entities"]] for r in records] == [
        [],
        ["Bochum", "RWE", "Essen"],
        [],
    ]
    assert [[f["text"] for f in r["figures"]] for r in records] == [[], [], ["rund 1000"]]
    assert [r["entity_count"] for r in records] == [0, 3, 0]


def test_csv_written_in_chunks_equals_one_piece(tmp_path: Path) -> None:
    whole, pieces = tmp_path / "whole.csv", tmp_path / "pieces.csv"
    write_csv([frame()], whole)
    write_csv([frame().iloc[:3], frame().iloc[3:5], frame().iloc[5:]], pieces)
    assert whole.read_bytes() == pieces.read_bytes()


@pytest.fixture
def filled_store(tmp_path: Path, write_inputs, stub_extract) -> Path:
    """An output folder whose store holds a few articles, one with a risky title, one empty."""
    from pipeline.run import run_batch
    from pipeline.settings import Settings

    root = write_inputs(
        {
            "a/bochum.txt": "Bochum wächst.\n\nDie Stadt zählt 400 Unternehmen und 1.000 Forscher.",
            "b/essen.md": "=SUMME(A1)\n\nIn Essen arbeiten rund 2,5 Tausend Menschen bei RWE.",
            "c/leer.txt": "   \n",
        }
    )
    out = tmp_path / "out"
    run_batch(Settings(input_dir=root, out_dir=out, model="blank", formats=("csv",)))
    return out


def test_rows_from_sqlite_equal_the_frames(filled_store: Path) -> None:
    with Store(filled_store) as store:
        for table in ("articles", "entities", "figures"):
            frames = pd.concat(store.iter_frames(table), ignore_index=True)
            chunks = list(store.iter_rows(table, chunksize=2))
            assert all(chunk.columns == list(frames.columns) for chunk in chunks)
            rows = [row for chunk in chunks for row in chunk.rows]
            assert len(rows) == len(frames) > 0
            plain = frames.astype(object).where(frames.notna(), None)
            assert rows == list(plain.itertuples(index=False, name=None))


@pytest.mark.parametrize("trigger", ["workers", "size"])
def test_report_in_a_second_process_equals_the_serial_one(
    filled_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, trigger: str
) -> None:
    formats = ("csv", "jsonl", "xlsx")
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    for target, workers in ((serial, 1), (parallel, 2 if trigger == "workers" else 1)):
        if target == parallel and trigger == "size":
            # A big workbook gets the helper with one worker too (where there is a 2nd core).
            monkeypatch.setattr(export, "HELPER_ROWS", 1)
            monkeypatch.setattr(export, "_cores", lambda: 2)
        target.mkdir()
        with Store(filled_store) as store:
            settings = ExportSettings(formats, layout="single")
            written = export_all(store, target, settings, workers=workers)
        assert sorted(path.name for path in written) == sorted(
            ["articles.csv", "entities.csv", "figures.csv", "records.jsonl", "report.xlsx"]
        )
    for name in ("articles.csv", "entities.csv", "figures.csv", "records.jsonl"):
        assert (serial / name).read_bytes() == (parallel / name).read_bytes()
    books = [openpyxl.load_workbook(folder / "report.xlsx") for folder in (serial, parallel)]
    assert books[0].sheetnames == books[1].sheetnames
    for name in books[0].sheetnames:
        cells = [[row for row in book[name].iter_rows(values_only=True)] for book in books]
        assert cells[0] == cells[1]
        assert len(cells[0]) > 1 or name in ("Organisationen", "Orte")
        assert books[1][name].freeze_panes == books[0][name].freeze_panes
    assert books[1]["Übersicht"]._charts  # the summary, written last, has its charts
    assert not list(parallel.glob(".*.tmp"))
    assert read_manifest(serial)["report"] == read_manifest(parallel)["report"]
    # Nothing changed: the helper hashes what the workbook would show and writes nothing.
    before = (parallel / "report.xlsx").stat()
    with Store(filled_store) as store:
        written = export_all(store, parallel, ExportSettings(formats, layout="single"), 2)
    assert "report.xlsx" not in [path.name for path in written]
    assert (parallel / "report.xlsx").stat().st_ino == before.st_ino
    assert not list(parallel.glob(".*.tmp"))


def test_report_of_a_run_that_is_gone_does_not_land(filled_store: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"the previous report")
    with Store(filled_store) as store, pytest.raises(export.ExportAbandoned):
        export._write_report(store, target, wanted=lambda: False)
    assert target.read_bytes() == b"the previous report"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["articles", "out", "report.xlsx"]


def test_readonly_store_refuses_writes(filled_store: Path) -> None:
    import sqlite3

    with Store(filled_store, readonly=True) as store:
        assert store.counts()["articles"] == 3
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.conn.execute("DELETE FROM figures")


def test_report_helper_ends_at_once_when_its_run_is_already_gone() -> None:
    import subprocess
    import sys

    code = (
        "import os, sys\n"
        "from pipeline.children import die_with_parent\n"
        "die_with_parent(int(sys.argv[1]))\n"
        "print('still here')\n"
    )
    alive = subprocess.run(
        [sys.executable, "-c", code, str(os.getpid())], capture_output=True, text=True
    )
    assert alive.returncode == 0 and alive.stdout == "still here\n"
    # A parent pid that is not ours: the run that wanted the helper is gone.
    orphan = subprocess.run([sys.executable, "-c", code, "1"], capture_output=True, text=True)
    assert orphan.returncode == 1 and orphan.stdout == ""


def test_xlsx_text_columns_holding_other_types_keep_them(tmp_path: Path) -> None:
    target = tmp_path / "report.xlsx"
    mixed = pd.DataFrame({"label": ["ORG", 7, True], "start": [1, 2, 3]})
    write_xlsx({"entities": lambda: [mixed]}, target)
    sheet = openpyxl.load_workbook(target)["entities"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == ["ORG", 7, True]
    assert [cell.data_type for cell in cells] == ["s", "n", "b"]
