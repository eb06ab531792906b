"""Catalogue reads and maintenance on `knowledge.db`: counts, stored docs, purge scans, clearing."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from chiefops.knowledge.embedded.rows import CHUNK_COLUMNS, chunk_from_row, from_epoch, unpack
from chiefops.knowledge.embedded.schema import get_meta
from chiefops.knowledge.embedded.writes import (
    SQL_BATCH,
    STATE_INDEXED,
    count_chunks,
    delete_docs,
    read_as_of,
    recompute_as_of,
)
from chiefops.knowledge.enforce import chunk_opted_out
from chiefops.knowledge.models import Chunk, IndexHealth, SourceDoc
from chiefops.knowledge.optout import OptOutMatcher

SCAN_BATCH = 2000


def delete_scope(
    conn: sqlite3.Connection, doc_keys: Sequence[str], project_id: str | None, source: str | None
) -> int:
    """Delete docs by keys / project / source and keep the as-of true; returns chunks removed."""
    removed = delete_docs(conn, doc_keys=doc_keys, project_id=project_id, source=source)
    recompute_as_of(conn)
    count_chunks(conn)
    return removed


def clear_all(conn: sqlite3.Connection) -> None:
    """Every doc, chunk, vector and outbox row gone; the schema and versions stay."""
    conn.execute("DELETE FROM chunks")
    conn.execute("DELETE FROM vectors")
    conn.execute("DELETE FROM docs")
    conn.execute("DELETE FROM outbox")
    conn.execute("DELETE FROM meta WHERE key IN ('as_of', 'chunk_count')")


def opted_out_chunks(conn: sqlite3.Connection, matcher: OptOutMatcher) -> list[tuple[str, str]]:
    """(chunk_id, doc_key) of every stored chunk the tags match, scanned in batches."""
    found: list[tuple[str, str]] = []
    last = 0
    while True:
        rows = conn.execute(
            f"SELECT {CHUNK_COLUMNS} FROM chunks WHERE id > ? ORDER BY id LIMIT ?",
            (last, SCAN_BATCH),
        ).fetchall()
        if not rows:
            return found
        for row in rows:
            rowid, chunk = chunk_from_row(row)
            last = rowid
            if chunk_opted_out(chunk, matcher):
                found.append((chunk.chunk_id, chunk.doc_key))


def unknown_projects(conn: sqlite3.Connection, project_ids: Sequence[str]) -> list[str]:
    """Warnings for requested projects without any indexed content."""
    warnings = []
    for project_id in project_ids:
        row = conn.execute("SELECT 1 FROM docs WHERE project_id = ? LIMIT 1", (project_id,)).fetchone()
        if row is None:
            warnings.append(f"No indexed content for project {project_id!r}.")
    return warnings


def counts(conn: sqlite3.Connection) -> IndexHealth:
    docs = conn.execute("SELECT count(*) FROM docs WHERE state = ?", (STATE_INDEXED,)).fetchone()[0]
    by_source = {
        str(s): int(n) for s, n in conn.execute("SELECT source, count(*) FROM chunks GROUP BY source")
    }
    chunks = sum(by_source.values())
    vectors = conn.execute("SELECT count(*) FROM vectors").fetchone()[0]
    version = get_meta(conn, "chunker_version")
    return IndexHealth(
        state="ok",
        docs=int(docs),
        chunks=chunks,
        chunks_by_source=by_source,
        vectors=int(vectors),
        vector_coverage=round(100.0 * vectors / chunks, 1) if chunks else 0.0,
        chunker_version=int(version) if version else 0,
        as_of=from_epoch(read_as_of(conn)),
    )


def stored_docs(
    conn: sqlite3.Connection, source: str, project_id: str | None, doc_keys: Sequence[str] | None = None
) -> list[SourceDoc]:
    """Rendered docs of a source as stored, optionally of one project and / or only these keys."""
    sql = "SELECT rendered FROM docs WHERE source = ?"
    params: list[object] = [source]
    if project_id is not None:
        sql += " AND project_id = ?"
        params.append(project_id)
    if doc_keys is None:
        return [unpack(row[0]) for row in conn.execute(sql + " ORDER BY doc_key", params)]
    found: list[SourceDoc] = []
    keys = sorted(set(doc_keys))
    for start in range(0, len(keys), SQL_BATCH):
        batch = keys[start : start + SQL_BATCH]
        marks = ",".join("?" * len(batch))
        rows = conn.execute(f"{sql} AND doc_key IN ({marks}) ORDER BY doc_key", [*params, *batch])
        found.extend(unpack(row[0]) for row in rows)
    return found


def doc_projects(conn: sqlite3.Connection) -> dict[str, tuple[str, str | None]]:
    """doc_key → (source, project_id) of every catalogued doc (what re-scoping compares)."""
    rows = conn.execute("SELECT doc_key, source, project_id FROM docs")
    return {
        str(key): (str(source), None if project is None else str(project)) for key, source, project in rows
    }


def doc_keys(conn: sqlite3.Connection, source: str | None, project_id: str | None) -> list[str]:
    clauses, params = [], []
    if source is not None:
        clauses.append("source = ?")
        params.append(source)
    if project_id is not None:
        clauses.append("project_id = ?")
        params.append(project_id)
    where = " AND ".join(clauses) or "1"
    return [
        str(r[0]) for r in conn.execute(f"SELECT doc_key FROM docs WHERE {where} ORDER BY doc_key", params)
    ]


def chunks_of(conn: sqlite3.Connection, doc_key: str) -> list[Chunk]:
    rows = conn.execute(f"SELECT {CHUNK_COLUMNS} FROM chunks WHERE doc_key = ? ORDER BY n", (doc_key,))
    return [chunk_from_row(row)[1] for row in rows]
