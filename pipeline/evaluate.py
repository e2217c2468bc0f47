"""Evaluation: score the full pipeline against corpus/gold and NER DocBins, as printable tables."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .evaluate_entities import docbin_entities, list_entity_misses, score_entities
from .evaluate_figures import list_figure_misses, score_figures
from .ingest import read_article
from .nlp.build import ModelRef, load_pipeline
from .process import ArticleProcessor
from .records import Article

LABELS = ("ORG", "LOC", "PER", "MISC")


@dataclass(slots=True)
class GoldArticle:
    article: Article
    entities: list[dict[str, Any]]
    figures: list[dict[str, Any]]


@dataclass(slots=True)
class CorpusEvaluation:
    articles: int
    entities: dict[str, Any]
    figures: dict[str, Any]
    entity_misses: list[dict[str, Any]] = field(default_factory=list)
    figure_misses: list[dict[str, Any]] = field(default_factory=list)


def load_gold(corpus_dir: Path) -> list[GoldArticle]:
    """Every article of corpus_dir that has a gold file in corpus_dir/gold/."""
    gold_dir = corpus_dir / "gold"
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        raise FileNotFoundError(f"no gold annotation in {gold_dir}")
    items = []
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        article = read_article(corpus_dir / data["path"], root=corpus_dir)
        items.append(GoldArticle(article, data["entities"], data["figures"]))
    return items


def evaluate_corpus(corpus_dir: Path, ref: ModelRef) -> CorpusEvaluation:
    """Run the production pipeline over the gold articles and score entities and figures."""
    gold = load_gold(corpus_dir)
    results = ArticleProcessor(ref).process([item.article for item in gold])
    pred_entities: list[dict[str, Any]] = []
    gold_entities: list[dict[str, Any]] = []
    pred_figures: list[dict[str, Any]] = []
    gold_figures: list[dict[str, Any]] = []
    entity_misses: list[dict[str, Any]] = []
    figure_misses: list[dict[str, Any]] = []
    for item, result in zip(gold, results, strict=True):
        if result.status != "ok":
            raise RuntimeError(f"{item.article.path}: {result.error}")
        path = item.article.path
        entities = [{**e.to_dict(), "doc": path} for e in result.entities]
        golds = [{**g, "doc": path} for g in item.entities]
        pred_entities += entities
        gold_entities += golds
        entity_misses += [{"path": path, **m} for m in list_entity_misses(entities, golds)]
        # Figures are pooled across articles by tagging offsets with the article's path.
        pred_figures += [{**f.to_dict(), "start": (path, f.start)} for f in result.figures]
        gold_figures += [{**g, "start": (path, g["start"])} for g in item.figures]
        figure_misses += [
            {"path": path, **m} for m in list_figure_misses(result.figures, item.figures)
        ]
    return CorpusEvaluation(
        articles=len(gold),
        entities=score_entities(pred_entities, gold_entities),
        figures=score_figures(pred_figures, gold_figures),
        entity_misses=entity_misses,
        figure_misses=figure_misses,
    )


def evaluate_docbin(path: Path, ref: ModelRef) -> dict[str, Any]:
    """Entity scores of the full pipeline on a spaCy DocBin (e.g. the held-out news split)."""
    nlp = load_pipeline(ref)
    pred, gold = docbin_entities(nlp, path)
    return score_entities(pred, gold)


def format_entity_table(title: str, scores: dict[str, Any]) -> str:
    lines = [
        f"{title}",
        "| label | strict P | strict R | strict F1 | overlap P | overlap R | overlap F1 | gold |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label in (*LABELS, "ALL"):
        if label not in scores:
            continue
        strict, overlap = scores[label]["strict"], scores[label]["overlap"]
        gold = strict["tp"] + strict["fn"]
        lines.append(
            f"| {label} | {strict['p']:.3f} | {strict['r']:.3f} | {strict['f']:.3f}"
            f" | {overlap['p']:.3f} | {overlap['r']:.3f} | {overlap['f']:.3f}"
            f" | {gold} |"
        )
    canonical = scores.get("canonical")
    if canonical and canonical["total"]:
        lines.append(
            f"canonical name right for {canonical['correct']}/{canonical['total']} matched "
            f"mentions ({canonical['accuracy']:.3f})"
        )
    return "\n".join(lines)


def format_figure_table(title: str, scores: dict[str, Any]) -> str:
    fields = " | ".join(f"{value:.3f}" for value in scores["field_accuracy"].values())
    names = " | ".join(scores["field_accuracy"])
    return "\n".join(
        [
            title,
            "| gold | tp | fp | fn | span P | span R | span F1 | value accuracy |",
            "|---|---|---|---|---|---|---|---|",
            f"| {scores['tp'] + scores['fn']} | {scores['tp']} | {scores['fp']} | {scores['fn']}"
            f" | {scores['precision']:.3f} | {scores['recall']:.3f} | {scores['f1']:.3f}"
            f" | {scores['value_accuracy']:.3f} |",
            f"per field ({names}): {fields}",
        ]
    )
