"""ARTICLES as an object-store URL: `run s3://bucket/prefix` against a real S3 server.

The server is moto's S3 server: a real HTTP server on 127.0.0.1 that speaks the S3 API, so
the pipeline goes through s3fs, botocore and HTTP exactly as against a bucket in a cloud
(moto is what s3fs tests itself against). Runs are real processes (`python -m pipeline`)
with the endpoint and credentials in their environment, as a user sets them; their store
and exports are compared with a run over the same files in a local folder.

Left out of the comparison, because an object has no inode or ctime and its sidecar's
signature has the ETag in it: the file-stat columns of `articles` and `sidecar_stat`.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

moto_server = pytest.importorskip("moto.server", reason="moto[server] is in the dev extra")
s3fs = pytest.importorskip("s3fs", reason="s3fs is in the dev extra")

sys.path.insert(0, str(Path(__file__).parent))
from conftest import read_export  # noqa: E402
from test_dask import CORPUS, export_rows, store_tables  # noqa: E402

from pipeline.ingest import (  # noqa: E402
    IngestError,
    InputFile,
    fetch_objects,
    file_is_sidecar,
    file_stat,
    iter_input_files,
    read_input_file,
)

STAT_COLUMNS = frozenset({"size", "mtime_ns", "ctime_ns", "inode", "sidecar_stat"})
FORMATS = "csv,jsonl,parquet"
BUCKET = "archiv"


REQUESTS: list[str] = []


class _Requests(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        REQUESTS.append(record.getMessage())


def _reads(prefix: str) -> list[str]:
    """The objects under `prefix` the runs since the last call fetched (GET of a key)."""
    found = [line.split("GET /", 1)[1].split(" ", 1)[0] for line in REQUESTS if "GET /" in line]
    REQUESTS.clear()
    return sorted(path for path in found if path.startswith(prefix) and "?" not in path)


@pytest.fixture(scope="module")
def server() -> Iterator[dict[str, str]]:
    """A real S3 endpoint on 127.0.0.1; yields the environment a run needs to reach it."""
    # The server logs a line per request: kept in REQUESTS (what a run asked for), not shown.
    requests = logging.getLogger("werkzeug")
    requests.setLevel(logging.INFO)
    requests.propagate = False
    requests.addHandler(_Requests())
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    env = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": "pipeline-test",
        "AWS_SECRET_ACCESS_KEY": "pipeline-test-secret",
        "AWS_DEFAULT_REGION": "us-east-1",
        # fsspec's own variable for s3fs's endpoint_url (README "Input in an object store").
        "FSSPEC_S3_ENDPOINT_URL": f"http://{host}:{port}",
        "OMP_NUM_THREADS": "1",
    }
    try:
        yield env
    finally:
        server.stop()


@pytest.fixture
def bucket(server: dict[str, str]) -> Iterator[s3fs.S3FileSystem]:
    fs = s3fs.S3FileSystem(
        key=server["AWS_ACCESS_KEY_ID"], secret=server["AWS_SECRET_ACCESS_KEY"],
        endpoint_url=server["FSSPEC_S3_ENDPOINT_URL"], skip_instance_cache=True,
    )  # fmt: skip
    fs.mkdir(BUCKET)
    try:
        yield fs
    finally:
        fs.rm(BUCKET, recursive=True)


def _articles(tmp_path: Path) -> Path:
    articles = tmp_path / "articles"
    shutil.copytree(CORPUS, articles, ignore=shutil.ignore_patterns("gold"))
    (articles / ".entwurf.txt").write_text("Ein Entwurf, der nicht gelesen wird.\n")
    return articles


def _in_bucket(bucket: s3fs.S3FileSystem, tmp_path: Path, prefix: str) -> Path:
    """The sample corpus in a folder and under `prefix` in the bucket; the folder."""
    articles = _articles(tmp_path)
    _upload(bucket, articles, prefix)
    return articles


def _upload(fs: s3fs.S3FileSystem, folder: Path, prefix: str) -> None:
    fs.pipe({
        f"{BUCKET}/{prefix}/{path.relative_to(folder).as_posix()}": path.read_bytes()
        for path in sorted(folder.rglob("*")) if path.is_file()
    })  # fmt: skip


def _run(env: dict[str, str], articles: str, out: Path, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "pipeline", "run", articles, "--out", str(out),
               "--formats", FORMATS, "--no-progress", *args]  # fmt: skip
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)


def _summary(result: subprocess.CompletedProcess) -> str:
    line = next(line for line in result.stderr.splitlines() if "files seen" in line)
    return line[line.index("SUMMARY") :]  # without the log line's time stamp


def _assert_same(local: Path, remote: Path) -> None:
    expected, got = store_tables(local, STAT_COLUMNS), store_tables(remote, STAT_COLUMNS)
    for table in expected:
        assert got[table] == expected[table], table
    assert export_rows(remote) == export_rows(local)


def test_bucket_gives_the_results_of_the_same_folder(
    server: dict[str, str], bucket: s3fs.S3FileSystem, tmp_path: Path
) -> None:
    articles = _in_bucket(bucket, tmp_path, "zeitung")
    local = _run(server, str(articles), tmp_path / "local")
    remote = _run(server, f"s3://{BUCKET}/zeitung/", tmp_path / "remote")
    assert local.returncode == remote.returncode, remote.stderr
    assert _summary(remote).split(" in ")[0] == _summary(local).split(" in ")[0]
    _assert_same(tmp_path / "local", tmp_path / "remote")
    # The sidecar beside agentur/leverkusen-chemiepark.txt was read from the bucket.
    conn = sqlite3.connect(tmp_path / "remote" / "pipeline.sqlite")
    try:
        row = conn.execute(
            "SELECT sidecar, source FROM articles WHERE path = 'agentur/leverkusen-chemiepark.txt'"
        ).fetchone()
    finally:
        conn.close()
    assert row[0] == "agentur/leverkusen-chemiepark.json" and row[1], row


def test_nights_on_a_bucket_read_only_what_changed(
    server: dict[str, str], bucket: s3fs.S3FileSystem, tmp_path: Path
) -> None:
    articles = _in_bucket(bucket, tmp_path, "nacht")
    url, out = f"s3://{BUCKET}/nacht", tmp_path / "out"
    first = _run(server, url, out)
    assert first.returncode in (0, 1), first.stderr
    assert _run(server, str(articles), tmp_path / "local").returncode == first.returncode
    seen = int(_summary(first).split(" files seen")[0].rsplit(" ", 1)[-1])

    assert len(_reads(f"{BUCKET}/nacht/")) >= seen - 2  # every object (and sidecar) read once
    again = _run(server, url, out)
    assert " 0 processed, " in _summary(again), again.stderr
    assert f"{seen} files seen" in _summary(again)
    assert _reads(f"{BUCKET}/nacht/") == []  # the fast path: the listing only, no object read

    # A night: one article edited (same size, new bytes), one added, one deleted, and a
    # sidecar changed; the fast path reads those and nothing else.
    name = "ruhr/bochum-it-sicherheit.txt"
    text = (articles / name).read_text(encoding="utf-8")
    edited = text.replace("500", "600", 1)
    assert edited != text and len(edited.encode()) == len(text.encode())
    bucket.pipe(f"{BUCKET}/nacht/{name}", edited.encode())
    (articles / name).write_text(edited, encoding="utf-8")
    added = (
        "Dortmund: Neues Rechenzentrum am Phoenix-See\n\n"
        "Die Dortmunder Stadtwerke eröffnen im Frühjahr 2027 ein Rechenzentrum mit rund 40"
        " Arbeitsplätzen. Investiert werden nach Angaben des Unternehmens 85 Millionen Euro.\n"
    )
    bucket.pipe(f"{BUCKET}/nacht/ruhr/dortmund-rechenzentrum.txt", added.encode())
    (articles / "ruhr" / "dortmund-rechenzentrum.txt").write_text(added, encoding="utf-8")
    bucket.rm(f"{BUCKET}/nacht/bund/hamburg-hafen.txt")
    (articles / "bund" / "hamburg-hafen.txt").unlink()
    sidecar = '{"source": "dpa", "published": "2026-11-30", "author": "Jana Weber"}'
    bucket.pipe(f"{BUCKET}/nacht/agentur/leverkusen-chemiepark.json", sidecar.encode())
    (articles / "agentur" / "leverkusen-chemiepark.json").write_text(sidecar, encoding="utf-8")

    _reads("")  # forget the uploads
    night = _run(server, url, out)
    line = _summary(night)
    assert " 2 processed, " in line, night.stderr  # the edited and the added article
    # Read: the edited and the added article, and the article whose sidecar changed with
    # that sidecar (its text is the same: its metadata is refreshed, its results kept).
    assert _reads(f"{BUCKET}/nacht/") == [
        f"{BUCKET}/nacht/agentur/leverkusen-chemiepark.json",
        f"{BUCKET}/nacht/agentur/leverkusen-chemiepark.txt",
        f"{BUCKET}/nacht/ruhr/bochum-it-sicherheit.txt",
        f"{BUCKET}/nacht/ruhr/dortmund-rechenzentrum.txt",
    ]
    assert " 1 missing" in line, line
    # The same two runs over a local folder with the same changes give the same store
    # (the deleted article kept as "missing" in both) and the same exports.
    local_night = _run(server, str(articles), tmp_path / "local")
    assert _summary(local_night).split(" in ")[0] == line.split(" in ")[0]
    _assert_same(tmp_path / "local", out)


def test_dask_workers_read_the_bucket_themselves(
    server: dict[str, str], bucket: s3fs.S3FileSystem, tmp_path: Path
) -> None:
    articles = _in_bucket(bucket, tmp_path, "dask")
    local = _run(server, str(articles), tmp_path / "local")
    dask = _run(server, f"s3://{BUCKET}/dask", tmp_path / "dask", "--engine", "dask",
                "--workers", "2", "--batch-size", "4")  # fmt: skip
    assert dask.returncode == local.returncode, dask.stderr
    _assert_same(tmp_path / "local", tmp_path / "dask")


def test_objects_that_cannot_be_articles_are_error_rows(
    server: dict[str, str], bucket: s3fs.S3FileSystem, tmp_path: Path
) -> None:
    good = "Essen: Messe meldet Rekord\n\nDie Messe Essen zählte 2026 1,2 Millionen Besucher.\n"
    bucket.pipe({
        f"{BUCKET}/fehler/messe.txt": good.encode(),
        f"{BUCKET}/fehler/gross.txt": ("Sehr langer Text. " * 400).encode(),
        f"{BUCKET}/fehler/bild.txt": b"\x89PNG\r\n\x1a\n" + bytes(64),
        f"{BUCKET}/fehler/leer.txt": b"",
    })  # fmt: skip
    result = _run(server, f"s3://{BUCKET}/fehler", tmp_path / "out", "--max-bytes", "4000")
    assert result.returncode == 1, result.stderr
    assert " 1 processed, " in _summary(result) and " 3 failed" in _summary(result)
    articles = read_export(tmp_path / "out", "articles.csv", keep_default_na=False)
    errors = dict(zip(articles["path"], articles["error"], strict=True))
    assert errors["gross.txt"].startswith("file is 7,200 bytes, over the limit of 4,000 bytes")
    assert "PNG image" in errors["bild.txt"] and errors["messe.txt"] == "", errors
    assert errors["leer.txt"] == _local_error(b"", tmp_path), errors


def _local_error(data: bytes, tmp_path: Path) -> str:
    """The error a file with these bytes gets in a local folder."""
    (tmp_path / "lokal.txt").write_bytes(data)
    with pytest.raises(IngestError) as error:
        read_input_file(InputFile(tmp_path / "lokal.txt", tmp_path, "lokal.txt"), 4000)
    return str(error.value)


def test_a_missing_bucket_or_unknown_scheme_is_a_usage_error(
    server: dict[str, str], tmp_path: Path
) -> None:
    missing = _run(server, "s3://gibt-es-nicht/artikel", tmp_path / "a")
    assert missing.returncode == 2
    assert "input folder not found: s3://gibt-es-nicht/artikel" in missing.stderr
    unknown = _run(server, "nosuchfs://bucket/artikel", tmp_path / "b")
    assert unknown.returncode == 2
    assert "nosuchfs:// is not a file system fsspec knows" in unknown.stderr
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_listing_signatures_and_reading_in_process(
    server: dict[str, str], bucket: s3fs.S3FileSystem, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pieces a run uses, in this process: listing, the fast path's stat, reading."""
    import fsspec

    # fsspec read FSSPEC_* variables when it was imported; in this process, its config.
    monkeypatch.setitem(fsspec.config.conf, "s3", {
        "endpoint_url": server["FSSPEC_S3_ENDPOINT_URL"], "key": server["AWS_ACCESS_KEY_ID"],
        "secret": server["AWS_SECRET_ACCESS_KEY"], "skip_instance_cache": True,
    })  # fmt: skip
    text = "Bochum: Neue Halle\n\nDie Stadt baut eine Halle für 12 Millionen Euro.\n"
    bucket.pipe({
        f"{BUCKET}/p/b/zwei.txt": text.encode(),
        f"{BUCKET}/p/b/zwei.meta.json": b'{"source": "WAZ"}',
        f"{BUCKET}/p/a-b.txt": text.encode(),
        f"{BUCKET}/p/.git/config": b"x",
        f"{BUCKET}/p/.git/HEAD": b"x",
        f"{BUCKET}/p/eins.txt": text.encode(),
    })  # fmt: skip
    files = list(iter_input_files(f"s3://{BUCKET}/p"))
    # The local walk's order (depth first, names sorted per folder); a hidden folder once.
    assert [(f.rel, f.skip) for f in files] == [
        (".git", "hidden"), ("a-b.txt", ""), ("b/zwei.meta.json", ""), ("b/zwei.txt", ""),
        ("eins.txt", ""),
    ]  # fmt: skip
    by_rel = {f.rel: f for f in files}
    assert file_is_sidecar(by_rel["b/zwei.meta.json"]) and not file_is_sidecar(by_rel["eins.txt"])
    zwei = by_rel["b/zwei.txt"]
    assert read_input_file(zwei, 10_000).source == "WAZ"
    assert read_input_file(zwei, 10_000).sidecar == "b/zwei.meta.json"

    # Rewritten with the same size within the same second: the stat still differs (ETag).
    eins = by_rel["eins.txt"]
    bucket.pipe(f"{BUCKET}/p/eins.txt", text.replace("12", "13").encode())
    again = {f.rel: f for f in iter_input_files(f"s3://{BUCKET}/p")}["eins.txt"]
    assert file_stat(again)[0] == file_stat(eins)[0] and file_stat(again) != file_stat(eins)

    # Grown past --max-bytes after the listing: cut at the limit, an error, not a hang.
    bucket.pipe(f"{BUCKET}/p/eins.txt", (text * 50).encode())
    with pytest.raises(IngestError, match="over the limit"):
        read_input_file(again, len(text) + 10)
    # Gone after the listing: a "missing" error (the run marks it missing).
    bucket.rm(f"{BUCKET}/p/a-b.txt")
    with pytest.raises(IngestError, match="disappeared") as gone:
        read_input_file(by_rel["a-b.txt"], 10_000, fetched=fetch_objects(files, 10_000))
    assert gone.value.missing
