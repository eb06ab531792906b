"""The SQLite schema derived from the collection registry, and its idempotent sync.

For collection `c` (spec 01 §3):

- table `c(id INTEGER PRIMARY KEY, doc TEXT NOT NULL, "<path>" AS (json_extract(doc, '$."<path>"')) …)`
  with one VIRTUAL generated column per scalar path that an index or the store's text index names;
- scalar indexes `ix__c__<index name>` over those columns (seed order and directions; `UNIQUE` when
  unique; `WHERE col IS NOT NULL` when sparse);
- per array named by an index, a side table `c__<array path>(doc_id, <element columns>,
  <companion scalar columns>)`: one row per element (`value` for arrays of scalars, the sub-field
  names for arrays of objects), plus the other scalar fields of that compound index; kept in step by
  triggers on every insert and update, rows removed by `ON DELETE CASCADE`;
- the store-owned text index (names, titles) as an external-content FTS5 table `c__fts` over the
  generated columns, kept in step by triggers; a knowledge-owned text index creates nothing.

`sync_schema` creates what is missing, rebuilds anything whose definition changed (backfilling side
tables and FTS) and drops our objects the registry no longer names.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from chiefops.models.registry import CollectionSpec, IndexSpec
from chiefops.store.base import StoreError
from chiefops.store.paths import ModelPaths
from chiefops.store.sql_filters import SqlColumns, json_path, quote

Migration = Callable[[sqlite3.Connection], None]
"""A data migration run inside the writer's transaction; `migrations[i]` brings version i to i+1."""

META_TABLE = "_chiefops_meta"
VERSIONS_TABLE = "_chiefops_versions"
_RESERVED = frozenset({"id", "doc", "doc_id"})


def literal(text: str) -> str:
    """A SQL string literal, for the few places SQL cannot bind (DDL): quotes doubled."""
    return "'" + text.replace("'", "''") + "'"


def _extract(src: str, segments: Sequence[str]) -> str:
    return f"json_extract({src}, {literal(json_path(segments))})"


@dataclass(frozen=True)
class SideTable:
    name: str
    root: tuple[str, ...]
    elements: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Column → sub-path inside each element (`()` for the element itself)."""
    companions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Column → path of a scalar field of the document repeated on each row."""


