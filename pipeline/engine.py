"""Engines: where the files a run reads are read and processed (this machine or a Dask cluster).

The driver (run.py) lists the input, keeps the lock and the store and makes every decision
through a Selection; an engine only turns the files handed to it into stored results.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol, TypeVar

from .ingest import IngestError, InputFile, fetch_objects, read_input_file
from .nlp.build import ModelRef
from .process import pipelined, process_batches
from .records import Article
from .selection import Selection
from .settings import Settings
from .store import FileStat

ENGINES = ("local", "dask")

# What an engine is given: the listed files the stat fast path could not settle.
Candidate = tuple[InputFile, FileStat | None]
Progress = Callable[[int], None]  # called with the number of articles just finished
# Files read between two concurrent fetches of objects under a URL (remote.fetch).
FETCH_CHUNK = 64  # at most 64 x --max-bytes in memory; enough requests in flight
T = TypeVar("T")


# Engines' clean-up that need not hold up the run (a local Dask cluster's workers stopping
# while the exports are written); run_batch waits for it before it returns.
_closing: list[threading.Thread] = []


def close_in_background(close: Callable[[], None], what: str) -> None:
    """Run `close` in a thread of its own; wait_for_background_closes() waits for it."""
    thread = threading.Thread(target=close, name=what)
    thread.start()
    _closing.append(thread)


def wait_for_background_closes() -> None:
    while _closing:
        _closing.pop().join()


class ClusterError(Exception):
    """--engine dask: the scheduler cannot be reached, or the cluster has no workers."""


class Engine(Protocol):
    def run(
        self, selection: Selection, candidates: Sequence[Candidate], progress: Progress
    ) -> None:
        """Read, decide (through the selection, in the candidates' order), process, store."""


def open_engine(settings: Settings, ref: ModelRef) -> AbstractContextManager[Engine]:
    """The engine named by settings.engine, started; it is stopped when the block ends."""
    if settings.engine == "dask":
        from .engine_dask import dask_engine  # dask is imported only for this engine

        return dask_engine(settings, ref)
    return _local_engine(settings, ref)


@contextmanager
def _local_engine(settings: Settings, ref: ModelRef) -> Iterator[Engine]:
    yield LocalEngine(settings, ref)


class LocalEngine:
    """Files read here; the NLP in `settings.workers` processes (pipeline.process), or with
    one worker on a machine with a second core, the model in a process of its own and the
    rest here (pipeline.process.pipelined)."""

    def __init__(self, settings: Settings, ref: ModelRef) -> None:
        self.settings, self.ref = settings, ref

    def run(
        self, selection: Selection, candidates: Sequence[Candidate], progress: Progress
    ) -> None:
        settings = self.settings
        batches = self._read(selection, list(candidates), progress)
        first = next(batches, None)
        if first is None:  # loading a model takes seconds; a run with nothing new must not pay
            return
        for results in process_batches(
            itertools.chain([first], batches),
            self.ref,
            settings.batch_size,
            settings.workers,
            # Counted before reading: some candidates may turn out to need no NLP.
            pipeline=pipelined(self.ref, settings.workers, len(candidates)),
        ):
            selection.save(results)
            progress(len(results))

    def _read(
        self, selection: Selection, candidates: list[Candidate], progress: Progress
    ) -> Iterator[list[Article]]:
        """Read the candidates in order; yield those that need the NLP, batch_size * 4 at
        a time, as soon as a batch is full.

        A generator, so that with worker processes the next batch is read here while they
        process the last one (all files were read first before: at 100,000 articles the
        workers waited minutes for the reading, and the driver held every article). What
        needs no NLP (unchanged text, failures, other languages) is stored before each
        batch is handed on; the decisions and batches are the same as reading all first.
        """
        settings = self.settings
        size = settings.batch_size * 4
        todo: list[Article] = []
        settled = 0  # decided without NLP since the last progress report

        def flushed() -> None:
            nonlocal settled
            selection.flush()
            progress(settled)
            settled = 0

        for chunk in _chunks(candidates, FETCH_CHUNK):
            # Objects under a URL come in one concurrent fetch per chunk ({} for files).
            fetched = fetch_objects([file for file, _ in chunk], settings.max_bytes)
            for file, stat in chunk:
                try:
                    article = read_input_file(file, settings.max_bytes, settings.source, fetched)
                except IngestError as exc:
                    selection.read_failed(file, exc)
                    settled += 1
                    continue
                if not selection.decide(file, stat, article):
                    settled += 1
                    continue
                todo.append(article)
                if len(todo) == size:
                    flushed()
                    yield todo
                    todo = []
        flushed()
        if todo:
            yield todo


def _chunks(items: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
