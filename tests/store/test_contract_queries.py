"""Backend contract, part 2: every filter operator, aggregate variants and search, on every backend."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from tests.store.items import T0, Item, Status, make_item

from chiefops.store import DateBucket, InvalidQuery, Metric, QueryPlan, Store, UnknownOperator

DOCS = [
    make_item(
        "i1", name="Alpha", status="open", score=3, ratio=0.5, flag=True, due_at=T0, tags=["x", "y"],
        parts=[{"code": "p", "qty": 1}], meta={"code": "m"}, extra={"a": 1, "b": "x"}, note="first one",
        values=[True, "x"],
    ),
    make_item(
        "i2", name="Beta", status="closed", ratio=1.5, due_at=T0 + timedelta(days=1), tags=["y"],
        parts=[{"code": "q"}, {"code": "p", "qty": 2}], extra={"a": "1", "b": ["x", "z"]}, values=[1, {"k": 1}],
    ),
    make_item("i3", name="Gamma", status="blocked", score=1, note="third alpha"),
    make_item(
        "i4", name="Delta", status="open", score=2, ratio=2.5, flag=True, due_at=T0 + timedelta(days=8),
        tags=["z"], parts=[{"code": "r"}], extra={"a": True, "b": {"k": 1}}, due_on=date(2026, 12, 1),
    ),
]  # fmt: skip

FILTER_CASES: list[tuple[dict[str, Any], list[str]]] = [
    ({"status": "open"}, ["i1", "i4"]),
    ({"status": Status.CLOSED}, ["i2"]),
    ({"tags": "y"}, ["i1", "i2"]),
    ({"score": None}, ["i2"]),
    ({"meta": None}, ["i2", "i3", "i4"]),
    ({"meta.qty": None}, ["i1", "i2", "i3", "i4"]),
    ({"parts.qty": None}, ["i2", "i4"]),
    ({"score": {"$ne": 3}}, ["i2", "i3", "i4"]),
    ({"score": {"$ne": None}}, ["i1", "i3", "i4"]),
    ({"tags": {"$ne": "y"}}, ["i3", "i4"]),
    ({"score": {"$in": [1, None]}}, ["i2", "i3"]),
    ({"tags": {"$in": []}}, []),
    ({"status": {"$nin": ["open", "closed"]}}, ["i3"]),
    ({"tags": {"$nin": []}}, ["i1", "i2", "i3", "i4"]),
    ({"score": {"$gt": 1}}, ["i1", "i4"]),
    ({"score": {"$gte": 2}}, ["i1", "i4"]),
    ({"score": {"$lt": 2}}, ["i3"]),
    ({"score": {"$lte": 1}}, ["i3"]),
    ({"ratio": {"$gt": 0.5, "$lt": 2.5}}, ["i2"]),
    ({"name": {"$gte": "Beta", "$lt": "Delta"}}, ["i2"]),
    ({"due_at": {"$gte": date(2026, 12, 1)}}, ["i2", "i4"]),
    ({"due_at": {"$lt": T0 + timedelta(hours=1)}}, ["i1"]),
    ({"due_at": {"$gt": "2026-12-05T00:00:00Z"}}, ["i4"]),
    ({"due_on": date(2026, 12, 1)}, ["i4"]),
    ({"flag": True}, ["i1", "i4"]),
    ({"flag": {"$ne": True}}, ["i2", "i3"]),
    ({"parts.code": "p"}, ["i1", "i2"]),
    ({"parts.code": "p", "parts.qty": 2}, ["i2"]),
    ({"parts.qty": {"$gte": 1}}, ["i1", "i2"]),
    ({"extra.a": 1}, ["i1"]),
    ({"extra.a": "1"}, ["i2"]),
    ({"extra.a": True}, ["i4"]),
    ({"extra.a": {"$gt": 0}}, ["i1"]),
    ({"extra.b": "x"}, ["i1", "i2"]),
    ({"extra.b.k": 1}, ["i4"]),
    ({"extra.a": {"$exists": True}}, ["i1", "i2", "i4"]),
    ({"extra.a": {"$exists": False}}, ["i3"]),
    ({"note": {"$exists": True}}, ["i1", "i2", "i3", "i4"]),
    ({"extra.missing": None}, ["i1", "i2", "i3", "i4"]),
    ({"values": 1}, ["i2"]),
    ({"values": True}, ["i1"]),
    ({"values": {"$gt": 0}}, ["i2"]),
    ({"values.k": 1}, ["i2"]),
    ({"values": None}, []),
    ({"$or": [{"status": "blocked"}, {"tags": "z"}]}, ["i3", "i4"]),
    ({"$and": [{"flag": False}, {"$or": [{"score": None}, {"score": 1}]}]}, ["i2", "i3"]),
]


@pytest.fixture
async def loaded(store: Store) -> Store:
    await store.typed(Item).insert_many(DOCS)
    await store.collection("plain_items").insert_many(DOCS)
    return store


@pytest.mark.parametrize(("flt", "expected"), FILTER_CASES, ids=[str(f) for f, _ in FILTER_CASES])
async def test_filter_operator(loaded: Store, flt: dict[str, Any], expected: list[str]) -> None:
    indexed = [i.item_id for i in await loaded.typed(Item).find(flt)]
    plain = [
        r["item_id"] for r in await loaded.collection("plain_items").find_fields(flt, fields=["item_id"])
    ]
    assert (indexed, plain) == (expected, expected)


async def test_unknown_operator_names_collection_field_and_operator(loaded: Store) -> None:
    with pytest.raises(UnknownOperator) as caught:
        await loaded.typed(Item).find({"name": {"$regex": "^A"}})
    assert caught.value.message == (
        "items: unknown operator '$regex' on name; supported: $exists, $gt, $gte, $in, $lt, $lte, $ne, $nin"
    )
    assert caught.value.details == {"collection": "items", "field": "name", "operator": "$regex"}


async def test_unknown_top_level_operator_is_refused(loaded: Store) -> None:
    with pytest.raises(UnknownOperator) as caught:
        await loaded.typed(Item).count({"$where": "1"})
    assert caught.value.message == "items: unknown operator '$where' at the top level; supported: $and, $or"


async def test_a_value_of_the_wrong_type_is_refused(loaded: Store) -> None:
    with pytest.raises(InvalidQuery) as caught:
        await loaded.typed(Item).find({"score": "3"})
    assert caught.value.message == "items: score holds numbers; $eq value '3' (strings) can never match it"


def plan_rows_cases() -> list[tuple[QueryPlan, list[dict[str, Any]]]]:
    count = Metric(op="count")
    return [
        (
            QueryPlan(group_by=("status",)),
            [
                {"status": "blocked", "count": 1},
                {"status": "closed", "count": 1},
                {"status": "open", "count": 2},
            ],
        ),
        (
            QueryPlan(unwind=("tags",), group_by=("tags",)),
            [{"tags": "x", "count": 1}, {"tags": "y", "count": 2}, {"tags": "z", "count": 1}],
        ),
        (
            QueryPlan(bucket=DateBucket(field="due_at", unit="day")),
            [
                {"bucket": None, "count": 1},
                {"bucket": "2026-11-30", "count": 1},
                {"bucket": "2026-12-01", "count": 1},
                {"bucket": "2026-12-08", "count": 1},
            ],
        ),
        (
            QueryPlan(bucket=DateBucket(field="due_at", unit="week", name="week")),
            [
                {"week": None, "count": 1},
                {"week": "2026-11-30", "count": 2},
                {"week": "2026-12-07", "count": 1},
            ],
        ),
        (
            QueryPlan(bucket=DateBucket(field="due_at", unit="month")),
            [
                {"bucket": None, "count": 1},
                {"bucket": "2026-11", "count": 1},
                {"bucket": "2026-12", "count": 2},
            ],
        ),
        (
            QueryPlan(
                group_by=("flag",),
                metrics=(
                    count,
                    Metric(op="count_distinct", field="status"),
                    Metric(op="sum", field="score"),
                    Metric(op="avg", field="ratio"),
                    Metric(op="min", field="due_at"),
                    Metric(op="max", field="name", name="last_name"),
                ),
            ),
            [
                {
                    "flag": False,
                    "count": 2,
                    "count_distinct_status": 2,
                    "sum_score": 1,
                    "avg_ratio": 0.75,
                    "min_due_at": T0 + timedelta(days=1),
                    "last_name": "Gamma",
                },
                {
                    "flag": True,
                    "count": 2,
                    "count_distinct_status": 1,
                    "sum_score": 5,
                    "avg_ratio": 1.5,
                    "min_due_at": T0,
                    "last_name": "Delta",
                },
            ],
        ),
        (QueryPlan(group_by=("status",), sort=(("count", -1),), limit=1), [{"status": "open", "count": 2}]),
        (
            QueryPlan(
                match={"item_id": "none"},
                metrics=(count, Metric(op="sum", field="score"), Metric(op="avg", field="ratio")),
            ),
            [{"count": 0, "sum_score": 0, "avg_ratio": None}],
        ),
        (
            QueryPlan(match={"score": {"$ne": None}}, group_by=("status",), split_by="flag"),
            [{"status": "blocked", "flag": False, "count": 1}, {"status": "open", "flag": True, "count": 2}],
        ),
        (
            QueryPlan(
                unwind=("parts",),
                group_by=("parts.code",),
                metrics=(count, Metric(op="sum", field="parts.qty")),
            ),
            [
                {"parts.code": "p", "count": 2, "sum_parts_qty": 3},
                {"parts.code": "q", "count": 1, "sum_parts_qty": 0},
                {"parts.code": "r", "count": 1, "sum_parts_qty": 0},
            ],
        ),
        (
            QueryPlan(
                bucket=DateBucket(field="due_on", unit="week"), metrics=(Metric(op="max", field="due_on"),)
            ),
            [{"bucket": None, "max_due_on": None}, {"bucket": "2026-11-30", "max_due_on": date(2026, 12, 1)}],
        ),
    ]


@pytest.mark.parametrize(("plan", "expected"), plan_rows_cases(), ids=lambda v: "")
async def test_aggregate(loaded: Store, plan: QueryPlan, expected: list[dict[str, Any]]) -> None:
    assert await loaded.typed(Item).aggregate(plan) == expected
    assert await loaded.collection("plain_items").aggregate(plan) == expected


async def test_aggregate_refuses_grouping_inside_an_array_that_is_not_unwound(loaded: Store) -> None:
    with pytest.raises(InvalidQuery) as caught:
        await loaded.typed(Item).aggregate(QueryPlan(group_by=("parts.code",)))
    assert (
        caught.value.message
        == "items: group_by 'parts.code' is inside the array 'parts'; add 'parts' to unwind"
    )


async def test_search_matches_every_term_with_a_prefix_on_the_last(loaded: Store) -> None:
    items = loaded.typed(Item)
    assert sorted(i.item_id for i in await items.search("alp")) == ["i1", "i3"]
    assert [i.item_id for i in await items.search("third alp")] == ["i3"]
    assert [i.item_id for i in await items.search("alpha", filter={"flag": True})] == ["i1"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NEAR(alpha", []),
        ('"alpha', ["i1", "i3"]),
        ("alpha*", ["i1", "i3"]),
        ("- OR AND", []),
        ("(", []),
        ("", []),
    ],
)
async def test_search_treats_query_syntax_as_plain_text(
    loaded: Store, text: str, expected: list[str]
) -> None:
    assert sorted(i.item_id for i in await loaded.typed(Item).search(text)) == expected


async def test_search_on_knowledge_owned_text_is_refused(loaded: Store) -> None:
    with pytest.raises(InvalidQuery) as caught:
        await loaded.collection("messages").search("hello")
    assert caught.value.details == {"collection": "messages"}
