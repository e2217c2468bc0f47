"""Training recipe: convert the data, train with spaCy, package the model into the project.

Usage (from the project root)::

    python training/train.py --data ../shared/data/ner

Steps: ``convert.py`` -> ``vectors.py`` (floret vectors from ``../shared/data/text``,
cached in ``training/output/vectors``) -> ``spacy train`` with the shipped variant of
``training/ablation.py`` (``config.cfg`` plus Brown clusters and the floret vectors) ->
copy ``model-best`` to ``pipeline/models/de_regional_ner/`` with a ``meta.json`` that
names the sources, the licences and the scores on the news dev and held-out news test
splits.
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

from ablation import SHIPPED, VARIANTS, train_config  # noqa: E402
from convert import convert, format_counts  # noqa: E402
from evaluate import format_scores, score_docbin  # noqa: E402

MODEL_NAME = "de_regional_ner"
MODEL_VERSION = "0.2.0"
DESCRIPTION = (
    "German NER (ORG, LOC, PER, MISC) for regional-economy news: spaCy CPU pipeline "
    "(hash-embedding tok2vec with Brown-cluster features and floret subword vectors + "
    "transition-based NER), trained on GermEval 2014 and MobIE."
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
    {
        "name": "spacy-lookups-data: de_lexeme_cluster (Brown clusters)",
        "author": "Explosion AI",
        "citation": "Brown word clusters for 1,000,001 German word forms from spaCy's "
        "lexical data package; the 500,000 most frequent (by de_lexeme_prob) are in "
        "vocab/lookups.bin.",
        "url": "https://github.com/explosion/spacy-lookups-data",
        "license": "MIT",
    },
    {
        "name": "floret vectors: German federal laws (bundestag/gesetze)",
        "author": "Bundesrepublik Deutschland (gesetze-im-internet.de); bundestag/gesetze",
        "citation": "First 5 M tokens of the laws and ordinances as Markdown, text for the "
        "floret vectors only.",
        "url": "https://github.com/bundestag/gesetze",
        "license": "public domain (official works, section 5 UrhG); repository Unlicense",
    },
    {
        "name": "floret vectors: German Drama Corpus (GerDraCor)",
        "author": "DraCor (dracor-org)",
        "citation": "Plays from the 1500s to the 1940s, text for the floret vectors only.",
        "url": "https://github.com/dracor-org/gerdracor",
        "license": "CC0",
    },
    {
        "name": "floret vectors: ELTeC-deu level 1",
        "author": "COST Action 16204 Distant Reading for European Literary History (ELTeC)",
        "citation": "German novels 1840-1920 (98 of 100), text for the floret vectors only; "
        "texts public domain, markup CC BY 4.0.",
        "url": "https://github.com/COST-ELTeC/ELTeC-deu",
        "license": "public domain texts; CC BY 4.0 markup (COST Action 16204)",
    },
    {
        "name": "floret",
        "author": "Explosion AI (fastText fork)",
        "citation": "Software used to train the subword vectors.",
        "url": "https://github.com/explosion/floret",
        "license": "MIT",
    },
]


def prepare(variant: str, data: Path, corpus: Path) -> None:
    """Build what the variant's config points at: Europeana train file, vectors, pretraining."""
    overrides = VARIANTS[variant][1]
    if "paths.train" in overrides:
        folder = Path(overrides["paths.train"]).parent
        print(format_counts(convert(data, folder, europeana=True)))
    if "paths.vectors" in overrides:
        vectors = [sys.executable, str(HERE / "vectors.py"), "--corpus", str(corpus)]
        subprocess.run(vectors, check=True)
    if "paths.init_tok2vec" in overrides:
        pretrain = [sys.executable, str(HERE / "pretrain.py"), "--variant", variant]
        subprocess.run(pretrain, check=True)


def train(variant: str, corpus: Path, output: Path) -> float:
    """Run ``spacy train`` on the variant's config in a subprocess; return the seconds."""
    return train_config(variant, corpus, output)

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
    from pipeline.nlp.cluster_embed import move_table_into_layer

    trained = spacy.load(target)
    if move_table_into_layer(trained):  # clusters into the tok2vec's attrs (fast to load)
        trained.to_disk(target)
    # The training vocabulary's strings are not needed to run the model (features are
    # hashes, labels live in the NER moves); dropping them saves ~2.6 MB.
    (target / "vocab" / "strings.json").write_text("[]", encoding="utf-8")
    # Training-only settings: the corpus paths point into training/corpus/.
    config = Config().from_disk(target / "config.cfg", interpolate=False)
    for key in ("train", "dev", "vectors", "init_tok2vec"):
        if key in config["paths"]:
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
    parser.add_argument("--variant", default=SHIPPED, choices=sorted(VARIANTS))
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--output", type=Path, default=HERE / "output" / "final")
    parser.add_argument("--target", type=Path, default=ROOT / "pipeline" / "models" / MODEL_NAME)
    parser.add_argument("--skip-train", action="store_true", help="package --output only")
    args = parser.parse_args(argv)
    seconds: float | None = None
    if not args.skip_train:
        if args.data is None:
            parser.error("--data is required unless --skip-train is given")
        start = time.monotonic()
        print(format_counts(convert(args.data, args.corpus)))
        prepare(args.variant, args.data, args.corpus)
        seconds = train(args.variant, args.corpus, args.output)
        minutes = (time.monotonic() - start) / 60
        print(f"recipe so far (convert, vectors, training): {minutes:.1f} min")
        print(f"training took {seconds / 60:.1f} min")
    package(args.output / "model-best", args.corpus, args.target, seconds)
    print(f"packaged {args.target}")


if __name__ == "__main__":
    main()
