"""The README's pictures: the workbook's first printed page, an article page, Datasette.

    .venv/bin/python bench/screenshots.py [OUT] [--docs docs/]

OUT (default outputs/, as `make run` leaves it) must hold report.xlsx, html/ and the store.
LibreOffice prints report.xlsx to PDF and poppler's pdftoppm renders page 1; headless
Chromium photographs the review page of ruhr/bochum-it-sicherheit.txt and Datasette's
entities table (`article-pipeline serve` on a free local port, stopped afterwards).
Needs Debian's libreoffice-calc, poppler-utils and chromium.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "ruhr/bochum-it-sicherheit.txt"


def chromium_shot(url: str, target: Path, size: str) -> None:
    subprocess.run(
        [
            "chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            f"--window-size={size}", f"--screenshot={target}", url,
        ],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip


def summary_page(out: Path, target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        subprocess.run(
            [
                "soffice", "--headless", "--norestore",
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--convert-to", "pdf", "--outdir", str(folder), str(out / "report.xlsx"),
            ],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        subprocess.run(
            ["pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile",
             str(folder / "report.pdf"), str(target.with_suffix(""))],
            check=True, timeout=120,
        )  # fmt: skip


def article_page(out: Path, target: Path) -> None:
    import sqlite3

    with sqlite3.connect(f"{(out / 'pipeline.sqlite').resolve().as_uri()}?mode=ro", uri=True) as db:
        (article_id,) = db.execute(
            "SELECT article_id FROM articles WHERE path = ?", (ARTICLE,)
        ).fetchone()
    page = out / "html" / "articles" / f"{article_id}.html"
    chromium_shot(page.resolve().as_uri(), target, "1280,900")


def datasette_page(out: Path, target: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "serve", str(out), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/-/versions.json", timeout=5).close()
                break
            except OSError:
                time.sleep(0.3)
        columns = "&".join(f"_col={c}" for c in ("label", "text", "canonical", "source", "state"))
        chromium_shot(
            f"{base}/pipeline/entities?{columns}&_size=12",
            target, "1280,1500",
        )  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=20)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, nargs="?", default=ROOT / "outputs")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    args = parser.parse_args(argv)
    for tool in ("soffice", "pdftoppm", "chromium"):
        if shutil.which(tool) is None:
            print(f"screenshots: {tool} not found (Debian: libreoffice-calc, poppler-utils,"
                  " chromium)", file=sys.stderr)  # fmt: skip
            return 2
    args.docs.mkdir(exist_ok=True)
    shots = {
        "report-summary.png": summary_page,
        "review-article.png": article_page,
        "serve-entities.png": datasette_page,
    }
    for name, make in shots.items():
        make(args.out, args.docs / name)
        print(f"{args.docs / name}: {(args.docs / name).stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
