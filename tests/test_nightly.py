"""Nightly runs (issue 16): monthly partitions rewritten only where articles changed, always
identical to a full export; a crash mid-export is repaired; the workbook's window."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from pipeline import export as export_module
from pipeline.export import MANIFEST, exports_current, read_manifest
from pipeline.run import export_outputs, run_batch
from pipeline.settings import Settings, resolve_exports
from pipeline.store import Store

WriteInputs = Callable[[Mapping[str, "str | bytes"]], Path]
FORMATS = ("csv", "jsonl", "parquet", "xlsx", "html")
TABLES = ("articles", "entities", "figures")

# Short reports of our own, one per firm; the date in the front matter sets the month.
REPORTS = {
    "hagen": (
        "Hagener Drahtzieher baut aus",
        "Hagen. Die Drahtwerk Volme GmbH erweitert ihr Werk im Lennetal um eine dritte"
        " Halle. Das Familienunternehmen investiert 14 Millionen Euro und will bis Ende"
        " des Jahres 35 Fachkräfte einstellen. Geschäftsführerin Anke Brinkhoff nennt die"
        " Nachfrage aus der Autoindustrie als Grund.",
    ),
    "bielefeld": (
        "Bielefelder Küchenbauer mit Rekordumsatz",
        "Bielefeld. Die Teutoburger Möbelwerke AG hat im Geschäftsjahr 412 Millionen Euro"
        " umgesetzt, 6 Prozent mehr als im Vorjahr. Vorstandschef Jens Oberkamp will das"
        " Auslandsgeschäft in Skandinavien stärken und plant ein Lager in Herford.",
    ),
    "siegen": (
        "Siegener Zulieferer kürzt Schichten",
        "Siegen. Der Stahlverarbeiter Hüttental Profile streicht die Nachtschicht in"
        " Geisweid. Rund 120 Beschäftigte wechseln in Kurzarbeit, teilte der Betriebsrat"
        " mit. Die IHK Siegen sieht die ganze Region unter Druck.",
    ),
    "paderborn": (
        "Paderborner Softwarehaus wächst weiter",
        "Paderborn. Die Almetal Informatik GmbH bezieht im Frühjahr ein neues Bürohaus am"
        " Hauptbahnhof. Das Unternehmen beschäftigt inzwischen 260 Menschen und rechnet für"
        " das laufende Jahr mit einem Umsatz von 31 Millionen Euro.",
    ),
    "muenster": (
        "Münsteraner Genossenschaftsbank legt zu",
        "Münster. Die Volksbank Münsterland Nord meldet ein Kreditwachstum von 4,5 Prozent."
        " Vor allem Handwerksbetriebe aus dem Kreis Steinfurt hätten mehr Geld für neue"
        " Maschinen aufgenommen, sagte Vorstand Birgit Lammers.",
    ),
    "gelsenkirchen": (
        "Gelsenkirchener Wasserstoffprojekt startet",
        "Gelsenkirchen. Auf dem Gelände der früheren Zeche Westerholt entsteht ein"
        " Elektrolyseur mit 20 Megawatt Leistung. Die Emscher Energie GmbH und die Stadt"
        " tragen die Kosten von 48 Millionen Euro gemeinsam.",
    ),
}


def report(name: str, date: str | None, note: str = "") -> str:
    title, body = REPORTS[name]
    header = f"---\ntitle: {title}\n" + (f"date: {date}\n" if date else "") + "---\n"
    return f"{header}{title}\n\n{body}{note}\n"


def settings(root: Path, out: Path, **options: object) -> Settings:
    return Settings(input_dir=root, out_dir=out, model="blank", batch_size=2, **options)  # type: ignore[arg-type]


def full_export(out: Path, target: Path, single: bool) -> Path:
    """The same store exported from scratch into `target` (a copy of the database)."""
    target.mkdir()
    with (
        sqlite3.connect(out / "pipeline.sqlite") as source,
        sqlite3.connect(target / "pipeline.sqlite") as copy,
    ):
        source.backup(copy)
    manifest = read_manifest(out)
    export_outputs(
        target,
        tuple(manifest["formats"]),  # type: ignore[arg-type]
        layout="single" if single else "monthly",
    )
    return target


def partition_files(out: Path) -> dict[str, bytes]:
    found = {}
    for fmt in ("csv", "jsonl"):
        for path in sorted((out / fmt).rglob(f"*.{fmt}")):
            found[str(path.relative_to(out))] = path.read_bytes()
    return found


def csv_rows(paths: list[Path]) -> pd.DataFrame:
    frames = [
        pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, dtype=str) for path in paths
    ]
    frame = pd.concat(frames, ignore_index=True)
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def jsonl_rows(paths: list[Path]) -> list[dict]:
    rows = [json.loads(line) for path in paths for line in path.open(encoding="utf-8")]
    return sorted(rows, key=lambda row: row["path"])


def assert_same_as_full(out: Path, tmp_path: Path, label: str) -> None:
    """Every monthly file equals a fresh monthly export, and all months together equal the
    single-file export, row for row."""
    monthly = full_export(out, tmp_path / f"full-monthly-{label}", single=False)
    single = full_export(out, tmp_path / f"full-single-{label}", single=True)
    assert partition_files(out) == partition_files(monthly)
    assert read_manifest(out)["partitions"] == read_manifest(monthly)["partitions"]
    for table in TABLES:
        ours = sorted((out / "csv" / table).glob("*.csv"))
        pd.testing.assert_frame_equal(csv_rows(ours), csv_rows([single / f"{table}.csv"]))
        parts = sorted((out / "parquet" / table).glob("*.parquet"))
        for part in parts:
            fresh = monthly / "parquet" / table / part.name
            assert pq.read_table(part).equals(pq.read_table(fresh)), part
        together = pd.read_parquet(out / "parquet" / table)
        whole = pd.read_parquet(single / f"{table}.parquet")
        key = ["path", "start"] if table != "articles" else ["path"]
        pd.testing.assert_frame_equal(
            together.sort_values(key).reset_index(drop=True),
            whole.sort_values(key).reset_index(drop=True),
            check_dtype=False,
        )
    records = sorted((out / "jsonl" / "records").glob("*.jsonl"))
    assert jsonl_rows(records) == jsonl_rows([single / "records.jsonl"])
    # The review, kept by month, is file for file the review written from scratch.
    assert review_files(out) == review_files(monthly)
    # The names' totals, kept per change (Store.refresh_names), equal a grouping of all rows.
    with Store(out, readonly=True) as store:
        assert store._names_current()
        for label in ("ORG", "LOC", "PER"):
            assert store.canonical_names(label) == store.canonical_names_grouped(label)
        # So do the partitions' digests and summary counts (Store.refresh_parts).
        assert store._parts_current()
        assert store.partition_fingerprints() == store._part_digests()
        grouped = store.summary_grouped()
        assert store.overview() == grouped["overview"]
        assert store.figures_by_kind() == grouped["kinds"]
        assert store.linked_places() == grouped["places"]


def review_files(out: Path) -> dict[str, bytes]:
    found = {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in (out / "html").rglob("*") if path.is_file()
    }  # fmt: skip
    assert "html/index.html" in found and any(name.startswith("html/months/") for name in found)
    # The index names the minute it was written.
    minute = rb"\d{4}-\d\d-\d\d \d\d:\d\d UTC"
    found["html/index.html"] = re.sub(minute, b"", found["html/index.html"])
    return found


def stamps(out: Path) -> dict[str, int]:
    return {
        str(path.relative_to(out)): path.stat().st_mtime_ns
        for fmt in ("csv", "jsonl", "parquet")
        for path in (out / fmt).rglob("*")
        if path.is_file()
    }


def test_incremental_runs_match_a_full_export(
    write_inputs: WriteInputs, stub_extract: object, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    root = write_inputs(
        {
            "westfalen/hagen.md": report("hagen", "2026-09-14"),
            "westfalen/bielefeld.md": report("bielefeld", "2026-10-02"),
            "westfalen/siegen.md": report("siegen", "2026-10-21"),
            "westfalen/paderborn.md": report("paderborn", None),
        }
    )
    run_batch(settings(root, out, formats=FORMATS))
    assert sorted(p.name for p in (out / "csv" / "articles").iterdir()) == [
        "2026-09.csv", "2026-10.csv", "undated.csv",
    ]  # fmt: skip
    assert_same_as_full(out, tmp_path, "first")

    # A new article in a new month: only that month is written, the others stay.
    before = stamps(out)
    write_inputs({"ruhr/gelsenkirchen.md": report("gelsenkirchen", "2026-11-05")})
    summary = run_batch(settings(root, out))
    assert summary.processed == 1
    after = stamps(out)
    assert {name for name in after if after[name] != before.get(name)} == {
        f"{fmt}/{table}/2026-11.{fmt}"
        for fmt, tables in (("csv", TABLES), ("parquet", TABLES), ("jsonl", ("records",)))
        for table in tables
    }
    assert_same_as_full(out, tmp_path, "added")

    # Changed text, an article moved to another month by its date, one deleted, one moved
    # to another path, one dated that had none.
    write_inputs(
        {
            "westfalen/siegen.md": report("siegen", "2026-10-21", " Die Gespräche laufen."),
            "westfalen/bielefeld.md": report("bielefeld", "2026-11-28"),
            "westfalen/paderborn.md": report("paderborn", "2026-09-30"),
        }
    )
    (root / "westfalen" / "hagen.md").rename(root / "ruhr" / "hagen.md")
    (root / "ruhr" / "gelsenkirchen.md").unlink()
    run_batch(settings(root, out))
    assert_same_as_full(out, tmp_path, "changed")

    # Purged: the missing article leaves the store, its month's files follow.
    from pipeline.run import purge_missing

    assert purge_missing(out) == 1
    assert_same_as_full(out, tmp_path, "purged")
    assert not (out / "csv" / "articles" / "undated.csv").exists()
    assert exports_current(_store(out), out, resolve_exports(read_manifest(out)))


def _store(out: Path) -> Store:
    return Store(out, readonly=True)


def test_a_crash_between_renames_is_repaired_by_the_next_run(
    write_inputs: WriteInputs,
    stub_extract: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "out"
    root = write_inputs(
        {
            "a/hagen.md": report("hagen", "2026-08-03"),
            "a/siegen.md": report("siegen", "2026-09-11"),
        }
    )
    run_batch(settings(root, out, formats=FORMATS))
    write_inputs(
        {
            "a/hagen.md": report("hagen", "2026-08-03", " Der Bauantrag ist gestellt."),
            "a/siegen.md": report("siegen", "2026-09-11", " Die Kurzarbeit endet im März."),
            "a/muenster.md": report("muenster", "2026-10-19"),
        }
    )
    renames = []
    real_replace = export_module.os.replace

    def replace_then_die(source: object, target: object) -> None:
        if str(target).endswith(".csv") and len(renames) == 2:
            raise OSError(5, "Input/output error (simulated crash)")
        renames.append(target)
        real_replace(source, target)

    monkeypatch.setattr(export_module.os, "replace", replace_then_die)
    with pytest.raises(Exception, match="simulated crash|Input/output"):
        run_batch(settings(root, out))
    monkeypatch.setattr(export_module.os, "replace", real_replace)

    # Two files of the new set are in place, the rest old: the manifest says so.
    manifest = read_manifest(out)
    assert manifest["generation"] is None and manifest["report"] is None
    assert set(manifest["partitions"]) == set()  # every month changed, none is trusted
    with _store(out) as store:
        assert not exports_current(store, out, resolve_exports(manifest))
    # A kill would also leave temp files; the next run removes them.
    (out / "csv" / "figures" / ".2026-09.csv.k3j2x.tmp").write_text("halb", encoding="utf-8")

    summary = run_batch(settings(root, out))
    assert summary.processed == 0 and summary.unchanged == 3
    assert not list((out / "csv").rglob("*.tmp"))
    assert_same_as_full(out, tmp_path, "repaired")


def test_a_month_changed_after_the_crash_back_to_its_old_digest_is_still_rewritten(
    write_inputs: WriteInputs,
    stub_extract: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The interim manifest forgets the digests first: a month whose new file was renamed
    before the crash cannot pass for unchanged when the store returns to what it was."""
    out = tmp_path / "out"
    original = report("paderborn", "2026-07-08")
    root = write_inputs({"p/paderborn.md": original, "p/hagen.md": report("hagen", "2026-06-01")})
    run_batch(settings(root, out, formats=("csv",)))
    write_inputs({"p/paderborn.md": report("paderborn", "2026-07-08", " Ein Umzug folgt.")})
    real_replace = export_module.os.replace
    calls = []

    def replace_then_die(source: object, target: object) -> None:
        calls.append(target)
        real_replace(source, target)
        if str(target).endswith("2026-07.csv") and "articles" in str(target):
            raise OSError(5, "Input/output error (simulated crash)")

    monkeypatch.setattr(export_module.os, "replace", replace_then_die)
    with pytest.raises(Exception, match="simulated crash|Input/output"):
        run_batch(settings(root, out))
    monkeypatch.setattr(export_module.os, "replace", real_replace)
    write_inputs({"p/paderborn.md": original})  # the store goes back to the old text
    run_batch(settings(root, out))
    assert_csv_same_as_single(out, tmp_path)


