"""NLP stage driver: run the spaCy pipeline over batches of articles and extract records."""

from __future__ import annotations

import gc
import logging
import math
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent import futures
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, contextmanager, nullcontext
from multiprocessing import get_context
from multiprocessing.connection import wait as wait_for_ready
from typing import TYPE_CHECKING, Protocol

from .children import die_with_parent, keep_freed_memory, usable_cores
from .extract.context import assign_context
from .ingest import masked_body
from .nlp.build import ModelLoadError, ModelNotFoundError, ModelRef, load_pipeline, model_pipes
from .records import Article, ArticleResult, Entity, Figure

# Only for annotations: the pipeline is loaded (and spaCy imported) when there is work.
if TYPE_CHECKING:
    import numpy as np
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


# Articles each pipeline runs before it uses memory zones (see _warm_or_zoned).
WARMUP_ARTICLES = 256


class ArticleProcessor:
    """Holds one loaded pipeline and turns batches of Articles into ArticleResults."""

    def __init__(self, ref: ModelRef, batch_size: int = 64, nlp: Language | None = None) -> None:
        self.ref = ref
        self.batch_size = batch_size
        self.nlp = nlp if nlp is not None else load_pipeline(ref)
        self.warmed = 0  # articles processed outside a memory zone so far
        self.transport: list[int | str] | None = None  # the model stage's attributes, once needed

    def process(self, articles: list[Article]) -> list[ArticleResult]:
        try:
            return self._process(articles)
        except Exception as exc:
            if len(articles) == 1:
                log.warning("%s: NLP failed: %s", articles[0].path, exc)
                return [self._failed(articles[0], exc)]
            # Isolate the article that broke the batch; the others are processed normally.
            return [result for article in articles for result in self.process([article])]

    def finish(
        self, articles: list[Article], outcomes: list[StageOutcome], model: list[str]
    ) -> list[ArticleResult]:
        """The results of articles whose model pipes (`model`) ran in the model stage: each
        outcome is the Doc's annotations, or why the stage failed on that article."""
        results: list[ArticleResult | None] = [None] * len(articles)
        done: list[tuple[int, Annotations]] = []
        for i, (article, outcome) in enumerate(zip(articles, outcomes, strict=True)):
            if not isinstance(outcome, str):
                done.append((i, outcome))
            else:
                log.warning("%s: NLP failed: %s", article.path, outcome)
                results[i] = ArticleResult(
                    article=article, status="error", error=outcome, model=self.ref.label
                )
        try:
            with _warm_or_zoned(self, len(done)):
                finished = self._analyse(
                    [articles[i] for i, _ in done], [data for _, data in done], model
                )
        except Exception:
            # Isolate the article that broke the batch; the others are finished normally.
            finished = []
            for i, data in done:
                finished.extend(self._finish_one(articles[i], data, model))
        for (i, _), result in zip(done, finished, strict=True):
            results[i] = result
        return [result for result in results if result is not None]

    def _finish_one(
        self, article: Article, data: Annotations, model: list[str]
    ) -> list[ArticleResult]:
        try:
            with _warm_or_zoned(self, 1):
                return self._analyse([article], [data], model)
        except Exception as exc:
            log.warning("%s: NLP failed: %s", article.path, exc)
            return [self._failed(article, exc)]

    def _process(self, articles: list[Article]) -> list[ArticleResult]:
        with _warm_or_zoned(self, len(articles)):
            return self._analyse(articles)

    def _analyse(
        self,
        articles: list[Article],
        annotations: list[Annotations] | None = None,
        model: list[str] | None = None,
    ) -> list[ArticleResult]:
        """Run the pipeline over the articles' bodies, or over the Docs the model stage
        annotated (the `model` pipes already run), and extract their records."""
        # Bylines are blanked, not cut: offsets into the body stay as they are.
        texts = (masked_body(article) for article in articles)
        inputs: Iterable[str | Doc] = texts
        if annotations is not None:
            inputs = self._annotated(texts, annotations)
        results: list[ArticleResult] = []
        for article, doc in zip(
            articles,
            self.nlp.pipe(inputs, batch_size=self.batch_size, disable=model or []),
            strict=True,
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

    def _annotated(self, texts: Iterable[str], annotations: list[Annotations]) -> Iterator[Doc]:
        """The texts tokenized here with the model stage's annotations put back on them:
        the same tokenizer splits the same text into the same tokens."""
        if self.transport is None:
            self.transport = _transport_attrs()[0]
        add = self.nlp.vocab.strings.add
        for text, (array, strings) in zip(texts, annotations, strict=True):
            for string in strings:
                add(string)
            yield self.nlp.make_doc(text).from_array(self.transport, array)  # type: ignore[arg-type]

    def _failed(self, article: Article, exc: Exception) -> ArticleResult:
        return ArticleResult(
            article=article,
            status="error",
            error=_failure(exc),
            model=self.ref.label,
        )


def _failure(exc: Exception) -> str:
    return f"processing failed: {type(exc).__name__}: {exc}"


class _Warmable(Protocol):
    nlp: Language
    warmed: int


def _warm_or_zoned(holder: _Warmable, count: int) -> AbstractContextManager[object]:
    """No zone for the first WARMUP_ARTICLES a pipeline runs, a memory zone after them."""
    # memory_zone frees the strings and Doc state a batch adds to the shared vocab, so a
    # long run's memory stays flat; records are plain dataclasses built inside the zone.
    # Inside a zone the tokenizer caches nothing, which makes the NLP ~11% slower; the
    # first WARMUP_ARTICLES run outside one, so the tokenizer cache and the vocab keep
    # the frequent words for good: a fixed amount of memory, whatever the run's length.
    if holder.warmed < WARMUP_ARTICLES:
        holder.warmed += count
        return nullcontext()
    return holder.nlp.memory_zone()


# What the model stage sends back per article: its Doc's token attributes as the model
# set them (an array, one row per token, columns as in _transport_attrs()) with the strings
# their hash values stand for, or why the model failed on it.
Annotations = tuple["np.ndarray", list[str]]
StageOutcome = Annotations | str

# Every attribute a Doc serialises (spaCy's DOCBIN_ALL_ATTRS) but the token's text: the
# process that reads the annotations back tokenizes the text itself with the same tokenizer,
# which costs less than Doc.to_bytes/from_bytes (whose per-token string collection is
# Python) and sends a fifth of the bytes. Of these, the string-valued ones get their strings.
# Not sent: the tensor, doc.spans and doc.cats, which none of our components reads.
_TRANSPORT: tuple[str, ...] = ("NORM", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "ENT_KB_ID")
_TRANSPORT += ("ENT_ID", "LEMMA", "MORPH", "POS", "SENT_START")
_STRING_VALUED = ("NORM", "TAG", "DEP", "ENT_TYPE", "ENT_KB_ID", "ENT_ID", "LEMMA", "MORPH")


def _transport_attrs() -> tuple[list[int | str], list[int]]:
    """The attribute ids the model stage sends, and the columns whose values are strings."""
    from spacy.attrs import IDS

    return [IDS[name] for name in _TRANSPORT], [_TRANSPORT.index(n) for n in _STRING_VALUED]


class ModelStage:
    """The model's own pipes of a pipelined run, in a process of their own: texts in, each
    Doc's annotations out (what ArticleProcessor.finish puts back on the same tokens)."""

    def __init__(self, ref: ModelRef, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self.nlp = load_pipeline(ref, model_only=True)
        self.pipes = model_pipes(self.nlp)
        self.others = [name for name in self.nlp.pipe_names if name not in self.pipes]
        self.attrs, self.string_columns = _transport_attrs()
        self.warmed = 0

    def run(self, texts: list[str]) -> list[StageOutcome]:
        """Each text's annotations, or why the model failed on that text."""
        try:
            with _warm_or_zoned(self, len(texts)):
                return [
                    self._annotations(doc)
                    for doc in self.nlp.pipe(texts, batch_size=self.batch_size, disable=self.others)
                ]
        except Exception as exc:
            if len(texts) == 1:
                return [_failure(exc)]
            return [outcome for text in texts for outcome in self.run([text])]

    def _annotations(self, doc: Doc) -> Annotations:
        import numpy as np

        array = doc.to_array(self.attrs)
        strings = self.nlp.vocab.strings
        values = np.unique(array[:, self.string_columns])
        return array, [strings[int(value)] for value in values if value]


# Each worker process loads the pipeline once and keeps it for every batch it is sent:
# the whole pipeline (ArticleProcessor), or in a pipelined run only the model (ModelStage).
_worker: ArticleProcessor | ModelStage | None = None
_worker_error: str = ""  # why the worker's pipeline could not be loaded


def _init_worker(ref: ModelRef, batch_size: int, parent: int, model_only: bool = False) -> None:
    global _worker, _worker_error
    die_with_parent(parent)
    keep_freed_memory()
    try:
        _worker = ModelStage(ref, batch_size) if model_only else ArticleProcessor(ref, batch_size)
        _freeze_heap()  # the worker ends with its pipeline: nothing to thaw
    except ModelNotFoundError as exc:
        # Raised from each task instead: an initializer that fails makes the pool start
        # new workers forever, a task's exception reaches the run once.
        _worker_error = str(exc)


def _work(articles: list[Article]) -> list[ArticleResult]:
    if not isinstance(_worker, ArticleProcessor):
        raise ModelLoadError(_worker_error or "the worker has no pipeline")
    _crash_for_tests([article.body for article in articles])
    return _worker.process(articles)


def _model_work(texts: list[str]) -> list[StageOutcome]:
    if not isinstance(_worker, ModelStage):
        raise ModelLoadError(_worker_error or "the worker has no pipeline")
    _crash_for_tests(texts)
    return _worker.run(texts)


def _model_stage_pipes() -> list[str]:
    if not isinstance(_worker, ModelStage):
        raise ModelLoadError(_worker_error or "the worker has no pipeline")
    return _worker.pipes


# Test-only hook: an article whose body contains this marker kills its worker process
# (as the OOM killer would), when the environment variable below is set.
CRASH_MARKER_VARIABLE = "ARTICLE_PIPELINE_TEST_CRASH_MARKER"


def _crash_for_tests(texts: Iterable[str]) -> None:
    marker = os.environ.get(CRASH_MARKER_VARIABLE)
    if marker and any(marker in text for text in texts):
        os.kill(os.getpid(), signal.SIGKILL)


# A run of at least this many articles on one worker, on a machine with a second core,
# is pipelined (see process_batches): below it the gain is less than a second.
PIPELINE_MIN_ARTICLES = 200


def pipelined(ref: ModelRef, workers: int, articles: int) -> bool:
    """Whether a run with this many articles to read runs its model in a stage of its own."""
    return (
        workers <= 1
        and ref.source != "blank"
        and articles >= PIPELINE_MIN_ARTICLES
        and usable_cores() > 1
    )


def process_batches(
    batches: Iterable[list[Article]],
    ref: ModelRef,
    batch_size: int,
    workers: int,
    pipeline: bool = False,
) -> Iterator[list[ArticleResult]]:
    """Yield results batch by batch, in order, with one or more worker processes.

    One list of results per non-empty batch, in the batches' order; empty batches yield
    nothing. A worker that dies (killed, out of memory, a crash in native code) fails only
    the pieces it held: they are retried once, one article per task, in a fresh pool, and
    an article whose worker dies again becomes an error row. Raises ModelLoadError when
    the workers cannot load the model.

    pipeline (with one worker): the model's pipes run in a process of their own and the
    rest (our components, the extraction, and the caller's reading and storing between
    two batches) here, at the same time; whenever this process would wait for the model,
    it runs a piece the model's process has not started yet itself, whole. The records
    are the same as without.
    """
    if workers > 1:
        yield from _process_in_pool(batches, ref, batch_size, workers)
        return
    if not pipeline:
        yield from _in_process(ArticleProcessor(ref, batch_size), batches)
        return
    with _single_threaded_children(), _WorkerPool(ref, batch_size, 1, model_only=True) as pool:
        # The stage loads the model while this process loads the whole pipeline.
        stage_pipes = pool.executor.submit(_model_stage_pipes)
        processor = ArticleProcessor(ref, batch_size)
        model = model_pipes(processor.nlp)
        try:
            stage_ready = stage_pipes.result() == model
            if not stage_ready:  # only a pipeline with one of our pipes before a model pipe
                log.info("the model's pipes do not all come first: the NLP runs in one process")
        except BrokenProcessPool:
            log.warning("the model stage's process died as it started: the NLP runs in one process")
            stage_ready = False
        if not stage_ready:
            pool.close(kill=True)
            yield from _in_process(processor, batches)
            return
        log.info("the model (%s) runs in a process of its own", ", ".join(model))
        with _frozen_while_running():

            def finish(piece: list[Article], outcomes: list) -> list[ArticleResult]:
                return processor.finish(piece, outcomes, model)

            ran_here = 0  # articles this process ran the model on itself

            def process_here(piece: list[Article]) -> list[ArticleResult]:
                nonlocal ran_here
                ran_here += len(piece)
                return processor.process(piece)

            # Finishing the stage's pieces leaves this process idle part of the time (the
            # model is the slower half); then it runs a whole piece itself, model and all.
            total = 0
            for results in _in_flight(pool, batches, batch_size, 1, finish, process_here):
                total += len(results)
                yield results
            log.info(
                "the model ran on %d article(s) in its process and on %d here",
                total - ran_here,
                ran_here,
            )


def _in_process(
    processor: ArticleProcessor, batches: Iterable[list[Article]]
) -> Iterator[list[ArticleResult]]:
    with _frozen_while_running():
        for batch in batches:
            if batch:
                yield processor.process(batch)


def _process_in_pool(
    batches: Iterable[list[Article]], ref: ModelRef, batch_size: int, workers: int
) -> Iterator[list[ArticleResult]]:
    with _single_threaded_children(), _WorkerPool(ref, batch_size, workers) as pool:
        yield from _in_flight(pool, batches, batch_size, workers)


class _Piece:
    """One nlp.pipe batch of a run through a pool: its task there, and its results once
    they are in (sooner when it was taken back and processed in this process)."""

    __slots__ = ("articles", "task", "results")

    def __init__(self, articles: list[Article], task: _Task) -> None:
        self.articles, self.task = articles, task
        self.results: list[ArticleResult] | None = None


def _in_flight(
    pool: _WorkerPool,
    batches: Iterable[list[Article]],
    batch_size: int,
    workers: int,
    finish: Callable[[list[Article], list], list[ArticleResult]] = lambda piece, done: done,
    here: Callable[[list[Article]], list[ArticleResult]] | None = None,
) -> Iterator[list[ArticleResult]]:
    """Each batch's results, in the batches' order; `finish` turns a piece's outcomes into
    its results as soon as the piece is back (the workers' results need nothing more).

    here: with it, this process does not wait idle for a piece: it takes back the newest
    piece no worker has started yet and processes it itself with `here`, then looks again.
    """
    # Workers get one nlp.pipe batch per task, not the caller's (larger) batches: with
    # big tasks one worker may still chew on the last task while the others idle.
    # Results are regrouped into the caller's batches, so each is stored as one unit.
    # At most `workers * 2` batches are in flight: memory stays flat on any archive.
    pending: deque[list[_Piece]] = deque()

    def taken_back() -> bool:
        if here is None:
            return False
        # The newest first: the workers go on with the oldest, which are needed first.
        # Future.cancel succeeds only on a task no worker process has picked up.
        for pieces in reversed(pending):
            for piece in reversed(pieces):
                if piece.results is None and piece.task[0].cancel():
                    piece.results = here(piece.articles)
                    return True
        return False

    def collected() -> list[ArticleResult]:
        pieces = pending[0]
        for piece in pieces:
            while piece.results is None and not piece.task[0].done() and taken_back():
                pass
            if piece.results is None:
                outcomes = pool.collect([piece.articles], [piece.task])
                piece.results = finish(piece.articles, outcomes)
        pending.popleft()
        return [result for piece in pieces for result in piece.results or ()]

    for batch in batches:
        if not batch:
            continue
        chunks = [batch[i : i + batch_size] for i in range(0, len(batch), batch_size)]
        pending.append([_Piece(chunk, pool.submit(chunk)) for chunk in chunks])
        while len(pending) > workers * 2:
            yield collected()
    while pending:
        yield collected()


@contextmanager
def _frozen_while_running() -> Iterator[None]:
    """The loaded pipeline out of the collector's walks while this process runs the NLP.

    Thawed afterwards: a process that goes on (run_batch from a notebook or a service)
    must be able to collect this run's pipeline once it is let go. A caller that froze
    objects of its own keeps its heap as it had it.
    """
    freezing = gc.get_freeze_count() == 0
    if freezing:
        _freeze_heap()
    try:
        yield
    finally:
        if freezing:
            gc.unfreeze()


def _freeze_heap() -> None:
    """Take everything alive now (above all the loaded pipeline) out of the collector's
    walks, after one last collection so that no garbage is kept: every full collection
    during the NLP walked the model's objects again (a first run of 1,000 articles took
    30-31 s without this, 26-30 s with it), and in a worker so did the one at its exit."""
    gc.collect()
    gc.freeze()


_Task = tuple[Future, int]  # a piece's future and the pool generation
# How often a wait for a piece checks that the pool's workers are alive, and how long a
# killed worker is given to be gone.
STALL_CHECK_SECONDS = 1.0
KILL_WAIT_SECONDS = 30.0


class _WorkerPool:
    """A spawn process pool that survives the death of its workers.

    Its workers run the whole pipeline (outcomes: ArticleResults), or with model_only the
    model stage (outcomes: a Doc's annotations or why it failed, one per article).
    """

    def __init__(
        self, ref: ModelRef, batch_size: int, workers: int, model_only: bool = False
    ) -> None:
        self.ref, self.batch_size, self.workers = ref, batch_size, workers
        self.model_only = model_only
        self.generation = 0  # bumped whenever a broken pool is replaced
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        # spawn, not fork: forking a process that already runs threads (tqdm) can hang.
        return ProcessPoolExecutor(
            self.workers,
            mp_context=get_context("spawn"),
            initializer=_init_worker,
            initargs=(self.ref, self.batch_size, os.getpid(), self.model_only),
        )

    def __enter__(self) -> _WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(kill=exc[0] is not None)

    def close(self, kill: bool = False) -> None:
        if kill:
            # Interrupted (a signal, the time limit): running tasks are not waited for.
            self._kill_workers()
        self.executor.shutdown(wait=True, cancel_futures=True)

    def _kill_workers(self) -> None:
        """Kill every worker, and end a read of a result that one of them left half sent.

        A worker that dies halfway through sending a result (killed by a signal, by the
        kernel for memory, or by close) leaves half a message in the executor's result
        pipe. The executor's thread reads on for the rest, and every future, and shutdown,
        wait with it forever: Python's pool does not see this case. This process holds the
        pipe's writing end too and never writes to it; closed once no worker is left, the
        reading thread gets end-of-file and takes the pool as broken, as for any death.
        """
        processes = list(getattr(self.executor, "_processes", {}).values())
        for process in processes:
            process.kill()
        wait_for_ready([process.sentinel for process in processes], timeout=KILL_WAIT_SECONDS)
        results = getattr(self.executor, "_result_queue", None)
        if results is not None:
            results._writer.close()

    def _result(self, future: Future) -> list:
        """future.result(), or BrokenProcessPool where a worker died halfway through sending
        its result (see _kill_workers): a dead worker that the pool has not noticed on the
        next check is that case, not the moment before the pool notices."""
        dead_before = False
        while True:
            try:
                return future.result(timeout=STALL_CHECK_SECONDS)
            except futures.TimeoutError:
                pass
            processes = list(getattr(self.executor, "_processes", {}).values())
            dead = bool(wait_for_ready([process.sentinel for process in processes], timeout=0))
            if dead and dead_before and not getattr(self.executor, "_broken", False):
                log.warning("a worker process died while it sent a result; the pool is restarted")
                self._kill_workers()
            dead_before = dead

    def _send(self, piece: list[Article]) -> Future:
        if self.model_only:
            # Only the text goes to the model stage; the Article stays here.
            return self.executor.submit(_model_work, [masked_body(a) for a in piece])
        return self.executor.submit(_work, piece)

    def submit(self, piece: list[Article]) -> _Task:
        if getattr(self.executor, "_broken", False):
            self._replace()
        try:
            return self._send(piece), self.generation
        except BrokenProcessPool:
            self._replace()
            return self._send(piece), self.generation

    def _replace(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._start()
        self.generation += 1

    def collect(self, pieces: list[list[Article]], tasks: list[_Task]) -> list:
        """The pieces' outcomes, one per article, in order."""
        outcomes: list = []
        for piece, (future, generation) in zip(pieces, tasks, strict=True):
            try:
                outcomes.extend(self._result(future))
                continue
            except BrokenProcessPool:
                pass
            if generation < self.generation:
                # A bystander: its pool broke because of another piece. Sent again as it is.
                try:
                    outcomes.extend(self._result(self.submit(piece)[0]))
                    continue
                except BrokenProcessPool:
                    pass
            log.warning(
                "a worker process died with %d article(s) of %s; retrying them one by one",
                len(piece),
                piece[0].path,
            )
            outcomes.extend(self._isolate(piece))
        return outcomes

    def _isolate(self, piece: list[Article]) -> list:
        """The articles of a piece whose worker died, each alone in a sound pool, once."""
        outcomes: list = []
        for article in piece:
            if getattr(self.executor, "_broken", False):
                self._replace()
            try:
                outcomes.extend(self._result(self._send([article])))
            except BrokenProcessPool:
                self._replace()
                log.warning("%s: its worker process died twice; stored as an error", article.path)
                outcomes.append(self._died(article))
        return outcomes

    def _died(self, article: Article) -> ArticleResult | str:
        error = (
            "processing failed: the worker process died on this article"
            " twice (killed, out of memory or crashed); it is retried when the"
            " file or the pipeline version changes"
        )
        if self.model_only:
            return error  # ArticleProcessor.finish makes it the article's error row
        return ArticleResult(article=article, status="error", error=error, model=self.ref.label)


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
