"""The store as an analyst's archive: metadata gold, stored text, moves, duplicates, settings."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from conftest import export_parts, has_export, read_export, read_records
from openpyxl import load_workbook

from pipeline.cli import cli
from pipeline.duplicates import (
    NEAR_DUPLICATE_THRESHOLD,
    PREFILTER_MATCHES,
    jaccard,
    shingles,
    signature,
    worth_comparing,
)
from pipeline.run import run_batch
from pipeline.settings import Settings
from pipeline.store import SCHEMA_VERSION, Store, StoreError

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = CORPUS / "gold" / "metadata.jsonl"
METADATA = (
    "title", "published", "source", "url", "author", "section", "language", "teaser",
    "dateline", "metadata_from",
)  # fmt: skip


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus run once with the real model into every format."""
    base = tmp_path_factory.mktemp("archive")
    articles = base / "articles"
    shutil.copytree(CORPUS, articles, ignore=shutil.ignore_patterns("gold"))
    out = base / "out"
    result = CliRunner().invoke(
        cli,
        # Every article on the workbook's detail sheets (the window: tests/test_nightly.py).
        ["run", str(articles), "--out", str(out), "--formats", "csv,jsonl,xlsx,parquet",
         "--xlsx-window", "0"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def gold() -> dict[str, dict]:
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    return {item["path"]: item for item in map(json.loads, lines)}


def csv(out: Path, name: str) -> pd.DataFrame:
    return read_export(out, name, encoding="utf-8-sig", keep_default_na=False, dtype=str)


def test_metadata_columns_equal_the_gold_for_every_article(corpus_out: Path) -> None:
    articles = csv(corpus_out, "articles.csv").set_index("path")
    expected = gold()
    assert set(articles.index) == set(expected)
    paths = dict(zip(articles["article_id"], articles.index, strict=True))
    for path, item in expected.items():
        row = articles.loc[path]
        got = {name: row[name] for name in METADATA}
        assert got == {name: item[name] for name in METADATA}, path
        assert (json.loads(row["extra"]) if row["extra"] else {}) == item["extra"], path
        assert paths.get(row["duplicate_of"], "") == item["duplicate_of"], path
        assert paths.get(row["near_duplicate_of"], "") == item["near_duplicate_of"], path


def test_every_span_of_every_format_is_its_text_in_the_stored_body(corpus_out: Path) -> None:
    with Store(corpus_out, readonly=True) as store:
        rows = store.conn.execute(
            'SELECT a.path, t.body, x.start, x."end", x.text FROM texts t JOIN articles a'
            ' USING (article_id) JOIN (SELECT article_id, start, "end", text FROM entities'
            ' UNION ALL SELECT article_id, start, "end", text FROM figures) x'
            " USING (article_id)"
        ).fetchall()
    suffixes = {path.rsplit(".", 1)[-1] for path, *_ in rows}
    assert suffixes == {"txt", "md", "html"}
    assert len(rows) > 500
    for path, body, start, end, text in rows:
        assert body[start:end] == text, (path, start, end, text)


def test_html_headline_is_the_title_and_not_glued_to_the_body(corpus_out: Path) -> None:
    with Store(corpus_out, readonly=True) as store:
        title, body, raw = store.conn.execute(
            "SELECT t.title, t.body, t.raw_text FROM texts t JOIN articles a USING (article_id)"
            " WHERE a.path = 'web/linz-stahl-wasserstoff.html'"
        ).fetchone()
    assert title == "Linzer Stahlwerk stellt auf Elektroöfen um"
    assert body.startswith("Linz – Am Linzer Hafen")
    assert raw.startswith(title + "\n")


def test_bylines_give_no_entities(corpus_out: Path) -> None:
    entities = csv(corpus_out, "entities.csv")
    names = set(entities.loc[entities["path"] == "ruhr/wattenscheid-gewerbegebiet.txt", "text"])
    assert "Anna Schulte" not in names
    graz = set(entities.loc[entities["path"] == "oesterreich/graz-autozulieferer.txt", "text"])
    assert "Jana Kowalski" not in graz and "Graz" in graz


def test_article_that_is_not_german_is_kept_without_extraction(corpus_out: Path) -> None:
    articles = csv(corpus_out, "articles.csv").set_index("path")
    row = articles.loc["agentur/ruhr-invest-english.txt"]
    assert (row["language"], row["status"], row["entities"], row["figures"]) == (
        "en",
        "ok",
        "0",
        "0",
    )


def test_front_matter_gives_no_figures_or_entities(corpus_out: Path) -> None:
    figures = csv(corpus_out, "figures.csv")
    entities = csv(corpus_out, "entities.csv")
    md = "bund/pflege-fachkraefte.md"
    assert "2024" not in set(figures.loc[figures["path"] == md, "text"])  # the date
    assert "240" not in set(figures.loc[figures["path"] == md, "text"])  # word_count
    assert "Miriam Lechner" not in set(entities.loc[entities["path"] == md, "text"])


def test_full_text_search_finds_titles_and_bodies(corpus_out: Path) -> None:
    with Store(corpus_out, readonly=True) as store:
        hits = dict(store.search("Elektrolichtbogenöfen"))
        assert list(hits.values()) == ["Linzer Stahlwerk stellt auf Elektroöfen um"]
        # remove_diacritics: "Grenzganger" finds "Grenzgänger" too.
        assert [t for _, t in store.search("grenzganger")] == [
            "Basler Pharmaindustrie baut Forschung aus"
        ]
        indexed = store.conn.execute("SELECT COUNT(*) FROM texts_fts").fetchone()[0]
        texts = store.conn.execute("SELECT COUNT(*) FROM texts").fetchone()[0]
    assert indexed == texts == len(gold())


def test_records_jsonl_carries_the_body_unless_told_not_to(
    corpus_out: Path, tmp_path: Path
) -> None:
    records = read_records(corpus_out)
    linz = next(r for r in records if r["path"] == "web/linz-stahl-wasserstoff.html")
    assert linz["body"].startswith("Linz – ")
    assert linz["extra"]["tags"] == ["Stahl", "Energiewende"]
    assert linz["metadata_from"] == ["html-meta"]
    assert all("published" not in e for e in linz["entities"])  # article-level, not repeated
    shutil.copy(corpus_out / "pipeline.sqlite", tmp_path / "pipeline.sqlite")
    result = CliRunner().invoke(cli, ["export", str(tmp_path), "--formats", "jsonl", "--no-text"])
    assert result.exit_code == 0, result.output
    first = read_records(tmp_path)[0]
    assert "body" not in first


def test_dates_are_typed_in_xlsx_and_parquet(corpus_out: Path) -> None:
    book = load_workbook(corpus_out / "report.xlsx", read_only=True)
    sheet = book["articles"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    by_path = {row[header.index("path")]: row for row in rows[1:]}
    linz = by_path["web/linz-stahl-wasserstoff.html"]
    assert linz[header.index("published")].isoformat() == "2024-03-07T08:15:00"
    assert by_path["bund/pflege-fachkraefte.md"][header.index("published")].year == 2024
    assert all(row[header.index("processed_at")].year >= 2024 for row in rows[1:])
    book.close()
    schema = pq.read_schema(export_parts(corpus_out, "articles.parquet")[0])
    assert str(schema.field("published").type) == "date32[day]"
    assert str(schema.field("processed_at").type) == "timestamp[ms, tz=UTC]"
    table = read_export(corpus_out, "articles.parquet")
    row = table.set_index("path").loc["web/linz-stahl-wasserstoff.html"]
    assert row["published"].isoformat() == "2024-03-07"


def test_mentions_per_month_and_source_is_one_groupby(corpus_out: Path) -> None:
    # The README's example, as an analyst would run it on the exports.
    entities = read_export(corpus_out, "entities.csv", encoding="utf-8-sig")
    entities["month"] = entities["published"].str[:7]
    table = entities.groupby(["month", "article_source"]).size()
    assert table[("2024-03", "Oberösterreich Wirtschaft")] > 0
    assert table[("2024-05", "dpa")] > 0


# --- runs over folders we change between runs -------------------------------------------

ARTICLE = (
    "Hafen {n} meldet Rekord\n\n"
    "Duisburg. Der Hafen {n} hat im vergangenen Jahr {n}00 Container mehr umgeschlagen als im"
    " Jahr davor. Das teilte die Hafengesellschaft am Montag mit. Besonders stark wuchs der"
    " Verkehr mit den Seehäfen in Rotterdam und Antwerpen, sagte Sprecherin Carla Wenning.\n"
)


def settings(root: Path, out: Path, **options: object) -> Settings:
    return Settings(input_dir=root, out_dir=out, model="blank", batch_size=2, **options)  # type: ignore[arg-type]


def snapshot(out: Path) -> dict[str, list[tuple]]:
    with Store(out, readonly=True) as store:
        return {
            "articles": store.conn.execute(
                "SELECT article_id, path, status, entities, figures FROM articles ORDER BY 1"
            ).fetchall(),
            "entities": store.conn.execute(
                "SELECT article_id, seq, text, start FROM entities ORDER BY 1, 2"
            ).fetchall(),
            "orphans": store.conn.execute(
                "SELECT COUNT(*) FROM entities WHERE article_id NOT IN"
                " (SELECT article_id FROM articles)"
            ).fetchall(),
        }


def test_a_moved_folder_is_not_processed_again(
    write_inputs, tmp_path: Path, stub_extract: object
) -> None:
    root = write_inputs({f"ruhr/hafen-{n}.txt": ARTICLE.format(n=n) for n in range(1, 5)})
    write_inputs({"bund/andere.txt": ARTICLE.format(n=9)})
    out = tmp_path / "out"
    first = run_batch(settings(root, out, formats=("csv",)))
    assert first.processed == 5
    before = snapshot(out)
    (root / "archiv").mkdir()
    (root / "ruhr").rename(root / "archiv" / "ruhr")
    (root / "bund" / "andere.txt").rename(root / "bund" / "umbenannt.txt")
    second = run_batch(settings(root, out, formats=("csv",)))
    assert (second.processed, second.moved, second.missing, second.unchanged) == (0, 5, 0, 5)
    after = snapshot(out)
    assert after["entities"] == before["entities"]  # same rows under the same ids
    assert after["orphans"] == [(0,)]
    paths = sorted(path for _, path, *_ in after["articles"])
    assert paths == [
        "archiv/ruhr/hafen-1.txt", "archiv/ruhr/hafen-2.txt", "archiv/ruhr/hafen-3.txt",
        "archiv/ruhr/hafen-4.txt", "bund/umbenannt.txt",
    ]  # fmt: skip
    assert {status for _, _, status, *_ in after["articles"]} == {"ok"}
    articles = read_export(out, "articles.csv", encoding="utf-8-sig", keep_default_na=False)
    assert set(articles["source"]) == {"archiv", "bund"}  # the path default follows the move
    # A new file at an old path is a new article, not the moved one.
    write_inputs({"bund/andere.txt": ARTICLE.format(n=7)})
    third = run_batch(settings(root, out, formats=("csv",)))
    assert third.processed == 1
    assert len(snapshot(out)["articles"]) == 6


def test_identical_and_near_identical_copies_are_flagged(
    write_inputs, tmp_path: Path, stub_extract: object
) -> None:
    story = ARTICLE.format(n=3)
    edited = story.replace("am Montag", "am Dienstag").replace("Hafen 3 meldet", "Rekord für")
    page = (
        "<html><head><title>Hafen 3 meldet Rekord</title>"
        '<meta property="article:published_time" content="2024-01-05"></head><body><article>'
        "<h1>Hafen 3 meldet Rekord</h1><p>"
        + story.split("\n\n", 1)[1].strip()
        + "</p></article></body></html>"
    )
    root = write_inputs(
        {
            "a/hafen.txt": story,  # no date: sorts after the dated copy
            "b/hafen.html": page,
            "c/hafen-bearbeitet.txt": edited,
            "d/anders.txt": FAR[1],
        }
    )
    out = tmp_path / "out"
    run_batch(settings(root, out, formats=("csv",)))
    rows = read_export(out, "articles.csv", encoding="utf-8-sig", keep_default_na=False)
    ids = dict(zip(rows["path"], rows["article_id"], strict=True))
    flags = rows.set_index("path")[["duplicate_of", "near_duplicate_of"]].to_dict("index")
    assert flags["b/hafen.html"] == {"duplicate_of": "", "near_duplicate_of": ""}  # the original
    assert flags["a/hafen.txt"]["duplicate_of"] == ids["b/hafen.html"]
    assert flags["c/hafen-bearbeitet.txt"]["near_duplicate_of"] == ids["b/hafen.html"]
    assert flags["d/anders.txt"] == {"duplicate_of": "", "near_duplicate_of": ""}
    # The original goes: the copies point at the next one in line.
    (root / "b" / "hafen.html").unlink()
    run_batch(settings(root, out, formats=("csv",)))
    rows = read_export(out, "articles.csv", encoding="utf-8-sig", keep_default_na=False)
    flags = rows.set_index("path")[["duplicate_of", "near_duplicate_of"]].to_dict("index")
    assert flags["a/hafen.txt"] == {"duplicate_of": "", "near_duplicate_of": ""}
    assert flags["c/hafen-bearbeitet.txt"]["near_duplicate_of"] == ids["a/hafen.txt"]


# Pairs we wrote: a syndicated copy with small edits, and two reports of one event.
ORIGINAL = (
    "Die Stadtwerke Bochum erhöhen zum 1. Januar die Preise für Fernwärme um durchschnittlich"
    " 14 Prozent. Für einen Haushalt mit einem Verbrauch von 10.000 Kilowattstunden steigt die"
    " Rechnung damit um rund 180 Euro im Jahr. Als Grund nennt das Unternehmen die gestiegenen"
    " Kosten für Erdgas und für den Ausbau des Netzes. Der Strompreis bleibt dagegen stabil,"
    " teilte eine Sprecherin mit. Kunden, die ihren Vertrag online verwalten, erhalten einen"
    " Bonus von 20 Euro. Die Verbraucherzentrale rät, die Abrechnung genau zu prüfen."
)
NEAR = [
    # An agency copy with a new first sentence and one sentence dropped.
    ORIGINAL.replace("Die Stadtwerke Bochum erhöhen", "Teurer heizen in Bochum: Die Stadtwerke"
                     " erhöhen").replace(" Die Verbraucherzentrale rät, die Abrechnung genau"
                                         " zu prüfen.", ""),
    # A copy with two numbers and a verb changed, as a second desk edits it.
    ORIGINAL.replace("14 Prozent", "13,8 Prozent").replace("teilte eine Sprecherin mit",
                                                          "sagte eine Sprecherin"),
]  # fmt: skip
FAR = [
    # The same event, written independently by another paper.
    "Fernwärme wird in Bochum teurer: Ab Januar zahlen Kunden der Stadtwerke im Schnitt 14"
    " Prozent mehr. Ein typischer Haushalt muss mit Mehrkosten von etwa 180 Euro rechnen. Das"
    " Unternehmen verweist auf höhere Gaspreise und Investitionen in das Netz. Beim Strom"
    " ändert sich nichts.",
    # Another story from the same desk.
    "Die Stadtwerke Herne bauen ihr Netz für Ladesäulen aus. Bis Ende des Jahres sollen 40"
    " neue Ladepunkte entstehen, die meisten davon in Wohngebieten. Das Land fördert den Ausbau"
    " mit 600.000 Euro.",
]


@pytest.mark.parametrize("copy", NEAR)
def test_syndicated_copies_are_near_duplicates(copy: str) -> None:
    assert jaccard(shingles(ORIGINAL), shingles(copy)) >= NEAR_DUPLICATE_THRESHOLD
    # and pass the MinHash screen that comes before the exact comparison
    assert worth_comparing(signature(shingles(ORIGINAL)), signature(shingles(copy)))


def test_minhash_values_are_datasketchs_affine32_values() -> None:
    """signature() computes datasketch's MinHash by hand (to spare every run its import of
    scipy): the values, and so the keys in every store, must be exactly datasketch's."""
    datasketch = pytest.importorskip("datasketch", reason="datasketch is a dev dependency")
    from pipeline.duplicates import MINHASH_SCHEME, MINHASH_SEED, NUM_PERM

    texts = [ORIGINAL, *NEAR, *FAR, "Bochum", "Zwei Wörter", "Öl, Gas und Strom: 14 % mehr"]
    sets = [shingles(text) for text in texts]
    sets += [{f"{i} {i * 7919 % 1000} x" for i in range(n)} for n in (1, 2, 500, 5000)]
    for items in sets:
        expected = datasketch.MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
        expected.update_batch([item.encode("utf-8") for item in items])
        mine = signature(items)
        assert mine.dtype == np.uint32 and mine.shape == (NUM_PERM,)
        assert mine.tolist() == expected.hashvalues.tolist()
    assert signature(set()).size == 0


@pytest.mark.parametrize("other", FAR)
def test_other_reports_of_the_same_event_are_not(other: str) -> None:
    assert jaccard(shingles(ORIGINAL), shingles(other)) < NEAR_DUPLICATE_THRESHOLD / 2


def test_a_changed_sidecar_updates_metadata_without_processing(
    write_inputs, tmp_path: Path, stub_extract: object
) -> None:
    root = write_inputs({"x/hafen.txt": ARTICLE.format(n=1), "x/hafen.json": '{"source": "WAZ"}'})
    out = tmp_path / "out"
    run_batch(settings(root, out, formats=("csv",)))
    (root / "x" / "hafen.json").write_text('{"source": "NRZ", "date": "2024-06-03"}', "utf-8")
    summary = run_batch(settings(root, out, formats=("csv",)))
    assert (summary.processed, summary.unchanged, summary.sidecars) == (0, 1, 1)
    row = read_export(out, "articles.csv", encoding="utf-8-sig", keep_default_na=False).iloc[0]
    assert (row["source"], row["published"]) == ("NRZ", "2024-06-03")
    with Store(out, readonly=True) as store:  # the names' kept totals follow the metadata
        names = store.canonical_names("ORG")
        assert names.rows and names == store.canonical_names_grouped("ORG")
        at = names.columns.index
        assert {(r[at("sources")], r[at("first_published")]) for r in names.rows} == {
            ("NRZ", "2024-06-03")
        }


def test_names_added_to_by_new_articles_equal_a_grouping_of_all_rows(
    write_inputs, tmp_path: Path, stub_extract: object
) -> None:
    """A night's new articles are added to the kept totals of the names they mention
    (names_added); an article changed or removed, or a source that holds the sources'
    separator, makes a name grouped again from all its rows. Either way: the grouping."""
    out = tmp_path / "out"
    nights = [
        {"a/hafen.txt": ARTICLE.format(n=1), "a/hafen.json": '{"source": "WAZ"}'},
        {
            "b/werft.txt": ARTICLE.format(n=2),
            "b/werft.json": '{"source": "NRZ", "date": "2026-10-02"}',
        },
        {
            "c/kai.txt": ARTICLE.format(n=3),
            "c/kai.json": '{"source": "Rheinische Post; Online", "date": "2025-01-20"}',
        },
        {"d/dock.txt": ARTICLE.format(n=4), "d/dock.json": '{"source": "WAZ"}'},
        {"a/hafen.txt": ARTICLE.format(n=5)},  # changed: its old rows go
    ]
    for night in nights:
        root = write_inputs(night)
        run_batch(settings(root, out, formats=("csv",)))
        with Store(out, readonly=True) as store:
            assert store._names_current()
            names = store.canonical_names("ORG")
            assert names.rows and names == store.canonical_names_grouped("ORG")
    (root / "b" / "werft.txt").unlink()
    run_batch(settings(root, out, formats=("csv",)))
    with Store(out, readonly=True) as store:
        names = store.canonical_names("ORG")
        assert names == store.canonical_names_grouped("ORG")
        at = names.columns.index
        hafen = next(row for row in names.rows if row[at("canonical")] == "Hafen")
        assert hafen[at("sources")] == "Rheinische Post; Online; WAZ"
        assert hafen[at("articles")] == 3


def test_run_keeps_the_dialect_an_export_chose(
    write_inputs, tmp_path: Path, stub_extract: object
) -> None:
    root = write_inputs({"x/hafen.txt": ARTICLE.format(n=1)})
    out = tmp_path / "out"
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["run", str(root), "--out", str(out), "--model", "blank"]).exit_code == 0
    )
    result = runner.invoke(cli, ["export", str(out), "--csv-dialect", "excel-de"])
    assert result.exit_code == 0, result.output
    write_inputs({"x/neu.txt": ARTICLE.format(n=2)})  # new work, so the exports are rebuilt
    result = runner.invoke(cli, ["run", str(root), "--out", str(out), "--model", "blank"])
    assert result.exit_code == 0, result.output
    header = export_parts(out, "articles.csv")[0].read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("article_id;path;title;")
    assert has_export(out, "records.jsonl") and (out / "report.xlsx").exists()


def test_formats_no_longer_asked_for_are_removed(
    write_inputs, tmp_path: Path, stub_extract: object
) -> None:
    root = write_inputs({"x/hafen.txt": ARTICLE.format(n=1)})
    out = tmp_path / "out"
    run_batch(settings(root, out, formats=("csv", "jsonl", "xlsx"), layout="single"))
    run_batch(settings(root, out, formats=("csv", "parquet")))
    names = {path.name for path in out.iterdir() if not path.name.startswith(".")}
    assert names == {
        "pipeline.sqlite", "articles.csv", "entities.csv", "figures.csv",
        "articles.parquet", "entities.parquet", "figures.parquet",
    } | {name for name in names if name.startswith("pipeline.sqlite-")}  # fmt: skip
    # And a plain run afterwards keeps the formats last chosen.
    write_inputs({"x/neu.txt": ARTICLE.format(n=2)})
    run_batch(settings(root, out))
    assert not (out / "records.jsonl").exists() and (out / "articles.parquet").exists()
    # In the monthly layout a format's folder goes the same way.
    run_batch(settings(root, out, formats=("csv", "jsonl"), layout="monthly"))
    names = {path.name for path in out.iterdir() if not path.name.startswith(".")}
    names -= {"pipeline.sqlite-wal", "pipeline.sqlite-shm"}
    assert names == {"pipeline.sqlite", "csv", "jsonl"}
    run_batch(settings(root, out, formats=("csv",)))
    assert not (out / "jsonl").exists() and (out / "csv" / "figures").is_dir()


def test_quiet_prints_warnings_and_the_summary_once(write_inputs, tmp_path: Path) -> None:
    root = write_inputs({"x/hafen.txt": ARTICLE.format(n=1), "x/leer.txt": "", "x/bild.png": "x"})
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["run", str(root), "--out", str(out), "--model", "blank", "--quiet"]
    )
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert sum("files seen" in line for line in lines) == 1
    assert "skipped by type: .png 1" in result.output
    assert all("WARNING" in line or "SUMMARY" in line for line in lines), lines
    verbose = CliRunner().invoke(
        cli, ["run", str(root), "--out", str(tmp_path / "v"), "--model", "blank", "-v"]
    )
    assert "x/bild.png: skipped" in verbose.output