@dataclass(frozen=True)
class TableSchema:
    """Every SQL object of one collection, as `CREATE` statements keyed by object name."""

    collection: str
    generated: dict[str, str]
    sides: dict[str, SideTable]
    side_columns: dict[str, tuple[str, str]]
    indexes: dict[str, str]
    fts_fields: tuple[str, ...]
    full_indexes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Main-table indexes without a WHERE clause → their columns (candidates for covering scans)."""

    @property
    def columns(self) -> SqlColumns:
        return SqlColumns(self.collection, self.generated, self.side_columns)

    @property
    def fts_table(self) -> str | None:
        return f"{self.collection}__fts" if self.fts_fields else None

    def table_sql(self) -> str:
        cols = ["id INTEGER PRIMARY KEY", "doc TEXT NOT NULL"]
        cols += [
            f"{quote(c)} AS ({_extract('doc', p.split('.'))}) VIRTUAL" for p, c in self.generated.items()
        ]
        return f"CREATE TABLE {quote(self.collection)} ({', '.join(cols)})"

    def side_sql(self, side: SideTable) -> str:
        cols = ["doc_id INTEGER NOT NULL"]
        cols += [quote(c) for c in (*side.elements, *side.companions)]
        return f"CREATE TABLE {quote(side.name)} ({', '.join(cols)})"

    def side_fill(self, side: SideTable, *, row: str) -> str:
        """`INSERT … SELECT` of the side rows of every document of the table (aliased `row`): the
        backfill of a rebuilt side table. The writer computes the same rows in Python (`sqlite_sides`)."""
        names = ["doc_id", *(quote(c) for c in (*side.elements, *side.companions))]
        exprs = [f"{row}.id"]
        exprs += ["e.value" if not sub else _extract("e.value", sub) for sub in side.elements.values()]
        exprs += [_extract(f"{row}.doc", p) for p in side.companions.values()]
        source = (
            f"{quote(self.collection)} AS {row}, json_each({row}.doc, {literal(json_path(side.root))}) AS e"
        )
        where = " WHERE e.type = 'object'" if any(side.elements.values()) else ""
        return f"INSERT INTO {quote(side.name)} ({', '.join(names)}) SELECT {', '.join(exprs)} FROM {source}{where}"

    def triggers(self) -> dict[str, str]:
        table = quote(self.collection)
        out: dict[str, str] = {}
        fts = self.fts_table
        if fts is not None:
            cols = ", ".join(quote(self.generated[f]) for f in self.fts_fields)
            new = ", ".join(f"NEW.{quote(self.generated[f])}" for f in self.fts_fields)
            old = ", ".join(f"OLD.{quote(self.generated[f])}" for f in self.fts_fields)
            add = f"INSERT INTO {quote(fts)} (rowid, {cols}) VALUES (NEW.id, {new})"
            drop = f"INSERT INTO {quote(fts)} ({quote(fts)}, rowid, {cols}) VALUES ('delete', OLD.id, {old})"
            out[f"{fts}__ai"] = (
                f"CREATE TRIGGER {quote(fts + '__ai')} AFTER INSERT ON {table} BEGIN {add}; END"
            )
            out[f"{fts}__ad"] = (
                f"CREATE TRIGGER {quote(fts + '__ad')} AFTER DELETE ON {table} BEGIN {drop}; END"
            )
            out[f"{fts}__au"] = (
                f"CREATE TRIGGER {quote(fts + '__au')} AFTER UPDATE OF doc ON {table} BEGIN {drop}; {add}; END"
            )
        return out

    def fts_sql(self) -> str | None:
        fts = self.fts_table
        if fts is None:
            return None
        cols = ", ".join(quote(self.generated[f]) for f in self.fts_fields)
        return (
            f"CREATE VIRTUAL TABLE {quote(fts)} USING fts5({cols}, content={literal(self.collection)}, "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
        )


def build_schema(spec: CollectionSpec, paths: ModelPaths) -> TableSchema:
    """Map every index of `spec` as spec 01 §3 says; raise `StoreError` for an unmappable index."""
    builder = _Builder(spec, paths)
    for index in spec.indexes:
        if index.text:
            builder.text(index)
        else:
            builder.index(index)
    return TableSchema(
        collection=spec.name,
        generated=builder.generated,
        sides=builder.sides,
        side_columns=builder.side_columns,
        indexes=builder.indexes,
        fts_fields=builder.fts_fields,
        full_indexes=builder.full_indexes,
    )


class _Builder:
    def __init__(self, spec: CollectionSpec, paths: ModelPaths) -> None:
        self.spec = spec
        self.paths = paths
        self.generated: dict[str, str] = {}
        self.sides: dict[str, SideTable] = {}
        self.side_columns: dict[str, tuple[str, str]] = {}
        self.indexes: dict[str, str] = {}
        self.fts_fields: tuple[str, ...] = ()
        self.full_indexes: dict[str, tuple[str, ...]] = {}

    def _fail(self, index: IndexSpec, why: str) -> StoreError:
        return StoreError(f"{self.spec.name}: index {index.name} cannot be mapped to SQLite: {why}")

    def _column(self, path: str, index: IndexSpec) -> str:
        info = self.paths.resolve(path)
        if not info.is_plain or info.kind == "any":
            raise self._fail(index, f"{path} is not a typed scalar field")
        if path in _RESERVED:
            raise self._fail(index, f"field name {path!r} is reserved by the store")
        self.generated.setdefault(path, path)
        return path

    def text(self, index: IndexSpec) -> None:
        if self.spec.text_owner != "store":
            return
        for path in index.paths:
            self._column(path, index)
        self.fts_fields = index.paths

    def index(self, index: IndexSpec) -> None:
        name = f"ix__{self.spec.name}__{index.name}"
        if all(self.paths.resolve(p).is_plain for p in index.paths):
            columns = [(self._column(p, index), d) for p, d in index.fields]
            self.indexes[name] = _index_sql(
                name, self.spec.name, columns, unique=index.unique, sparse=index.sparse
            )
            if not index.sparse:
                self.full_indexes[name] = tuple(c for c, _ in columns)
        else:
            self._side_index(index, name)

    def _array_root(self, index: IndexSpec) -> tuple[str, ...]:
        roots: set[tuple[str, ...]] = set()
        for path in index.paths:
            info = self.paths.resolve(path)
            if info.is_plain:
                continue
            many = info.many_positions
            if len(many) != 1 or any(s.unknown for s in info.steps) or info.kind in ("any", "object"):
                raise self._fail(index, f"{path} must cross exactly one typed array and end at a scalar")
            roots.add(info.segments[: many[0] + 1])
        if len(roots) != 1:
            raise self._fail(index, "compound indexes over two different arrays are not supported")
        return roots.pop()

    def _side_index(self, index: IndexSpec, name: str) -> None:
        if index.unique:
            raise self._fail(index, "a unique index over an array is not supported")
        root = self._array_root(index)
        key = ".".join(root)
        side = self.sides.setdefault(key, SideTable(f"{self.spec.name}__{key}", root))
        columns: list[tuple[str, int]] = []
        for path, direction in index.fields:
            segments = tuple(path.split("."))
            if self.paths.resolve(path).is_plain:
                side.companions.setdefault(path, segments)
                columns.append((path, direction))
                continue
            sub = segments[len(root) :]
            column = ".".join(sub) if sub else "value"
            if column in side.companions or column in _RESERVED:
                raise self._fail(index, f"side-table column {column!r} would be ambiguous")
            side.elements.setdefault(column, sub)
            self.side_columns[path] = (side.name, column)
            columns.append((column, direction))
        self.indexes[name] = _index_sql(name, side.name, columns, unique=False, sparse=index.sparse)
        doc_index = f"ix__{side.name}__doc_id"
        self.indexes[doc_index] = _index_sql(
            doc_index, side.name, [("doc_id", 1)], unique=False, sparse=False
        )


def _index_sql(name: str, table: str, columns: list[tuple[str, int]], *, unique: bool, sparse: bool) -> str:
    cols = ", ".join(quote(c) + (" DESC" if d < 0 else "") for c, d in columns)
    where = " WHERE " + " OR ".join(f"{quote(c)} IS NOT NULL" for c, _ in columns) if sparse else ""
    return f"CREATE {'UNIQUE ' if unique else ''}INDEX {quote(name)} ON {quote(table)} ({cols}){where}"


def sync_schema(conn: sqlite3.Connection, schemas: Mapping[str, TableSchema]) -> None:
    """Bring the database in line with `schemas` (inside the caller's transaction)."""
    conn.execute(f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key TEXT PRIMARY KEY, value)")
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {VERSIONS_TABLE} (collection TEXT PRIMARY KEY, version INTEGER NOT NULL)"
    )
    for schema in schemas.values():
        _sync_collection(conn, schema)
        conn.execute(
            f"INSERT OR IGNORE INTO {VERSIONS_TABLE} (collection, version) VALUES (?, 0)",
            (schema.collection,),
        )


