"""SQLite specifics: savepoints, read-your-writes inside a transaction, write ordering, closing."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.store.items import TEST_COLLECTIONS, Item, make_item

from chiefops.models.messages import Message
from chiefops.store import QueryPlan, SQLiteStore, StoreUnavailable, UniqueViolation
from chiefops.store.base import DateBucket
from chiefops.store.paths import ModelPaths
from chiefops.store.plan import resolve_plan
from chiefops.store.sql_aggregate import compile_plan


async def ids(store: SQLiteStore) -> list[str]:
    return [i.item_id for i in await store.typed(Item).find()]


async def test_a_nested_transaction_rolls_back_alone(sqlite_store: SQLiteStore) -> None:
    items = sqlite_store.typed(Item)
    async with sqlite_store.transaction():
        await items.insert_many([make_item("outer")])
        with pytest.raises(RuntimeError):
            async with sqlite_store.transaction():
                await items.insert_many([make_item("inner")])
                raise RuntimeError("undo the inner block")
        await items.insert_many([make_item("after")])
    assert await ids(sqlite_store) == ["outer", "after"]


async def test_a_failing_batch_inside_a_transaction_undoes_only_itself(sqlite_store: SQLiteStore) -> None:
    items = sqlite_store.typed(Item)
    async with sqlite_store.transaction():
        await items.insert_many([make_item("a")])
        with pytest.raises(UniqueViolation):
            await items.insert_many([make_item("b"), make_item("a")])
        await items.insert_many([make_item("c")])
    assert await ids(sqlite_store) == ["a", "c"]


async def test_reads_inside_a_transaction_see_its_writes_and_others_do_not(sqlite_store: SQLiteStore) -> None:
    items = sqlite_store.typed(Item)
    inside = asyncio.Event()
    seen_outside: list[int] = []

    async def outsider() -> None:
        await inside.wait()
        seen_outside.append(await items.count())

    async def writer() -> int:
        async with sqlite_store.transaction():
            await items.insert_many([make_item("t1")])
            inside.set()
            await task
            return await items.count()

    task = asyncio.ensure_future(outsider())
    assert await writer() == 1
    assert seen_outside == [0]


async def test_writes_from_other_tasks_wait_for_the_open_transaction(sqlite_store: SQLiteStore) -> None:
    items = sqlite_store.typed(Item)
    started = asyncio.Event()

    async def other() -> None:
        await started.wait()
        await items.insert_many([make_item("other")])

    task = asyncio.ensure_future(other())
    with pytest.raises(RuntimeError):
        async with sqlite_store.transaction():
            await items.insert_many([make_item("doomed")])
            started.set()
            assert await items.count() == 1  # the other task queues its write meanwhile
            assert not task.done()
            raise RuntimeError("roll back")
    await task
    assert await ids(sqlite_store) == ["other"]


async def test_tasks_spawned_inside_a_transaction_write_into_it(sqlite_store: SQLiteStore) -> None:
    items = sqlite_store.typed(Item)
    with pytest.raises(RuntimeError):
        async with sqlite_store.transaction():
            await asyncio.gather(items.insert_many([make_item("g1")]), items.insert_many([make_item("g2")]))
            raise RuntimeError("roll back both")
    assert await ids(sqlite_store) == []


async def test_a_closed_store_says_so(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "chiefops.db", collections=TEST_COLLECTIONS)
    await store.start()
    await store.close()
    await store.close()
    with pytest.raises(StoreUnavailable) as caught:
        await store.typed(Item).count()
    assert caught.value.message == f"SQLite store {tmp_path / 'chiefops.db'} is closed; start() it first"


async def test_ping_checks_reading_and_writing(sqlite_store: SQLiteStore) -> None:
    await sqlite_store.ping()
    blocker = sqlite3.connect(sqlite_store.path, timeout=0)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        await sqlite_store.typed(Item).count()  # readers are not blocked by a writer elsewhere
    finally:
        blocker.rollback()
        blocker.close()


def test_a_group_by_over_the_whole_collection_reads_a_covering_index() -> None:
    from chiefops.models.collections import COLLECTIONS
    from chiefops.store.sqlite_schema import build_schema

    paths = ModelPaths("messages", Message)
    schema = build_schema(COLLECTIONS["messages"], paths)
    plan = resolve_plan(paths, QueryPlan(bucket=DateBucket(field="timestamp", unit="day")))
    sql, _ = compile_plan(plan, schema)
    assert sql == (
        'SELECT substr(t."timestamp", 1, 10) AS g0, count(*) AS m0 FROM "messages" AS t '
        'INDEXED BY "ix__messages__author_1_timestamp_-1" WHERE 1 GROUP BY g0 ORDER BY g0 ASC'
    )


def test_created_at_is_spliced_or_reserialised_into_the_new_json() -> None:
    from tests.store.items import ITEMS

    from chiefops.store.sqlite_writes import with_created_at

    item = Item.model_validate(make_item("c1"))
    stamp = "2020-01-02T03:04:05.000006Z"
    spliced = with_created_at(ITEMS, item.model_dump_json(), stamp)
    reordered = '{"item_id":"c1","name":"Item c1","created_at":"2026-11-30T09:05:00.000000Z","updated_at":"2026-11-30T09:05:00.000000Z"}'
    expected = item.model_copy(
        update={"created_at": datetime(2020, 1, 2, 3, 4, 5, 6, tzinfo=UTC)}
    ).model_dump_json()
    assert (spliced, with_created_at(ITEMS, reordered, stamp)) == (expected, expected)
