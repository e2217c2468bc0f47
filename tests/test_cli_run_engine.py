"""`run --engine/--scheduler` and ARTICLES as a URL, without a cluster."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import read_export

from pipeline.cli import EXIT_CLUSTER, cli


def test_local_engine_does_not_import_dask() -> None:
    code = (
        "import sys, pipeline.cli, pipeline.run, pipeline.engine;"
        "print(sorted(m for m in ('dask', 'distributed') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "[]", done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # adlfs is in no extra of ours: the message names the package to install.
        (["az://container/articles"], "az:// input needs adlfs installed here and on every"),
        (["nosuchfs://bucket/articles"], "nosuchfs:// is not a file system fsspec knows"),
        (["file://elsewhere/articles"], "a file:// URL names this machine's files"),
        (["{input}", "--scheduler", "tcp://127.0.0.1:8786"], "--scheduler needs --engine dask"),
    ],
)
def test_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    args = [arg.replace("{input}", str(tmp_path)) for arg in args]
    result = CliRunner().invoke(cli, ["run", *args, "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert message in result.output


def test_file_url_is_the_folder(tmp_path: Path) -> None:
    articles = tmp_path / "in put"
    articles.mkdir()
    (articles / "a.txt").write_text(
        "Firma wächst\n\nBochum. Die Firma meldet 12 Millionen Euro Umsatz.\n", encoding="utf-8"
    )
    url = "file://" + str(articles).replace(" ", "%20")
    result = CliRunner().invoke(
        cli, ["run", url, "--out", str(tmp_path / "out"), "--model", "blank", "--formats", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert "a.txt" in read_export(tmp_path / "out", "articles.csv")["path"].tolist()


def test_unreachable_scheduler_exits_69(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    (tmp_path / "a.txt").write_text("Titel\n\nBochum. Ein Satz mit Inhalt.\n", encoding="utf-8")
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"}
    command = [
        sys.executable, "-m", "pipeline", "run", str(tmp_path), "--out", str(tmp_path / "out"),
        "--engine", "dask", "--scheduler", f"tcp://127.0.0.1:{port}", "--model", "blank",
    ]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == EXIT_CLUSTER, done.stderr[-2000:]
    assert "cannot reach the Dask scheduler" in done.stderr
