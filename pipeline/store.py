"""Store: the SQLite database in the output folder, the source of truth for every export."""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
import uuid
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import numpy as np
import pandas as pd

from .duplicates import (
    NEAR_DUPLICATE_THRESHOLD,
    PREFILTER_MATCHES,
    jaccard_sorted,
    keys_of,
    matching_values,
    shingles,
    signature,
    worth_comparing,
)
from .records import Article, ArticleResult

DB_NAME = "pipeline.sqlite"
T = TypeVar("T")
SCHEMA_VERSION = 6

# An article's export partition: the month of its `published` date, "undated" without one
# (processed_at would move an article to another month each time it is processed again).
PARTITION_SQL = (
    "CASE WHEN {a}published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'"
    " THEN substr({a}published, 1, 7) ELSE 'undated' END"
)
# An article's day for the workbook's window: published, else the day it was processed.
DAY_SQL = (
    "CASE WHEN {a}published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'"
    " THEN substr({a}published, 1, 10) ELSE substr({a}processed_at, 1, 10) END"
)


ARTICLE_COLUMNS = (
    "article_id", "path", "title", "published", "source", "url", "author", "section",
    "language", "teaser", "dateline", "encoding", "chars", "tokens", "entities", "figures",
    "duplicate_of", "near_duplicate_of", "similarity", "metadata_from", "extra", "model",
    "status", "error", "sha256", "processed_at",
)  # fmt: skip
# Entity and figure rows repeat their article's date and source, so that a pivot of
# mentions per month and source needs one table (`source` of an entity is the component
# that found it, hence `article_source`).
ENTITY_COLUMNS = (
    "article_id", "path", "published", "article_source", "label", "text", "canonical", "start",
    "end", "sentence", "source", "geonames_id", "latitude", "longitude", "state", "country",
)  # fmt: skip
FIGURE_COLUMNS = (
    "article_id", "path", "published", "article_source", "text", "start", "end", "value",
    "value_min", "value_max", "qualifier", "unit", "kind", "normalized", "direction", "measure",
    "org", "place", "context_from", "sentence",
)  # fmt: skip
# Metadata columns a re-read of an unchanged file may update without processing it again.
METADATA_COLUMNS = (
    "path", "title", "published", "source", "url", "author", "section", "language", "teaser",
    "dateline", "encoding", "metadata_from", "extra", "sidecar", "sidecar_stat",
)  # fmt: skip

