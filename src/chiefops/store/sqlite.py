"""The embedded backend: one SQLite file (`<data dir>/chiefops.db`) holding every collection.

`start()` is idempotent: it creates or updates the schema from the registry (`sqlite_schema`) and
runs pending migrations, all in one transaction. The schema version lives in `_chiefops_meta`;
`migrations[i]` upgrades version i to i+1 and receives the writer connection. A fresh database gets
the current schema directly and is stamped with the latest version, so migrations only ever run on
databases written by an older release.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path

from chiefops.models.base import Record
from chiefops.models.registry import CollectionSpec
from chiefops.store.base import M, StoreError, UnknownCollection
from chiefops.store.paths import ModelPaths
from chiefops.store.sqlite_collection import SQLiteCollection
from chiefops.store.sqlite_engine import SQLiteEngine, WriteContext
from chiefops.store.sqlite_schema import (
    META_TABLE,
    Migration,
    TableSchema,
    build_schema,
    refill_side_tables,
    sync_schema,
)

DB_FILE = "chiefops.db"


class SQLiteStore:
    """`Store` on SQLite: WAL, one writer thread, pooled readers, schema from the registry."""

    backend = "sqlite"

    def __init__(
        self,
        path: Path,
        *,
        collections: Mapping[str, CollectionSpec] | None = None,
        migrations: Sequence[Migration] = (),
        readers: int = 4,
    ) -> None:
        if collections is None:
            from chiefops.models.collections import COLLECTIONS

            collections = COLLECTIONS
        self.path = path
        self._specs = dict(collections)
        self._migrations = tuple(migrations)
        self._engine = SQLiteEngine(path, readers=readers)
        self._schemas: dict[str, TableSchema] = {
            name: build_schema(spec, ModelPaths(name, spec.model)) for name, spec in self._specs.items()
        }
        self._collections: dict[str, SQLiteCollection[Record]] = {}

    @property
    def schemas(self) -> Mapping[str, TableSchema]:
        """The SQL objects each collection maps to (read by the schema tests)."""
        return self._schemas

    async def start(self) -> None:
        if not self._engine.is_open:
            await self._engine.open(self._setup)

    def _setup(self, ctx: WriteContext) -> None:
        conn = ctx.conn
        fresh = conn.execute(f"SELECT 1 FROM sqlite_master WHERE name = '{META_TABLE}'").fetchone() is None
        latest = len(self._migrations)
        version = latest
        if not fresh:
            row = conn.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'schema_version'").fetchone()
            version = int(row[0]) if row else 0
            if version > latest:
                raise StoreError(
                    f"{self.path} was written by a newer ChiefOps (schema version {version}, this one knows {latest}); "
                    "upgrade ChiefOps or use another data dir"
                )
            for migration in self._migrations[version:]:
                migration(conn)
        sync_schema(conn, self._schemas)
        if not fresh and version < latest:
            refill_side_tables(conn, self._schemas)
        conn.execute(
            f"INSERT INTO {META_TABLE} (key, value) VALUES ('schema_version', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (latest,),
        )

    async def close(self) -> None:
        await self._engine.close()

    async def ping(self) -> None:
        await self._engine.read(lambda conn: conn.execute("SELECT 1").fetchone())
        await self._engine.write(lambda ctx: None)

    def collection(self, name: str) -> SQLiteCollection[Record]:
        found = self._collections.get(name)
        if found is None:
            spec = self._specs.get(name)
            if spec is None:
                raise UnknownCollection(
                    f"no collection {name!r}; known: {', '.join(self._specs)}", details={"collection": name}
                )
            found = self._collections[name] = SQLiteCollection(spec, self._schemas[name], self._engine)
        return found

    def typed(self, model: type[M]) -> SQLiteCollection[M]:
        for spec in self._specs.values():
            if spec.model is model:
                return self.collection(spec.name)  # type: ignore[return-value]  # spec.model is M
        raise UnknownCollection(f"no collection stores {model.__name__}", details={"model": model.__name__})

    def transaction(self) -> AbstractAsyncContextManager[None]:
        return self._engine.transaction()

    async def data_version(self, collection: str) -> int:
        if collection not in self._specs:
            raise UnknownCollection(f"no collection {collection!r}", details={"collection": collection})
        return self._engine.versions.get(collection, 0)
