"""Store: the SQLite database in the output folder, the source of truth for every export."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .records import ArticleResult

DB_NAME = "pipeline.sqlite"
SCHEMA_VERSION = 1

ARTICLE_COLUMNS = (
    "article_id", "path", "title", "dateline", "encoding", "chars", "tokens", "entities",
    "figures", "model", "status", "error", "sha256", "processed_at",
)  # fmt: skip
ENTITY_COLUMNS = (
    "article_id", "path", "label", "text", "canonical", "start", "end", "sentence", "source",
    "geonames_id", "latitude", "longitude", "state",
)  # fmt: skip
FIGURE_COLUMNS = (
    "article_id", "path", "text", "start", "end", "value", "value_min", "value_max",
    "qualifier", "unit", "kind", "normalized", "sentence",
)  # fmt: skip

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    article_id   TEXT PRIMARY KEY,
    path         TEXT NOT NULL,
    title        TEXT NOT NULL DEFAULT '',
    dateline     TEXT NOT NULL DEFAULT '',
    encoding     TEXT NOT NULL DEFAULT '',
    chars        INTEGER NOT NULL DEFAULT 0,
    tokens       INTEGER NOT NULL DEFAULT 0,
    entities     INTEGER NOT NULL DEFAULT 0,
    figures      INTEGER NOT NULL DEFAULT 0,
    model        TEXT NOT NULL DEFAULT '',
    version      TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    error        TEXT NOT NULL DEFAULT '',
    sha256       TEXT NOT NULL DEFAULT '',
    size         INTEGER,
    mtime_ns     INTEGER,
    processed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS entities (
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
    PRIMARY KEY (article_id, seq)
);
CREATE TABLE IF NOT EXISTS figures (
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
    sentence    TEXT NOT NULL,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX IF NOT EXISTS articles_path ON articles(path);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True, slots=True)
class KnownFile:
    """What the store remembers about a path, enough to skip unchanged files cheaply."""

    article_id: str
    status: str
    sha256: str
    size: int | None
    mtime_ns: int | None
    model: str
    version: str
    error: str


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class Store:
    """Reads and writes articles with their entities and figures; one transaction per batch."""

    def __init__(self, out_dir: Path, readonly: bool = False) -> None:
        self.path = out_dir / DB_NAME
        if readonly:
            # An existing store, read only (a helper process's view of it): no writes at all.
            self.conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
            return
        out_dir.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, isolation_level=None)
        # WAL keeps the database consistent across kill -9: a batch is in or it is not.
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        if self.conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            # Only a new database is written to on open: a no-op run leaves the file as it is.
            self.conn.executescript(_SCHEMA)
            self.conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        # A new database restarts the generation count, so exports also key on its identity.
        self.conn.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('store_id', ?)", (uuid.uuid4().hex,)
        )

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
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def known_files(self) -> dict[str, KnownFile]:
        rows = self.conn.execute(
            "SELECT path, article_id, status, sha256, size, mtime_ns, model, version, error"
            " FROM articles"
        )
        return {row[0]: KnownFile(*row[1:]) for row in rows}

    def save_results(
        self,
        results: Iterable[ArticleResult],
        version: str,
        stats: dict[str, tuple[int, int]] | None = None,
    ) -> None:
        """Replace each article's rows as one unit (delete, then insert), in one transaction."""
        stats = stats or {}
        stamp = now_iso()
        with self.transaction() as conn:
            for result in results:
                article = result.article
                conn.execute("DELETE FROM articles WHERE article_id = ?", (article.article_id,))
                size, mtime_ns = stats.get(article.path, (None, None))
                conn.execute(
                    "INSERT INTO articles (article_id, path, title, dateline, encoding, chars,"
                    " tokens, entities, figures, model, version, status, error, sha256, size,"
                    " mtime_ns, processed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        article.article_id, article.path, article.title, article.dateline,
                        article.encoding, len(article.body), result.tokens,
                        len(result.entities), len(result.figures), result.model, version,
                        result.status, result.error, article.sha256, size, mtime_ns, stamp,
                    ),
                )  # fmt: skip
                conn.executemany(
                    'INSERT INTO entities (article_id, seq, label, text, canonical, start, "end",'
                    " sentence, source, geonames_id, latitude, longitude, state)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
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
                        )  # fmt: skip
                        for seq, e in enumerate(result.entities)
                    ],
                )
                conn.executemany(
                    'INSERT INTO figures (article_id, seq, text, start, "end", value, value_min,'
                    " value_max, qualifier, unit, kind, normalized, sentence)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
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
                            f.sentence,
                        )  # fmt: skip
                        for seq, f in enumerate(result.figures)
                    ],
                )
            self._bump_generation(conn)

    def touch_files(self, stats: dict[str, tuple[int, int]]) -> None:
        """Remember new size/mtime of files whose content turned out unchanged."""
        if not stats:
            return
        with self.transaction() as conn:
            conn.executemany(
                "UPDATE articles SET size = ?, mtime_ns = ? WHERE path = ?",
                [(size, mtime, path) for path, (size, mtime) in stats.items()],
            )

    def mark_missing(self, seen_paths: set[str]) -> int:
        """Flag stored articles whose file is gone; their rows stay (see README: purge)."""
        gone = [
            path
            for (path, status) in self.conn.execute("SELECT path, status FROM articles")
            if path not in seen_paths and status != "missing"
        ]
        if gone:
            with self.transaction() as conn:
                conn.executemany(
                    "UPDATE articles SET status = 'missing', error = 'file no longer in the input'"
                    " WHERE path = ?",
                    [(path,) for path in gone],
                )
                self._bump_generation(conn)
        return len(gone)

    def purge_missing(self) -> int:
        with self.transaction() as conn:
            cursor = conn.execute("DELETE FROM articles WHERE status = 'missing'")
            count = cursor.rowcount
            if count:
                self._bump_generation(conn)
        return count

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

    def iter_rows(self, table: str, chunksize: int = 5000) -> Iterator[RowChunk]:
        """An export table in path order as plain Python rows, `chunksize` at a time.

        The fast path for writers that go row by row (JSONL, XLSX): no DataFrame between
        SQLite and the file. NULL is None. Yields at least one (possibly empty) chunk.
        """
        cursor = self.conn.execute(_TABLE_SQL[table])
        columns = [description[0] for description in cursor.description]
        while True:
            rows = cursor.fetchmany(chunksize)
            yield RowChunk(columns, rows)
            if len(rows) < chunksize:
                return

    def iter_frames(
        self, table: str, chunksize: int = 5000, limit: int | None = None
    ) -> Iterator[pd.DataFrame]:
        """An export table in path order, `chunksize` rows at a time (memory stays flat).

        Yields at least one (possibly empty) frame, so the columns are always known.
        """
        sql = _TABLE_SQL[table]
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        dtypes = {"geonames_id": "Int64"} if table == "entities" else None
        yield from pd.read_sql_query(sql, self.conn, chunksize=chunksize, dtype=dtypes)


ARTICLES_SQL = f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles ORDER BY path"
ENTITIES_SQL = (
    'SELECT e.article_id, a.path, e.label, e.text, e.canonical, e.start, e."end", e.sentence,'
    " e.source, e.geonames_id, e.latitude, e.longitude, e.state"
    " FROM entities e JOIN articles a USING (article_id) ORDER BY a.path, e.seq"
)
FIGURES_SQL = (
    'SELECT f.article_id, a.path, f.text, f.start, f."end", f.value, f.value_min, f.value_max,'
    " f.qualifier, f.unit, f.kind, f.normalized, f.sentence"
    " FROM figures f JOIN articles a USING (article_id) ORDER BY a.path, f.seq"
)
_TABLE_SQL = {"articles": ARTICLES_SQL, "entities": ENTITIES_SQL, "figures": FIGURES_SQL}


class RowChunk(NamedTuple):
    """Rows of one export table as SQLite returns them, with the column names."""

    columns: list[str]
    rows: list[tuple]
