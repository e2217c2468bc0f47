"""Cron-grade, part two: nothing stored is lost, nothing hangs, every failure has its code.

Real files, real processes and real signals; a small tmpfs where a full or read-only disk
is needed (root only: those tests say so and skip elsewhere).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import export_parts, read_export
from openpyxl import load_workbook

from pipeline.export import KILL_HELPER_VARIABLE
from pipeline.process import CRASH_MARKER_VARIABLE, PIPELINE_MIN_ARTICLES
from pipeline.run import run_batch
from pipeline.settings import Settings
from pipeline.store import Store

ROOT = Path(__file__).resolve().parent.parent


def article(number: int) -> str:
    return (
        f"Werk {number} wächst\n\nHagen. Die Maschinenfabrik Hagen {number} stellt in diesem"
        f" Jahr {number + 20} neue Mitarbeiter ein. Der Umsatz stieg um {number % 9 + 1} Prozent"
        f" auf {number + 3},5 Millionen Euro, teilte Geschäftsführerin Petra Klee mit.\n"
    )


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def settings(root: Path, out: Path, **options: object) -> Settings:
    options = {"formats": ("csv",), **options}
    return Settings(input_dir=root, out_dir=out, model="blank", batch_size=4, **options)  # type: ignore[arg-type]


def cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess:
    """The real command in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
    )


def stored(out: Path) -> dict[str, tuple[str, int]]:
    """path -> (status, entity rows kept in the store)."""
    with Store(out, readonly=True) as store:
        rows = store.conn.execute(
            "SELECT a.path, a.status, COUNT(e.seq) FROM articles a LEFT JOIN entities e"
            " USING (article_id) GROUP BY a.article_id"
        ).fetchall()
    return {path: (status, count) for path, status, count in rows}