# The schema of the first release (0.1), as its store.py created it.
SCHEMA_1 = """
CREATE TABLE articles (article_id TEXT PRIMARY KEY, path TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '', dateline TEXT NOT NULL DEFAULT '',
    encoding TEXT NOT NULL DEFAULT '', chars INTEGER NOT NULL DEFAULT 0,
    tokens INTEGER NOT NULL DEFAULT 0, entities INTEGER NOT NULL DEFAULT 0,
    figures INTEGER NOT NULL DEFAULT 0, model TEXT NOT NULL DEFAULT '',
    version TEXT NOT NULL DEFAULT '', status TEXT NOT NULL, error TEXT NOT NULL DEFAULT '',
    sha256 TEXT NOT NULL DEFAULT '', size INTEGER, mtime_ns INTEGER, processed_at TEXT NOT NULL);
CREATE TABLE entities (article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    seq INTEGER NOT NULL, label TEXT NOT NULL, text TEXT NOT NULL, canonical TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, sentence TEXT NOT NULL, source TEXT NOT NULL,
    geonames_id INTEGER, latitude REAL, longitude REAL, state TEXT,
    PRIMARY KEY (article_id, seq));
CREATE TABLE figures (article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    seq INTEGER NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    value REAL, value_min REAL, value_max REAL, qualifier TEXT NOT NULL, unit TEXT NOT NULL,
    kind TEXT NOT NULL, normalized TEXT NOT NULL DEFAULT '', sentence TEXT NOT NULL,
    PRIMARY KEY (article_id, seq));
CREATE INDEX articles_path ON articles(path);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
PRAGMA user_version=1;
INSERT INTO articles (article_id, path, status, sha256, version, processed_at)
    VALUES ('a1', 'x/hafen.txt', 'ok', 'abc', 'article-pipeline 0.1.0 / blank', '2024-01-01');
INSERT INTO entities VALUES ('a1', 0, 'LOC', 'Duisburg', 'Duisburg', 0, 8, 'Duisburg.', 'model',
    NULL, NULL, NULL, NULL);
INSERT INTO meta VALUES ('store_id', 'old'), ('generation', '3');
"""


