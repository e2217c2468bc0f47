"""--engine dask on a real cluster: a scheduler and two workers as processes on 127.0.0.1.

Every run is compared with an `--engine local` run of the same input folder: the store's
tables and the exports, order-independently. Ignored, because they differ by design
between any two runs: `processed_at` (the time a row was written) in the store and in
every export, and `texts.id` (an SQLite rowid, in the order rows were written). All other
columns, including the model and version of each article, must be equal.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

pytest.importorskip("distributed")

from conftest import read_export, read_records  # noqa: E402

from pipeline.cli import cli  # noqa: E402
from pipeline.process import CRASH_MARKER_VARIABLE  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
sys.path.insert(0, str(ROOT / "bench"))
from corpus import write_corpus  # noqa: E402

MARKER = "ZZ-TEST-KILLS-ITS-WORKER-ZZ"
FORMATS = "csv,jsonl,parquet"
IGNORED = {"processed_at"}
GENERATED = 200
BATCH = "16"  # small tasks, so a worker can be killed while others are still to come


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Cluster:
    address: str
    workers: list[subprocess.Popen[bytes]]
    env: dict[str, str]


def _start_worker(address: str, name: str, env: dict[str, str], log: Path) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
        "--nworkers", "1", "--no-dashboard", "--host", "127.0.0.1", "--name", name,
    ]  # fmt: skip
    with log.open("ab") as out:
        # Own session: killing the group ends the nanny and its worker, as a lost machine.
        return subprocess.Popen(command, env=env, stdout=out, stderr=out, start_new_session=True)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    logs = tmp_path_factory.mktemp("dask-logs")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {
        **os.environ,
        # As the cluster --engine dask starts itself: a task is tried on a second worker
        # once before Dask gives up on it.
        "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1",
        CRASH_MARKER_VARIABLE: MARKER,  # the workers' test hook (pipeline.process)
        "OMP_NUM_THREADS": "1",
    }
    command = [
        sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
        "--port", str(port), "--no-dashboard",
    ]  # fmt: skip
    with (logs / "scheduler.log").open("ab") as out:
        scheduler = subprocess.Popen(
            command, env=env, stdout=out, stderr=out, start_new_session=True
        )
    workers = [_start_worker(address, f"w{i}", env, logs / f"w{i}.log") for i in range(2)]
    try:
        _wait_for_workers(address, 2)
        yield Cluster(address, workers, env)
    finally:
        for process in [*workers, scheduler]:
            _kill_group(process)
        for process in [*workers, scheduler]:
            process.wait(timeout=30)


def _wait_for_workers(address: str, count: int) -> None:
    from distributed import Client

    with Client(address, timeout="60s", set_as_default=False) as client:
        client.wait_for_workers(count, timeout=120)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


# --- comparing two output folders -----------------------------------------------------------


def store_tables(out: Path, ignored_articles: frozenset[str] = frozenset()) -> dict[str, list]:
    """Every table's rows, sorted; `ignored_articles`: columns of articles left out too."""
    conn = sqlite3.connect(f"file:{out / 'pipeline.sqlite'}?mode=ro", uri=True)
    try:
        tables = {}
        for table, ignored in (
            ("articles", IGNORED | ignored_articles),
            ("entities", set()),
            ("figures", set()),
            ("texts", {"id"}),
            ("near_keys", set()),
            ("near_signatures", set()),
            ("name_totals", set()),
            ("names_changed", set()),
            ("names_added", set()),
            # The digest covers processed_at, which differs between any two runs.
            ("part_totals", {"digest"}),
            ("parts_changed", set()),
        ):
            names = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            columns = ", ".join(f'"{name}"' for name in names if name not in ignored)
            rows = conn.execute(f"SELECT {columns} FROM {table}").fetchall()
            tables[table] = sorted(rows, key=repr)
        return tables
    finally:
        conn.close()


