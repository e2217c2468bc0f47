"""measure/org/place on 50 hand-annotated figures of econ_dev (offsets only, no text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate_context import score_context

ECON_DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "eval" / "econ_dev"
GOLD = Path(__file__).parent / "data" / "econ_dev_figure_context.jsonl"


def test_context_gold_is_offsets_only() -> None:
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        assert set(__import__("json").loads(line)) == {
            "file",
            "start",
            "end",
            "measure",
            "org",
            "place",
        }


def test_context_on_econ_dev() -> None:
    if not (ECON_DEV / "gold.jsonl").is_file():
        pytest.skip(f"econ_dev not found at {ECON_DEV}: the measure/org/place score needs it")
    scores = score_context(ECON_DEV, GOLD)
    assert scores["figures"] == 50
    for name, accuracy in scores["accuracy"].items():
        assert accuracy >= 0.85, (name, scores["misses"])
