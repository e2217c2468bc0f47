"""Evaluation: score an NER pipeline on a gold DocBin (strict span match, per label P/R/F).

Usage::

    python training/evaluate.py pipeline/models/de_regional_ner \
        --data training/corpus/test.spacy

The gold tokenisation is kept (the pipeline runs on Docs rebuilt from the gold words),
so only the entity decisions are scored. A predicted entity counts as correct when its
start, end and label all equal a gold entity's ("strict", as in CoNLL and GermEval).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

Triple = tuple[int, int, str]


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    """Precision, recall and F1 with their counts; 0.0 where undefined."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f, "tp": tp, "fp": fp, "fn": fn}


def entity_triples(doc: Doc) -> set[Triple]:
    """The doc's entities as ``(start, end, label)`` token offsets."""
    return {(ent.start, ent.end, ent.label_) for ent in doc.ents}


def score_pairs(pairs: Iterable[tuple[Doc, Doc]]) -> dict[str, Any]:
    """Score ``(predicted, gold)`` doc pairs; returns micro P/R/F and ``per_label``."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    n_docs = 0
    for predicted, gold in pairs:
        n_docs += 1
        pred_ents, gold_ents = entity_triples(predicted), entity_triples(gold)
        for *_, label in pred_ents & gold_ents:
            tp[label] += 1
        for *_, label in pred_ents - gold_ents:
            fp[label] += 1
        for *_, label in gold_ents - pred_ents:
            fn[label] += 1
    labels = sorted(set(tp) | set(fp) | set(fn))
    result: dict[str, Any] = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    result["per_label"] = {label: prf(tp[label], fp[label], fn[label]) for label in labels}
    result["n_docs"] = n_docs
    return result


def score_docbin(nlp: Language, path: Path | str) -> dict[str, Any]:
    """Run ``nlp`` over the gold docs in ``path`` and score its entities strictly.

    Returns ``{"p", "r", "f", "tp", "fp", "fn", "n_docs", "per_label": {label: {...}}}``.
    """
    gold_docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    inputs = (
        Doc(nlp.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
        for doc in gold_docs
    )
    return score_pairs(zip(nlp.pipe(inputs), gold_docs, strict=True))


def format_scores(scores: dict[str, Any]) -> str:
    """Render the scores as a fixed-width table, one row per label plus the total."""
    header = f"{'label':<8}{'P':>7}{'R':>7}{'F':>7}{'TP':>6}{'FP':>6}{'FN':>6}"
    rows = [header]
    for label, s in [*scores["per_label"].items(), ("ALL", scores)]:
        rows.append(
            f"{label:<8}{s['p']:>7.3f}{s['r']:>7.3f}{s['f']:>7.3f}"
            f"{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}"
        )
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path, help="pipeline directory (e.g. model-best)")
    parser.add_argument("--data", type=Path, default=Path("training/corpus/test.spacy"))
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    scores = score_docbin(spacy.load(args.model), args.data)
    print(json.dumps(scores, indent=2) if args.json else format_scores(scores))


if __name__ == "__main__":
    main()
