"""process_batches: the same results, in the same batches and order, with one or two workers
or with the model in a process of its own (pipelined)."""

from __future__ import annotations

import gc
import os
import re
import signal
import struct
import sys
import threading
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import wait as wait_for_ready
from pathlib import Path

import pytest

from pipeline.nlp.build import resolve_model
from pipeline.process import (
    CRASH_MARKER_VARIABLE,
    PIPELINE_MIN_ARTICLES,
    THREAD_VARIABLES,
    _single_threaded_children,
    _WorkerPool,
    pipelined,
    process_batches,
)
from pipeline.records import Article, ArticleResult

ROOT = Path(__file__).resolve().parent.parent


def _articles(count: int) -> list[Article]:
    return [
        Article(article_id=f"a{i:02d}", path=f"{i:02d}.txt", body=f"Artikel {i}. Bochum wächst.")
        for i in range(count)
    ]


def _shape(batches: list[list[Article]], workers: int) -> list[list[tuple[str, int]]]:
    ref = resolve_model("blank")
    return [
        [(result.article.article_id, result.tokens) for result in results]
        for results in process_batches(iter(batches), ref, batch_size=2, workers=workers)
    ]


def test_two_workers_keep_batches_and_order() -> None:
    articles = _articles(9)
    # Caller batches larger than batch_size are split for the workers and regrouped.
    batches = [articles[:5], [], articles[5:6], articles[6:]]
    one = _shape(batches, workers=1)
    two = _shape(batches, workers=2)
    assert two == one
    assert [len(results) for results in two] == [5, 1, 3]
    assert [article_id for results in two for article_id, _ in results] == [
        article.article_id for article in articles
    ]


def test_an_in_process_run_freezes_the_heap_only_while_it_runs() -> None:
    """The pipeline is taken out of the collector's walks during the NLP and handed back
    after, so that a long-lived process can collect it; a caller's own freeze stays."""
    ref = resolve_model("blank")
    gc.unfreeze()  # whatever an earlier test left: start from a heap nobody froze
    during = [
        gc.get_freeze_count()
        for _ in process_batches(iter([_articles(2), _articles(1)]), ref, 2, workers=1)
    ]
    assert all(count > 0 for count in during) and len(during) == 2
    assert gc.get_freeze_count() == 0
    gc.freeze()  # a caller that froze its own heap
    try:
        frozen = gc.get_freeze_count()
        list(process_batches(iter([_articles(1)]), ref, 2, workers=1))
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_worker_environment_is_set_only_around_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    with _single_threaded_children():
        assert os.environ["OMP_NUM_THREADS"] == "3"  # the user's choice wins
        assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
    assert "OPENBLAS_NUM_THREADS" not in os.environ
    assert "OMP_NUM_THREADS" in THREAD_VARIABLES


def test_local_engine_hands_on_each_batch_before_reading_the_rest(tmp_path) -> None:
    """The files after a full batch are read only once that batch went to the NLP, and
    what needs none (here a file that failed) is stored before the batch is handed on."""
    from pipeline.engine import LocalEngine
    from pipeline.ingest import iter_input_files
    from pipeline.run import RunSummary, pipeline_version
    from pipeline.selection import Selection
    from pipeline.settings import Settings
    from pipeline.store import Store

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "000-kaputt.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    for i in range(1, 12):
        (articles / f"{i:03d}.txt").write_text(
            f"Meldung {i}\n\nBochum. Die Stadtwerke investieren {i} Millionen Euro.\n",
            encoding="utf-8",
        )
    settings = Settings(articles, tmp_path / "out", model="blank", batch_size=1)  # batches of 4
    ref = resolve_model("blank")
    with Store(settings.out_dir) as store:
        files = list(iter_input_files(articles))
        summary = RunSummary()
        selection = Selection(
            settings, store, ref, pipeline_version(ref), summary, store.known_files()
        )
        selection.listed({file.rel for file in files}, {file.rel for file in files})
        reported: list[int] = []
        batches = LocalEngine(settings, ref)._read(
            selection, [(file, None) for file in files], reported.append
        )
        first = next(batches)
        assert [article.path for article in first] == ["001.txt", "002.txt", "003.txt", "004.txt"]
        assert reported == [1]  # the broken file, stored already
        assert store.conn.execute("SELECT status FROM articles").fetchall() == [("error",)]
        # Not read yet: deleting it now makes it missing instead of a fifth article.
        (articles / "011.txt").unlink()
        rest = list(batches)
        assert [[article.path for article in batch] for batch in rest] == [
            ["005.txt", "006.txt", "007.txt", "008.txt"], ["009.txt", "010.txt"],
        ]  # fmt: skip
        assert summary.missing == 1