def export_rows(out: Path) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for name in ("articles", "entities", "figures"):
        table = read_export(out, f"{name}.csv", keep_default_na=False)
        table = table.drop(columns=[c for c in table.columns if c in IGNORED])
        rows[f"{name}.csv"] = _rows(table)
        parquet = read_export(out, f"{name}.parquet")
        parquet = parquet.drop(columns=[c for c in parquet.columns if c in IGNORED])
        rows[f"{name}.parquet"] = _rows(parquet)
    records = []
    for record in read_records(out):
        for key in IGNORED:
            record.pop(key, None)
        records.append(json.dumps(record, sort_keys=True, ensure_ascii=False))
    rows["records.jsonl"] = sorted(records)
    return rows


def _rows(table: pd.DataFrame) -> list[str]:
    return sorted(repr(tuple(row)) for row in table.itertuples(index=False))


def assert_same_results(local: Path, dask: Path) -> None:
    expected, got = store_tables(local), store_tables(dask)
    for table in expected:
        assert got[table] == expected[table], table
    assert export_rows(dask) == export_rows(local)


def run_cli(*args: str) -> int:
    result = CliRunner().invoke(cli, ["run", *args, "--formats", FORMATS, "--no-progress"])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code


# --- inputs ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    articles = tmp_path_factory.mktemp("corpus") / "articles"
    shutil.copytree(CORPUS, articles, ignore=shutil.ignore_patterns("gold"))
    return articles


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """GENERATED articles (bench/corpus.py) and their --engine local output."""
    base = tmp_path_factory.mktemp("generated")
    write_corpus(base / "articles", GENERATED, CORPUS)
    code = run_cli(str(base / "articles"), "--out", str(base / "local"), "--batch-size", BATCH)
    assert code == 0
    return base / "articles", base / "local"


# --- the tests ------------------------------------------------------------------------------


def test_sample_corpus_same_as_local(cluster: Cluster, corpus_dir: Path, tmp_path: Path) -> None:
    assert run_cli(str(corpus_dir), "--out", str(tmp_path / "local")) == 0
    code = run_cli(
        str(corpus_dir), "--out", str(tmp_path / "dask"), "--engine", "dask",
        "--scheduler", cluster.address,
    )  # fmt: skip
    assert code == 0
    assert_same_results(tmp_path / "local", tmp_path / "dask")
    models = {row[0] for row in sqlite3.connect(tmp_path / "dask" / "pipeline.sqlite").execute(
        "SELECT DISTINCT model || ' / ' || version FROM articles"
    )}  # fmt: skip
    assert len(models) == 1 and "article-pipeline" in next(iter(models))


def test_a_local_cluster_of_our_own_is_stopped_before_the_run_returns(
    corpus_dir: Path, tmp_path: Path
) -> None:
    """No --scheduler: the run starts a local cluster and closes it while it exports."""
    import psutil

    before = {child.pid for child in psutil.Process().children(recursive=True)}
    assert run_cli(str(corpus_dir), "--out", str(tmp_path / "local")) == 0
    code = run_cli(
        str(corpus_dir), "--out", str(tmp_path / "dask"), "--engine", "dask", "--workers", "1"
    )
    assert code == 0
    assert_same_results(tmp_path / "local", tmp_path / "dask")
    # Its scheduler ran in this process, its nanny and worker as children: all gone (the
    # resource tracker that multiprocessing starts once stays with this process).
    left = [
        child
        for child in psutil.Process().children(recursive=True)
        if child.pid not in before
        and child.status() != psutil.STATUS_ZOMBIE
        and "resource_tracker" not in " ".join(child.cmdline())
    ]
    assert not left, [child.cmdline() for child in left]
    assert "closing the Dask cluster" not in [thread.name for thread in threading.enumerate()]


def test_generated_articles_same_as_local(
    cluster: Cluster, generated: tuple[Path, Path], tmp_path: Path
) -> None:
    articles, local = generated
    code = run_cli(
        str(articles), "--out", str(tmp_path / "dask"), "--engine", "dask",
        "--scheduler", cluster.address, "--batch-size", BATCH,
    )  # fmt: skip
    assert code == 0
    assert_same_results(local, tmp_path / "dask")
    # A second run finds nothing to do, with either engine.
    for engine in ("dask", "local"):
        assert run_cli(str(articles), "--out", str(tmp_path / "dask"), "--engine", engine) == 0
    assert_same_results(local, tmp_path / "dask")


