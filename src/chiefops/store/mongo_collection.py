"""One MongoDB collection (see `mongo.py` for what is verified how).

Writes validate through the model first, refuse a batch that would duplicate a unique field (checked
against the batch and the database, so a standalone server without transactions is not left with
half a batch in the common case), then run one ordered bulk write; `upsert_many` replaces by key with
`upsert=True` so a retry completes an interrupted batch. Updates are applied in Python
(`updates.apply_update`) and re-validated, exactly as on SQLite.
"""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Awaitable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pymongo import ReplaceOne
from pymongo.errors import BulkWriteError, DuplicateKeyError, PyMongoError

from chiefops.models.registry import CollectionSpec
from chiefops.store.base import (
    Filter,
    InvalidQuery,
    M,
    QueryPlan,
    Row,
    SortSpec,
    StoreUnavailable,
    UniqueViolation,
    WriteResult,
)
from chiefops.store.documents import upsert_key, validate_docs
from chiefops.store.filters import parse_filter
from chiefops.store.mongo_compile import (
    compile_filter,
    compile_pipeline,
    compile_search,
    compile_sort,
    plan_rows,
    search_score,
    to_bson,
)
from chiefops.store.paths import ModelPaths
from chiefops.store.plan import resolve_plan
from chiefops.store.rows import pick, project
from chiefops.store.updates import apply_update, parse_update

if TYPE_CHECKING:
    from chiefops.store.mongo import MongoStore

T = TypeVar("T")
Doc = dict[str, Any]


def unavailable(error: PyMongoError) -> StoreUnavailable:
    return StoreUnavailable(
        f"MongoDB cannot be used: {error}; check CHIEFOPS_MONGODB_URI and that the server is up",
        details={"error": type(error).__name__},
    )


