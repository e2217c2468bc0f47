"""The shipped NER model carries Brown clusters, and they feed the network.

Run in a fresh interpreter, so the test proves what a user gets after `pip install`: plain
`spacy.load` of the bundled model finds our cluster architecture through the package's
`spacy_architectures` entry point, with no spacy-lookups-data and no download. (The probe
imports our module only after loading, to swap the cluster table for an empty one.)
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from pipeline.nlp.build import BUNDLED_MODEL

PROBE = textwrap.dedent(
    """
    import json, sys
    import numpy as np
    import spacy

    nlp = spacy.load(sys.argv[1])
    from pipeline.nlp.cluster_embed import layer_index
    text = ("Die Stadtwerke Bochum und die Evonik AG investieren in Dortmund "
            "rund 40 Millionen Euro in ein neues Wärmenetz.")
    doc = nlp.make_doc(text)
    tok2vec = nlp.get_pipe("tok2vec").model
    extractor = next(node for node in tok2vec.walk() if node.name == "cluster_features")
    index = layer_index(extractor, nlp.vocab)
    ids, found = index.lookup(np.array([t.orth for t in doc], dtype=np.uint64))
    with_clusters = tok2vec.predict([doc])[0]
    features = extractor.predict([doc])[0]
    # The same text with a table that knows no word: every token is "no cluster".
    extractor.attrs["cluster_keys"] = np.zeros(1, np.uint64)  # non-empty: no vocab fallback
    extractor.attrs["cluster_values"] = np.zeros(1, np.int32)
    doc_without = nlp.make_doc(text)
    without = tok2vec.predict([doc_without])[0]
    features_without = extractor.predict([doc_without])[0]
    n_lexical = len(extractor.attrs["attrs"])
    print(json.dumps({
        "architecture": nlp.config["components"]["tok2vec"]["model"]["embed"]["@architectures"],
        "table_size": index.size,
        "vocab_table": nlp.vocab.lookups.has_table("lexeme_cluster"),
        "clusters": {t.text: int(i) if f else None for t, i, f in zip(doc, ids, found)},
        "cluster_columns_differ": bool(
            (features[:, n_lexical:] != features_without[:, n_lexical:]).any()),
        "lexical_columns_same": bool(
            (features[:, :n_lexical] == features_without[:, :n_lexical]).all()),
        "max_output_change": float(np.abs(with_clusters - without).max()),
    }))
    """
)


def test_shipped_model_has_clusters_that_change_the_input() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(BUNDLED_MODEL)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    probe = json.loads(out.stdout.strip().splitlines()[-1])
    assert probe["architecture"] == "article_pipeline.ClusterHashEmbed.v1"
    assert probe["table_size"] >= 100_000
    assert not probe["vocab_table"]  # in the layer's attrs, not the slow vocab table
    clusters = probe["clusters"]
    # Cities share a Brown cluster; a firm and a legal form have one each.
    assert clusters["Bochum"] and clusters["Bochum"] == clusters["Dortmund"]
    assert clusters["Evonik"] and clusters["AG"]
    assert clusters["Evonik"] != clusters["Bochum"]
    assert probe["cluster_columns_differ"] and probe["lexical_columns_same"]
    # Not a no-op: without the clusters the tok2vec gives the NER different vectors.
    assert probe["max_output_change"] > 1e-3


def test_meta_names_every_source_and_licence() -> None:
    meta = json.loads((BUNDLED_MODEL / "meta.json").read_text(encoding="utf-8"))
    names = " ".join(source["name"] for source in meta["sources"])
    for needed in ("GermEval", "MobIE", "spacy-lookups-data"):
        assert needed in names
    assert all(source.get("license") for source in meta["sources"])
