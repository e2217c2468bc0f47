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
    """The gold articles of a folder in either of the two layouts `evaluate` reads.

    - the sample corpus: articles anywhere below corpus_dir, one JSON file per article in
      corpus_dir/gold/ naming its `path`;
    - a gold folder (econ_dev's layout): texts/*.txt plus gold.jsonl, one line per file
      (`file`, `entities`, `figures`), offsets into the text as read.
    """
    if (corpus_dir / "gold.jsonl").is_file():
        return load_gold_folder(corpus_dir)
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


def load_gold_folder(folder: Path) -> list[GoldArticle]:
    """texts/ plus gold.jsonl; a malformed line is a ValueError naming file and line."""
    items = []
    lines = (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            name = data["file"]
            entities, figures = data.get("entities", []), data.get("figures", [])
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{folder / 'gold.jsonl'}, line {number}: {exc}") from None
        article = read_article(folder / "texts" / name, root=folder / "texts")
        items.append(GoldArticle(article, entities, figures))
    if not items:
        raise FileNotFoundError(f"no gold annotation in {folder / 'gold.jsonl'}")
    return items


def drop_optional(
    pred: list[dict[str, Any]], gold: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Gold spans marked optional are neither rewarded nor punished.

    A prediction overlapping an optional gold span is left out of the scoring, and so is
    the optional span itself.
    """
    optional = [(g["start"], g["end"]) for g in gold if g.get("optional")]
    if not optional:
        return pred, gold
    kept = [p for p in pred if not any(p["start"] < e and s < p["end"] for s, e in optional)]
    return kept, [g for g in gold if not g.get("optional")]


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
        entity_pred, entity_gold = drop_optional(
            [e.to_dict() for e in result.entities], item.entities
        )
        figure_pred, figure_gold = drop_optional(
            [f.to_dict() for f in result.figures], item.figures
        )
        entities = [{**e, "doc": path} for e in entity_pred]
        golds = [{**g, "doc": path} for g in entity_gold]
        pred_entities += entities
        gold_entities += golds
        entity_misses += [{"path": path, **m} for m in list_entity_misses(entities, golds)]
        # Figures are pooled across articles by tagging offsets with the article's path.
        pred_figures += [{**f, "start": (path, f["start"])} for f in figure_pred]
        gold_figures += [{**g, "start": (path, g["start"])} for g in figure_gold]
        figure_misses += [{"path": path, **m} for m in list_figure_misses(figure_pred, figure_gold)]
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
            "per field where the gold has it ("
            + " | ".join(scores.get("extra_field_accuracy", {}))
            + "): "
            + " | ".join(
                "n/a" if v is None else f"{v:.3f}"
                for v in scores.get("extra_field_accuracy", {}).values()
            ),
        ]
    )