def test_article_that_kills_its_worker_is_an_error_row(
    cluster: Cluster, corpus_dir: Path, tmp_path: Path
) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    for name in ("ruhr/bochum-mark51.txt", "kurz-notiert.txt"):
        shutil.copy(corpus_dir / name, articles / Path(name).name)
    (articles / "killer.txt").write_text(
        f"Firma meldet Rekord\n\nBochum. Die Firma {MARKER} meldet 12 Millionen Euro Umsatz.\n",
        encoding="utf-8",
    )
    # Through Dask's own configuration this time, as a cluster's users set it.
    env = {**os.environ, "DASK_SCHEDULER_ADDRESS": cluster.address}
    command = [
        sys.executable, "-m", "pipeline", "run", str(articles), "--out", str(tmp_path / "out"),
        "--engine", "dask", "--formats", FORMATS, "--no-progress", "--timeout", "300",
    ]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=360)
    assert done.returncode == 1, done.stderr[-3000:]
    conn = sqlite3.connect(tmp_path / "out" / "pipeline.sqlite")
    rows = dict(conn.execute("SELECT path, status || ': ' || error FROM articles").fetchall())
    assert rows["bochum-mark51.txt"] == "ok: "
    assert rows["kurz-notiert.txt"] == "ok: "
    assert rows["killer.txt"].startswith("error: processing failed: the Dask worker died")
    # The error row keeps what was read, as a local run's does: hash and title.
    sha, title = conn.execute(
        "SELECT sha256, title FROM articles WHERE path = 'killer.txt'"
    ).fetchone()
    assert sha and title == "Firma meldet Rekord"
    _wait_for_workers(cluster.address, 2)  # the nannies have started new workers


def _dask_run(articles: Path, out: Path, cluster: Cluster) -> list[str]:
    """The command line of a `--engine dask` run on the test cluster, as a user types it."""
    return [
        sys.executable, "-m", "pipeline", "run", str(articles), "--out", str(out),
        "--engine", "dask", "--scheduler", cluster.address, "--batch-size", BATCH,
        "--formats", FORMATS, "--no-progress",
    ]  # fmt: skip


def test_driver_killed_then_a_local_run_completes(
    cluster: Cluster, generated: tuple[Path, Path], tmp_path: Path
) -> None:
    """SIGKILL of a --engine dask run: the next run (here local) finishes the same store."""
    articles, local = generated
    out = tmp_path / "out"
    command = _dask_run(articles, out, cluster)
    driver = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 240
        while _stored(out) == 0 and driver.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        driver.kill()
        assert driver.wait(timeout=30) == -signal.SIGKILL, "the run ended before the kill"
    finally:
        if driver.poll() is None:
            driver.kill()
    assert 0 < _stored(out) < GENERATED
    assert run_cli(str(articles), "--out", str(out), "--batch-size", BATCH) == 0
    assert_same_results(local, out)


def test_worker_killed_during_the_run(
    cluster: Cluster, generated: tuple[Path, Path], tmp_path: Path
) -> None:
    """Last in the module: one of the two workers is gone for good afterwards."""
    articles, local = generated
    out = tmp_path / "dask"
    command = _dask_run(articles, out, cluster)
    with (tmp_path / "driver.log").open("w") as log:
        driver = subprocess.Popen(command, stdout=log, stderr=log)
        try:
            # Kill one worker (nanny and worker process) once the first batch is stored.
            deadline = time.monotonic() + 240
            while _stored(out) == 0 and driver.poll() is None and time.monotonic() < deadline:
                time.sleep(0.2)
            assert _stored(out) < GENERATED, "the run was over before a worker was killed"
            _kill_group(cluster.workers[0])
            code = driver.wait(timeout=300)
        finally:
            if driver.poll() is None:
                driver.kill()
    assert code == 0, (tmp_path / "driver.log").read_text()[-3000:]
    assert_same_results(local, out)


def _stored(out: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{out / 'pipeline.sqlite'}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0
