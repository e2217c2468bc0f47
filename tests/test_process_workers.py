"""process_batches: the same results, in the same batches and order, with one or two workers."""

from __future__ import annotations

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


def test_worker_environment_is_set_only_around_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    with _single_threaded_children():
        assert os.environ["OMP_NUM_THREADS"] == "3"  # the user's choice wins
        assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
    assert "OPENBLAS_NUM_THREADS" not in os.environ
    assert "OMP_NUM_THREADS" in THREAD_VARIABLES
