"""NLP stage driver: run the spaCy pipeline over batches of articles and extract records."""

from __future__ import annotations

import gc
import logging
import math
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from multiprocessing import get_context
from typing import TYPE_CHECKING

from .children import die_with_parent
from .extract.context import assign_context
from .ingest import masked_body
from .nlp.build import ModelLoadError, ModelNotFoundError, ModelRef, load_pipeline
from .records import Article, ArticleResult, Entity, Figure

# Only for annotations: the pipeline is loaded (and spaCy imported) when there is work.
if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)


def analyse_doc(doc: Doc) -> tuple[list[Entity], list[Figure]]:
    """Entities and figures of one processed Doc."""
    from .extract.entities import extract_entities
    from .extract.figures import extract_figures

    # The german_figures component has usually filled doc._.figures already; a Doc from a
    # pipeline without it still gets its figures.
    figures = doc._.figures if doc.has_extension("figures") else None
    return extract_entities(doc), figures if figures is not None else extract_figures(doc)


# Larger amounts are no figures a text states but digits run together ("Schulden von 999...
# 999 Milliarden"): float64 makes them inf, which no export format can hold.
MAX_ABS_VALUE = 1e18


def drop_out_of_range(figures: list[Figure], path: str) -> list[Figure]:
    """Figures whose values are finite and below MAX_ABS_VALUE; the rest are logged."""
    kept = []
    for figure in figures:
        values = (figure.value, figure.value_min, figure.value_max)
        if all(v is None or (math.isfinite(v) and abs(v) < MAX_ABS_VALUE) for v in values):
            kept.append(figure)
        else:
            shown = figure.text if len(figure.text) <= 40 else figure.text[:37] + "..."
            log.warning("%s: %r at %d is out of range, not a figure", path, shown, figure.start)
    return kept


# Articles each processor runs before it uses memory zones (see ArticleProcessor._process).
WARMUP_ARTICLES = 256


class ArticleProcessor:
    """Holds one loaded pipeline and turns batches of Articles into ArticleResults."""

    def __init__(self, ref: ModelRef, batch_size: int = 64, nlp: Language | None = None) -> None:
        self.ref = ref
        self.batch_size = batch_size
        self.nlp = nlp if nlp is not None else load_pipeline(ref)
        self.warmed = 0  # articles processed outside a memory zone so far

    def process(self, articles: list[Article]) -> list[ArticleResult]:
        try:
            return self._process(articles)
        except Exception as exc:
            if len(articles) == 1:
                log.warning("%s: NLP failed: %s", articles[0].path, exc)
                return [self._failed(articles[0], exc)]
            # Isolate the article that broke the batch; the others are processed normally.
            return [result for article in articles for result in self.process([article])]

    def _process(self, articles: list[Article]) -> list[ArticleResult]:
        # memory_zone frees the strings and Doc state a batch adds to the shared vocab, so a
        # long run's memory stays flat; records are plain dataclasses built inside the zone.
        # Inside a zone the tokenizer caches nothing, which makes the NLP ~11% slower; the
        # first WARMUP_ARTICLES run outside one, so the tokenizer cache and the vocab keep
        # the frequent words for good: a fixed amount of memory, whatever the run's length.
        if self.warmed < WARMUP_ARTICLES:
            self.warmed += len(articles)
            return self._analyse(articles)
        with self.nlp.memory_zone():
            return self._analyse(articles)

    def _analyse(self, articles: list[Article]) -> list[ArticleResult]:
        results: list[ArticleResult] = []
        # Bylines are blanked, not cut: offsets into the body stay as they are.
        texts = (masked_body(article) for article in articles)
        for article, doc in zip(
            articles, self.nlp.pipe(texts, batch_size=self.batch_size), strict=True
        ):
            try:
                entities, figures = analyse_doc(doc)
                figures = assign_context(figures, entities, article.body, article.dateline)
            except Exception as exc:  # one odd text must not stop the batch
                log.warning("%s: extraction failed: %s", article.path, exc)
                results.append(self._failed(article, exc))
                continue
            figures = drop_out_of_range(figures, article.path)
            results.append(
                ArticleResult(
                    article=article,
                    status="ok",
                    tokens=len(doc),
                    model=self.ref.label,
                    entities=entities,
                    figures=figures,
                )
            )
        return results

    def _failed(self, article: Article, exc: Exception) -> ArticleResult:
        return ArticleResult(
            article=article,
            status="error",
            error=f"processing failed: {type(exc).__name__}: {exc}",
            model=self.ref.label,
        )


# Each worker process loads the pipeline once and keeps it for every batch it is sent.
_worker: ArticleProcessor | None = None
_worker_error: str = ""  # why the worker's pipeline could not be loaded


def _init_worker(ref: ModelRef, batch_size: int, parent: int) -> None:
    global _worker, _worker_error
    die_with_parent(parent)
    try:
        _worker = ArticleProcessor(ref, batch_size)
        _freeze_heap()  # the worker ends with its pipeline: nothing to thaw
    except ModelNotFoundError as exc:
        # Raised from each task instead: an initializer that fails makes the pool start
        # new workers forever, a task's exception reaches the run once.
        _worker_error = str(exc)


def _work(articles: list[Article]) -> list[ArticleResult]:
    if _worker is None:
        raise ModelLoadError(_worker_error or "the worker has no pipeline")
    _crash_for_tests(articles)
    return _worker.process(articles)


# Test-only hook: an article whose body contains this marker kills its worker process
# (as the OOM killer would), when the environment variable below is set.
CRASH_MARKER_VARIABLE = "ARTICLE_PIPELINE_TEST_CRASH_MARKER"


def _crash_for_tests(articles: list[Article]) -> None:
    marker = os.environ.get(CRASH_MARKER_VARIABLE)
    if marker and any(marker in article.body for article in articles):
        os.kill(os.getpid(), signal.SIGKILL)


