"""Batch writes on the SQLite writer: prepared documents in, exact counts out, all-or-nothing.

Preparation (validate, `model_dump_json`, extract the upsert key) keeps only the JSON text and the
key of each document, so validated models die young and the garbage collector stays idle. The
whole batch is prepared before the writer job starts (a validation error therefore writes nothing
and never holds the write lock); the job then applies it chunk by chunk inside one transaction,
and a unique violation rolls all of it back. (Overlapping preparation with the writer in threads
was measured: GIL hand-offs around each SQLite step made both sides slower, not faster.)

Upserts look each chunk's keys up first and then insert new documents and update changed ones by
row id; an identical stored JSON is not written. An update keeps the stored `created_at`: the
fixed-width stamp is spliced into the new JSON (re-serialising through the model when the JSON does
not start with it).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from chiefops.models.base import Record
from chiefops.models.registry import CollectionSpec
from chiefops.store.base import WriteResult
from chiefops.store.documents import KeyValue, UpsertKey, iter_models
from chiefops.store.rows import parse_utc
from chiefops.store.sql_filters import json_path, quote, sql_value
from chiefops.store.sqlite_engine import WriteContext
from chiefops.store.sqlite_schema import TableSchema, literal
from chiefops.store.sqlite_sides import SideWriter

CHUNK = 2000  # documents per prepared chunk
LOOKUP = 500  # keys per lookup statement, far under SQLite's variable limit
Key = tuple[tuple[str, ...], KeyValue]

_CREATED = '{"created_at":"'
_STAMP = 27  # len("2026-11-30T09:05:00.000000Z")


@dataclass(frozen=True, slots=True)
class Prepared:
    """One document ready for the writer: its JSON and (for upserts) its key as SQLite returns it."""

    json: str
    key: Key | None = None


def prepare(
    spec: CollectionSpec, docs: Iterable[Record | Mapping[str, Any]], keyer: UpsertKey | None
) -> Iterator[Prepared]:
    """Validate and serialise documents one at a time (models are dropped as soon as dumped)."""
    for model in iter_models(spec, docs):
        key = None
        if keyer is not None:
            paths, value = keyer.of(model)
            key = (paths, tuple(sql_value(v) for v in value))  # type: ignore[arg-type]  # JSON-form scalars
        yield Prepared(model.model_dump_json(), key)


def chunked(items: Iterator[Prepared], size: int = CHUNK) -> Iterator[list[Prepared]]:
    chunk: list[Prepared] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass
class UniqueFailed(Exception):
    """Raised inside a write job on a unique-index conflict; explained after the rollback."""

    columns: tuple[str, ...]
    written: list[tuple[str, int | None]] = field(default_factory=list)  # (json, id replaced or None)


def with_created_at(spec: CollectionSpec, js: str, created: str) -> str:
    """`js` with its `created_at` replaced by the stored stamp `created`."""
    end = len(_CREATED) + _STAMP
    if js.startswith(_CREATED) and len(js) > end and js[end] == '"' and len(created) == _STAMP:
        return js[: len(_CREATED)] + created + js[end:]
    model = spec.model.model_validate_json(js)
    return model.model_copy(update={"created_at": parse_utc(created)}).model_dump_json()


class BatchWriter:
    """Runs inside one writer job: applies chunks to one collection's table."""

    def __init__(self, spec: CollectionSpec, schema: TableSchema, ctx: WriteContext) -> None:
        self.spec = spec
        self.schema = schema
        self.conn = ctx.conn
        self.ctx = ctx
        self.table = quote(spec.name)
        self.written: list[tuple[str, int | None]] = []
        self.sides = SideWriter(schema)
        self._next_id: int | None = None

    def insert(self, chunks: Iterable[list[Prepared]]) -> WriteResult:
        inserted = 0
        for chunk in chunks:
            self._insert([p.json for p in chunk])
            inserted += len(chunk)
        if inserted:
            self.ctx.bump(self.spec.name)
        return WriteResult(inserted=inserted)

    def _insert(self, docs: list[str]) -> None:
        """New rows with ids given here (the writer holds the only write connection, so the next id
        is known), so their side rows can be written in the same job."""
        if not docs:
            return
        if self._next_id is None:
            (last,) = self.conn.execute(f"SELECT coalesce(max(id), 0) FROM {self.table}").fetchone()
            self._next_id = int(last) + 1
        first, self._next_id = self._next_id, self._next_id + len(docs)
        rows = [(first + i, js) for i, js in enumerate(docs)]
        self._execute(f"INSERT INTO {self.table} (id, doc) VALUES (?, ?)", rows, [(js, None) for js in docs])
        if self.sides.is_needed:
            self.sides.add(self.conn, rows)

    def _rewrite(self, changed: list[tuple[str, int]]) -> None:
        """New JSON for existing rows (`(json, row id)` pairs), side rows replaced."""
        if not changed:
            return
        self._execute(f"UPDATE {self.table} SET doc = ? WHERE id = ?", changed, list(changed))
        if self.sides.is_needed:
            self.sides.remove_ids(self.conn, [row_id for _, row_id in changed])
            self.sides.add(self.conn, [(row_id, js) for js, row_id in changed])

    def upsert(self, chunks: Iterable[list[Prepared]]) -> WriteResult:
        inserted = updated = unchanged = 0
        for chunk in chunks:
            found = self._lookup([p.key for p in chunk if p.key is not None])
            new: dict[Key, int] = {}
            inserts: list[str] = []
            updates: dict[int, str] = {}
            for p in chunk:
                assert p.key is not None
                js = p.json
                if p.key in found:
                    row_id, stored, created = found[p.key]
                    js = with_created_at(self.spec, js, created) if created else js
                    if js == stored:
                        unchanged += 1
                        continue
                    updates[row_id] = js
                    found[p.key] = (row_id, js, created)
                    updated += 1
                elif p.key in new:
                    unchanged += inserts[new[p.key]] == js
                    updated += inserts[new[p.key]] != js
                    inserts[new[p.key]] = js
                else:
                    new[p.key] = len(inserts)
                    inserts.append(js)
                    inserted += 1
            self._insert(inserts)
            self._rewrite([(js, i) for i, js in updates.items()])
        if inserted or updated:
            self.ctx.bump(self.spec.name)
        return WriteResult(inserted=inserted, updated=updated, unchanged=unchanged)

    def replace(self, rows: Sequence[tuple[str, int]]) -> int:
        """Write new JSON for existing row ids (update_many)."""
        self._rewrite(list(rows))
        if rows:
            self.ctx.bump(self.spec.name)
        return len(rows)

    def _key_expr(self, path: str) -> str:
        column = self.schema.generated.get(path)
        return quote(column) if column else f"json_extract(doc, {literal(json_path(path.split('.')))})"

    def _lookup(self, keys: list[Key]) -> dict[Key, tuple[int, str, str | None]]:
        """Stored (row id, JSON, created_at) of each key present; the first by row id."""
        by_paths: dict[tuple[str, ...], list[KeyValue]] = {}
        for paths, value in keys:
            by_paths.setdefault(paths, []).append(value)
        found: dict[Key, tuple[int, str, str | None]] = {}
        for paths, values in by_paths.items():
            exprs = [self._key_expr(p) for p in paths]
            unique = list(dict.fromkeys(values))
            row = "(" + ", ".join("?" * len(paths)) + ")"
            for start in range(0, len(unique), LOOKUP):
                part = unique[start : start + LOOKUP]
                test = (
                    f"{exprs[0]} IN ({', '.join('?' * len(part))})"
                    if len(paths) == 1
                    else f"({', '.join(exprs)}) IN (VALUES {', '.join([row] * len(part))})"
                )
                sql = (
                    f"SELECT id, doc, json_extract(doc, '$.created_at'), {', '.join(exprs)} "
                    f"FROM {self.table} WHERE {test} ORDER BY id"
                )
                for row_id, doc, created, *kv in self.conn.execute(sql, [v for value in part for v in value]):
                    found.setdefault((paths, tuple(kv)), (row_id, doc, created))
        return found

    def _execute(
        self, sql: str, rows: Sequence[tuple[Any, ...]], written: list[tuple[str, int | None]]
    ) -> None:
        if not rows:
            return
        try:
            self.conn.executemany(sql, rows)
        except sqlite3.IntegrityError as error:
            match = re.search(r"UNIQUE constraint failed: (.+)$", str(error))
            if match is None:
                raise
            columns = tuple(part.strip().split(".", 1)[-1] for part in match.group(1).split(","))
            raise UniqueFailed(columns, [*self.written, *written]) from error
        self.written.extend(written)
