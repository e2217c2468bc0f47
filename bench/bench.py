"""Benchmark: bare spaCy vs the whole `article-pipeline run`, workers, no-op reruns and memory.

    .venv/bin/python bench/bench.py [--n 2000] [--quick] [--repeat 3] [--model auto]
                                    [--write-results]

Every measured command runs in a fresh subprocess, so import, model loading and process
start are part of what is timed, exactly as an analyst's run would pay for them. The
reference (row 1) times only the `nlp.pipe` loop over texts already in memory: everything
else the pipeline does is overhead against it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
DEFAULT_N = 2000
QUICK_N = 200
POLL_SECONDS = 0.05
MIB = 1024 * 1024

# Targets of issue 6 on a 2-core machine.
TARGET_SPEED_RATIO = 0.90  # row 2's tokens/s at least this share of row 1's
TARGET_SPEEDUP = 1.6  # row 3 over row 2
TARGET_NOOP_SHARE = 0.02  # row 4's seconds against row 2's
TARGET_MEMORY_GROWTH = 0.10  # peak at 5xN against peak at N


_SUMMARY = re.compile(r"(\d+) processed.*?([\d,]+) tokens in ([\d.]+) s")


@dataclass
class Measurement:
    label: str
    articles: int
    tokens: int
    seconds: float
    peak_rss: int = 0  # bytes, the whole process tree, polled
    peak_main_rss: int = 0  # bytes, the main process's own high-water mark
    processed: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds if self.seconds and self.tokens else 0.0


# --- child processes -------------------------------------------------------------------------


def child_bare(model: str, batch_size: int, folder: Path, report: Path) -> None:
    """Row 1: the same texts the pipeline would see, through the model exactly as trained.

    No sentencizer, entity rules or figures component: what load_pipeline adds on top of
    the model is the pipeline's own cost and shows up as overhead in rows 2-5.
    """
    import resource

    import spacy

    from pipeline.ingest import is_supported, iter_input_files, read_input_file
    from pipeline.nlp.build import resolve_model

    ref = resolve_model(model)
    started = time.perf_counter()
    if ref.source == "blank":
        nlp = spacy.blank("de")
    else:
        # The same exclusion load_pipeline makes: the pipeline never runs a lemmatizer.
        nlp = spacy.load(ref.source, exclude=["lemmatizer"])
    loaded = time.perf_counter() - started
    texts = [
        read_input_file(file, 5_000_000).body
        for file in iter_input_files(folder)
        if not file.error and is_supported(file)
    ]
    tokens = 0
    started = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=batch_size):
        tokens += len(doc)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    report.write_text(
        json.dumps(
            {
                "tokens": tokens,
                "seconds": seconds,
                "articles": len(texts),
                "load_seconds": loaded,
                "maxrss": usage.ru_maxrss * 1024,
                "pipes": nlp.pipe_names,
                "label": ref.label,
            }
        )
    )


def child_run(report: Path, argv: list[str]) -> None:
    """The CLI as the console script runs it, reporting its own high-water marks at exit."""
    import atexit
    import resource

    def write_report() -> None:
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        report.write_text(json.dumps({"maxrss": own, "maxrss_children": children}))

    atexit.register(write_report)
    sys.argv = ["article-pipeline", *argv]
    from pipeline.cli import main

    main()


# --- the harness -----------------------------------------------------------------------------


def monitored(command: list[str], env: dict[str, str] | None = None) -> tuple[float, int, str]:
    """Run a command; wall seconds, peak RSS of its process tree (polled), its stderr."""
    import psutil

    with tempfile.TemporaryFile(mode="w+") as err:
        started = time.perf_counter()
        proc = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT, env=env)
        peak = 0
        while proc.poll() is None:
            total = 0
            try:
                tree = [proc, *proc.children(recursive=True)]
            except psutil.Error:
                tree = []
            for member in tree:
                with contextlib.suppress(psutil.Error):  # a worker may exit between the calls
                    total += member.memory_info().rss
            peak = max(peak, total)
            time.sleep(POLL_SECONDS)
        seconds = time.perf_counter() - started
        err.seek(0)
        stderr = err.read()
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} exited with {proc.returncode}:\n{stderr[-3000:]}")
    return seconds, peak, stderr


def run_bare(model: str, batch_size: int, folder: Path, work: Path) -> Measurement:
    report = work / "bare.json"
    command = [sys.executable, __file__, "_bare", model, str(batch_size), str(folder), str(report)]
    _, peak, _ = monitored(command)
    data = json.loads(report.read_text())
    m = Measurement(
        "bare `nlp.pipe` (reference)", data["articles"], data["tokens"], data["seconds"]
    )
    m.peak_rss, m.peak_main_rss = peak, data["maxrss"]
    m.extra = {"load_seconds": data["load_seconds"], "pipes": data["pipes"], "label": data["label"]}
    return m


def run_pipeline(
    label: str, folder: Path, out: Path, work: Path, articles: int, options: list[str]
) -> Measurement:
    report = work / f"run-{time.monotonic_ns()}.json"
    argv = ["run", str(folder), "--out", str(out), "--no-progress", *options]
    command = [sys.executable, __file__, "_run", str(report), *argv]
    seconds, peak, stderr = monitored(command)
    match = _SUMMARY.search(stderr)
    if not match:
        raise RuntimeError(f"no summary line from the run:\n{stderr[-3000:]}")
    data = json.loads(report.read_text())
    m = Measurement(label, articles, int(match.group(2).replace(",", "")), seconds)
    m.processed = int(match.group(1))
    m.peak_rss, m.peak_main_rss = peak, data["maxrss"]
    m.extra = {
        "summary": stderr.strip().splitlines()[-1],
        "maxrss_children": data["maxrss_children"],
    }
    return m


def describe_machine(model_label: str) -> dict[str, str]:
    import psutil
    import spacy

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "CPU": cpu,
        "Cores": f"{os.cpu_count()} logical ({psutil.cpu_count(logical=False)} physical)",
        "RAM": f"{psutil.virtual_memory().total / 1024**3:.1f} GiB",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "spaCy": spacy.__version__,
        "Model": model_label,
    }


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (1 min), {five:.2f} (5 min)"


def _busy_trainers() -> list[str]:
    import psutil

    busy = []
    for proc in psutil.process_iter(["pid", "cmdline"]):
        cmd = " ".join(proc.info["cmdline"] or [])
        if "spacy train" in cmd or "spacy pretrain" in cmd:
            busy.append(f"pid {proc.info['pid']}: {cmd[:80]}")
    return busy


def _fmt_int(value: int) -> str:
    return f"{value:,}" if value else "–"


def _fmt_rss(value: int) -> str:
    return f"{value / MIB:,.0f}" if value else "–"


def render(rows: dict[str, Measurement], n: int, workers: int) -> tuple[str, str, list[bool]]:
    bare, one, many, noop, big = (rows[k] for k in ("bare", "one", "many", "noop", "big"))
    speed_ratio = one.tokens_per_second / bare.tokens_per_second
    speedup = one.seconds / many.seconds
    noop_share = noop.seconds / one.seconds
    growth = big.peak_rss / one.peak_rss - 1
    lines = [
        "| # | Measurement | Articles | Tokens | Seconds | Tokens/s | Ratio "
        "| Peak RSS MiB (main) |",
        "|---|---|---:|---:|---:|---:|---|---:|",
    ]

    def row(num: str, m: Measurement, ratio: str) -> None:
        tps = f"{m.tokens_per_second:,.0f}" if m.tokens_per_second else "–"
        rss = f"{_fmt_rss(m.peak_rss)} ({_fmt_rss(m.peak_main_rss)})"
        lines.append(
            f"| {num} | {m.label} | {m.articles:,} | {_fmt_int(m.tokens)} | {m.seconds:.2f} "
            f"| {tps} | {ratio} | {rss} |"
        )

    row("1", bare, "1.00 (reference)")
    row("2", one, f"{speed_ratio:.2f} of row 1's speed")
    row("3", many, f"{speedup:.2f}× row 2")
    row("4", noop, f"{noop_share:.1%} of row 2's time")
    row("5", big, f"peak {growth:+.1%} vs row 2 (N)")
    checks = [
        (
            "Row 2 speed vs row 1",
            f"≥ {TARGET_SPEED_RATIO:.2f}",
            f"{speed_ratio:.2f}",
            speed_ratio >= TARGET_SPEED_RATIO,
        ),
        (
            f"Row 3 speed-up ({workers} workers) vs row 2",
            f"≥ {TARGET_SPEEDUP:.1f}×",
            f"{speedup:.2f}×",
            speedup >= TARGET_SPEEDUP,
        ),
        (
            "Row 4 no-op rerun vs first run",
            f"< {TARGET_NOOP_SHARE:.0%}",
            f"{noop_share:.1%}",
            noop_share < TARGET_NOOP_SHARE,
        ),
        (
            f"Peak RSS at {5 * n:,} vs {n:,} articles",
            f"≤ +{TARGET_MEMORY_GROWTH:.0%}",
            f"{growth:+.1%} ({_fmt_rss(one.peak_rss)} → {_fmt_rss(big.peak_rss)} MiB)",
            growth <= TARGET_MEMORY_GROWTH,
        ),
    ]
    target_lines = ["| Target | Goal | Measured | Met |", "|---|---|---|---|"]
    for name, goal, measured, met in checks:
        target_lines.append(f"| {name} | {goal} | {measured} | {'yes' if met else '**no**'} |")
    return "\n".join(lines), "\n".join(target_lines), [c[3] for c in checks]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=DEFAULT_N, help=f"articles (default {DEFAULT_N})")
    parser.add_argument("--quick", action="store_true", help=f"small run: --n {QUICK_N}")
    parser.add_argument("--model", default="auto", help="as article-pipeline run --model")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2, help="workers for row 3")
    parser.add_argument(
        "--repeat", type=int, default=3, help="repetitions of rows 1-4, best kept (default 3)"
    )
    parser.add_argument("--formats", default=None, help="exports (default: the CLI's default)")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus", help="sample articles")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--workdir", type=Path, help="keep corpora and outputs here")
    parser.add_argument("--write-results", action="store_true", help=f"write {RESULTS.name}")
    parser.add_argument(
        "--dask-workers",
        default="1,2",
        help="--engine dask rows (bench/dask_bench.py) with these worker counts; '' for none",
    )
    args = parser.parse_args(argv)
    n = QUICK_N if args.quick else args.n

    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from corpus import load_samples, write_corpus
    from pipeline.nlp.build import ModelNotFoundError, resolve_model

    try:
        ref = resolve_model(args.model)
    except ModelNotFoundError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 3
    work = args.workdir or Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    load_before, trainers = _load(), _busy_trainers()
    if trainers:
        print(
            f"bench: warning: model training is running, timings will be distorted: {trainers}",
            file=sys.stderr,
        )

    def step(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    samples = len(load_samples(args.corpus))
    folders = {}
    for size in (n, 5 * n):
        folder = work / f"articles-{size}"
        if folder.exists():
            shutil.rmtree(folder)
        step(f"writing {size:,} articles to {folder}")
        write_corpus(folder, size, args.corpus, args.seed)
        folders[size] = folder

    options = ["--model", args.model, "--batch-size", str(args.batch_size)]
    if args.formats:
        options += ["--formats", args.formats]
    outs = {name: work / f"out-{name}" for name in ("one", "many", "big")}
    for out in outs.values():
        shutil.rmtree(out, ignore_errors=True)

    def best(key: str, measured: Measurement) -> None:
        """Keep the fastest repetition: a noisy neighbour only ever adds time."""
        runs = [*rows[key].extra.get("runs", []), measured.seconds] if key in rows else []
        if key not in rows or measured.seconds < rows[key].seconds:
            rows[key] = measured
        rows[key].extra["runs"] = runs or [measured.seconds]

    rows: dict[str, Measurement] = {}
    # Rows 1-4 are repeated, interleaved, so that a slow spell of the machine hits them alike.
    for rep in range(1, args.repeat + 1):
        of = f" (repetition {rep} of {args.repeat})"
        step("row 1: bare nlp.pipe" + of)
        best("bare", run_bare(args.model, args.batch_size, folders[n], work))
        step("row 2: article-pipeline run, 1 worker" + of)
        shutil.rmtree(outs["one"], ignore_errors=True)
        best(
            "one",
            run_pipeline(
                "`article-pipeline run`, 1 worker", folders[n], outs["one"], work, n, options
            ),
        )
        step(f"row 3: article-pipeline run, {args.workers} workers" + of)
        shutil.rmtree(outs["many"], ignore_errors=True)
        best(
            "many",
            run_pipeline(
                f"`article-pipeline run --workers {args.workers}`",
                folders[n],
                outs["many"],
                work,
                n,
                [*options, "--workers", str(args.workers)],
            ),
        )
        step("row 4: no-op rerun" + of)
        best(
            "noop",
            run_pipeline(
                "no-op rerun (row 2's output, nothing changed)",
                folders[n],
                outs["one"],
                work,
                n,
                options,
            ),
        )
    step(f"row 5: article-pipeline run at 5×N = {5 * n:,}, 1 worker")
    rows["big"] = run_pipeline(
        "`article-pipeline run` at 5×N, 1 worker",
        folders[5 * n],
        outs["big"],
        work,
        5 * n,
        options,
    )
    for key in ("one", "many", "big"):
        if rows[key].processed != rows[key].articles:
            print(f"bench: warning: {rows[key].extra['summary']}", file=sys.stderr)
    if rows["noop"].processed:
        print(
            f"bench: warning: the rerun processed {rows['noop'].processed} articles",
            file=sys.stderr,
        )
    dask_text = ""
    dask_workers = [int(part) for part in args.dask_workers.split(",") if part.strip()]
    if dask_workers:
        import importlib.util

        if importlib.util.find_spec("distributed") is None:
            print("bench: dask is not installed, no --engine dask rows", file=sys.stderr)
        else:
            import dask_bench

            step(f"--engine dask rows: workers {args.dask_workers}, local --workers 2, 5×N")
            dask_rows = dask_bench.measure(folders, n, work, options, dask_workers)
            dask_text = dask_bench.section(dask_rows, n, dask_workers)
    load_after = _load()
    step("done")

    table, targets, met = render(rows, n, args.workers)
    machine = describe_machine(ref.label)
    bare = rows["bare"]
    formats = args.formats or "the CLI default (csv,jsonl,xlsx,html,geojson)"
    notes = [
        f"- N = {n:,} articles ({samples} sample articles from corpus/ varied, the rest from the "
        f"built-in templates; seed {args.seed}), batch size {args.batch_size}, exports: {formats}.",
        f"- Row 1 times only the `nlp.pipe` loop over the model as trained (pipes: "
        f"{', '.join(bare.extra['pipes'])}); loading it took a further "
        f"{bare.extra['load_seconds']:.2f} s there. Rows 2-5 are whole `article-pipeline run` "
        "processes, start to exit: imports, model loading, ingest, the components the pipeline "
        "adds (sentence rules, entity rules, figures), extraction, SQLite and exports; all of "
        "that counts as overhead against row 1.",
        "- Row 2 on a machine with a second core is pipelined (README, `--workers`): the "
        "model in a second process, our components, extraction, reading and storing in the "
        "main one, which also runs the model on pieces the second has not started whenever "
        "it would wait for them. Row 3's speed-up is measured against that, not against one "
        "process on one core (`taskset -c 0`), which the 1.6× target of issue 6 was set for.",
        f"- Rows 1-4: the fastest of {args.repeat} interleaved repetitions (this machine is "
        "shared; a neighbour only ever adds time). All runs, seconds: "
        + "; ".join(
            f"row {num} "
            + ", ".join(f"{sec:.2f}" for sec in rows[key].extra.get("runs", [rows[key].seconds]))
            for num, key in (("1", "bare"), ("2", "one"), ("3", "many"), ("4", "noop"))
        )
        + ". Row 5 runs once. Row 2's speed against row 1 in each repetition (the two run "
        "one after the other, so a slow spell hits both alike): "
        + ", ".join(
            f"{bare / one:.2f}"
            for bare, one in zip(
                rows["bare"].extra.get("runs", [rows["bare"].seconds]),
                rows["one"].extra.get("runs", [rows["one"].seconds]),
                strict=False,
            )
        )
        + ".",
        "- Peak RSS: the whole process tree (main process plus workers), polled every "
        f"{POLL_SECONDS * 1000:.0f} ms; in brackets the main process's own high-water mark.",
        f"- Load average before: {load_before}; after: {load_after}.",
    ]
    if trainers:
        notes.append(
            f"- **Model training was running during the benchmark**: {len(trainers)} process(es)."
        )
    text = "\n".join(
        [
            "# Benchmark results",
            "",
            f"`{' '.join(['bench/bench.py', *(argv if argv is not None else sys.argv[1:])])}`, "
            f"{time.strftime('%Y-%m-%d %H:%M %Z')}, {time.perf_counter() - started:.0f} s in all.",
            "",
            table,
            "",
            targets,
            "",
            *notes,
            "",
            *([dask_text, ""] if dask_text else []),
            "## Machine",
            "",
            *[f"- {key}: {value}" for key, value in machine.items()],
            "",
        ]
    )
    print(text)
    if args.write_results:
        RESULTS.write_text(text, encoding="utf-8")
        print(f"bench: wrote {RESULTS}", file=sys.stderr)
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_bare":
        sys.path.insert(0, str(ROOT))
        child_bare(sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]), Path(sys.argv[5]))
    elif len(sys.argv) > 1 and sys.argv[1] == "_run":
        sys.path.insert(0, str(ROOT))
        child_run(Path(sys.argv[2]), sys.argv[3:])
    else:
        sys.exit(main())
