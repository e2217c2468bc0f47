"""Settings: one frozen object built once by the CLI (or a caller) and passed down every stage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EXPORT_FORMATS = ("csv", "jsonl", "xlsx", "parquet")
DEFAULT_FORMATS = ("csv", "jsonl", "xlsx")
CSV_DIALECTS = ("excel", "excel-de")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run needs to know; no stage reads options from anywhere else."""

    input_dir: Path
    out_dir: Path
    model: str = "auto"  # "auto", "blank", an installed package name or a path
    formats: tuple[str, ...] = DEFAULT_FORMATS
    csv_dialect: str = "excel"
    workers: int = 1
    batch_size: int = 64
    force: bool = False
    max_bytes: int = 5_000_000
    progress: bool = False

    def __post_init__(self) -> None:
        unknown = set(self.formats) - set(EXPORT_FORMATS)
        if unknown:
            raise ValueError(f"unknown export format(s): {', '.join(sorted(unknown))}")
        if self.csv_dialect not in CSV_DIALECTS:
            raise ValueError(f"unknown CSV dialect {self.csv_dialect!r}")
        if self.workers < 1 or self.batch_size < 1 or self.max_bytes < 1:
            raise ValueError("workers, batch size and max bytes must be positive")
