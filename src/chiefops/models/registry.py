"""Declarative collection registry: one entry per collection, with its indexes.

The store builds tables, generated columns, side tables, FTS tables (SQLite) or Mongo indexes from
these entries alone, so adding a collection is one `CollectionSpec` in `collections.py` and never
new storage code.

Index notation follows the seed (03-DATA-MODELS §16): a list of `(path, 1 | -1)` pairs, plus
`unique` / `sparse` flags; a text index is `IndexSpec(text=True, fields=(("name", 1), ...))`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from chiefops.models.base import Record

Direction = int  # 1 ascending, -1 descending (seed notation)


@dataclass(frozen=True)
class IndexSpec:
    """One seed index. `fields` keeps the seed's order; `text` marks a text index."""

    fields: tuple[tuple[str, Direction], ...]
    unique: bool = False
    sparse: bool = False
    text: bool = False

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(path for path, _ in self.fields)

    @property
    def name(self) -> str:
        """Stable index name, e.g. `channel_1_timestamp_-1` (Mongo's convention)."""
        if self.text:
            return "_".join(f"{p}_text" for p in self.paths)
        return "_".join(f"{p}_{d}" for p, d in self.fields)


TextOwner = Literal["store", "knowledge"]


@dataclass(frozen=True)
class CollectionSpec:
    """A collection: its model, its id field, its natural key and its indexes.

    `text_owner` says who serves the seed's text index: the Store's FTS (names, titles) or the
    knowledge index (message and document content, spec 01 §3).
    """

    name: str
    model: type[Record]
    id_field: str
    indexes: tuple[IndexSpec, ...] = ()
    natural_key: str | None = None
    text_owner: TextOwner = "store"
    description: str = ""
    extra_array_fields: frozenset[str] = field(default_factory=frozenset)

    @property
    def text_index(self) -> IndexSpec | None:
        return next((ix for ix in self.indexes if ix.text), None)


def idx(*fields: tuple[str, Direction], unique: bool = False, sparse: bool = False) -> IndexSpec:
    """Shorthand for a seed index: `idx(("channel", 1), ("timestamp", -1))`."""
    return IndexSpec(fields=tuple(fields), unique=unique, sparse=sparse)


def text(*paths: str) -> IndexSpec:
    """Shorthand for a seed text index: `text("name", "email")`."""
    return IndexSpec(fields=tuple((p, 1) for p in paths), text=True)
