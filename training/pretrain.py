"""`spacy pretrain` of the tok2vec on unlabelled German text (characters objective).

    python training/pretrain.py --variant clusters_floret --words 8000000

Writes `training/output/pretrain/text.jsonl`: the first `--words` tokens of the text that
training/vectors.py prepared (run it first), taken round-robin from its paragraphs so
laws, plays and novels are mixed, then pretrains the tok2vec of an ablation variant
(training/ablation.py) for one pass with spaCy's `PretrainCharacters` objective (predict
the first and last 4 characters of each word from its context). The weights land in
`training/output/pretrain/model-last.bin`, which the `*_pretrain` variants load through
`[initialize] init_tok2vec`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from ablation import VARIANTS, variant_config  # noqa: E402

OUT = HERE / "output" / "pretrain"
PRETRAINING = {
    "max_epochs": 1,
    "dropout": 0.2,
    "n_save_every": None,
    "n_save_epoch": None,
    "component": "tok2vec",
    "layer": "",
    "corpus": "corpora.pretrain",
    "batcher": {
        "@batchers": "spacy.batch_by_words.v1", "size": 3000, "discard_oversize": False,
        "tolerance": 0.2, "get_length": None,
    },
    "objective": {
        "@architectures": "spacy.PretrainCharacters.v1", "maxout_pieces": 3,
        "hidden_size": 300, "n_characters": 4,
    },
    "optimizer": {
        "@optimizers": "Adam.v1", "beta1": 0.9, "beta2": 0.999, "L2_is_weight_decay": True,
        "L2": 0.01, "grad_clip": 1.0, "use_averages": True, "eps": 1e-8, "learn_rate": 0.001,
    },
}  # fmt: skip


def write_jsonl(source: Path, target: Path, words: int) -> int:
    """Every k-th paragraph of `source` until `words` tokens, as spaCy JSONL."""
    total_words = os.path.getsize(source) / 6  # about 6 bytes per token with its space
    step = max(1, int(total_words / max(words, 1)))
    written = 0
    with open(source, encoding="utf-8") as f, open(target, "w", encoding="utf-8") as out:
        for i, line in enumerate(f):
            if i % step or written >= words:
                continue
            n = line.count(" ") + 1
            if n < 5:
                continue
            written += n
            out.write(json.dumps({"text": line.strip()}, ensure_ascii=False) + "\n")
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", default="clusters_floret", choices=sorted(VARIANTS))
    parser.add_argument("--words", type=int, default=8_000_000)
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    text = OUT / "text.jsonl"
    if not text.exists():
        n = write_jsonl(HERE / "output" / "vectors" / "text.txt", text, args.words)
        print(f"pretraining text: {n:,} tokens", flush=True)
    config = variant_config(VARIANTS[args.variant][1])
    config["paths"]["raw_text"] = str(text)
    config["corpora"]["pretrain"] = {
        "@readers": "spacy.JsonlCorpus.v1", "path": "${paths.raw_text}", "min_length": 5,
        "max_length": 500, "limit": 0,
    }  # fmt: skip
    config["pretraining"] = PRETRAINING
    config.to_disk(OUT / "config.cfg")
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    start = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "spacy", "pretrain", str(OUT / "config.cfg"), str(OUT),
         "--paths.train", str(HERE / "corpus" / "train.spacy"),
         "--paths.dev", str(HERE / "corpus" / "dev.spacy")],
        check=True, env=env,
    )  # fmt: skip
    print(f"pretraining took {(time.monotonic() - start) / 60:.1f} min")


if __name__ == "__main__":
    main()
