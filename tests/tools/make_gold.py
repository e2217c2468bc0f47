"""Build and check the hand-made gold annotation of the sample corpus (`corpus/`).

The annotator writes each article once, with inline markup, in a source folder outside
the corpus (one file per article, named like the corpus file plus ``.src``)::

    [[surface|LABEL]]                      entity, canonical = surface
    [[surface|LABEL|canonical]]            entity with a different base form
    {{surface|kind|qualifier|unit|nums}}   figure (see docs/ANNOTATION.md)
    {{surface|kind|qualifier|unit|nums|direction|measure}}   with direction (up, down or
                                           empty) and measure (empty when left out)

``nums`` by qualifier: exact/approx ``v``; min ``v`` (value_min); max ``v`` (value_max);
range ``a;b``; change ``v;a;b``; vague (empty). For kind ``date`` ``nums`` is the ISO
``normalized`` string and the three values stay empty.

``build`` strips the markup, writes the article (txt/md in the encoding named in
``_meta.json``; html from the template named there) and the gold JSON, whose offsets are
computed, never typed. For HTML the offsets are mapped into ``read_article(...).body`` of
``pipeline.ingest``. ``check`` validates every gold file against the corpus and prints
totals.

    python tests/tools/make_gold.py build SRC_DIR corpus
    python tests/tools/make_gold.py check corpus
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

LABELS = {"ORG", "LOC", "PER", "MISC"}
QUALIFIERS = {"exact", "approx", "min", "max", "range", "change", "vague"}
KINDS = {"count", "money", "percent", "percent_points", "measure", "year", "date", "number"}
# Every ISO 4217 code CLDR knows (babel): foreign currencies are units too.
CURRENCIES = set(__import__("babel.numbers", fromlist=["list_currencies"]).list_currencies())
MEASURES = {"km", "m", "m²", "km²", "ha", "t", "kg", "MW", "GW", "kW", "MWh", "GWh", "kWh", "l"}
TEXT_SUFFIXES = {".txt", ".md"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | {".html", ".htm"}

MARKUP = re.compile(r"\[\[(?P<ent>[^\]]+)\]\]|\{\{(?P<fig>[^}]+)\}\}")

NUMBER_WORDS = (
    "zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|dreizehn|vierzehn|fünfzehn|"
    "zwanzig|dreißig|vierzig|fünfzig|hundert|tausend|Dutzend|Dutzende|Hunderte|Tausende|"
    "Million|Millionen|Milliarde|Milliarden|anderthalb|eineinhalb|doppelt|Hälfte|Drittel"
)


def _num(text: str) -> float | None:
    return None if text == "" else float(text)


def parse_source(src: str) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
    """Strip the inline markup; return the plain text, its entities and figures."""
    out: list[str] = []
    pos = 0
    length = 0
    entities: list[dict[str, Any]] = []
    figures: list[dict[str, Any]] = []
    for m in MARKUP.finditer(src):
        plain = src[pos : m.start()]
        out.append(plain)
        length += len(plain)
        pos = m.end()
        if m.group("ent") is not None:
            parts = m.group("ent").split("|")
            if len(parts) not in (2, 3):
                raise ValueError(f"bad entity markup: {m.group(0)!r}")
            surface, label = parts[0], parts[1]
            canonical = parts[2] if len(parts) == 3 else surface
            entities.append(
                {
                    "text": surface,
                    "start": length,
                    "end": length + len(surface),
                    "label": label,
                    "canonical": canonical,
                }
            )
        else:
            parts = m.group("fig").split("|")
            if len(parts) not in (5, 6, 7):
                raise ValueError(f"bad figure markup: {m.group(0)!r}")
            surface, kind, qual, unit, nums = parts[:5]
            direction = parts[5] if len(parts) > 5 else ""
            measure = parts[6] if len(parts) > 6 else ""
            fig: dict[str, Any] = {
                "text": surface,
                "start": length,
                "end": length + len(surface),
                "value": None,
                "value_min": None,
                "value_max": None,
                "qualifier": qual,
                "unit": unit,
                "kind": kind,
                "normalized": "",
                "direction": direction,
                "measure": measure,
            }
            vals = [_num(x) for x in nums.split(";")] if kind != "date" else []
            if kind == "date":
                fig["normalized"] = nums
            elif qual in ("exact", "approx"):
                fig["value"] = fig["value_min"] = fig["value_max"] = vals[0]
            elif qual == "min":
                fig["value_min"] = vals[0]
            elif qual == "max":
                fig["value_max"] = vals[0]
            elif qual == "range":
                fig["value_min"], fig["value_max"] = vals
            elif qual == "change":
                fig["value"], fig["value_min"], fig["value_max"] = vals
            elif qual != "vague":
                raise ValueError(f"bad qualifier in {m.group(0)!r}")
            figures.append(fig)
        length += len(surface)
        out.append(surface)
    out.append(src[pos:])
    return "".join(out), entities, figures


def gold_name(rel: str) -> str:
    """`ruhr/bochum-it.txt` -> `ruhr__bochum-it.json`."""
    stem = rel.rsplit(".", 1)[0]
    return stem.replace("/", "__") + ".json"


def decode_bytes(raw: bytes, encoding: str | None = None) -> str:
    if encoding:
        return raw.decode(encoding)
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def read_body(path: Path, root: Path) -> str:
    """The article text as the pipeline sees it; own decoding for txt/md as a fallback."""
    try:
        from pipeline.ingest import read_article
    except ImportError:
        pass
    else:
        return str(read_article(path, root).body)
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise RuntimeError(f"{path}: HTML needs pipeline.ingest.read_article")
    return decode_bytes(path.read_bytes())


def map_into_body(
    plain: str, body: str, spans: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[str]]:
    """Shift spans of `plain` into `body`, line by line (HTML: the extractor's text)."""
    shifted: list[dict[str, Any]] = []
    problems: list[str] = []
    line_start = 0
    search_from = 0
    for line in plain.split("\n"):
        line_end = line_start + len(line)
        inside = [s for s in spans if line_start <= s["start"] and s["end"] <= line_end]
        if line.strip():
            at = body.find(line, search_from)
            if at < 0:
                if inside:
                    problems.append(f"line not in body ({len(inside)} spans lost): {line[:70]!r}")
            else:
                search_from = at + len(line)
                for s in inside:
                    t = dict(s)
                    t["start"] = s["start"] - line_start + at
                    t["end"] = s["end"] - line_start + at
                    shifted.append(t)
        line_start = line_end + 1
    return shifted, problems


def html_page(plain: str, template: str) -> str:
    from html import escape

    lines = [x for x in plain.split("\n")]
    headline = lines[0]
    paras = [x for x in lines[1:] if x.strip()]
    body = "\n".join(f"      <p>{escape(p, quote=False)}</p>" for p in paras)
    return template.replace("{{TITLE}}", escape(headline, quote=False)).replace("{{BODY}}", body)


def review(rel: str, plain: str, ents: list[dict[str, Any]], figs: list[dict[str, Any]]) -> None:
    """Print candidates for omissions: digits and number words outside figure spans,
    and unannotated repeats of annotated entity strings."""
    covered = [(f["start"], f["end"]) for f in figs]
    ecovered = [(e["start"], e["end"]) for e in ents]

    def inside(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
        return any(s <= a and b <= e for s, e in spans)

    pat = re.compile(r"\d+|\b(?:" + NUMBER_WORDS + r")\w*", re.IGNORECASE)
    for m in pat.finditer(plain):
        if not inside(m.start(), m.end(), covered) and not inside(m.start(), m.end(), ecovered):
            ctx = plain[max(0, m.start() - 25) : m.end() + 25].replace("\n", " ")
            print(f"  [{rel}] not a figure? {m.group(0)!r}: ...{ctx}...")
    for text in sorted({e["text"] for e in ents}):
        for m in re.finditer(r"(?<!\w)" + re.escape(text) + r"(?![\w-])", plain):
            if not inside(m.start(), m.end(), ecovered):
                ctx = plain[max(0, m.start() - 25) : m.end() + 25].replace("\n", " ")
                print(f"  [{rel}] unannotated repeat {text!r}: ...{ctx}...")


def build(src_dir: Path, corpus: Path) -> None:
    meta: dict[str, dict[str, str]] = json.loads((src_dir / "_meta.json").read_text("utf-8"))
    (corpus / "gold").mkdir(parents=True, exist_ok=True)
    for src in sorted(src_dir.rglob("*.src")):
        rel = src.relative_to(src_dir).as_posix()[: -len(".src")]
        info = meta.get(rel, {})
        plain, ents, figs = parse_source(src.read_text("utf-8"))
        if not plain.endswith("\n"):
            plain += "\n"
        review(rel, plain, ents, figs)
        target = corpus / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.suffix in TEXT_SUFFIXES:
            enc = info.get("encoding", "utf-8")
            target.write_bytes(plain.encode(enc))
            body = plain
        else:
            template = (src_dir / info["template"]).read_text("utf-8")
            target.write_text(html_page(plain, template), encoding="utf-8")
            try:
                body = read_body(target, corpus)
            except (RuntimeError, ImportError) as exc:
                print(f"  [{rel}] gold not written: {exc}")
                continue
            ents, p1 = map_into_body(plain, body, ents)
            figs, p2 = map_into_body(plain, body, figs)
            for p in p1 + p2:
                print(f"  [{rel}] {p}")
        gold = {"path": rel, "entities": ents, "figures": figs}
        out = corpus / "gold" / gold_name(rel)
        out.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{rel}: {len(body.split())} words, {len(ents)} entities, {len(figs)} figures")


def check_figure(f: dict[str, Any]) -> list[str]:
    errs: list[str] = []
    keys = [
        "text",
        "start",
        "end",
        "value",
        "value_min",
        "value_max",
        "qualifier",
        "unit",
        "kind",
        "normalized",
    ]
    for k in keys:
        if k not in f:
            errs.append(f"missing {k}")
    if errs:
        return errs
    q, kind, unit = f["qualifier"], f["kind"], f["unit"]
    v, lo, hi = f["value"], f["value_min"], f["value_max"]
    if q not in QUALIFIERS:
        errs.append(f"qualifier {q}")
    if kind not in KINDS:
        errs.append(f"kind {kind}")
    if kind == "date":
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?|--\d{2}-\d{2}", f["normalized"]):
            errs.append("date needs ISO normalized")
        if unit:
            errs.append("date has a unit")
        return errs
    if f["normalized"]:
        errs.append("normalized only for dates")
    if q in ("exact", "approx") and not (v is not None and v == lo == hi):
        errs.append("exact/approx needs value == min == max")
    if q == "min" and not (v is None and lo is not None and hi is None):
        errs.append("min needs only value_min")
    if q == "max" and not (v is None and lo is None and hi is not None):
        errs.append("max needs only value_max")
    if q == "range" and not (v is None and lo is not None and hi is not None and lo < hi):
        errs.append("range needs min < max")
    if q == "change" and not (v is not None and lo is not None and hi is not None and lo <= hi):
        errs.append("change needs value, min <= max")
    if q == "vague" and not (v is None and lo is None and hi is None):
        errs.append("vague has no values")
    if kind == "money" and unit not in CURRENCIES:
        errs.append(f"money unit {unit}")
    if kind == "percent" and unit != "%":
        errs.append("percent unit")
    if kind == "percent_points" and unit != "pp":
        errs.append("pp unit")
    if kind == "measure" and unit not in MEASURES:
        errs.append(f"measure unit {unit}")
    if kind == "count" and not unit:
        errs.append("count needs the counted noun")
    if kind in ("year", "number") and unit:
        errs.append(f"{kind} has no unit")
    if f.get("direction", "") not in ("", "up", "down"):
        errs.append(f"direction {f['direction']}")
    if f.get("measure") and kind in ("count", "year", "date"):
        errs.append(f"{kind} has no measure")
    return errs


def check(corpus: Path) -> int:
    n_err = 0
    labels: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    quals: Counter[str] = Counter()
    articles = sorted(
        p
        for p in corpus.rglob("*")
        if p.is_file()
        and p.suffix.lower() in ARTICLE_SUFFIXES
        and "gold" not in p.relative_to(corpus).parts
        and p.name != "README.md"
    )
    gold_files = {p.name for p in (corpus / "gold").glob("*.json")}
    expected = {gold_name(p.relative_to(corpus).as_posix()) for p in articles}
    for extra in sorted(gold_files - expected):
        print(f"gold without article: {extra}")
        n_err += 1
    words = 0
    for path in articles:
        rel = path.relative_to(corpus).as_posix()
        gpath = corpus / "gold" / gold_name(rel)
        if not gpath.exists():
            print(f"{rel}: no gold")
            n_err += 1
            continue
        gold = json.loads(gpath.read_text("utf-8"))
        body = read_body(path, corpus)
        words += len(body.split())
        if gold.get("path") != rel:
            print(f"{rel}: gold path {gold.get('path')!r}")
            n_err += 1
        for e in gold["entities"]:
            labels[e["label"]] += 1
            bad = []
            if body[e["start"] : e["end"]] != e["text"]:
                bad.append(f"span {body[e['start'] : e['end']]!r}")
            if e["label"] not in LABELS:
                bad.append(f"label {e['label']}")
            if not e.get("canonical"):
                bad.append("no canonical")
            if e["text"] != e["text"].strip():
                bad.append("whitespace at span edge")
            for b in bad:
                print(f"{rel}: entity {e['text']!r}@{e['start']}: {b}")
                n_err += 1
        for f in gold["figures"]:
            kinds[f["kind"]] += 1
            quals[f["qualifier"]] += 1
            bad = check_figure(f)
            if body[f["start"] : f["end"]] != f["text"]:
                bad.append(f"span {body[f['start'] : f['end']]!r}")
            for b in bad:
                print(f"{rel}: figure {f['text']!r}@{f['start']}: {b}")
                n_err += 1
        spans = sorted(
            [(e["start"], e["end"], e["text"]) for e in gold["entities"]]
            + [(f["start"], f["end"], f["text"]) for f in gold["figures"]]
        )
        for left, right in zip(spans, spans[1:], strict=False):
            if right[0] < left[1]:
                print(f"{rel}: overlapping spans {left} {right}")
                n_err += 1
    print(f"articles: {len(articles)}, words: {words}")
    print(f"entities: {sum(labels.values())} {dict(sorted(labels.items()))}")
    print(f"figures: {sum(kinds.values())} by kind {dict(sorted(kinds.items()))}")
    print(f"figures by qualifier {dict(sorted(quals.items()))}")
    print("OK" if n_err == 0 else f"{n_err} problems")
    return 0 if n_err == 0 else 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("src_dir", type=Path)
    b.add_argument("corpus", type=Path)
    c = sub.add_parser("check")
    c.add_argument("corpus", type=Path)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    if args.cmd == "build":
        build(args.src_dir, args.corpus)
        return 0
    return check(args.corpus)


if __name__ == "__main__":
    raise SystemExit(main())
