"""Benchmark: the workbook, the HTML review and places.geojson against the CSV export.

    .venv/bin/python bench/report.py [--n 2000] [--repeat 3] [--model auto] [--workers 2]
                                     [--workdir DIR]

Generates N articles (bench/corpus.py), runs `article-pipeline run --formats csv` once to
fill a store, then times each export from that store on its own, in this process, into
an empty folder (best of --repeat; the machine is shared, a neighbour only adds time):
the three CSV files (the reference), report.xlsx, the HTML review built from nothing,
the HTML review again with nothing changed (only index.html is written), and
places.geojson. Prints a table; tests never assert on these times.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024


def folder_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def best_of(
    repeat: int, prepare: Callable[[], Path], measure: Callable[[Path], None]
) -> tuple[float, Path]:
    times = []
    target = Path()
    for _ in range(repeat):
        target = prepare()
        started = time.perf_counter()
        measure(target)
        times.append(time.perf_counter() - started)
    return min(times), target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="articles (default 2000)")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions, best kept")
    parser.add_argument("--model", default="auto", help="as article-pipeline run --model")
    parser.add_argument("--workers", type=int, default=2, help="workers of the one run")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--workdir", type=Path, help="keep corpus and outputs here")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from corpus import write_corpus
    from pipeline.export import TABLES, write_csv, write_xlsx
    from pipeline.geojson import write_geojson
    from pipeline.report_xlsx import write_report
    from pipeline.review_html import write_review
    from pipeline.store import Store

    work = args.workdir or Path(tempfile.mkdtemp(prefix="pipeline-bench-report-"))
    work.mkdir(parents=True, exist_ok=True)
    articles, out = work / "articles", work / "out"
    if not (out / "pipeline.sqlite").is_file():
        shutil.rmtree(articles, ignore_errors=True)
        write_corpus(articles, args.n, ROOT / "corpus", args.seed)
        started = time.perf_counter()
        command = [
            sys.executable, "-m", "pipeline", "run", str(articles), "--out", str(out),
            "--formats", "csv", "--model", args.model, "--workers", str(args.workers),
            "--quiet", "--no-progress",
        ]  # fmt: skip
        subprocess.run(command, check=False, stderr=subprocess.DEVNULL)
        print(f"filled the store: {time.perf_counter() - started:.1f} s", file=sys.stderr)

    with Store(out, readonly=True) as store:
        counts = store.counts()
        runs = work / "runs"

        def empty(name: str) -> Callable[[], Path]:
            def prepare() -> Path:
                folder = runs / name
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir(parents=True)
                return folder

            return prepare

        def csv(folder: Path) -> None:
            for table in TABLES:
                write_csv(store.iter_frames(table), folder / f"{table}.csv")

        rows: list[tuple[str, float, int]] = []
        seconds, folder = best_of(args.repeat, empty("csv"), csv)
        rows.append(("articles/entities/figures.csv (reference)", seconds, folder_size(folder)))
        seconds, folder = best_of(
            args.repeat, empty("xlsx"), lambda f: write_report(store, f / "report.xlsx")
        )
        rows.append(("report.xlsx (summary, names, tables)", seconds, folder_size(folder)))

        def plain_xlsx(folder: Path) -> None:
            sheets = {table: (lambda t=table: store.iter_rows(t)) for table in TABLES}
            write_xlsx(sheets, folder / "report.xlsx")

        seconds, folder = best_of(args.repeat, empty("xlsx-plain"), plain_xlsx)
        rows.append(
            ("report.xlsx as before (three tables, write_xlsx)", seconds, folder_size(folder))
        )
        seconds, folder = best_of(args.repeat, empty("html"), lambda f: write_review(store, f))
        rows.append(("html/ from nothing (index + one page each)", seconds, folder_size(folder)))
        html = folder

        def again(folder: Path) -> None:
            counts_now = write_review(store, folder)
            assert counts_now["written"] == 0, counts_now

        seconds, _ = best_of(args.repeat, lambda: html, again)
        rows.append(("html/ again, nothing changed (index only)", seconds, folder_size(html)))
        seconds, folder = best_of(
            args.repeat, empty("geojson"), lambda f: write_geojson(store, f / "places.geojson")
        )
        rows.append(("places.geojson", seconds, folder_size(folder)))

    reference = rows[0][1]
    load = os.getloadavg()[0]
    print(
        f"\nload average (1 min) at the end: {load:.2f} on {os.cpu_count()} cores;"
        f" {counts['articles']:,} articles, {counts['entities']:,} entities,"
        f" {counts['figures']:,} figures; best of {args.repeat}\n"
    )
    print("| export | seconds | vs CSV | size MiB |")
    print("|---|---:|---:|---:|")
    for label, seconds, size in rows:
        print(f"| {label} | {seconds:.2f} | {seconds / reference:.1f}× | {size / MIB:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
