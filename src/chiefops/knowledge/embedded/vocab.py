"""Corpus-aware pruning of very common query terms, for latency on large indexes (spec 03 §11).

FTS5 scores every chunk any OR-ed term matches, so a term found in a large share of the corpus
costs most of a query while adding almost nothing to BM25 (its IDF is near zero). On indexes of at
least `MIN_CHUNKS` chunks, terms in more than `COMMON_SHARE` (3 %) of the chunks are left out of MATCH
when a rarer term remains — a stopword list learned from the corpus. They still count for the
coverage factor and the quote. Small indexes are searched with every term.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace

from chiefops.knowledge.embedded.lexical import ParsedQuery
from chiefops.knowledge.embedded.schema import TOKENIZER, get_meta

COMMON_SHARE = 0.03
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


Frequencies = Callable[[sqlite3.Connection, Sequence[str]], list[int]]


class FrequencyCache:
    """Document frequencies of query terms, kept while the index is unchanged (one per index).

    Asking FTS5 costs a few milliseconds per query (stemming through a temporary table, one vocab
    lookup per stem); repeated terms are free. The cache is keyed by the chunk count and the
    index's write counter, so any write clears it; it holds at most `max_terms` terms.
    """

    def __init__(self, *, max_terms: int = 20_000) -> None:
        self._lock = threading.Lock()
        self._key: tuple[int, int] = (-1, -1)
        self._frequencies: dict[str, int] = {}
        self._max_terms = max_terms
        self.version = 0
        """The owner raises it on every write."""

    def __call__(self, conn: sqlite3.Connection, terms: Sequence[str]) -> list[int]:
        key = (int(get_meta(conn, "chunk_count") or 0), self.version)
        with self._lock:
            if key != self._key or len(self._frequencies) > self._max_terms:
                self._key, self._frequencies = key, {}
            known = {t: self._frequencies[t] for t in terms if t in self._frequencies}
        missing = [t for t in dict.fromkeys(terms) if t not in known]
        if missing:
            known.update(zip(missing, document_frequencies(conn, missing), strict=True))
            with self._lock:
                if self._key == key:
                    self._frequencies.update(known)
        return [known[t] for t in terms]


def prune_common_terms(
    conn: sqlite3.Connection,
    parsed: ParsedQuery,
    *,
    min_chunks: int = MIN_CHUNKS,
    share: float = COMMON_SHARE,
    frequencies: Frequencies = document_frequencies,
) -> ParsedQuery:
    """`parsed` without terms in more than `share` of the chunks once the index holds `min_chunks`;
    at least one term (or a phrase) always stays."""
    total = int(get_meta(conn, "chunk_count") or 0)
    if total < min_chunks or len(parsed.terms) < 2:
        return parsed
    frequencies_of = frequencies(conn, parsed.terms)
    kept = tuple(t for t, df in zip(parsed.terms, frequencies_of, strict=True) if df <= share * total)
    if not kept and not parsed.phrases:
        kept = (min(zip(frequencies_of, parsed.terms, strict=True))[1],)
    return replace(parsed, terms=kept)
