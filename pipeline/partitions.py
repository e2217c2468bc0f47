"""Export: the monthly layout, CSV, JSONL and Parquet split by publication month.

    OUT/csv/articles/2026-11.csv      OUT/jsonl/records/2026-11.jsonl
    OUT/csv/entities/2026-11.csv      OUT/parquet/articles/2026-11.parquet
    OUT/csv/figures/2026-11.csv       ... one file per table and month, `undated.*` for
                                      articles without a `published` date

A run rewrites only the partitions whose articles changed (added, processed again, moved
to another path or month, marked missing, deleted): the store gives each partition a
digest (Store.partition_fingerprints) and the folder's manifest remembers the digests its
files were written from. New partition files are written to temp names and renamed
together with the run's other exports (staged_exports); before the renames the manifest
forgets the digests of the partitions about to change, so a crash between two renames
leaves those partitions marked unknown and the next run writes them again.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from .export import TMP_SUFFIX, write_csv, write_jsonl, write_parquet
from .settings import ExportSettings
from .store import Store, partition_filter

LAYOUT_VERSION = 1  # bump when a partition file's content or naming changes
TABLES = ("articles", "entities", "figures")
PARTITIONED = ("csv", "jsonl", "parquet")


def partition_files(fmt: str) -> list[tuple[str, str]]:
    """(folder relative to OUT, suffix) of each partitioned table of a format."""
    if fmt == "csv":
        return [(f"csv/{table}", ".csv") for table in TABLES]
    if fmt == "jsonl":
        return [("jsonl/records", ".jsonl")]
    if fmt == "parquet":
        return [(f"parquet/{table}", ".parquet") for table in TABLES]
    return []


@dataclass
class Plan:
    """What one export does to the partitions: their digests now, which files to write."""

    fingerprints: dict[str, list] = field(default_factory=dict)  # key -> [digest, articles]
    rewrite: dict[str, list[str]] = field(default_factory=dict)  # key -> formats to write
    kept: dict[str, list] = field(default_factory=dict)  # unchanged, files in place

    @property
    def changed(self) -> bool:
        return bool(self.rewrite) or self.fingerprints.keys() != self.kept.keys()


def plan_partitions(
    store: Store, out_dir: Path, exports: ExportSettings, previous: dict[str, object]
) -> Plan:
    """Compare the store's partitions with what the folder's manifest says was written."""
    plan = Plan()
    known = previous.get("partitions") if _compatible(store, exports, previous) else None
    known = known if isinstance(known, dict) else {}
    formats = [fmt for fmt in PARTITIONED if fmt in exports.formats]
    for key, (digest, count) in store.partition_fingerprints().items():
        plan.fingerprints[key] = [digest, count]
        same = known.get(key) == [digest, count]
        todo = [
            fmt
            for fmt in formats
            if not same
            or not all(
                (out_dir / folder / f"{key}{suffix}").is_file()
                for folder, suffix in partition_files(fmt)
            )
        ]
        if todo:
            plan.rewrite[key] = todo
        else:
            plan.kept[key] = [digest, count]
    return plan


def _compatible(store: Store, exports: ExportSettings, previous: dict[str, object]) -> bool:
    """Partitions written under other settings (dialect, body in JSONL) are all rewritten."""
    return (
        previous.get("store_id") == store.store_id()
        and previous.get("layout") == "monthly"
        and previous.get("layout_version") == LAYOUT_VERSION
        and previous.get("dialect") == exports.csv_dialect
        and previous.get("text") == exports.include_text
    )


def write_partitions(
    store: Store, out_dir: Path, exports: ExportSettings, plan: Plan
) -> list[Path]:
    """Write the planned partition files (staged by the caller); returns their paths."""
    written: list[Path] = []
    text_table = "articles_text" if exports.include_text else "articles"
    for key, formats in sorted(plan.rewrite.items()):
        where = partition_filter(key)
        for fmt in formats:
            folders = partition_files(fmt)
            for folder, _ in folders:
                (out_dir / folder).mkdir(parents=True, exist_ok=True)
            if fmt == "csv":
                for table, (folder, suffix) in zip(TABLES, folders, strict=True):
                    frames = store.iter_frames(table, where=where)
                    write_csv(frames, out_dir / folder / f"{key}{suffix}", exports.csv_dialect)
            elif fmt == "jsonl":
                folder, suffix = folders[0]
                write_jsonl(
                    store.iter_rows(text_table, where=where),
                    store.iter_rows("entities", where=where),
                    store.iter_rows("figures", where=where),
                    out_dir / folder / f"{key}{suffix}",
                )
            elif fmt == "parquet":
                for table, (folder, suffix) in zip(TABLES, folders, strict=True):
                    frames = store.iter_frames(table, where=where)
                    write_parquet(frames, out_dir / folder / f"{key}{suffix}")
            written += [out_dir / folder / f"{key}{suffix}" for folder, suffix in folders]
    return written


def remove_other_partitions(out_dir: Path, formats: tuple[str, ...], keys: set[str]) -> int:
    """Delete partition files of months no longer in the store, and of formats no longer
    asked for (empty folders go too). Only our own file names are touched."""
    removed = 0
    for fmt in PARTITIONED:
        for folder, suffix in partition_files(fmt):
            directory = out_dir / folder
            if not directory.is_dir() or directory.is_symlink():
                continue
            for path in directory.iterdir():
                ours = path.name.endswith(suffix) and not path.name.startswith(".")
                if ours and (fmt not in formats or path.name[: -len(suffix)] not in keys):
                    path.unlink(missing_ok=True)
                    removed += 1
            with contextlib.suppress(OSError):
                directory.rmdir()  # only when empty
        with contextlib.suppress(OSError):
            (out_dir / fmt).rmdir()
    return removed


def remove_stale_temp_files(out_dir: Path) -> list[Path]:
    """Temp partition files a killed run left behind (call while holding the lock)."""
    removed: list[Path] = []
    for fmt in PARTITIONED:
        for folder, suffix in partition_files(fmt):
            directory = out_dir / folder
            if not directory.is_dir():
                continue
            for path in directory.glob(f".*{suffix}.*{TMP_SUFFIX}"):
                if path.is_file() and not path.is_symlink():
                    path.unlink(missing_ok=True)
                    removed.append(path)
    return removed


def partitions_present(out_dir: Path, formats: tuple[str, ...], keys: list[str]) -> bool:
    return all(
        (out_dir / folder / f"{key}{suffix}").is_file()
        for fmt in PARTITIONED
        if fmt in formats
        for folder, suffix in partition_files(fmt)
        for key in keys
    )
