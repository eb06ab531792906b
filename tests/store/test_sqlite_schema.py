"""The SQLite schema maps every registry index as spec 01 §3 says, stays in step, and migrates.

Expectations are derived here from the registry and the models' annotations (independently of the
store's own path resolver), then checked against `sqlite_master` and the PRAGMAs.
"""

from __future__ import annotations

import sqlite3
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from tests.store.items import T0, TEST_COLLECTIONS, Item, make_item

from chiefops.models.collections import COLLECTIONS
from chiefops.models.people import Person
from chiefops.models.registry import CollectionSpec, IndexSpec, idx
from chiefops.store import SQLiteStore, StoreError, StoreUnavailable


def _is_list(annotation: Any) -> tuple[bool, Any]:
    """Whether an annotation is a list (after Optional), and the type inside."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, __import__("types").UnionType) and len(args) == 1:
        return _is_list(args[0])
    if typing.get_origin(annotation) is list:
        return True, typing.get_args(annotation)[0]
    return False, annotation


def crosses_array(model: type[BaseModel], path: str) -> bool:
    current: Any = model
    for name in path.split("."):
        many, inner = _is_list(current.model_fields[name].annotation)
        if many:
            return True
        current = (
            next((a for a in typing.get_args(inner) if isinstance(a, type)), inner)
            if typing.get_args(inner)
            else inner
        )
    return False


@pytest.fixture(scope="module")
def fresh_db(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    import asyncio

    path = tmp_path_factory.mktemp("schema") / "chiefops.db"
    store = SQLiteStore(path)
    asyncio.run(store.start())
    asyncio.run(store.close())
    return sqlite3.connect(path)


def master(conn: sqlite3.Connection) -> dict[str, tuple[str, str, str | None]]:
    return {
        name: (kind, table, sql)
        for kind, name, table, sql in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
    }


def index_columns(conn: sqlite3.Connection, name: str) -> list[tuple[str, int]]:
    rows = conn.execute(f'PRAGMA index_xinfo("{name}")').fetchall()
    return [(row[2], row[3]) for row in rows if row[5] == 1]  # (column, desc) of key columns


def registry_indexes() -> list[tuple[CollectionSpec, IndexSpec]]:
    return [(spec, index) for spec in COLLECTIONS.values() for index in spec.indexes]


def test_every_collection_is_a_table_with_id_and_doc(fresh_db: sqlite3.Connection) -> None:
    objects = master(fresh_db)
    for name in COLLECTIONS:
        assert objects[name][0] == "table", name
        columns = [row[1] for row in fresh_db.execute(f'PRAGMA table_xinfo("{name}")')][:2]
        assert columns == ["id", "doc"], name


@pytest.mark.parametrize(("spec", "index"), registry_indexes(), ids=lambda v: getattr(v, "name", ""))
def test_every_registry_index_is_mapped(
    fresh_db: sqlite3.Connection, spec: CollectionSpec, index: IndexSpec
) -> None:
    objects = master(fresh_db)
    table_sql = objects[spec.name][2] or ""
    if index.text:
        fts = objects.get(f"{spec.name}__fts")
        if spec.text_owner == "knowledge":
            assert fts is None
            return
        assert fts is not None and "USING fts5" in (fts[2] or "")
        for path in index.paths:
            assert f'"{path}" AS (json_extract(doc, \'$."{path}"\')) VIRTUAL' in table_sql
        return
    name = f"ix__{spec.name}__{index.name}"
    kind, table, sql = objects[name]
    arrays = [p for p in index.paths if crosses_array(spec.model, p)]
    if not arrays:
        assert (kind, table) == ("index", spec.name)
        assert index_columns(fresh_db, name) == [(p, int(d < 0)) for p, d in index.fields]
        for path in index.paths:
            assert f'"{path}" AS (json_extract(doc, \'$."{path}"\')) VIRTUAL' in table_sql
    else:
        root = arrays[0].split(".")[0]
        assert table == f"{spec.name}__{root}"
        assert objects[table][0] == "table"
        assert not {f"{table}__ai", f"{table}__au"} & objects.keys()  # the writer fills it, not triggers
    assert (sql or "").startswith("CREATE UNIQUE INDEX" if index.unique else "CREATE INDEX")
    assert (sql or "").endswith(" IS NOT NULL") == index.sparse


def test_array_side_table_columns_follow_the_index(fresh_db: sqlite3.Connection) -> None:
    def columns(table: str) -> list[str]:
        return [row[1] for row in fresh_db.execute(f'PRAGMA table_info("{table}")')]

    assert columns("people__source_ids") == ["doc_id", "source", "source_id"]
    assert columns("people__projects") == ["doc_id", "value"]
    assert columns("tasks__assignees") == ["doc_id", "value", "status"]
    assert index_columns(fresh_db, "ix__people__source_ids.source_1_source_ids.source_id_1") == [
        ("source", 0),
        ("source_id", 0),
    ]


def test_database_runs_in_wal_mode(fresh_db: sqlite3.Connection) -> None:
    assert fresh_db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


async def test_side_tables_and_fts_stay_in_step_with_writes(sqlite_store: SQLiteStore) -> None:
    people = sqlite_store.typed(Person)
    base = {"role": "dev", "last_active_date": T0, "created_at": T0, "updated_at": T0}
    await people.insert_many([
        {"person_id": "p1", "name": "Ada Lovelace", "projects": ["a", "b"], "source_ids": [{"source": "slack", "source_id": "U1"}], **base},
        {"person_id": "p2", "name": "Alan Turing", "projects": ["b"], **base},
    ])  # fmt: skip
    await people.update_many({"person_id": "p1"}, set={"projects": ["c"], "name": "Grace Hopper"})
    await people.delete_many({"person_id": "p2"})
    conn = sqlite3.connect(sqlite_store.path)
    assert conn.execute('SELECT doc_id, value FROM "people__projects" ORDER BY value').fetchall() == [
        (1, "c")
    ]
    assert conn.execute('SELECT doc_id, source, source_id FROM "people__source_ids"').fetchall() == [
        (1, "slack", "U1")
    ]
    conn.execute("INSERT INTO people__fts(people__fts) VALUES ('integrity-check')")  # raises when out of step
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    assert [p.person_id for p in await people.search("grac")] == ["p1"]
    assert await people.search("ada") == []
    assert await people.search("alan") == []


async def test_search_ranks_closer_matches_first(sqlite_store: SQLiteStore) -> None:
    items = sqlite_store.typed(Item)
    await items.insert_many([
        make_item("long", name="alpha beta gamma delta epsilon zeta", note="eta theta iota"),
        make_item("short", name="alpha"),
    ])  # fmt: skip
    assert [i.item_id for i in await items.search("alpha")] == ["short", "long"]


async def test_start_is_idempotent_and_reopening_changes_no_schema(tmp_path: Path) -> None:
    path = tmp_path / "chiefops.db"
    store = SQLiteStore(path, collections=TEST_COLLECTIONS)
    await store.start()
    await store.start()
    await store.close()
    before = master(sqlite3.connect(path))
    again = SQLiteStore(path, collections=TEST_COLLECTIONS)
    await again.start()
    await again.close()
    assert master(sqlite3.connect(path)) == before


async def test_a_new_array_index_is_backfilled_on_start(tmp_path: Path) -> None:
    path = tmp_path / "chiefops.db"
    bare = {"items": CollectionSpec(name="items", model=Item, id_field="item_id")}
    store = SQLiteStore(path, collections=bare)
    await store.start()
    await store.typed(Item).insert_many([make_item("a", tags=["x", "y"]), make_item("b", tags=["y"])])
    await store.close()
    indexed = {
        "items": CollectionSpec(name="items", model=Item, id_field="item_id", indexes=(idx(("tags", 1)),))
    }
    store = SQLiteStore(path, collections=indexed)
    await store.start()
    try:
        assert [i.item_id for i in await store.typed(Item).find({"tags": "y"})] == ["a", "b"]
        rows = (
            sqlite3.connect(path)
            .execute('SELECT doc_id, value FROM "items__tags" ORDER BY doc_id, value')
            .fetchall()
        )
        assert rows == [(1, "x"), (1, "y"), (2, "y")]
    finally:
        await store.close()


async def test_migrations_run_once_on_an_older_database(tmp_path: Path) -> None:
    path = tmp_path / "chiefops.db"
    ran: list[str] = []
    store = SQLiteStore(path, collections=TEST_COLLECTIONS, migrations=[lambda c: ran.append("v1")])
    await store.start()
    await store.close()
    assert ran == []  # a fresh database is created at the latest version

    def rename(conn: sqlite3.Connection) -> None:
        ran.append("v2")
        conn.execute("UPDATE items SET doc = json_set(doc, '$.name', 'migrated')")

    store = SQLiteStore(path, collections=TEST_COLLECTIONS, migrations=[lambda c: ran.append("v1"), rename])
    await store.start()
    await store.typed(Item).insert_many([make_item("m1")])
    await store.close()
    store = SQLiteStore(path, collections=TEST_COLLECTIONS, migrations=[lambda c: ran.append("v1"), rename])
    await store.start()
    await store.close()
    assert ran == ["v2"]
    version = (
        sqlite3.connect(path)
        .execute("SELECT value FROM _chiefops_meta WHERE key = 'schema_version'")
        .fetchone()
    )
    assert version == (2,)


async def test_a_database_from_a_newer_release_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "chiefops.db"
    store = SQLiteStore(path, collections=TEST_COLLECTIONS, migrations=[lambda c: None])
    await store.start()
    await store.close()
    older = SQLiteStore(path, collections=TEST_COLLECTIONS)
    with pytest.raises(StoreError) as caught:
        await older.start()
    assert "schema version 1, this one knows 0" in caught.value.message
    with pytest.raises(StoreUnavailable):
        await older.typed(Item).count()


async def test_side_tables_follow_a_data_migration_that_rewrites_an_indexed_array(tmp_path: Path) -> None:
    """Side tables are filled by the writer, not triggers, so a migration's raw SQL must not leave
    them stale: they are recomputed after migrations run."""
    path = tmp_path / "chiefops.db"
    store = SQLiteStore(path, collections=TEST_COLLECTIONS)
    await store.start()
    await store.typed(Item).insert_many([make_item("a", tags=["x"])])
    await store.close()

    def retag(conn: sqlite3.Connection) -> None:
        conn.execute("""UPDATE items SET doc = json_set(doc, '$.tags', json('["y", "z"]'))""")

    store = SQLiteStore(path, collections=TEST_COLLECTIONS, migrations=[retag])
    await store.start()
    try:
        assert [i.item_id for i in await store.typed(Item).find({"tags": "y"})] == ["a"]
        assert await store.typed(Item).find({"tags": "x"}) == []
    finally:
        await store.close()