def consistent(out: Path) -> None:
    """The store passes SQLite's check and every article's counts match its rows."""
    conn = sqlite3.connect(out / "pipeline.sqlite")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        mismatched = conn.execute(
            "SELECT COUNT(*) FROM articles a WHERE a.status = 'ok' AND a.entities !="
            " (SELECT COUNT(*) FROM entities e WHERE e.article_id = a.article_id)"
        ).fetchone()[0]
        assert mismatched == 0
    finally:
        conn.close()


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """An 8 MB tmpfs: a disk that fills up and can be remounted read-only."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


# --- data loss ---------------------------------------------------------------------------


def test_storage_behind_links_going_away_keeps_every_result(
    tmp_path: Path, stub_extract: object
) -> None:
    storage = write(tmp_path / "storage", {f"a{n}.txt": article(n) for n in range(6)})
    inputs = tmp_path / "t"
    inputs.mkdir()
    for path in storage.iterdir():
        (inputs / path.name).symlink_to(Path("..") / "storage" / path.name)
    out = tmp_path / "out"
    run_batch(settings(inputs, out, follow_links=True))
    before = stored(out)
    assert {status for status, _ in before.values()} == {"ok"}
    assert all(count > 0 for _, count in before.values())
    storage.rename(tmp_path / "away")
    summary = run_batch(settings(inputs, out, follow_links=True))
    assert summary.failed == 6
    during = stored(out)
    assert {path: count for path, (_, count) in during.items()} == {
        path: count for path, (_, count) in before.items()
    }  # nothing deleted
    assert {status for status, _ in during.values()} == {"error"}
    with Store(out, readonly=True) as store:
        error = store.conn.execute("SELECT error FROM articles LIMIT 1").fetchone()[0]
    assert "broken symbolic link" in error and "earlier results kept" in error
    (tmp_path / "away").rename(storage)
    summary = run_batch(settings(inputs, out, follow_links=True))
    assert (summary.processed, summary.unchanged, summary.failed) == (0, 6, 0)
    assert stored(out) == before


def test_a_file_turned_unreadable_keeps_its_results(tmp_path: Path, stub_extract: object) -> None:
    root = write(tmp_path / "in", {"a.txt": article(1), "b.txt": article(2)})
    out = tmp_path / "out"
    run_batch(settings(root, out))
    before = stored(out)
    (root / "a.txt").unlink()
    (root / "a.txt").mkdir()  # the name now is a folder: not readable as an article
    (root / "a.txt" / "x.bin").write_bytes(b"")
    os.mkfifo(root / "b.txt.tmp")  # and a FIFO beside, of a type that is not read
    (root / "b.txt").unlink()
    os.mkfifo(root / "b.txt")  # a FIFO under an article's name: never opened
    summary = run_batch(settings(root, out))
    assert summary.failed == 1  # b.txt; a.txt is a folder now, walked, holding no article
    after = stored(out)
    assert after["b.txt"] == ("error", before["b.txt"][1])
    assert after["a.txt"] == ("missing", before["a.txt"][1])


def test_edit_hidden_by_touch_r_is_seen(tmp_path: Path, stub_extract: object) -> None:
    root = write(tmp_path / "in", {"a.txt": article(1)})
    out = tmp_path / "out"
    run_batch(settings(root, out))
    path = root / "a.txt"
    st = path.stat()
    edited = article(1).replace("Petra Klee", "Petra Klaa")  # same size
    assert len(edited.encode()) == st.st_size
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # touch -r: mtime as before
    assert run_batch(settings(root, out)).processed == 1


def test_verify_hashes_what_the_fast_path_would_trust(tmp_path: Path, stub_extract: object) -> None:
    root = write(tmp_path / "in", {"a.txt": article(1), "b.txt": article(2)})
    out = tmp_path / "out"
    run_batch(settings(root, out))
    (root / "a.txt").write_text(article(1).replace("Hagen", "Hamm "), encoding="utf-8")
    st = (root / "a.txt").stat()
    # What a clock reset or a restore from backup can do: the stored stamp matches anew.
    with Store(out) as store, store.transaction() as conn:
        conn.execute(
            "UPDATE articles SET size = ?, mtime_ns = ?, ctime_ns = ?, inode = ? WHERE path = ?",
            (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, "a.txt"),
        )
    assert run_batch(settings(root, out)).processed == 0  # trusted
    summary = run_batch(settings(root, out, verify=True))
    assert (summary.processed, summary.unchanged) == (1, 1)


def test_a_failed_export_leaves_the_previous_set_whole(
    tmpfs: Path, tmp_path: Path, stub_extract: object
) -> None:
    root = write(tmp_path / "in", {f"a{n}.txt": article(n) for n in range(3)})
    out = tmpfs / "out"
    formats = ("csv", "jsonl", "parquet")
    run_batch(settings(root, out, formats=formats))
    def files() -> dict[str, bytes]:
        return {
            str(p.relative_to(out)): p.read_bytes()
            for p in out.rglob("*")
            if p.is_file() and "sqlite" not in p.name
        }

    before = files()
    write(root, {f"b{n}.txt": article(n) * 10 for n in range(40)})
    free = shutil.disk_usage(tmpfs).free
    (tmpfs / "filler").write_bytes(b"\0" * max(free - 150_000, 0))
    result = cli("run", str(root), "--out", str(out), "--model", "blank", "--formats",
                 ",".join(formats), "--log-file", str(tmp_path / "run.log"))  # fmt: skip
    assert result.returncode == 4, result.stderr
    assert "no space left on the device" in result.stderr
    assert "no space left" in (tmp_path / "run.log").read_text(encoding="utf-8")
    assert files() == before  # every export as it was, no temp file left
    (tmpfs / "filler").unlink()
    result = cli("run", str(root), "--out", str(out), "--model", "blank")
    assert result.returncode == 0, result.stderr
    consistent(out)
    assert len(read_export(out, "articles.csv", encoding="utf-8-sig")) == 43


# --- exports that cannot be written -------------------------------------------------------


def test_a_huge_number_is_no_figure_and_every_export_stays_valid(tmp_path: Path) -> None:
    root = write(
        tmp_path / "in",
        {
            "schulden.txt": "Schulden\n\nHagen. Die Stadt hat Schulden von " + "9" * 400
            + " Milliarden Euro. Der Kämmerer rechnet mit 12 Prozent mehr Zinsen.\n",
        },
    )  # fmt: skip
    out = tmp_path / "out"
    for _ in range(2):  # and on the next run as well
        result = cli("run", str(root), "--out", str(out), "--model", "blank", "--formats",
                     "csv,jsonl,xlsx,parquet", "--force")  # fmt: skip
        assert result.returncode == 0, result.stderr
    assert "out of range, not a figure" in result.stderr

    def no_constants(name: str) -> None:
        raise AssertionError(f"invalid JSON constant {name}")

    lines = [line for part in export_parts(out, "records.jsonl") for line in part.open("rb")]
    assert lines
    for line in lines:
        record = json.loads(line, parse_constant=no_constants)
        assert [f["text"] for f in record["figures"]] == ["12 Prozent"]
    assert len(read_export(out, "figures.parquet")) == 1
    load_workbook(out / "report.xlsx", read_only=True).close()


def test_cells_and_rows_cut_at_excel_limits_are_noted(
    tmp_path: Path,
    stub_extract: object,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr("pipeline.export.XLSX_MAX_ROWS", 4)  # Excel's 1,048,576, scaled down
    root = write(tmp_path / "in", {f"a{n}.txt": article(n) for n in range(5)})
    (root / "a0.json").write_text(json.dumps({"notiz": "Protokoll " * 4000}), "utf-8")
    out = tmp_path / "out"
    run_batch(settings(root, out, formats=("xlsx",)))
    book = load_workbook(out / "report.xlsx", read_only=True)
    rows = list(book["articles"].iter_rows(values_only=True))
    assert len(rows) == 5  # header, 3 rows, the note
    assert "2 rows left out" in rows[-1][0] and "CSV and Parquet" in rows[-1][0]
    assert "texts cut" in rows[-1][0]
    book.close()
    assert "sheet articles: 2 rows left out" in caplog.text


# --- hangs that hold the lock -------------------------------------------------------------


def test_a_fifo_named_txt_is_an_error_row_not_a_hang(tmp_path: Path) -> None:
    root = write(tmp_path / "in", {"a.txt": article(1)})
    os.mkfifo(root / "pipe.txt")
    result = cli("run", str(root), "--out", str(tmp_path / "out"), "--model", "blank", timeout=120)
    assert result.returncode == 1, result.stderr
    assert "pipe.txt: not a regular file (a named pipe (FIFO))" in result.stderr


def test_an_article_that_kills_its_worker_ends_as_an_error_row(tmp_path: Path) -> None:
    files = {f"a{n:02d}.txt": article(n) for n in range(24)}
    files["a07.txt"] = article(7).replace("Petra Klee", "Petra Klee ABSTURZ-7")
    root = write(tmp_path / "in", files)
    out = tmp_path / "out"
    crash = {CRASH_MARKER_VARIABLE: "ABSTURZ-7"}
    result = cli("run", str(root), "--out", str(out), "--model", "blank", "--workers", "2",
                 "--batch-size", "4", env=crash, timeout=240)  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "died" in result.stderr
    rows = stored(out)
    assert rows["a07.txt"][0] == "error"
    assert {status for path, (status, _) in rows.items() if path != "a07.txt"} == {"ok"}
    with Store(out, readonly=True) as store:
        error = store.conn.execute("SELECT error FROM articles WHERE path = 'a07.txt'").fetchone()
    assert "worker process died on this article twice" in error[0]


def spawned(pid: int) -> list:
    """A run's spawned children, smallest memory first: the exports' helper, then the NLP
    workers (each holds a loaded pipeline)."""
    import psutil

    children = [
        child for child in psutil.Process(pid).children(recursive=True)
        if "spawn_main" in " ".join(child.cmdline())
    ]  # fmt: skip
    return sorted(children, key=lambda child: child.memory_info().rss)


def run_killing_a_child(
    tmp_path: Path, which: int, workers: int = 2, articles: int = 150
) -> tuple[Path, str]:
    """A run of `articles` articles with --workers `workers` whose spawned child `which`
    (in spawned()'s order) is SIGKILLed once the NLP is under way; returns the output folder
    and stderr, after asserting that the run still succeeded with every article stored ok.
    With --workers 2 the children are the exports' helper and two NLP workers; a pipelined
    run (one worker, enough articles) has one, its model's process."""
    files = {f"a{n:03d}.txt": article(n) * 3 for n in range(articles)}
    root = write(tmp_path / "in", files)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", str(root), "--out", str(out), "--workers",
         str(workers), "--batch-size", "2", "--no-progress"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    children = 3 if workers > 1 else 1
    killed = False
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None and not killed:
        # A pipelined run's model process is under way once the first batch is stored
        # (killed while it starts, the run falls back to one process instead).
        started = stored_count(out) > 0 if workers == 1 else (out / "pipeline.sqlite").exists()
        if len(spawned(process.pid)) >= children and started:
            time.sleep(1.0)  # into the NLP work, the workers' pipelines loaded
            spawned(process.pid)[which].kill()  # as the OOM killer would
            killed = True
        time.sleep(0.2)
    _, stderr = process.communicate(timeout=300)
    assert killed, "the run ended before its child could be killed"
    assert process.returncode == 0, stderr
    rows = stored(out)
    assert len(rows) == articles and {status for status, _ in rows.values()} == {"ok"}
    return out, stderr


def test_a_worker_killed_from_outside_does_not_stall_the_run(tmp_path: Path) -> None:
    run_killing_a_child(tmp_path, -1)  # an NLP worker


def test_a_pipelined_runs_model_process_killed_from_outside_does_not_stall_the_run(
    tmp_path: Path,
) -> None:
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("this machine gives the tests one core: no run is pipelined")
    _, stderr = run_killing_a_child(tmp_path, 0, workers=1, articles=PIPELINE_MIN_ARTICLES * 3)
    # Pipelined, and the kill came while it was (the model process busy or between two
    # pieces: either way the run went on and stored every article).
    assert "runs in a process of its own" in stderr


def test_an_export_helper_killed_during_the_nlp_is_started_again(tmp_path: Path) -> None:
    # With --workers 2 the exports' helper starts beside the NLP workers; killed while they
    # run, the exports start another one.
    out, stderr = run_killing_a_child(tmp_path, 0)
    assert "helper process died before the exports; starting another" in stderr
    assert (out / "report.xlsx").is_file()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_model_folder_that_cannot_load_exits_3_once(tmp_path: Path, workers: str) -> None:
    model = tmp_path / "kaputt"
    shutil.copytree(ROOT / "pipeline" / "models" / "de_regional_ner", model)
    (model / "config.cfg").write_text('[nlp]\nlang = "de"\npipeline = ["ner"\n', "utf-8")
    root = write(tmp_path / "in", {f"a{n}.txt": article(n) for n in range(4)})
    result = cli("run", str(root), "--out", str(tmp_path / "out"), "--model", str(model),
                 "--workers", workers, timeout=180)  # fmt: skip
    assert result.returncode == 3, result.stderr
    lines = [line for line in result.stderr.splitlines() if "cannot be loaded" in line]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_timeout_stops_cleanly_and_the_next_run_finishes(tmp_path: Path) -> None:
    root = write(tmp_path / "in", {f"a{n:03d}.txt": article(n) * 4 for n in range(400)})
    out = tmp_path / "out"
    result = cli("run", str(root), "--out", str(out), "--timeout", "4", "--batch-size", "8")
    assert result.returncode == 124, result.stderr
    assert "time limit of 4 s reached" in result.stderr
    consistent(out)
    done = len(stored(out))
    assert done < 400
    result = cli("run", str(root), "--out", str(out), "--timeout", "0")  # lock was released
    assert result.returncode == 0, result.stderr
    assert len(stored(out)) == 400
    consistent(out)


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_sigterm_and_ctrl_c_leave_a_consistent_store(
    tmp_path: Path, signum: int, code: int
) -> None:
    root = write(tmp_path / "in", {f"a{n:03d}.txt": article(n) * 4 for n in range(400)})
    out = tmp_path / "out"
    log_file = tmp_path / "run.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", str(root), "--out", str(out), "--batch-size",
         "8", "--no-progress", "--log-file", str(log_file)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # A job started in the background by a shell inherits SIGINT ignored; a terminal's
        # Ctrl-C reaches a run with the default handler, so the test gives it that.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if (out / "pipeline.sqlite").exists() and stored_count(out) > 0:
            break
        time.sleep(0.2)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == code, stderr
    assert "the store is consistent" in log_file.read_text(encoding="utf-8")
    consistent(out)
    assert not list(out.glob(".*.tmp"))
    result = cli("run", str(root), "--out", str(out), "--timeout", "0")
    assert result.returncode == 0, result.stderr
    assert len(stored(out)) == 400


def stored_count(out: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{out / 'pipeline.sqlite'}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


# --- crashes before any work ----------------------------------------------------------------


def test_names_that_are_not_utf8_are_stored_escaped(tmp_path: Path, stub_extract: object) -> None:
    root = write(tmp_path / "in", {"a.txt": article(1)})
    name = os.fsdecode(b"M\xfcller.txt")
    (root / name).write_text(article(2), encoding="utf-8")
    out = tmp_path / "out"
    summary = run_batch(settings(root, out))
    assert (summary.processed, summary.failed) == (2, 0)
    assert set(stored(out)) == {"a.txt", "M\\xfcller.txt"}
    assert run_batch(settings(root, out)).unchanged == 2  # and the name is found again


def test_deeply_nested_folders_are_walked(tmp_path: Path, stub_extract: object) -> None:
    root = tmp_path / "in"
    root.mkdir()
    deep = root
    for level in range(1200):  # os.mkdir one by one: makedirs itself recurses
        deep = deep / f"{level % 10}"
        os.mkdir(deep)
    (deep / "tief.txt").write_text(article(1), encoding="utf-8")
    try:
        summary = run_batch(settings(root, tmp_path / "out"))
        assert (summary.processed, summary.failed) == (1, 0)
    finally:
        # Removed here, bottom up: shutil.rmtree (pytest's clean-up) recurses per level.
        (deep / "tief.txt").unlink()
        while deep != root:
            deep.rmdir()
            deep = deep.parent


def test_links_inside_outside_and_broken(tmp_path: Path, stub_extract: object) -> None:
    root = write(tmp_path / "in", {"zzz-echt/a.txt": article(1)})
    (root / "aaa-alias").symlink_to("zzz-echt")  # sorts before its target
    (root / "wurzel").symlink_to("/")  # would walk the whole file system
    (root / "alt.pdf").symlink_to("nirgendwo.pdf")  # broken, of a type we do not read
    (root / ".versteckt.txt").write_text(article(2), encoding="utf-8")
    out = tmp_path / "out"
    summary = run_batch(settings(root, out))
    assert (summary.processed, summary.failed) == (1, 0)
    assert set(stored(out)) == {"zzz-echt/a.txt"}
    assert summary.skipped == 4
    assert summary.skipped_by_suffix == {
        "(link to a folder inside the input)": 1,
        "(link outside the input)": 1,
        ".pdf": 1,
        "(hidden)": 1,
    }


def test_a_long_line_of_numbers_costs_output_in_proportion(tmp_path: Path) -> None:
    numbers = ", ".join(str(1000 + (n * 7919) % 90000) for n in range(30000))
    body = f"Messwerte\n\nHagen. Die Werte lauten {numbers}.\n"
    assert len(body) > 200_000
    root = write(tmp_path / "in", {"werte.txt": body})
    out = tmp_path / "out"
    result = cli("run", str(root), "--out", str(out), "--model", "blank", "--formats", "csv")
    assert result.returncode == 0, result.stderr
    figures = read_export(out, "figures.csv", encoding="utf-8-sig", keep_default_na=False)
    assert len(figures) >= 29000
    assert figures["sentence"].str.len().max() <= 460  # a window, not the whole line
    size = sum(part.stat().st_size for part in export_parts(out, "figures.csv"))
    assert size < 700 * len(figures)


# --- every failure a message and its own exit code ----------------------------------------


def good_run(tmp_path: Path) -> tuple[Path, Path]:
    root = write(tmp_path / "in", {f"a{n}.txt": article(n) for n in range(3)})
    out = tmp_path / "out"
    assert cli("run", str(root), "--out", str(out), "--model", "blank").returncode == 0
    return root, out


def test_corrupt_or_truncated_store_exits_4_with_one_line(tmp_path: Path) -> None:
    root, out = good_run(tmp_path)
    store = out / "pipeline.sqlite"
    data = store.read_bytes()
    for broken in (b"kein SQLite" * 500, data[: len(data) // 3]):
        for name in ("pipeline.sqlite-wal", "pipeline.sqlite-shm"):
            (out / name).unlink(missing_ok=True)
        store.write_bytes(broken)
        log_file = tmp_path / "run.log"
        result = cli("run", str(root), "--out", str(out), "--model", "blank", "--force",
                     "--log-file", str(log_file))  # fmt: skip
        assert result.returncode == 4, result.stderr
        assert "Traceback" not in result.stderr
        assert "pipeline.sqlite" in log_file.read_text(encoding="utf-8")


def test_read_only_output_folder_exits_4(tmpfs: Path, tmp_path: Path) -> None:
    root = write(tmp_path / "in", {"a.txt": article(1)})
    out = tmpfs / "out"
    assert cli("run", str(root), "--out", str(out), "--model", "blank").returncode == 0
    write(root, {"b.txt": article(2)})
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    result = cli("run", str(root), "--out", str(out), "--model", "blank")
    assert result.returncode == 4, result.stderr
    assert "Traceback" not in result.stderr


def test_lock_path_that_is_a_folder_exits_4(tmp_path: Path) -> None:
    root, out = good_run(tmp_path)
    (out / ".pipeline.lock").unlink()
    (out / ".pipeline.lock").mkdir()
    result = cli("run", str(root), "--out", str(out), "--model", "blank")
    assert result.returncode == 4, result.stderr
    assert "cannot take the lock" in result.stderr and "Is a directory" in result.stderr


def test_a_killed_report_helper_exits_4_and_keeps_the_old_report(tmp_path: Path) -> None:
    root, out = good_run(tmp_path)
    before = (out / "report.xlsx").read_bytes()
    write(root, {"neu.txt": article(9)})
    result = cli("run", str(root), "--out", str(out), "--model", "blank", "--workers", "2",
                 env={KILL_HELPER_VARIABLE: "1"}, timeout=240)  # fmt: skip
    assert result.returncode == 4, result.stderr
    assert "report helper process died" in result.stderr
    assert (out / "report.xlsx").read_bytes() == before
    assert cli("run", str(root), "--out", str(out), "--model", "blank").returncode == 0
