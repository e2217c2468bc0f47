"""Bench: what the figures step adds to a spaCy pipeline's run time. Prints a table.

    .venv/bin/python bench/figures_speed.py [--model PATH] [--sentences 600]

Texts: synthetic number-heavy sentences in the style of the sample corpus, plus the
sample articles themselves. For each pipeline (blank + sentencizer, and the NER model if
one is found) it times `nlp.pipe` and, separately, `extract_figures` on the same Docs;
the best of three runs counts.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from pathlib import Path

import spacy
from spacy.language import Language

from pipeline.extract.figures import extract_figures

ROOT = Path(__file__).resolve().parent.parent
MODEL_CANDIDATES = (
    ROOT / "pipeline/models/de_regional_ner",
    ROOT / "training/output/full1/model-best",
)
TEMPLATES = (
    "Die {city}er Firma beschäftigt rund {n} Mitarbeiter und investiert {m} Millionen Euro.",
    "Der Umsatz stieg im Jahr {year} von {n} auf {n2} Millionen Euro.",
    "Die Arbeitslosenquote sank um {p} Prozent auf {q} Prozent.",
    "Am Standort in {city} entstehen zwischen {n} und {n2} neue Arbeitsplätze.",
    "Mehr als {n} Besucher kamen Mitte März {year} zur Messe nach {city}.",
    "Das Unternehmen wurde {year} gegründet und hat heute {n} Beschäftigte.",
    "Die Halle umfasst {n}.000 Quadratmeter auf 15 Hektar, Kosten: € {m} Mio.",
    "Informationen gibt es unter Telefon 0234 961 40 10 oder in 44801 {city}.",
    "Der Verein spielt in der 2. Bundesliga und belegte den 3. Platz.",
    "Nach Angaben der Stadt {city} leben dort Tausende Menschen vom Hafen.",
    "Der Vorstand sprach von einem guten Jahr, die Zahlen werden im Herbst vorgelegt.",
    "Die Kammer meldet dreiundzwanzig Neugründungen und ein Dutzend Insolvenzen.",
)
CITIES = ("Bochum", "Dortmund", "Essen", "Duisburg", "Herne", "Hagen", "Münster", "Aachen")


def synthetic_texts(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        n = rng.randint(20, 900)
        texts.append(
            rng.choice(TEMPLATES).format(
                city=rng.choice(CITIES),
                n=n,
                n2=n + rng.randint(1, 500),
                m=f"{rng.randint(1, 99)},{rng.randint(1, 9)}",
                year=rng.randint(1987, 2026),
                p=rng.randint(1, 20),
                q=f"{rng.randint(3, 12)},{rng.randint(0, 9)}",
            )
        )
    return texts


def corpus_texts() -> list[str]:
    from pipeline.ingest import read_article

    corpus = ROOT / "corpus"
    paths = sorted(p for p in corpus.rglob("*") if p.suffix in (".txt", ".md", ".html"))
    return [read_article(p, root=corpus).body for p in paths if "gold" not in p.parts]


def best_of(runs: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(name: str, nlp: Language, texts: list[str]) -> None:
    docs = list(nlp.pipe(texts))
    t_pipe = best_of(3, lambda: list(nlp.pipe(texts)))
    t_fig = best_of(3, lambda: [extract_figures(doc) for doc in docs])
    figures = sum(len(extract_figures(doc)) for doc in docs)
    chars = sum(len(t) for t in texts)
    print(
        f"| {name} | {len(texts)} | {chars} | {figures} | {t_pipe * 1000:.1f} | "
        f"{t_fig * 1000:.1f} | {100 * t_fig / t_pipe:.1f} % |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--sentences", type=int, default=600)
    args = parser.parse_args()

    blank = spacy.blank("de")
    blank.add_pipe("sentencizer")
    model_path = args.model or next((p for p in MODEL_CANDIDATES if p.is_dir()), None)
    pipelines: list[tuple[str, Language]] = [("blank+sentencizer", blank)]
    if model_path is not None:
        pipelines.append(
            (
                f"model {model_path.name} ({'+'.join(spacy.load(model_path).pipe_names)})",
                spacy.load(model_path),
            )
        )
    sets = [
        ("synthetic sentences", synthetic_texts(args.sentences)),
        ("corpus articles", corpus_texts() * 10),
    ]
    print("| pipeline / texts | texts | chars | figures | nlp.pipe ms | figures ms | overhead |")
    print("|---|---|---|---|---|---|---|")
    for pipe_name, nlp in pipelines:
        for set_name, texts in sets:
            measure(f"{pipe_name}, {set_name}", nlp, texts)


if __name__ == "__main__":
    main()
