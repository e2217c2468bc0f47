"""Brown-cluster features for the tok2vec: what a word is like, learnt from a large corpus.

The bundled model is trained on ~30k labelled sentences. It cannot know from them that
"Evonik" or "Rossmann" are firms; Brown clusters built on a large German web corpus do
(spacy-lookups-data's `de_lexeme_cluster`, MIT: "Siemens" shares a cluster with "Google" and
"VW", "Bochum" with "Berlin" and "Köln"). spaCy keeps clusters in the vocab's lookups
(`Token.cluster` reads them), but `MultiHashEmbed` cannot embed them (error E983), hence
this small architecture: spaCy's MultiHashEmbed with extra columns for the cluster id and
its prefixes.

Training puts the table in the vocab's lookups (`[initialize.lookups]`, see
`cluster_lookups`); the feature layer copies it at initialisation into two sorted numpy
arrays in its own attrs, which thinc saves with the weights. The shipped model keeps only
those (8 MB, loaded in milliseconds): a 500,000-entry lookups table takes 10 s to load,
because spaCy's Table re-hashes every key into a Bloom filter.

The ids store the cluster's bit path reversed (checked on the data: ids that agree in the
low 6 bits are all place names), so the ancestors of a cluster in the Brown tree are
`id & (2**k - 1)`: the classic cluster-prefix features of NER systems. A word is looked up
as written, else lower-cased; unknown words get their own "no cluster" feature.

Registered under the `spacy_architectures` entry point (pyproject.toml), so plain
`spacy.load` of the shipped model finds it once the package is installed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import numpy as np
from spacy.attrs import LOWER, ORTH, intify_attr
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import (
    HashEmbed,
    Maxout,
    Model,
    chain,
    concatenate,
    list2ragged,
    ragged2list,
    with_array,
)
from thinc.types import Floats2d, Ints2d, Ragged

CLUSTER_TABLE = "lexeme_cluster"
# Masks to 4, 6 and 10 bits: coarse word classes (names, places, nouns, verbs) down to
# groups of a few dozen clusters. The full id is always a feature too.
DEFAULT_PREFIXES = (4, 6, 10)


class ClusterIndex:
    """Clusters as two sorted arrays (string hash -> id), one vectorised search per Doc."""

    def __init__(self, keys: np.ndarray, values: np.ndarray) -> None:
        self.keys = keys
        self.values = values
        self.size = len(keys)

    @classmethod
    def from_table(cls, table: dict[int, int]) -> ClusterIndex:
        keys = np.fromiter(table.keys(), dtype=np.uint64, count=len(table))
        values = np.fromiter(table.values(), dtype=np.int64, count=len(table))
        order = np.argsort(keys)
        return cls(keys[order], values[order].astype(np.int32))

    def lookup(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Cluster ids and a found flag for an array of string hashes."""
        if self.size == 0:
            return np.zeros(len(hashes), dtype=np.int64), np.zeros(len(hashes), dtype=bool)
        pos = np.searchsorted(self.keys, hashes)
        pos[pos == self.size] = 0
        found = self.keys[pos] == hashes
        return np.where(found, self.values[pos], 0), found


def vocab_index(vocab: Any) -> ClusterIndex:
    """The vocab's cluster table as a ClusterIndex, built once per table and kept on it."""
    table = vocab.lookups.get_table(CLUSTER_TABLE, None)
    if table is None:
        return ClusterIndex.from_table({})
    index = getattr(table, "_cluster_index", None)
    if index is None or index.size != len(table):
        index = ClusterIndex.from_table(table)
        table._cluster_index = index  # not serialised: Table.to_bytes writes its items
    return index


def cluster_features(doc: Doc, prefixes: tuple[int, ...], index: ClusterIndex) -> np.ndarray:
    """Columns (full id, prefix per mask), each `2 * value + found` so 0 means unknown."""
    hashes = doc.to_array([ORTH, LOWER]).astype(np.uint64, copy=False)
    if hashes.ndim == 1:  # an empty Doc
        hashes = hashes.reshape(0, 2)
    ids, found = index.lookup(np.ascontiguousarray(hashes[:, 0]))
    missing = ~found
    if missing.any():
        lower_ids, lower_found = index.lookup(np.ascontiguousarray(hashes[missing, 1]))
        ids[missing] = lower_ids
        found[missing] = lower_found
    columns = [ids] + [ids & ((1 << k) - 1) for k in prefixes]
    flag = found.astype(np.int64)
    return np.stack([2 * column + flag for column in columns], axis=1).astype(np.uint64)


def ClusterFeatureExtractor(  # noqa: N802  (thinc's naming for layers)
    attrs: list[int], prefixes: tuple[int, ...]
) -> Model[list[Doc], list[Ints2d]]:
    """spaCy's FeatureExtractor columns for `attrs`, then the cluster columns."""
    return Model(
        "cluster_features",
        _extract_forward,
        init=_extract_init,
        attrs={
            "attrs": attrs,
            "prefixes": list(prefixes),
            "cluster_keys": np.zeros(0, dtype=np.uint64),
            "cluster_values": np.zeros(0, dtype=np.int32),
        },
    )


def _extract_init(
    model: Model[list[Doc], list[Ints2d]], X: list[Doc] | None = None, Y: Any = None
) -> None:
    """Copy the vocab's cluster table (put there by `[initialize.lookups]`) into attrs."""
    if X and len(model.attrs["cluster_keys"]) == 0:
        set_clusters(model, vocab_index(X[0].vocab))


