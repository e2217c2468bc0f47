"""NLP stage driver: run the spaCy pipeline over batches of articles and extract records."""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from multiprocessing import get_context
from typing import TYPE_CHECKING, Any

from .extract.context import assign_context
from .nlp.build import ModelRef, load_pipeline
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
        texts = (article.body for article in articles)
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


def _init_worker(ref: ModelRef, batch_size: int) -> None:
    global _worker
    _worker = ArticleProcessor(ref, batch_size)


def _work(articles: list[Article]) -> list[ArticleResult]:
    assert _worker is not None
    return _worker.process(articles)


def process_batches(
    batches: Iterable[list[Article]], ref: ModelRef, batch_size: int, workers: int
) -> Iterator[list[ArticleResult]]:
    """Yield results batch by batch, in order, with one or more worker processes.

    One list of results per non-empty batch, in the batches' order; empty batches yield
    nothing.
    """
    if workers <= 1:
        processor = ArticleProcessor(ref, batch_size)
        for batch in batches:
            if batch:
                yield processor.process(batch)
        return
    # Workers get one nlp.pipe batch per task, not the caller's (larger) batches: with big
    # tasks one worker may still chew on the last task while the others idle; with small
    # ones the tail is at most one nlp batch. Results are regrouped into the caller's
    # batches, so each of them is still stored as one unit.
    pieces: deque[int] = deque()

    def split() -> Iterator[list[Article]]:
        for batch in batches:
            if not batch:
                continue
            starts = range(0, len(batch), batch_size)
            pieces.append(len(starts))  # before the first piece goes out: no race
            for start in starts:
                yield batch[start : start + batch_size]

    # spawn, not fork: forking a process that already runs threads (tqdm, BLAS) can hang.
    context: Any = get_context("spawn")
    with (
        _single_threaded_children(),
        context.Pool(workers, initializer=_init_worker, initargs=(ref, batch_size)) as pool,
    ):
        results = pool.imap(_work, split())
        while True:
            try:
                first = next(results)
            except StopIteration:
                return
            batch_results = list(first)
            for _ in range(pieces.popleft() - 1):
                batch_results.extend(next(results))
            yield batch_results


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
