"""`article-pipeline serve`: a real Datasette process on 127.0.0.1, fetched over HTTP."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.serve import HOST, datasette_command

pytest.importorskip("datasette", reason="the serve extra: pip install 'article-pipeline[serve]'")

START_SECONDS = 60  # Datasette starts in about a second; a busy shared machine takes longer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


@pytest.fixture(scope="module")
def served(corpus_report: Path) -> Iterator[str]:
    """`python -m pipeline serve OUT --port N` running; yields its base URL, then stops it."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "serve", str(corpus_report), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                status, _ = fetch(f"{base}/-/versions.json")
                if status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                output = process.communicate(timeout=10)[0].decode("utf-8", "replace")
                pytest.fail(f"Datasette did not come up on {base}:\n{output}")
            time.sleep(0.2)
        yield base
    finally:
        if process.poll() is None:
            process.terminate()  # the command's SIGTERM handler stops Datasette too
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def test_table_page_shows_german_and_english_names_with_facets(served: str) -> None:
    status, page = fetch(f"{served}/pipeline/entities?_facet=label")
    assert status == 200
    assert "Entitäten / entities" in page
    assert "Typ / label: ORG, LOC, PER, MISC" in page  # the column's description
    status, body = fetch(f"{served}/pipeline/entities.json?_facet=label&_size=0")
    facets = json.loads(body)["facet_results"]
    labels = {item["value"] for item in facets["label"]["results"]}
    assert {"ORG", "LOC", "PER"} <= labels
    # The metadata's own facets come without asking: source on articles, kind on figures.
    _, body = fetch(f"{served}/pipeline/figures.json?_size=0")
    assert "kind" in json.loads(body)["facet_results"]
    _, body = fetch(f"{served}/pipeline/articles.json?_size=0")
    assert "source" in json.loads(body)["facet_results"]


def test_full_text_search_finds_articles(served: str) -> None:
    query = urllib.parse.urlencode({"_search": "Wasserstoff", "_shape": "objects"})
    status, body = fetch(f"{served}/pipeline/texts.json?{query}")
    assert status == 200
    titles = [row["title"] for row in json.loads(body)["rows"]]
    assert "Wasserstoff-Kernnetz: 9.000 Kilometer Leitungen bis 2032" in titles
    # Diacritics folded, as in the store: "grenzganger" finds "Grenzgänger".
    query = urllib.parse.urlencode({"_search": "grenzganger", "_shape": "objects"})
    _, body = fetch(f"{served}/pipeline/texts.json?{query}")
    assert json.loads(body)["rows"]


def test_store_is_read_only_over_http(served: str, corpus_report: Path) -> None:
    before = (corpus_report / "pipeline.sqlite").read_bytes()
    query = urllib.parse.urlencode({"sql": "DELETE FROM figures"})
    status, body = fetch(f"{served}/pipeline.json?{query}")
    assert status == 400 and "Statement must be a SELECT" in body
    status, _ = fetch(f"{served}/pipeline/articles_per_month.json")  # a canned query
    assert status == 200
    assert (corpus_report / "pipeline.sqlite").read_bytes() == before


def test_datasette_is_bound_to_localhost_only(tmp_path: Path) -> None:
    command = datasette_command(tmp_path, 8123)
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert command[command.index("--metadata") + 1].endswith("datasette_metadata.json")


def test_metadata_describes_only_columns_the_store_has(corpus_report: Path) -> None:
    from pipeline.serve import METADATA, metadata_for
    from pipeline.store import Store

    with Store(corpus_report, readonly=True) as store:
        tables = metadata_for(store)["databases"]["pipeline"]["tables"]
        for name, table in tables.items():
            assert set(table.get("columns", {})) <= set(store.columns_of(name)), name
    full = json.loads(METADATA.read_text(encoding="utf-8"))["databases"]["pipeline"]["tables"]
    # Both languages for every column of the three tables.
    for name in ("articles", "entities", "figures"):
        for column, text in full[name]["columns"].items():
            assert " / " in text or column in ("url", "tokens", "geonames_id"), (name, column)


def test_serve_without_a_store_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", str(tmp_path)])
    assert result.exit_code == 2
    assert "no pipeline.sqlite" in result.output
