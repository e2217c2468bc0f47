"""Cron-grade runs: incremental, one at a time per output folder, crash-safe, quiet output."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import read_export
from filelock import FileLock

from pipeline import run as run_module
from pipeline.cli import cli
from pipeline.run import LOCK_NAME, RunLockedError, purge_missing, run_batch
from pipeline.settings import Settings
from pipeline.store import Store

ROOT = Path(__file__).resolve().parent.parent
WriteInputs = Callable[[Mapping[str, "str | bytes"]], Path]


def article(number: int) -> str:
    return (
        f"Meldung {number}\n\nBochum. Die Stadtwerke Bochum investieren {number} Millionen Euro "
        f"in {number + 3} neue Anlagen. Der Umsatz stieg um {number % 7 + 1} Prozent.\n"
    )


@pytest.fixture
def corpus(write_inputs: WriteInputs) -> Path:
    return write_inputs({f"ruhr/meldung-{n:02d}.txt": article(n) for n in range(12)})


def settings(root: Path, out: Path, **options: object) -> Settings:
    return Settings(input_dir=root, out_dir=out, model="blank", batch_size=2, **options)  # type: ignore[arg-type]


def tables(out: Path) -> dict[str, pd.DataFrame]:
    """The three export tables as stored, without the timestamp that differs per run."""
    with Store(out) as store:
        frames = {name: store.frame(name) for name in ("articles", "entities", "figures")}
    frames["articles"] = frames["articles"].drop(columns="processed_at")
    return frames


def export_stamps(out: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in out.iterdir() if path.is_file()}


@pytest.fixture
def no_model_load(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("a run with nothing to do loaded the model")

    monkeypatch.setattr("pipeline.process.load_pipeline", refuse)


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """The CLI reconfigures the root logger onto CliRunner's streams; undo that afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers[:] = handlers
    root.setLevel(level)


# --- incremental ------------------------------------------------------------------------