def assert_csv_same_as_single(out: Path, tmp_path: Path) -> None:
    single = full_export(out, tmp_path / "single-csv", single=True)
    for table in TABLES:
        ours = sorted((out / "csv" / table).glob("*.csv"))
        pd.testing.assert_frame_equal(csv_rows(ours), csv_rows([single / f"{table}.csv"]))


def test_single_file_layout_and_the_switch_between_layouts(
    write_inputs: WriteInputs, stub_extract: object, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    root = write_inputs(
        {"b/hagen.md": report("hagen", "2026-05-05"), "b/siegen.md": report("siegen", None)}
    )
    run_batch(settings(root, out, formats=("csv", "jsonl", "parquet"), layout="single"))
    assert (out / "entities.csv").is_file() and (out / "records.jsonl").is_file()
    assert not (out / "csv").exists()
    assert read_manifest(out)["layout"] == "single"
    run_batch(settings(root, out, layout="monthly"))  # remembered formats, new layout
    assert not (out / "entities.csv").exists() and not (out / "articles.parquet").exists()
    assert (out / "csv" / "entities" / "2026-05.csv").is_file()
    assert (out / "parquet" / "figures" / "undated.parquet").is_file()
    run_batch(settings(root, out, layout="single"))
    assert not (out / "csv").exists() and not (out / "parquet").exists()
    assert (out / "figures.parquet").is_file()


def test_a_folder_exported_before_layouts_keeps_its_single_files() -> None:
    old = {"store_id": "x", "generation": 3, "formats": ["csv"], "dialect": "excel"}
    assert resolve_exports(old).layout == "single"
    assert resolve_exports({}).layout == "monthly"
    assert resolve_exports(old, layout="monthly").layout == "monthly"


# --- the workbook ------------------------------------------------------------------------


def workbook_rows(path: Path, sheet: str) -> list[tuple]:
    book = load_workbook(path, read_only=True)
    rows = [tuple(row) for row in book[sheet].iter_rows(values_only=True)]
    book.close()
    return rows


def test_the_workbook_details_cover_the_window_and_the_summary_everything(
    write_inputs: WriteInputs, stub_extract: object, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    root = write_inputs(
        {
            "c/hagen.md": report("hagen", "2026-03-02"),
            "c/bielefeld.md": report("bielefeld", "2026-10-20"),
            "c/siegen.md": report("siegen", "2026-11-30"),
            "c/muenster.md": report("muenster", "2026-11-02"),
        }
    )
    run_batch(settings(root, out, formats=("xlsx",), xlsx_window=30))
    path = out / "report.xlsx"
    details = workbook_rows(path, "articles")
    paths = sorted(row[1] for row in details[1:] if row[1])
    assert paths == ["c/muenster.md", "c/siegen.md"]  # 2026-11-01 to 2026-11-30
    summary = dict((row[0], row[1]) for row in workbook_rows(path, "Übersicht") if row[0])
    assert summary["Artikel"] == 4
    assert "2026-11-01 bis 2026-11-30" in summary["Detailblätter"]
    entities = workbook_rows(path, "entities")
    assert {row[1] for row in entities[1:] if row[1]} <= {"c/muenster.md", "c/siegen.md"}

    export_outputs(out, xlsx_window=0)
    assert len(workbook_rows(out / "report.xlsx", "articles")) == 5
    assert read_manifest(out)["xlsx_window"] == 0


def test_the_workbook_is_not_rewritten_when_what_it_shows_is_unchanged(
    write_inputs: WriteInputs, stub_extract: object, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    root = write_inputs(
        {
            "d/hagen.md": report("hagen", "2025-01-15"),
            "d/gelsenkirchen.md": report("gelsenkirchen", "2026-11-12"),
        }
    )
    run_batch(settings(root, out, formats=("csv", "xlsx"), xlsx_window=90))
    book = (out / "report.xlsx").stat()
    january = (out / "csv" / "articles" / "2025-01.csv").stat().st_mtime_ns
    # The old article's author changes (a sidecar): its month is written again, but the
    # workbook shows neither authors in its summary nor that article on its detail sheets.
    (root / "d" / "hagen.json").write_text(json.dumps({"author": "Ralf Dellbrügge"}), "utf-8")
    run_batch(settings(root, out))
    assert (out / "csv" / "articles" / "2025-01.csv").stat().st_mtime_ns != january
    assert "Ralf Dellbrügge" in (out / "csv" / "articles" / "2025-01.csv").read_text("utf-8-sig")
    now = (out / "report.xlsx").stat()
    assert (now.st_ino, now.st_mtime_ns) == (book.st_ino, book.st_mtime_ns)
    assert read_manifest(out)["generation"] is not None
    # A change inside the window rewrites it.
    write_inputs({"d/gelsenkirchen.md": report("gelsenkirchen", "2026-11-12", " Baubeginn.")})
    run_batch(settings(root, out))
    assert (out / "report.xlsx").stat().st_mtime_ns != book.st_mtime_ns
    assert json.loads((out / MANIFEST).read_text("utf-8"))["report"]


def test_manifest_lists_each_month_with_its_article_count(
    write_inputs: WriteInputs, stub_extract: object, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    root = write_inputs(
        {
            "e/hagen.md": report("hagen", "2026-02-03"),
            "e/siegen.md": report("siegen", "2026-02-27"),
            "e/paderborn.md": report("paderborn", None),
        }
    )
    run_batch(settings(root, out, formats=("csv",)))
    partitions = read_manifest(out)["partitions"]
    assert {key: value[1] for key, value in partitions.items()} == {"2026-02": 2, "undated": 1}
    shutil.rmtree(out / "csv" / "figures")  # a reader deleted files: the next run restores
    with _store(out) as store:
        assert not exports_current(store, out, resolve_exports(read_manifest(out)))
    run_batch(settings(root, out))
    assert (out / "csv" / "figures" / "2026-02.csv").is_file()