def process_batches(
    batches: Iterable[list[Article]], ref: ModelRef, batch_size: int, workers: int
) -> Iterator[list[ArticleResult]]:
    """Yield results batch by batch, in order, with one or more worker processes.

    One list of results per non-empty batch, in the batches' order; empty batches yield
    nothing. A worker that dies (killed, out of memory, a crash in native code) fails only
    the pieces it held: they are retried once, one article per task, in a fresh pool, and
    an article whose worker dies again becomes an error row. Raises ModelLoadError when
    the workers cannot load the model.
    """
    if workers <= 1:
        processor = ArticleProcessor(ref, batch_size)
        # Thawed afterwards: a process that goes on (run_batch from a notebook or a
        # service) must be able to collect this run's pipeline once it is let go. A
        # caller that froze objects of its own keeps its heap as it had it.
        freezing = gc.get_freeze_count() == 0
        if freezing:
            _freeze_heap()
        try:
            for batch in batches:
                if batch:
                    yield processor.process(batch)
        finally:
            if freezing:
                gc.unfreeze()
        return
    with _single_threaded_children(), _WorkerPool(ref, batch_size, workers) as pool:
        # Workers get one nlp.pipe batch per task, not the caller's (larger) batches: with
        # big tasks one worker may still chew on the last task while the others idle.
        # Results are regrouped into the caller's batches, so each is stored as one unit.
        # At most `workers * 2` batches are in flight: memory stays flat on any archive.
        pending: deque[tuple[list[list[Article]], list[_Task]]] = deque()
        for batch in batches:
            if not batch:
                continue
            pieces = [batch[i : i + batch_size] for i in range(0, len(batch), batch_size)]
            pending.append((pieces, [pool.submit(piece) for piece in pieces]))
            while len(pending) > workers * 2:
                yield pool.collect(*pending.popleft())
        while pending:
            yield pool.collect(*pending.popleft())


def _freeze_heap() -> None:
    """Take everything alive now (above all the loaded pipeline) out of the collector's
    walks, after one last collection so that no garbage is kept: every full collection
    during the NLP walked the model's objects again (a first run of 1,000 articles took
    30-31 s without this, 26-30 s with it), and in a worker so did the one at its exit."""
    gc.collect()
    gc.freeze()


_Task = tuple["Future[list[ArticleResult]]", int]  # a piece's future and the pool generation


class _WorkerPool:
    """A spawn process pool that survives the death of its workers."""

    def __init__(self, ref: ModelRef, batch_size: int, workers: int) -> None:
        self.ref, self.batch_size, self.workers = ref, batch_size, workers
        self.generation = 0  # bumped whenever a broken pool is replaced
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        # spawn, not fork: forking a process that already runs threads (tqdm) can hang.
        return ProcessPoolExecutor(
            self.workers,
            mp_context=get_context("spawn"),
            initializer=_init_worker,
            initargs=(self.ref, self.batch_size, os.getpid()),
        )

    def __enter__(self) -> _WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(kill=exc[0] is not None)

    def close(self, kill: bool = False) -> None:
        if kill:
            # Interrupted (a signal, the time limit): running tasks are not waited for.
            for process in list(getattr(self.executor, "_processes", {}).values()):
                process.kill()
        self.executor.shutdown(wait=True, cancel_futures=True)

    def submit(self, piece: list[Article]) -> _Task:
        if getattr(self.executor, "_broken", False):
            self._replace()
        try:
            return self.executor.submit(_work, piece), self.generation
        except BrokenProcessPool:
            self._replace()
            return self.executor.submit(_work, piece), self.generation

    def _replace(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._start()
        self.generation += 1

    def collect(self, pieces: list[list[Article]], tasks: list[_Task]) -> list[ArticleResult]:
        results: list[ArticleResult] = []
        for piece, (future, generation) in zip(pieces, tasks, strict=True):
            try:
                results.extend(future.result())
                continue
            except BrokenProcessPool:
                pass
            if generation < self.generation:
                # A bystander: its pool broke because of another piece. Sent again as it is.
                try:
                    results.extend(self.submit(piece)[0].result())
                    continue
                except BrokenProcessPool:
                    pass
            log.warning(
                "a worker process died with %d article(s) of %s; retrying them one by one",
                len(piece),
                piece[0].path,
            )
            results.extend(self._isolate(piece))
        return results

    def _isolate(self, piece: list[Article]) -> list[ArticleResult]:
        """The articles of a piece whose worker died, each alone in a sound pool, once."""
        results = []
        for article in piece:
            if getattr(self.executor, "_broken", False):
                self._replace()
            try:
                results.extend(self.executor.submit(_work, [article]).result())
            except BrokenProcessPool:
                self._replace()
                log.warning("%s: its worker process died twice; stored as an error", article.path)
                results.append(
                    ArticleResult(
                        article=article,
                        status="error",
                        error="processing failed: the worker process died on this article"
                        " twice (killed, out of memory or crashed); it is retried when the"
                        " file or the pipeline version changes",
                        model=self.ref.label,
                    )
                )
        return results


# Thread pools of the numeric libraries a worker may load: one NLP worker per core is the
# parallelism; extra BLAS threads per worker would only compete with the other workers.
THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)


@contextmanager
def _single_threaded_children() -> Iterator[None]:
    """Start processes with one thread per numeric library unless the user set otherwise.

    Spawned children copy the environment when they start, so it is set only around the
    start and the caller's own environment is left as it was.
    """
    added = [name for name in THREAD_VARIABLES if name not in os.environ]
    for name in added:
        os.environ[name] = "1"
    try:
        yield
    finally:
        for name in added:
            os.environ.pop(name, None)
