"""Training recipe: convert the data, train with spaCy, package the model into the project.

Usage (from the project root)::

    python training/train.py --data ../shared/data/ner

Steps: ``convert.py`` -> ``spacy train training/config.cfg`` -> copy ``model-best`` to
``pipeline/models/de_regional_ner/`` with a ``meta.json`` that names the sources, the
licence and the scores on the news dev and held-out news test splits.
``--skip-train`` packages an existing ``--output`` folder again (e.g. after an edit of
the meta fields) without training.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from confection import Config

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from convert import convert, format_counts  # noqa: E402
from evaluate import format_scores, score_docbin  # noqa: E402

MODEL_NAME = "de_regional_ner"
MODEL_VERSION = "0.1.0"
DESCRIPTION = (
    "German NER (ORG, LOC, PER, MISC) for regional-economy news: spaCy CPU pipeline "
    "(hash-embedding tok2vec + transition-based NER, no pretrained vectors), trained on "
    "GermEval 2014 and MobIE."
)
SOURCES: list[dict[str, str]] = [
    {
        "name": "GermEval 2014 NER (NoSta-D)",
        "author": "Darina Benikova, Chris Biemann, Marc Reznicek",
        "citation": "Benikova, Biemann, Reznicek (2014): NoSta-D Named Entity Annotation "
        "for German: Guidelines and Dataset. LREC 2014.",
        "url": "https://sites.google.com/site/germeval2014ner/",
        "license": "CC BY 4.0",
    },
    {
        "name": "MobIE",
        "author": "Leonhard Hennig, Phuc Tran Truong, Aleksandra Gabryszak",
        "citation": "Hennig, Truong, Gabryszak (2021): MobIE: A German Dataset for Named "
        "Entity Recognition, Entity Linking and Relation Extraction in the Mobility "
        "Domain. KONVENS 2021.",
        "url": "https://github.com/DFKI-NLP/MobIE",
        "license": "CC BY 4.0",
    },
]


def train(config: Path, corpus: Path, output: Path) -> float:
    """Run ``spacy train`` in a subprocess; return the wall-clock seconds it took."""
    start = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "spacy",
            "train",
            str(config),
            "--output",
            str(output),
            "--paths.train",
            str(corpus / "train.spacy"),
            "--paths.dev",
            str(corpus / "dev.spacy"),
        ],
        check=True,
    )
    return time.monotonic() - start


def rounded(scores: dict[str, Any]) -> dict[str, Any]:
    """Keep P/R/F (3 decimals) and counts, per label and overall."""
    keep = ("p", "r", "f", "tp", "fp", "fn")

    def pick(s: dict[str, Any]) -> dict[str, Any]:
        return {k: round(s[k], 3) if isinstance(s[k], float) else s[k] for k in keep}

    return {**pick(scores), "per_label": {k: pick(v) for k, v in scores["per_label"].items()}}


def package(
    model_best: Path, corpus: Path, target: Path, train_seconds: float | None
) -> dict[str, Any]:
    """Copy ``model_best`` to ``target``, slim it and write meta.json with scores."""
    import spacy

    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(model_best, target)
    # The training vocabulary's strings are not needed to run the model (features are
    # hashes, labels live in the NER moves); dropping them saves ~2.6 MB.
    (target / "vocab" / "strings.json").write_text("[]", encoding="utf-8")
    # Training-only settings: the corpus paths point into training/corpus/.
    config = Config().from_disk(target / "config.cfg", interpolate=False)
    for key in ("train", "dev"):
        config["paths"][key] = None
    config.to_disk(target / "config.cfg")
    nlp = spacy.load(target)
    performance: dict[str, Any] = {
        "evaluation": "strict span match (start, end, label) on gold tokens; "
        "GermEval 2014 dev sentences from news sites, split by source URL",
    }
    for split in ("dev", "test"):
        scores = score_docbin(nlp, corpus / f"{split}.spacy")
        print(f"\n{split} (news):\n{format_scores(scores)}")
        performance[f"news_{split}"] = rounded(scores)
    meta_path = target / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.pop("performance", None)
    meta.update(
        {
            "name": MODEL_NAME,
            "version": MODEL_VERSION,
            "description": DESCRIPTION,
            "author": "article-pipeline team",
            "license": "CC BY 4.0",
            "sources": SOURCES,
            "performance": performance,
        }
    )
    if train_seconds is not None:
        meta["training_seconds"] = round(train_seconds)
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return meta


def main(argv: Sequence[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="folder with germeval2014/ and mobie/")
    parser.add_argument("--config", type=Path, default=HERE / "config.cfg")
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--output", type=Path, default=HERE / "output" / "final")
    parser.add_argument("--target", type=Path, default=ROOT / "pipeline" / "models" / MODEL_NAME)
    parser.add_argument("--skip-train", action="store_true", help="package --output only")
    args = parser.parse_args(argv)
    seconds: float | None = None
    if not args.skip_train:
        if args.data is None:
            parser.error("--data is required unless --skip-train is given")
        print(format_counts(convert(args.data, args.corpus)))
        seconds = train(args.config, args.corpus, args.output)
        print(f"training took {seconds / 60:.1f} min")
    package(args.output / "model-best", args.corpus, args.target, seconds)
    print(f"packaged {args.target}")


if __name__ == "__main__":
    main()
