"""process_batches: the same results, in the same batches and order, with one or two workers."""

from __future__ import annotations

import gc
import os

import pytest

from pipeline.nlp.build import resolve_model
from pipeline.process import THREAD_VARIABLES, _single_threaded_children, process_batches
from pipeline.records import Article


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
