"""Selection: the driver's decisions on listed files (unchanged, moved, failed, to process).

Every engine makes them here, in the files' listing order, so that `--engine local` and
`--engine dask` store the same rows: the engines differ only in where a file is read and
where the NLP runs.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import TYPE_CHECKING

from .ingest import IngestError, InputFile, article_id_for, sidecar_signature
from .metadata import is_german
from .nlp.build import ModelRef
from .records import Article, ArticleResult
from .settings import Settings
from .store import FileStat, KnownFile, Store

if TYPE_CHECKING:
    from .run import RunSummary

log = logging.getLogger("pipeline.run")


class Selection:
    """What a run does with each listed file, and the store writes that follow from it.

    Call is_unchanged() for each file first (the stat fast path, no read), then listed()
    with all the paths listed, then, in the same order, read_failed() or decide() for each
    file that was not unchanged, with what reading it gave. flush() stores what was decided
    without NLP (refreshed, failed, not German); save() stores results.
    """

    def __init__(
        self,
        settings: Settings,
        store: Store,
        ref: ModelRef,
        version: str,
        summary: RunSummary,
        known: dict[str, KnownFile],
    ) -> None:
        self.settings, self.store, self.ref, self.version = settings, store, ref, version
        self.summary = summary
        self.known = known
        self.gone: dict[str, list[KnownFile]] = defaultdict(list)
        # Stored paths no longer listed and not yet flagged missing (Store.mark_missing).
        self.unlisted: list[str] = []
        self.taken = {stored.article_id for stored in known.values()}
        self.stats: dict[str, FileStat] = {}
        self.refresh: list[tuple[Article, FileStat | None]] = []
        self.skipped_language: list[ArticleResult] = []
        self.failures: list[ArticleResult] = []

    def listed(self, seen: set[str], to_read: set[str]) -> None:
        """After is_unchanged() for every listed path (`seen`): what the store holds of
        paths no longer listed, and of those to read; the rest is let go."""
        known, self.known = self.known, {}
        for path, stored in known.items():
            if path in to_read:
                self.known[path] = stored
            elif path not in seen:
                if stored.status != "missing":
                    self.unlisted.append(path)
                if stored.sha256:
                    # A stored article whose file is gone and a new file with the same
                    # bytes: the file moved (or was renamed), and the record follows it
                    # instead of being made anew.
                    self.gone[stored.sha256].append(stored)

    def _fresh(self, file: InputFile) -> KnownFile | None:
        if self.settings.force:
            return None
        return _reusable(self.known.get(file.rel), self.version)

    def is_unchanged(self, file: InputFile, stat: FileStat | None) -> bool:
        """True (and counted) when size and time stamps say the stored row still holds."""
        fresh = self._fresh(file)
        if (
            fresh is not None
            and not self.settings.verify
            and not fresh.stale
            and stat is not None
            and fresh.stat() == stat
            and fresh.sidecar_stat == sidecar_signature(file)
        ):
            _count_unchanged(self.summary, file, fresh)
            return True
        return False

    def reusable_hash(self, file: InputFile) -> str:
        """The sha256 of bytes whose stored results still hold for this file ('' if none)."""
        fresh = self._fresh(file)
        return fresh.sha256 if fresh is not None else ""

    def gone_hashes(self) -> frozenset[str]:
        """Hashes of stored articles whose files are gone: a new file with them moved."""
        return frozenset(self.gone)

    def read_failed(self, file: InputFile, exc: IngestError) -> None:
        summary, previous = self.summary, self.known.get(file.rel)
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
            self.store.mark_unreadable(previous.article_id, status, f"{exc}; earlier results kept")
        elif previous is None or (previous.status, previous.error) != ("error", str(exc)):
            # Rewriting an identical error row would only force a needless re-export.
            article_id = previous.article_id if previous else _free_id(file.rel, self.taken)
            self.taken.add(article_id)
            self.failures.append(_error_result(file, article_id, str(exc), self.ref))

    def decide(self, file: InputFile, stat: FileStat | None, article: Article) -> bool:
        """Give the article its id; True when it needs the NLP, else it is queued for flush()."""
        summary = self.summary
        previous = self.known.get(file.rel)
        fresh = self._fresh(file)
        if previous is None:
            moved = _take_moved(self.gone, article)
            if moved is not None:
                log.info("%s: moved from %s; its results follow it", file.rel, moved.path)
                summary.moved += 1
                previous = moved
                fresh = None if self.settings.force else _reusable(previous, self.version)
        article.article_id = previous.article_id if previous else _free_id(file.rel, self.taken)
        self.taken.add(article.article_id)
        if fresh is not None and fresh.sha256 == article.sha256:
            # Touched, moved or only its metadata changed: no need to process it again.
            _count_unchanged(summary, file, fresh)
            self.refresh.append((article, stat))
            return False
        if stat is not None:
            self.stats[file.rel] = stat
        if not self.settings.extract_all_languages and not is_german(
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
            self.skipped_language.append(
                ArticleResult(article=article, status="ok", model=self.ref.label)
            )
            return False
        return True

    def flush(self) -> None:
        """Store what was decided without NLP since the last flush."""
        if self.refresh:
            self.store.refresh_articles(self.refresh)
            self.refresh = []
        if self.failures:
            self.store.save_results(self.failures, self.version)
            self.failures = []
        if self.skipped_language:
            self.store.save_results(self.skipped_language, self.version, self.stats)
            self.summary.processed += len(self.skipped_language)
            self.skipped_language = []

    def save(self, results: list[ArticleResult]) -> None:
        """Store one batch of NLP results in one transaction and count them."""
        if not results:
            return
        self.store.save_results(results, self.version, self.stats)
        for result in results:
            if result.status == "ok":
                self.summary.processed += 1
                self.summary.tokens += result.tokens
            else:
                self.summary.failed += 1
                log.warning("%s: %s", result.article.path, result.error)
            self.stats.pop(result.article.path, None)  # stored; a long run stays flat


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


def _error_result(file: InputFile, article_id: str, error: str, ref: ModelRef) -> ArticleResult:
    article = Article(article_id=article_id, path=file.rel, body="")
    return ArticleResult(article=article, status="error", error=error, model=ref.label)


def failed_result(article: Article, error: str, ref: ModelRef) -> ArticleResult:
    """An error row for an article that was read but could not be processed."""
    return ArticleResult(article=article, status="error", error=error, model=ref.label)
