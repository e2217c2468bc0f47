"""What the analyst looks at: the workbook's summary sheets, places.geojson, the HTML pages."""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import read_export

from pipeline.export import export_all
from pipeline.review_html import KEYS_DIR, PAGE_MANIFEST, Span, format_number, render_text
from pipeline.run import run_batch
from pipeline.settings import ExportSettings, Settings
from pipeline.store import Store

SHEETS = ["Übersicht", "Organisationen", "Orte", "articles", "entities", "figures"]


def csv(out: Path, name: str) -> pd.DataFrame:
    return read_export(out, name, encoding="utf-8-sig", keep_default_na=False)


@pytest.fixture(scope="module")
def book(corpus_report: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(corpus_report / "report.xlsx")


def rows_of(sheet) -> list[dict]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_sheets_come_summary_first_then_names_then_tables(book) -> None:
    assert book.sheetnames == SHEETS
    assert book.active.title == "Übersicht"


def test_summary_sheet_holds_the_runs_numbers_and_charts(book, corpus_report: Path) -> None:
    sheet = book["Übersicht"]
    labels = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}
    articles = csv(corpus_report, "articles.csv")
    assert labels["Artikel"] == len(articles)
    assert labels["Entitäten (Nennungen)"] == len(csv(corpus_report, "entities.csv"))
    assert labels["Zahlenangaben"] == len(csv(corpus_report, "figures.csv"))
    dated = articles[articles["published"] != ""]["published"].str[:10]
    assert labels["erstes Datum"] == datetime.fromisoformat(dated.min())  # a date cell
    assert labels["letztes Datum"] == datetime.fromisoformat(dated.max())
    # Four charts: months by source, top organisations, top places, figures by kind.
    assert len(sheet._charts) == 4
    top = [row for row in sheet.iter_rows(values_only=True) if row[0] == "dpa"]
    assert top and top[0][1] == 7  # dpa is named in seven articles of the sample corpus


def test_organisations_sheet_counts_articles_per_canonical_name(book, corpus_report) -> None:
    entities = csv(corpus_report, "entities.csv")
    orgs = entities[entities["label"] == "ORG"]
    rows = {row["canonical"]: row for row in rows_of(book["Organisationen"])}
    assert set(rows) == set(orgs["canonical"])
    köln = rows["Bezirksregierung Köln"]
    mine = orgs[orgs["canonical"] == "Bezirksregierung Köln"]
    assert köln["articles"] == mine["article_id"].nunique() == 3
    assert köln["mentions"] == len(mine)
    assert köln["label"] == "ORG"
    assert isinstance(köln["first_published"], datetime)  # a date cell, not text
    dated = [day[:10] for day in mine["published"] if day]
    assert köln["first_published"] == datetime.fromisoformat(min(dated))
    assert set(köln["sources"].split("; ")) == set(mine["article_source"]) - {""}
    # Most-mentioned first: the order the charts and the analyst want.
    counts = [row["articles"] for row in rows_of(book["Organisationen"])]
    assert counts == sorted(counts, reverse=True)


def test_places_sheet_has_state_and_coordinates(book) -> None:
    rows = {row["canonical"]: row for row in rows_of(book["Orte"])}
    bochum = rows["Bochum"]
    assert bochum["state"] == "Nordrhein-Westfalen"
    assert bochum["geonames_id"] == 2947416
    assert bochum["latitude"] == pytest.approx(51.48, abs=0.01)
    assert bochum["longitude"] == pytest.approx(7.22, abs=0.01)
    header = [cell.value for cell in book["Orte"][1]]
    assert header[:7] == [
        "canonical", "label", "mentions", "articles", "first_published", "last_published",
        "sources",
    ]  # fmt: skip


def test_detail_sheets_keep_csv_headers_with_german_comments(book, corpus_report) -> None:
    for table in ("articles", "entities", "figures"):
        header = [cell.value for cell in book[table][1]]
        assert header == list(csv(corpus_report, f"{table}.csv").columns)
    published = book["articles"]["D1"]
    assert published.value == "published" and published.comment.text == "Datum"
    assert book["figures"].freeze_panes == "A2" and book["figures"].auto_filter.ref