_TABLES = """
CREATE TABLE articles (
    article_id        TEXT PRIMARY KEY,
    path              TEXT NOT NULL,
    title             TEXT NOT NULL DEFAULT '',
    published         TEXT NOT NULL DEFAULT '',
    source            TEXT NOT NULL DEFAULT '',
    url               TEXT NOT NULL DEFAULT '',
    author            TEXT NOT NULL DEFAULT '',
    section           TEXT NOT NULL DEFAULT '',
    language          TEXT NOT NULL DEFAULT '',
    teaser            TEXT NOT NULL DEFAULT '',
    dateline          TEXT NOT NULL DEFAULT '',
    encoding          TEXT NOT NULL DEFAULT '',
    chars             INTEGER NOT NULL DEFAULT 0,
    tokens            INTEGER NOT NULL DEFAULT 0,
    entities          INTEGER NOT NULL DEFAULT 0,
    figures           INTEGER NOT NULL DEFAULT 0,
    duplicate_of      TEXT NOT NULL DEFAULT '',
    near_duplicate_of TEXT NOT NULL DEFAULT '',
    similarity        REAL,
    metadata_from     TEXT NOT NULL DEFAULT '',
    extra             TEXT NOT NULL DEFAULT '',
    model             TEXT NOT NULL DEFAULT '',
    version           TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL,
    error             TEXT NOT NULL DEFAULT '',
    sha256            TEXT NOT NULL DEFAULT '',
    body_hash         TEXT NOT NULL DEFAULT '',
    sidecar           TEXT NOT NULL DEFAULT '',
    sidecar_stat      TEXT NOT NULL DEFAULT '',
    size              INTEGER,
    mtime_ns          INTEGER,
    ctime_ns          INTEGER,
    inode             INTEGER,
    stale             INTEGER NOT NULL DEFAULT 0,
    processed_at      TEXT NOT NULL
);
CREATE TABLE entities (
    article_id  TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    label       TEXT NOT NULL,
    text        TEXT NOT NULL,
    canonical   TEXT NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    sentence    TEXT NOT NULL,
    source      TEXT NOT NULL,
    geonames_id INTEGER,
    latitude    REAL,
    longitude   REAL,
    state       TEXT,
    country     TEXT,
    PRIMARY KEY (article_id, seq)
);
CREATE TABLE figures (
    article_id  TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    value       REAL,
    value_min   REAL,
    value_max   REAL,
    qualifier   TEXT NOT NULL,
    unit        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    normalized  TEXT NOT NULL DEFAULT '',
    direction   TEXT NOT NULL DEFAULT '',
    measure     TEXT NOT NULL DEFAULT '',
    org         TEXT NOT NULL DEFAULT '',
    place       TEXT NOT NULL DEFAULT '',
    context_from TEXT NOT NULL DEFAULT '',
    sentence    TEXT NOT NULL,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX articles_path ON articles(path);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

# Added in schema 2: the article text (offsets are checked against it, context is shown
# from it), full-text search over it, and the near-duplicate keys.
_TEXT_TABLES = """
CREATE INDEX IF NOT EXISTS articles_body_hash ON articles(body_hash);
CREATE TABLE texts (
    id         INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL UNIQUE REFERENCES articles(article_id) ON DELETE CASCADE,
    title      TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL DEFAULT '',
    raw_text   TEXT NOT NULL DEFAULT ''
);
CREATE VIRTUAL TABLE texts_fts USING fts5(
    title, body, content='texts', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER texts_ai AFTER INSERT ON texts BEGIN
    INSERT INTO texts_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER texts_ad AFTER DELETE ON texts BEGIN
    INSERT INTO texts_fts(texts_fts, rowid, title, body)
    VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER texts_au AFTER UPDATE ON texts BEGIN
    INSERT INTO texts_fts(texts_fts, rowid, title, body)
    VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO texts_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TABLE near_keys (
    key        INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE
);
CREATE INDEX near_keys_key ON near_keys(key);
CREATE INDEX near_keys_article ON near_keys(article_id);
"""

# Schema 1 -> 2, for stores written by 0.1: the new article columns. Their articles carry
# the old version and are processed again by the next run, which fills the texts.
_MIGRATE_1_TO_2 = (
    [
        f"ALTER TABLE articles ADD COLUMN {name} TEXT NOT NULL DEFAULT ''"
        for name in (
            "published", "source", "url", "author", "section", "language", "teaser",
            "duplicate_of", "near_duplicate_of", "metadata_from", "extra", "body_hash",
            "sidecar", "sidecar_stat",
        )
    ]
    + [
        "ALTER TABLE articles ADD COLUMN similarity REAL",
        "ALTER TABLE articles ADD COLUMN ctime_ns INTEGER",
        "ALTER TABLE articles ADD COLUMN inode INTEGER",
        "ALTER TABLE articles ADD COLUMN stale INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE entities ADD COLUMN country TEXT",
    ]
    + [
        f"ALTER TABLE figures ADD COLUMN {name} TEXT NOT NULL DEFAULT ''"
        for name in ("direction", "measure", "org", "place", "context_from")
    ]
)  # fmt: skip
# Added in schema 3: each article's MinHash signature, which screens its near-duplicate
# candidates before the exact comparison (duplicates.py), and a covering index of the keys
# (a candidate lookup reads the index alone). Filled from the stored texts when
# a schema 2 store is opened (_fill_signatures).
_SIGNATURE_TABLE = """
DROP INDEX IF EXISTS near_keys_key;
CREATE INDEX near_keys_key ON near_keys(key, article_id);
CREATE TABLE near_signatures (
    article_id TEXT PRIMARY KEY REFERENCES articles(article_id) ON DELETE CASCADE,
    signature  BLOB NOT NULL
) WITHOUT ROWID;
"""
# Added in schema 4: each canonical name's totals (what the workbook's name sheets and the
# review's index show), kept per name. Triggers note every name whose rows, or whose
# articles' status, date or source, changed; refresh_names() computes those names again,
# so that a night reads the totals of a few dozen names instead of grouping every entity
# row of the archive (1.2 s at 20,000 articles, growing with the archive). A store opened
# read-only with names still noted is answered by the full query (canonical_names).
_NAME_TABLES = """
CREATE INDEX entities_name ON entities(label, canonical);
CREATE TABLE name_totals (
    label           TEXT NOT NULL,
    canonical       TEXT NOT NULL,
    mentions        INTEGER NOT NULL,
    articles        INTEGER NOT NULL,
    first_published TEXT,
    last_published  TEXT,
    sources         TEXT NOT NULL,
    geonames_id     INTEGER,
    state           TEXT,
    country         TEXT,
    latitude        REAL,
    longitude       REAL,
    PRIMARY KEY (label, canonical)
) WITHOUT ROWID;
CREATE TABLE names_changed (
    label     TEXT NOT NULL,
    canonical TEXT NOT NULL,
    PRIMARY KEY (label, canonical)
) WITHOUT ROWID;
CREATE TRIGGER entities_names_ai AFTER INSERT ON entities BEGIN
    INSERT OR IGNORE INTO names_changed VALUES (new.label, new.canonical);
END;
CREATE TRIGGER entities_names_ad AFTER DELETE ON entities BEGIN
    INSERT OR IGNORE INTO names_changed VALUES (old.label, old.canonical);
END;
CREATE TRIGGER entities_names_au AFTER UPDATE ON entities BEGIN
    INSERT OR IGNORE INTO names_changed VALUES (old.label, old.canonical);
    INSERT OR IGNORE INTO names_changed VALUES (new.label, new.canonical);
END;
CREATE TRIGGER articles_names_au AFTER UPDATE OF status, published, source ON articles
WHEN old.status IS NOT new.status OR old.published IS NOT new.published
    OR old.source IS NOT new.source
BEGIN
    INSERT OR IGNORE INTO names_changed
    SELECT label, canonical FROM entities WHERE article_id = new.article_id;
END;
INSERT OR IGNORE INTO names_changed SELECT label, canonical FROM entities;
"""
# Added in schema 5: each export partition's digest and summary counts (what the monthly
# exports, the review, the workbook's summary and the map are planned from), kept per
# partition. Triggers note the partitions of every article inserted, changed or deleted,
# and of every article whose entities or figures changed; refresh_parts() computes
# those partitions again, so a night reads a few months instead of every article, entity
# and figure of the archive (about 4 s at 35,000 articles). A store opened read-only with
# partitions still noted is answered by the full queries.
_PART = PARTITION_SQL.format(a="{row}.")
_PART_TABLES = f"""
CREATE INDEX articles_part ON articles({PARTITION_SQL.format(a="")});
CREATE TABLE part_totals (
    part     TEXT PRIMARY KEY,
    digest   TEXT NOT NULL,
    articles INTEGER NOT NULL,
    summary  TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE parts_changed (part TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TRIGGER articles_parts_ai AFTER INSERT ON articles BEGIN
    INSERT OR IGNORE INTO parts_changed VALUES ({_PART.format(row="new")});
END;
CREATE TRIGGER articles_parts_ad AFTER DELETE ON articles BEGIN
    INSERT OR IGNORE INTO parts_changed VALUES ({_PART.format(row="old")});
END;
CREATE TRIGGER articles_parts_au AFTER UPDATE ON articles BEGIN
    INSERT OR IGNORE INTO parts_changed VALUES ({_PART.format(row="old")});
    INSERT OR IGNORE INTO parts_changed VALUES ({_PART.format(row="new")});
END;
INSERT OR IGNORE INTO parts_changed SELECT DISTINCT {PARTITION_SQL.format(a="")} FROM articles;
""" + "".join(
    f"""
CREATE TRIGGER {table}_parts_{event[0]} AFTER {event[1]} ON {table} BEGIN
    INSERT OR IGNORE INTO parts_changed
    SELECT {PARTITION_SQL.format(a="a.")} FROM articles a WHERE a.article_id = {row}.article_id;
END;"""
    for table in ("entities", "figures")
    for event, row in (
        (("ai", "INSERT"), "new"),
        (("ad", "DELETE"), "old"),
        (("au", "UPDATE"), "new"),
    )
)
# Added in schema 6: the names that new entity rows add to, with their article. A name
# whose rows were only added to since the last refresh (a night's new articles) gets the
# new rows' counts added to its totals; one with rows deleted or changed, or whose
# articles changed, is noted in names_changed and computed again from all its rows. A name
# in a tenth of the archive ("Nordrhein-Westfalen") otherwise reads its every row each
# night: 22 s of a night at 100,000 articles (cold cache), 0.4 s at 20,000. Exact because
# an article's rows are only ever replaced whole (Store.save_results deletes the article,
# and with it its rows, before inserting), so a name's totals never held a new row's article.
_NAMES_ADDED = """
CREATE TABLE names_added (
    label      TEXT NOT NULL,
    canonical  TEXT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (label, canonical, article_id)
) WITHOUT ROWID;
DROP TRIGGER entities_names_ai;
CREATE TRIGGER entities_names_ai AFTER INSERT ON entities BEGIN
    INSERT OR IGNORE INTO names_added VALUES (new.label, new.canonical, new.article_id);
END;
"""
MIGRATIONS: dict[int, list[str]] = {
    1: _MIGRATE_1_TO_2 + [_TEXT_TABLES],
    2: [_SIGNATURE_TABLE],
    3: [_NAME_TABLES],
    4: [_PART_TABLES],
    5: [_NAMES_ADDED],
}
# Articles whose shingles the store keeps in memory for near-duplicate checks, as sorted
# arrays of 64-bit hashes (about 2.5 KB an article of 300 words: 20 MB at most). Least
# recently used go first. It must hold the families of copies that a batch touches: with
# 1,024 entries (as frozensets, 15 KB each) storing 8,000 templated articles took 105 s
# instead of 47 s with 4,096, and a first run at 20,000 1,526 s instead of 1,057 s.
SHINGLE_CACHE = 8192
# Indexes added later, made on every writable open (a no-op once they exist): they change
# no table, so the schema version and what older versions can read stay as they are.
_INDEXES = """
CREATE INDEX IF NOT EXISTS articles_duplicate_of ON articles(duplicate_of);
CREATE INDEX IF NOT EXISTS articles_near_duplicate_of ON articles(near_duplicate_of);
"""


# A canonical name's totals (Store.canonical_names), and those a place has besides.
_NAME_COLUMNS = (
    "canonical", "label", "mentions", "articles", "first_published", "last_published",
    "sources",
)  # fmt: skip
_PLACE_COLUMNS = ("geonames_id", "state", "country", "latitude", "longitude")
# Each name's sources, sorted and joined, over the articles with status ok.
_SOURCES_SQL = (
    "SELECT label, canonical, group_concat(source, '; ') FROM (SELECT DISTINCT"
    " e.label AS label, e.canonical AS canonical, a.source AS source FROM {changed} entities e"
    " JOIN articles a USING (article_id) WHERE a.status = 'ok' AND {label}"
    " AND a.source != '' ORDER BY e.label, e.canonical, a.source) GROUP BY label, canonical"
)


def _names_select(places: Iterable[str]) -> str:
    """The grouped columns of canonical_names over `entities e JOIN articles a`, with
    these place columns."""
    return ", ".join(
        [
            "e.canonical AS canonical",
            "e.label AS label",
            "COUNT(*) AS mentions",
            "COUNT(DISTINCT e.article_id) AS articles",
            "MIN(NULLIF(substr(a.published, 1, 10), '')) AS first_published",
            "MAX(NULLIF(substr(a.published, 1, 10), '')) AS last_published",
            "'' AS sources",
            *(f"MAX(e.{c}) AS {c}" for c in places),
        ]
    )


# What the fast path compares: size, mtime and ctime in nanoseconds, inode (README).
FileStat = tuple[int | None, int | None, int | None, int | None]
NO_STAT: FileStat = (None, None, None, None)


class _NearState(NamedTuple):
    """What near-duplicate marking reads of a stored article."""

    order: tuple[bool, str, str]  # _order_key: who counts as earlier
    status: str
    body_hash: str
    current: str  # near_duplicate_of as stored
    similarity: float | None
    signature: np.ndarray  # MinHash values, empty when none is stored


_NO_SIGNATURE = np.empty(0, dtype=np.uint32)


def _signature(blob: bytes | None) -> np.ndarray:
    return _NO_SIGNATURE if blob is None else np.frombuffer(blob, dtype=np.uint32)


def _screen(mine: np.ndarray, blobs: list[bytes | None]) -> list[bool]:
    """worth_comparing() for each candidate, in one comparison of all their signatures."""
    if not blobs:
        return []
    whole = [blob for blob in blobs if blob is not None and len(blob) == mine.nbytes]
    if not mine.size or len(whole) < len(blobs):
        return [worth_comparing(mine, _signature(blob)) for blob in blobs]
    others = np.frombuffer(b"".join(whole), dtype=np.uint32).reshape(len(whole), -1)
    return list(matching_values(mine, others) >= PREFILTER_MATCHES)


_INSERT_SIGNATURE = "INSERT INTO near_signatures (article_id, signature) VALUES (?, ?)"


def _store_signature(conn: sqlite3.Connection, article_id: str, body: str) -> None:
    """An article's near-duplicate keys and its signature (none for a text of no words)."""
    values = signature(shingles(body))
    if not values.size:
        return
    conn.executemany(
        "INSERT INTO near_keys (key, article_id) VALUES (?, ?)",
        [(key, article_id) for key in keys_of(values)],
    )
    conn.execute(_INSERT_SIGNATURE, (article_id, values.tobytes()))


def _fill_signatures(conn: sqlite3.Connection) -> None:
    """Schema 2 -> 3: the signatures of the stored articles, from their texts (about a
    millisecond an article). Their band keys are already stored and stay as they are."""
    rows = conn.execute(
        "SELECT a.article_id, t.body FROM articles a JOIN texts t USING (article_id)"
        " WHERE a.status = 'ok' AND EXISTS"
        " (SELECT 1 FROM near_keys k WHERE k.article_id = a.article_id)"
    )
    conn.executemany(
        _INSERT_SIGNATURE,
        (
            (article_id, values.tobytes())
            for article_id, body in rows
            if (values := signature(shingles(body))).size
        ),
    )


# _order_key in SQL (row values compare as Python's tuples do: strings by code point, as
# SQLite's BINARY collation compares UTF-8).
_ORDER_SQL = "a.published = '', a.published, a.path"


def _order_key(published: str, path: str) -> tuple[bool, str, str]:
    """The order that makes an original: published first (undated last), then path."""
    return (published == "", published, path)


class StoreError(Exception):
    """The store cannot be used: written by a newer version, corrupt, or not a store."""


class KnownFile(NamedTuple):
    """What the store remembers about a path, enough to skip unchanged files cheaply.

    A named tuple, not a frozen dataclass: a night reads one per stored article, and at
    100,000 articles a frozen dataclass's __init__ alone took 0.3 s of it (this: 0.15 s).
    """

    article_id: str
    status: str
    sha256: str
    size: int | None
    mtime_ns: int | None
    model: str
    version: str
    error: str
    sidecar_stat: str
    path: str
    ctime_ns: int | None = None
    inode: int | None = None
    # 1: the file could not be read (or was missing) on the last run, and the results of
    # the read before are kept; a read of the same bytes restores them.
    stale: int = 0

    def stat(self) -> FileStat:
        return (self.size, self.mtime_ns, self.ctime_ns, self.inode)


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _remembered(query: Callable[..., T]) -> Callable[..., T]:
    """A summary query answered once per store generation: the workbook, the review's
    index and the map ask the same questions over the whole store in one export."""

    @functools.wraps(query)
    def remembered(self: Store, *args: object) -> T:
        key = (query.__name__, args, self.generation(), self.conn.total_changes)
        if key not in self._answers:
            self._answers[key] = query(self, *args)
        return self._answers[key]  # type: ignore[no-any-return]

    return remembered


class Store:
    """Reads and writes articles with their entities and figures; one transaction per batch.

    Raises StoreError when the file is not a store of ours or was written by a newer
    version (its schema is never downgraded); an older schema is migrated in one
    transaction.
    """

    def __init__(self, out_dir: Path, readonly: bool = False) -> None:
        self.path = out_dir / DB_NAME
        self.readonly = readonly
        self._answers: dict[tuple, Any] = {}
        self._shingles: OrderedDict[str, np.ndarray] = OrderedDict()
        try:
            self._open(out_dir, readonly)
        except (sqlite3.DatabaseError, StoreError) as exc:
            if hasattr(self, "conn"):
                self.conn.close()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"{self.path} is not a usable SQLite store: {exc}") from None

    def _open(self, out_dir: Path, readonly: bool) -> None:
        if readonly:
            # An existing store, read only (a helper process's view of it): no writes at all.
            self.conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
            self._check_version(self.conn.execute("PRAGMA user_version").fetchone()[0])
            return
        out_dir.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, isolation_level=None)
        # Checked before anything is set: switching to WAL already writes to the file.
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        self._check_version(version)
        # WAL keeps the database consistent across kill -9: a batch is in or it is not.
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        if version != SCHEMA_VERSION:
            # Only a new or older database is written to on open: a no-op run leaves the
            # file as it is.
            self._create_or_migrate(version)
        for statement in _statements(_INDEXES):
            self.conn.execute(statement)
        # A new database restarts the generation count, so exports also key on its identity.
        if not self.conn.execute("SELECT 1 FROM meta WHERE key = 'store_id'").fetchone():
            self.conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('store_id', ?)",
                (uuid.uuid4().hex,),
            )

    def _check_version(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer article-pipeline (store schema {version},"
                f" this version reads up to {SCHEMA_VERSION}): upgrade article-pipeline"
            )

    def _create_or_migrate(self, version: int) -> None:
        tables = {
            row[0]
            for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        with self.transaction() as conn:
            if version == 0:
                if tables:
                    raise StoreError(f"{self.path} holds tables but is not a store of ours")
                for script in (
                    _TABLES, _TEXT_TABLES, _SIGNATURE_TABLE, _NAME_TABLES, _PART_TABLES,
                    _NAMES_ADDED,
                ):  # fmt: skip
                    for statement in _statements(script):
                        conn.execute(statement)
            else:
                for step in range(version, SCHEMA_VERSION):
                    for part in MIGRATIONS[step]:
                        for statement in _statements(part):
                            conn.execute(statement)
                    if step == 2:
                        _fill_signatures(conn)
            # Inside the transaction: the version is stamped only with the schema it names.
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            # A COMMIT that failed (disk full) may have rolled back already.
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def known_files(self) -> dict[str, KnownFile]:
        rows = self.conn.execute(
            "SELECT path, article_id, status, sha256, size, mtime_ns, model, version, error,"
            " sidecar_stat, path, ctime_ns, inode, stale FROM articles"
        )
        make = KnownFile._make
        return {row[0]: make(row[1:]) for row in rows}

    def save_results(
        self,
        results: Iterable[ArticleResult],
        version: str,
        stats: dict[str, FileStat] | None = None,
    ) -> None:
        """Replace each article's rows as one unit (delete, then insert), in one transaction."""
        stats = stats or {}
        stamp = now_iso()
        results = list(results)
        with self.transaction() as conn:
            for result in results:
                article = result.article
                conn.execute("DELETE FROM articles WHERE article_id = ?", (article.article_id,))
                size, mtime_ns, ctime_ns, inode = stats.get(article.path, NO_STAT)
                conn.execute(
                    "INSERT INTO articles (article_id, path, title, published, source, url,"
                    " author, section, language, teaser, dateline, encoding, chars, tokens,"
                    " entities, figures, metadata_from, extra, model, version, status, error,"
                    " sha256, body_hash, sidecar, sidecar_stat, size, mtime_ns, ctime_ns, inode,"
                    " processed_at)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        article.article_id, article.path, article.title, article.published,
                        article.source, article.url, article.author, article.section,
                        article.language, article.teaser, article.dateline, article.encoding,
                        len(article.body), result.tokens, len(result.entities),
                        len(result.figures), ",".join(article.metadata_from),
                        _extra_json(article.extra), result.model, version, result.status,
                        result.error, article.sha256, article.body_hash if result.status == "ok"
                        else "", article.sidecar, article.sidecar_stat, size, mtime_ns,
                        ctime_ns, inode, stamp,
                    ),
                )  # fmt: skip
                if article.body:
                    conn.execute(
                        "INSERT INTO texts (article_id, title, body, raw_text) VALUES (?,?,?,?)",
                        (article.article_id, article.title, article.body, article.raw_text),
                    )
                if result.status == "ok":
                    _store_signature(conn, article.article_id, article.body)
                conn.executemany(
                    'INSERT INTO entities (article_id, seq, label, text, canonical, start, "end",'
                    " sentence, source, geonames_id, latitude, longitude, state, country)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [
                        (
                            article.article_id,
                            seq,
                            e.label,
                            e.text,
                            e.canonical,
                            e.start,
                            e.end,
                            e.sentence,
                            e.source,
                            e.geonames_id,
                            e.latitude,
                            e.longitude,
                            e.state,
                            e.country,
                        )  # fmt: skip
                        for seq, e in enumerate(result.entities)
                    ],
                )
                conn.executemany(
                    'INSERT INTO figures (article_id, seq, text, start, "end", value, value_min,'
                    " value_max, qualifier, unit, kind, normalized, direction, measure, org,"
                    " place, context_from, sentence)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [
                        (
                            article.article_id,
                            seq,
                            f.text,
                            f.start,
                            f.end,
                            f.value,
                            f.value_min,
                            f.value_max,
                            f.qualifier,
                            f.unit,
                            f.kind,
                            f.normalized,
                            f.direction,
                            f.measure,
                            f.org,
                            f.place,
                            f.context_from,
                            f.sentence,
                        )  # fmt: skip
                        for seq, f in enumerate(result.figures)
                    ],
                )
            self._bump_generation(conn)
            self._mark_duplicates(conn, {result.article.article_id for result in results})

    def refresh_articles(self, articles: Iterable[tuple[Article, FileStat | None]]) -> int:
        """Update path, metadata and file stat of stored articles whose text did not change.

        For a file that moved (same bytes, new path) and for one whose metadata changed
        (a sidecar edited) or that was only touched. Entities and figures stay as they are;
        the generation moves only when a value the exports show changed. Returns how many
        articles changed that way.
        """
        changed: set[str] = set()
        with self.transaction() as conn:
            for article, stat in articles:
                values = _metadata_values(article)
                row = conn.execute(
                    f"SELECT {', '.join(METADATA_COLUMNS)} FROM articles WHERE article_id = ?",
                    (article.article_id,),
                ).fetchone()
                if row is None:
                    continue
                conn.execute(
                    "UPDATE articles SET size = ?, mtime_ns = ?, ctime_ns = ?, inode = ?"
                    " WHERE article_id = ?",
                    (*(stat if stat is not None else NO_STAT), article.article_id),
                )
                # Readable again with the bytes its kept results came from: they hold.
                restored = conn.execute(
                    "UPDATE articles SET status = 'ok', error = '', stale = 0"
                    " WHERE article_id = ? AND stale = 1",
                    (article.article_id,),
                ).rowcount
                if restored:
                    changed.add(article.article_id)
                if tuple(row) == values:
                    continue
                assignments = ", ".join(f"{name} = ?" for name in METADATA_COLUMNS)
                conn.execute(
                    f"UPDATE articles SET {assignments} WHERE article_id = ?",
                    (*values, article.article_id),
                )
                conn.execute(
                    "UPDATE texts SET title = ? WHERE article_id = ? AND title != ?",
                    (article.title, article.article_id, article.title),
                )
                changed.add(article.article_id)
            if changed:
                self._bump_generation(conn)
                self._mark_duplicates(conn, changed)
        return len(changed)

    def mark_unreadable(self, article_id: str, status: str, error: str) -> bool:
        """A stored article whose file cannot be read now: its results are kept.

        The status says so (`error` with the reason, or `missing`) until a later read of
        the same bytes restores it (refresh_articles) or new bytes replace it. Returns
        whether anything changed.
        """
        with self.transaction() as conn:
            changed = conn.execute(
                "UPDATE articles SET status = ?, error = ?, stale = 1 WHERE article_id = ?"
                " AND NOT (status = ? AND error = ? AND stale = 1)",
                (status, error, article_id, status, error),
            ).rowcount
            if changed:
                self._bump_generation(conn)
                self._mark_duplicates(conn, {article_id})
        return bool(changed)

    def mark_missing(self, unlisted: Iterable[str]) -> int:
        """Flag the stored articles of paths the input no longer lists (rows known before
        the run) as missing; their rows stay (see README: purge). A path whose record a
        moved file took meanwhile is no longer stored and stays as it is.

        Looked up by path, not by a scan of the whole table: a night at 100,000 articles
        read every row of it a second time for the five it added.
        """
        gone: list[tuple[str, str]] = []
        for chunk in _chunked(list(unlisted), 500):
            gone += self.conn.execute(
                "SELECT path, article_id FROM articles WHERE status != 'missing' AND path IN"
                f" ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
        if gone:
            with self.transaction() as conn:
                # Kept (stale) so that the file's return with the same bytes restores them.
                conn.executemany(
                    "UPDATE articles SET status = 'missing', error = 'file no longer in the input',"
                    " stale = CASE WHEN sha256 != '' THEN 1 ELSE 0 END WHERE path = ?",
                    [(path,) for path, _ in gone],
                )
                self._bump_generation(conn)
                self._mark_duplicates(conn, {article_id for _, article_id in gone})
        return len(gone)

    def purge_missing(self) -> int:
        with self.transaction() as conn:
            purged = {
                row[0]
                for row in conn.execute("SELECT article_id FROM articles WHERE status = 'missing'")
            }
            cursor = conn.execute("DELETE FROM articles WHERE status = 'missing'")
            count = cursor.rowcount
            if count:
                self._bump_generation(conn)
                self._mark_duplicates(conn, purged)
        return count

    def _mark_duplicates(self, conn: sqlite3.Connection, changed: set[str]) -> None:
        """Point copies at their original: `duplicate_of` (same text), `near_duplicate_of`.

        The original of a group is the member published first (articles without a date
        after those with one), then the one with the smallest path: a rule that gives the
        same answer whatever order the files were processed in. Only articles with status
        ok take part; `changed` names the articles whose group may have changed.
        """
        if not changed:
            return
        # Only the groups the change can touch: the changed articles, the copies of their
        # (new) texts and whoever pointed at one of them (their old group). Ranking the
        # whole table instead costs O(archive) per stored batch, O(archive²) a first run.
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS changed_ids (article_id TEXT PRIMARY KEY)")
        conn.execute("DELETE FROM changed_ids")
        conn.executemany(
            "INSERT OR IGNORE INTO changed_ids VALUES (?)", [(i,) for i in sorted(changed)]
        )
        conn.execute(
            """
            WITH scope AS (
                SELECT article_id FROM changed_ids
                UNION SELECT article_id FROM articles
                    WHERE duplicate_of IN (SELECT article_id FROM changed_ids)
                UNION SELECT c.article_id FROM articles c WHERE c.body_hash IN (
                    SELECT a.body_hash FROM changed_ids JOIN articles a USING (article_id)
                    WHERE a.body_hash != '')
            ), ranked AS (
                SELECT article_id, FIRST_VALUE(article_id) OVER (
                    PARTITION BY body_hash ORDER BY published = '', published, path
                ) AS original
                FROM articles WHERE status = 'ok' AND body_hash IN (
                    SELECT a.body_hash FROM scope JOIN articles a USING (article_id)
                    WHERE a.body_hash != '')
            ), wanted AS (
                SELECT a.article_id, CASE WHEN r.original IS NULL OR r.original = a.article_id
                    THEN '' ELSE r.original END AS original
                FROM scope JOIN articles a USING (article_id)
                LEFT JOIN ranked r USING (article_id)
            )
            UPDATE articles SET duplicate_of = wanted.original FROM wanted
            WHERE wanted.article_id = articles.article_id
              AND articles.duplicate_of != wanted.original
            """
        )
        conn.execute("DELETE FROM changed_ids")
        self._mark_near_duplicates(conn, changed)

    def _mark_near_duplicates(self, conn: sqlite3.Connection, changed: set[str]) -> None:
        """`near_duplicate_of`: of an article's candidates (articles sharing a band key, with
        another text), the first in order (published, then path) at NEAR_DUPLICATE_THRESHOLD.

        Incremental, and the same answer as evaluating every article afresh (a test holds
        it to that): a changed article is evaluated in full; an article that pointed at a
        changed one too; any other article can only get a changed article as its new
        original, if that one now comes before its current original and is similar
        enough, so only that one pair is compared. A family of syndicated copies thus costs
        one comparison per copy and new article, not a re-evaluation of the whole family.
        """
        if not changed:
            return
        states: dict[str, _NearState | None] = {}

        def state(article_id: str) -> _NearState | None:
            if article_id not in states:
                row = conn.execute(
                    "SELECT published, path, status, body_hash, near_duplicate_of, similarity,"
                    " signature FROM articles LEFT JOIN near_signatures USING (article_id)"
                    " WHERE article_id = ?",
                    (article_id,),
                ).fetchone()
                states[article_id] = None if row is None else _NearState(
                    _order_key(row[0], row[1]), row[2], row[3], row[4], row[5],
                    _signature(row[6]),
                )  # fmt: skip
            return states[article_id]

        def similarity(a: str, b: str) -> float:
            return jaccard_sorted(self._shingle_set(a), self._shingle_set(b))

        def evaluate(article_id: str) -> tuple[str, float | None]:
            mine = state(article_id)
            if mine is None or mine.status != "ok":
                return ("", None)
            # Distinct ids first (one covering-index scan), then the earlier ones' rows in
            # order: in a family of copies most band keys are shared by most members.
            earlier = conn.execute(
                "WITH found AS (SELECT DISTINCT c.article_id FROM near_keys k"
                " JOIN near_keys c ON c.key = k.key WHERE k.article_id = ? AND c.article_id != ?)"
                " SELECT a.article_id, s.signature FROM found JOIN articles a USING (article_id)"
                " LEFT JOIN near_signatures s USING (article_id)"
                " WHERE a.status = 'ok' AND a.body_hash != ?"
                f" AND ({_ORDER_SQL}) < (?, ?, ?) ORDER BY {_ORDER_SQL}",
                (article_id, article_id, mine.body_hash, *mine.order),
            ).fetchall()
            # One vectorised screen of all earlier candidates (duplicates.py): most of a
            # family of copies is far below the threshold and never compared exactly.
            screened = _screen(mine.signature, [blob for _, blob in earlier])
            for (other, _), passed in zip(earlier, screened, strict=True):
                if not passed:
                    continue
                value = similarity(article_id, other)
                if value >= NEAR_DUPLICATE_THRESHOLD:
                    return (other, round(value, 4))  # the first in order is the original
            return ("", None)

        for article_id in changed:
            self._shingles.pop(article_id, None)  # its text may be another one now
        full = set(changed)
        for chunk in _chunked(sorted(changed), 500):
            marks = ",".join("?" * len(chunk))
            full.update(
                row[0]
                for row in conn.execute(
                    f"SELECT article_id FROM articles WHERE near_duplicate_of IN ({marks})",
                    chunk,
                )
            )
        answers = {article_id: evaluate(article_id) for article_id in sorted(full)}
        # Everyone else sharing a key with a changed article: that article may be their
        # new original.
        offers: dict[str, list[tuple[tuple[bool, str, str], str, str]]] = {}
        for article_id in sorted(changed):
            offered = state(article_id)
            if offered is None or offered.status != "ok":
                continue
            for (other,) in conn.execute(
                "SELECT DISTINCT c.article_id FROM near_keys k JOIN near_keys c"
                " ON c.key = k.key WHERE k.article_id = ? AND c.article_id != ?",
                (article_id, article_id),
            ):
                if other not in full:
                    offers.setdefault(other, []).append(
                        (offered.order, article_id, offered.body_hash)
                    )
        for other, offered_states in sorted(offers.items()):
            mine = state(other)
            if mine is None or mine.status != "ok":
                continue
            original = state(mine.current) if mine.current else None
            bound = original.order if original is not None else mine.order
            for order, offered_id, body_hash in sorted(offered_states):  # earliest first
                if body_hash == mine.body_hash or not order < bound:
                    continue
                theirs = state(offered_id)
                if theirs is None or not worth_comparing(mine.signature, theirs.signature):
                    continue
                value = similarity(other, offered_id)
                if value >= NEAR_DUPLICATE_THRESHOLD:
                    answers[other] = (offered_id, round(value, 4))
                    break
        for article_id, answer in sorted(answers.items()):
            found = state(article_id)
            if found is not None and (found.current, found.similarity) != answer:
                conn.execute(
                    "UPDATE articles SET near_duplicate_of = ?, similarity = ?"
                    " WHERE article_id = ?",
                    (*answer, article_id),
                )

    def _shingle_set(self, article_id: str) -> np.ndarray:
        """An article's shingles as a sorted array of distinct hashes (this process's own:
        they never leave it), from a bounded cache, so a family of copies is read and split
        once, not per batch."""
        cached = self._shingles.get(article_id)
        if cached is not None:
            self._shingles.move_to_end(article_id)
            return cached
        body = self.body_of(article_id)
        found = np.unique(np.array([hash(item) for item in shingles(body or "")], dtype=np.int64))
        self._shingles[article_id] = found
        if len(self._shingles) > SHINGLE_CACHE:
            self._shingles.popitem(last=False)
        return found

    def body_of(self, article_id: str) -> str | None:
        row = self.conn.execute(
            "SELECT body FROM texts WHERE article_id = ?", (article_id,)
        ).fetchone()
        return None if row is None else str(row[0])

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        """(article_id, title) of the articles whose title or body match an FTS5 query."""
        rows = self.conn.execute(
            "SELECT t.article_id, t.title FROM texts_fts JOIN texts t ON t.id = texts_fts.rowid"
            " WHERE texts_fts MATCH ? ORDER BY rank LIMIT ?",
            (query, limit),
        )
        return [(str(a), str(b)) for a, b in rows]

    def generation(self) -> int:
        """A counter that changes whenever stored content changes (exports key on it)."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def store_id(self) -> str:
        """A random id fixed when the database was created (a deleted store gets a new one)."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'store_id'").fetchone()
        return str(row[0]) if row else ""

    def _bump_generation(self, conn: sqlite3.Connection) -> None:
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('generation', '1') ON CONFLICT(key)"
            " DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    def counts(self) -> dict[str, int]:
        return {
            table: self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("articles", "entities", "figures")
        }

    def frame(self, table: str) -> pd.DataFrame:
        """One export table (articles, entities or figures) as a DataFrame, rows in path order."""
        return pd.concat(self.iter_frames(table), ignore_index=True)

    def count_rows(self, table: str, where: RowFilter | None = None) -> int:
        """How many rows iter_rows(table, where=where) yields."""
        sql, params = table_sql(table, where)
        return int(self.conn.execute(f"SELECT COUNT(*) FROM ({sql})", params).fetchone()[0])

    def iter_rows(
        self, table: str, chunksize: int = 5000, where: RowFilter | None = None
    ) -> Iterator[RowChunk]:
        """An export table in path order as plain Python rows, `chunksize` at a time.

        The fast path for writers that go row by row (JSONL, XLSX): no DataFrame between
        SQLite and the file. NULL is None. Yields at least one (possibly empty) chunk.
        `articles_text` is the articles table with each article's `body` as last column.
        `where` keeps the rows of one partition or window (partition_filter, window_filter).
        """
        cursor = self.conn.execute(*table_sql(table, where))
        columns = [description[0] for description in cursor.description]
        while True:
            rows = cursor.fetchmany(chunksize)
            yield RowChunk(columns, rows)
            if len(rows) < chunksize:
                return

    def iter_frames(
        self,
        table: str,
        chunksize: int = 5000,
        limit: int | None = None,
        where: RowFilter | None = None,
    ) -> Iterator[pd.DataFrame]:
        """An export table in path order, `chunksize` rows at a time (memory stays flat).

        Yields at least one (possibly empty) frame, so the columns are always known.
        """
        sql, params = table_sql(table, where)
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        dtypes = {"geonames_id": "Int64"} if table == "entities" else None
        yield from pd.read_sql_query(
            sql, self.conn, params=params, chunksize=chunksize, dtype=dtypes
        )

    # --- Partitions (issue 16): the monthly export layout and the workbook's window -------

    @_remembered
    def partition_fingerprints(self) -> dict[str, tuple[str, int]]:
        """Each export partition's key ("2026-11", or "undated") with a digest and a count.

        The digest covers every stored value an exported row of the partition's articles
        is made of; entities and figures are rewritten only together with their article
        (save_results sets a new processed_at, version and counts), so a partition whose
        digest is unchanged exports the same rows. From the kept totals (refresh_parts),
        else by one pass over the articles table.
        """
        if not self._parts_current():
            return self._part_digests()
        rows = self.conn.execute("SELECT part, digest, articles FROM part_totals ORDER BY part")
        return {str(part): (str(digest), int(count)) for part, digest, count in rows}

    def _part_digests(self, where: RowFilter | None = None) -> dict[str, tuple[str, int]]:
        """partition_fingerprints computed from the articles (of `where`'s partition)."""
        condition = f" WHERE {where.condition.format(a='')}" if where else ""
        cursor = self.conn.execute(
            f"SELECT {PARTITION_SQL.format(a='')} AS part, {', '.join(ARTICLE_COLUMNS)},"
            f" version, body_hash FROM articles{condition} ORDER BY part, path, article_id",
            where.params if where else (),
        )
        found: dict[str, tuple[str, int]] = {}
        key: str | None = None
        digest = hashlib.blake2b(digest_size=16)
        count = 0
        for row in cursor:
            if row[0] != key:
                if key is not None:
                    found[key] = (digest.hexdigest(), count)
                key, digest, count = row[0], hashlib.blake2b(digest_size=16), 0
            digest.update(repr(row[1:]).encode("utf-8"))
            count += 1
        if key is not None:
            found[key] = (digest.hexdigest(), count)
        return found

    def _parts_current(self) -> bool:
        try:
            return self.conn.execute("SELECT 1 FROM parts_changed LIMIT 1").fetchone() is None
        except sqlite3.OperationalError:  # no such table: a store older than schema 5
            return False

    def refresh_parts(self) -> int:
        """Compute the digest and summary of the partitions changed since the last refresh;
        returns how many. Call on a writable store before partitions or summary counts
        are read (export_all does); changes no content, so the generation stays."""
        if self.readonly or self._parts_current():
            return 0
        with self.transaction() as conn:
            changed = [str(row[0]) for row in conn.execute("SELECT part FROM parts_changed")]
            for part in changed:
                conn.execute("DELETE FROM part_totals WHERE part = ?", (part,))
                where = partition_filter(part)
                found = self._part_digests(where).get(part)
                if found is not None:
                    conn.execute(
                        "INSERT INTO part_totals (part, digest, articles, summary)"
                        " VALUES (?, ?, ?, ?)",
                        (part, *found, json.dumps(self._part_summary(where))),
                    )
            conn.execute("DELETE FROM parts_changed")
        return len(changed)

    def _part_summary(self, where: RowFilter | None) -> dict[str, Any]:
        """The summary counts of `where`'s articles (all when None): statuses; of those
        with status ok their sources, first and last day, entities, figures by kind and
        linked places. Every count adds up over partitions (an article is in one)."""
        condition = where.condition.format(a="a.") if where else "1"
        params = where.params if where else ()
        ok = f"{condition} AND a.status = 'ok'"

        def rows(sql: str) -> list[list[Any]]:
            return [list(row) for row in self.conn.execute(sql, params)]

        first, last = rows(
            "SELECT MIN(NULLIF(substr(a.published, 1, 10), '')),"
            f" MAX(NULLIF(substr(a.published, 1, 10), '')) FROM articles a WHERE {ok}"
        )[0]
        # The articles first (CROSS JOIN): a partition's rows through the primary keys.
        return {
            "statuses": rows(f"SELECT a.status, COUNT(*) FROM articles a WHERE {condition}"
                             " GROUP BY a.status"),
            "sources": [row[0] for row in rows(
                f"SELECT DISTINCT a.source FROM articles a WHERE {ok} AND a.source != ''"
            )],
            "first": first,
            "last": last,
            "entities": rows(
                "SELECT COUNT(*) FROM articles a CROSS JOIN entities e"
                f" ON e.article_id = a.article_id WHERE {ok}"
            )[0][0],
            "kinds": rows(
                "SELECT f.kind, COUNT(*) FROM articles a CROSS JOIN figures f"
                f" ON f.article_id = a.article_id WHERE {ok} GROUP BY f.kind"
            ),
            "places": rows(self._places_sql(ok)),
        }  # fmt: skip

    def _part_summaries(self) -> list[dict[str, Any]]:
        """Every partition's summary, kept (refresh_parts) or, where partitions are still
        noted, the whole store's as one."""
        if not self._parts_current():
            return [self._part_summary(None)]
        return [json.loads(row[0]) for row in self.conn.execute("SELECT summary FROM part_totals")]

    def window_bounds(self, days: int) -> tuple[str, str] | None:
        """(first, last) ISO day of the last `days` days of articles, by published else
        by processed_at, ending on the newest such day; None when the store is empty."""
        row = self.conn.execute(f"SELECT MAX({DAY_SQL.format(a='')}) FROM articles").fetchone()
        if not row or not row[0]:
            return None
        last = date.fromisoformat(str(row[0])[:10])
        return (last - timedelta(days=max(days, 1) - 1)).isoformat(), last.isoformat()

    # --- Read-only queries for the report, the HTML review and the map (issue 14) --------
    # Columns that other branches add (entities.country; figures.measure, org, place, ...)
    # are looked up by name, so that these queries use them once the store has them.

    def columns_of(self, table: str) -> list[str]:
        """The column names of a stored table, as the store has them now."""
        return [str(row[1]) for row in self.conn.execute(f"PRAGMA table_info({table})")]

    @_remembered
    def overview(self) -> dict[str, object]:
        """The run's numbers: articles by status, exported mentions, sources, date range."""
        parts = self._part_summaries()
        statuses: Counter[str] = Counter()
        for part in parts:
            statuses.update({str(status): int(n) for status, n in part["statuses"]})
        return {
            "articles": sum(statuses.values()),
            "ok": statuses.get("ok", 0),
            "error": statuses.get("error", 0),
            "missing": statuses.get("missing", 0),
            "entities": sum(int(part["entities"]) for part in parts),
            "figures": sum(int(n) for part in parts for _kind, n in part["kinds"]),
            "sources": len({source for part in parts for source in part["sources"]}),
            "first_published": min((p["first"] for p in parts if p["first"]), default=""),
            "last_published": max((p["last"] for p in parts if p["last"]), default=""),
            "generation": self.generation(),
        }

    @_remembered
    def articles_per_month(self) -> list[tuple[str, str, int]]:
        """(month "2024-05" or "", source, articles) of the articles with status ok."""
        rows = self.conn.execute(
            "SELECT substr(published, 1, 7) AS month, source, COUNT(*) FROM articles"
            " WHERE status = 'ok' GROUP BY month, source ORDER BY month, source"
        )
        return [(str(month), str(source), int(n)) for month, source, n in rows]

    @_remembered
    def figures_by_kind(self) -> list[tuple[str, int]]:
        """(kind, figures) over the articles with status ok, most first."""
        kinds: Counter[Any] = Counter()
        for part in self._part_summaries():
            for kind, n in part["kinds"]:
                kinds[kind] += int(n)
        found = sorted(kinds.items(), key=lambda item: (-item[1], _sql_order(item[0])))
        return [(str(kind), n) for kind, n in found]

    @_remembered
    def canonical_names(self, label: str) -> RowChunk:
        """One row per canonical name of a label: mentions, articles, first and last date,
        sources; places also with state, country (when stored), geonames_id, lat/lon.

        Ordered by articles mentioning the name, then mentions, then name. From the kept
        totals (refresh_names), else, where names changed since and the store is
        read-only (or older than schema 4), by grouping every entity row.
        """
        if not self._names_current():
            return self.canonical_names_grouped(label)
        columns = [*_NAME_COLUMNS, *(_PLACE_COLUMNS if label == "LOC" else ())]
        cursor = self.conn.execute(
            f"SELECT {', '.join(columns)} FROM name_totals WHERE label = ?"
            " ORDER BY articles DESC, mentions DESC, canonical",
            (label,),
        )
        return RowChunk(columns, cursor.fetchall())

    def _names_current(self) -> bool:
        try:
            return not self.conn.execute(
                "SELECT 1 FROM names_changed UNION ALL SELECT 1 FROM names_added LIMIT 1"
            ).fetchone()
        except sqlite3.OperationalError:  # no such table: a store older than schema 6
            return False

    def refresh_names(self) -> int:
        """Compute the totals of the names changed since the last refresh; returns how many.

        Call on a writable store before the summary is read (export_all does); changes
        no content, so the store's generation stays as it is.
        """
        if self.readonly or self._names_current():
            return 0
        with self.transaction() as conn:
            # First: it notes the names it cannot add to, which are then grouped again.
            added = self._add_to_names(conn)
            changed = conn.execute("SELECT COUNT(*) FROM names_changed").fetchone()[0]
            conn.execute(
                "DELETE FROM name_totals WHERE (label, canonical) IN"
                " (SELECT label, canonical FROM names_changed)"
            )
            conn.execute(
                f"INSERT INTO name_totals ({', '.join([*_NAME_COLUMNS, *_PLACE_COLUMNS])})"
                f" SELECT {_names_select(_PLACE_COLUMNS)}"
                # CROSS JOIN: from the few changed names into the index, not the reverse.
                " FROM names_changed c CROSS JOIN entities e"
                " ON e.label = c.label AND e.canonical = c.canonical"
                " JOIN articles a USING (article_id)"
                " WHERE a.status = 'ok' GROUP BY e.label, e.canonical"
            )
            sources = conn.execute(
                _SOURCES_SQL.format(
                    changed="names_changed c CROSS JOIN",
                    label="e.label = c.label AND e.canonical = c.canonical",
                )
            ).fetchall()
            conn.executemany(
                "UPDATE name_totals SET sources = ? WHERE label = ? AND canonical = ?",
                [(joined, label, canonical) for label, canonical, joined in sources],
            )
            conn.execute("DELETE FROM names_changed")
            conn.execute("DELETE FROM names_added")
        return int(changed) + added

    def _add_to_names(self, conn: sqlite3.Connection) -> int:
        """Add the new rows of names that were only added to (names_added, not in
        names_changed) to their totals; returns how many names. Each name's new articles
        are grouped alone and merged in Python: a few dozen names a night."""
        # Unary +: into entities by article (its primary key), never by name, whose index
        # holds every row of a common name.
        fresh = (
            "names_added n CROSS JOIN entities e ON e.article_id = n.article_id"
            " AND +e.label = n.label AND +e.canonical = n.canonical"
            " JOIN articles a ON a.article_id = e.article_id"
            " WHERE a.status = 'ok' AND NOT EXISTS (SELECT 1 FROM names_changed c"
            " WHERE c.label = n.label AND c.canonical = n.canonical)"
        )
        cursor = conn.execute(
            f"SELECT {_names_select(_PLACE_COLUMNS)} FROM {fresh} GROUP BY e.label, e.canonical"
        )
        names = [d[0] for d in cursor.description]
        new = {(row[1], row[0]): list(row) for row in cursor.fetchall()}
        if not new:
            return 0
        if conn.execute("SELECT 1 FROM articles WHERE instr(source, ';') LIMIT 1").fetchone():
            # A source that holds the separator: the kept lists cannot be split back into
            # sources, so these names are grouped again from all their rows.
            conn.executemany("INSERT OR IGNORE INTO names_changed VALUES (?, ?)", list(new))
            return 0
        at = names.index("sources")
        sources: dict[tuple[str, str], set[str]] = {key: set() for key in new}
        for label, canonical, source in conn.execute(
            f"SELECT DISTINCT e.label, e.canonical, a.source FROM {fresh} AND a.source != ''"
        ):
            sources[(label, canonical)].add(source)
        columns = ", ".join(names)
        merged = []
        for key, row in new.items():
            have = conn.execute(
                f"SELECT {columns} FROM name_totals WHERE label = ? AND canonical = ?", key
            ).fetchone()
            known = set(have[at].split("; ")) if have and have[at] else set()
            if have is not None:
                row[2] += have[2]  # mentions
                row[3] += have[3]  # articles: none of the new ones was counted before
                row[4] = _least(row[4], have[4])
                row[5] = _greatest(row[5], have[5])
                for i in range(at + 1, len(row)):  # the place columns: SQL's MAX
                    row[i] = _greatest_sql(row[i], have[i])
            row[at] = "; ".join(sorted(sources[key] | known))
            merged.append(row)
        conn.executemany(
            f"INSERT OR REPLACE INTO name_totals ({columns})"
            f" VALUES ({', '.join('?' * len(names))})",
            merged,
        )
        return len(merged)

    def canonical_names_grouped(self, label: str) -> RowChunk:
        """canonical_names by grouping every entity row (what the kept totals must equal)."""
        present = set(self.columns_of("entities"))
        places = [c for c in _PLACE_COLUMNS if c in present] if label == "LOC" else []
        cursor = self.conn.execute(
            f"SELECT {_names_select(places)} FROM entities e JOIN articles a USING (article_id)"
            " WHERE a.status = 'ok' AND e.label = ? GROUP BY e.canonical, e.label"
            " ORDER BY articles DESC, mentions DESC, e.canonical",
            (label,),
        )
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
        # Sources in one grouped pass (a correlated subquery would scan entities per name).
        sources = {
            str(canonical): str(joined)
            for _, canonical, joined in self.conn.execute(
                _SOURCES_SQL.format(changed="", label="e.label = ?"), (label,)
            )
        }
        at = names.index("sources")
        rows = [(*row[:at], sources.get(str(row[0]), ""), *row[at + 1 :]) for row in rows]
        return RowChunk(names, rows)

    @_remembered
    def linked_places(self) -> RowChunk:
        """One row per GeoNames place mentioned in articles with status ok, with counts."""
        merged: dict[Any, list[Any]] = {}
        for part in self._part_summaries():
            for row in part["places"]:
                have = merged.get(row[0])
                if have is None:
                    merged[row[0]] = list(row)
                    continue
                # name MIN, latitude, longitude, state, country MAX (NULLs aside, as in
                # SQL), mentions and articles add up, first and last day MIN and MAX.
                have[1] = _least(have[1], row[1])
                for at in (2, 3, 4, 5):
                    have[at] = _greatest(have[at], row[at])
                have[6] += row[6]
                have[7] += row[7]
                have[8] = _least(have[8], row[8])
                have[9] = _greatest(have[9], row[9])
        rows = sorted(merged.values(), key=lambda r: (-r[7], -r[6], _sql_order(r[1])))
        return RowChunk(list(_LINKED_PLACE_COLUMNS), [tuple(row) for row in rows])

    def _places_sql(self, condition: str) -> str:
        """linked_places' grouping over the articles that meet `condition` (alias a)."""
        present = set(self.columns_of("entities"))
        country = "MAX(e.country)" if "country" in present else "NULL"
        return (
            "SELECT e.geonames_id, MIN(e.canonical) AS name, MAX(e.latitude) AS latitude,"
            f" MAX(e.longitude) AS longitude, MAX(e.state) AS state, {country} AS country,"
            " COUNT(*) AS mentions, COUNT(DISTINCT e.article_id) AS articles,"
            " MIN(NULLIF(substr(a.published, 1, 10), '')) AS first_published,"
            " MAX(NULLIF(substr(a.published, 1, 10), '')) AS last_published"
            " FROM articles a CROSS JOIN entities e ON e.article_id = a.article_id"
            f" WHERE {condition} AND e.geonames_id IS NOT NULL"
            " AND e.latitude IS NOT NULL AND e.longitude IS NOT NULL"
            " GROUP BY e.geonames_id ORDER BY articles DESC, mentions DESC, name"
        )

    def summary_grouped(self) -> dict[str, Any]:
        """overview, figures_by_kind and linked_places by grouping every row of the store
        (what the kept partition totals must give)."""
        ok = "a.status = 'ok'"
        statuses = dict(
            self.conn.execute("SELECT status, COUNT(*) FROM articles GROUP BY status").fetchall()
        )
        entities, figures = (
            self.conn.execute(
                f"SELECT COUNT(*) FROM {table} JOIN articles a USING (article_id) WHERE {ok}"
            ).fetchone()[0]
            for table in ("entities", "figures")
        )
        sources, first, last = self.conn.execute(
            "SELECT COUNT(DISTINCT NULLIF(source, '')), MIN(NULLIF(substr(published, 1, 10), '')),"
            " MAX(NULLIF(substr(published, 1, 10), '')) FROM articles WHERE status = 'ok'"
        ).fetchone()
        kinds = self.conn.execute(
            "SELECT f.kind, COUNT(*) AS n FROM figures f JOIN articles a USING (article_id)"
            f" WHERE {ok} GROUP BY f.kind ORDER BY n DESC, f.kind"
        ).fetchall()
        places = self.conn.execute(self._places_sql(ok))
        return {
            "overview": {
                "articles": sum(statuses.values()),
                "ok": statuses.get("ok", 0),
                "error": statuses.get("error", 0),
                "missing": statuses.get("missing", 0),
                "entities": entities,
                "figures": figures,
                "sources": sources,
                "first_published": first or "",
                "last_published": last or "",
                "generation": self.generation(),
            },
            "kinds": [(str(kind), int(n)) for kind, n in kinds],
            "places": RowChunk([d[0] for d in places.description], places.fetchall()),
        }

    def iter_reviews(self) -> Iterator[dict[str, object]]:
        """Every article in path order as a plain dict with its body, entities and figures.

        Entities and figures carry every column their table has (new ones included), in
        order of appearance; articles that are not ok come with none (as in the exports).
        """
        cursor = self.conn.execute(ARTICLES_TEXT_SQL)
        columns = [d[0] for d in cursor.description]
        for values in cursor:
            yield self._with_rows(dict(zip(columns, values, strict=True)))

    def review_of(self, article_id: str) -> dict[str, object] | None:
        """One article as iter_reviews gives it, or None."""
        sql = ARTICLES_TEXT_SQL.replace(" ORDER BY a.path", " WHERE a.article_id = ?")
        cursor = self.conn.execute(sql, (article_id,))
        columns = [d[0] for d in cursor.description]
        row = cursor.fetchone()
        return None if row is None else self._with_rows(dict(zip(columns, row, strict=True)))

    def _with_rows(self, article: dict[str, object]) -> dict[str, object]:
        for table in ("entities", "figures"):
            found = self.conn.execute(
                f"SELECT * FROM {table} WHERE article_id = ? ORDER BY seq",
                (article["article_id"],),
            )
            names = [d[0] for d in found.description]
            article[f"{table}_rows"] = (
                [dict(zip(names, row, strict=True)) for row in found.fetchall()]
                if article["status"] == "ok"
                else []
            )
        return article

    def article_digests(
        self, where: RowFilter | None = None
    ) -> list[tuple[dict[str, object], str]]:
        """Every article's (or `where`'s articles') exported columns in path order, with a
        digest of all it is made of (body, entities and figures change only with sha256,
        version and processed_at): what an article's review page shows changes only with
        its digest."""
        condition = f" WHERE {where.condition.format(a='')}" if where else ""
        cursor = self.conn.execute(
            f"SELECT {', '.join(ARTICLE_COLUMNS)}, version, body_hash FROM articles"
            f"{condition} ORDER BY path",
            where.params if where else (),
        )
        width = len(ARTICLE_COLUMNS)
        return [
            (
                dict(zip(ARTICLE_COLUMNS, row[:width], strict=True)),
                hashlib.blake2b(repr(row).encode("utf-8"), digest_size=16).hexdigest(),
            )
            for row in cursor
        ]