def test_a_first_release_store_is_migrated_and_then_completed(
    write_inputs, tmp_path: Path, stub_extract: object
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    conn = sqlite3.connect(out / "pipeline.sqlite")
    conn.executescript(SCHEMA_1)
    conn.close()
    with Store(out) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.conn.execute("SELECT path, source FROM articles").fetchall() == [
            ("x/hafen.txt", "")
        ]
        assert store.counts()["entities"] == 1  # kept until the article is processed again
        assert store.store_id() == "old"
    root = write_inputs({"x/hafen.txt": ARTICLE.format(n=1)})
    summary = run_batch(settings(root, out, formats=("csv",)))
    assert summary.processed == 1  # an older version's results are replaced
    with Store(out, readonly=True) as store:
        assert store.body_of(store.known_files()["x/hafen.txt"].article_id) == ARTICLE.format(n=1)


# What schema 5 added (the partitions' totals), taken out again to make an older store.
# What schema 6 added (names only added to), taken out again to make an older store.
SCHEMA_6_UNDONE = """
DROP TABLE names_added; DROP TRIGGER entities_names_ai;
CREATE TRIGGER entities_names_ai AFTER INSERT ON entities BEGIN
    INSERT OR IGNORE INTO names_changed VALUES (new.label, new.canonical);
END;
"""
SCHEMA_5_UNDONE = SCHEMA_6_UNDONE + """
DROP TRIGGER articles_parts_ai; DROP TRIGGER articles_parts_ad; DROP TRIGGER articles_parts_au;
DROP TABLE part_totals; DROP TABLE parts_changed; DROP INDEX articles_part;
""" + "".join(
    f"DROP TRIGGER {table}_parts_{event};"
    for table in ("entities", "figures")
    for event in ("ai", "ad", "au")
)
# What schema 4 added (the names' totals), taken out again to make an older store.
SCHEMA_4_UNDONE = (
    SCHEMA_5_UNDONE
    + """
DROP TRIGGER entities_names_ai; DROP TRIGGER entities_names_ad; DROP TRIGGER entities_names_au;
DROP TRIGGER articles_names_au; DROP TABLE name_totals; DROP TABLE names_changed;
DROP INDEX entities_name;
"""
)


def test_a_schema_4_store_gets_the_totals_of_its_partitions(
    write_inputs, tmp_path: Path, stub_extract: object
) -> None:
    """0.4's stores read every article for the partitions' digests and grouped every row
    for the summary counts: opening one notes every partition, and the next export keeps
    their totals, equal to what the full queries give."""
    root = write_inputs(
        {
            "x/hafen.txt": ARTICLE.format(n=1),
            "y/werft.md": f"---\ndate: 2026-10-02\n---\n{ARTICLE.format(n=2)}",
            "y/kai.md": f"---\ndate: 2026-11-12\n---\n{ARTICLE.format(n=3)}",
        }
    )
    out = tmp_path / "out"
    run_batch(settings(root, out, formats=("csv",)))
    conn = sqlite3.connect(out / "pipeline.sqlite")
    conn.executescript(SCHEMA_5_UNDONE + "PRAGMA user_version=4;")
    conn.close()
    with Store(out, readonly=True) as store:  # read-only: answered by the full queries
        assert not store._parts_current()
        parts = store.partition_fingerprints()
        summary = (store.overview(), store.figures_by_kind(), store.linked_places())
    assert set(parts) == {"2026-10", "2026-11", "undated"}
    assert summary[0]["figures"] > 0 and summary[0]["articles"] == 3
    with Store(out) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.refresh_parts() == 3 and store.refresh_parts() == 0
        assert store._parts_current()
        assert store.partition_fingerprints() == parts
        assert (store.overview(), store.figures_by_kind(), store.linked_places()) == summary


def test_a_schema_3_store_gets_the_totals_of_its_names(
    write_inputs, tmp_path: Path, stub_extract: object
) -> None:
    """0.3's stores grouped every entity row for the name sheets: opening one notes every
    name, and the next export keeps their totals, equal to the grouping."""
    root = write_inputs({"x/hafen.txt": ARTICLE.format(n=1), "y/werft.txt": ARTICLE.format(n=2)})
    out = tmp_path / "out"
    run_batch(settings(root, out, formats=("csv",)))
    conn = sqlite3.connect(out / "pipeline.sqlite")
    conn.executescript(SCHEMA_4_UNDONE + "PRAGMA user_version=3;")
    conn.close()
    with Store(out, readonly=True) as store:  # read-only: answered by the grouping
        grouped = {label: store.canonical_names(label) for label in ("ORG", "LOC")}
    assert grouped["ORG"].rows
    with Store(out) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.refresh_names() > 0 and store.refresh_names() == 0
        for label in ("ORG", "LOC"):
            assert store.canonical_names(label) == grouped[label]
            assert store.canonical_names(label) == store.canonical_names_grouped(label)


def test_a_schema_2_store_gets_the_signatures_of_its_articles(
    write_inputs, tmp_path: Path, stub_extract: object
) -> None:
    """0.2's stores had near-duplicate keys but no signatures: opening one fills them from
    the stored texts, the same as new articles get, and marking goes on as before."""
    text = ARTICLE.format(n=1)
    root = write_inputs({"x/hafen.txt": text, "x/kopie.txt": text + " Nachtrag.", "x/leer.txt": ""})
    out = tmp_path / "out"
    run_batch(settings(root, out, formats=("csv",)))
    conn = sqlite3.connect(out / "pipeline.sqlite")
    wanted = conn.execute("SELECT * FROM near_signatures ORDER BY article_id").fetchall()
    marks = conn.execute("SELECT path, near_duplicate_of FROM articles ORDER BY path").fetchall()
    conn.executescript(SCHEMA_4_UNDONE + "DROP TABLE near_signatures; PRAGMA user_version=2;")
    conn.close()
    assert len(wanted) == 2 and any(mark for _, mark in marks)
    with Store(out) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        stored = store.conn.execute("SELECT * FROM near_signatures ORDER BY article_id")
        assert stored.fetchall() == wanted
    (root / "x" / "zweite-kopie.txt").write_text(text + " Zweiter Nachtrag.", encoding="utf-8")
    assert run_batch(settings(root, out, formats=("csv",))).processed == 1
    with Store(out, readonly=True) as store:
        now = dict(store.conn.execute("SELECT path, near_duplicate_of FROM articles"))
    assert {path: now[path] for path, _ in marks} == dict(marks)
    assert now["x/zweite-kopie.txt"] == now["x/kopie.txt"]  # the same original


def test_a_newer_store_is_refused_and_left_as_it_is(write_inputs, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    conn = sqlite3.connect(out / "pipeline.sqlite")
    conn.executescript(f"CREATE TABLE articles (x); PRAGMA user_version={SCHEMA_VERSION + 1};")
    conn.close()
    before = (out / "pipeline.sqlite").read_bytes()
    with pytest.raises(StoreError, match="newer article-pipeline"):
        Store(out)
    root = write_inputs({"x/hafen.txt": ARTICLE.format(n=1)})
    result = CliRunner().invoke(cli, ["run", str(root), "--out", str(out), "--model", "blank"])
    assert result.exit_code == 4
    assert "newer article-pipeline" in result.output
    assert (out / "pipeline.sqlite").read_bytes() == before
    conn = sqlite3.connect(out / "pipeline.sqlite")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    conn.close()


def test_a_file_that_is_no_store_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "pipeline.sqlite").write_bytes(b"Dies ist keine Datenbank, sondern ein Brief." * 100)
    with pytest.raises(StoreError, match="not a usable SQLite store"):
        Store(out)


def _random_article(rng, number: int, step: int, body: str, body_hash: str):
    """Article number `number` as saved in `step`: a random folder and date (or none)."""
    from pipeline.records import Article

    return Article(
        article_id=f"id{number:02d}",
        path=f"{rng.choice('abc')}/artikel-{number:02d}.txt",
        body=body,
        published=rng.choice(["", "2024-03-01", "2024-03-02", "2024-02-28"]),
        sha256=f"{number}-{step}",
        body_hash=body_hash,
    )


def test_exact_duplicates_marked_per_change_equal_a_ranking_of_the_whole_store(
    tmp_path: Path,
) -> None:
    """The store re-ranks only the groups a batch touches; after any sequence of saves
    (new copies, edits that leave or join a group, errors, purges) every pointer must be
    what ranking the whole table gives."""
    import random

    from pipeline.records import ArticleResult

    whole = """
        WITH ranked AS (
            SELECT article_id, FIRST_VALUE(article_id) OVER (
                PARTITION BY body_hash ORDER BY published = '', published, path) AS original
            FROM articles WHERE status = 'ok' AND body_hash != '')
        SELECT a.article_id, CASE WHEN r.original IS NULL OR r.original = a.article_id
            THEN '' ELSE r.original END
        FROM articles a LEFT JOIN ranked r USING (article_id)"""
    texts = [
        "Die Stadtwerke Bochum investieren 12 Millionen Euro in ein neues Netz.",
        "In Dortmund eröffnet ein Gründerzentrum mit 40 Arbeitsplätzen.",
        "Die IHK Essen meldet einen Rückgang der Ausbildungsverträge um 3 Prozent.",
    ]
    rng = random.Random(16)
    with Store(tmp_path) as store:
        for step in range(60):
            batch = []
            for _ in range(rng.randint(1, 4)):
                number = rng.randrange(12)
                body = rng.choice(texts)
                status = "ok" if rng.random() > 0.15 else "error"
                article = _random_article(rng, number, step, body, str(texts.index(body)))
                batch.append(ArticleResult(article, status))
            store.save_results({r.article.article_id: r for r in batch}.values(), "test")
            if step % 15 == 14:
                with store.transaction() as conn:
                    conn.execute("UPDATE articles SET status = 'missing' WHERE article_id = 'id03'")
                store.purge_missing()
            expected = dict(store.conn.execute(whole).fetchall())
            stored = dict(store.conn.execute("SELECT article_id, duplicate_of FROM articles"))
            assert stored == expected, step
        assert sum(1 for v in expected.values() if v) >= 3  # copies were there to find


def test_near_duplicates_marked_per_change_equal_a_fresh_evaluation(tmp_path: Path) -> None:
    """Copies of one report with more or fewer edits, saved, edited, failed and re-dated
    in random batches: after every batch each article's near_duplicate_of is the first
    article in order (published, path) among its candidates at the threshold, as if every
    article were evaluated afresh."""
    import random

    from pipeline.records import ArticleResult

    words = (  # noqa: SIM905 (a sentence reads better as one)
        "Die Stadtwerke Bochum wollen bis 2030 rund 120 Millionen Euro in das Fernwärmenetz"
        " investieren und dabei 40 neue Stellen schaffen sagte der Vorstand am Montag vor"
        " Journalisten im Rathaus der Stadt wo auch die Oberbürgermeisterin das Vorhaben"
        " lobte und weitere Fördermittel des Landes in Aussicht stellte"
    ).split()
    others = ["Dortmund", "Essen", "Hagen", "Herne", "Gelsenkirchen", "Bottrop", "Witten"]
    rng = random.Random(7)

    def copy_of() -> str:
        edits = rng.choice([0, 1, 2, 4, 7])  # few edits: a copy; many: another text
        text = list(words)
        for _ in range(edits):
            text[rng.randrange(len(text))] = rng.choice(others)
        return " ".join(text)

    def fresh(store: Store) -> dict[str, str]:
        conn = store.conn
        rows = {
            r[0]: r[1:]
            for r in conn.execute(
                "SELECT article_id, status, body_hash, published, path FROM articles"
            )
        }
        text = dict(conn.execute("SELECT article_id, body FROM texts"))
        wanted = {}
        screened.clear()
        for article_id, (status, body_hash, published, path) in rows.items():
            wanted[article_id] = ""
            if status != "ok":
                continue
            mine = (published == "", published, path)
            candidates = {
                c
                for (c,) in conn.execute(
                    "SELECT DISTINCT c.article_id FROM near_keys k JOIN near_keys c"
                    " ON c.key = k.key WHERE k.article_id = ? AND c.article_id != ?",
                    (article_id, article_id),
                )
                if rows[c][0] == "ok" and rows[c][1] != body_hash
            }
            for c in sorted(candidates, key=lambda c: (rows[c][2] == "", rows[c][2], rows[c][3])):
                if (rows[c][2] == "", rows[c][2], rows[c][3]) >= mine:
                    break
                equal = signature(shingles(text[article_id])) == signature(shingles(text[c]))
                if equal.sum() < PREFILTER_MATCHES:
                    screened.add(article_id)
                    continue  # screened out: not compared exactly
                similar = jaccard(shingles(text[article_id]), shingles(text[c]))
                if similar >= NEAR_DUPLICATE_THRESHOLD:
                    wanted[article_id] = c
                    break
        return wanted

    screened: set[str] = set()
    screens = 0
    with Store(tmp_path) as store:
        for step in range(40):
            batch = {}
            for _ in range(rng.randint(1, 5)):
                number = rng.randrange(16)
                body = copy_of()
                article = _random_article(rng, number, step, body, str(hash(body)))
                status = "ok" if rng.random() > 0.1 else "error"
                batch[article.article_id] = ArticleResult(article, status)
            store.save_results(batch.values(), "test")
            stored = dict(store.conn.execute("SELECT article_id, near_duplicate_of FROM articles"))
            assert stored == fresh(store), step
            screens += len(screened)
        assert sum(1 for v in stored.values() if v) >= 4  # copies were there to find
        assert screens  # and candidates the screen left out