def _corpus_articles() -> list[Article]:
    """The sample corpus's German articles, as a run reads them."""
    from pipeline.ingest import is_supported, iter_input_files, read_input_file

    articles = [
        read_input_file(file, 5_000_000)
        for file in iter_input_files(ROOT / "corpus")
        if not file.error and not file.skip and is_supported(file)
    ]
    return [article for article in articles if article.body.strip()]


def _records(results: list[ArticleResult]) -> list[tuple]:
    return [
        (r.article.path, r.status, r.error, r.tokens, r.model, r.entities, r.figures)
        for r in results
    ]


def test_a_pipelined_run_gives_the_same_records_as_one_process() -> None:
    """The model in a process of its own, our components here: every entity and figure of
    the sample corpus as the whole pipeline in one process gives them, in the same batches."""
    ref = resolve_model("auto")
    articles = _corpus_articles()
    assert len(articles) >= 20
    batches = [articles[:7], [], articles[7:8], articles[8:]]
    one = list(process_batches(iter(batches), ref, batch_size=4, workers=1))
    piped = list(process_batches(iter(batches), ref, batch_size=4, workers=1, pipeline=True))
    assert [len(results) for results in piped] == [len(results) for results in one]
    assert _records([r for rs in piped for r in rs]) == _records([r for rs in one for r in rs])
    assert sum(len(r.entities) for rs in one for r in rs) > 50  # the comparison has content
    assert sum(len(r.figures) for rs in one for r in rs) > 50