_LINKED_PLACE_COLUMNS = (
    "geonames_id", "name", "latitude", "longitude", "state", "country", "mentions",
    "articles", "first_published", "last_published",
)  # fmt: skip


def _least(a: Any, b: Any) -> Any:
    """SQL's MIN of two values: NULL (None) only when both are."""
    return b if a is None else a if b is None else min(a, b)


def _greatest(a: Any, b: Any) -> Any:
    return b if a is None else a if b is None else max(a, b)


def _greatest_sql(a: Any, b: Any) -> Any:
    """SQL's MAX of two values of any storage class: numbers before text before blobs."""
    if a is None or b is None:
        return b if a is None else a
    rank = {int: 0, float: 0, str: 1, bytes: 2}
    return max(a, b, key=lambda value: (rank[type(value)], value))


def _sql_order(value: Any) -> tuple[bool, Any]:
    """A sort key that puts NULL first, as SQLite's ORDER BY does."""
    return (value is not None, value if value is not None else "")


def _statements(script: str) -> list[str]:
    """A schema script split into statements (triggers keep their inner semicolons)."""
    statements, current = [], ""
    for line in script.strip().splitlines():
        current += line + "\n"
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():  # a lone statement without its semicolon
        statements.append(current.strip())
    return statements


def _chunked(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _extra_json(extra: dict) -> str:
    return json.dumps(extra, ensure_ascii=False, sort_keys=True, default=str) if extra else ""


def _metadata_values(article: Article) -> tuple:
    return (
        article.path, article.title, article.published, article.source, article.url,
        article.author, article.section, article.language, article.teaser, article.dateline,
        article.encoding, ",".join(article.metadata_from), _extra_json(article.extra),
        article.sidecar, article.sidecar_stat,
    )  # fmt: skip


# Exported entity and figure rows are those of articles whose status is ok: an article whose
# file went missing (or could not be read this time) keeps its rows in the store until it is
# purged or readable again, but they leave the exports (README: "Which rows are exported").
ARTICLES_SQL = f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles ORDER BY path"
ARTICLES_TEXT_SQL = (
    f"SELECT {', '.join('a.' + c for c in ARTICLE_COLUMNS)}, COALESCE(t.body, '') AS body"
    " FROM articles a LEFT JOIN texts t USING (article_id) ORDER BY a.path"
)
ENTITIES_SQL = (
    "SELECT e.article_id, a.path, a.published, a.source AS article_source, e.label, e.text,"
    ' e.canonical, e.start, e."end", e.sentence, e.source, e.geonames_id, e.latitude,'
    " e.longitude, e.state, e.country"
    " FROM entities e JOIN articles a USING (article_id) WHERE a.status = 'ok'"
    " ORDER BY a.path, e.seq"
)
FIGURES_SQL = (
    "SELECT f.article_id, a.path, a.published, a.source AS article_source, f.text, f.start,"
    ' f."end", f.value, f.value_min, f.value_max, f.qualifier, f.unit, f.kind, f.normalized,'
    " f.direction, f.measure, f.org, f.place, f.context_from, f.sentence"
    " FROM figures f JOIN articles a USING (article_id) WHERE a.status = 'ok'"
    " ORDER BY a.path, f.seq"
)
_TABLE_SQL = {
    "articles": ARTICLES_SQL,
    "articles_text": ARTICLES_TEXT_SQL,
    "entities": ENTITIES_SQL,
    "figures": FIGURES_SQL,
}


class RowFilter(NamedTuple):
    """Which articles' rows an export table query keeps: a condition on `articles`."""

    condition: str  # SQL with {a} for the articles table's alias ("a." or "")
    params: tuple


def partition_filter(key: str) -> RowFilter:
    return RowFilter(f"{PARTITION_SQL} = ?", (key,))


def window_filter(first: str, last: str) -> RowFilter:
    return RowFilter(f"{DAY_SQL} BETWEEN ? AND ?", (first, last))


def table_sql(table: str, where: RowFilter | None = None) -> tuple[str, tuple]:
    """An export table's query, restricted to `where`'s articles when given."""
    sql = _TABLE_SQL[table]
    if where is None:
        return sql, ()
    head, order = sql.rsplit(" ORDER BY ", 1)
    if table == "articles":
        return f"{head} WHERE {where.condition.format(a='')} ORDER BY {order}", where.params
    if table == "articles_text":
        condition = where.condition.format(a="a.")
        return f"{head} WHERE {condition} ORDER BY {order}", where.params
    # The articles first (CROSS JOIN fixes SQLite's join order): one partition's entities
    # are found through the primary key instead of a scan of the whole table.
    head = head.replace(
        "FROM entities e JOIN articles a USING (article_id)",
        "FROM articles a CROSS JOIN entities e ON e.article_id = a.article_id",
    ).replace(
        "FROM figures f JOIN articles a USING (article_id)",
        "FROM articles a CROSS JOIN figures f ON f.article_id = a.article_id",
    )
    return f"{head} AND {where.condition.format(a='a.')} ORDER BY {order}", where.params


class RowChunk(NamedTuple):
    """Rows of one export table as SQLite returns them, with the column names."""

    columns: list[str]
    rows: list[tuple]
