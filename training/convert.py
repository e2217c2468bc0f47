"""Training data: GermEval 2014 and MobIE files -> spaCy DocBin splits (train/dev/test).

Usage::

    python training/convert.py --data ../shared/data/ner --out training/corpus

Splits
    train  GermEval train + GermEval dev (Wikipedia sentences) + MobIE train/dev/test
    dev    half of the GermEval dev sentences from news sites (model selection)
    test   the other half (held out, final report only)

The news sentences are split by source URL (all sentences of one article land in the
same half) with a fixed seed, so the split is reproducible and free of article overlap.

Label mapping (see the data README): GermEval ``OTH`` -> ``MISC``; GermEval ``*deriv``
and ``*part`` -> O; MobIE ``organization*`` -> ORG, ``location*`` -> LOC,
``person`` -> PER, everything else -> O.

MobIE hashtags: a token like ``#Bahn`` is split into ``#`` + ``Bahn`` and the entity
is put on ``Bahn``. spaCy's German tokenizer splits a leading ``#`` off in the same way,
so the training tokens match what the model sees at inference time, and the word
itself ("Bahn", "Bochum") shares its features with the plain, un-hashtagged form.
"""

from __future__ import annotations

import argparse
import random
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span
from spacy.vocab import Vocab

LABELS: tuple[str, ...] = ("LOC", "MISC", "ORG", "PER")
GERMEVAL_LABELS: dict[str, str] = {"LOC": "LOC", "ORG": "ORG", "PER": "PER", "OTH": "MISC"}
MOBIE_PREFIXES: tuple[tuple[str, str], ...] = (
    ("organization", "ORG"),
    ("location", "LOC"),
    ("person", "PER"),
)
NO_PUNCT_SPACE_BEFORE = re.compile(r"^[.,;:!?)\]}%]+$")


@dataclass(frozen=True)
class Sentence:
    """One annotated sentence: tokens and mapped IOB tags (``B-ORG``, ``I-LOC``, ``O``)."""

    words: tuple[str, ...]
    tags: tuple[str, ...]
    source: str = ""


def map_germeval_tag(tag: str) -> str:
    """Map a GermEval outer tag to our label set; ``*deriv``/``*part`` become O."""
    if tag in ("", "O"):
        return "O"
    prefix, _, label = tag.partition("-")
    mapped = GERMEVAL_LABELS.get(label)
    return f"{prefix}-{mapped}" if mapped else "O"


def map_mobie_tag(tag: str, skip: Collection[str] = ()) -> str:
    """Map a MobIE tag (``B-location-city``) to our label set; other types become O."""
    if tag in ("", "O"):
        return "O"
    prefix, _, label = tag.partition("-")
    if label in skip:
        return "O"
    for mobie_prefix, mapped in MOBIE_PREFIXES:
        if label == mobie_prefix or label.startswith(mobie_prefix + "-"):
            return f"{prefix}-{mapped}"
    return "O"


def read_germeval_bio(path: Path) -> Iterator[Sentence]:
    """Read the two-column ``token<TAB>tag`` file, blank line between sentences."""
    words: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line.strip():
                if words:
                    yield Sentence(tuple(words), tuple(tags))
                words, tags = [], []
                continue
            token, _, tag = line.partition("\t")
            if not token.strip():
                # This copy lost tokens that began with '#'; the tag line survived.
                continue
            words.append(token)
            tags.append(map_germeval_tag(tag.strip()))
    if words:
        yield Sentence(tuple(words), tuple(tags))


def read_germeval_tsv(path: Path) -> Iterator[Sentence]:
    """Read the original 4-column GermEval file; ``#<TAB>url<TAB>[date]`` opens a sentence."""
    words: list[str] = []
    tags: list[str] = []
    source = ""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line.strip():
                if words:
                    yield Sentence(tuple(words), tuple(tags), source)
                words, tags = [], []
                continue
            columns = line.split("\t")
            if columns[0] == "#":
                # Token lines start with an index; a source is a URL or e.g.
                # "berlinonline.de vom 27.10.2005".
                source = columns[1] if len(columns) > 1 else ""
                continue
            words.append(columns[1])
            tags.append(map_germeval_tag(columns[2] if len(columns) > 2 else "O"))
    if words:
        yield Sentence(tuple(words), tuple(tags), source)


