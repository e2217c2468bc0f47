"""NLP stage: the `german_figures` component, which stores every figure on `doc._.figures`."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract.figures import extract_figures

EXTENSION = "figures"


def register_extension() -> None:
    """Add `Doc._.figures` once; loading the module twice must not fail or reset it."""
    if not Doc.has_extension(EXTENSION):
        Doc.set_extension(EXTENSION, default=None)


class GermanFigures:
    """Finds figures (numbers with value, range, qualifier, unit and kind) in German text."""

    def __init__(self, nlp: Language, name: str = "german_figures") -> None:
        self.name = name
        register_extension()

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(EXTENSION, extract_figures(doc))
        return doc


@Language.factory("german_figures", assigns=["doc._.figures"], default_config={})
def make_german_figures(nlp: Language, name: str) -> GermanFigures:
    return GermanFigures(nlp, name=name)


register_extension()
