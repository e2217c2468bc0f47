"""Shared fixtures: input folders written from dicts, and a stand-in for the extract stage."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd
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


# --- the sample corpus run once into every export, and Debian tools (issue 14) ----------

ROOT = Path(__file__).resolve().parent.parent
ALL_FORMATS = "csv,jsonl,xlsx,html,geojson"


@pytest.fixture(scope="session")
def corpus_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """OUT of the sample corpus with the workbook, the HTML review and places.geojson."""
    import shutil

    from click.testing import CliRunner

    from pipeline.cli import cli

    base = tmp_path_factory.mktemp("report")
    articles = base / "articles"
    shutil.copytree(ROOT / "corpus", articles, ignore=shutil.ignore_patterns("gold"))
    out = base / "out"
    # Every article on the workbook's detail sheets (the window: tests/test_nightly.py).
    result = CliRunner().invoke(cli, ["run", str(articles), "--out", str(out), "--formats",
                                      ALL_FORMATS, "--xlsx-window", "0"])  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def ensure_debian_tools(tools: Mapping[str, str]) -> str | None:
    """Install the Debian packages of missing commands ({command: package}) with apt-get.

    Returns None when every command is there afterwards, else why not (for pytest.skip).
    Quick when they are installed already: nothing is run then.
    """
    import os
    import shutil
    import subprocess

    missing = {command: package for command, package in tools.items() if not shutil.which(command)}
    if not missing:
        return None
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        return f"{', '.join(missing)} missing and cannot be installed here (no apt-get or not root)"
    packages = sorted(set(missing.values()))
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages]
    done = subprocess.run(install, capture_output=True, text=True, env=env, timeout=900)
    if done.returncode != 0:  # the package lists may be missing or stale
        subprocess.run(["apt-get", "update", "-q"], capture_output=True, env=env, timeout=600)
        done = subprocess.run(install, capture_output=True, text=True, env=env, timeout=900)
    still = [command for command in missing if not shutil.which(command)]
    if still:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or [""]
        return f"apt-get install {' '.join(packages)} failed: {tail[0]}"
    return None


# --- the exports, whichever layout the folder has (issue 16) -------------------------------

LAYOUT_FOLDERS = {".csv": "csv", ".parquet": "parquet", ".jsonl": "jsonl"}


def export_parts(out: Path, name: str) -> list[Path]:
    """The files of an export: `articles.csv` itself, or its months (csv/articles/*.csv)."""
    if (out / name).is_file():
        return [out / name]
    stem, suffix = name.rsplit(".", 1)
    folder = out / LAYOUT_FOLDERS[f".{suffix}"] / stem
    return sorted(folder.glob(f"*.{suffix}"))


def read_export(out: Path, name: str, **options: object) -> pd.DataFrame:
    """An export table as one frame in path order (the single file's order), whichever
    layout: the one file, or its monthly partitions put together."""
    parts = export_parts(out, name)
    assert parts, f"no {name} in {out}"
    if name.endswith(".parquet"):
        frames = [pd.read_parquet(part) for part in parts]
    else:
        options.setdefault("encoding", "utf-8-sig")
        frames = [pd.read_csv(part, **options) for part in parts]  # type: ignore[arg-type]
    if len(frames) == 1:
        return frames[0]
    frame = pd.concat(frames, ignore_index=True)
    # Each article lies in one month: a stable sort by path keeps its rows in their order.
    return frame.sort_values("path", kind="stable").reset_index(drop=True)


def read_records(out: Path) -> list[dict]:
    """records.jsonl's objects in path order, whichever layout."""
    import json

    parts = export_parts(out, "records.jsonl")
    rows = [json.loads(line) for part in parts for line in part.open(encoding="utf-8")]
    return sorted(rows, key=lambda row: row["path"]) if len(parts) > 1 else rows


def has_export(out: Path, name: str) -> bool:
    return bool(export_parts(out, name))