class MongoCollection(Generic[M]):
    """`Collection` over one MongoDB collection."""

    def __init__(self, spec: CollectionSpec, store: MongoStore) -> None:
        self._spec = spec
        self._store = store
        self._paths = ModelPaths(spec.name, spec.model)
        self._unique = [ix.paths[0] for ix in spec.indexes if ix.unique and len(ix.paths) == 1]

    @property
    def name(self) -> str:
        return self._spec.name

    @property
    def spec(self) -> CollectionSpec:
        return self._spec

    @property
    def _coll(self) -> Any:
        return self._store.db[self._spec.name]

    def _filter(self, filter: Filter | None) -> Doc:
        return compile_filter(parse_filter(self._paths, filter))

    async def _check_unique(self, docs: Sequence[tuple[Doc, Any]]) -> None:
        """Refuse a batch that would duplicate a unique field (`docs`: (document, _id it replaces))."""
        for path in self._unique:
            seen: dict[Any, Any] = {}
            for doc, target in docs:
                value = pick(doc, path.split("."))
                if value is None:
                    continue
                if value in seen:
                    raise self._violation(path, value, twice=True)
                seen[value] = target
            if not seen:
                continue
            async for row in self._coll.find(
                {path: {"$in": list(seen)}}, {path: 1}, session=self._store.session()
            ):
                value = pick(row, path.split("."))
                if seen.get(value, row["_id"]) != row["_id"]:
                    raise self._violation(path, value)

    def _violation(self, path: str, value: Any, *, twice: bool = False) -> UniqueViolation:
        where = "two documents of this batch share" if twice else "a document already exists with"
        return UniqueViolation(
            f"{self.name}: {where} {path}={value!r} (unique index on {path}); nothing from this batch was written",
            details={"collection": self.name, "fields": [path], "value": [value]},
        )

    async def _run(self, action: Awaitable[T]) -> T:
        try:
            return await action
        except (BulkWriteError, DuplicateKeyError) as error:
            details = error.details or {}
            first = (details.get("writeErrors") or [details])[0]
            key = first.get("keyValue") or {}
            path, value = next(iter(key.items()), ("?", None))
            raise self._violation(str(path), value) from error
        except PyMongoError as error:
            raise unavailable(error) from error

    async def insert_many(self, docs: Sequence[M | Mapping[str, Any]]) -> WriteResult:
        bson = [to_bson(m) for m in validate_docs(self._spec, docs)]
        if not bson:
            return WriteResult()
        await self._check_unique([(d, None) for d in bson])
        await self._run(self._coll.insert_many(bson, ordered=True, session=self._store.session()))
        await self._store.bumped(self.name)
        return WriteResult(inserted=len(bson))

    async def upsert_many(
        self, docs: Sequence[M | Mapping[str, Any]], *, key: str | Sequence[str] | None = None
    ) -> WriteResult:
        keyer = upsert_key(self._spec, self._paths, key)
        batch: list[tuple[tuple[Any, ...], Doc, Doc]] = []  # (key, key filter, document)
        for model in validate_docs(self._spec, docs):
            doc = to_bson(model)
            match = {p: pick(doc, p.split(".")) for p in keyer.of(model)[0]}
            batch.append(((tuple(match), tuple(match.values())), match, doc))
        current = await self._stored(list({k: m for k, m, _ in batch}.values()))
        final: dict[tuple[Any, ...], tuple[Doc, Doc, Any]] = {}  # key → (filter, document, replaced _id)
        inserted = updated = unchanged = 0
        for ident, match, doc in batch:
            old = current.get(ident)
            if old is not None:
                doc["created_at"] = old.get("created_at", doc.get("created_at"))
                if {k: v for k, v in old.items() if k != "_id"} == doc:
                    unchanged += 1
                    continue
            updated += old is not None
            inserted += old is None
            current[ident] = {"_id": old.get("_id") if old else None, **doc}
            final[ident] = (match, doc, old.get("_id") if old else None)
        if final:
            await self._check_unique([(doc, target) for _, doc, target in final.values()])
            ops = [ReplaceOne(match, doc, upsert=True) for match, doc, _ in final.values()]
            await self._run(self._coll.bulk_write(ops, ordered=True, session=self._store.session()))
            await self._store.bumped(self.name)
        return WriteResult(inserted=inserted, updated=updated, unchanged=unchanged)

    async def _stored(self, matches: list[Doc]) -> dict[tuple[Any, ...], Doc]:
        """Stored documents by key (the first by `_id` when a key is not unique)."""
        wanted: dict[tuple[str, ...], set[tuple[Any, ...]]] = {}
        for match in matches:
            wanted.setdefault(tuple(match), set()).add(tuple(match.values()))
        found: dict[tuple[Any, ...], Doc] = {}
        for start in range(0, len(matches), 500):
            chunk = matches[start : start + 500]
            async for row in self._coll.find({"$or": chunk}, session=self._store.session()).sort("_id", 1):
                for paths, values in wanted.items():
                    value = tuple(pick(row, p.split(".")) for p in paths)
                    if value in values:
                        found.setdefault((paths, value), row)
        return found

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
        ops = parse_update(self._paths, set=set, unset=unset, inc=inc, push=push, pull=pull)
        writes: list[ReplaceOne[Doc]] = []
        targets: list[tuple[Doc, Any]] = []
        for old in await self._coll.find(self._filter(filter), session=self._store.session()).to_list():
            ident = old.pop("_id")
            new = to_bson(
                validate_docs(self._spec, [apply_update(copy.deepcopy(old), ops, collection=self.name)])[0]
            )
            if new != old:
                writes.append(ReplaceOne({"_id": ident}, new))
                targets.append((new, ident))
        if writes:
            await self._check_unique(targets)
            await self._run(self._coll.bulk_write(writes, ordered=True, session=self._store.session()))
            await self._store.bumped(self.name)
        return len(writes)

    async def delete_many(self, filter: Filter) -> int:
        result = await self._run(self._coll.delete_many(self._filter(filter), session=self._store.session()))
        if result.deleted_count:
            await self._store.bumped(self.name)
        return int(result.deleted_count)

    def _cursor(self, filter: Filter | None, sort: SortSpec | None, limit: int | None, skip: int) -> Any:
        if limit is not None and limit < 1:
            raise InvalidQuery(f"{self.name}: limit must be at least 1 (or None for no limit), got {limit}")
        if skip < 0:
            raise InvalidQuery(f"{self.name}: skip must be at least 0, got {skip}")
        cursor = self._coll.find(self._filter(filter), session=self._store.session())
        return cursor.sort(compile_sort(self._paths, sort)).skip(skip).limit(limit or 0)

    def _model(self, doc: Doc) -> M:
        doc.pop("_id", None)
        return self._spec.model.model_validate(doc)  # type: ignore[return-value]  # the spec's model is M

    async def find(
        self,
        filter: Filter | None = None,
        *,
        sort: SortSpec | None = None,
        limit: int | None = None,
        skip: int = 0,
    ) -> list[M]:
        rows = await self._run(self._cursor(filter, sort, limit, skip).to_list())
        return [self._model(row) for row in rows]

    async def find_one(self, filter: Filter | None = None, *, sort: SortSpec | None = None) -> M | None:
        found = await self.find(filter, sort=sort, limit=1)
        return found[0] if found else None

    async def find_fields(
        self,
        filter: Filter | None = None,
        *,
        fields: Sequence[str],
        sort: SortSpec | None = None,
        limit: int | None = None,
        skip: int = 0,
    ) -> list[Row]:
        for f in fields:
            self._paths.resolve(f)
        rows = await self._run(self._cursor(filter, sort, limit, skip).to_list())
        return [project(row, fields, self._paths) for row in rows]

    async def iterate(self, filter: Filter | None = None, *, batch_size: int = 1000) -> AsyncIterator[M]:
        if batch_size < 1:
            raise InvalidQuery(f"{self.name}: batch_size must be at least 1, got {batch_size}")
        cursor = self._coll.find(self._filter(filter), session=self._store.session()).sort("_id", 1)
        async for row in cursor.batch_size(batch_size):
            yield self._model(row)

    async def count(self, filter: Filter | None = None) -> int:
        return int(
            await self._run(self._coll.count_documents(self._filter(filter), session=self._store.session()))
        )

    async def aggregate(self, plan: QueryPlan) -> list[Row]:
        resolved = resolve_plan(self._paths, plan)
        cursor = await self._run(
            self._coll.aggregate(compile_pipeline(resolved), session=self._store.session())
        )
        return plan_rows(resolved, await cursor.to_list())

    async def search(self, text: str, *, filter: Filter | None = None, limit: int = 20) -> list[M]:
        index = self._spec.text_index
        if index is None or self._spec.text_owner != "store":
            raise InvalidQuery(
                f"{self.name} has no store-owned text index", details={"collection": self.name}
            )
        query = compile_search(index.paths, text)
        if query is None:
            return []
        combined = {"$and": [query, self._filter(filter)]}
        rows = await self._run(
            self._coll.find(combined, session=self._store.session())
            .sort("_id", 1)
            .limit(max(200, limit * 10))
            .to_list()
        )
        rows.sort(key=lambda row: -search_score(row, index.paths, text))
        return [self._model(row) for row in rows[:limit]]
