"""Corpus-aware pruning of very common query terms, for latency on large indexes (spec 03 §11).

FTS5 scores every chunk any OR-ed term matches, so a term found in a large share of the corpus
costs most of a query while adding almost nothing to BM25 (its IDF is near zero). On indexes of at
least `MIN_CHUNKS` chunks, terms in more than `COMMON_SHARE` of the chunks are left out of MATCH
when a rarer term remains — a stopword list learned from the corpus. They still count for the
coverage factor and the quote. Small indexes are searched with every term.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import replace

from chiefops.knowledge.embedded.lexical import ParsedQuery
from chiefops.knowledge.embedded.schema import TOKENIZER, get_meta

COMMON_SHARE = 0.05
MIN_CHUNKS = 20_000


def _ensure_tokenizer(conn: sqlite3.Connection) -> None:
    """Per-connection temp tables that stem query terms exactly as the index does."""
    conn.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_terms USING fts5 (term, tokenize='{TOKENIZER}')"
    )
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_terms_vocab USING fts5vocab (temp, query_terms, 'instance')"
    )


def document_frequencies(conn: sqlite3.Connection, terms: Sequence[str]) -> list[int]:
    """Chunks holding each term (a term stemming to several tokens counts its rarest one)."""
    _ensure_tokenizer(conn)
    conn.execute("DELETE FROM temp.query_terms")
    conn.executemany("INSERT INTO temp.query_terms (rowid, term) VALUES (?, ?)", list(enumerate(terms, 1)))
    stems: dict[int, set[str]] = {}
    for stem, row in conn.execute("SELECT term, doc FROM temp.query_terms_vocab"):
        stems.setdefault(int(row), set()).add(str(stem))
    frequencies = []
    for n in range(1, len(terms) + 1):
        counts = [_document_count(conn, stem) for stem in stems.get(n, set())]
        frequencies.append(min(counts, default=0))
    return frequencies


def _document_count(conn: sqlite3.Connection, stem: str) -> int:
    row = conn.execute("SELECT doc FROM chunks_vocab WHERE term = ?", (stem,)).fetchone()
    return int(row[0]) if row else 0


def prune_common_terms(
    conn: sqlite3.Connection,
    parsed: ParsedQuery,
    *,
    min_chunks: int = MIN_CHUNKS,
    share: float = COMMON_SHARE,
) -> ParsedQuery:
    """`parsed` without terms in more than `share` of the chunks once the index holds `min_chunks`;
    at least one term (or a phrase) always stays."""
    total = int(get_meta(conn, "chunk_count") or 0)
    if total < min_chunks or len(parsed.terms) < 2:
        return parsed
    frequencies = document_frequencies(conn, parsed.terms)
    kept = tuple(t for t, df in zip(parsed.terms, frequencies, strict=True) if df <= share * total)
    if not kept and not parsed.phrases:
        kept = (min(zip(frequencies, parsed.terms, strict=True))[1],)
    return replace(parsed, terms=kept)
