"""Shared fixtures: input folders written from dicts, and a stand-in for the extract stage."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from spacy.tokens import Doc

from pipeline.records import Entity, Figure

WriteInputs = Callable[[Mapping[str, "str | bytes"]], Path]
Analyse = Callable[[Doc], "tuple[list[Entity], list[Figure]]"]


def stub_analyse_doc(doc: Doc) -> tuple[list[Entity], list[Figure]]:
    """Deterministic stand-in for extract/: each capitalised word after the first word of a
    sentence is an ORG, each number-like token a figure. Enough to fill every table."""
    entities = [
        Entity(
            label="ORG",
            text=token.text,
            start=token.idx,
            end=token.idx + len(token.text),
            canonical=token.text,
            sentence=token.sent.text,
            source="rule",
        )
        for token in doc
        if token.is_title and not token.is_sent_start and len(token.text) > 1
    ]
    figures = [
        Figure(
            text=token.text,
            start=token.idx,
            end=token.idx + len(token.text),
            value=_number(token.text),
            value_min=None,
            value_max=None,
            qualifier="exact",
            unit="",
            kind="number",
            sentence=token.sent.text,
        )
        for token in doc
        if token.like_num
    ]
    return entities, figures


def _number(text: str) -> float | None:
    try:
        return float(text.replace(".", "").replace(",", "."))
    except ValueError:
        return None


@pytest.fixture
def stub_extract(monkeypatch: pytest.MonkeyPatch) -> Analyse:
    """Run the pipeline with `stub_analyse_doc` instead of the real extract stage (fast,
    and independent of the rules' current state); returns the stub for wrapping."""
    monkeypatch.setattr("pipeline.process.analyse_doc", stub_analyse_doc)
    return stub_analyse_doc


@pytest.fixture
def write_inputs(tmp_path: Path) -> WriteInputs:
    """Write {relative path: text or bytes} under tmp_path/articles; text is UTF-8."""
    root = tmp_path / "articles"
    root.mkdir(exist_ok=True)

    def write(files: Mapping[str, str | bytes]) -> Path:
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return write
