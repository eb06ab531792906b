"""Backend contract, part 1: writes, reads, errors, transactions, persistence, data versions.

Every test runs on SQLite and, when CHIEFOPS_TEST_MONGODB_URI is set, on MongoDB (spec 01 §3).
Queries (every filter operator, aggregates, search) are in test_contract_queries.py.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.store.conftest import Backend
from tests.store.items import T0, Item, Part, Status, make_item

from chiefops.models.settings import Setting
from chiefops.store import (
    InvalidDocument,
    InvalidQuery,
    Store,
    UniqueViolation,
    UnknownCollection,
    WriteResult,
)


async def ids(store: Store, flt: dict[str, object] | None = None) -> list[str]:
    return [doc.item_id for doc in await store.typed(Item).find(flt)]


async def test_inserted_documents_come_back_as_equal_models(store: Store) -> None:
    docs = [make_item("a1", tags=["x"], due_at=T0), make_item("a2", status="closed", extra={"k": [1, "two"]})]
    result = await store.typed(Item).insert_many(docs)
    assert result == WriteResult(inserted=2)
    assert await store.typed(Item).find() == [Item.model_validate(d) for d in docs]


async def test_models_are_accepted_as_they_are(store: Store) -> None:
    item = Item.model_validate(make_item("m1", score=4))
    await store.typed(Item).insert_many([item])
    assert await store.typed(Item).find_one({"item_id": "m1"}) == item


async def test_upsert_reports_inserted_updated_and_unchanged(store: Store) -> None:
    items = store.typed(Item)
    assert await items.upsert_many([make_item("u1"), make_item("u2")]) == WriteResult(inserted=2)
    assert await items.upsert_many([make_item("u1"), make_item("u2")]) == WriteResult(unchanged=2)
    changed = await items.upsert_many([make_item("u1", score=9), make_item("u2"), make_item("u3")])
    assert changed == WriteResult(inserted=1, updated=1, unchanged=1)
    assert [(i.item_id, i.score) for i in await items.find()] == [("u1", 9), ("u2", None), ("u3", None)]


async def test_identical_reupsert_changes_nothing_not_even_the_data_version(store: Store) -> None:
    items = store.typed(Item)
    await items.upsert_many([make_item("v1")])
    before = await store.data_version("items")
    assert await items.upsert_many([make_item("v1")]) == WriteResult(unchanged=1)
    assert await store.data_version("items") == before


async def test_upsert_keeps_the_stored_created_at(store: Store) -> None:
    items = store.typed(Item)
    await items.upsert_many([make_item("c1")])
    later = T0 + timedelta(days=3)
    result = await items.upsert_many([make_item("c1", name="Renamed", created_at=later, updated_at=later)])
    assert result == WriteResult(updated=1)
    stored = await items.find_one({"item_id": "c1"})
    assert stored is not None
    assert (stored.name, stored.created_at, stored.updated_at) == ("Renamed", T0, later)


async def test_upsert_matches_by_natural_key_and_falls_back_to_the_id(store: Store) -> None:
    items = store.typed(Item)
    await items.upsert_many([make_item("k1", natural_key="src:1"), make_item("k2")])
    result = await items.upsert_many(
        [make_item("k1-new-id", natural_key="src:1", score=1), make_item("k2", score=2)]
    )
    assert result == WriteResult(updated=2)
    assert [(i.item_id, i.natural_key, i.score) for i in await items.find()] == [
        ("k1-new-id", "src:1", 1),
        ("k2", None, 2),
    ]


async def test_upsert_with_an_explicit_key(store: Store) -> None:
    items = store.typed(Item)
    await items.insert_many([make_item("e1", name="Alpha")])
    result = await items.upsert_many([make_item("e1", name="Alpha", score=5)], key="name")
    assert result == WriteResult(updated=1)
    assert [(i.item_id, i.score) for i in await items.find()] == [("e1", 5)]


async def test_the_same_key_twice_in_one_batch_keeps_the_last(store: Store) -> None:
    items = store.typed(Item)
    result = await items.upsert_many(
        [make_item("d1", score=1), make_item("d1", score=2), make_item("d1", score=2)]
    )
    assert result == WriteResult(inserted=1, updated=1, unchanged=1)
    assert [(i.item_id, i.score) for i in await items.find()] == [("d1", 2)]


async def test_find_sorts_skips_and_limits(store: Store) -> None:
    items = store.typed(Item)
    await items.insert_many([make_item(f"s{n}", score=n % 3, name=f"N{n}") for n in range(6)])
    found = await items.find(sort=[("score", -1), ("name", 1)], skip=1, limit=3)
    assert [i.item_id for i in found] == ["s5", "s1", "s4"]
    assert [i.item_id for i in await items.find({"score": 0})] == ["s0", "s3"]


async def test_find_one_returns_none_when_nothing_matches(store: Store) -> None:
    assert await store.typed(Item).find_one({"item_id": "nope"}) is None


async def test_find_fields_projects_rows_with_typed_values(store: Store) -> None:
    items = store.typed(Item)
    await items.insert_many(
        [make_item("f1", due_at=T0, flag=True, parts=[{"code": "p", "qty": 1}, {"code": "q"}])]
    )
    rows = await items.find_fields(
        {}, fields=["item_id", "due_at", "flag", "parts.code", "parts.qty", "meta.code", "extra.x"]
    )
    assert rows == [
        {
            "item_id": "f1",
            "due_at": T0,
            "flag": True,
            "parts.code": ["p", "q"],
            "parts.qty": [1, None],
            "meta.code": None,
            "extra.x": None,
        }
    ]


async def test_iterate_streams_every_match_in_insertion_order(store: Store) -> None:
    items = store.typed(Item)
    await items.insert_many([make_item(f"t{n}", flag=n % 2 == 0) for n in range(7)])
    streamed = [i.item_id async for i in items.iterate({"flag": True}, batch_size=2)]
    assert streamed == ["t0", "t2", "t4", "t6"]


async def test_count_counts_matches(store: Store) -> None:
    items = store.typed(Item)
    await items.insert_many([make_item(f"n{n}", tags=["x"] * (n % 2)) for n in range(5)])
    assert (await items.count(), await items.count({"tags": "x"})) == (5, 2)


async def test_update_many_applies_every_operator(store: Store) -> None:
    items = store.typed(Item)
    await items.insert_many(
        [make_item("w1", score=1, tags=["a", "b", "a"], note="x"), make_item("w2", score=5)]
    )
    changed = await items.update_many(
        {"item_id": "w1"},
        set={"status": Status.BLOCKED, "meta.code": "m", "due_at": T0},
        unset=["note"],
        inc={"score": 2},
        push={"tags": {"$each": ["c", "a"]}},
    )
    assert changed == 1
    assert await items.update_many({"item_id": "w1"}, pull={"tags": "a"}) == 1
    stored = await items.find_one({"item_id": "w1"})
    assert stored is not None
    assert (stored.status, stored.meta, stored.due_at, stored.note, stored.score, stored.tags) == (
        Status.BLOCKED,
        Part(code="m"),
        T0,
        None,
        3,
        ["b", "c"],
    )


async def test_update_many_counts_only_documents_that_changed(store: Store) -> None:
    items = store.typed(Item)
    await items.insert_many([make_item("x1", score=1), make_item("x2", score=2)])
    before = await store.data_version("items")
    assert await items.update_many({}, set={"score": 2}) == 1
    assert await items.update_many({}, set={"score": 2}) == 0
    assert await store.data_version("items") == before + 1


async def test_update_that_breaks_the_model_raises_and_changes_nothing(store: Store) -> None:
    items = store.typed(Item)
    await items.insert_many([make_item("b1"), make_item("b2")])
    with pytest.raises(InvalidDocument) as caught:
        await items.update_many({}, set={"name": ""})
    assert caught.value.details["field"] == "name"
    assert [i.name for i in await items.find()] == ["Item b1", "Item b2"]


async def test_delete_many_removes_matches(store: Store) -> None:
    items = store.typed(Item)
    await items.insert_many([make_item(f"r{n}", flag=n < 2) for n in range(4)])
    assert await items.delete_many({"flag": True}) == 2
    assert await ids(store) == ["r2", "r3"]
    assert await items.delete_many({"flag": True}) == 0


async def test_duplicate_unique_key_raises_and_writes_nothing_from_the_batch(store: Store) -> None:
    items = store.typed(Item)
    await items.insert_many([make_item("i1")])
    with pytest.raises(UniqueViolation) as caught:
        await items.insert_many([make_item("n1"), make_item("i1")])
    assert caught.value.message == (
        "items: a document already exists with item_id='i1' (unique index on item_id); "
        "nothing from this batch was written"
    )
    assert await ids(store) == ["i1"]


async def test_duplicate_inside_one_batch_raises_and_writes_nothing(store: Store) -> None:
    with pytest.raises(UniqueViolation) as caught:
        await store.typed(Item).insert_many([make_item("d1"), make_item("d2"), make_item("d1")])
    assert caught.value.message == (
        "items: two documents of this batch share item_id='d1' (unique index on item_id); "
        "nothing from this batch was written"
    )
    assert caught.value.details == {"collection": "items", "fields": ["item_id"], "value": ["d1"]}
    assert await ids(store) == []


async def test_upsert_colliding_on_another_unique_field_raises(store: Store) -> None:
    items = store.typed(Item)
    await items.insert_many([make_item("a", natural_key="k:a"), make_item("b", natural_key="k:b")])
    with pytest.raises(UniqueViolation) as caught:
        await items.upsert_many(
            [make_item("c", natural_key="k:c"), make_item("b", natural_key="k:a")], key="item_id"
        )
    assert caught.value.details["value"] == ["k:a"]
    assert [(i.item_id, i.natural_key) for i in await items.find()] == [("a", "k:a"), ("b", "k:b")]


async def test_invalid_document_raises_and_writes_nothing_from_the_batch(store: Store) -> None:
    with pytest.raises(InvalidDocument) as caught:
        await store.typed(Item).upsert_many([make_item("v1"), make_item("v2", name="")])
    assert caught.value.message == (
        "items: document #1 (item_id='v2') is invalid: name: String should have at least 1 character (got ''); "
        "nothing from this batch was written"
    )
    assert await ids(store) == []


async def test_unknown_collection_is_a_clear_error(store: Store) -> None:
    with pytest.raises(UnknownCollection):
        store.collection("nonexistent")
    with pytest.raises(InvalidQuery):
        await store.typed(Item).find({"colour": "red"})


async def test_transaction_commits_writes_to_two_collections_together(store: Store) -> None:
    async with store.transaction():
        await store.typed(Item).insert_many([make_item("t1")])
        await store.typed(Setting).upsert_many(
            [Setting(key="theme", value="dark", created_at=T0, updated_at=T0)]
        )
    assert await ids(store) == ["t1"]
    assert [s.value for s in await store.typed(Setting).find()] == ["dark"]


async def test_transaction_rolls_back_both_collections_on_error(store: Store) -> None:
    if getattr(store, "_replica", True) is False:
        pytest.skip("MongoDB server is not a replica set: transactions cannot roll back there")
    items_before = await store.data_version("items")
    with pytest.raises(RuntimeError):
        async with store.transaction():
            await store.typed(Item).insert_many([make_item("t1")])
            await store.typed(Setting).upsert_many(
                [Setting(key="theme", value="dark", created_at=T0, updated_at=T0)]
            )
            raise RuntimeError("boom")
    assert (await ids(store), await store.typed(Setting).count()) == ([], 0)
    assert await store.data_version("items") == items_before


async def test_data_survives_close_and_reopen(backend: Backend) -> None:
    first = backend.make()
    await first.start()
    await first.typed(Item).insert_many([make_item("p1", due_at=T0, tags=["x"])])
    version = await first.data_version("items")
    await first.close()
    second = backend.make()
    await second.start()
    try:
        assert [i.item_id for i in await second.typed(Item).find({"tags": "x"})] == ["p1"]
        assert await second.data_version("items") == version == 1
    finally:
        await second.close()


async def test_data_version_rises_on_every_changing_write(store: Store) -> None:
    items = store.typed(Item)
    seen = [await store.data_version("items")]
    await items.insert_many([make_item("v1")])
    seen.append(await store.data_version("items"))
    await items.upsert_many([make_item("v1", score=1)])
    seen.append(await store.data_version("items"))
    await items.update_many({"item_id": "v1"}, set={"score": 1})
    seen.append(await store.data_version("items"))
    await items.delete_many({"item_id": "v1"})
    seen.append(await store.data_version("items"))
    await items.delete_many({"item_id": "v1"})
    seen.append(await store.data_version("items"))
    assert seen == [0, 1, 2, 2, 3, 3]
    assert await store.data_version("people") == 0
