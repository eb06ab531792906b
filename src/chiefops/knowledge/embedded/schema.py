"""The embedded index's own SQLite file `<data dir>/knowledge.db` (spec 03 §4, 10 rule 19's exception).

Tables: `docs` (catalogue + compressed rendered doc), `chunks` (03 §2.1), `chunks_fts` (FTS5 over
chunks, external content kept in step by triggers), `vectors` (384 × float16 per chunk and model),
`outbox` (pending remote writes, used by a Citex backend), `meta` (chunker version, tokenizer,
model id, as-of). One writer connection, readers on their own connections, WAL.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

DB_FILE = "knowledge.db"
SCHEMA_VERSION = 1
TOKENIZER = "porter unicode61 remove_diacritics 2"
BM25_WEIGHTS = (4.0, 2.0, 1.0, 2.5, 0.0)
"""title, heading, body, meta, facets."""

_DDL = f"""
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS docs (
    doc_key TEXT PRIMARY KEY,
    project_id TEXT,
    source TEXT NOT NULL,
    title TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    rendered BLOB NOT NULL,
    indexed_at TEXT NOT NULL,
    state TEXT NOT NULL,
    chunk_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS docs_scope ON docs (project_id, source);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY,
    chunk_id TEXT NOT NULL UNIQUE,
    doc_key TEXT NOT NULL,
    n INTEGER NOT NULL,
    project_id TEXT,
    source TEXT NOT NULL,
    title TEXT NOT NULL,
    heading TEXT NOT NULL,
    heading_path TEXT NOT NULL,
    header TEXT NOT NULL,
    body TEXT NOT NULL,
    meta TEXT NOT NULL,
    facets TEXT NOT NULL,
    ts_start REAL,
    ts_end REAL,
    authors TEXT NOT NULL,
    locator TEXT NOT NULL,
    tokens INTEGER NOT NULL,
    content_hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_scope ON chunks (project_id, source, ts_end);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks (doc_key);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5 (
    title, heading, body, meta, facets,
    content='chunks', content_rowid='id', tokenize='{TOKENIZER}'
);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_vocab USING fts5vocab (chunks_fts, 'row');
CREATE TRIGGER IF NOT EXISTS chunks_ai AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts (rowid, title, heading, body, meta, facets)
    VALUES (new.id, new.title, new.heading, new.body, new.meta, new.facets);
END;
CREATE TRIGGER IF NOT EXISTS chunks_ad AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts (chunks_fts, rowid, title, heading, body, meta, facets)
    VALUES ('delete', old.id, old.title, old.heading, old.body, old.meta, old.facets);
    DELETE FROM vectors WHERE chunk_id = old.chunk_id;
END;
CREATE TRIGGER IF NOT EXISTS chunks_au AFTER UPDATE ON chunks BEGIN
    INSERT INTO chunks_fts (chunks_fts, rowid, title, heading, body, meta, facets)
    VALUES ('delete', old.id, old.title, old.heading, old.body, old.meta, old.facets);
    INSERT INTO chunks_fts (rowid, title, heading, body, meta, facets)
    VALUES (new.id, new.title, new.heading, new.body, new.meta, new.facets);
END;
CREATE TABLE IF NOT EXISTS vectors (
    chunk_id TEXT PRIMARY KEY,
    model_id TEXT NOT NULL,
    vec BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY,
    op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
    doc_key TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error TEXT,
    state TEXT NOT NULL DEFAULT 'pending',
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, next_attempt_at);
"""


def connect(path: Path) -> sqlite3.Connection:
    """A connection in WAL mode; autocommit off is managed explicitly by callers (`BEGIN`)."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA busy_timeout=30000")
    conn.execute("PRAGMA temp_store=MEMORY")
    conn.execute("PRAGMA cache_size=-65536")
    return conn


def create_schema(conn: sqlite3.Connection) -> None:
    """Create every table (idempotent) and set the BM25 weights as the FTS table's rank."""
    conn.executescript(_DDL)
    weights = ", ".join(f"{w:.1f}" for w in BM25_WEIGHTS)
    conn.execute("INSERT INTO chunks_fts (chunks_fts, rank) VALUES ('rank', ?)", (f"bm25({weights})",))
    if get_meta(conn, "schema_version") is None:
        set_meta(conn, "schema_version", str(SCHEMA_VERSION))
        set_meta(conn, "tokenizer", TOKENIZER)


def check_integrity(conn: sqlite3.Connection) -> str | None:
    """None when the file is sound, else SQLite's complaint."""
    row = conn.execute("PRAGMA quick_check").fetchone()
    result = str(row[0]) if row else "no answer from quick_check"
    return None if result == "ok" else result


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
