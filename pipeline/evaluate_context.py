"""Evaluation: score a figure's `measure`, `org` and `place` against offset-only gold.

The gold (e.g. tests/data/econ_dev_figure_context.jsonl) names figures of a gold folder in
econ_dev's layout by file and span; `measure`, `org` and `place` are lists of [start, end]
offsets of the phrase in the text (several when mentions of the same thing are equally
right, e.g. a name and its abbreviation), or empty when the figure has none. A prediction
is right when it is empty for an empty gold, or equals the text at one of the gold spans or
the canonical name the pipeline gave an entity there.

    python -m pipeline.evaluate_context GOLD_FOLDER CONTEXT_GOLD.jsonl
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

FIELDS: tuple[str, ...] = ("measure", "org", "place")


def score_context(folder: Path, gold_path: Path, model: str = "auto") -> dict[str, Any]:
    """Per-field accuracy of measure/org/place on the figures the gold file names."""
    from pipeline.evaluate import load_gold
    from pipeline.nlp.build import resolve_model
    from pipeline.process import ArticleProcessor

    items = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines()]
    articles = {g.article.path: g.article for g in load_gold(folder)}
    wanted = sorted({item["file"] for item in items})
    results = ArticleProcessor(resolve_model(model)).process([articles[f] for f in wanted])
    by_file = dict(zip(wanted, results, strict=True))
    right = dict.fromkeys(FIELDS, 0)
    with_dateline = 0  # place as predicted, the dateline fallback included
    misses: list[dict[str, Any]] = []
    for item in items:
        result = by_file[item["file"]]
        text = result.article.body
        figure = next(
            (f for f in result.figures if (f.start, f.end) == (item["start"], item["end"])), None
        )
        for name in FIELDS:
            pred = getattr(figure, name) if figure is not None else ""
            spans = item[name]
            accepted = {text[s:e] for s, e in spans} | {
                e.canonical for e in result.entities for s, t in spans if (e.start, e.end) == (s, t)
            }
            if name == "place":
                with_dateline += pred == "" if not spans else pred in accepted
                # The gold names the place the figure's own sentence gives; the dateline's
                # place is a fallback, marked in context_from, and counts as no answer here.
                if figure is not None and "dateline" in figure.context_from.split("+"):
                    pred = ""
            ok = pred == "" if not spans else pred in accepted
            right[name] += ok
            if not ok:
                misses.append(
                    {
                        "file": item["file"],
                        "start": item["start"],
                        "field": name,
                        "pred": pred,
                        "gold": sorted(accepted),
                    }
                )
    total = len(items)
    return {
        "figures": total,
        "accuracy": {name: right[name] / total if total else 0.0 for name in FIELDS},
        "place_with_dateline": with_dateline / total if total else 0.0,
        "all": sum(right.values()) / (total * len(FIELDS)) if total else 0.0,
        "misses": misses,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("gold", type=Path)
    parser.add_argument("--model", default="auto")
    args = parser.parse_args(argv)
    scores = score_context(args.folder, args.gold, args.model)
    print(json.dumps(scores, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
