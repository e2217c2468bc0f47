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


def classify_entity_errors(misses: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Strict entity misses grouped by the gold label (the predicted one for spurious spans).

    Each error is a dict with ``kind``: "wrong label" (same span, another label), "wrong
    span" (same label, overlapping but other boundaries), "missed" (a gold span nothing
    overlaps) or "spurious" (a prediction that overlaps no gold span), plus ``path``,
    ``start``, ``end``, ``text``, ``label`` (gold, or predicted for spurious),
    ``predicted`` (the prediction's label and text, where there is one) and ``source``.
    """
    fps = [m for m in misses if m.get("type") == "fp"]
    fns = [m for m in misses if m.get("type") == "fn"]
    used: set[int] = set()
    errors: dict[str, list[dict[str, Any]]] = {}

    def add(label: str, error: dict[str, Any]) -> None:
        errors.setdefault(label, []).append(error)

    for fn in fns:
        same_doc = [
            (i, fp)
            for i, fp in enumerate(fps)
            if fp.get("path") == fn.get("path")
            and fp["start"] < fn["end"]
            and fn["start"] < fp["end"]
        ]
        relabelled = [
            (i, fp) for i, fp in same_doc if (fp["start"], fp["end"]) == (fn["start"], fn["end"])
        ]
        reshaped = [(i, fp) for i, fp in same_doc if fp["label"] == fn["label"]]
        kind, match = "missed", None
        if relabelled:
            kind, match = "wrong label", relabelled[0]
        elif reshaped:
            kind, match = "wrong span", reshaped[0]
        error = {
            "kind": kind,
            "path": fn.get("path"),
            "start": fn["start"],
            "end": fn["end"],
            "text": fn["text"],
            "label": fn["label"],
            "predicted": "",
            "source": "",
        }
        if match is not None:
            used.add(match[0])
            fp = match[1]
            error["predicted"] = f"{fp['label']} {fp['text']!r}"
            error["source"] = fp.get("source", "")
        add(fn["label"], error)
    for i, fp in enumerate(fps):
        if i in used:
            continue
        add(
            fp["label"],
            {
                "kind": "spurious",
                "path": fp.get("path"),
                "start": fp["start"],
                "end": fp["end"],
                "text": fp["text"],
                "label": fp["label"],
                "predicted": f"{fp['label']} {fp['text']!r}",
                "source": fp.get("source", ""),
            },
        )
    return errors


def format_entity_errors(misses: list[dict[str, Any]]) -> str:
    """The strict entity errors per label, counted by kind and listed one per line."""
    errors = classify_entity_errors(misses)
    lines = ["Entity errors by label (strict match)"]
    for label in (*LABELS, *sorted(set(errors) - set(LABELS))):
        found = errors.get(label, [])
        if not found:
            continue
        counts: dict[str, int] = {}
        for error in found:
            counts[error["kind"]] = counts.get(error["kind"], 0) + 1
        summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
        lines.append(f"\n{label}: {summary}")
        for error in sorted(found, key=lambda e: (e["kind"], str(e["path"]), e["start"])):
            detail = f"  {error['kind']:<11} {error['path']} {error['start']}-{error['end']}"
            detail += f" {error['text']!r}"
            if error["kind"] != "spurious" and error["predicted"]:
                detail += f" -> predicted {error['predicted']}"
            if error["source"]:
                detail += f" [{error['source']}]"
            lines.append(detail)
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