def split_hashtag(token: str, tag: str) -> list[tuple[str, str]]:
    """Split ``#Word`` into ``#`` (O) and ``Word`` (keeps the tag), as spaCy tokenizes it."""
    if len(token) > 1 and token.startswith("#") and token[1] != "#":
        if tag.startswith("I-"):
            # An inner hashtag continues the entity; the '#' sits inside the span.
            return [("#", tag), (token[1:], tag)]
        return [("#", "O"), (token[1:], tag)]
    return [(token, tag)]


def read_mobie(path: Path, skip: Collection[str] = ()) -> Iterator[Sentence]:
    """Read MobIE CoNLL-2003 style ``token POS chunk NER``; skip ``-DOCSTART-`` lines.

    ``skip`` names MobIE types (e.g. ``location-route``) to map to O.
    """
    words: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.startswith("-DOCSTART-") or not line.strip():
                if words:
                    yield Sentence(tuple(words), tuple(tags), path.name)
                words, tags = [], []
                continue
            # The README says space-separated; the files are tab-separated. Accept both.
            columns = line.split("\t") if "\t" in line else line.split(" ")
            token, tag = columns[0], map_mobie_tag(columns[-1], skip)
            for word, word_tag in split_hashtag(token, tag):
                words.append(word)
                tags.append(word_tag)
    if words:
        yield Sentence(tuple(words), tuple(tags), path.name)


EUROPEANA_FILES = ("enp_DE.lft.bio", "enp_DE.onb.bio", "enp_DE.sbb.bio")
SENTENCE_END = frozenset({".", "!", "?"})


def read_europeana(path: Path, max_tokens: int = 60) -> Iterator[Sentence]:
    """Europeana Newspapers ``token TAG`` lines; ``#`` lines are metadata.

    Two of the three files have no sentence breaks, so a sentence also ends after ``.``,
    ``!`` or ``?`` and at ``max_tokens``. Tags are upper-cased (the data has ``B-PEr``);
    anything but PER/LOC/ORG (a few stray words in the tag column) is O.
    """
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            continue
        columns = line.split()
        if len(columns) < 2:
            if words:
                yield Sentence(tuple(words), tags_fixed(tags))
                words, tags = [], []
            continue
        words.append(columns[0])
        tags.append(columns[-1].upper())
        if columns[0] in SENTENCE_END or len(words) >= max_tokens:
            yield Sentence(tuple(words), tags_fixed(tags))
            words, tags = [], []
    if words:
        yield Sentence(tuple(words), tags_fixed(tags))


def tags_fixed(tags: Sequence[str]) -> tuple[str, ...]:
    """Unknown labels -> O; an I- that follows O (a cut sentence) becomes B-."""
    fixed: list[str] = []
    for tag in tags:
        prefix, _, label = tag.partition("-")
        if prefix not in ("B", "I") or label not in ("PER", "LOC", "ORG"):
            tag = "O"
        elif prefix == "I" and (not fixed or fixed[-1] == "O" or fixed[-1][2:] != label):
            tag = f"B-{label}"
        fixed.append(tag)
    return tuple(fixed)


