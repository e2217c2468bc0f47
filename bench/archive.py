"""Benchmark: nightly runs at archive scale (issue 16): first run, no-op rerun, a night that
adds 5 articles at N and at 5xN, the one-file layout, export sizes, and real news.

    .venv/bin/python bench/archive.py [--n 20000] [--big 5] [--corpus PATH] [--formats ...]
                                      [--workdir DIR [--reuse]] [--write-results]

Every run is a fresh `article-pipeline` process (bench.py's harness: wall seconds, peak RSS
of the process tree). `--corpus PATH` adds the real-news row: bare `nlp.pipe` against the
whole run over the articles under PATH (a corpus of real articles is not in the repo).
At N = 20,000 the first runs take about 6 and 30 minutes on 2 cores; `--n 4000` measures
the same rows at 4,000 and 20,000. `--workdir DIR --reuse` measures the no-op rerun and
two more nights on the archives, stores and first-run figures an earlier run with
`--workdir DIR` left there (its nights stay in the archive, so each rerun adds two).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from bench import (  # noqa: E402  (bench.py is a script beside this one)
    MIB,
    Measurement,
    describe_machine,
    monitored,
    run_bare,
    run_pipeline,
)
from pipeline.store import DB_NAME  # noqa: E402  (the repo root is on the path above)

RESULTS = BENCH / "ARCHIVE.md"
NIGHTLY = 5  # articles a night adds
PER_DAY = 20  # the generated feed's articles a day
FIRST_DATE = date(2000, 1, 3)
TARGET_NIGHTLY_SHARE = 0.015  # of the first run's time
TARGET_NIGHTLY_GROWTH = 2.0  # nightly at 5xN against nightly at N
TARGET_NOOP_SHARE = 0.01
TARGET_SPEED_RATIO = 0.90
TARGET_MEMORY_GROWTH = 0.10


def folder_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else 0


def largest(path: Path) -> int:
    files = [p.stat().st_size for p in path.rglob("*") if p.is_file()] if path.is_dir() else []
    return max(files, default=0)


def export_sizes(out: Path) -> list[tuple[str, int, int]]:
    """(export, bytes in all, largest file) of an output folder."""
    rows = []
    for name in ("csv", "jsonl", "parquet", "html"):
        if (out / name).is_dir():
            rows.append((f"{name}/", folder_bytes(out / name), largest(out / name)))
    for name in (
        "articles.csv", "entities.csv", "figures.csv", "records.jsonl", "articles.parquet",
        "entities.parquet", "figures.parquet", "report.xlsx", "places.geojson",
        "pipeline.sqlite",
    ):  # fmt: skip
        if (out / name).is_file():
            size = (out / name).stat().st_size
            rows.append((name, size, size))
    return rows


def write_dated_corpus(folder: Path, n: int, corpus: Path, seed: int, first_day: int = 0) -> None:
    """bench/corpus.py's articles, each with a sidecar giving its date: a feed of
    PER_DAY articles a day from FIRST_DATE on, so a store of 5xN spans five times the
    months of N and the workbook's 90 days hold the same number of articles at any size."""
    import re

    from corpus import write_corpus

    write_corpus(folder, n, corpus, seed)
    number = re.compile(r"-(\d{6})\.\w+$")
    for path in folder.rglob("*"):
        found = number.search(path.name)
        if found and path.is_file():
            day = FIRST_DATE + timedelta(days=first_day + int(found.group(1)) // PER_DAY)
            path.with_name(path.name[: -len(path.suffix)] + ".json").write_text(
                json.dumps({"date": day.isoformat()}), encoding="utf-8"
            )


def add_articles(folder: Path, night: int, corpus: Path, seed: int, size: int) -> None:
    """Five new articles in a folder of their own (another seed: other texts), dated the
    days after the newest in the store."""
    write_dated_corpus(
        folder / f"night-{night:02d}", NIGHTLY, corpus, seed + 1000 + night,
        first_day=size // PER_DAY + night,
    )  # fmt: skip


def run_export(out: Path, options: list[str]) -> Measurement:
    command = [sys.executable, "-m", "pipeline", "export", str(out), *options]
    seconds, peak, _ = monitored(command)
    m = Measurement(f"`article-pipeline export {' '.join(options)}`", 0, 0, seconds)
    m.peak_rss = peak
    return m


def archive_rows(
    n: int,
    big: int,
    work: Path,
    corpus: Path,
    seed: int,
    options: list[str],
    step: callable,
    keep: bool = False,
    reuse: bool = False,
) -> tuple[dict[str, Measurement], dict[str, list[tuple[str, int, int]]]]:
    rows: dict[str, Measurement] = {}
    sizes: dict[str, list[tuple[str, int, int]]] = {}
    for size, key in ((n, "n"), (big * n, "big")):
        folder, out = work / f"archive-{size}", work / f"archive-out-{size}"
        saved = work / f"first-runs-{size}.json"
        if reuse and saved.is_file() and folder.is_dir() and (out / DB_NAME).is_file():
            step(f"reusing the {size:,} articles, their store and first runs in {work}")
            rows.update(load_rows(saved))
        else:
            rows.update(first_rows(size, key, folder, out, work, corpus, seed, options, step))
            save_rows(saved, {k: rows[k] for k in ("bare", "first-n-workers2", f"first-{key}")
                              if k in rows})  # fmt: skip
        step(f"no-op rerun at {size:,}")
        rows[f"noop-{key}"] = run_pipeline(
            f"no-op rerun at {size:,}", folder, out, work, size, options
        )
        first_night = 1 + len(list(folder.glob("night-*")))
        for night in (first_night, first_night + 1):  # the second is the one reported
            add_articles(folder, night, corpus, seed, size)
            step(f"nightly run adding {NIGHTLY} at {size:,} (night {night})")
            m = run_pipeline(
                f"nightly run adding {NIGHTLY} to {size:,}",
                folder,
                out,
                work,
                NIGHTLY,
                options,
            )
            m.extra["night"] = night
            rows.setdefault(f"nights-{key}", Measurement("", 0, 0, 0)).extra.setdefault(
                "runs", []
            ).append(m.seconds)
            rows[f"nightly-{key}"] = m
        sizes[key] = export_sizes(out)
        if key == "n":
            # On copies, so that the store (and --reuse) stays in the monthly layout.
            step("the one-file layout: export --single-file, then a night in it")
            single_folder = work / f"archive-{size}-single"
            single = work / f"archive-out-{size}-single"
            for source, copy in ((folder, single_folder), (out, single)):
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(source, copy, symlinks=True)
            rows["single-export"] = run_export(single, ["--single-file"])
            add_articles(single_folder, first_night + 2, corpus, seed, size)
            rows["single-nightly"] = run_pipeline(
                f"nightly run adding {NIGHTLY} to {size:,}, --single-file layout",
                single_folder,
                single,
                work,
                NIGHTLY,
                options,
            )
            sizes["single"] = export_sizes(single)
            shutil.rmtree(single_folder, ignore_errors=True)
            shutil.rmtree(single, ignore_errors=True)
        if not keep:  # --workdir keeps the articles too, to profile a night afterwards
            shutil.rmtree(folder, ignore_errors=True)
    return rows, sizes


def first_rows(
    size: int,
    key: str,
    folder: Path,
    out: Path,
    work: Path,
    corpus: Path,
    seed: int,
    options: list[str],
    step: callable,
) -> dict[str, Measurement]:
    """A fresh archive of `size` articles and its first run (at N also bare nlp.pipe and
    the first run with --workers 2, on a store of its own)."""
    rows: dict[str, Measurement] = {}
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    step(f"writing {size:,} articles")
    write_dated_corpus(folder, size, corpus, seed)
    if key == "n":
        step(f"bare nlp.pipe over {size:,} articles")
        rows["bare"] = run_bare("auto", 64, folder, work)
        # The same first run with both cores on the NLP: the default is one worker
        # process, which bare nlp.pipe's single process is compared with above.
        step(f"first run at {size:,}, --workers 2")
        parallel = work / f"archive-out-{size}-workers2"
        shutil.rmtree(parallel, ignore_errors=True)
        rows["first-n-workers2"] = run_pipeline(
            f"first run at {size:,}, `--workers 2`",
            folder, parallel, work, size, [*options, "--workers", "2"],
        )  # fmt: skip
        shutil.rmtree(parallel, ignore_errors=True)
    step(f"first run at {size:,}")
    rows[f"first-{key}"] = run_pipeline(f"first run at {size:,}", folder, out, work, size, options)
    return rows


def save_rows(path: Path, rows: dict[str, Measurement]) -> None:
    path.write_text(json.dumps({key: asdict(m) for key, m in rows.items()}, indent=1))


def load_rows(path: Path) -> dict[str, Measurement]:
    return {key: Measurement(**fields) for key, fields in json.loads(path.read_text()).items()}


def real_rows(corpus: Path, work: Path, options: list[str], step: callable) -> dict:
    step(f"real news: bare nlp.pipe over {corpus}")
    bare = run_bare("auto", 64, corpus, work)
    out = work / "real-out"
    shutil.rmtree(out, ignore_errors=True)
    step("real news: article-pipeline run")
    run = run_pipeline("real news", corpus, out, work, bare.articles, options)
    return {"real-bare": bare, "real-run": run}


def render(rows: dict[str, Measurement], sizes: dict, n: int, big: int) -> str:
    def secs(key: str) -> float:
        return rows[key].seconds

    first, first_big = secs("first-n"), secs("first-big")
    lines = [
        "| Measurement | Articles in the store | Seconds | Share | Peak RSS MiB |",
        "|---|---:|---:|---|---:|",
    ]

    def row(key: str, store: int, share: str) -> None:
        m = rows[key]
        lines.append(
            f"| {m.label} | {store:,} | {m.seconds:.2f} | {share} | {m.peak_rss / MIB:,.0f} |"
        )

    ratio = rows["first-n"].tokens_per_second / rows["bare"].tokens_per_second
    row("bare", n, "reference for the first run's speed")
    row("first-n", n, f"{ratio:.2f} of bare `nlp.pipe`'s tokens/s")
    if "first-n-workers2" in rows:
        parallel = rows["first-n-workers2"].tokens_per_second / rows["bare"].tokens_per_second
        row("first-n-workers2", n, f"{parallel:.2f} of bare `nlp.pipe`'s tokens/s")
    row("noop-n", n, f"{secs('noop-n') / first:.2%} of the first run")
    night_n = rows["nightly-n"].extra["night"]  # more than 2 on a --reuse'd store
    row("nightly-n", n + night_n * NIGHTLY, f"{secs('nightly-n') / first:.2%} of the first run")
    row("first-big", big * n, f"{first_big / first:.2f}× the first run at N")
    row("noop-big", big * n, f"{secs('noop-big') / first_big:.2%} of its first run")
    row(
        "nightly-big",
        big * n + rows["nightly-big"].extra["night"] * NIGHTLY,
        f"{secs('nightly-big') / first_big:.2%} of its first run,"
        f" {secs('nightly-big') / secs('nightly-n'):.2f}× the night at N",
    )
    row("single-export", n + night_n * NIGHTLY, "whole rebuild in the one-file layout")
    row(
        "single-nightly",
        n + (night_n + 1) * NIGHTLY,
        f"{secs('single-nightly') / first:.2%} of the first run",
    )
    if "real-run" in rows:
        real = rows["real-run"].tokens_per_second / rows["real-bare"].tokens_per_second
        row("real-bare", rows["real-bare"].articles, "reference")
        row("real-run", rows["real-bare"].articles, f"{real:.2f} of bare `nlp.pipe`'s tokens/s")
    nightly_share = secs("nightly-n") / first
    growth = secs("nightly-big") / secs("nightly-n")
    memory = rows["nightly-big"].peak_rss / rows["nightly-n"].peak_rss - 1
    checks = [
        ("Nightly +5 at N vs first run", f"≤ {TARGET_NIGHTLY_SHARE:.1%}",
         f"{nightly_share:.2%}", nightly_share <= TARGET_NIGHTLY_SHARE),
        (f"Nightly +5 at {big}×N vs at N", f"≤ {TARGET_NIGHTLY_GROWTH:.0f}×", f"{growth:.2f}×",
         growth <= TARGET_NIGHTLY_GROWTH),
        ("No-op rerun vs first run", f"< {TARGET_NOOP_SHARE:.0%}",
         f"{secs('noop-n') / first:.2%}", secs("noop-n") / first < TARGET_NOOP_SHARE),
        ("First run vs bare nlp.pipe (generated)", f"≥ {TARGET_SPEED_RATIO:.2f}", f"{ratio:.2f}",
         ratio >= TARGET_SPEED_RATIO),
        (f"Peak RSS of the night at {big}×N vs N", f"≤ +{TARGET_MEMORY_GROWTH:.0%}",
         f"{memory:+.1%}", memory <= TARGET_MEMORY_GROWTH),
    ]  # fmt: skip
    lines += ["", "| Target | Goal | Measured | Met |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {'yes' if d else '**no**'} |" for a, b, c, d in checks]
    lines += ["", "Export sizes (bytes in all, largest file):", ""]
    lines += ["| Folder | Export | MB in all | Largest file MB |", "|---|---|---:|---:|"]
    for key, label in (("n", f"N = {n:,}"), ("big", f"{big}×N"), ("single", "N, --single-file")):
        for name, total, top in sizes.get(key, []):
            lines.append(f"| {label} | {name} | {total / 1e6:,.1f} | {top / 1e6:,.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20_000, help="articles (default 20,000)")
    parser.add_argument("--big", type=int, default=5, help="the larger store is BIG×N")
    parser.add_argument("--corpus", type=Path, help="real news articles: adds that row")
    parser.add_argument("--samples", type=Path, default=ROOT / "corpus", help="sample articles")
    parser.add_argument("--formats", default=None, help="exports (default: the CLI's default)")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--workdir", type=Path, help="keep corpora and outputs here")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="with --workdir: measure the no-op rerun and nights on the archives, stores"
        " and first-run measurements an earlier run left there",
    )
    parser.add_argument("--write-results", action="store_true", help=f"write {RESULTS.name}")
    args = parser.parse_args(argv)
    from pipeline.nlp.build import resolve_model

    work = args.workdir or Path(tempfile.mkdtemp(prefix="pipeline-archive-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    def step(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    options = ["--formats", args.formats] if args.formats else []
    rows, sizes = archive_rows(
        args.n, args.big, work, args.samples, args.seed, options, step,
        keep=bool(args.workdir), reuse=args.reuse and bool(args.workdir),
    )  # fmt: skip
    if args.corpus:
        rows.update(real_rows(args.corpus, work, options, step))
    table = render(rows, sizes, args.n, args.big)
    nights = "; ".join(
        f"{label}: " + ", ".join(f"{s:.2f}" for s in rows[key].extra["runs"])
        for key, label in (("nights-n", "N"), ("nights-big", f"{args.big}×N"))
    )
    formats = args.formats or "the CLI default (csv,jsonl,xlsx,html,geojson), monthly layout"
    text = "\n".join(
        [
            "# Nightly runs at archive scale",
            "",
            f"`{' '.join(['bench/archive.py', *(argv if argv is not None else sys.argv[1:])])}`,"
            f" {time.strftime('%Y-%m-%d %H:%M %Z')}, {time.perf_counter() - started:.0f} s in all.",
            "",
            table,
            "",
            f"- Exports: {formats}; generated articles (bench/corpus.py, seed {args.seed}); each"
            f" night adds {NIGHTLY} new articles in a folder of their own. Two nights are run"
            f" and the second reported; both, seconds: {nights}.",
            "- Every row is one fresh process, start to exit; peak RSS of the process tree.",
            f"- Real news: {args.corpus if args.corpus else 'not measured (no --corpus given)'}.",
            "",
            "## Machine",
            "",
            *[f"- {k}: {v}" for k, v in describe_machine(resolve_model("auto").label).items()],
            "",
        ]
    )
    print(text)
    if args.write_results:
        RESULTS.write_text(text, encoding="utf-8")
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
