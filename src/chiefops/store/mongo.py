"""The MongoDB backend on PyMongo's async API (`AsyncMongoClient`, tz-aware).

Verified how: no MongoDB server is available on the team's machines. The filter, sort, search and
aggregation compilers (`mongo_compile.py`) are pure functions pinned by golden tests (input → exact
query dict / pipeline). This module — index creation, bulk writes, sessions and transactions,
error mapping, data versions — runs only in the contract suite's MongoDB leg, which needs
`CHIEFOPS_TEST_MONGODB_URI`; without it, this file is verified by type checking and review alone.

Semantics beyond the compilers:
- `start()` creates every registry index idempotently (`create_indexes`, names from
  `IndexSpec.name`, the text index as one TEXT index, `sparse` as a partial index — see
  `index_models`) and detects a replica set via `hello`.
- Writes validate first (same `InvalidDocument` as SQLite), then check unique fields against the
  batch and the database, then run one ordered bulk write. `upsert_many` uses
  `ReplaceOne(key, doc, upsert=True)`, so re-running a batch that failed half-way completes it.
- `transaction()` is a real multi-document transaction on a replica set. On a standalone server it
  cannot be atomic: writes inside apply as they go (each batch still all-or-nothing as above).
  Nested blocks join the outer transaction (MongoDB has no savepoints); a failure leaving a nested
  block dooms the whole transaction.
- Datetimes are stored to the millisecond; search is a case-insensitive word-prefix match over the
  text-index fields ranked by `search_score` (the TEXT index is created for the seed's parity).
"""

from __future__ import annotations

import contextvars
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING, TEXT, AsyncMongoClient, IndexModel
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

from chiefops.models.base import Record
from chiefops.models.registry import CollectionSpec
from chiefops.store.base import M, StoreUnavailable, UnknownCollection
from chiefops.store.mongo_collection import Doc, MongoCollection, unavailable
from chiefops.store.paths import Kind, ModelPaths

VERSIONS = "_chiefops_versions"


_PRESENT: dict[Kind, dict[str, Any]] = {
    "str": {"$gte": ""},
    "date": {"$gte": ""},
    "num": {"$gte": float("-inf")},
    "datetime": {"$gte": datetime(1, 1, 1, tzinfo=UTC)},
    "bool": {"$type": "bool"},
}


def index_models(spec: CollectionSpec) -> list[IndexModel]:
    """The registry's indexes as PyMongo `IndexModel`s (names from `IndexSpec.name`).

    Stored documents hold explicit nulls, which a MongoDB `sparse` index would still include (and a
    unique one would then refuse twice). A seed `sparse` index therefore becomes a partial index on
    its first field holding a value of that field's type, in a form the query planner can prove
    from an equality or range on the field — the same rows SQLite's `WHERE col IS NOT NULL` keeps.
    """
    paths = ModelPaths(spec.name, spec.model)
    models: list[IndexModel] = []
    for index in spec.indexes:
        keys: list[tuple[str, str | int]] = (
            [(p, TEXT) for p in index.paths]
            if index.text
            else [(p, ASCENDING if d > 0 else DESCENDING) for p, d in index.fields]
        )
        options: dict[str, Any] = {"name": index.name}
        if index.unique:
            options["unique"] = True
        if index.sparse:
            first = index.paths[0]
            options["partialFilterExpression"] = {
                first: _PRESENT.get(paths.resolve(first).kind, {"$exists": True})
            }
        models.append(IndexModel(keys, **options))
    return models


@dataclass(eq=False)
class _Txn:
    session: AsyncClientSession | None
    depth: int = 0
    doomed: bool = False
    touched: set[str] = field(default_factory=set)


