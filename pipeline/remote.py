"""ARTICLES as an fsspec URL (`s3://bucket/prefix`, `gs://...`): listing, the fast path, reading.

A local folder is walked with POSIX calls (pipeline.ingest); an object store has none of
them, so this module gives the same four things through fsspec (README "Input in an object
store"):

- the listing: one recursive `find` (S3 and GCS list a prefix in pages of 1,000 objects,
  no call per folder), in the order the local walk has (depth first, names sorted);
- the fast path's signature per object: size, last-modified time and a number made from
  the ETag or checksum, which changes when the bytes do even within the same second;
- sidecars (`NAME.meta.json`, `NAME.json`) found in that listing, not by asking per file;
- reading: many objects fetched concurrently in one call (`cat_ranges`), each cut at
  `--max-bytes` + 1, so that a batch costs about one round trip rather than one per file.

Workers of either engine read the objects themselves; fsspec takes its credentials and
endpoint on each machine from the usual places (AWS_* / GOOGLE_* variables, ~/.aws,
FSSPEC_S3_ENDPOINT_URL and fsspec's config files), so no secret travels with the tasks.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# What the store keeps as a file's stat: (size, mtime_ns, ctime_ns, inode); see store.FileStat.
ObjectStat = tuple[int, int, int, int]

# Which package gives a protocol, for the message when it is missing.
PROTOCOL_PACKAGES = {"s3": "s3fs", "s3a": "s3fs", "gs": "gcsfs", "gcs": "gcsfs", "az": "adlfs",
                     "abfs": "adlfs", "abfss": "adlfs"}  # fmt: skip
# Keys under which fsspec implementations give an object's modification time.
TIME_KEYS = ("LastModified", "mtime", "updated", "last_modified", "modified", "created")
# Keys that change with the bytes (S3 ETag, GCS md5/crc32c and generation, Azure etag).
VERSION_KEYS = ("ETag", "etag", "md5Hash", "crc32c", "generation", "VersionId", "content_md5")


class RemoteInputError(Exception):
    """The URL cannot be listed: no such bucket or prefix, no package, no access."""


def is_url(value: str) -> bool:
    """True for `scheme://...` with a scheme of two or more letters (C:\\ is no URL)."""
    scheme, sep, _ = str(value).partition("://")
    return bool(sep) and len(scheme) >= 2 and scheme.replace("+", "").replace("-", "").isalnum()


@dataclass(frozen=True, slots=True)
class RemoteObject:
    """One listed object: where to fetch it and what the fast path compares."""

    url: str  # protocol-qualified, as fsspec opens it anywhere
    size: int
    stat: ObjectStat
    sidecar_url: str = ""
    sidecar_rel: str = ""
    sidecar_stat: str = ""
    is_sidecar: bool = False  # a .json beside an article of the same name (not read alone)


def filesystem(url: str) -> tuple[Any, str]:
    """(fsspec filesystem, path without protocol) for `url`; RemoteInputError when unusable."""
    protocol = url.partition("://")[0]
    try:
        import fsspec  # with s3fs, gcsfs, ... (pyproject extras s3, gcs)

        return fsspec.core.url_to_fs(url)
    except ImportError as exc:
        package = PROTOCOL_PACKAGES.get(protocol, f"the fsspec package for {protocol}://")
        raise RemoteInputError(
            f"{protocol}:// input needs {package} installed here and on every worker"
            f" (pip install {package}): {exc}"
        ) from None
    except ValueError as exc:  # fsspec: "Protocol not known"
        raise RemoteInputError(f"{protocol}:// is not a file system fsspec knows: {exc}") from None


def check_root(url: str) -> None:
    """Raise RemoteInputError unless `url` names a folder (prefix) or an object."""
    fs, root = filesystem(url)
    try:
        found = fs.exists(root)
    except PermissionError as exc:
        raise RemoteInputError(f"no permission to list {url}: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - a client's own errors: credentials, network
        raise RemoteInputError(f"cannot list {url}: {type(exc).__name__}: {exc}") from None
    if not found:
        raise RemoteInputError(f"input folder not found: {url}")


def list_objects(url: str) -> Iterator[tuple[str, RemoteObject | None, str]]:
    """(rel, object, skip reason) for every object under `url`, in the local walk's order.

    Hidden names (a part starting with ".") come once per hidden top entry with the
    reason "hidden", as the local walk reports a hidden folder once and does not enter it.
    """
    from .metadata import SIDECAR_SUFFIXES

    fs, root = filesystem(url)
    root = root.rstrip("/")
    protocol = url.partition("://")[0]
    try:
        if fs.isfile(root):
            info = fs.info(root)
            name = root.rsplit("/", 1)[-1]
            yield name, _object(protocol, root, info, None, {}), ""
            return
        found: Mapping[str, dict[str, Any]] = fs.find(root, detail=True, withdirs=False)
    except FileNotFoundError:
        raise RemoteInputError(f"input folder not found: {url}") from None
    except PermissionError as exc:
        raise RemoteInputError(f"no permission to list {url}: {exc}") from None
    prefix = root + "/"
    objects: dict[str, dict[str, Any]] = {}
    for key, info in found.items():
        if key.startswith(prefix) and info.get("type", "file") == "file":
            objects[key[len(prefix) :]] = info
    hidden_seen: set[str] = set()
    for rel in sorted(objects, key=lambda name: name.split("/")):
        parts = rel.split("/")
        hidden = next((i for i, part in enumerate(parts) if part.startswith(".")), None)
        if hidden is not None:
            top = "/".join(parts[: hidden + 1])
            if top not in hidden_seen:
                hidden_seen.add(top)
                yield top, None, "hidden"
            continue
        sidecar = next(
            (rel_stem(rel) + suffix for suffix in SIDECAR_SUFFIXES
             if rel_stem(rel) + suffix in objects and rel_stem(rel) + suffix != rel),
            None,
        )  # fmt: skip
        obj = _object(protocol, prefix + rel, objects[rel], sidecar, objects, prefix)
        if _is_sidecar(rel, objects):
            obj = replace(obj, is_sidecar=True)
        yield rel, obj, ""


def _is_sidecar(rel: str, objects: Mapping[str, Any]) -> bool:
    """As metadata.is_sidecar does on a folder: a `.json` with an article beside it."""
    from .ingest import SUPPORTED_SUFFIXES
    from .metadata import SIDECAR_SUFFIXES

    lower = rel.lower()
    for suffix in SIDECAR_SUFFIXES:
        if lower.endswith(suffix):
            stem = rel[: -len(suffix)]
            return any(stem + ext in objects for ext in SUPPORTED_SUFFIXES)
    return False


def rel_stem(rel: str) -> str:
    """`a/b.txt` -> `a/b`: the name a sidecar shares with its article."""
    name = rel.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return rel if dot <= 0 else rel[: len(rel) - len(name) + dot]


def _object(
    protocol: str,
    key: str,
    info: Mapping[str, Any],
    sidecar: str | None,
    objects: Mapping[str, Mapping[str, Any]],
    prefix: str = "",
) -> RemoteObject:
    stat = object_stat(info)
    if sidecar is None:
        return RemoteObject(f"{protocol}://{key}", stat[0], stat)
    side = object_stat(objects[sidecar])
    return RemoteObject(
        f"{protocol}://{key}", stat[0], stat,
        sidecar_url=f"{protocol}://{prefix}{sidecar}", sidecar_rel=sidecar,
        sidecar_stat=f"{side[0]}:{side[1]}:{side[3]}",
    )  # fmt: skip


def object_stat(info: Mapping[str, Any]) -> ObjectStat:
    """(size, mtime_ns, 0, version number) from a listing entry, for the stat fast path.

    Object stores keep seconds at best, so the version number (from the ETag or checksum)
    is what tells two writes within a second apart; it takes the place of the inode.
    """
    size = int(info.get("size") or info.get("Size") or 0)
    mtime_ns = 0
    for key in TIME_KEYS:
        value = info.get(key)
        if value:
            mtime_ns = _time_ns(value)
            break
    version = "|".join(str(info[key]) for key in VERSION_KEYS if info.get(key))
    number = int.from_bytes(hashlib.blake2b(version.encode(), digest_size=7).digest(), "big")
    return size, mtime_ns, 0, number if version else 0


def _time_ns(value: Any) -> int:
    if isinstance(value, datetime):
        return int(value.timestamp() * 1_000_000) * 1000
    if isinstance(value, (int, float)):
        return int(value * 1_000_000_000) if value < 1e11 else int(value)
    try:
        return int(datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp() * 1e9)
    except ValueError:
        return 0


def fetch(urls: Iterable[str], max_bytes: int) -> dict[str, bytes | Exception]:
    """The first `max_bytes` + 1 bytes of each URL, fetched concurrently where fsspec can.

    A failure is returned in place of the bytes (FileNotFoundError when the object is gone),
    so that one object never fails the others.
    """
    urls = list(dict.fromkeys(urls))
    if not urls:
        return {}
    fs, _ = filesystem(urls[0])
    paths = [fs._strip_protocol(url) for url in urls]
    try:
        data = fs.cat_ranges(paths, [0] * len(paths), [max_bytes + 1] * len(paths),
                             on_error="return")  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - the whole call failed: each URL gets the error
        data = [exc] * len(paths)
    return dict(zip(urls, data, strict=True))


def local_name(url: str) -> Path:
    """A Path for the suffix checks the local code makes (never opened)."""
    return Path(url.partition("://")[2])
