"""--model resolution: de_core_news_sm when installed, else the bundled model, paths, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from pipeline.nlp import build
from pipeline.nlp.build import ModelNotFoundError, load_pipeline, resolve_model


@pytest.fixture
def tiny_pipeline(tmp_path: Path) -> Path:
    nlp = spacy.blank("de")
    nlp.meta["name"] = "tiny_test"
    nlp.meta["version"] = "1.2.3"
    nlp.add_pipe("sentencizer")
    path = tmp_path / "tiny"
    nlp.to_disk(path)
    return path


def test_auto_prefers_installed_de_core_news_sm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build, "_is_package", lambda name: name == "de_core_news_sm")
    monkeypatch.setattr(build.importlib.metadata, "version", lambda name: "3.8.0")
    ref = resolve_model("auto")
    assert ref.source == "de_core_news_sm"
    assert ref.label == "de_core_news_sm 3.8.0"


def test_auto_falls_back_to_bundled_model(
    monkeypatch: pytest.MonkeyPatch, tiny_pipeline: Path
) -> None:
    monkeypatch.setattr(build, "_is_package", lambda name: False)
    monkeypatch.setattr(build, "BUNDLED_MODEL", tiny_pipeline)
    ref = resolve_model("auto")
    assert ref.source == str(tiny_pipeline)
    assert ref.label == "de_tiny_test 1.2.3"


def test_auto_without_any_model_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(build, "_is_package", lambda name: False)
    monkeypatch.setattr(build, "BUNDLED_MODEL", tmp_path / "absent")
    with pytest.raises(ModelNotFoundError, match="make model"):
        resolve_model("auto")


def test_bundled_model_ships_with_the_package() -> None:
    meta = build.BUNDLED_MODEL / "meta.json"
    assert meta.is_file(), "the bundled model must be committed under pipeline/models/"
    ref = resolve_model(str(build.BUNDLED_MODEL))
    assert ref.label.startswith("de_regional_ner ")


def test_explicit_path_is_loaded_with_its_name_and_version(tiny_pipeline: Path) -> None:
    ref = resolve_model(str(tiny_pipeline))
    nlp = load_pipeline(ref)
    assert ref.label == "de_tiny_test 1.2.3"
    assert "sentencizer" in nlp.pipe_names


@pytest.mark.parametrize("name", ["de_core_news_xyz", "/no/such/folder", "./nope"])
def test_missing_explicit_model_is_a_clear_error(name: str) -> None:
    with pytest.raises(ModelNotFoundError, match="neither an installed spaCy package"):
        resolve_model(name)


def test_folder_without_meta_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="no meta.json"):
        resolve_model(str(tmp_path))


def test_blank_pipeline_gets_sentence_boundaries() -> None:
    nlp = load_pipeline(resolve_model("blank"))
    doc = nlp("Bochum wächst. Dortmund auch.")
    assert [sent.text for sent in doc.sents] == ["Bochum wächst.", "Dortmund auch."]
