"""Run: one batch run from input folder to store and exports (ingest -> nlp -> store -> export)."""

from __future__ import annotations

import errno
import logging
import signal
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from . import __version__
from .engine import Candidate, open_engine, wait_for_background_closes
from .export import (
    ExportHelper,
    export_all,
    exports_current,
    read_manifest,
    remove_stale_temp_files,
    report_helped,
    timed,
)
from .ingest import InputFile, file_is_sidecar, file_stat, is_supported, iter_input_files
from .nlp.build import ModelRef, resolve_model
from .remote import RemoteInputError, check_root
from .selection import Selection
from .settings import Settings, resolve_exports
from .store import DB_NAME, Store, StoreError

log = logging.getLogger(__name__)

LOCK_NAME = ".pipeline.lock"


class RunLockedError(Exception):
    """Another run holds the output folder's lock."""


class OutputError(Exception):
    """The output folder cannot be written: read-only, full, or its lock path unusable."""


class RunInterrupted(BaseException):  # noqa: N818  (a signal, like KeyboardInterrupt)
    """SIGTERM (or SIGINT) reached the run; every transaction was rolled back."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class RunTimedOut(BaseException):  # noqa: N818
    """The run reached its --timeout; what it stored so far is complete and consistent."""


@dataclass(slots=True)
class RunSummary:
    """What a run did, for the summary line and the exit code."""

    seen: int = 0
    processed: int = 0
    unchanged: int = 0
    skipped: int = 0  # files of a type we do not read
    failed: int = 0
    missing: int = 0
    moved: int = 0  # same bytes under a new path: the record followed the file
    not_german: int = 0  # stored with their metadata, nothing extracted (README)
    sidecars: int = 0  # metadata files beside an article (NAME.json)
    tokens: int = 0
    seconds: float = 0.0
    model: str = ""
    exports: list[str] = field(default_factory=list)
    skipped_by_suffix: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        extras = "".join(
            f", {count} {name}"
            for count, name in (
                (self.moved, "moved"),
                (self.not_german, "not German"),
                (self.sidecars, "sidecar files"),
            )
            if count
        )
        line = (
            f"{self.seen} files seen, {self.processed} processed, {self.unchanged} unchanged, "
            f"{self.skipped} skipped, {self.failed} failed, {self.missing} missing{extras}; "
            f"{self.tokens:,} tokens in {self.seconds:.1f} s"
        )
        if self.skipped_by_suffix:
            line += "; skipped by type: " + ", ".join(
                f"{suffix} {count}" for suffix, count in sorted(self.skipped_by_suffix.items())
            )
        return line


@contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold the output folder for one run; a second run fails at once instead of waiting."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder {out_dir}: {exc.strerror}") from None
    lock = FileLock(out_dir / LOCK_NAME)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise RunLockedError(f"another run is using {out_dir}") from None
    except OSError as exc:
        raise OutputError(
            f"cannot take the lock {out_dir / LOCK_NAME}: {exc.strerror or exc}"
        ) from None
    try:
        yield
    finally:
        lock.release()


def pipeline_version(ref: ModelRef) -> str:
    """What an article's results depend on besides its bytes: our code and the model."""
    return f"article-pipeline {__version__} / {ref.label}"


def run_batch(settings: Settings) -> RunSummary:
    """Process every new or changed article under settings.input_dir and rebuild the exports.

    Raises RunLockedError when another run holds the output folder, ModelNotFoundError
    when the model cannot be resolved, FileNotFoundError when the input is missing.
    """
    started = time.perf_counter()
    _check_input(settings.input_dir)
    ref = resolve_model(settings.model)
    try:
        summary = _run_batch(settings, ref)
    finally:
        wait_for_background_closes()  # a local Dask cluster stops while the exports are written
    summary.seconds = time.perf_counter() - started
    return summary


def _run_batch(settings: Settings, ref: ModelRef) -> RunSummary:
    with (
        _signals_end_the_run(settings.timeout),
        _output_errors(settings.out_dir),
        output_lock(settings.out_dir),
        Store(settings.out_dir) as store,
        ExportHelper() as helper,
    ):
        _remove_stale_temp_files(settings.out_dir)
        exports = resolve_exports(
            read_manifest(settings.out_dir),
            settings.formats,
            settings.csv_dialect,
            settings.include_text,
            settings.layout,
            settings.xlsx_window,
        )

        def early() -> None:
            # With articles to process, the exports' helper starts beside the NLP.
            if report_helped(store, exports, settings.workers):
                helper.start()

        with timed("listing, reading and processing"):
            summary = _run_locked(settings, store, ref, early)
        # The store's generation changes with any stored change, so this also covers it.
        if not exports_current(store, settings.out_dir, exports):
            with timed("exports"):
                written = export_all(store, settings.out_dir, exports, settings.workers, helper)
            summary.exports = [path.relative_to(settings.out_dir).as_posix() for path in written]
    return summary


