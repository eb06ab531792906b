"""The Store interface (spec 01 §3): async collections over SQLite or MongoDB.

Filter language — a documented subset of MongoDB's query language:

- `{"field": value}` equality; on an array field it matches when any member equals `value`;
  `{"field": None}` matches a missing field, an explicit null, or an array holding a null.
- Dotted paths reach into sub-documents and through arrays of sub-documents
  (`{"source_ids.source": "slack"}` matches when any element's `source` is "slack"; an element
  lacking the field makes `{"source_ids.source": None}` match). Paths are checked against the
  collection's model: an unknown field raises `InvalidQuery`. Below untyped content (`dict`,
  `JsonValue`) any key is allowed and arrays are traversed wherever they occur.
- Operators: `$in $nin $ne $gt $gte $lt $lte $exists` on a field; `$and $or` at any level
  (non-empty lists of filters). Several keys in one filter are ANDed. `$ne`/`$nin` are the
  negations of equality/`$in`, so they match documents where the field is missing (as in MongoDB).
  `$exists: true` matches a present field even when it is null or an empty array.
- Values: str, int, float, bool, None, aware datetime, date, enum members (their value).
  Comparisons never cross types: a string never equals or is `$gt` a number, a bool is not a
  number. On a field typed as a number, string, bool or datetime, a value of another type raises
  `InvalidQuery` (it could never match). On a datetime field a `date` means its UTC midnight and
  an ISO string is parsed. Datetimes compare as datetimes (microseconds on SQLite, milliseconds on
  MongoDB, whose dates hold no finer precision).
- Literal objects and arrays as values are not supported (`InvalidQuery`); use `$in` for membership.
- Anything else (`$regex`, `$where`, `$elemMatch`, a typo like `$gte_`) raises `UnknownOperator`;
  nothing is silently ignored.

Sorting accepts typed scalar fields outside arrays; ties are broken by insertion order.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, Generic, Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from chiefops.errors import Conflict, DependencyDown, InvalidInput, ValidationFailed
from chiefops.models.base import Record
from chiefops.models.registry import CollectionSpec

M = TypeVar("M", bound=Record)

Filter = Mapping[str, Any]
"""A filter in the language described above."""

Row = dict[str, Any]
"""A projected document or an aggregate row: JSON-shaped, datetimes as aware `datetime`."""

SortSpec = Sequence[tuple[str, int]]
"""`[("timestamp", -1), ("message_id", 1)]`."""

FILTER_OPERATORS = frozenset({"$in", "$nin", "$ne", "$gt", "$gte", "$lt", "$lte", "$exists"})
LOGICAL_OPERATORS = frozenset({"$and", "$or"})


class StoreError(InvalidInput):
    """Base of the store's own errors."""


class InvalidQuery(StoreError):
    """A filter, sort, projection or query plan that cannot be compiled (unknown field, wrong type)."""

    code = "invalid_query"


class UnknownOperator(InvalidQuery):
    """A filter used an operator outside the documented subset."""

    code = "unknown_operator"


class UniqueViolation(Conflict):
    """A write would create a second document with the same unique key; the batch was rolled back."""

    code = "unique_violation"


class InvalidDocument(ValidationFailed):
    """A document failed its collection's model validation; the batch was rolled back."""

    code = "invalid_document"


class UnknownCollection(StoreError):
    code = "unknown_collection"


class StoreUnavailable(DependencyDown):
    """The database cannot be reached or written (disk full, read-only, lock timeout)."""

    code = "store_error"


# --- Aggregation -------------------------------------------------------------------------------

MetricOp = Literal["count", "count_distinct", "sum", "avg", "min", "max"]
BucketUnit = Literal["day", "week", "month"]


class Metric(BaseModel):
    """One accumulator. `count` takes no field; the others name a (dotted) field."""

    model_config = ConfigDict(frozen=True)

    op: MetricOp
    field: str | None = None
    name: str = Field(default="", description="Output key; defaults to `op` or `op_field`")

    @property
    def key(self) -> str:
        if self.name:
            return self.name
        return self.op if self.field is None else f"{self.op}_{self.field.replace('.', '_')}"


class DateBucket(BaseModel):
    """Truncate a datetime field to a UTC day, ISO week (Monday) or month.

    Output value: `"2026-11-30"` for day, the Monday `"2026-11-23"` for week, `"2026-11"` for month.
    """

    model_config = ConfigDict(frozen=True)

    field: str
    unit: BucketUnit
    name: str = "bucket"


