"""Build the floret vectors for the bundled NER model from unlabelled German text.

    python training/vectors.py --text ../shared/data/text --corpus training/corpus

Steps (each skipped when its output exists, so reruns reuse the cache; `--again` redoes):

1. `training/output/vectors/text.txt`: the three public-domain/CC0 files of
   `../shared/data/text/` (GerDraCor plays and ELTeC novels whole, the first 5 M tokens of
   the federal laws: 27.5 M tokens; see MAX_TOKENS) plus the
   text of our training split (`train.spacy`, never dev or test), one paragraph per line,
   split into tokens roughly as spaCy's German tokenizer does (punctuation apart). floret
   learns subword vectors, so small tokenisation differences do not matter.
2. floret (`floret.train_unsupervised`, CBOW, floret mode: 50,000 hash rows x 100 dims,
   character 4- to 5-grams, 2 hashes per n-gram, 3 epochs) -> `vectors.floret`.
   floret takes no seed: its random streams are seeded by thread number, so with the
   default `--threads 1` the vectors are the same on every run.
3. `spacy init vectors de vectors.floret floret_model --mode floret`: the vectors as a spaCy
   pipeline that `[initialize] vectors` points at (training/ablation.py).

The text is legal and literary German, not news: it teaches word forms, morphology and
which words are common nouns, not current firm names (the Brown clusters bring those).
"""

from __future__ import annotations

import argparse
import lzma
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "output" / "vectors"
TEXT_FILES = ("gesetze.txt.xz", "gerdracor.txt.xz", "eltec_deu.txt.xz")
# Tokens taken from each file at most: the laws are half of the 38 M words and the least
# like news, and floret's time grows with the text (about 90k tokens per CPU-second per
# epoch here), so they are cut to the first 5 M tokens.
MAX_TOKENS = {"gesetze.txt.xz": 5_000_000}
# Words (letters, digits, inner hyphens, dots and apostrophes as in "e.V.", "Ruhr-Uni")
# or single punctuation marks.
TOKEN = re.compile(r"\w+(?:[-.'’]\w+)*\.?|[^\w\s]")
SETTINGS = {
    "model": "cbow", "mode": "floret", "dim": 100, "bucket": 50_000, "minn": 4, "maxn": 5,
    "hashCount": 2, "epoch": 3, "minCount": 5,
}  # fmt: skip


def paragraphs(text_dir: Path, corpus: Path) -> Iterator[list[str]]:
    for name in TEXT_FILES:
        budget = MAX_TOKENS.get(name, 10**12)
        with lzma.open(text_dir / name, "rt", encoding="utf-8") as f:
            for line in f:
                tokens = TOKEN.findall(line)
                if not tokens:
                    continue
                budget -= len(tokens)
                if budget < 0:
                    break
                yield tokens
    import spacy
    from spacy.tokens import DocBin

    vocab = spacy.blank("de").vocab
    for doc in DocBin().from_disk(corpus / "train.spacy").get_docs(vocab):
        yield TOKEN.findall(doc.text)


def write_text(text_dir: Path, corpus: Path, path: Path) -> int:
    words = 0
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        for tokens in paragraphs(text_dir, corpus):
            if tokens:
                words += len(tokens)
                out.write(" ".join(tokens) + "\n")
    tmp.replace(path)
    return words


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_text = HERE.parent.parent / "shared" / "data" / "text"
    parser.add_argument("--text", type=Path, default=default_text)
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--threads", type=int, default=1, help="1 = reproducible")
    parser.add_argument("--again", action="store_true")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    text, vectors, model = OUT / "text.txt", OUT / "vectors.floret", OUT / "floret_model"
    if args.again or not text.exists():
        start = time.monotonic()
        words = write_text(args.text, args.corpus, text)
        print(f"text: {words:,} tokens in {time.monotonic() - start:.0f} s", flush=True)
    if args.again or not vectors.exists():
        import floret

        start = time.monotonic()
        ft = floret.train_unsupervised(str(text), thread=args.threads, verbose=1, **SETTINGS)
        ft.save_floret_vectors(str(vectors.with_suffix(".tmp")))
        vectors.with_suffix(".tmp").replace(vectors)
        print(f"floret: {time.monotonic() - start:.0f} s", flush=True)
    if args.again or not model.exists():
        subprocess.run(
            [sys.executable, "-m", "spacy", "init", "vectors", "de", str(vectors), str(model),
             "--mode", "floret"],
            check=True,
        )  # fmt: skip
    print(f"vectors: {model}")


if __name__ == "__main__":
    main()
