"""Files the pipeline builds once and keeps in the user's cache folder (XDG_CACHE_HOME,
else ~/.cache/article-pipeline): the gazetteer's tables and index, py3langid's model.

Every cache file's name changes with everything it was built from, so a stale one is never
read; one that cannot be read or written only costs the slow path. No heavy imports here:
the process that only reads and stores files must not pay for spaCy.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "article-pipeline"


def cache_file(name: str) -> Path:
    """A file in our cache folder (which may not exist yet)."""
    return cache_dir() / name


def write_atomically(path: Path, write: Any, mode: str = "w") -> None:
    """Write a file through `write(handle)` into a temp file renamed over `path`."""
    tmp_name = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        encoding = "utf-8" if "b" not in mode else None
        with tempfile.NamedTemporaryFile(
            mode, encoding=encoding, dir=path.parent, delete=False, suffix=".tmp"
        ) as tmp:
            tmp_name = tmp.name
            write(tmp)
        os.replace(tmp_name, path)
    except OSError:
        # A read-only home or a full disk only costs the slow path next time.
        if tmp_name:
            Path(tmp_name).unlink(missing_ok=True)


def cached_pickle(path: Path, versions: str, build: Callable[[], T], kind: type[T]) -> T:
    """What `build` returns, from the pickle at `path` when it holds a `kind`, else built
    and written there; other files matching the glob `versions` beside it (stale versions)
    are removed. `path`'s name must change with everything `build` reads.
    """
    try:
        with open(path, "rb") as fh:
            cached = pickle.load(fh)  # our own file in the user's cache folder
        if isinstance(cached, kind):
            return cached
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        pass
    built = build()
    write_atomically(path, lambda fh: pickle.dump(built, fh, protocol=5), "wb")
    for stale in path.parent.glob(versions):
        if stale != path:
            stale.unlink(missing_ok=True)
    return built