def test_dates_money_and_percentages_are_typed_and_formatted(book) -> None:
    articles = book["articles"]
    header = [cell.value for cell in articles[1]]
    cells = [row[header.index("published")] for row in articles.iter_rows(min_row=2)]
    dated = [cell for cell in cells if cell.value is not None]
    assert dated and all(cell.is_date for cell in dated)
    figures = book["figures"]
    header = [cell.value for cell in figures[1]]
    at = {name: header.index(name) for name in ("kind", "unit", "value", "text")}
    money = percent = None
    for row in figures.iter_rows(min_row=2):
        if row[at["kind"]].value == "money" and row[at["value"]].value and money is None:
            money = row[at["value"]]
        if row[at["kind"]].value == "percent" and row[at["value"]].value and percent is None:
            percent = row[at["value"]]
    assert money is not None and money.data_type == "n"
    assert money.number_format == '#,##0.00 "€"'  # 1.234.567,00 € in German Excel
    assert percent is not None and percent.data_type == "n"
    assert "%" in percent.number_format
    year = next(
        row[at["value"]] for row in figures.iter_rows(min_row=2) if row[at["kind"]].value == "year"
    )
    assert year.number_format == "General"  # 2024, not 2.024


def test_every_sheet_prints_landscape_one_page_wide_with_repeated_header(book) -> None:
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        # fitToWidth 1 is the OOXML default, which xlsxwriter leaves out.
        assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0)
        assert "&P" in sheet.oddFooter.center.text
        if sheet.title != "Übersicht":
            assert sheet.print_title_rows == "$1:$1", sheet.title


