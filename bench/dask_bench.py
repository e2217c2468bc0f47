"""Benchmark of `--engine dask` against `--engine local --workers 2`, and its scaling.

    .venv/bin/python bench/dask_bench.py [--n 2000] [--workers 1,2] [--repeat 1]
                                         [--quick] [--workdir DIR]

Every row is a whole `article-pipeline run` process (bench.py's run_pipeline): imports,
the local cluster's start (scheduler and worker processes, the model loaded in each), the
run and the exports. Driver memory is the run process's own high-water mark (getrusage);
the worker processes are not part of it. bench.py calls section() for its Dask rows. On a
machine with 16 cores, `--workers 1,2,4,8,16` gives the scaling table (speed-up vs 1).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import (  # noqa: E402
    DEFAULT_N,
    QUICK_N,
    ROOT,
    Measurement,
    _busy_trainers,
    _fmt_rss,
    _load,
    run_pipeline,
)

RESULTS = Path(__file__).resolve().parent / "RESULTS_DASK.md"
TARGET_DASK_RATIO = 0.90  # --engine dask (1 and 2 workers) vs --engine local --workers 2
TARGET_DRIVER_GROWTH = 0.10  # driver peak RSS at 5xN against N
TARGET_SCALING_16 = 12.0  # 16 workers against 1


def measure(
    folders: dict[int, Path],
    n: int,
    work: Path,
    options: list[str],
    workers: list[int],
    repeat: int = 1,
) -> dict[str, Measurement]:
    """Rows: local with 2 workers, dask with each count in `workers` at N, dask 2 at 5N."""
    rows: dict[str, Measurement] = {}

    def run(key: str, label: str, size: int, extra: list[str]) -> None:
        out = work / f"out-{key}"
        shutil.rmtree(out, ignore_errors=True)
        measured = run_pipeline(label, folders[size], out, work, size, [*options, *extra])
        runs = [*rows[key].extra.get("runs", []), measured.seconds] if key in rows else []
        if key not in rows or measured.seconds < rows[key].seconds:
            rows[key] = measured
        rows[key].extra["runs"] = runs or [measured.seconds]
        shutil.rmtree(out, ignore_errors=True)

    for rep in range(repeat):
        print(f"dask bench: repetition {rep + 1} of {repeat}", file=sys.stderr, flush=True)
        run("local", "`--engine local --workers 2`", n, ["--workers", "2"])
        for count in workers:
            run(
                f"dask-{count}",
                f"`--engine dask --workers {count}`",
                n,
                ["--engine", "dask", "--workers", str(count)],
            )
    print("dask bench: 5×N with --engine dask --workers 2", file=sys.stderr, flush=True)
    run(
        "dask-big",
        "`--engine dask --workers 2` at 5×N",
        5 * n,
        ["--engine", "dask", "--workers", "2"],
    )
    if "dask-2" not in rows:
        run("dask-2", "`--engine dask --workers 2`", n, ["--engine", "dask", "--workers", "2"])
    return rows


def section(rows: dict[str, Measurement], n: int, workers: list[int]) -> str:
    """The Dask rows and their targets as Markdown."""
    local = rows["local"]
    lines = [
        "| Measurement | Articles | Tokens | Seconds | Tokens/s | vs local ×2 | vs dask ×1 "
        "| Driver peak RSS MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    one = rows.get("dask-1")
    keys = ["local", *[f"dask-{count}" for count in workers], "dask-big"]
    for key in dict.fromkeys(keys):
        m = rows[key]
        ratio = m.tokens_per_second / local.tokens_per_second
        scale = f"{m.tokens_per_second / one.tokens_per_second:.2f}×" if one else "–"
        lines.append(
            f"| {m.label} | {m.articles:,} | {m.tokens:,} | {m.seconds:.2f} "
            f"| {m.tokens_per_second:,.0f} | {ratio:.2f} | {scale} | {_fmt_rss(m.peak_main_rss)} |"
        )
    growth = rows["dask-big"].peak_main_rss / rows["dask-2"].peak_main_rss - 1
    checks = []
    for count in (1, 2):
        key = f"dask-{count}"
        if key in rows:
            ratio = rows[key].tokens_per_second / local.tokens_per_second
            checks.append(
                (
                    f"`--engine dask --workers {count}` vs `--engine local --workers 2`",
                    f"≥ {TARGET_DASK_RATIO:.2f}",
                    f"{ratio:.2f}",
                    ratio >= TARGET_DASK_RATIO,
                )
            )
    checks.append(
        (
            f"Driver peak RSS at {5 * n:,} vs {n:,} articles (dask, 2 workers)",
            f"≤ +{TARGET_DRIVER_GROWTH:.0%}",
            f"{growth:+.1%} ({_fmt_rss(rows['dask-2'].peak_main_rss)} → "
            f"{_fmt_rss(rows['dask-big'].peak_main_rss)} MiB)",
            growth <= TARGET_DRIVER_GROWTH,
        )
    )
    if one and "dask-16" in rows:
        scale = rows["dask-16"].tokens_per_second / one.tokens_per_second
        checks.append(
            ("16 workers vs 1", f"≥ {TARGET_SCALING_16:.0f}×", f"{scale:.2f}×", scale >= 12)
        )
    targets = ["| Target | Goal | Measured | Met |", "|---|---|---|---|"]
    targets += [f"| {a} | {b} | {c} | {'yes' if d else '**no**'} |" for a, b, c, d in checks]
    runs = "; ".join(
        f"{rows[key].label} " + ", ".join(f"{s:.2f}" for s in rows[key].extra["runs"])
        for key in dict.fromkeys(keys)
    )
    notes = [
        "- Whole `article-pipeline run` processes; the dask rows start a local cluster"
        " (`--workers` processes, one thread each) and load the model in every worker, which"
        " is part of their time. All runs, seconds: " + runs + ".",
        "- Driver peak RSS: the run process's own high-water mark; the workers are separate"
        " processes and not counted.",
    ]
    return "\n".join(["## Dask engine", "", *lines, "", *targets, "", *notes])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=DEFAULT_N)
    parser.add_argument("--quick", action="store_true", help=f"--n {QUICK_N}")
    parser.add_argument("--workers", default="1,2", help="dask worker counts (1,2,4,8,16)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--model", default="auto")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--formats", default="csv")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--write-results", action="store_true", help=f"write {RESULTS.name}")
    args = parser.parse_args(argv)
    n = QUICK_N if args.quick else args.n
    workers = [int(part) for part in args.workers.split(",") if part.strip()]
    from corpus import write_corpus

    work = args.workdir or Path(tempfile.mkdtemp(prefix="pipeline-dask-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started, load_before, trainers = time.perf_counter(), _load(), _busy_trainers()
    folders = {}
    for size in (n, 5 * n):
        folder = work / f"articles-{size}"
        if not folder.exists():
            write_corpus(folder, size, args.corpus, args.seed)
        folders[size] = folder
    options = ["--model", args.model, "--batch-size", str(args.batch_size)]
    options += ["--formats", args.formats]
    rows = measure(folders, n, work, options, workers, args.repeat)
    command = " ".join(["bench/dask_bench.py", *(argv if argv is not None else sys.argv[1:])])
    seconds = time.perf_counter() - started
    lines = [
        "# Dask engine benchmark",
        "",
        f"`{command}`, {time.strftime('%Y-%m-%d %H:%M %Z')}, {seconds:.0f} s in all,"
        f" N = {n:,}, exports {args.formats}, batch size {args.batch_size}.",
        "",
        section(rows, n, workers),
        f"- Load average before: {load_before}; after: {_load()}.",
    ]
    if trainers:
        lines.append(
            f"- **Model training was running during the benchmark**: {len(trainers)} process(es)."
        )
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write_results:
        RESULTS.write_text(text, encoding="utf-8")
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
