"""NLP: research organisations of Germany, Austria and Switzerland from ROR, matched in text.

``german_org_gazetteer`` matches the names in ``pipeline/data/ror_dach_names.txt`` (derived
from the Research Organization Registry, CC0, by ``scripts/build_ror_names.py``, which
keeps only names that cannot be German words) with a PhraseMatcher. A match fills a gap or
replaces entities it contains ("Nationalbank" inside "Schweizerische Nationalbank"); it
never cuts into an entity that crosses it. Source: "gazetteer".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.nlp.config_io import SavesConfig

SOURCE_GAZETTEER = "gazetteer"
NAMES_FILE = Path(__file__).resolve().parent.parent / "data" / "ror_dach_names.txt"


def read_names(path: Path = NAMES_FILE) -> list[str]:
    """The names of the list, without its comment lines."""
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


@Language.factory(
    "german_org_gazetteer",
    assigns=["doc.ents"],
    # Off by default: on our dev sets it found nothing the other rules had not (econ_dev,
    # corpus, GermEval news: F1 unchanged or -0.001); switch on for research news.
    default_config={"match": False},
)
def make_german_org_gazetteer(nlp: Language, name: str, match: bool) -> GermanOrgGazetteer:
    return GermanOrgGazetteer(nlp, name, match=match)


class GermanOrgGazetteer(SavesConfig):
    """Organisation names from a list -> ORG entities where nothing contradicts them."""

    def __init__(self, nlp: Language, name: str, *, match: bool) -> None:
        self.name = name
        self.match = match
        self.vocab = nlp.vocab
        self.matcher: PhraseMatcher | None = None
        self._nlp = nlp

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        nlp = nlp or self._nlp
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        names = read_names()
        self.matcher.add("ORG", [nlp.make_doc(n) for n in names])

    def __call__(self, doc: Doc) -> Doc:
        if not self.match:
            return doc  # the names are read on first use, not for a switched-off list
        if self.matcher is None:
            self.initialize()
        assert self.matcher is not None
        found = filter_spans(
            [
                Span(doc, start, end, label="ORG", span_id=SOURCE_GAZETTEER)
                for _, start, end in self.matcher(doc)
            ]
        )
        if not found:
            return doc
        ents = list(doc.ents)
        for span in found:
            hit = [e for e in ents if e.start < span.end and span.start < e.end]
            if all(span.start <= e.start and e.end <= span.end for e in hit):
                ents = [e for e in ents if e not in hit] + [span]
        doc.ents = sorted(ents, key=lambda e: e.start)
        return doc

    def _cfg(self) -> dict[str, Any]:
        return {"match": self.match}