def test_empty_store_gives_a_workbook_without_charts(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        export_all(store, tmp_path, ExportSettings(("xlsx", "html", "geojson")))
    book = openpyxl.load_workbook(tmp_path / "report.xlsx")
    assert book.sheetnames == SHEETS
    assert not book["Übersicht"]._charts
    assert json.loads((tmp_path / "places.geojson").read_text(encoding="utf-8"))["features"] == []
    assert (tmp_path / "html" / "index.html").is_file()


# --- places.geojson ---------------------------------------------------------------------


def test_geojson_has_one_point_per_linked_place_with_counts(corpus_report: Path) -> None:
    collection = json.loads((corpus_report / "places.geojson").read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    entities = csv(corpus_report, "entities.csv")
    linked = entities[(entities["geonames_id"] != "") & (entities["latitude"] != "")]
    features = {f["properties"]["geonames_id"]: f for f in collection["features"]}
    assert set(features) == {int(float(i)) for i in linked["geonames_id"]}
    bochum = features[2947416]
    lon, lat = bochum["geometry"]["coordinates"]  # RFC 7946: longitude first
    assert (round(lat, 2), round(lon, 2)) == (51.48, 7.22)
    mine = linked[linked["geonames_id"].astype(float) == 2947416]
    assert bochum["properties"]["mentions"] == len(mine)
    assert bochum["properties"]["articles"] == mine["article_id"].nunique()
    assert bochum["properties"]["state"] == "Nordrhein-Westfalen"
    assert bochum["geometry"]["type"] == "Point" and bochum["type"] == "Feature"


def test_summary_counts_kept_by_partition_equal_the_grouping_of_every_row(
    corpus_report: Path,
) -> None:
    # The workbook's summary, the review's index and the map read the counts each
    # partition keeps (Store.refresh_parts); they must be what grouping all rows gives.
    with Store(corpus_report, readonly=True) as store:
        assert store._parts_current() and len(store.partition_fingerprints()) > 1
        grouped = store.summary_grouped()
        assert store.overview() == grouped["overview"]
        assert store.figures_by_kind() == grouped["kinds"]
        assert store.linked_places() == grouped["places"]
        assert len(grouped["places"].rows) > 10 and grouped["overview"]["sources"] > 3


# --- the HTML review without a browser ----------------------------------------------------


def test_one_page_per_article_listed_on_its_month_linked_from_the_index(
    corpus_report: Path,
) -> None:
    articles = csv(corpus_report, "articles.csv")
    pages = corpus_report / "html" / "articles"
    assert {path.stem for path in pages.glob("*.html")} == set(articles["article_id"])
    index = (corpus_report / "html" / "index.html").read_text(encoding="utf-8")
    # Each article on the page of its month (published, else "undated"), and on no other.
    month = (
        articles["published"]
        .str.slice(0, 7)
        .where(articles["published"].str.match(r"\d{4}-\d\d"), "undated")
    )
    assert month.nunique() > 1  # the sample corpus spans months, and has undated articles
    for part, group in articles.groupby(month):
        assert f'href="months/{part}.html"' in index
        page = (corpus_report / "html" / "months" / f"{part}.html").read_text(encoding="utf-8")
        listed = set(re.findall(r'href="\.\./articles/(\w+)\.html"', page))
        assert listed == set(group["article_id"]), part
    months = {path.stem for path in (corpus_report / "html" / "months").glob("*.html")}
    assert months == set(month)
    for text in (index, page):
        assert "<script src" not in text and "http://" not in text.split("<body>")[0]


MARK = '<mark id="s{n}" class="x" data-label="{label}" title="">'
RENDERED = [
    ([(0, 6, "LOC")], MARK.format(n=0, label="LOC") + "Bochum</mark> &lt;b&gt;", 0),
    (
        [(0, 9, "ORG"), (7, 9, "FIG")],
        MARK.format(n=0, label="ORG") + "Bochum " + MARK.format(n=1, label="FIG")
        + "&lt;b</mark></mark>&gt;",
        0,
    ),
    # A span crossing another cannot nest: it is left out of the text (the tables list it).
    (
        [(0, 8, "ORG"), (7, 10, "FIG")],
        MARK.format(n=0, label="ORG") + "Bochum &lt;</mark>b&gt;",
        1,
    ),
]  # fmt: skip


@pytest.mark.parametrize(("spans", "expected", "left_out"), RENDERED)
def test_render_text_escapes_and_nests(
    spans: list[tuple[int, int, str]], expected: str, left_out: int
) -> None:
    text = "Bochum <b>"
    html, skipped = render_text(
        text, [Span(a, b, "x", label, "", f"s{i}") for i, (a, b, label) in enumerate(spans)]
    )
    assert html == expected
    assert len(skipped) == left_out


@pytest.mark.parametrize(
    ("value", "text"), [(1234567, "1.234.567"), (2.5, "2,5"), (0.125, "0,125"), (12.0, "12")]
)
def test_numbers_are_shown_the_german_way(value: float, text: str) -> None:
    assert format_number(value) == text


ARTICLE = (
    "Werft {n} stellt ein\n\n"
    "Papenburg. Die Meyer Werft will in diesem Jahr {n}00 neue Fachkräfte einstellen. Das"
    " kündigte Personalchefin Ilka Brandes am Dienstag an. Der Umsatz stieg um 4 Prozent"
    " auf 3,1 Milliarden Euro.\n"
)
HOSTILE = (
    "Gefahr im Netz <script>window.__pwned = 1</script>\n\n"
    'Lingen. Die Stadtwerke <img src=x onerror="window.__pwned=2"> melden 12 Angriffe'
    " am Tag auf ihre Leitstelle.\n"
)


def settings(root: Path, out: Path, **options: object) -> Settings:
    return Settings(input_dir=root, out_dir=out, model="blank", **options)  # type: ignore[arg-type]


def page_times(out: Path) -> dict[str, int]:
    return {p.stem: p.stat().st_mtime_ns for p in (out / "html" / "articles").glob("*.html")}


def test_pages_are_rebuilt_only_for_articles_that_changed(
    write_inputs, tmp_path: Path, stub_extract: object
) -> None:
    files = {f"emsland/werft-{n}.txt": ARTICLE.format(n=n) for n in range(1, 6)}
    root = write_inputs(files)
    out = tmp_path / "out"
    run_batch(settings(root, out, formats=("html",)))
    first = page_times(out)
    assert len(first) == 5
    manifest = json.loads((out / "html" / PAGE_MANIFEST).read_text(encoding="utf-8"))
    assert set(manifest["parts"]) == {"undated"}  # the articles have no date
    keys = json.loads((out / "html" / KEYS_DIR / "undated.json").read_text(encoding="utf-8"))
    assert set(keys) == set(first)
    # The same store exported again: no page is written.
    with Store(out) as store:
        export_all(store, out, ExportSettings(("html",)))
    assert page_times(out) == first
    # The last article changes: its page and the one linking to it as "next" may change,
    # the first three stay as they were.
    write_inputs({"emsland/werft-5.txt": ARTICLE.format(n=9)})
    os.utime(root / "emsland/werft-5.txt", ns=(1, 1))
    run_batch(settings(root, out))
    second = page_times(out)
    ids = sorted(first, key=lambda a: first[a])
    with Store(out) as store:
        order = [
            row[0] for row in store.conn.execute("SELECT article_id FROM articles ORDER BY path")
        ]
    changed = order[-1]
    assert second[changed] != first[changed]
    assert all(second[a] == first[a] for a in order[:3]), ids
    # An article that leaves the store takes its page with it.
    (root / "emsland/werft-1.txt").unlink()
    run_batch(settings(root, out))
    with Store(out) as store:
        store.purge_missing()
        export_all(store, out, ExportSettings(("html",)))
    assert order[0] not in page_times(out) and len(page_times(out)) == 4


def dated(day: str, n: int) -> dict[str, str]:
    """An article with a sidecar giving its date."""
    return {
        f"emsland/werft-{n}.txt": ARTICLE.format(n=n),
        f"emsland/werft-{n}.json": json.dumps({"date": day}),
    }


def review_times(out: Path) -> dict[str, int]:
    """Every file of the review (pages, month pages, keys, index) with its mtime."""
    return {
        path.relative_to(out / "html").as_posix(): path.stat().st_mtime_ns
        for path in (out / "html").rglob("*") if path.is_file()
    }  # fmt: skip


def test_a_run_rewrites_only_the_months_it_changed(
    write_inputs, tmp_path: Path, stub_extract: object
) -> None:
    files = {}
    for n, day in enumerate(["2026-09-03", "2026-09-20", "2026-10-01", "2026-10-14"], 1):
        files |= dated(day, n)
    root = write_inputs(files)
    out = tmp_path / "out"
    run_batch(settings(root, out, formats=("html",)))
    with Store(out) as store:
        ids = dict(store.conn.execute("SELECT path, article_id FROM articles"))
    first = review_times(out)
    assert {"months/2026-09.html", "months/2026-10.html", ".pages/2026-09.json"} <= set(first)
    # A new article in November: its month appears, September's and October's files stay.
    write_inputs(dated("2026-11-02", 5))
    run_batch(settings(root, out))
    second = review_times(out)
    for name in ("months/2026-09.html", "months/2026-10.html", ".pages/2026-10.json"):
        assert second[name] == first[name], name
    assert all(second[f"articles/{a}.html"] == first[f"articles/{a}.html"] for a in ids.values())
    november = (out / "html" / "months" / "2026-11.html").read_text(encoding="utf-8")
    assert "werft-5.txt" in november and "werft-4.txt" not in november
    index = (out / "html" / "index.html").read_text(encoding="utf-8")
    assert index.index("November 2026") < index.index("Oktober 2026")  # newest first
    # An article moves from October to September (its date was corrected): both months
    # list it where it is now, and its page links to its new neighbours.
    moved = ids["emsland/werft-4.txt"]
    write_inputs({"emsland/werft-4.json": json.dumps({"date": "2026-09-28"})})
    run_batch(settings(root, out))
    months = {
        part: (out / "html" / "months" / f"{part}.html").read_text(encoding="utf-8")
        for part in ("2026-09", "2026-10")
    }
    assert f"../articles/{moved}.html" in months["2026-09"]
    assert f"../articles/{moved}.html" not in months["2026-10"]
    page = (out / "html" / "articles" / f"{moved}.html").read_text(encoding="utf-8")
    assert 'href="../months/2026-09.html"' in page
    assert f'href="{ids["emsland/werft-2.txt"]}.html"' in page  # werft-2 comes before it
    # October's last article goes: its month page, keys and the article's page go with it.
    (root / "emsland/werft-3.txt").unlink()
    (root / "emsland/werft-3.json").unlink()
    run_batch(settings(root, out))
    with Store(out) as store:
        store.purge_missing()
        export_all(store, out, ExportSettings(("html",)))
    left = review_times(out)
    assert "months/2026-10.html" not in left and ".pages/2026-10.json" not in left
    assert f"articles/{ids['emsland/werft-3.txt']}.html" not in left
    assert len([name for name in left if name.startswith("articles/")]) == 4
    assert "Oktober 2026" not in (out / "html" / "index.html").read_text(encoding="utf-8")


def test_a_review_of_the_old_layout_is_swept_once(
    write_inputs, tmp_path: Path, stub_extract: object
) -> None:
    # Pages left by the layout before months (one flat manifest) or by hand are removed
    # when the manifest is not one of this version's; a manifest gone does the same.
    root = write_inputs(dated("2026-09-03", 1) | dated("2026-10-01", 2))
    out = tmp_path / "out"
    (out / "html" / "articles").mkdir(parents=True)
    (out / "html" / "articles" / "0123456789abcdef.html").write_text("alt", encoding="utf-8")
    (out / "html" / PAGE_MANIFEST).write_text('{"0123456789abcdef": "x"}', encoding="utf-8")
    run_batch(settings(root, out, formats=("html",)))
    assert len(page_times(out)) == 2 and "0123456789abcdef" not in page_times(out)
    (out / "html" / "articles" / "fedcba9876543210.html").write_text("alt", encoding="utf-8")
    (out / "html" / PAGE_MANIFEST).unlink()
    with Store(out) as store:
        export_all(store, out, ExportSettings(("html",)))
    assert len(page_times(out)) == 2


def test_pages_shared_with_the_helper_process_are_the_pages_written_alone(
    corpus_report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A first run's many pages are split between this process and the export helper
    # (export._SharedPages): the review must be the same as written by one process.
    import shutil

    from pipeline import export

    def review(name: str) -> dict[str, bytes]:
        out = tmp_path / name
        out.mkdir()
        shutil.copy(corpus_report / "pipeline.sqlite", out / "pipeline.sqlite")
        with Store(out) as store:
            export_all(store, out, ExportSettings(("csv", "html")))
        files = {
            path.relative_to(out).as_posix(): path.read_bytes()
            for path in (out / "html").rglob("*") if path.is_file()
        }  # fmt: skip
        # The index names the minute it was written.
        minute = rb"\d{4}-\d\d-\d\d \d\d:\d\d UTC"
        files["html/index.html"] = re.sub(minute, b"", files["html/index.html"])
        return files

    alone = review("alone")
    monkeypatch.setattr(export, "SHARED_PAGES", 1)
    monkeypatch.setattr(export, "PAGE_PART", 2)
    monkeypatch.setattr(export, "_cores", lambda: 2)  # shared on a one-core machine too
    shared = review("shared")
    assert len(alone) > 20 and shared == alone
    assert not list((tmp_path / "shared" / "html").rglob("*.tmp"))


def test_the_helper_renders_pages_into_temp_files_for_the_run_to_rename(
    corpus_report: Path, tmp_path: Path
) -> None:
    import shutil

    from pipeline import export
    from pipeline.review_html import plan_review

    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(corpus_report / "pipeline.sqlite", out / "pipeline.sqlite")
    with Store(out) as store:
        todo = plan_review(store, out).todo
    with export._report_helper() as helper:  # a real spawned helper process
        count, files = helper.submit(export._render_pages, out, todo[:3]).result()
    assert count == 3 and len(files) == 3
    for tmp, target in files:
        assert Path(tmp).is_file() and not Path(target).exists()  # staged, not renamed
        assert Path(target).parent == out / "html" / "articles"
        assert "<html" in Path(tmp).read_text(encoding="utf-8")


def test_article_text_is_escaped_never_markup(
    write_inputs, tmp_path: Path, stub_extract: object
) -> None:
    root = write_inputs({"ems/angriff.txt": HOSTILE})
    out = tmp_path / "out"
    run_batch(settings(root, out, formats=("html",)))
    page = next((out / "html" / "articles").glob("*.html")).read_text(encoding="utf-8")
    assert "<script>window" not in page and "<img src=x" not in page
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "script-src 'none'" in page  # and the page forbids scripts altogether
    listing = (out / "html" / "months" / "undated.html").read_text(encoding="utf-8")
    assert "<script>window" not in listing and "&lt;script&gt;" in listing


def test_html_folder_goes_when_the_format_is_no_longer_asked_for(
    write_inputs, tmp_path: Path, stub_extract: object
) -> None:
    root = write_inputs({"ems/werft.txt": ARTICLE.format(n=1)})
    out = tmp_path / "out"
    run_batch(settings(root, out))  # the default formats include html and geojson
    assert (out / "html" / "index.html").is_file() and (out / "places.geojson").is_file()
    write_inputs({"ems/neu.txt": ARTICLE.format(n=2)})
    run_batch(settings(root, out, formats=("csv",)))
    assert not (out / "html").exists() and not (out / "places.geojson").exists()


def test_country_and_measure_are_shown(write_inputs, tmp_path: Path, stub_extract: object) -> None:
    # entities.country and figures.measure: shown in the report, the review and the map.
    root = write_inputs({"ems/werft.txt": ARTICLE.format(n=3)})
    out = tmp_path / "out"
    run_batch(settings(root, out, formats=("csv",)))
    with Store(out) as store:
        store.conn.execute(
            "UPDATE entities SET label = 'LOC', geonames_id = 2855745, latitude = 53.0767,"
            " longitude = 7.3967, state = 'Niedersachsen', country = 'Deutschland'"
            " WHERE text = 'Meyer'"
        )
        store.conn.execute("UPDATE figures SET measure = 'Neueinstellungen'")
        export_all(store, out, ExportSettings(("xlsx", "html", "geojson")))
    places = rows_of(openpyxl.load_workbook(out / "report.xlsx")["Orte"])
    assert [(row["canonical"], row["country"]) for row in places] == [("Meyer", "Deutschland")]
    feature = json.loads((out / "places.geojson").read_text(encoding="utf-8"))["features"][0]
    assert feature["properties"]["country"] == "Deutschland"
    page = next((out / "html" / "articles").glob("*.html")).read_text(encoding="utf-8")
    assert "<th>Messgröße</th>" in page and "<td>Neueinstellungen</td>" in page
    assert "<th>Staat</th>" in page and "<td>Deutschland</td>" in page


def two_reports(
    corpus_report: Path, folder: Path, monkeypatch: pytest.MonkeyPatch, setting: str, value: int
) -> tuple[Path, Path]:
    """The corpus report written as it is, then with one of report_xlsx's settings changed."""
    from pipeline import report_xlsx

    with Store(corpus_report, readonly=True) as store:
        report_xlsx.write_report(store, folder / "as-is.xlsx")
        monkeypatch.setattr(report_xlsx, setting, value)
        report_xlsx.write_report(store, folder / "changed.xlsx")
    return folder / "as-is.xlsx", folder / "changed.xlsx"


def cells(path: Path) -> dict[str, list[tuple]]:
    """Every cell of every sheet as Excel reads it: value, number format, type."""
    book = openpyxl.load_workbook(path)
    return {
        sheet.title: [
            tuple((c.value, c.number_format, c.data_type) for c in row) for row in sheet.iter_rows()
        ]
        for sheet in book.worksheets
    }


def test_every_way_of_writing_the_detail_rows_gives_the_same_workbook(
    corpus_report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Detail rows are rendered in bulk (report_xlsx._bulk_sheet); where xlsxwriter lacks
    # what that needs they go cell by cell, in memory or, for big sheets, in constant_memory
    # mode (report_xlsx.IN_MEMORY_ROWS). What an analyst sees must not depend on which.
    from pipeline import report_xlsx

    assert report_xlsx._bulk_sheet() is not None  # this xlsxwriter has what it needs
    bulk, by_cell = two_reports(corpus_report, tmp_path, monkeypatch, "_bulk_sheet", lambda: None)
    monkeypatch.setattr(report_xlsx, "IN_MEMORY_ROWS", 0)
    with Store(corpus_report, readonly=True) as store:
        report_xlsx.write_report(store, tmp_path / "streamed.xlsx")

    ways = [cells(bulk), cells(by_cell), cells(tmp_path / "streamed.xlsx")]
    assert all(way.keys() == set(SHEETS) for way in ways)
    assert len(ways[0]["figures"]) > 100
    for name in SHEETS:
        assert ways[0][name] == ways[1][name] == ways[2][name], name


def test_bulk_rows_hold_every_kind_of_cell_as_xlsxwriter_writes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline import report_xlsx
    from pipeline.store import RowChunk

    long_text = "Fördermittel " * 3000  # 39,000 characters: cut to Excel's 32,767
    columns = ["article_id", "published", "processed_at", "text", "value", "unit", "kind",
               "start", "latitude"]  # fmt: skip
    first = [
        ("a1", "2026-11-03", "2026-11-04T06:00:00", "400 bis 500 Unternehmen", 450.0, "",
         "count", 17, 51.48),
        ("a1", "2026-11-03T09:30:00", "", "1,2 Mio. € <Zuschuss> & mehr", 1_200_000.0, "EUR",
         "money", 0, None),
        ("a2", "nicht-datiert", "2026-11-05T06:00:00", long_text, 12.5, "%", "percent",
         3, float("nan")),
        (None, "", None, "", None, None, None, None, None),  # nothing: no row written
    ]  # fmt: skip
    second = [
        ("a3", "2026-10-31", "2026-11-05T06:00:00", "Zeile\tmit\x01Steuerzeichen", 2.5,
         "pp", "percent_points", 12_345_678, float("inf")),
        ("a3", "2026-10-31", "2026-11-05T06:00:00", "seit 1987", 1987, "", "year", 5, 7.25),
    ]  # fmt: skip
    with Store(tmp_path / "empty") as store:
        summary = report_xlsx.report_summary(store)  # the detail sheet is what is looked at

    def book(path: Path) -> Path:
        chunks = [RowChunk(columns, first), RowChunk(columns, second)]
        report_xlsx.write_workbook(path, summary, {"figures": lambda: chunks}, False)
        return path

    bulk = cells(book(tmp_path / "bulk.xlsx"))["figures"]
    monkeypatch.setattr(report_xlsx, "_bulk_sheet", lambda: None)
    by_cell = cells(book(tmp_path / "by-cell.xlsx"))["figures"]
    assert bulk == by_cell
    assert len(bulk) == 1 + 5 + 2  # header, 5 rows with cells, a free row, the note on the cut
    assert bulk[1][1] == (datetime(2026, 11, 3), "yyyy-mm-dd", "d")
    assert bulk[2][1] == (datetime(2026, 11, 3, 9, 30), "yyyy-mm-dd hh:mm:ss", "d")
    assert bulk[3][1] == ("nicht-datiert", "yyyy-mm-dd", "s")  # text, kept as it is
    assert bulk[2][3][0] == "1,2 Mio. € <Zuschuss> & mehr"
    assert bulk[2][4] == (1_200_000, '#,##0.00 "€"', "n")
    assert len(bulk[3][3][0]) == 32_767 and bulk[3][3][0].endswith("…")
    assert bulk[3][8][0] is None and bulk[4][8][0] is None  # NaN and inf left empty
    assert "32,767" in str(bulk[-1][0][0])  # the note below the table says what was cut


def test_the_workbook_is_zipped_quickly_with_the_same_content(
    corpus_report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # xlsxwriter has no option for its zlib level: report_xlsx.quick_deflate sets it for one
    # close. The parts must be the same at any level, and the level must take effect.
    import zipfile

    import xlsxwriter.workbook

    quick, small = two_reports(corpus_report, tmp_path, monkeypatch, "DEFLATE_LEVEL", 9)
    assert xlsxwriter.workbook.ZipFile is zipfile.ZipFile  # given back after each close

    def parts(path: Path) -> dict[str, bytes]:
        with zipfile.ZipFile(path) as archive:
            assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_DEFLATED}
            # core.xml holds the time of writing
            return {n: archive.read(n) for n in archive.namelist() if n != "docProps/core.xml"}

    assert parts(quick) == parts(small)
    assert quick.stat().st_size > small.stat().st_size
