"""NLP: resolve which spaCy pipeline to use and assemble it with the project's components."""

from __future__ import annotations

import importlib.metadata
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

# spaCy is imported where a pipeline is loaded, not here: importing it takes about a second,
# and a run that finds nothing new (or only resolves the model) must not pay for it.
if TYPE_CHECKING:
    from spacy.language import Language

BUNDLED_MODEL = Path(__file__).resolve().parent.parent / "models" / "de_regional_ner"
SPACY_MODEL = "de_core_news_sm"
SENTENCE_PIPES = frozenset({"parser", "senter", "sentencizer"})


class ModelNotFoundError(Exception):
    """The model named with --model is neither an installed package nor a pipeline folder."""


class ModelLoadError(ModelNotFoundError):
    """The model was found but cannot be loaded (a broken folder, a missing component)."""


@dataclass(frozen=True, slots=True)
class ModelRef:
    """A resolved model: what to load and the name+version recorded with every article."""

    source: str  # package name, folder path, or "blank"
    label: str  # e.g. "de_regional_ner 0.1.0"


def resolve_model(name: str = "auto") -> ModelRef:
    """Turn --model into something loadable, without loading it.

    auto: spaCy's de_core_news_sm when installed, else the bundled model.
    """
    if name == "auto":
        if _is_package(SPACY_MODEL):
            return _package_ref(SPACY_MODEL)
        if (BUNDLED_MODEL / "meta.json").is_file():
            return _path_ref(BUNDLED_MODEL)
        raise ModelNotFoundError(
            f"no German model found: {SPACY_MODEL} is not installed and the bundled model is "
            f"missing at {BUNDLED_MODEL} (build it with `make model`, or use --model blank)"
        )
    if name == "blank":
        return ModelRef("blank", f"blank_de {importlib.metadata.version('spacy')}")
    path = Path(name).expanduser()
    if path.exists():
        if not (path / "meta.json").is_file():
            raise ModelNotFoundError(f"{path} is not a spaCy pipeline folder (no meta.json)")
        return _path_ref(path.resolve())
    if _is_package(name):
        return _package_ref(name)
    raise ModelNotFoundError(
        f"model {name!r} is neither an installed spaCy package nor a pipeline folder; "
        f"use --model auto, blank, a package name or a path"
    )


def _is_package(name: str) -> bool:
    """What spacy.util.is_package checks (an installed distribution), without importing spaCy."""
    try:
        importlib.metadata.distribution(name)
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return False
    return True


def _path_ref(path: Path) -> ModelRef:
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    return ModelRef(str(path), _label(meta))


def _package_ref(name: str) -> ModelRef:
    # The distribution's version is the model's version; reading it loads nothing.
    return ModelRef(name, f"{name} {importlib.metadata.version(name)}")


def _label(meta: dict) -> str:
    name = meta.get("name", "model")
    lang = meta.get("lang", "")
    if lang and not name.startswith(f"{lang}_"):
        name = f"{lang}_{name}"
    return f"{name} {meta.get('version', '')}".strip()


def load_pipeline(ref: ModelRef, model_only: bool = False) -> Language:
    """Load the base pipeline and add what our extraction needs on top of it.

    model_only: the model and the sentence boundaries, none of our components: what the
    model stage of a pipelined run (pipeline.process) runs, the pipes `model_pipes` names.
    """
    import spacy

    if ref.source == "blank":
        nlp = spacy.blank("de")
    else:
        # The lemmatizer costs time and nothing downstream reads lemmas.
        try:
            nlp = spacy.load(ref.source, exclude=["lemmatizer"])
        except Exception as exc:  # spaCy raises many kinds for a broken folder
            reason = " ".join(str(exc).split())[:300]
            raise ModelLoadError(
                f"the model {ref.label or ref.source} cannot be loaded: {type(exc).__name__}:"
                f" {reason}"
            ) from None
    if not SENTENCE_PIPES & set(nlp.pipe_names):
        # Figures and entities carry their sentence; models without a parser get rules.
        nlp.add_pipe("sentencizer", first=True)
    if model_only:
        return nlp
    # Imported here so that registering our factories costs nothing until a model loads.
    from .entity_rules import add_entity_components
    from .figures import EXTENSION  # noqa: F401  (registers the german_figures factory)

    add_entity_components(nlp)
    nlp.add_pipe("german_figures", last=True)
    return nlp


def model_pipes(nlp: Language) -> list[str]:
    """The pipes of the loaded model (and the sentencizer), before our first component."""
    names = []
    for name in nlp.pipe_names:
        if nlp.get_pipe_meta(name).factory.startswith("german_"):
            break
        names.append(name)
    return names
