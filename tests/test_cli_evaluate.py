"""`article-pipeline evaluate`: scores against gold, checked on a corpus whose answer we know."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.evaluate import evaluate_corpus, load_gold
from pipeline.nlp.build import resolve_model

ROOT = Path(__file__).resolve().parent.parent
TEXT = "Bochum wächst\n\nIn Bochum gibt es rund 1000 Wissenschaftler und 400 bis 500 Unternehmen.\n"


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Path:
    (tmp_path / "gold").mkdir()
    (tmp_path / "bochum.txt").write_text(TEXT, encoding="utf-8")
    start = TEXT.index("rund 1000")
    gold = {
        "path": "bochum.txt",
        "entities": [],
        "figures": [
            {"text": "rund 1000", "start": start, "end": start + 9, "value": 1000,
             "value_min": 1000, "value_max": 1000, "qualifier": "approx",
             "unit": "Wissenschaftler", "kind": "count", "normalized": ""},
            # Deliberately wrong unit: value accuracy must drop to 1/2.
            {"text": "400 bis 500", "start": TEXT.index("400"), "end": TEXT.index("400") + 11,
             "value": None, "value_min": 400, "value_max": 500, "qualifier": "range",
             "unit": "Firmen", "kind": "count", "normalized": ""},
            # Gold names a span the text does not support: a false negative.
            {"text": "Bochum", "start": 0, "end": 6, "value": 1, "value_min": 1,
             "value_max": 1, "qualifier": "exact", "unit": "", "kind": "number",
             "normalized": ""},
        ],
    }  # fmt: skip
    (tmp_path / "gold" / "bochum.json").write_text(json.dumps(gold), encoding="utf-8")
    return tmp_path


def test_scores_follow_from_the_gold(tiny_corpus: Path) -> None:
    result = evaluate_corpus(tiny_corpus, resolve_model("blank"))
    figures = result.figures
    assert (figures["tp"], figures["fp"], figures["fn"]) == (2, 0, 1)
    assert figures["value_accuracy"] == pytest.approx(0.5)
    kinds = sorted(miss["type"] for miss in result.figure_misses)
    assert kinds == ["false_negative", "wrong_value"]


def test_missing_gold_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["evaluate", str(tmp_path), "--model", "blank"])
    assert result.exit_code == 2
    assert "no gold annotation" in result.output


def test_sample_corpus_gold_is_complete_and_consistent() -> None:
    gold = load_gold(ROOT / "corpus")
    assert len(gold) >= 15
    for item in gold:
        for span in item.entities + item.figures:
            assert item.article.body[span["start"] : span["end"]] == span["text"], span
        assert {e["label"] for e in item.entities} <= {"ORG", "LOC", "PER", "MISC"}


def test_evaluate_prints_entity_and_figure_tables_for_the_corpus() -> None:
    result = CliRunner().invoke(cli, ["evaluate", str(ROOT / "corpus"), "--misses"])
    assert result.exit_code == 0, result.output
    assert "| ORG |" in result.output and "| LOC |" in result.output
    assert "Figures (" in result.output


@pytest.fixture
def gold_folder(tmp_path: Path) -> Path:
    """A gold folder in econ_dev's layout: texts/ plus gold.jsonl."""
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text(TEXT, encoding="utf-8")
    start = TEXT.index("rund 1000")
    rng = TEXT.index("400 bis 500")
    line = {
        "file": "a.txt",
        "entities": [],
        "figures": [
            {"text": "rund 1000", "start": start, "end": start + 9, "value": 1000,
             "value_min": 1000, "value_max": 1000, "qualifier": "approx",
             "unit": "Wissenschaftler", "kind": "count", "normalized": ""},
            # Optional: predicted or not, it must not count.
            {"text": "400 bis 500", "start": rng, "end": rng + 11, "value": None,
             "value_min": 400, "value_max": 500, "qualifier": "range", "unit": "Firmen",
             "kind": "count", "normalized": "", "optional": True},
        ],
    }  # fmt: skip
    (tmp_path / "gold.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    return tmp_path


def test_gold_folder_layout_is_scored_and_optional_spans_do_not_count(gold_folder: Path) -> None:
    result = evaluate_corpus(gold_folder, resolve_model("blank"))
    assert result.articles == 1
    assert (result.figures["tp"], result.figures["fp"], result.figures["fn"]) == (1, 0, 0)
    assert result.figures["value_accuracy"] == pytest.approx(1.0)


def test_broken_gold_line_is_a_usage_error_naming_the_line(gold_folder: Path) -> None:
    with open(gold_folder / "gold.jsonl", "a", encoding="utf-8") as out:
        out.write('{"file": "a.txt", "entities": [\n')
    result = CliRunner().invoke(cli, ["evaluate", str(gold_folder), "--model", "blank"])
    assert result.exit_code == 2
    assert "gold.jsonl, line 2" in result.output


def test_errors_are_listed_per_label_by_kind(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    text = "Die Muster Beratung zieht nach Bochum.\n"
    (tmp_path / "texts" / "b.txt").write_text(text, encoding="utf-8")
    bochum = text.index("Bochum")
    line = {
        "file": "b.txt",
        "entities": [
            # The gazetteer finds a LOC here: a wrong label, listed under ORG.
            {"start": bochum, "end": bochum + 6, "label": "ORG", "text": "Bochum",
             "canonical": "Bochum"},
            # Nothing predicts this one: missed.
            {"start": 4, "end": 19, "label": "ORG", "text": "Muster Beratung",
             "canonical": "Muster Beratung"},
        ],
        "figures": [],
    }  # fmt: skip
    (tmp_path / "gold.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(tmp_path), "--model", "blank", "--errors"])
    assert result.exit_code == 0, result.output
    listing = result.output.split("Entity errors by label")[1]
    assert "ORG: 1 missed, 1 wrong label" in listing
    assert "wrong label b.txt 31-37 'Bochum' -> predicted LOC 'Bochum'" in listing
    assert "missed      b.txt 4-19 'Muster Beratung'" in listing
