"""Training experiments: run config variants in parallel for a fixed wall-clock budget.

Each variant is ``training/config.cfg`` with a few values changed. All variants train
at once (one process, one thread each) for ``--seconds``; then each ``model-best`` is
scored on the news dev split and a table is printed. Used to fill the experiment table
in ``training/README.md``::

    python training/sweep.py --seconds 600 --out training/output/sweep
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from confection import Config

HERE = Path(__file__).resolve().parent
Edit = Callable[[Config], None]


def set_value(path: str, value: Any) -> Edit:
    """Return an edit that sets a dotted config path (``training.dropout``)."""

    def edit(config: Config) -> None:
        *sections, key = path.split(".")
        node = config
        for section in sections:
            node = node[section]
        node[key] = value

    return edit


def char_embed(config: Config) -> None:
    """Replace the hash embedding by spaCy's character embedding (first/last chars)."""
    config["components"]["tok2vec"]["model"]["embed"] = {
        "@architectures": "spacy.CharacterEmbed.v2",
        "width": "${components.tok2vec.model.encode.width}",
        "rows": 10000,
        "nM": 64,
        "nC": 8,
        "include_static_vectors": False,
        "feature": "NORM",
    }


EMBED = "components.tok2vec.model.embed"
ENCODE = "components.tok2vec.model.encode"
VARIANTS: dict[str, list[Edit]] = {
    "spacy_default": [
        set_value(f"{EMBED}.rows", [5000, 1000, 2500, 2500]),
        set_value("training.dropout", 0.1),
    ],
    "base": [],
    "rows_big": [set_value(f"{EMBED}.rows", [15000, 3000, 6000, 1000])],
    "width128": [set_value(f"{ENCODE}.width", 128)],
    "depth6": [set_value(f"{ENCODE}.depth", 6)],
    "window2": [set_value(f"{ENCODE}.window_size", 2)],
    "hidden128": [set_value("components.ner.model.hidden_width", 128)],
    "dropout25": [set_value("training.dropout", 0.25)],
    "batch2k": [
        set_value("training.batcher.size.start", 200),
        set_value("training.batcher.size.stop", 2000),
    ],
    "lr2e-3": [set_value("training.optimizer.learn_rate", 0.002)],
    "char_embed": [char_embed],
    "no_mobie": [set_value("paths.train", "training/corpus/exp/train_nomobie.spacy")],
    "no_routes": [set_value("paths.train", "training/corpus/exp/train_noroutes.spacy")],
    "attrs_orth": [
        set_value(f"{EMBED}.attrs", ["NORM", "ORTH", "PREFIX", "SUFFIX", "SHAPE"]),
        set_value(f"{EMBED}.rows", [10000, 5000, 2500, 5000, 1000]),
    ],
}


def write_config(base: Path, name: str, edits: Sequence[Edit], out: Path) -> Path:
    """Write the variant's config file and return its path."""
    config = Config().from_disk(base, interpolate=False)
    for edit in edits:
        edit(config)
    path = out / f"{name}.cfg"
    config.to_disk(path)
    return path


def run_all(names: Sequence[str], seconds: int, out: Path, base: Path) -> None:
    """Train all variants at once, kill them after ``seconds``, then score each."""
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    procs: dict[str, subprocess.Popen[bytes]] = {}
    for name in names:
        cfg = write_config(base, name, VARIANTS[name], out)
        log = (out / f"{name}.log").open("wb")
        procs[name] = subprocess.Popen(
            [sys.executable, "-m", "spacy", "train", str(cfg), "--output", str(out / name)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(p.poll() is None for p in procs.values()):
        time.sleep(5)
    for proc in procs.values():
        if proc.poll() is None:
            proc.terminate()
    for proc in procs.values():
        proc.wait()
    sys.path.insert(0, str(HERE))
    import spacy
    from evaluate import score_docbin

    results: dict[str, Any] = {}
    for name in names:
        best = out / name / "model-best"
        if not best.exists():
            results[name] = {"error": "no model-best"}
            continue
        scores = score_docbin(spacy.load(best), HERE / "corpus" / "dev.spacy")
        scores["size_mb"] = round(
            sum(f.stat().st_size for f in best.rglob("*") if f.is_file()) / 1e6, 2
        )
        scores["last_step"] = last_step(out / f"{name}.log")
        results[name] = scores
    (out / "results.json").write_text(json.dumps(results, indent=2))
    print(format_results(results))


def last_step(log: Path) -> int:
    """Return the last evaluated step in a spaCy training log."""
    step = 0
    for line in log.read_text(errors="replace").splitlines():
        parts = line.split()
        if len(parts) > 2 and parts[0].isdigit() and parts[1].isdigit():
            step = int(parts[1])
    return step


def format_results(results: dict[str, Any]) -> str:
    """One row per variant: overall and per-label F1 on news dev, steps, size."""
    labels = ["LOC", "ORG", "PER", "MISC"]
    header = f"{'variant':<14}{'F1':>6}" + "".join(f"{x:>6}" for x in labels) + "  steps  MB"
    rows = [header]
    for name, res in results.items():
        if "error" in res:
            rows.append(f"{name:<14}{res['error']}")
            continue
        per = res["per_label"]
        rows.append(
            f"{name:<14}{res['f']:>6.3f}"
            + "".join(f"{per.get(x, {}).get('f', 0.0):>6.3f}" for x in labels)
            + f"  {res['last_step']:>5}  {res['size_mb']}"
        )
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--out", type=Path, default=Path("training/output/sweep"))
    parser.add_argument("--base", type=Path, default=HERE / "config.cfg")
    parser.add_argument("variants", nargs="*", default=list(VARIANTS))
    args = parser.parse_args(argv)
    run_all(args.variants, args.seconds, args.out, args.base)


if __name__ == "__main__":
    main()
