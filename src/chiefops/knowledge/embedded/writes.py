"""Writes to `knowledge.db`: replace a doc, skip or delete docs, purge chunks, keep the as-of.

Every function runs inside the caller's transaction on the single writer connection; a doc's old
chunks, vectors and catalogue row are replaced together, so a reader never sees half a doc.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Sequence

from chiefops.knowledge.embedded.prepare import DocWrite
from chiefops.knowledge.embedded.rows import (
    INSERT_CHUNK,
    UPDATE_CHUNK,
    chunk_values,
    epoch,
    pack,
    update_values,
)
from chiefops.knowledge.embedded.schema import get_meta, set_meta
from chiefops.knowledge.models import Chunk, Source, SourceDoc

STATE_INDEXED = "indexed"
STATE_PURGED = "purged"
SQL_BATCH = 500


def stored_states(conn: sqlite3.Connection, keys: Sequence[str]) -> dict[str, tuple[str, str]]:
    """doc_key → (content_hash, state) for the keys already in the catalogue."""
    found: dict[str, tuple[str, str]] = {}
    for start in range(0, len(keys), SQL_BATCH):
        batch = list(keys[start : start + SQL_BATCH])
        marks = ",".join("?" * len(batch))
        rows = conn.execute(
            f"SELECT doc_key, content_hash, state FROM docs WHERE doc_key IN ({marks})",
            batch,
        )
        found.update({str(r[0]): (str(r[1]), str(r[2])) for r in rows})
    return found


def store_docs(
    conn: sqlite3.Connection, writes: Sequence[DocWrite], *, stored: Collection[str], indexed_at: str
) -> tuple[int, int]:
    """Store docs (or their skipped state) in place of older copies, in the caller's transaction.

    A stored doc whose new chunks have the same bodies (only its project, header or metadata moved,
    e.g. a channel re-mapped to a project, 03 §6) is rewritten row by row, so its vectors stay and
    nothing is embedded again; other stored docs lose their old chunks first. Then one batch of
    catalogue rows and one of new chunks; returns (chunks deleted, chunks written), a rewrite
    counting as both.
    """
    deleted = 0
    rewritten = 0
    fresh: list[Chunk] = []
    for write in writes:
        key = write.doc.doc_key
        if key in stored:
            if write.chunks and _bodies(conn, key) == [c.body for c in write.chunks]:
                conn.executemany(UPDATE_CHUNK, [update_values(c) for c in write.chunks])
                rewritten += len(write.chunks)
                continue
            deleted += conn.execute("DELETE FROM chunks WHERE doc_key = ?", (key,)).rowcount
        fresh.extend(write.chunks)
    conn.executemany(
        "INSERT INTO docs (doc_key, project_id, source, title, content_hash, rendered, indexed_at, state, "
        "chunk_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (doc_key) DO UPDATE SET "
        "project_id = excluded.project_id, source = excluded.source, title = excluded.title, "
        "content_hash = excluded.content_hash, rendered = excluded.rendered, indexed_at = excluded.indexed_at, "
        "state = excluded.state, chunk_count = excluded.chunk_count",
        [
            (
                w.doc.doc_key,
                w.doc.project_id,
                w.doc.source.value,
                w.doc.title,
                w.content_hash,
                _rendered(w.doc),
                indexed_at,
                w.state,
                len(w.chunks),
            )
            for w in writes
        ],
    )
    conn.executemany(INSERT_CHUNK, [chunk_values(c) for c in fresh])
    return deleted + rewritten, len(fresh) + rewritten


def _bodies(conn: sqlite3.Connection, doc_key: str) -> list[str]:
    rows = conn.execute("SELECT body FROM chunks WHERE doc_key = ? ORDER BY n", (doc_key,))
    return [str(row[0]) for row in rows]


def _rendered(doc: SourceDoc) -> bytes:
    """Drive docs keep their rendered parts (the upload is gone after ingestion); Slack and Jira docs
    are re-rendered from the Store, so nothing is kept for them."""
    return pack(doc) if doc.source is Source.DRIVE else b""


def scope_clause(
    *, doc_keys: Sequence[str], project_id: str | None, source: str | None, table: str = "docs"
) -> tuple[str, list[object]]:
    """WHERE clause (without WHERE) selecting docs by keys, project and/or source (ANDed)."""
    clauses: list[str] = []
    params: list[object] = []
    if doc_keys:
        clauses.append(f"{table}.doc_key IN ({','.join('?' * len(doc_keys))})")
        params.extend(doc_keys)
    if project_id is not None:
        clauses.append(f"{table}.project_id = ?")
        params.append(project_id)
    if source is not None:
        clauses.append(f"{table}.source = ?")
        params.append(source)
    if not clauses:
        raise ValueError(
            "delete() needs doc_keys, project_id or source; use reset(confirm='all') to clear all"
        )
    return " AND ".join(clauses), params


def delete_docs(
    conn: sqlite3.Connection, *, doc_keys: Sequence[str], project_id: str | None, source: str | None
) -> int:
    """Remove matching docs with their chunks and vectors; returns chunks removed."""
    removed = 0
    for start in range(0, max(1, len(doc_keys)), SQL_BATCH):
        batch = list(doc_keys[start : start + SQL_BATCH])
        where, params = scope_clause(doc_keys=batch, project_id=project_id, source=source)
        chunk_where, chunk_params = scope_clause(
            doc_keys=batch, project_id=project_id, source=source, table="chunks"
        )
        removed += conn.execute(f"DELETE FROM chunks WHERE {chunk_where}", chunk_params).rowcount
        conn.execute(f"DELETE FROM docs WHERE {where}", params)
    return removed


def purge_chunks(conn: sqlite3.Connection, chunk_ids: Iterable[tuple[str, str]]) -> int:
    """Delete (chunk_id, doc_key) pairs; their docs are marked purged so a re-index restores them."""
    pairs = list(chunk_ids)
    conn.executemany("DELETE FROM chunks WHERE chunk_id = ?", [(c,) for c, _ in pairs])
    count_chunks(conn)
    conn.executemany(
        "UPDATE docs SET state = ?, content_hash = '' WHERE doc_key = ?",
        [(STATE_PURGED, d) for d in {d for _, d in pairs}],
    )
    return len(pairs)


def raise_as_of(conn: sqlite3.Connection, chunks: Iterable[Chunk]) -> None:
    """Keep `meta.as_of` at the newest event time indexed (never the wall clock)."""
    newest = max((epoch(c.ts_end) or 0.0 for c in chunks), default=0.0)
    current = get_meta(conn, "as_of")
    if newest and (current is None or newest > float(current)):
        set_meta(conn, "as_of", repr(newest))


def recompute_as_of(conn: sqlite3.Connection) -> None:
    row = conn.execute("SELECT max(ts_end) FROM chunks").fetchone()
    if row is None or row[0] is None:
        conn.execute("DELETE FROM meta WHERE key = 'as_of'")
    else:
        set_meta(conn, "as_of", repr(float(row[0])))


def read_as_of(conn: sqlite3.Connection) -> float | None:
    value = get_meta(conn, "as_of")
    return None if value is None else float(value)


def count_chunks(conn: sqlite3.Connection, *, delta: int | None = None) -> None:
    """Keep `meta.chunk_count` (query planning reads it): add `delta`, or recount when None."""
    if delta is None:
        total = int(conn.execute("SELECT count(*) FROM chunks").fetchone()[0])
    else:
        total = int(get_meta(conn, "chunk_count") or 0) + delta
    set_meta(conn, "chunk_count", str(max(0, total)))
