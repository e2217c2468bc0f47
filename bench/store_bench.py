"""Bench: storing articles with the near-duplicate check, without the NLP. Prints a table.

    .venv/bin/python bench/store_bench.py [--n 40000] [--slice 5000] [--batch 64]

The articles are bench/archive.py's generated feed (20 a day, dated by sidecars): variants
of a few dozen texts, so every article has hundreds of near-duplicate candidates, the
shape of syndicated agency copies. They are read as a run reads them and stored in batches
as a run stores them (Store.save_results: rows, texts, band keys, duplicate marks), with
no entities or figures; only the storing is timed. One row per slice of the archive: if
storing grows with what is stored, the rate falls from row to row.
"""

from __future__ import annotations

import argparse
import logging
import resource
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from archive import write_dated_corpus  # noqa: E402  (a script beside this one)

from pipeline.ingest import (  # noqa: E402
    file_is_sidecar,
    is_supported,
    iter_input_files,
    read_input_file,
)
from pipeline.records import ArticleResult  # noqa: E402
from pipeline.store import Store  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=40_000, help="articles (default 40,000)")
    parser.add_argument("--slice", type=int, default=5_000, help="articles a row")
    parser.add_argument("--batch", type=int, default=64, help="articles a transaction")
    parser.add_argument("--samples", type=Path, default=BENCH.parent / "corpus")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # the generated feed's odd dates are warned about
    with tempfile.TemporaryDirectory(prefix="store-bench-") as tmp:
        folder, out = Path(tmp) / "articles", Path(tmp) / "out"
        write_dated_corpus(folder, args.n, args.samples, args.seed)
        files = [
            f
            for f in iter_input_files(folder)
            if not f.error and not f.skip and is_supported(f) and not file_is_sidecar(f)
        ]
        print(f"{len(files):,} articles, batches of {args.batch}", file=sys.stderr)
        print("| Articles stored | Seconds storing the slice | Articles/s | Marked near |")
        print("|---:|---:|---:|---:|")
        started = time.perf_counter()
        with Store(out) as store:
            stored, counted, spent, batch = 0, 0, 0.0, []
            for file in files:
                batch.append(ArticleResult(read_input_file(file, 5_000_000), "ok"))
                if len(batch) < args.batch and file is not files[-1]:
                    continue
                begin = time.perf_counter()
                store.save_results(batch, "bench")
                spent += time.perf_counter() - begin
                stored += len(batch)
                batch = []
                if stored % args.slice < args.batch or file is files[-1]:
                    near = store.conn.execute(
                        "SELECT count(*) FROM articles WHERE near_duplicate_of != ''"
                    ).fetchone()[0]
                    rate = (stored - counted) / spent
                    print(f"| {stored:,} | {spent:.2f} | {rate:,.0f} | {near:,} |", flush=True)
                    counted, spent = stored, 0.0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\n{time.perf_counter() - started:.0f} s in all, peak RSS {peak:,.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
