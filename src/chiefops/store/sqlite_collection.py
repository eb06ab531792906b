"""One collection on SQLite: batch writes on the writer thread, compiled queries on the readers.

Writes go through `sqlite_writes` (validated, serialised, applied in one transaction with exact
inserted/updated/unchanged counts); a unique-index conflict is explained after the rollback by
finding the offending value in the batch or the table. Reads compile the filter language
(`sql_filters`) and query plans (`sql_aggregate`) and validate documents with
`model_validate_json` on the reader thread.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

import orjson
from pydantic import ValidationError

from chiefops.models.base import Record
from chiefops.models.registry import CollectionSpec
from chiefops.store.base import (
    Filter,
    InvalidQuery,
    M,
    QueryPlan,
    Row,
    SortSpec,
    UniqueViolation,
    WriteResult,
)
from chiefops.store.documents import KeyValue, UpsertKey, invalid_document, upsert_key
from chiefops.store.filters import parse_filter
from chiefops.store.paths import ModelPaths
from chiefops.store.plan import resolve_plan
from chiefops.store.rows import pick, project
from chiefops.store.sql_aggregate import compile_plan, decode_rows
from chiefops.store.sql_filters import SqlFilterCompiler, quote, sql_value
from chiefops.store.sqlite_engine import SQLiteEngine, WriteContext
from chiefops.store.sqlite_schema import TableSchema
from chiefops.store.sqlite_search import fts_query
from chiefops.store.sqlite_set import InPlaceSet, plan_in_place, set_in_place
from chiefops.store.sqlite_sides import SideWriter
from chiefops.store.sqlite_writes import LOOKUP, BatchWriter, Prepared, UniqueFailed, chunked, prepare
from chiefops.store.updates import apply_update, parse_update

T = TypeVar("T")

_INLINE = 64  # batches up to this size are prepared on the loop; larger ones in a worker thread


def _limit(name: str, limit: int | None, skip: int) -> dict[str, int]:
    if limit is not None and limit < 1:
        raise InvalidQuery(f"{name}: limit must be at least 1 (or None for no limit), got {limit}")
    if skip < 0:
        raise InvalidQuery(f"{name}: skip must be at least 0, got {skip}")
    return {"lim": -1 if limit is None else limit, "skip": skip}


class SQLiteCollection(Generic[M]):
    """`Collection` over one table of the SQLite store."""

    def __init__(self, spec: CollectionSpec, schema: TableSchema, engine: SQLiteEngine) -> None:
        self._spec = spec
        self._schema = schema
        self._engine = engine
        self._paths = ModelPaths(spec.name, spec.model)
        self._table = quote(spec.name)

    @property
    def name(self) -> str:
        return self._spec.name

    @property
    def spec(self) -> CollectionSpec:
        return self._spec

    # --- writes ---------------------------------------------------------------------------------

    async def _apply(self, docs: Sequence[M | Mapping[str, Any]], keyer: UpsertKey | None) -> WriteResult:
        """Prepare a batch (off the loop when large), then write it in one transaction."""

        def run() -> list[list[Prepared]]:
            return list(chunked(prepare(self._spec, docs, keyer)))

        chunks = run() if len(docs) <= _INLINE else await asyncio.to_thread(run)
        if not chunks:
            return WriteResult()

        def job(ctx: WriteContext) -> WriteResult:
            writer = BatchWriter(self._spec, self._schema, ctx)
            return writer.upsert(chunks) if keyer else writer.insert(chunks)

        return await self._write(job)

    async def insert_many(self, docs: Sequence[M | Mapping[str, Any]]) -> WriteResult:
        return await self._apply(docs, None)

    async def upsert_many(
        self, docs: Sequence[M | Mapping[str, Any]], *, key: str | Sequence[str] | None = None
    ) -> WriteResult:
        return await self._apply(docs, upsert_key(self._spec, self._paths, key))

    async def _write(self, job: Callable[[WriteContext], T]) -> T:
        try:
            return await self._engine.write(job)
        except UniqueFailed as failed:
            raise await self._explain_unique(failed) from None

    async def _explain_unique(self, failed: UniqueFailed) -> UniqueViolation:
        paths = [c for c in failed.columns if c in self._schema.generated]
        values = [
            (tuple(sql_value(pick(orjson.loads(js), p.split("."))) for p in paths), target)
            for js, target in failed.written
        ]
        twice = _first_repeat([v for v, _ in values])
        culprit = twice or (await self._existing(paths, values) if paths else None)
        shown = ", ".join(f"{p}={v!r}" for p, v in zip(paths, culprit or (), strict=False)) or ", ".join(
            failed.columns
        )
        where = "two documents of this batch share" if twice else "a document already exists with"
        return UniqueViolation(
            f"{self.name}: {where} {shown} (unique index on {', '.join(failed.columns)}); "
            "nothing from this batch was written",
            details={"collection": self.name, "fields": list(failed.columns), "value": list(culprit or ())},
        )

    async def _existing(self, paths: list[str], values: list[tuple[KeyValue, int | None]]) -> KeyValue | None:
        """The first batch value that a stored document (other than the one it replaces) already holds."""
        exprs = ", ".join(quote(self._schema.generated[p]) for p in paths)
        row = "(" + ", ".join("?" * len(paths)) + ")"

        def run(conn: sqlite3.Connection) -> dict[KeyValue, int]:
            holders: dict[KeyValue, int] = {}
            for start in range(0, len(values), LOOKUP):
                part = values[start : start + LOOKUP]
                sql = f"SELECT id, {exprs} FROM {self._table} WHERE ({exprs}) IN (VALUES {', '.join([row] * len(part))})"
                for row_id, *kv in conn.execute(sql, [v for value, _ in part for v in value]):
                    holders[tuple(kv)] = row_id
            return holders

        holders = await self._engine.read(run)
        return next((v for v, target in values if v in holders and holders[v] != target), None)

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
        in_place = plan_in_place(self._spec, self._schema, ops)
        if in_place is not None:
            return await self._set_in_place(filter, in_place)
        sql, params = self._select("t.id, t.doc", filter)
        model = self._spec.model

        def job(ctx: WriteContext) -> int:
            changes: list[tuple[str, int]] = []
            for index, (row_id, doc) in enumerate(ctx.conn.execute(sql, params).fetchall()):
                new = apply_update(orjson.loads(doc), ops, collection=self.name)
                try:
                    js = model.model_validate(new).model_dump_json()
                except ValidationError as error:
                    raise invalid_document(self._spec, index, new, error) from None
                if js != doc:
                    changes.append((js, row_id))
            return BatchWriter(self._spec, self._schema, ctx).replace(changes)

        return await self._write(job)

    async def _set_in_place(self, filter: Filter, plan: list[InPlaceSet]) -> int:
        ids_sql, params = self._select("t.id", filter)

        def job(ctx: WriteContext) -> int:
            count = set_in_place(ctx.conn, self.name, plan, ids_sql=ids_sql, params=params)
            if count:
                ctx.bump(self.name)
            return count

        return await self._write(job)

    async def delete_many(self, filter: Filter) -> int:
        sql, params = self._select("t.id", filter)

        sides = SideWriter(self._schema)

        def job(ctx: WriteContext) -> int:
            if sides.is_needed:
                sides.remove(ctx.conn, sql, params)
            count = ctx.conn.execute(f"DELETE FROM {self._table} WHERE id IN ({sql})", params).rowcount
            if count:
                ctx.bump(self.name)
            return count

        return await self._write(job)

    # --- reads ----------------------------------------------------------------------------------

    def _where(self, filter: Filter | None) -> tuple[SqlFilterCompiler, str]:
        compiler = SqlFilterCompiler(self._schema.columns)
        return compiler, compiler.where(parse_filter(self._paths, filter))

    def _select(self, columns: str, filter: Filter | None) -> tuple[str, dict[str, object]]:
        compiler, where = self._where(filter)
        return f"SELECT {columns} FROM {self._table} AS t WHERE {where}", compiler.params

    def _page(
        self, filter: Filter | None, sort: SortSpec | None, limit: int | None, skip: int
    ) -> tuple[str, dict[str, object]]:
        compiler, where = self._where(filter)
        order = compiler.order_by(self._paths, sort)
        params = compiler.params | _limit(self.name, limit, skip)
        return (
            f"SELECT t.doc FROM {self._table} AS t WHERE {where} ORDER BY {order} LIMIT :lim OFFSET :skip",
            params,
        )

    async def find(
        self,
        filter: Filter | None = None,
        *,
        sort: SortSpec | None = None,
        limit: int | None = None,
        skip: int = 0,
    ) -> list[M]:
        sql, params = self._page(filter, sort, limit, skip)
        model = self._spec.model

        def run(conn: sqlite3.Connection) -> list[Record]:
            return [model.model_validate_json(doc) for (doc,) in conn.execute(sql, params)]

        docs = await self._engine.read(run)
        return docs  # type: ignore[return-value]  # the spec's model is M

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
        for field in fields:
            self._paths.resolve(field)
        sql, params = self._page(filter, sort, limit, skip)
        paths = self._paths

        def run(conn: sqlite3.Connection) -> list[Row]:
            return [project(orjson.loads(doc), fields, paths) for (doc,) in conn.execute(sql, params)]

        return await self._engine.read(run)

    async def iterate(self, filter: Filter | None = None, *, batch_size: int = 1000) -> AsyncIterator[M]:
        if batch_size < 1:
            raise InvalidQuery(f"{self.name}: batch_size must be at least 1, got {batch_size}")
        compiler, where = self._where(filter)
        sql = f"SELECT t.id, t.doc FROM {self._table} AS t WHERE ({where}) AND t.id > :after ORDER BY t.id LIMIT :lim"
        model = self._spec.model
        after = 0
        while True:
            bound = {**compiler.params, "after": after, "lim": batch_size}

            def run(conn: sqlite3.Connection, bound: dict[str, object] = bound) -> list[tuple[int, str]]:
                return conn.execute(sql, bound).fetchall()

            rows = await self._engine.read(run)
            for _, doc in rows:
                yield model.model_validate_json(doc)  # type: ignore[misc]  # the spec's model is M
            if len(rows) < batch_size:
                return
            after = rows[-1][0]

    async def count(self, filter: Filter | None = None) -> int:
        sql, params = self._select("count(*)", filter)
        result: int = await self._engine.read(lambda c: c.execute(sql, params).fetchone()[0])
        return result

    async def aggregate(self, plan: QueryPlan) -> list[Row]:
        resolved = resolve_plan(self._paths, plan)
        sql, params = compile_plan(resolved, self._schema)
        rows = await self._engine.read(lambda c: c.execute(sql, params).fetchall())
        return decode_rows(resolved, rows)

    async def search(self, text: str, *, filter: Filter | None = None, limit: int = 20) -> list[M]:
        fts = self._schema.fts_table
        if fts is None:
            owner = "the knowledge index" if self._spec.text_owner == "knowledge" else "nothing"
            raise InvalidQuery(
                f"{self.name} has no store-owned text index; its text is searched through {owner}",
                details={"collection": self.name},
            )
        query = fts_query(text)
        if query is None:
            return []
        compiler, where = self._where(filter)
        table = quote(fts)
        sql = (
            f"SELECT t.doc FROM {table} JOIN {self._table} AS t ON t.id = {table}.rowid "
            f"WHERE {table} MATCH :q AND {where} ORDER BY {table}.rank, t.id LIMIT :lim"
        )
        params = compiler.params | {"q": query} | _limit(self.name, limit, 0)
        model = self._spec.model

        def run(conn: sqlite3.Connection) -> list[Record]:
            return [model.model_validate_json(doc) for (doc,) in conn.execute(sql, params)]

        docs = await self._engine.read(run)
        return docs  # type: ignore[return-value]  # the spec's model is M


def _first_repeat(values: Sequence[KeyValue]) -> KeyValue | None:
    """The first complete value that occurs twice."""
    seen: set[KeyValue] = set()
    for value in values:
        if None in value:
            continue
        if value in seen:
            return value
        seen.add(value)
    return None