def set_clusters(model: Model, index: ClusterIndex) -> None:
    """Store `index` in the feature layer's attrs (saved with the weights)."""
    model.attrs["cluster_keys"] = index.keys
    model.attrs["cluster_values"] = index.values
    model.attrs.pop("_index", None)


def layer_index(model: Model, vocab: Any) -> ClusterIndex:
    """The layer's own table; a model trained before the attrs existed reads the vocab's."""
    keys = model.attrs["cluster_keys"]
    if len(keys) == 0:
        return vocab_index(vocab)
    cached = model.attrs.get("_index")
    if cached is None or cached.keys is not keys:
        cached = ClusterIndex(keys, model.attrs["cluster_values"])
        model.attrs["_index"] = cached  # skipped by thinc's serialiser (not msgpack-able)
    return cached


def _extract_forward(
    model: Model[list[Doc], list[Ints2d]], docs: list[Doc], is_train: bool
) -> tuple[list[Ints2d], Callable[[Any], list]]:
    attrs = model.attrs["attrs"]
    prefixes = model.attrs["prefixes"]
    features = []
    for doc in docs:
        lexical = doc.to_array(attrs).astype(np.uint64, copy=False)
        if lexical.ndim == 1:
            lexical = lexical.reshape(len(doc), len(attrs))
        index = layer_index(model, doc.vocab)
        both = np.hstack([lexical, cluster_features(doc, prefixes, index)])
        features.append(model.ops.asarray2i(cast(Ints2d, both), dtype="uint64"))
    return features, lambda d_features: []


@registry.architectures("article_pipeline.ClusterHashEmbed.v1")
def cluster_hash_embed(
    width: int,
    attrs: list[str | int],
    rows: list[int],
    include_static_vectors: bool,
    cluster_rows: int = 2000,
    cluster_prefixes: list[int] = list(DEFAULT_PREFIXES),  # noqa: B006 (config default)
) -> Model[list[Doc], list[Floats2d]]:
    """MultiHashEmbed plus hash-embedded Brown-cluster features (see the module doc)."""
    from spacy.ml.staticvectors import StaticVectors

    if len(rows) != len(attrs):
        raise ValueError(f"Mismatched lengths: {len(rows)} rows vs {len(attrs)} attrs")
    attr_ids = [intify_attr(attr) for attr in attrs]
    prefixes = tuple(int(k) for k in cluster_prefixes)
    all_rows = list(rows) + [cluster_rows] * (1 + len(prefixes))
    # Seeds as MultiHashEmbed's (8, 9, ...) for the lexical columns, then on for the
    # cluster columns, so that the lexical part starts like today's model.
    embeddings: list[Model[Ints2d, Floats2d]] = [
        HashEmbed(width, n_rows, column=i, seed=8 + i, dropout=0.0)
        for i, n_rows in enumerate(all_rows)
    ]
    concat_size = width * (len(embeddings) + include_static_vectors)
    max_out: Model[Ragged, Ragged] = with_array(
        Maxout(width, concat_size, nP=3, dropout=0.0, normalize=True)
    )
    features: Model[list[Doc], Ragged] = chain(
        ClusterFeatureExtractor(attr_ids, prefixes),
        list2ragged(),
        with_array(concatenate(*embeddings)),
    )
    if include_static_vectors:
        features = concatenate(features, StaticVectors(width, dropout=0.0))
    return chain(features, max_out, ragged2list())


@registry.misc("article_pipeline.cluster_lookups.v1")
def cluster_lookups(max_words: int = 500_000) -> Any:
    """Training-time loader: the `de_lexeme_cluster` table cut to the `max_words` most
    frequent words (by `de_lexeme_prob`), as spaCy Lookups for `[initialize.lookups]`.

    The full table has 1,000,001 forms; the 500,000 most frequent cover 91 % of the
    capitalised tokens of the news dev/test text (1,000,001: 92 %) at half the size.
    """
    import gzip
    import json
    from importlib.resources import files

    from spacy.lookups import Lookups

    data = files("spacy_lookups_data") / "data"
    with gzip.open(str(data / "de_lexeme_cluster.json.gz"), "rt", encoding="utf8") as f:
        clusters: dict[str, int] = json.load(f)
    with gzip.open(str(data / "de_lexeme_prob.json.gz"), "rt", encoding="utf8") as f:
        probs: dict[str, float] = json.load(f)
    ranked = sorted(clusters, key=lambda word: (-probs.get(word, -99.0), word))
    lookups = Lookups()
    lookups.add_table(CLUSTER_TABLE, {word: clusters[word] for word in ranked[:max_words]})
    return lookups


def move_table_into_layer(nlp: Any) -> bool:
    """Packaging: make sure the feature layers hold the cluster table (models trained
    before the attrs existed read the vocab's) and drop it from the vocab, where it costs
    10 s to load. True when `nlp` changed and needs saving."""
    changed = False
    for _name, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if not isinstance(model, Model):
            continue
        for node in model.walk():
            if node.name == "cluster_features" and len(node.attrs["cluster_keys"]) == 0:
                set_clusters(node, vocab_index(nlp.vocab))
                changed = True
    if nlp.vocab.lookups.has_table(CLUSTER_TABLE):
        nlp.vocab.lookups.remove_table(CLUSTER_TABLE)
        changed = True
    return changed
