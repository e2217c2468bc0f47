"""The HTML review in a real browser: headless Chromium (Debian's) opens the pages from disk.

Chromium and its driver come from Debian (`chromium`, `chromium-driver`), installed here
when missing; the test is skipped, saying why, only where they cannot be installed.
Screenshots land in outputs/ (review-index.png, review-month.png, review-article.png).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import ensure_debian_tools, read_export

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "outputs"
BOCHUM = "ruhr/bochum-it-sicherheit.txt"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = ensure_debian_tools({"chromium": "chromium", "chromedriver": "chromium-driver"})
    if reason:
        pytest.skip(f"no headless Chromium: {reason}")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium (dev extra)")
    options = webdriver.ChromeOptions()
    options.binary_location = str(shutil.which("chromium"))
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1400,1300", "--lang=de-DE", "--allow-file-access-from-files",
    ):  # fmt: skip
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = webdriver.ChromeService(executable_path=str(shutil.which("chromedriver")))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def open_page(driver: Any, path: Path) -> list[dict]:
    """Load a file:// page; returns the console messages it logged."""
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(path.resolve().as_uri())
    return list(driver.get_log("browser"))


def errors_in(log: list[dict]) -> list[dict]:
    return [entry for entry in log if entry.get("level") in ("SEVERE", "ERROR")]


def csv(out: Path, name: str) -> pd.DataFrame:
    return read_export(out, name, encoding="utf-8-sig", keep_default_na=False)


def test_index_lists_the_months_and_a_month_filters_and_sorts(browser: Any, corpus_report) -> None:
    log = open_page(browser, corpus_report / "html" / "index.html")
    assert not errors_in(log), log
    articles = csv(corpus_report, "articles.csv")
    months = browser.find_elements("css selector", "#month-list tbody tr")
    counts = [int(row.find_elements("css selector", "td")[1].text) for row in months]
    assert sum(counts) == len(articles) and len(months) > 1
    assert len(browser.find_elements("css selector", "figure.chart svg")) == 4
    SHOTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(SHOTS / "review-index.png"))
    # The largest month: the link leads to its page, which lists its articles.
    largest = months[counts.index(max(counts))].find_element("css selector", "a")
    largest.click()
    assert not errors_in(browser.get_log("browser"))  # a CSP refusal of the script shows here
    rows = browser.find_elements("css selector", "#articles tbody tr")
    assert len(rows) == max(counts) > 5
    titles = {row.find_elements("css selector", "td")[2].text for row in rows}
    listed = articles[articles["title"].isin(titles)]
    assert len(listed) == len(rows)
    # Filtering runs in the page: only articles mentioning the word stay visible.
    word = "bochum"
    box = browser.find_element("id", "filter-text")
    box.send_keys(word.capitalize())
    visible = [row for row in rows if row.is_displayed()]
    expected = listed[
        listed[["title", "path", "source"]].apply(lambda row: word in " ".join(row).lower(), axis=1)
    ]
    assert 0 < len(visible) == len(expected) < len(rows)
    assert browser.find_element("id", "shown").text == str(len(visible))
    box.clear()
    box.send_keys(" ")  # clear() fires no input event
    # Sorting by entity count, twice: descending.
    header = browser.find_element("css selector", "#articles th:nth-child(4)")
    header.click()
    header.click()
    counts = [
        int(cell.text)
        for cell in browser.find_elements("css selector", "#articles tbody tr td:nth-child(4)")
    ]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0
    assert header.get_attribute("aria-sort") == "descending"
    browser.save_screenshot(str(SHOTS / "review-month.png"))


def test_article_page_highlights_entities_and_figures(browser: Any, corpus_report) -> None:
    articles = csv(corpus_report, "articles.csv").set_index("path")
    article_id = articles.loc[BOCHUM, "article_id"]
    page = corpus_report / "html" / "articles" / f"{article_id}.html"
    log = open_page(browser, page)
    assert not errors_in(log), log
    marks = browser.execute_script(
        "return Array.from(document.querySelectorAll('#text mark')).map(m => ({id: m.id,"
        " label: m.dataset.label, text: m.textContent, css: m.className,"
        " background: getComputedStyle(m).backgroundColor,"
        " tag: getComputedStyle(m, '::after').content}))"
    )
    by_id = {mark["id"]: mark for mark in marks}
    entities = csv(corpus_report, "entities.csv")
    entities = entities[entities["path"] == BOCHUM].reset_index(drop=True)
    figures = csv(corpus_report, "figures.csv")
    figures = figures[figures["path"] == BOCHUM].reset_index(drop=True)
    assert len(entities) > 10 and len(figures) > 10
    for n, entity in entities.iterrows():
        mark = by_id[f"e{n}"]
        assert (mark["label"], mark["text"]) == (entity["label"], entity["text"])
        assert mark["tag"] == f'"{entity["label"]}"'  # the label shows beside the name
    for n, figure in figures.iterrows():
        mark = by_id[f"f{n}"]
        assert mark["text"] == figure["text"] and mark["label"] == f"ZAHL·{figure['kind']}"
    colours = {
        label: {m["background"] for m in marks if m["label"] == label} for label in ("ORG", "LOC")
    }
    figure_colours = {m["background"] for m in marks if m["css"].startswith("fig")}
    assert len(colours["ORG"]) == len(colours["LOC"]) == len(figure_colours) == 1
    assert len(colours["ORG"] | colours["LOC"] | figure_colours) == 3  # distinct colours
    # The side table lists every figure with its value, linked to its place in the text.
    cells = browser.find_elements("css selector", "#figures tbody tr[data-kind] td:first-child a")
    assert [cell.text for cell in cells] == list(figures["text"])
    ranges = browser.find_elements("xpath", "//table[@id='figures']//td[text()='400–500']")
    assert ranges
    SHOTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(SHOTS / "review-article.png"))
    # Links between pages: the index and the neighbours exist on disk.
    for link in browser.find_elements("css selector", "header.top a, nav.pager a"):
        target = Path(link.get_attribute("href").split("#")[0].removeprefix("file://"))
        assert target.is_file(), target


def test_a_script_in_an_article_stays_text(
    browser: Any, write_inputs, tmp_path: Path, stub_extract: object
) -> None:
    from test_report import HOSTILE, settings

    from pipeline.run import run_batch

    root = write_inputs({"ems/angriff.txt": HOSTILE})
    out = tmp_path / "out"
    run_batch(settings(root, out, formats=("html",)))
    page = next((out / "html" / "articles").glob("*.html"))
    open_page(browser, page)
    assert browser.execute_script("return window.__pwned === undefined")
    assert "<script>window.__pwned = 1</script>" in browser.find_element("id", "title").text
    assert not browser.find_elements("css selector", "#text img, #text script")
    open_page(browser, out / "html" / "months" / "undated.html")
    assert browser.execute_script("return window.__pwned === undefined")
