"""End to end: `article-pipeline run` on the sample corpus, checked through store and exports."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import export_parts, read_export, read_records

from pipeline.cli import cli
from pipeline.ingest import read_article

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
EXPORTS = ("articles.csv", "entities.csv", "figures.csv", "records.jsonl", "report.xlsx")


def corpus_articles() -> list[Path]:
    return sorted(
        path
        for path in CORPUS.rglob("*")
        if path.suffix in {".txt", ".md", ".html", ".htm"} and "gold" not in path.parts
    )


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus copied to a temp folder (so tests may change it) and run once."""
    base = tmp_path_factory.mktemp("e2e")
    articles = base / "articles"
    shutil.copytree(CORPUS, articles, ignore=shutil.ignore_patterns("gold"))
    out = base / "out"
    result = CliRunner().invoke(
        cli, ["run", str(articles), "--out", str(out), "--formats", "csv,jsonl,xlsx,parquet"]
    )
    assert result.exit_code == 0, result.output
    return out


def read_csv(out: Path, name: str) -> pd.DataFrame:
    return read_export(out, name, encoding="utf-8-sig", keep_default_na=False)


def test_every_export_is_written(corpus_run: Path) -> None:
    for name in EXPORTS + ("articles.parquet", "entities.parquet", "figures.parquet"):
        parts = export_parts(corpus_run, name)
        assert parts and all(part.stat().st_size > 0 for part in parts), name


def test_every_corpus_article_is_one_ok_row(corpus_run: Path) -> None:
    articles = read_csv(corpus_run, "articles.csv")
    expected = {path.relative_to(CORPUS).as_posix() for path in corpus_articles()}
    assert set(articles["path"]) == expected
    assert len(articles) == len(expected) >= 15
    assert (articles["status"] == "ok").all(), articles[articles["status"] != "ok"]
    assert articles["article_id"].is_unique


def test_offsets_point_into_the_decoded_text(corpus_run: Path) -> None:
    bodies = {
        path.relative_to(CORPUS).as_posix(): read_article(path, CORPUS).body
        for path in corpus_articles()
    }
    for name in ("entities.csv", "figures.csv"):
        table = read_csv(corpus_run, name)
        assert len(table) > 0, name
        for row in table.itertuples():
            assert bodies[row.path][row.start : row.end] == str(row.text).lstrip("'"), row


def test_cp1252_article_is_decoded_and_named(corpus_run: Path) -> None:
    articles = read_csv(corpus_run, "articles.csv")
    legacy = articles[articles["encoding"].isin(["cp1252", "windows-1252", "latin_1"])]
    assert len(legacy) >= 1
    assert not legacy["title"].str.contains("\ufffd").any()


def test_gold_organisations_are_found_with_their_offsets(corpus_run: Path) -> None:
    entities = read_csv(corpus_run, "entities.csv")
    found = set(
        zip(entities["path"], entities["label"], entities["start"], entities["end"], strict=True)
    )
    gold_path = CORPUS / "gold" / "ruhr__bochum-it-sicherheit.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    orgs = [e for e in gold["entities"] if e["label"] == "ORG"]
    hits = [e for e in orgs if (gold["path"], "ORG", e["start"], e["end"]) in found]
    assert len(hits) >= 0.6 * len(orgs), (len(hits), len(orgs))


def test_figures_carry_value_range_qualifier_and_unit(corpus_run: Path) -> None:
    figures = read_csv(corpus_run, "figures.csv")
    bochum = figures[figures["path"] == "ruhr/bochum-it-sicherheit.txt"]
    rows = {row.text: row for row in bochum.itertuples()}
    assert "400 bis 500" in rows
    assert (float(rows["400 bis 500"].value_min), float(rows["400 bis 500"].value_max)) == (
        400,
        500,
    )
    assert rows["400 bis 500"].value == ""  # a range has no point value
    assert rows["400 bis 500"].qualifier == "range"
    assert rows["400 bis 500"].unit == "Unternehmen"


def test_jsonl_nests_entities_and_figures(corpus_run: Path) -> None:
    records = read_records(corpus_run)
    articles = read_csv(corpus_run, "articles.csv")
    assert len(records) == len(articles)
    for record in records:
        assert len(record["entities"]) == record["entity_count"]
        assert len(record["figures"]) == record["figure_count"]