def test_a_pipelined_run_takes_back_pieces_the_model_stage_has_not_started(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """One article a piece, all in one batch: while this process waits for the stage's
    first piece it runs the newest ones itself, model and all; the records stay the same."""
    import logging

    caplog.set_level(logging.INFO, logger="pipeline.process")
    ref = resolve_model("auto")
    articles = _corpus_articles()
    one = list(process_batches(iter([articles]), ref, batch_size=1, workers=1))
    piped = list(process_batches(iter([articles]), ref, batch_size=1, workers=1, pipeline=True))
    assert len(piped) == 1
    assert _records(piped[0]) == _records(one[0])
    shares = re.search(
        r"the model ran on (\d+) article\(s\) in its process and on (\d+) here", caplog.text
    )
    assert shares, caplog.text
    stage, here = map(int, shares.groups())
    # The first pieces go to the stage's process as they are sent; the newest wait their
    # turn there until this process takes them back.
    assert stage >= 1 and here >= 1 and stage + here == len(articles)


def test_the_model_stage_dying_on_an_article_fails_only_that_article(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The model stage's process killed (as the OOM killer would) on one article: its batch
    is sent again, that article alone twice, then it is an error row and the run goes on."""
    monkeypatch.setenv(CRASH_MARKER_VARIABLE, "ABSTURZ-3")
    articles = _corpus_articles()[:6]
    doomed = articles[3]
    articles[3] = Article(
        article_id=doomed.article_id, path=doomed.path, body=doomed.body + " ABSTURZ-3"
    )
    ref = resolve_model("auto")
    results = [r for rs in process_batches(iter([articles]), ref, 4, 1, pipeline=True) for r in rs]
    assert [r.article.path for r in results] == [a.path for a in articles]
    assert [r.status for r in results] == ["ok", "ok", "ok", "error", "ok", "ok"]
    assert "worker process died on this article twice" in (results[3].error or "")
    assert all(r.entities or r.figures for i, r in enumerate(results) if i != 3)
    assert "died" in caplog.text


def test_which_runs_are_pipelined() -> None:
    """One worker, a trained model, enough articles and a second core; else one process."""
    ref = resolve_model("auto")
    enough = PIPELINE_MIN_ARTICLES
    affinity = os.sched_getaffinity(0)
    if len(affinity) < 2:
        pytest.skip("this machine gives the tests one core: the pipelined case cannot be seen")
    assert pipelined(ref, 1, enough)
    assert not pipelined(ref, 1, enough - 1)
    assert not pipelined(ref, 2, enough)  # the workers run the whole pipeline each
    assert not pipelined(resolve_model("blank"), 1, enough)  # no model to run beside
    os.sched_setaffinity(0, {min(affinity)})  # a taskset or cgroup giving one core
    try:
        assert not pipelined(ref, 1, enough)
    finally:
        os.sched_setaffinity(0, affinity)


def test_a_run_of_enough_articles_runs_its_model_beside_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """run_batch through the local engine: pipelined from PIPELINE_MIN_ARTICLES articles on
    (lowered here to the corpus's size), the stored records the same as in one process."""
    import logging

    from pipeline import process
    from pipeline.run import run_batch
    from pipeline.settings import Settings
    from pipeline.store import Store

    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("this machine gives the tests one core: no run is pipelined")

    def stored(out: Path) -> list[tuple]:
        with Store(out, readonly=True) as store:
            return [
                store.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3").fetchall()
                for table in ("entities", "figures")
            ]

    caplog.set_level(logging.INFO, logger="pipeline.process")
    options = {"formats": ("csv",), "progress": False}
    run_batch(Settings(input_dir=ROOT / "corpus", out_dir=tmp_path / "one", **options))
    assert "runs in a process of its own" not in caplog.text
    monkeypatch.setattr(process, "PIPELINE_MIN_ARTICLES", 5)
    run_batch(Settings(input_dir=ROOT / "corpus", out_dir=tmp_path / "piped", **options))
    assert "runs in a process of its own" in caplog.text
    one, piped = stored(tmp_path / "one"), stored(tmp_path / "piped")
    assert piped == one and all(one)


def _die_halfway_through_sending() -> list:
    """As a worker killed while it sends its result: a message's length and the first part
    of it in the pool's result pipe, then the process gone."""
    frame = sys._getframe(1)
    while "result_queue" not in frame.f_locals:  # concurrent.futures' worker loop
        frame = frame.f_back
    writer = frame.f_locals["result_queue"]._writer
    os.write(writer.fileno(), struct.pack("!i", 1 << 20) + bytes(4096))
    os.kill(os.getpid(), signal.SIGKILL)
    return []


def _in_thread(call: Callable[[], object]) -> list:
    """call's outcome (a value or an exception), or [] where it is still waiting after 60 s."""
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:  # noqa: BLE001 - the test looks at it
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=60)
    return outcome


@pytest.mark.parametrize("closing", [False, True])
def test_a_worker_dying_halfway_through_its_result_breaks_the_pool(closing: bool) -> None:
    """Python's pool waits forever for the rest of a result whose sender died (a pipelined
    run hung in its pool's shutdown on SIGTERM this way); ours takes the pool as broken,
    both where it waits for the piece and where it closes."""
    pool = _WorkerPool(resolve_model("blank"), 4, 1)
    try:
        task = pool.executor.submit(_die_halfway_through_sending)
        if closing:
            wait_for_ready([next(iter(pool.executor._processes.values())).sentinel], timeout=60)
            assert _in_thread(lambda: pool.close(kill=True)) == [None], "close hung"
            assert isinstance(_in_thread(lambda: task.exception(timeout=5))[0], BrokenProcessPool)
        else:
            outcome = _in_thread(lambda: pool._result(task))
            assert outcome, "waiting for the piece hung"
            assert isinstance(outcome[0], BrokenProcessPool)
    finally:
        _in_thread(lambda: pool.close(kill=True))
