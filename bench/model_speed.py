"""Bare `nlp.pipe` speed of NER models on the same texts, measured in the same run.

    python bench/model_speed.py MODEL [MODEL ...] [--articles 300] [--rounds 3]

Every model runs over the same texts (the sample corpus and generated articles from
bench/corpus.py, or `--corpus PATH`), in rounds that alternate between the models, one
process and one thread, so a busy machine slows all of them alike. The table gives the
best round per model (tokens per second), load time, size on disk and the speed relative
to the first model. Used for issue 10's "at least 0.6x of today's model".
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def texts_for(corpus: Path | None, articles: int) -> list[str]:
    from pipeline.ingest import is_supported, iter_input_files, read_input_file

    folder = corpus or ROOT / "corpus"
    texts = [
        read_input_file(f, 5_000_000).body
        for f in iter_input_files(folder)
        if not f.error and is_supported(f)
    ]
    if corpus is None:
        from corpus import template_article  # bench/corpus.py

        rng = random.Random(13)
        texts += [template_article(rng) for _ in range(max(0, articles - len(texts)))]
    return texts


def size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+", type=Path)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=None, help="a folder of real articles")
    args = parser.parse_args(argv)

    import spacy

    texts = texts_for(args.corpus, args.articles)
    loaded = {}
    for path in args.models:
        start = time.perf_counter()
        loaded[path] = (spacy.load(path), time.perf_counter() - start)
    best: dict[Path, float] = {}
    tokens = 0
    for _ in range(args.rounds):
        for path, (nlp, _load) in loaded.items():
            start = time.perf_counter()
            tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
            rate = tokens / (time.perf_counter() - start)
            best[path] = max(best.get(path, 0.0), rate)
    first = best[args.models[0]]
    print(f"{len(texts)} articles, {tokens:,} tokens, best of {args.rounds} rounds, 1 thread\n")
    print("| model | tokens/s | x first | load s | MB on disk |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for path in args.models:
        print(
            f"| {path} | {best[path]:,.0f} | {best[path] / first:.2f} | "
            f"{loaded[path][1]:.1f} | {size_mb(path):.1f} |"
        )


if __name__ == "__main__":
    main()
