"""Settings: one frozen object built once by the CLI (or a caller) and passed down every stage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EXPORT_FORMATS = ("csv", "jsonl", "xlsx", "parquet", "html", "geojson")
DEFAULT_FORMATS = ("csv", "jsonl", "xlsx", "html", "geojson")
CSV_DIALECTS = ("excel", "excel-de")
# "monthly": CSV, JSONL and Parquet split by publication month, so that a nightly run
# rewrites only the months it touched (README "Export layout"); "single": one file a table.
LAYOUTS = ("monthly", "single")
DEFAULT_XLSX_WINDOW = 90  # days of articles on the workbook's detail sheets (0: all)


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run needs to know; no stage reads options from anywhere else."""

    # A folder, or an fsspec URL of one as a str (`s3://bucket/prefix`; README "Input in an
    # object store"); a str without a scheme, or a file:// URL, becomes a Path.
    input_dir: Path | str
    out_dir: Path
    model: str = "auto"  # "auto", "blank", an installed package name or a path
    # Export settings: None means "as the output folder's last export had them" (else the
    # defaults); see resolve_exports().
    formats: tuple[str, ...] | None = None
    csv_dialect: str | None = None
    include_text: bool | None = None  # the article body in records.jsonl
    layout: str | None = None  # --single-file / --monthly
    xlsx_window: int | None = None  # --xlsx-window DAYS
    workers: int = 1
    batch_size: int = 64
    force: bool = False
    max_bytes: int = 5_000_000
    progress: bool = False
    source: str = ""  # --source: the source of files whose metadata names none
    verify: bool = False  # --verify: hash every file, trust no size/time stamp
    follow_links: bool = False  # --follow-links: also follow links leading out of the input
    timeout: float = 0.0  # --timeout seconds (0: none): stop cleanly after that long
    extract_all_languages: bool = False  # also extract from articles that are not German
    # Where the reading and the NLP run (README "Running on a cluster"): "local" (processes
    # here) or "dask"; scheduler is a Dask address ("" starts a local cluster of `workers`).
    engine: str = "local"
    scheduler: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "input_dir", input_location(self.input_dir))
        validate_exports(self.formats, self.csv_dialect, self.layout, self.xlsx_window)
        if self.workers < 1 or self.batch_size < 1 or self.max_bytes < 1:
            raise ValueError("workers, batch size and max bytes must be positive")
        if self.engine not in ("local", "dask"):
            raise ValueError(f"unknown engine {self.engine!r}: local or dask")
        if self.scheduler and self.engine != "dask":
            raise ValueError("a scheduler address needs the dask engine")


def input_location(value: Path | str) -> Path | str:
    """ARTICLES as a Path (a folder, a file:// URL) or the fsspec URL of an object store."""
    text = str(value)
    scheme, sep, _ = text.partition("://")
    if isinstance(value, Path) or not sep or len(scheme) < 2 or "/" in scheme:
        return Path(value)
    if scheme == "file":
        from urllib.parse import unquote, urlsplit

        parts = urlsplit(text)
        if parts.netloc not in ("", "localhost"):
            raise ValueError(f"a file:// URL names this machine's files, got {text!r}")
        return Path(unquote(parts.path))
    return text.rstrip("/") if text.rstrip("/") != f"{scheme}:/" else text


@dataclass(frozen=True, slots=True)
class ExportSettings:
    """What the exports of an output folder are: remembered there between runs."""

    formats: tuple[str, ...] = DEFAULT_FORMATS
    csv_dialect: str = "excel"
    include_text: bool = True
    layout: str = "monthly"
    xlsx_window: int = DEFAULT_XLSX_WINDOW

    def __post_init__(self) -> None:
        validate_exports(self.formats, self.csv_dialect, self.layout, self.xlsx_window)


def validate_exports(
    formats: tuple[str, ...] | None,
    dialect: str | None,
    layout: str | None = None,
    xlsx_window: int | None = None,
) -> None:
    if layout is not None and layout not in LAYOUTS:
        raise ValueError(f"unknown export layout {layout!r}")
    if xlsx_window is not None and xlsx_window < 0:
        raise ValueError("the workbook window is a number of days, 0 or more")
    if formats is not None:
        unknown = set(formats) - set(EXPORT_FORMATS)
        if unknown:
            raise ValueError(f"unknown export format(s): {', '.join(sorted(unknown))}")
        if not formats:
            raise ValueError("no export format given")
    if dialect is not None and dialect not in CSV_DIALECTS:
        raise ValueError(f"unknown CSV dialect {dialect!r}")


def resolve_exports(
    remembered: dict[str, object],
    formats: tuple[str, ...] | None = None,
    dialect: str | None = None,
    include_text: bool | None = None,
    layout: str | None = None,
    xlsx_window: int | None = None,
) -> ExportSettings:
    """Options given now win; the rest come from the folder's last export, else defaults.

    A folder exported before layouts existed (a manifest without one) keeps its single
    files, which its readers know; a new folder gets the monthly layout.
    """
    listed = remembered.get("formats")
    known_formats = (
        tuple(str(name) for name in listed if name in EXPORT_FORMATS)
        if isinstance(listed, list)
        else ()
    )
    known_dialect = remembered.get("dialect")
    known_text = remembered.get("text")
    known_layout = remembered.get("layout")
    if known_layout not in LAYOUTS:
        known_layout = "single" if remembered.get("formats") else "monthly"
    known_window = remembered.get("xlsx_window")
    if not isinstance(known_window, int) or isinstance(known_window, bool) or known_window < 0:
        known_window = DEFAULT_XLSX_WINDOW
    return ExportSettings(
        formats=formats or known_formats or DEFAULT_FORMATS,
        csv_dialect=dialect or (str(known_dialect) if known_dialect in CSV_DIALECTS else "excel"),
        include_text=include_text
        if include_text is not None
        else (known_text if isinstance(known_text, bool) else True),
        layout=layout or str(known_layout),
        xlsx_window=xlsx_window if xlsx_window is not None else known_window,
    )