@contextmanager
def _signals_end_the_run(timeout: float) -> Iterator[None]:
    """SIGTERM and the time limit end the run by an exception raised where it is.

    The exception unwinds like Ctrl-C: the open transaction rolls back (a batch is in the
    store or not), temp files are removed, workers are stopped, the lock is released.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return

    def on_term(signum: int, frame: object) -> None:
        raise RunInterrupted(signum)

    def on_alarm(signum: int, frame: object) -> None:
        raise RunTimedOut(f"time limit of {timeout:g} s reached")

    previous_term = signal.signal(signal.SIGTERM, on_term)
    previous_alarm = signal.signal(signal.SIGALRM, on_alarm) if timeout > 0 else None
    if timeout > 0:
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        yield
    finally:
        if timeout > 0:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous_alarm)
        signal.signal(signal.SIGTERM, previous_term)


@contextmanager
def _output_errors(out_dir: Path) -> Iterator[None]:
    """Disk full, a read-only folder, a store gone bad mid-run: one OutputError/StoreError."""
    try:
        yield
    except sqlite3.Error as exc:
        if "full" in str(exc):  # SQLITE_FULL: "database or disk is full"
            raise OutputError(
                f"no space left on the device ({out_dir / DB_NAME}); the store is consistent"
                " and the previous exports unchanged"
            ) from None
        raise StoreError(f"{out_dir / DB_NAME}: {exc}") from None
    except BrokenProcessPool:
        raise OutputError(
            "the report helper process died before the exports were written;"
            " the previous exports are unchanged"
        ) from None
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            reason = "no space left on the device"
        elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            reason = "the output folder cannot be written"
        else:
            reason = exc.strerror or str(exc)
        where = f" ({exc.filename})" if exc.filename else ""
        raise OutputError(
            f"{reason}{where}; the store is consistent and the previous exports unchanged"
        ) from None


def export_outputs(
    out_dir: Path,
    formats: tuple[str, ...] | None = None,
    dialect: str | None = None,
    workers: int = 1,
    include_text: bool | None = None,
    layout: str | None = None,
    xlsx_window: int | None = None,
) -> list[Path]:
    """Rebuild the exports of an existing output folder, holding its lock like a run does.

    Options left None keep what the folder's last export used; the ones given are
    remembered for the next run. Raises RunLockedError while a run is busy there,
    FileNotFoundError without a store.
    """
    _require_store(out_dir)
    with _output_errors(out_dir), output_lock(out_dir), Store(out_dir) as store:
        _remove_stale_temp_files(out_dir)
        exports = resolve_exports(
            read_manifest(out_dir), formats, dialect, include_text, layout, xlsx_window
        )
        return export_all(store, out_dir, exports, workers)


def purge_missing(out_dir: Path) -> int:
    """Delete articles marked missing and rebuild the exports the folder already has.

    Raises RunLockedError while a run is busy there, FileNotFoundError without a store.
    """
    _require_store(out_dir)
    with _output_errors(out_dir), output_lock(out_dir), Store(out_dir) as store:
        _remove_stale_temp_files(out_dir)
        exports = resolve_exports(read_manifest(out_dir))
        removed = store.purge_missing()
        if not exports_current(store, out_dir, exports):
            export_all(store, out_dir, exports)
    return removed


def _require_store(out_dir: Path) -> None:
    if not (out_dir / DB_NAME).is_file():
        raise FileNotFoundError(f"no {DB_NAME} in {out_dir}: run `article-pipeline run` first")


def _remove_stale_temp_files(out_dir: Path) -> None:
    for path in remove_stale_temp_files(out_dir):
        log.info("removed %s, left behind by an interrupted run", path.name)


def _run_locked(
    settings: Settings, store: Store, ref: ModelRef, early: Callable[[], None] | None = None
) -> RunSummary:
    """List, compare, read, process and store; `early` is called once there is work."""
    summary = RunSummary(model=ref.label)
    version = pipeline_version(ref)
    seen: set[str] = set()
    candidates: list[Candidate] = []
    with timed("listing the input and comparing it with the store"):
        selection = Selection(settings, store, ref, version, summary, store.known_files())
        # One pass, keeping only what changed: an archive's unchanged files are let go as
        # they are listed, not held through the NLP.
        for file in _articles_listed(settings, summary):
            seen.add(file.rel)
            stat = file_stat(file)
            if not selection.is_unchanged(file, stat):
                candidates.append((file, stat))
        selection.listed(seen, {file.rel for file, _ in candidates})
    if candidates:
        if early is not None:
            early()
        with (
            timed(f"reading, processing and storing {len(candidates):,} files"),
            open_engine(settings, ref) as engine,
            _progress(len(candidates), settings.progress) as bar,
        ):
            engine.run(selection, candidates, bar.update if bar is not None else _no_progress)
    summary.missing += store.mark_missing(selection.unlisted)
    return summary


def _check_input(input_dir: Path | str) -> None:
    """FileNotFoundError when the input folder (or the URL's prefix) is not there."""
    if isinstance(input_dir, str):
        try:
            check_root(input_dir)
        except RemoteInputError as exc:
            raise FileNotFoundError(str(exc)) from None
    elif not input_dir.exists():
        raise FileNotFoundError(f"input folder not found: {input_dir}")


def _articles_listed(settings: Settings, summary: RunSummary) -> Iterator[InputFile]:
    """The input files that may be articles; skipped files and sidecars are counted."""
    for file in iter_input_files(settings.input_dir, settings.follow_links):
        summary.seen += 1
        if file.skip:
            summary.skipped += 1
            summary.skipped_by_suffix[f"({file.skip.split(' (')[0]})"] += 1
            log.debug("%s: skipped, %s", file.rel, file.skip)
            continue
        if not is_supported(file):
            # Also a broken link or a loop: what it would lead to is no article either way.
            if not file.error and file_is_sidecar(file):
                summary.sidecars += 1
            else:
                summary.skipped += 1
                summary.skipped_by_suffix[file.path.suffix.lower() or "(no suffix)"] += 1
                log.debug("%s: skipped, not a file type that is read", file.rel)
            continue
        yield file


def _no_progress(count: int) -> None:
    pass


@contextmanager
def _progress(total: int, enabled: bool) -> Iterator[Any]:
    """A tqdm bar (or None); log lines go above it instead of through it."""
    if not enabled:
        yield None
        return
    from tqdm import tqdm
    from tqdm.contrib.logging import logging_redirect_tqdm

    with (
        logging_redirect_tqdm(),
        tqdm(total=total, unit="article", desc="articles", leave=False) as bar,
    ):
        yield bar
