"""Evaluation: score entities (per label P/R/F1, strict and overlap match) and ablate our rules.

``score_entities(pred, gold)`` compares two lists of entities (``Entity`` records or dicts
with label/start/end; a ``doc`` key or a tuple ``start`` keeps articles apart when pooled).
Strict: same start, end and label. Overlap: same label and overlapping characters, each
gold entity matched at most once. ``canonical`` accuracy is reported over strict matches
where the gold has one.

    python -m pipeline.evaluate_entities --model PATH [--docbin training/corpus/dev.spacy]
        [--corpus corpus] [--corpus ../shared/data/eval/econ_dev] [--ablate]

``--ablate`` scores the model alone and then each addition of pipeline.nlp.entity_rules in
turn (and the alternative merge policies), so every rule can be kept or dropped by its
measured effect; the last row is the default configuration.
"""

from __future__ import annotations

import argparse
import functools
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from pipeline.records import Entity

LABELS: tuple[str, ...] = ("LOC", "MISC", "ORG", "PER")
EntityLike = Entity | dict[str, Any]


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def _fields(ent: EntityLike) -> dict[str, Any]:
    return ent.to_dict() if isinstance(ent, Entity) else ent


def _doc_and_offsets(ent: dict[str, Any]) -> tuple[Any, int, int]:
    start, end = ent["start"], ent["end"]
    doc = ent.get("doc")
    if isinstance(start, tuple):  # (article, offset), as evaluate_figures pools them
        doc, start = start
        end = end[1] if isinstance(end, tuple) else end
    return doc, int(start), int(end)


def score_entities(pred: Sequence[EntityLike], gold: Sequence[EntityLike]) -> dict[str, Any]:
    """Per-label and overall P/R/F1 under strict and overlap match.

    Returns ``{label: {"strict": {...}, "overlap": {...}}, ..., "ALL": {...},
    "canonical": {"correct", "total", "accuracy"}}``.
    """
    preds = [(_doc_and_offsets(p), _fields(p)) for p in map(_fields, pred)]
    golds = [(_doc_and_offsets(g), _fields(g)) for g in map(_fields, gold)]
    labels = sorted({f["label"] for _, f in preds} | {f["label"] for _, f in golds} | set(LABELS))
    gold_strict = {(d, s, e, f["label"]): f for (d, s, e), f in golds}
    result: dict[str, Any] = {}
    totals = {"strict": [0, 0, 0], "overlap": [0, 0, 0]}
    canon_ok = canon_total = 0
    for label in labels:
        p_items = [(k, f) for k, f in preds if f["label"] == label]
        g_items = [(k, f) for k, f in golds if f["label"] == label]
        p_keys = {(d, s, e) for (d, s, e), _ in p_items}
        g_keys = {(d, s, e) for (d, s, e), _ in g_items}
        tp = len(p_keys & g_keys)
        strict = (tp, len(p_keys) - tp, len(g_keys) - tp)
        for key, f in p_items:
            g = gold_strict.get((*key, label))
            if g is not None and g.get("canonical"):
                canon_total += 1
                canon_ok += int(f.get("canonical", "") == g["canonical"])
        # Overlap: greedy one-to-one, gold in text order.
        used: set[tuple[Any, int, int]] = set()
        otp = 0
        for gk in sorted(g_keys, key=lambda k: (str(k[0]), k[1])):
            for pk in sorted(p_keys, key=lambda k: (str(k[0]), k[1])):
                if pk not in used and pk[0] == gk[0] and pk[1] < gk[2] and gk[1] < pk[2]:
                    used.add(pk)
                    otp += 1
                    break
        overlap = (otp, len(p_keys) - otp, len(g_keys) - otp)
        result[label] = {"strict": _prf(*strict), "overlap": _prf(*overlap)}
        for name, counts in (("strict", strict), ("overlap", overlap)):
            totals[name] = [a + b for a, b in zip(totals[name], counts, strict=True)]
    result["ALL"] = {name: _prf(*counts) for name, counts in totals.items()}
    result["canonical"] = {
        "correct": canon_ok,
        "total": canon_total,
        "accuracy": round(canon_ok / canon_total, 4) if canon_total else 0.0,
    }
    return result


def docbin_entities(nlp: Any, path: Path | str) -> tuple[list[dict], list[dict]]:
    """Run `nlp` on the gold tokens of a DocBin; predicted and gold entities, pooled."""
    from spacy.tokens import Doc, DocBin

    gold_docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    inputs = (
        Doc(nlp.vocab, words=[t.text for t in d], spaces=[bool(t.whitespace_) for t in d])
        for d in gold_docs
    )
    pred: list[dict] = []
    gold: list[dict] = []
    for i, (doc, ref) in enumerate(zip(nlp.pipe(inputs), gold_docs, strict=True)):
        pred += [_span_dict(e, i) for e in doc.ents]
        gold += [_span_dict(e, i) for e in ref.ents]
    return pred, gold


