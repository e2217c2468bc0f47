"""Benchmark of ARTICLES in an object store (`s3://`) against the same articles in a folder.

    .venv/bin/python bench/remote_bench.py [--n 2000] [--workdir DIR] [--write-results]

The bucket is moto's S3 server on 127.0.0.1 (pip install 'moto[server]', in the dev extra),
started by this script in its own process; the runs are whole `article-pipeline run`
processes (bench.py's run_pipeline) with the endpoint in their environment. Rows: listing
alone, a first run, a no-op rerun and a night adding 5 articles, each from the folder and
from the bucket. A local server has no network latency: against a cloud bucket the
listing costs about one round trip per 1,000 objects and each batch of reads about one
round trip more (objects are fetched concurrently), which these rows do not show.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from archive import add_articles  # noqa: E402

from bench import ROOT, Measurement, _fmt_rss, run_pipeline  # noqa: E402
from corpus import write_corpus  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "RESULTS_REMOTE.md"
BUCKET = "archiv"
SERVER = """
import sys, time
from moto.server import ThreadedMotoServer
server = ThreadedMotoServer(ip_address="127.0.0.1", port=int(sys.argv[1]), verbose=False)
server.start()
print("ready", flush=True)
while True:
    time.sleep(3600)
"""


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server() -> tuple[subprocess.Popen[str], str]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port)], stdout=subprocess.PIPE, text=True
    )
    assert server.stdout is not None and server.stdout.readline().strip() == "ready"
    return server, f"http://127.0.0.1:{port}"


def upload(fs: object, folder: Path, prefix: str) -> None:
    files = {
        f"{BUCKET}/{prefix}/{path.relative_to(folder).as_posix()}": path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    fs.pipe(files)  # type: ignore[attr-defined]


def time_listing(location: str) -> tuple[float, int]:
    code = (
        "import sys, time; from pipeline.ingest import iter_input_files;"
        "t = time.perf_counter(); n = sum(1 for _ in iter_input_files(sys.argv[1]));"
        "print(time.perf_counter() - t, n)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, location], capture_output=True, text=True, cwd=ROOT, check=True
    )
    seconds, count = done.stdout.split()
    return float(seconds), int(count)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="articles (default 2000)")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--write-results", action="store_true", help=f"write {RESULTS.name}")
    args = parser.parse_args(argv)
    import s3fs

    work = args.workdir or Path(tempfile.mkdtemp(prefix="remote-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    folder = work / "articles"
    shutil.rmtree(folder, ignore_errors=True)
    write_corpus(folder, args.n, ROOT / "corpus")
    server, endpoint = start_server()
    os.environ.update(
        AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench-secret",
        AWS_DEFAULT_REGION="us-east-1", FSSPEC_S3_ENDPOINT_URL=endpoint,
    )  # fmt: skip
    started = time.perf_counter()
    rows: list[tuple[str, str, Measurement | tuple[float, int]]] = []
    try:
        fs = s3fs.S3FileSystem(key="bench", secret="bench-secret", endpoint_url=endpoint)
        fs.mkdir(BUCKET)
        upload(fs, folder, "zeitung")
        url = f"s3://{BUCKET}/zeitung"
        for where, location in (("folder", str(folder)), ("bucket", url)):
            print(f"remote bench: {where}", file=sys.stderr, flush=True)
            rows.append(("listing alone", where, time_listing(location)))
            out = work / f"out-{where}"
            shutil.rmtree(out, ignore_errors=True)
            for label in ("first run", "no-op rerun"):
                rows.append(
                    (label, where, run_pipeline(label, location, out, work, args.n, []))  # type: ignore[arg-type]
                )
        # A night: 5 new articles, in the folder and in the bucket.
        add_articles(folder, 1, ROOT / "corpus", 6, args.n)
        upload(fs, folder / "night-01", "zeitung/night-01")
        for where, location in (("folder", str(folder)), ("bucket", url)):
            night = run_pipeline("night +5", location, work / f"out-{where}", work, args.n, [])  # type: ignore[arg-type]
            rows.append(("night adding 5", where, night))
    finally:
        server.kill()
        server.wait()
    table = render(rows, args.n, time.perf_counter() - started)
    print(table)
    if args.write_results:
        RESULTS.write_text(table, encoding="utf-8")
    return 0


def render(rows: list, n: int, seconds: float) -> str:
    lines = [
        "# ARTICLES in a bucket (`s3://`) against a folder",
        "",
        f"`bench/remote_bench.py --n {n}`, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())},"
        f" {seconds:.0f} s in all; moto's S3 server on 127.0.0.1 (no network latency).",
        "",
        "| Measurement | Input | Seconds | Files seen | Processed | Peak RSS MiB |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for label, where, measured in rows:
        if isinstance(measured, tuple):
            lines.append(f"| {label} | {where} | {measured[0]:.2f} | {measured[1]:,} | | |")
        else:
            seen = int(measured.extra["summary"].split(" files seen")[0].rsplit(" ", 1)[-1])
            lines.append(
                f"| {label} | {where} | {measured.seconds:.2f} | {seen:,} | {measured.processed:,}"
                f" | {_fmt_rss(measured.peak_rss)} |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