class MongoStore:
    """`Store` on MongoDB."""

    backend = "mongodb"

    def __init__(self, uri: str, db: str, *, collections: Mapping[str, CollectionSpec] | None = None) -> None:
        if collections is None:
            from chiefops.models.collections import COLLECTIONS

            collections = COLLECTIONS
        self._uri = uri
        self._db_name = db
        self._specs = dict(collections)
        self._client: AsyncMongoClient[Doc] | None = None
        self._replica = False
        self._versions: dict[str, int] = {}
        self._collections: dict[str, MongoCollection[Record]] = {}
        self._txn: contextvars.ContextVar[_Txn | None] = contextvars.ContextVar(
            f"chiefops_mongo_{id(self)}", default=None
        )

    @property
    def db(self) -> AsyncDatabase[Doc]:
        if self._client is None:
            raise StoreUnavailable(f"MongoDB store {self._db_name} is closed; start() it first")
        return self._client[self._db_name]

    async def start(self) -> None:
        if self._client is not None:
            return
        client: AsyncMongoClient[Doc] = AsyncMongoClient(
            self._uri, tz_aware=True, serverSelectionTimeoutMS=10_000
        )
        try:
            hello = await client.admin.command("hello")
            self._replica = "setName" in hello
            db = client[self._db_name]
            for spec in self._specs.values():
                await db[spec.name].create_indexes(index_models(spec))
            async for row in db[VERSIONS].find({}):
                self._versions[str(row["_id"])] = int(row["version"])
        except PyMongoError as error:
            await client.close()
            raise unavailable(error) from error
        self._client = client

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            await client.close()

    async def ping(self) -> None:
        try:
            await self.db.command("ping")
        except PyMongoError as error:
            raise unavailable(error) from error

    def collection(self, name: str) -> MongoCollection[Record]:
        found = self._collections.get(name)
        if found is None:
            spec = self._specs.get(name)
            if spec is None:
                raise UnknownCollection(f"no collection {name!r}; known: {', '.join(self._specs)}")
            found = self._collections[name] = MongoCollection(spec, self)
        return found

    def typed(self, model: type[M]) -> MongoCollection[M]:
        for spec in self._specs.values():
            if spec.model is model:
                return self.collection(spec.name)  # type: ignore[return-value]  # spec.model is M
        raise UnknownCollection(f"no collection stores {model.__name__}")

    async def data_version(self, collection: str) -> int:
        if collection not in self._specs:
            raise UnknownCollection(f"no collection {collection!r}")
        return self._versions.get(collection, 0)

    def session(self) -> AsyncClientSession | None:
        txn = self._txn.get()
        return txn.session if txn is not None else None

    async def bumped(self, collection: str) -> None:
        """Raise `collection`'s version (in the open transaction, published after commit)."""
        txn = self._txn.get()
        row = await self.db[VERSIONS].find_one_and_update(
            {"_id": collection},
            {"$inc": {"version": 1}},
            upsert=True,
            return_document=True,
            session=self.session(),
        )
        if txn is not None:
            txn.touched.add(collection)
        elif row is not None:
            self._versions[collection] = int(row["version"])

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        txn = self._txn.get()
        token = None
        if txn is None:
            if self._client is None:
                raise StoreUnavailable(f"MongoDB store {self._db_name} is closed; start() it first")
            session = self._client.start_session() if self._replica else None
            if session is not None:
                await session.start_transaction()
            txn = _Txn(session)
            token = self._txn.set(txn)
        txn.depth += 1
        try:
            yield
        except BaseException:
            txn.doomed = True
            raise
        finally:
            txn.depth -= 1
            if token is not None:
                self._txn.reset(token)
                await self._finish(txn)

    async def _finish(self, txn: _Txn) -> None:
        session = txn.session
        try:
            if session is not None:
                if txn.doomed:
                    await session.abort_transaction()
                else:
                    await session.commit_transaction()
        finally:
            if session is not None:
                await session.end_session()
        if not txn.doomed or session is None:
            async for row in self.db[VERSIONS].find({"_id": {"$in": sorted(txn.touched)}}):
                self._versions[str(row["_id"])] = int(row["version"])