def _span_dict(span: Any, doc_id: Any) -> dict[str, Any]:
    return {
        "doc": doc_id,
        "label": span.label_,
        "start": span.start_char,
        "end": span.end_char,
        "text": span.text,
    }


def corpus_entities(nlp: Any, corpus_dir: Path) -> tuple[list[dict], list[dict]]:
    """Entities extracted from every gold article of corpus_dir, pooled.

    Either layout `article-pipeline evaluate` reads: corpus_dir/gold/*.json, or a gold
    folder (texts/ plus gold.jsonl); optional gold spans are neither rewarded nor punished.
    """
    from pipeline.evaluate import drop_optional, load_gold
    from pipeline.extract.entities import extract_entities

    pred: list[dict] = []
    gold: list[dict] = []
    for item in load_gold(corpus_dir):
        path = item.article.path
        doc = nlp(item.article.body)
        found, wanted = drop_optional(
            [e.to_dict() for e in extract_entities(doc)], list(item.entities)
        )
        pred += [{**e, "doc": path} for e in found]
        gold += [{**g, "doc": path} for g in wanted]
    return pred, gold


def list_entity_misses(pred: Sequence[dict], gold: Sequence[dict]) -> list[dict[str, Any]]:
    """Strict false positives and false negatives, for reading through."""
    p = {(e.get("doc"), e["start"], e["end"], e["label"]): e for e in pred}
    g = {(e.get("doc"), e["start"], e["end"], e["label"]): e for e in gold}
    misses = [{"type": "fp", **p[k]} for k in p.keys() - g.keys()]
    misses += [{"type": "fn", **g[k]} for k in g.keys() - p.keys()]
    return sorted(misses, key=lambda m: (str(m.get("doc")), m["start"]))


# Each step switches on one more addition, in the order the components apply them; steps
# marked False try an alternative (another merge policy, a rule that did not pay) and are
# switched back afterwards.
# The last kept step is the components' default configuration.
ABLATION_STEPS: tuple[tuple[str, dict[str, dict[str, Any]], bool], ...] = (
    ("model only", {}, True),
    ("+ org rules, fill gaps", {"german_entity_rules": {"rule_merge": "fill"}}, False),
    ("+ org rules, overwrite", {"german_entity_rules": {"rule_merge": "overwrite"}}, False),
    ("+ org rules, extend", {"german_entity_rules": {"rule_merge": "extend"}}, True),
    ("+ abbreviations", {"german_entity_rules": {"abbreviations": True}}, True),
    ("+ CamelCase (dropped)", {"german_entity_rules": {"camel_case": True}}, False),
    ("+ ALL CAPS (dropped)", {"german_entity_rules": {"all_caps": True}}, False),
    ("+ surname propagation", {"german_entity_rules": {"propagate_names": True}}, True),
    ("+ gazetteer, fill gaps", {"german_entity_rules": {"gazetteer_merge": "fill"}}, False),
    ("+ gazetteer, extend", {"german_entity_rules": {"gazetteer_merge": "extend"}}, True),
    ("+ filter: edges", {"german_entity_filter": {"strip_edges": True}}, True),
    ("+ filter: person titles", {"german_entity_filter": {"person_prefixes": True}}, True),
    ("+ filter: dates", {"german_entity_filter": {"date_words": True}}, True),
    ("+ filter: common nouns", {"german_entity_filter": {"common_nouns": True}}, True),
    ("+ filter: currency names", {"german_entity_filter": {"currency_names": True}}, True),
    ("+ cues: organisations", {"german_entity_cues": {"org_cues": True}}, True),
    ("+ cues: persons", {"german_entity_cues": {"person_cues": True}}, True),
    ("+ cues: media", {"german_entity_cues": {"media_cues": True}}, True),
    ("+ cues: party in brackets", {"german_entity_cues": {"bracket_parties": True}}, True),
    ("+ ROR research organisations (dropped)", {"german_org_gazetteer": {"match": True}}, False),
    ("+ consistency: label votes", {"german_entity_consistency": {"resolve_labels": True}}, True),
    ("+ consistency: common nouns", {"german_entity_consistency": {"common_nouns": True}}, True),
    ("+ consistency: propagation", {"german_entity_consistency": {"propagate": True}}, True),
)
_ALL_OFF: dict[str, dict[str, Any]] = {
    "german_entity_rules": {
        "rule_merge": "off",
        "gazetteer_merge": "off",
        "abbreviations": False,
        "camel_case": False,
        "all_caps": False,
        "propagate_names": False,
    },
    "german_entity_filter": {
        "strip_edges": False,
        "person_prefixes": False,
        "date_words": False,
        "common_nouns": False,
        "currency_names": False,
    },
    "german_entity_cues": {
        "org_cues": False,
        "person_cues": False,
        "media_cues": False,
        "bracket_parties": False,
    },
    "german_org_gazetteer": {"match": False},
    "german_entity_consistency": {
        "resolve_labels": False,
        "common_nouns": False,
        "propagate": False,
    },
}


