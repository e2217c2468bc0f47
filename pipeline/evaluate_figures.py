"""Evaluation: score extracted figures against the hand-made gold in corpus/gold/.

Spans match strictly (same start and end). Of the matched spans, a figure's values are
right when value, value_min, value_max, qualifier, unit and kind all equal the gold;
each field's accuracy is reported too. `list_figure_misses` names every false positive,
false negative and wrong value so each can be explained.

    python -m pipeline.evaluate_figures [corpus_dir] [--model PATH]
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pipeline.records import Figure

VALUE_FIELDS: tuple[str, ...] = ("value", "value_min", "value_max", "qualifier", "unit", "kind")
# Scored only where the gold has them (econ_dev's gold predates them): accuracy over the
# matched spans whose gold carries the key, None when none does.
EXTRA_FIELDS: tuple[str, ...] = ("direction", "measure")


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return (
        (a if a is not None else "") == (b if b is not None else "")
        if (isinstance(a, str) or isinstance(b, str))
        else a == b
    )


def _as_dict(figure: Figure | dict[str, Any]) -> dict[str, Any]:
    return figure.to_dict() if isinstance(figure, Figure) else figure


def _pairs(
    pred: Sequence[Figure | dict[str, Any]], gold: Sequence[dict[str, Any]]
) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(matched pairs, false positives, false negatives) under strict span match."""
    by_span = {(g["start"], g["end"]): g for g in gold}
    matched, false_pos = [], []
    seen: set[tuple[int, int]] = set()
    for p in map(_as_dict, pred):
        key = (p["start"], p["end"])
        if key in by_span and key not in seen:
            matched.append((p, by_span[key]))
            seen.add(key)
        else:
            false_pos.append(p)
    false_neg = [g for g in gold if (g["start"], g["end"]) not in seen]
    return matched, false_pos, false_neg


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def score_figures(
    pred: Sequence[Figure | dict[str, Any]], gold: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    """Span precision/recall/F1 and value accuracy (overall and per field) of matched spans."""
    matched, false_pos, false_neg = _pairs(pred, gold)
    tp = len(matched)
    precision, recall = _ratio(tp, tp + len(false_pos)), _ratio(tp, tp + len(false_neg))
    f1 = _ratio(2 * tp, 2 * tp + len(false_pos) + len(false_neg))
    field_right = {
        name: sum(_same(p.get(name), g.get(name)) for p, g in matched) for name in VALUE_FIELDS
    }
    all_right = sum(all(_same(p.get(n), g.get(n)) for n in VALUE_FIELDS) for p, g in matched)
    extra: dict[str, float | None] = {}
    for name in EXTRA_FIELDS:
        judged = [(p, g) for p, g in matched if name in g]
        extra[name] = (
            _ratio(sum(_same(p.get(name), g[name]) for p, g in judged), len(judged))
            if judged
            else None
        )
    return {
        "tp": tp,
        "fp": len(false_pos),
        "fn": len(false_neg),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "value_accuracy": _ratio(all_right, tp),
        "field_accuracy": {name: _ratio(n, tp) for name, n in field_right.items()},
        "extra_field_accuracy": extra,
        "normalized_accuracy": _ratio(
            sum(_same(p.get("normalized"), g.get("normalized")) for p, g in matched), tp
        ),
    }


def list_figure_misses(
    pred: Sequence[Figure | dict[str, Any]], gold: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Every false positive, false negative and matched span with a wrong field."""
    matched, false_pos, false_neg = _pairs(pred, gold)
    misses: list[dict[str, Any]] = []
    for p in false_pos:
        misses.append(
            {
                "type": "false_positive",
                "start": p["start"],
                "text": p["text"],
                "pred": {n: p.get(n) for n in VALUE_FIELDS},
            }
        )
    for g in false_neg:
        misses.append(
            {
                "type": "false_negative",
                "start": g["start"],
                "text": g["text"],
                "gold": {n: g.get(n) for n in VALUE_FIELDS},
            }
        )
    for p, g in matched:
        wrong = {
            n: {"pred": p.get(n), "gold": g.get(n)}
            for n in (*VALUE_FIELDS, "normalized", *EXTRA_FIELDS)
            if (n in g or n not in EXTRA_FIELDS) and not _same(p.get(n), g.get(n))
        }
        if wrong:
            misses.append(
                {"type": "wrong_value", "start": g["start"], "text": g["text"], "fields": wrong}
            )
    return sorted(misses, key=lambda m: m["start"])


def sum_scores(parts: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Add up tp/fp/fn of per-article scores (micro average inputs)."""
    total = {"tp": 0, "fp": 0, "fn": 0}
    for part in parts:
        for key in total:
            total[key] += part[key]
    return total


def score_corpus(corpus_dir: Path, nlp: Any) -> tuple[dict[str, Any], dict[str, list[dict]]]:
    """Micro-averaged scores over corpus_dir/gold/*.json, plus each article's misses."""
    from pipeline.extract.figures import extract_figures
    from pipeline.ingest import read_article

    preds: list[dict[str, Any]] = []
    golds: list[dict[str, Any]] = []
    misses: dict[str, list[dict]] = {}
    for gold_path in sorted((corpus_dir / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        article = read_article(corpus_dir / gold["path"], root=corpus_dir)
        pred = extract_figures(nlp(article.body))
        # Offsets differ between articles, so tag them with the article to pool them.
        preds += [{**f.to_dict(), "start": (gold["path"], f.start)} for f in pred]
        golds += [{**g, "start": (gold["path"], g["start"])} for g in gold["figures"]]
        article_misses = list_figure_misses(pred, gold["figures"])
        if article_misses:
            misses[gold["path"]] = article_misses
    return score_figures(preds, golds), misses


def main(argv: Sequence[str] | None = None) -> int:
    import spacy

    import pipeline.nlp.figures  # noqa: F401  (registers the component)

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default="corpus", type=Path)
    parser.add_argument(
        "--model", default="", help="spaCy model path (default: blank + sentencizer)"
    )
    args = parser.parse_args(argv)
    if args.model:
        nlp = spacy.load(args.model)
    else:
        nlp = spacy.blank("de")
        nlp.add_pipe("sentencizer")
    scores, misses = score_corpus(args.corpus, nlp)
    print(json.dumps(scores, indent=2, ensure_ascii=False))
    for path, items in misses.items():
        for miss in items:
            print(path, json.dumps(miss, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
