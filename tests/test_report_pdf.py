"""The workbook as LibreOffice prints it: the first PDF page is the summary, on A4 landscape.

LibreOffice Calc and poppler's pdftotext come from Debian (`libreoffice-calc`,
`poppler-utils`), installed here when missing; skipped, saying why, where they cannot be.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ensure_debian_tools

CONVERT_SECONDS = 300


@pytest.fixture(scope="module")
def report_pdf(corpus_report: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    reason = ensure_debian_tools(
        {"soffice": "libreoffice-calc", "pdftotext": "poppler-utils", "pdfinfo": "poppler-utils"}
    )
    if reason:
        pytest.skip(f"no LibreOffice to print the workbook: {reason}")
    folder = tmp_path_factory.mktemp("pdf")
    # A profile of its own: a LibreOffice the user has open elsewhere does not interfere.
    command = [
        str(shutil.which("soffice")), "--headless", "--norestore",
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--convert-to", "pdf", "--outdir", str(folder), str(corpus_report / "report.xlsx"),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=CONVERT_SECONDS)
    pdf = folder / "report.pdf"
    assert done.returncode == 0 and pdf.is_file(), done.stdout + done.stderr
    return pdf


def page_text(pdf: Path, page: int) -> str:
    command = ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def test_first_page_is_the_summary_with_its_numbers(report_pdf: Path, corpus_report) -> None:
    first = page_text(report_pdf, 1)
    assert "Übersicht: Artikel, Namen und Zahlen" in first
    assert "Entitäten (Nennungen)" in first and "Zahlenangaben" in first
    # The charts print on page 1 as well (their titles are text in the PDF).
    for title in ("Artikel je Monat und Quelle", "Top 20 Organisationen nach Artikeln"):
        assert title in first, first
    assert "Seite 1 von" in first  # page numbers in the footer


def test_pages_are_a4_landscape_and_tables_repeat_their_header(report_pdf: Path) -> None:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(report_pdf)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    sizes = [line for line in info.splitlines() if line.startswith("Page") and "size" in line]
    assert sizes
    for line in sizes:
        width, height = (float(part) for part in line.split(":")[1].split("pts")[0].split(" x "))
        assert width > height, line  # landscape
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    detail = 0
    for page in range(2, pages + 1):
        text = page_text(report_pdf, page)
        footer = [line for line in text.splitlines() if "Seite" in line][-1]
        sheet = footer.split()[-1]  # the footer names the sheet on the right
        if sheet in ("articles", "entities", "figures"):
            detail += 1
            # Every page of a table starts with its header row, the CSV column names.
            assert "article_id" in text and "path" in text, (page, sheet)
    assert detail >= 3
