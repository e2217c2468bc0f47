"""Dask engine: files read and processed on the workers of a Dask cluster, stored here.

The driver sends descriptors (the file's path, its listing entry and the hash of bytes
whose stored results still hold), never the bytes: workers read the input through the
paths they share with the driver. Each worker reads and decodes with the same ingest code
as `--engine local`, runs the model it loaded once (PipelinePlugin) and returns plain
records. The driver decides, in the files' listing order, exactly as the local engine does
(pipeline.selection), and stores one transaction per task. At most two tasks per worker
thread are in flight, so the driver's memory does not grow with the archive.

Faults: a task whose worker dies is run again on another worker by the scheduler, up to
`distributed.scheduler.allowed-failures` times (1 on the cluster this module starts);
after that Dask gives up with KilledWorker, the batch is run again one article at a time,
and an article that still kills its worker ends as an error row.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import dask
from dask.utils import parse_timedelta
from distributed import Client, Future, KilledWorker, LocalCluster, get_worker
from distributed.comm.core import CommClosedError
from distributed.diagnostics.plugin import WorkerPlugin

from . import __version__
from .engine import Candidate, ClusterError, Progress, close_in_background
from .ingest import IngestError, InputFile, fetch_objects, read_input_file
from .metadata import is_german
from .nlp.build import ModelLoadError, ModelNotFoundError, ModelRef, resolve_model
from .process import ArticleProcessor, _crash_for_tests, _single_threaded_children
from .records import Article, ArticleResult
from .selection import Selection, failed_result
from .settings import Settings

log = logging.getLogger(__name__)

# How often a task may be on a worker that dies before Dask gives up on it (KilledWorker),
# on the cluster this module starts: once more on another worker, as --engine local does.
LOCAL_ALLOWED_FAILURES = 1
# Tasks in flight per worker thread: one running, one waiting, none idle.
IN_FLIGHT_PER_THREAD = 2


# --- on the workers ---------------------------------------------------------------------------


class PipelinePlugin(WorkerPlugin):
    """Loads the model once per worker process and keeps it for every task it runs."""

    idempotent = True  # a second run with the same model reuses the loaded pipeline

    def __init__(self, model: str, label: str, batch_size: int, version: str = __version__) -> None:
        self.model, self.label, self.batch_size = model, label, batch_size
        self.version = version  # the driver's: results depend on the code as on the model
        self.name = f"article-pipeline {version} {label} batch {batch_size}"
        self.processor: ArticleProcessor | None = None
        self.error = ""
        self.lock = threading.Lock()

    def setup(self, worker: Any) -> None:
        self.lock = threading.Lock()  # a fresh one in the worker's copy
        self.processor, self.error = None, ""
        try:
            if __version__ != self.version:
                raise ModelLoadError(
                    f"the worker {worker.address} runs article-pipeline {__version__}, the"
                    f" driver {self.version}: install the same version on every worker"
                )
            ref = resolve_model(self.model)
            if ref.label != self.label:
                raise ModelLoadError(
                    f"the worker {worker.address} has the model {ref.label}, the driver"
                    f" {self.label}: install the same version on every worker"
                )
            self.processor = ArticleProcessor(ref, self.batch_size)
        except ModelNotFoundError as exc:
            # Raised from each task instead, where it reaches the run once.
            self.error = f"on the worker {worker.address}: {exc}"

    def __getstate__(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "label": self.label,
            "batch_size": self.batch_size,
            "version": self.version,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(  # type: ignore[misc]
            state["model"], state["label"], state["batch_size"], state["version"]
        )

    def process(self, articles: list[Article]) -> list[ArticleResult]:
        if self.processor is None:
            raise ModelLoadError(self.error or "the worker has no pipeline")
        _crash_for_tests([a.body for a in articles])  # the same test hook as the local workers
        with self.lock:  # one spaCy pipeline, not made for threads: one batch at a time
            return self.processor.process(articles)


@dataclass(frozen=True, slots=True)
class Item:
    """What a worker is sent for one file: no bytes, only where to read them."""

    file: InputFile
    reusable_hash: str  # bytes with this sha256 need no NLP: their stored results hold


@dataclass(slots=True)
class Outcome:
    """What a worker returns for one file: its Article or why it could not be read."""

    article: Article | None = None
    error: str = ""
    missing: bool = False
    result: ArticleResult | None = None  # None: not processed (not needed, or not asked)
    killed: int = 0  # > 0: processing it killed this many workers (no result)


@dataclass(frozen=True, slots=True)
class ReadOptions:
    max_bytes: int
    source: str
    extract_all_languages: bool


def read_and_process(
    items: list[Item],
    options: ReadOptions,
    gone_hashes: frozenset[str],
    plugin: str,
    nlp: bool = True,
) -> list[Outcome]:
    """The task: read each file as --engine local does, process those that need it."""
    outcomes: list[Outcome] = []
    todo: list[Outcome] = []
    fetched = fetch_objects([item.file for item in items], options.max_bytes)  # URL input
    for item in items:
        try:
            article = read_input_file(item.file, options.max_bytes, options.source, fetched)
        except IngestError as exc:
            outcomes.append(Outcome(error=str(exc), missing=exc.missing))
            continue
        outcome = Outcome(article=article)
        outcomes.append(outcome)
        # The driver decides; skipping here only saves work it would throw away. A hash of
        # a gone file may be a move whose results follow; if not, the driver asks again.
        if nlp and _may_need_nlp(article, item.reusable_hash, gone_hashes, options):
            todo.append(outcome)
    if todo:
        results = _plugin(plugin).process([outcome.article for outcome in todo])  # type: ignore[misc]
        for outcome, result in zip(todo, results, strict=True):
            outcome.result = result
    return outcomes


def process_articles(articles: list[Article], plugin: str) -> list[ArticleResult]:
    """The task for articles the driver read back and decided to process."""
    return _plugin(plugin).process(articles)


def _may_need_nlp(
    article: Article, reusable_hash: str, gone_hashes: frozenset[str], options: ReadOptions
) -> bool:
    if article.sha256 == reusable_hash or article.sha256 in gone_hashes:
        return False
    return options.extract_all_languages or is_german(
        article.body, article.language, article.language_probability
    )


def _plugin(name: str) -> PipelinePlugin:
    worker = get_worker()
    plugin = worker.plugins.get(name)
    if not isinstance(plugin, PipelinePlugin):
        raise ModelLoadError(f"the worker {worker.address} has no {name!r} plugin")
    return plugin


# --- on the driver ----------------------------------------------------------------------------


@contextmanager
def dask_engine(settings: Settings, ref: ModelRef) -> Iterator[DaskEngine]:
    """Connect to settings.scheduler (or Dask's configured address), else start a cluster.

    A cluster started here is closed in the background once the engine's work is done
    (its workers take about a second to stop) while the run writes its exports; the run
    waits for that at its end (pipeline.engine.wait_for_background_closes).
    """
    restore = _quiet_dask_logs()
    cluster: LocalCluster | None = None
    deferred = False
    try:
        client, cluster = _connect(settings)
        engine: DaskEngine | None = None
        try:
            engine = DaskEngine(client, settings, ref)
            yield engine
        finally:
            if engine is not None and engine.futures:
                # Ended early (a signal, the time limit): the cluster stops our tasks.
                client.cancel(list(engine.futures))
            client.close()
        if cluster is not None:  # the block ended normally: nothing waits for the workers
            close_in_background(partial(_close, cluster, restore), "closing the Dask cluster")
            deferred = True
    finally:
        if not deferred:
            if cluster is not None:
                cluster.close()  # failed or interrupted: stopped before the run goes on
            restore()


def _close(cluster: LocalCluster, restore: Callable[[], None]) -> None:
    try:
        cluster.close()
    finally:
        restore()


def _quiet_dask_logs() -> Callable[[], None]:
    """Dask's INFO lines (every worker, every connection) only with -v; its warnings stay.

    Returns what puts the level back.
    """
    logger = logging.getLogger("distributed")
    previous = logger.level
    if not logging.getLogger("pipeline").isEnabledFor(logging.DEBUG):
        logger.setLevel(logging.WARNING)
    return partial(logger.setLevel, previous)


def _connect(settings: Settings) -> tuple[Client, LocalCluster | None]:
    """A client of the scheduler given (or configured), else of a local cluster started here."""
    address = settings.scheduler or dask.config.get("scheduler-address", None) or ""
    if address:
        try:
            client = Client(address, timeout=_connect_timeout(), set_as_default=False)
        except OSError as exc:  # also distributed's TimeoutError
            raise ClusterError(f"cannot reach the Dask scheduler {address}: {exc}") from None
        return client, None
    with _single_threaded_children():
        cluster = LocalCluster(
            n_workers=settings.workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
            scheduler_kwargs={"allowed_failures": LOCAL_ALLOWED_FAILURES},
        )
    try:
        return Client(cluster, set_as_default=False), cluster
    except BaseException:
        cluster.close()
        raise


def _connect_timeout() -> str:
    # Dask's own setting (30 s unless configured): DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT.
    return str(dask.config.get("distributed.comm.timeouts.connect", "30s"))


class DaskEngine:
    """Read and NLP on the cluster's workers; decisions and the store stay on the driver."""

    def __init__(self, client: Client, settings: Settings, ref: ModelRef) -> None:
        self.client, self.settings, self.ref = client, settings, ref
        self.futures: set[Future] = set()  # in flight, cancelled if the run ends early
        # A model folder given as a path is sent resolved; a name (auto, a package) is
        # resolved by each worker, whose label must then match the driver's.
        model = settings.model
        if model not in ("auto", "blank") and Path(model).expanduser().exists():
            model = ref.source
        plugin = PipelinePlugin(model, ref.label, settings.batch_size)
        self.plugin = plugin.name
        client.register_plugin(plugin)
        threads = sum(client.nthreads().values())
        if threads == 0:
            # Workers that are still starting (a batch system) are waited for a while.
            try:
                client.wait_for_workers(1, timeout=parse_timedelta(_connect_timeout()))
            except TimeoutError:
                raise ClusterError(
                    f"the Dask cluster {client.scheduler.address} has no workers"
                ) from None
            threads = sum(client.nthreads().values())
        self.window = max(2, IN_FLIGHT_PER_THREAD * threads)
        self.options = ReadOptions(
            settings.max_bytes, settings.source, settings.extract_all_languages
        )
        self.gone: Any = frozenset()

    def run(
        self, selection: Selection, candidates: Sequence[Candidate], progress: Progress
    ) -> None:
        gone = selection.gone_hashes()
        # Sent once to every worker instead of with every task: a renamed top folder makes
        # the whole archive "gone".
        self.gone = (
            self.client.scatter([gone], broadcast=True, hash=False)[0] if gone else frozenset()
        )
        size = self.settings.batch_size
        pending: deque[tuple[Sequence[Candidate], list[Item], Future]] = deque()
        for start in range(0, len(candidates), size):
            chunk = candidates[start : start + size]
            items = [Item(file, selection.reusable_hash(file)) for file, _ in chunk]
            pending.append((chunk, items, self._submit(items)))
            while len(pending) >= self.window:
                self._collect(selection, *pending.popleft(), progress)
        while pending:
            self._collect(selection, *pending.popleft(), progress)

    def _submit(self, items: list[Item], nlp: bool = True) -> Future:
        future = self.client.submit(
            read_and_process,
            items,
            self.options,
            self.gone,
            self.plugin,
            nlp,
            pure=False,  # a batch sent again is a new task, not the erred one
            retries=1,
            key=f"read-and-process-{uuid.uuid4().hex}",
        )
        self.futures.add(future)
        return future

    def _result(self, future: Future) -> Any:
        try:
            return future.result()
        except (CommClosedError, CancelledError) as exc:
            # The scheduler went away or restarted: what is stored so far is complete.
            raise ClusterError(
                f"lost the Dask scheduler {self.client.scheduler.address} during the run"
                f" ({type(exc).__name__}: {exc}); what was stored so far stays, the next run"
                " goes on"
            ) from None
        finally:
            self.futures.discard(future)

    def _collect(
        self,
        selection: Selection,
        chunk: Sequence[Candidate],
        items: list[Item],
        future: Future,
        progress: Progress,
    ) -> None:
        """Decide on one task's files in their order, then store them in one go."""
        outcomes = self._outcomes(items, future)
        results: list[ArticleResult] = []
        again: list[Article] = []
        for (file, stat), outcome in zip(chunk, outcomes, strict=True):
            if outcome.article is None:
                selection.read_failed(file, IngestError(outcome.error, outcome.missing))
                continue
            if not selection.decide(file, stat, outcome.article):
                continue
            if outcome.result is not None:
                outcome.result.article = outcome.article
                results.append(outcome.result)
            elif outcome.killed:
                results.append(self._killed(outcome.article, outcome.killed))
            else:
                again.append(outcome.article)  # skipped by the worker's hint: needed after all
        if again:
            results.extend(self._process_again(again))
        selection.flush()
        selection.save(results)
        progress(len(chunk))

    def _outcomes(self, items: list[Item], future: Future, nlp: bool = True) -> list[Outcome]:
        try:
            return self._result(future)  # type: ignore[no-any-return]
        except KilledWorker as exc:
            deaths = exc.allowed_failures + 1
        if len(items) > 1:
            log.warning(
                "Dask workers died %d times on a batch of %d article(s) from %s;"
                " retrying them one by one",
                deaths,
                len(items),
                items[0].file.rel,
            )
            # One at a time: an article alone in flight can only be killed by itself, not as
            # a bystander queued on the worker another article killed.
            return [
                outcome
                for item in items
                for outcome in self._outcomes([item], self._submit([item], nlp), nlp)
            ]
        if nlp:
            # Read it alone without the NLP: the driver needs its Article (hash, metadata)
            # to decide, and the error row carries them as the local engine's does.
            log.warning(
                "%s: its Dask worker died %d times; reading it without NLP",
                items[0].file.rel,
                deaths,
            )
            outcomes = self._outcomes(items, self._submit(items, nlp=False), nlp=False)
            for outcome in outcomes:
                outcome.killed = deaths
            return outcomes
        return [
            Outcome(
                error=f"reading the file killed the Dask worker {deaths} times (out of memory"
                " or crashed); it is tried again by the next run"
            )
        ]

    def _process_again(self, articles: list[Article]) -> list[ArticleResult]:
        future = self.client.submit(
            process_articles,
            articles,
            self.plugin,
            pure=False,
            retries=1,
            key=f"process-{uuid.uuid4().hex}",
        )
        self.futures.add(future)
        try:
            results: list[ArticleResult] = self._result(future)
        except KilledWorker as exc:
            if len(articles) == 1:
                return [self._killed(articles[0], exc.allowed_failures + 1)]
            return [result for article in articles for result in self._process_again([article])]
        for article, result in zip(articles, results, strict=True):
            result.article = article
        return results

    def _killed(self, article: Article, deaths: int) -> ArticleResult:
        log.warning("%s: its Dask worker died %d times; stored as an error", article.path, deaths)
        return failed_result(
            article,
            f"processing failed: the Dask worker died on this article {deaths} times (killed,"
            " out of memory or crashed); it is retried when the file or the pipeline version"
            " changes",
            self.ref,
        )
