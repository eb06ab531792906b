"""A deterministic stand-in for the MiniLM model (a third-party part): hashed bag of words, 384-d.

It lets the vector storage, masks, fusion and background embedding run without the `semantic`
extra; the real model's behaviour is tested in `test_semantic.py` (marker `semantic`).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

import numpy as np

from chiefops.knowledge.embedded.semantic import DIM, Matrix, Vector, normalize_rows

_WORD = re.compile(r"[a-z0-9]+")


class HashingEmbedder:
    model_id = "test-hashing-bow"

    def _vector(self, text: str) -> Vector:
        vector = np.zeros(DIM, dtype=np.float32)
        for word in _WORD.findall(text.lower()):
            vector[zlib.crc32(word.encode()) % DIM] += 1.0
        return vector

    def embed_chunks(self, items: Sequence[tuple[str, str]]) -> Matrix:
        return normalize_rows(np.stack([self._vector(f"{header}\n{body}") for header, body in items]))

    def embed_query(self, text: str) -> Vector:
        vector: Vector = normalize_rows(self._vector(text)[None, :])[0]
        return vector