def iob_to_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Turn IOB tags into ``(start, end, label)``; a stray ``I-`` opens a new entity."""
    spans: list[tuple[int, int, str]] = []
    start: int | None = None
    label = ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, tag_label = tag.partition("-")
        continues = prefix == "I" and start is not None and tag_label == label
        if continues:
            continue
        if start is not None:
            spans.append((start, i, label))
            start = None
        if prefix in ("B", "I"):
            start, label = i, tag_label
    return spans


def make_doc(vocab: Vocab, sentences: Sequence[Sentence]) -> Doc:
    """Join sentences into one Doc with sentence starts and entity spans."""
    words: list[str] = []
    sent_starts: list[bool | int | None] = []
    entities: list[tuple[int, int, str]] = []
    for sentence in sentences:
        offset = len(words)
        words.extend(sentence.words)
        sent_starts.extend([True] + [False] * (len(sentence.words) - 1))
        entities.extend(
            (offset + start, offset + end, label)
            for start, end, label in iob_to_spans(sentence.tags)
        )
    spaces = [
        i + 1 < len(words) and not NO_PUNCT_SPACE_BEFORE.match(words[i + 1])
        for i in range(len(words))
    ]
    doc = Doc(vocab, words=words, spaces=spaces, sent_starts=sent_starts)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in entities]
    return doc


def chunk(sentences: Sequence[Sentence], size: int) -> Iterator[Sequence[Sentence]]:
    """Yield consecutive groups of ``size`` sentences."""
    for i in range(0, len(sentences), size):
        yield sentences[i : i + size]


def is_news(source: str) -> bool:
    """True for a GermEval source (URL or site name) that is not Wikipedia."""
    return bool(source) and "wikipedia.org" not in source


def split_news(sentences: Sequence[Sentence], seed: int) -> tuple[list[Sentence], list[Sentence]]:
    """Split news sentences in two halves by source URL, deterministically."""
    by_source: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        by_source.setdefault(sentence.source, []).append(sentence)
    sources = sorted(by_source)
    random.Random(seed).shuffle(sources)
    half = len(sentences) / 2
    dev: list[Sentence] = []
    test: list[Sentence] = []
    for source in sources:
        (dev if len(dev) < half else test).extend(by_source[source])
    return dev, test


def build_splits(
    data: Path, seed: int, mobie: str = "all", europeana: bool = False
) -> dict[str, list[Sentence]]:
    """Read all source files and assign every sentence to train, dev or test.

    ``mobie`` is ``all``, ``no-routes`` (train lines such as "S4" become O) or ``none``;
    ``europeana`` adds the historical newspaper NER data to train.
    """
    germeval = data / "germeval2014"
    mobie_dir = data / "mobie"
    germeval_dev = list(read_germeval_tsv(germeval / "dev.tsv"))
    news = [s for s in germeval_dev if is_news(s.source)]
    dev, test = split_news(news, seed)
    train = list(read_germeval_bio(germeval / "train.bio.tsv"))
    train += [s for s in germeval_dev if not is_news(s.source)]
    skip = ("location-route",) if mobie == "no-routes" else ()
    if mobie != "none":
        for name in ("train", "dev", "test"):
            train += list(read_mobie(mobie_dir / f"{name}.conll2003", skip))
    if europeana:
        for name in EUROPEANA_FILES:
            train += list(read_europeana(data / "europeana" / name))
    return {"train": train, "dev": dev, "test": test}


def write_docbin(path: Path, sentences: Sequence[Sentence], per_doc: int) -> list[Doc]:
    """Write sentences as Docs of ``per_doc`` sentences to a ``.spacy`` file."""
    vocab = spacy.blank("de").vocab
    docs = [make_doc(vocab, group) for group in chunk(sentences, per_doc)]
    DocBin(docs=docs, store_user_data=False).to_disk(path)
    return docs


def count_labels(docs: Iterable[Doc]) -> Counter[str]:
    """Count entity spans per label."""
    return Counter(ent.label_ for doc in docs for ent in doc.ents)


def convert(
    data: Path,
    out: Path,
    per_doc: int = 10,
    seed: int = 13,
    mobie: str = "all",
    europeana: bool = False,
) -> dict[str, Counter[str]]:
    """Convert the source files under ``data`` to ``out/{train,dev,test}.spacy``."""
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, Counter[str]] = {}
    for name, sentences in build_splits(data, seed, mobie, europeana).items():
        if name == "train":
            # Mix the sources so a Doc is not all-tweets or all-Wikipedia.
            sentences = list(sentences)
            random.Random(seed).shuffle(sentences)
        docs = write_docbin(out / f"{name}.spacy", sentences, per_doc)
        tally = count_labels(docs)
        tally["_sentences"] = len(sentences)
        tally["_docs"] = len(docs)
        tally["_tokens"] = sum(len(doc) for doc in docs)
        counts[name] = tally
    return counts


def format_counts(counts: dict[str, Counter[str]]) -> str:
    """Render the per-split counts as a small text table."""
    columns = ["_sentences", "_docs", "_tokens", *LABELS]
    header = f"{'split':<6}" + "".join(f"{c.strip('_'):>11}" for c in columns)
    rows = [
        f"{name:<6}" + "".join(f"{tally.get(c, 0):>11}" for c in columns)
        for name, tally in counts.items()
    ]
    return "\n".join([header, *rows])


def main(argv: Sequence[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, required=True, help="folder with germeval2014/ and mobie/"
    )
    parser.add_argument("--out", type=Path, default=Path("training/corpus"))
    parser.add_argument("--per-doc", type=int, default=10, help="sentences per Doc")
    parser.add_argument("--seed", type=int, default=13, help="seed for the news dev/test split")
    parser.add_argument(
        "--mobie",
        choices=("all", "no-routes", "none"),
        default="all",
        help="which MobIE entities to train on (no-routes: train lines like 'S4' become O)",
    )
    parser.add_argument(
        "--europeana", action="store_true", help="add Europeana Newspapers (CC0) to train"
    )
    args = parser.parse_args(argv)
    counts = convert(args.data, args.out, args.per_doc, args.seed, args.mobie, args.europeana)
    print(format_counts(counts))


if __name__ == "__main__":
    main()