def run_ablation(
    nlp: Any,
    score: Callable[[Any], dict[str, Any]],
    steps: Iterable[tuple[str, dict[str, dict[str, Any]], bool]] = ABLATION_STEPS,
) -> list[tuple[str, dict[str, Any]]]:
    """Score `nlp` with everything off, then after each step; settings are restored after."""
    saved = {p: {k: getattr(nlp.get_pipe(p), k) for k in c} for p, c in _ALL_OFF.items()}
    _apply(nlp, _ALL_OFF)
    rows = []
    for name, change, keep in steps:
        before = {p: {k: getattr(nlp.get_pipe(p), k) for k in c} for p, c in change.items()}
        _apply(nlp, change)
        rows.append((name, score(nlp)))
        if not keep:
            _apply(nlp, before)
    _apply(nlp, saved)
    return rows


def _apply(nlp: Any, settings: dict[str, dict[str, Any]]) -> None:
    for pipe, values in settings.items():
        for key, value in values.items():
            setattr(nlp.get_pipe(pipe), key, value)


def format_row(name: str, scores: dict[str, Any]) -> str:
    cells = [f"{scores[label]['strict']['f']:.3f}" for label in LABELS]
    all_s = scores["ALL"]
    canon = scores["canonical"]
    return (
        f"| {name} | "
        + " | ".join(cells)
        + f" | {all_s['strict']['p']:.3f} | {all_s['strict']['r']:.3f}"
        + f" | {all_s['strict']['f']:.3f} | {all_s['overlap']['f']:.3f}"
        + f" | {canon['accuracy']:.3f} |"
    )


def _docbin_of(nlp: Any, *, path: Path) -> tuple[list[dict], list[dict]]:
    return docbin_entities(nlp, path)


def _corpus_of(nlp: Any, *, corpus_dir: Path) -> tuple[list[dict], list[dict]]:
    return corpus_entities(nlp, corpus_dir)


def _score_with(
    nlp: Any, *, extract: Callable[[Any], tuple[list[dict], list[dict]]]
) -> dict[str, Any]:
    return score_entities(*extract(nlp))


def main(argv: Sequence[str] | None = None) -> int:
    import spacy

    from pipeline.nlp.entity_rules import add_entity_components

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="spaCy pipeline (path or package)")
    parser.add_argument(
        "--docbin",
        type=Path,
        action="append",
        default=[],
        help="gold DocBin(s), e.g. training/corpus/dev.spacy",
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        action="append",
        default=[],
        help="folder with gold/*.json, or a gold folder (texts/ plus gold.jsonl)",
    )
    parser.add_argument("--ablate", action="store_true", help="score each addition in turn")
    parser.add_argument("--misses", action="store_true", help="list corpus misses")
    args = parser.parse_args(argv)
    nlp = spacy.load(args.model, exclude=["lemmatizer"])
    add_entity_components(nlp)
    targets: list[tuple[str, Callable[[Any], tuple[list[dict], list[dict]]]]] = [
        (str(path), functools.partial(_docbin_of, path=path)) for path in args.docbin
    ]
    for corpus in args.corpus:
        targets.append((f"{corpus} (gold)", functools.partial(_corpus_of, corpus_dir=corpus)))
    header = (
        "| step | "
        + " | ".join(LABELS)
        + " | ALL P | ALL R | ALL strict | ALL overlap | canonical |"
    )
    for title, extract in targets:
        print(f"\n{title} (F1, strict unless noted)\n{header}\n|" + "---|" * 10)
        if args.ablate:
            scorer = functools.partial(_score_with, extract=extract)
            for name, scores in run_ablation(nlp, scorer):
                print(format_row(name, scores))
        pred, gold = extract(nlp)
        print(format_row("final", score_entities(pred, gold)))
        if args.misses:
            for miss in list_entity_misses(pred, gold):
                print(json.dumps(miss, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
