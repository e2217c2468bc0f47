"""Run: one batch run from input folder to store and exports (ingest -> nlp -> store -> export)."""

from __future__ import annotations

import errno
import logging
import signal
import sqlite3
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from . import __version__
from .export import export_all, exports_current, read_manifest, remove_stale_temp_files
from .ingest import (
    SUPPORTED_SUFFIXES,
    IngestError,
    InputFile,
    article_id_for,
    is_supported,
    iter_input_files,
    read_input_file,
)
from .metadata import find_sidecar, is_german, is_sidecar, stat_signature
from .nlp.build import ModelRef, resolve_model
from .process import process_batches
from .records import Article, ArticleResult
from .settings import Settings, resolve_exports
from .store import DB_NAME, FileStat, KnownFile, Store, StoreError

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
    if not settings.input_dir.exists():
        raise FileNotFoundError(f"input folder not found: {settings.input_dir}")
    ref = resolve_model(settings.model)
    with (
        _signals_end_the_run(settings.timeout),
        _output_errors(settings.out_dir),
        output_lock(settings.out_dir),
        Store(settings.out_dir) as store,
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
        summary = _run_locked(settings, store, ref)
        # The store's generation changes with any stored change, so this also covers it.
        if not exports_current(store, settings.out_dir, exports):
            written = export_all(store, settings.out_dir, exports, settings.workers)
            summary.exports = [path.relative_to(settings.out_dir).as_posix() for path in written]
    summary.seconds = time.perf_counter() - started
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
            "the report helper process died before report.xlsx was written;"
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


def _run_locked(settings: Settings, store: Store, ref: ModelRef) -> RunSummary:
    summary = RunSummary(model=ref.label)
    version = pipeline_version(ref)
    known = store.known_files()
    files: list[InputFile] = []
    for file in iter_input_files(settings.input_dir, settings.follow_links):
        summary.seen += 1
        if file.skip:
            summary.skipped += 1
            summary.skipped_by_suffix[f"({file.skip.split(' (')[0]})"] += 1
            log.debug("%s: skipped, %s", file.rel, file.skip)
            continue
        if not is_supported(file):
            # Also a broken link or a loop: what it would lead to is no article either way.
            if not file.error and is_sidecar(file.path, SUPPORTED_SUFFIXES):
                summary.sidecars += 1
            else:
                summary.skipped += 1
                summary.skipped_by_suffix[file.path.suffix.lower() or "(no suffix)"] += 1
                log.debug("%s: skipped, not a file type that is read", file.rel)
            continue
        files.append(file)
    seen = {file.rel for file in files}
    # A stored article whose file is gone and a new file with the same bytes: the file
    # moved (or was renamed), and the record follows it instead of being made anew.
    gone: dict[str, list[KnownFile]] = defaultdict(list)
    for path, stored in known.items():
        if path not in seen and stored.sha256:
            gone[stored.sha256].append(stored)
    taken = {stored.article_id for stored in known.values()}
    refresh: list[tuple[Article, FileStat | None]] = []
    stats: dict[str, FileStat] = {}
    todo: list[Article] = []
    skipped_language: list[ArticleResult] = []
    failures: list[ArticleResult] = []

    for file in files:
        stat = _stat(file)
        previous: KnownFile | None = known.get(file.rel)
        fresh = None if settings.force else _reusable(previous, version)
        if (
            fresh is not None
            and not settings.verify
            and not fresh.stale
            and stat is not None
            and fresh.stat() == stat
            and fresh.sidecar_stat == stat_signature(find_sidecar(file.path))
        ):
            _count_unchanged(summary, file, fresh)
            continue
        try:
            article = read_input_file(file, settings.max_bytes, settings.source)
        except IngestError as exc:
            if exc.missing:
                summary.missing += 1
            else:
                summary.failed += 1
            log.warning("%s: %s", file.rel, exc)
            if previous is not None and (previous.status == "ok" or previous.stale):
                # A read that fails now (a mount gone, permissions, a file deleted while we
                # listed) never destroys what an earlier read stored: the results stay,
                # the status tells, and a read of the same bytes restores them.
                status = "missing" if exc.missing else "error"
                store.mark_unreadable(previous.article_id, status, f"{exc}; earlier results kept")
            elif previous is None or (previous.status, previous.error) != ("error", str(exc)):
                # Rewriting an identical error row would only force a needless re-export.
                article_id = previous.article_id if previous else _free_id(file.rel, taken)
                taken.add(article_id)
                failures.append(_error_result(file, article_id, str(exc), ref))
            continue
        if previous is None:
            moved = _take_moved(gone, article)
            if moved is not None:
                log.info("%s: moved from %s; its results follow it", file.rel, moved.path)
                summary.moved += 1
                previous = moved
                fresh = None if settings.force else _reusable(previous, version)
        article.article_id = previous.article_id if previous else _free_id(file.rel, taken)
        taken.add(article.article_id)
        if fresh is not None and fresh.sha256 == article.sha256:
            # Touched, moved or only its metadata changed: no need to process it again.
            _count_unchanged(summary, file, fresh)
            refresh.append((article, stat))
            continue
        if stat is not None:
            stats[file.rel] = stat
        if not settings.extract_all_languages and not is_german(
            article.body, article.language, article.language_probability
        ):
            summary.not_german += 1
            log.warning(
                "%s: language %r (p=%.3f), not German: stored with its metadata, no entities"
                " or figures extracted (--all-languages extracts them anyway)",
                file.rel,
                article.language,
                article.language_probability,
            )
            skipped_language.append(ArticleResult(article=article, status="ok", model=ref.label))
            continue
        todo.append(article)

    store.refresh_articles(refresh)
    missing_now = summary.missing
    if failures:
        store.save_results(failures, version)
    if skipped_language:
        store.save_results(skipped_language, version, stats)
        summary.processed += len(skipped_language)

    if todo:  # loading a model takes seconds; a run with nothing new must not pay for it
        with _progress(len(todo), settings.progress) as bar:
            batches = _chunks(todo, settings.batch_size * 4)
            for results in process_batches(batches, ref, settings.batch_size, settings.workers):
                store.save_results(results, version, stats)
                for result in results:
                    if result.status == "ok":
                        summary.processed += 1
                        summary.tokens += result.tokens
                    else:
                        summary.failed += 1
                        log.warning("%s: %s", result.article.path, result.error)
                if bar is not None:
                    bar.update(len(results))
    summary.missing = missing_now + store.mark_missing(seen)
    return summary


def _take_moved(gone: dict[str, list[KnownFile]], article: Article) -> KnownFile | None:
    """The gone article this file's bytes came from; one of the same file name first."""
    candidates = gone.get(article.sha256)
    if not candidates:
        return None
    name = article.path.rsplit("/", 1)[-1]
    for index, candidate in enumerate(candidates):
        if candidate.path.rsplit("/", 1)[-1] == name:
            return candidates.pop(index)
    return candidates.pop(0)


def _free_id(rel: str, taken: set[str]) -> str:
    """The path's id, or a variant of it when a moved article already carries that id."""
    article_id = article_id_for(rel)
    number = 1
    while article_id in taken:
        article_id = article_id_for(f"{rel}\x00{number}")
        number += 1
    return article_id


def _reusable(previous: KnownFile | None, version: str) -> KnownFile | None:
    """The stored row if its results still hold for unchanged bytes, else None.

    Results depend on the bytes and the version only. An error row with a hash failed in
    NLP or extraction and would fail the same way again; one without a hash failed to be
    read, and reading is cheap and may work now (permissions fixed, link mended).
    """
    if previous is None or previous.version != version:
        return None
    if previous.status == "ok" or previous.stale:
        return previous  # a stale row is restored by a read of the same bytes
    if previous.status == "error" and previous.sha256:
        return previous
    return None


def _count_unchanged(summary: RunSummary, file: InputFile, previous: KnownFile) -> None:
    if previous.status == "ok" or previous.stale:
        summary.unchanged += 1
    else:
        # Still an error row: the exit code must keep saying so until the file is fixed.
        summary.failed += 1
        log.warning("%s: %s (unchanged since the last run)", file.rel, previous.error)


def _stat(file: InputFile) -> FileStat | None:
    """What the fast path trusts (README): size, mtime and ctime in ns, inode.

    `touch -r` can put an edited file's mtime back, but not its ctime: any write or
    metadata change sets ctime to now.
    """
    try:
        st = file.path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def _error_result(file: InputFile, article_id: str, error: str, ref: ModelRef) -> ArticleResult:
    article = Article(article_id=article_id, path=file.rel, body="")
    return ArticleResult(article=article, status="error", error=error, model=ref.label)


def _chunks(items: list[Article], size: int) -> Iterator[list[Article]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


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