def refill_side_tables(conn: sqlite3.Connection, schemas: Mapping[str, TableSchema]) -> None:
    """Recompute every side table from its documents: after data migrations, whose raw SQL may have
    rewritten indexed arrays behind the writer's back."""
    for schema in schemas.values():
        for side in schema.sides.values():
            conn.execute(f"DELETE FROM {quote(side.name)}")
            conn.execute(schema.side_fill(side, row="src"))


def _master(conn: sqlite3.Connection) -> dict[str, tuple[str, str | None]]:
    rows = conn.execute("SELECT name, type, sql FROM sqlite_master").fetchall()
    return {name: (kind, sql) for name, kind, sql in rows}


def _sync_collection(conn: sqlite3.Connection, schema: TableSchema) -> None:
    master = _master(conn)
    table = quote(schema.collection)
    if schema.collection not in master:
        conn.execute(schema.table_sql())
    else:
        have = {row[1] for row in conn.execute(f"PRAGMA table_xinfo({table})")}
        for path, column in schema.generated.items():
            if column not in have:
                expr = _extract("doc", path.split("."))
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {quote(column)} AS ({expr}) VIRTUAL")
    expected: dict[str, str] = {}
    for side in schema.sides.values():
        sql = schema.side_sql(side)
        expected[side.name] = sql
        if master.get(side.name, ("", None))[1] != sql:
            conn.execute(f"DROP TABLE IF EXISTS {quote(side.name)}")
            conn.execute(sql)
            conn.execute(schema.side_fill(side, row="src"))
    fts_sql = schema.fts_sql()
    if fts_sql is not None and schema.fts_table is not None:
        expected[schema.fts_table] = fts_sql
        if master.get(schema.fts_table, ("", None))[1] != fts_sql:
            conn.execute(f"DROP TABLE IF EXISTS {quote(schema.fts_table)}")
            conn.execute(fts_sql)
            conn.execute(
                f"INSERT INTO {quote(schema.fts_table)} ({quote(schema.fts_table)}) VALUES ('rebuild')"
            )
    for name, sql in {**schema.indexes, **schema.triggers()}.items():
        expected[name] = sql
        if master.get(name, ("", None))[1] != sql:
            kind = "INDEX" if sql.startswith(("CREATE INDEX", "CREATE UNIQUE INDEX")) else "TRIGGER"
            conn.execute(f"DROP {kind} IF EXISTS {quote(name)}")
            conn.execute(sql)
    _drop_stale(conn, schema, expected)


def _drop_stale(conn: sqlite3.Connection, schema: TableSchema, expected: Mapping[str, str]) -> None:
    """Drop our objects for this collection that the registry no longer names."""
    prefixes = (f"ix__{schema.collection}__", f"{schema.collection}__")
    for name, (kind, _) in _master(conn).items():
        if name in expected or not name.startswith(prefixes) or kind not in ("table", "index", "trigger"):
            continue
        if kind == "table" and name.startswith(f"{schema.collection}__fts_"):
            continue  # FTS5 shadow tables go with their virtual table
        conn.execute(f"DROP {kind.upper()} IF EXISTS {quote(name)}")