def test_rerun_without_changes_processes_and_exports_nothing(
    corpus: Path, tmp_path: Path, stub_extract: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    first = run_batch(settings(corpus, out))
    assert (first.processed, first.unchanged, first.failed) == (12, 0, 0)
    assert "csv/articles/undated.csv" in first.exports
    stamps = export_stamps(out)
    before = tables(out)
    monkeypatch.setattr("pipeline.process.load_pipeline", _refuse_model)
    second = run_batch(settings(corpus, out))
    assert (second.processed, second.unchanged, second.failed, second.exports) == (0, 12, 0, [])
    assert export_stamps(out) == stamps
    pd.testing.assert_frame_equal(tables(out)["figures"], before["figures"])


def _refuse_model(*args: object) -> None:
    raise AssertionError("a run with nothing to do loaded the model")


def test_only_changed_content_is_processed_again(
    corpus: Path, tmp_path: Path, stub_extract: object
) -> None:
    out = tmp_path / "out"
    run_batch(settings(corpus, out))
    changed = corpus / "ruhr" / "meldung-03.txt"
    changed.write_text(article(3).replace("Bochum investieren 3", "Bochum investieren 99"), "utf-8")
    touched = corpus / "ruhr" / "meldung-05.txt"
    os.utime(touched, ns=(time.time_ns(), time.time_ns() + 10**9))  # new mtime, same bytes
    summary = run_batch(settings(corpus, out))
    assert (summary.processed, summary.unchanged) == (1, 11)
    figures = tables(out)["figures"]
    assert "99" in set(figures[figures["path"] == "ruhr/meldung-03.txt"]["text"])
    # The touched file's new stat is remembered: the next run skips it without hashing.
    with Store(out) as store:
        known = store.known_files()["ruhr/meldung-05.txt"]
    assert known.mtime_ns == touched.stat().st_mtime_ns
    assert run_batch(settings(corpus, out)).exports == []


def test_new_version_or_force_processes_everything(
    corpus: Path, tmp_path: Path, stub_extract: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    run_batch(settings(corpus, out))
    assert run_batch(settings(corpus, out, force=True)).processed == 12
    monkeypatch.setattr(run_module, "__version__", "99.0")
    assert run_batch(settings(corpus, out)).processed == 12
    assert run_batch(settings(corpus, out)).processed == 0
    assert len(tables(out)["articles"]) == 12


def test_vanished_file_is_marked_missing_and_purge_deletes_it(
    corpus: Path, tmp_path: Path, stub_extract: object
) -> None:
    out = tmp_path / "out"
    run_batch(settings(corpus, out, formats=("csv", "parquet")))
    (corpus / "ruhr" / "meldung-07.txt").unlink()
    summary = run_batch(settings(corpus, out, formats=("csv", "parquet")))
    assert (summary.missing, summary.unchanged, summary.failed) == (1, 11, 0)
    articles = read_export(out, "articles.csv", encoding="utf-8-sig", keep_default_na=False)
    row = articles.set_index("path").loc["ruhr/meldung-07.txt"]
    assert (row["status"], row["error"]) == ("missing", "file no longer in the input")
    assert (articles["status"] == "missing").sum() == 1
    # Its entities and figures stay in the store until the purge, but leave the exports.
    assert "ruhr/meldung-07.txt" not in set(read_export(out, "figures.parquet")["path"])
    with Store(out) as store:
        kept = store.conn.execute(
            "SELECT COUNT(*) FROM figures JOIN articles USING (article_id) WHERE path = ?",
            ("ruhr/meldung-07.txt",),
        ).fetchone()[0]
    assert kept > 0
    assert purge_missing(out) == 1
    assert len(read_export(out, "articles.csv", encoding="utf-8-sig")) == 11
    assert "ruhr/meldung-07.txt" not in set(read_export(out, "figures.parquet")["path"])
    assert not (out / "records.jsonl").exists()  # purge keeps the folder's formats
    assert purge_missing(out) == 0


def test_returning_file_gets_its_kept_results_back(
    corpus: Path, tmp_path: Path, stub_extract: object
) -> None:
    out = tmp_path / "out"
    run_batch(settings(corpus, out))
    before = tables(out)
    gone = corpus / "ruhr" / "meldung-01.txt"
    text = gone.read_text(encoding="utf-8")
    gone.unlink()
    run_batch(settings(corpus, out))
    gone.write_text(text, encoding="utf-8")
    summary = run_batch(settings(corpus, out))
    # Same bytes: nothing to process again, the results kept meanwhile hold.
    assert (summary.processed, summary.missing, summary.unchanged) == (0, 0, 12)
    after = tables(out)
    assert set(after["articles"]["status"]) == {"ok"}
    pd.testing.assert_frame_equal(after["entities"], before["entities"])
    # Other bytes under the returning name are processed.
    gone.unlink()
    run_batch(settings(corpus, out))
    gone.write_text(text.replace("Bochum", "Dortmund"), encoding="utf-8")
    assert run_batch(settings(corpus, out)).processed == 1


# --- one run at a time ------------------------------------------------------------------


def test_second_process_exits_75_and_touches_nothing(
    corpus: Path, tmp_path: Path, stub_extract: object
) -> None:
    out = tmp_path / "out"
    run_batch(settings(corpus, out))
    (corpus / "ruhr" / "neu.txt").write_text(article(50), encoding="utf-8")
    before = {path.name: (path.stat().st_mtime_ns, path.stat().st_size) for path in out.iterdir()}
    lock = FileLock(out / LOCK_NAME)
    with lock.acquire(timeout=5):
        started = time.monotonic()
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pipeline",
                "run",
                str(corpus),
                "--out",
                str(out),
                "--model",
                "blank",
            ],  # fmt: skip
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        waited = time.monotonic() - started
    assert result.returncode == 75, result.stderr
    [line] = result.stderr.splitlines()  # one line, whether echoed or logged
    assert line.endswith(f"another run is using {out}; exiting (try again later)")
    assert result.stdout == ""
    assert waited < 60  # it does not wait for the lock (generous: interpreter start-up)
    after = {path.name: (path.stat().st_mtime_ns, path.stat().st_size) for path in out.iterdir()}
    assert after == before


def test_run_refuses_while_another_process_holds_the_lock(
    corpus: Path, tmp_path: Path, stub_extract: object
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from filelock import FileLock\n"
            "lock = FileLock(sys.argv[1]); lock.acquire()\n"
            "print('held', flush=True); time.sleep(60)",
            str(out / LOCK_NAME),
        ],  # fmt: skip
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(RunLockedError, match="another run is using"):
            run_batch(settings(corpus, out))
        assert not (out / "pipeline.sqlite").exists()
    finally:
        holder.kill()
        holder.wait()
    # The lock dies with its holder, even a killed one.
    assert run_batch(settings(corpus, out)).processed == 12


# --- crash safety -----------------------------------------------------------------------


def test_run_killed_after_some_batches_is_completed_by_the_next_run(
    corpus: Path, tmp_path: Path, stub_extract: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = tmp_path / "reference"
    run_batch(settings(corpus, reference))

    out = tmp_path / "out"
    real_save = Store.save_results
    calls = {"n": 0}

    def save_then_die(self: Store, *args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # stands in for SIGKILL: the batch's transaction is lost
        real_save(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "save_results", save_then_die)
    with pytest.raises(KeyboardInterrupt):
        run_batch(settings(corpus, out))
    monkeypatch.setattr(Store, "save_results", real_save)
    assert len(tables(out)["articles"]) == 8  # the first chunk (batch size 2 x 4) only
    assert not (out / "csv").exists()

    summary = run_batch(settings(corpus, out))
    assert (summary.processed, summary.unchanged) == (4, 8)
    expected, actual = tables(reference), tables(out)
    for name in expected:
        pd.testing.assert_frame_equal(actual[name], expected[name], check_like=True)
    assert actual["articles"]["article_id"].is_unique
    assert not actual["figures"].duplicated(["article_id", "start", "end"]).any()


def test_run_removes_temp_files_a_killed_export_left(
    corpus: Path, tmp_path: Path, stub_extract: object
) -> None:
    out = tmp_path / "out"
    run_batch(settings(corpus, out))
    stale = [out / ".articles.csv.3hx8_q1z.tmp", out / ".report.xlsx.a8d7kq2p.tmp"]
    for path in stale:
        path.write_text("half an export", encoding="utf-8")
    (out / ".notizen.tmp").write_text("not ours", encoding="utf-8")
    summary = run_batch(settings(corpus, out))
    assert summary.exports == []  # nothing changed, yet the leftovers are gone
    assert not any(path.exists() for path in stale)
    assert (out / ".notizen.tmp").exists()


def test_exports_are_rebuilt_for_a_new_store(
    corpus: Path, tmp_path: Path, stub_extract: object
) -> None:
    out = tmp_path / "out"
    run_batch(settings(corpus, out))
    for path in out.glob("pipeline.sqlite*"):
        path.unlink()
    (corpus / "ruhr" / "meldung-00.txt").unlink()
    summary = run_batch(settings(corpus, out))
    assert summary.processed == 11
    assert "csv/articles/undated.csv" in summary.exports
    assert len(read_export(out, "articles.csv", encoding="utf-8-sig")) == 11


# --- cron-friendly output ---------------------------------------------------------------


def invoke(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.stderr


def test_cli_prints_a_summary_and_no_progress_bar_off_a_terminal(
    corpus: Path, tmp_path: Path, stub_extract: object, restore_logging: None
) -> None:
    (corpus / "leer.txt").write_text("", encoding="utf-8")
    code, stderr = invoke(["run", str(corpus), "--out", str(tmp_path / "out"), "--model", "blank"])
    assert code == 1
    lines = stderr.splitlines()
    assert "13 files seen, 12 processed, 0 unchanged, 0 skipped, 1 failed" in lines[-1]
    assert "WARNING leer.txt: empty file (no text)" in stderr
    assert "articles:" not in stderr and "\r" not in stderr  # no tqdm bar


def test_cli_progress_bar_on_request(
    corpus: Path, tmp_path: Path, stub_extract: object, restore_logging: None
) -> None:
    code, stderr = invoke(
        ["run", str(corpus), "--out", str(tmp_path / "out"), "--model", "blank", "--progress"]
    )
    assert code == 0
    assert "articles:" in stderr and "/12 [" in stderr


def test_cli_log_file_collects_warnings(
    corpus: Path, tmp_path: Path, stub_extract: object, restore_logging: None
) -> None:
    (corpus / "kaputt.txt").write_bytes(b"\x00\x01\x02" * 20)
    log_file = tmp_path / "logs" / "pipeline.log"
    args = ["run", str(corpus), "--out", str(tmp_path / "out"), "--model", "blank"]
    invoke([*args, "--log-file", str(log_file)])
    invoke([*args, "--log-file", str(log_file)])  # appends
    log = log_file.read_text(encoding="utf-8")
    assert log.count("WARNING kaputt.txt: binary file (contains NUL bytes), not text") == 2
    assert "; model blank_de" in log


def test_cli_log_file_ends_with_the_summary(
    corpus: Path, tmp_path: Path, stub_extract: object, restore_logging: None
) -> None:
    log_file = tmp_path / "pipeline.log"
    args = ["run", str(corpus), "--out", str(tmp_path / "out"), "--model", "blank"]
    invoke([*args, "--log-file", str(log_file)])
    last = log_file.read_text(encoding="utf-8").splitlines()[-1]
    assert "12 files seen, 12 processed, 0 unchanged" in last


def test_cli_purge(
    corpus: Path, tmp_path: Path, stub_extract: object, restore_logging: None
) -> None:
    out = tmp_path / "out"
    run_batch(settings(corpus, out))
    (corpus / "ruhr" / "meldung-02.txt").unlink()
    run_batch(settings(corpus, out))
    code, stderr = invoke(["purge", str(out)])
    assert (code, stderr.strip()) == (0, "purged 1 missing article(s)")
    assert len(tables(out)["articles"]) == 11


# --- kill -9 soak (slow) ----------------------------------------------------------------


@pytest.mark.slow
def test_kill_soak_small(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import kill_soak
    finally:
        sys.path.remove(str(ROOT / "bench"))
    report = kill_soak.soak(tmp_path, articles=60, kills=5, seed=7, batch_size=4)
    assert report.kills >= 5
    assert report.problems == [], report.problems
    # The comparison itself must be able to fail: a lost figure row and a leftover temp file.
    broken = tmp_path / "broken"
    shutil.copytree(tmp_path / "out", broken)
    with sqlite3.connect(broken / "pipeline.sqlite") as conn:
        conn.execute("DELETE FROM figures WHERE rowid = (SELECT MIN(rowid) FROM figures)")
    (broken / ".figures.csv.x1y2z3.tmp").write_text("half", encoding="utf-8")
    problems = kill_soak.compare(tmp_path / "reference", broken)
    assert any(problem.startswith("store table figures differs") for problem in problems)
    assert "temporary files left: .figures.csv.x1y2z3.tmp" in problems