class QueryPlan(BaseModel):
    """A declarative aggregation both backends compile (spec 01 §3).

    Order of application: `match` → `unwind` (each listed array field becomes one row per member;
    documents with an empty or missing array drop out) → group by `group_by` + `split_by` +
    `bucket` → `metrics` → `sort` → `limit`. Without grouping keys there is one row over all
    matched documents. Output rows hold each group key under its field name (dots kept), the
    bucket under `bucket.name`, and each metric under `Metric.key`. Documents whose group field
    is missing group under `None`.
    """

    model_config = ConfigDict(frozen=True)

    match: dict[str, Any] = Field(default_factory=dict)
    unwind: tuple[str, ...] = ()
    group_by: tuple[str, ...] = ()
    split_by: str | None = None
    bucket: DateBucket | None = None
    metrics: tuple[Metric, ...] = (Metric(op="count"),)
    sort: tuple[tuple[str, int], ...] = ()
    limit: int | None = Field(default=None, ge=1)


@dataclass(frozen=True)
class WriteResult:
    """What a batch write did. `unchanged` counts upserts whose stored JSON was already identical."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def written(self) -> int:
        return self.inserted + self.updated


# --- Interfaces ---------------------------------------------------------------------------------


class Collection(Protocol, Generic[M]):
    """One collection. Every batch write is all-or-nothing."""

    @property
    def name(self) -> str: ...

    @property
    def spec(self) -> CollectionSpec: ...

    async def insert_many(self, docs: Sequence[M | Mapping[str, Any]]) -> WriteResult: ...

    async def upsert_many(
        self, docs: Sequence[M | Mapping[str, Any]], *, key: str | Sequence[str] | None = None
    ) -> WriteResult:
        """Insert or replace by `key` (default: the spec's natural key, else its id field).

        A document whose key is missing or null is matched by its id field. A stored document with
        identical JSON is left untouched (`unchanged`); a replaced one keeps its stored `created_at`
        (the caller controls `updated_at`). The same key twice in one batch: the last one wins.
        """
        ...

    async def find(
        self,
        filter: Filter | None = None,
        *,
        sort: SortSpec | None = None,
        limit: int | None = None,
        skip: int = 0,
    ) -> list[M]:
        """Matching documents as models, sorted (then by insertion order); `limit` ≥ 1 or None."""
        ...

    async def find_fields(
        self,
        filter: Filter | None = None,
        *,
        fields: Sequence[str],
        sort: SortSpec | None = None,
        limit: int | None = None,
        skip: int = 0,
    ) -> list[Row]:
        """Projection: one row per match holding every listed (dotted) field, None when missing or
        null; a path through an array gives the list of the elements' values. Datetimes and dates
        come back decoded (aware UTC `datetime`, `date`)."""
        ...

    async def find_one(self, filter: Filter | None = None, *, sort: SortSpec | None = None) -> M | None: ...

    def iterate(self, filter: Filter | None = None, *, batch_size: int = 1000) -> AsyncIterator[M]:
        """Stream every match in insertion order, `batch_size` documents per round trip."""
        ...

    async def count(self, filter: Filter | None = None) -> int: ...

    async def update_many(
        self,
        filter: Filter,
        *,
        set: Mapping[str, Any] | None = None,
        unset: Sequence[str] | None = None,
        inc: Mapping[str, int | float] | None = None,
        push: Mapping[str, Any] | None = None,
        pull: Mapping[str, Any] | None = None,
    ) -> int:
        """Apply field updates to every match; updated documents are re-validated. Returns matches changed."""
        ...

    async def delete_many(self, filter: Filter) -> int: ...

    async def aggregate(self, plan: QueryPlan) -> list[Row]: ...

    async def search(self, text: str, *, filter: Filter | None = None, limit: int = 20) -> list[M]:
        """Full-text search over the collection's store-owned text index (names, titles)."""
        ...


class Store(Protocol):
    """The database: typed collections, write transactions, versions for caches."""

    @property
    def backend(self) -> str: ...

    def collection(self, name: str) -> Collection[Record]: ...

    def typed(self, model: type[M]) -> Collection[M]:
        """The collection registered for `model`, typed."""
        ...

    def transaction(self) -> AbstractAsyncContextManager[None]:
        """Group writes across collections into one all-or-nothing unit (nests as a savepoint)."""
        ...

    async def data_version(self, collection: str) -> int:
        """Counter raised by every write to `collection`; for caches."""
        ...

    async def start(self) -> None:
        """Create tables/indexes (idempotent) and run migrations."""
        ...

    async def close(self) -> None: ...

    async def ping(self) -> None:
        """Raise `StoreUnavailable` when the database cannot be used."""
        ...