def test_xlsx_has_one_sheet_per_table_with_frozen_header(corpus_run: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(corpus_run / "report.xlsx", read_only=False)
    # The summary sheets first (tests/test_report.py), then one sheet per table.
    assert book.sheetnames[3:] == ["articles", "entities", "figures"]
    for sheet in book.worksheets[1:]:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref
    # The detail sheets hold the last 90 days (by published, else by processed_at).
    articles = read_csv(corpus_run, "articles.csv")
    days = articles["published"].str[:10].where(
        articles["published"].str.match(r"\d{4}-\d{2}-\d{2}"), articles["processed_at"].str[:10]
    )
    first = (pd.Timestamp(days.max()) - pd.Timedelta(days=89)).strftime("%Y-%m-%d")
    assert book["articles"].max_row == (days >= first).sum() + 1


def test_second_run_is_a_no_op_with_the_same_rows(corpus_run: Path) -> None:
    def counts() -> dict[str, int]:
        with sqlite3.connect(corpus_run / "pipeline.sqlite") as conn:
            return {
                t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("articles", "entities", "figures")
            }

    before = counts()
    articles_dir = corpus_run.parent / "articles"
    result = CliRunner().invoke(cli, ["run", str(articles_dir), "--out", str(corpus_run)])
    assert result.exit_code == 0, result.output
    assert f"{before['articles']} unchanged" in result.output
    assert counts() == before
    forced = CliRunner().invoke(
        cli, ["run", str(articles_dir), "--out", str(corpus_run), "--force"]
    )
    assert forced.exit_code == 0, forced.output
    assert counts() == before


def test_excel_de_dialect_uses_semicolons_and_decimal_commas(
    corpus_run: Path, tmp_path: Path
) -> None:
    shutil.copy(corpus_run / "pipeline.sqlite", tmp_path / "pipeline.sqlite")
    result = CliRunner().invoke(cli, ["export", str(tmp_path), "--csv-dialect", "excel-de"])
    assert result.exit_code == 0, result.output
    header = export_parts(tmp_path, "figures.csv")[0].read_text("utf-8-sig").splitlines()[0]
    assert header.startswith("article_id;path;published;article_source;text;start;end;value")
    table = read_export(tmp_path, "figures.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert table["value_min"].dropna().map(float).gt(0).any()


def test_export_verbose_logs_each_step_time(corpus_run: Path, tmp_path: Path) -> None:
    shutil.copy(corpus_run / "pipeline.sqlite", tmp_path / "pipeline.sqlite")
    result = CliRunner().invoke(cli, ["export", str(tmp_path), "--formats", "csv", "-v"])
    assert result.exit_code == 0, result.output
    steps = re.findall(r"DEBUG (.+): (\d+\.\d\d) s$", result.stderr, re.MULTILINE)
    assert "name totals" in dict(steps), result.stderr
    quiet = CliRunner().invoke(cli, ["export", str(tmp_path), "--formats", "csv"])
    assert quiet.exit_code == 0, quiet.output
    assert "DEBUG" not in quiet.stderr


@pytest.mark.parametrize("command", ["run", "export", "evaluate", "purge", "serve"])
def test_every_command_has_help_with_examples(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_missing_model_is_a_clear_error_with_exit_3(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    result = CliRunner().invoke(
        cli, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--model", "de_nope"]
    )
    assert result.exit_code == 3
    assert "neither an installed spaCy package" in result.output
    assert "Traceback" not in result.output


def test_missing_input_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["run", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "input folder not found" in result.output


@pytest.mark.parametrize("command", ["export", "purge"])
def test_export_and_purge_wait_for_no_run_they_exit_75(corpus_run: Path, command: str) -> None:
    from filelock import FileLock

    from pipeline.run import LOCK_NAME

    before = (corpus_run / ".exports.json").stat().st_mtime_ns
    with FileLock(corpus_run / LOCK_NAME):
        result = CliRunner().invoke(cli, [command, str(corpus_run)])
    assert result.exit_code == 75, result.output
    assert (corpus_run / ".exports.json").stat().st_mtime_ns == before
