"""Browse: the store served read-only by Datasette, described by a metadata file.

Datasette is an optional extra (`pip install article-pipeline[serve]`). What it shows is
described by data, not code (Datasette's metadata.json convention): table and column
names in German and English, facets, the full-text search over `texts`, canned queries.
Datasette opens the file with `mode=ro` and this command binds it to 127.0.0.1 only.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from .store import DB_NAME, Store

METADATA = Path(__file__).resolve().parent / "datasette_metadata.json"
HOST = "127.0.0.1"  # never another interface: the store holds whole articles
DEFAULT_PORT = 8001


class ServeUnavailable(RuntimeError):
    """Datasette is not installed (the optional `serve` extra)."""


def metadata_for(store: Store) -> dict[str, Any]:
    """The metadata file, less the descriptions of columns this store does not have yet
    (entities.country, figures.measure, ... come with other work; see the README)."""
    metadata = json.loads(METADATA.read_text(encoding="utf-8"))
    for name, table in metadata["databases"]["pipeline"]["tables"].items():
        if "columns" in table:
            present = set(store.columns_of(name))
            table["columns"] = {k: v for k, v in table["columns"].items() if k in present}
    return metadata


def datasette_command(
    out_dir: Path, port: int = DEFAULT_PORT, metadata: Path = METADATA
) -> list[str]:
    """The Datasette command line that serves OUT/pipeline.sqlite read-only."""
    return [
        sys.executable, "-m", "datasette", "serve", str(out_dir / DB_NAME),
        "--metadata", str(metadata), "--host", HOST, "--port", str(port),
        # No write endpoints exist without plugins; these keep a slow query from hanging.
        "--setting", "sql_time_limit_ms", "5000",
        "--setting", "default_page_size", "50",
    ]  # fmt: skip


def check_servable(out_dir: Path) -> None:
    """Raise FileNotFoundError, StoreError or ServeUnavailable before anything starts."""
    if not (out_dir / DB_NAME).is_file():
        raise FileNotFoundError(f"no {DB_NAME} in {out_dir}: run `article-pipeline run` first")
    with Store(out_dir, readonly=True):
        pass  # a store of ours and not from a newer version (StoreError otherwise)
    if importlib.util.find_spec("datasette") is None:
        raise ServeUnavailable("Datasette is not installed: pip install 'article-pipeline[serve]'")


def serve(out_dir: Path, port: int = DEFAULT_PORT) -> int:
    """Run Datasette on the store until it ends (Ctrl-C, SIGTERM); returns its exit code."""
    check_servable(out_dir)
    with Store(out_dir, readonly=True) as store:
        metadata = metadata_for(store)
    with tempfile.TemporaryDirectory(prefix="article-pipeline-serve-") as tmp:
        path = Path(tmp) / "metadata.json"
        path.write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")
        process = subprocess.Popen(datasette_command(out_dir, port, path))
        try:
            return process.wait()
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
