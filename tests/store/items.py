"""A purpose-built test collection covering every kind of field the store handles.

`items` carries indexes of every mapping (unique scalar, compound scalar, sparse, array side table
with a companion scalar, compound array-of-objects side table, store-owned text); `plain_items`
holds the same model with no index at all, so every query takes the JSON fallback.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from pydantic import Field, JsonValue

from chiefops.models.base import Model, Record, UtcDatetime
from chiefops.models.collections import COLLECTIONS
from chiefops.models.registry import CollectionSpec, idx, text

T0 = datetime(2026, 11, 30, 9, 5, tzinfo=UTC)  # a Monday


class Status(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    BLOCKED = "blocked"


class Part(Model):
    code: str
    qty: int | None = None
    tags: list[str] = Field(default_factory=list)


class Item(Record):
    item_id: str
    name: str = Field(min_length=1)
    status: Status = Status.OPEN
    score: int | None = None
    ratio: float = 0.0
    flag: bool = False
    due_at: UtcDatetime | None = None
    due_on: date | None = None
    tags: list[str] = Field(default_factory=list)
    parts: list[Part] = Field(default_factory=list)
    meta: Part | None = None
    extra: dict[str, JsonValue] = Field(default_factory=dict)
    values: list[JsonValue] = Field(default_factory=list)
    note: str | None = None
    natural_key: str | None = None


ITEM_INDEXES = (
    idx(("item_id", 1), unique=True),
    idx(("status", 1), ("score", -1)),
    idx(("tags", 1), ("flag", 1)),
    idx(("parts.code", 1), ("parts.qty", 1)),
    idx(("due_at", 1), sparse=True),
    idx(("natural_key", 1), unique=True, sparse=True),
    idx(("flag", 1)),
    text("name", "note"),
)

ITEMS = CollectionSpec(
    name="items", model=Item, id_field="item_id", natural_key="natural_key", indexes=ITEM_INDEXES
)
PLAIN_ITEMS = CollectionSpec(name="plain_items", model=Item, id_field="item_id", natural_key="natural_key")

TEST_COLLECTIONS: dict[str, CollectionSpec] = {"items": ITEMS, "plain_items": PLAIN_ITEMS}
ALL_COLLECTIONS: dict[str, CollectionSpec] = {**COLLECTIONS, **TEST_COLLECTIONS}


def make_item(item_id: str, **overrides: Any) -> dict[str, Any]:
    """An item document with fixed, readable defaults."""
    doc: dict[str, Any] = {"item_id": item_id, "name": f"Item {item_id}", "created_at": T0, "updated_at": T0}
    doc.update(overrides)
    return doc
