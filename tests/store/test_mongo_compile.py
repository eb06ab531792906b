"""Golden tests of the MongoDB compilers (no server here): input → the exact query / pipeline sent."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from tests.store.items import T0, Item, Status, make_item

from chiefops.models.collections import COLLECTIONS
from chiefops.store import DateBucket, InvalidQuery, Metric, QueryPlan
from chiefops.store.filters import parse_filter
from chiefops.store.mongo import index_models
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

PATHS = ModelPaths("items", Item)

FILTERS: list[tuple[dict[str, Any], dict[str, Any]]] = [
    ({}, {}),
    ({"status": Status.OPEN}, {"status": "open"}),
    ({"due_at": date(2026, 12, 1)}, {"due_at": datetime(2026, 12, 1, tzinfo=UTC)}),
    (
        {"due_at": {"$gt": "2026-12-05T00:00:00+01:00"}},
        {"due_at": {"$gt": datetime(2026, 12, 4, 23, 0, tzinfo=UTC)}},
    ),
    (
        {"due_at": datetime(2026, 11, 30, 9, 5, 1, 123456, tzinfo=UTC)},
        {"due_at": datetime(2026, 11, 30, 9, 5, 1, 123000, tzinfo=UTC)},
    ),
    ({"due_on": date(2026, 12, 1)}, {"due_on": "2026-12-01"}),
    ({"score": {"$gt": 1, "$lt": 5}}, {"$and": [{"score": {"$gt": 1}}, {"score": {"$lt": 5}}]}),
    ({"tags": "x", "flag": True, "name": {"$ne": "a"}}, {"tags": "x", "flag": True, "name": {"$ne": "a"}}),
    (
        {"$or": [{"score": None}, {"score": {"$in": [1, 2.5]}}]},
        {"$or": [{"score": None}, {"score": {"$in": [1, 2.5]}}]},
    ),
    (
        {"parts.code": {"$nin": ["p"]}, "extra.a": {"$exists": False}},
        {"parts.code": {"$nin": ["p"]}, "extra.a": {"$exists": False}},
    ),
    ({"extra.when": T0}, {"extra.when": T0}),
    ({"$and": [{"flag": False}, {"score": {"$lte": 3}}]}, {"flag": False, "score": {"$lte": 3}}),
]


@pytest.mark.parametrize(("flt", "expected"), FILTERS, ids=[str(f) for f, _ in FILTERS])
def test_filter_compiles_to_the_exact_query(flt: dict[str, Any], expected: dict[str, Any]) -> None:
    assert compile_filter(parse_filter(PATHS, flt)) == expected


def test_sort_ends_with_the_insertion_order_tie_breaker() -> None:
    assert compile_sort(PATHS, [("score", -1), ("name", 1)]) == [("score", -1), ("name", 1), ("_id", 1)]
    with pytest.raises(InvalidQuery) as caught:
        compile_sort(PATHS, [("tags", 1)])
    assert (
        caught.value.message
        == "items: cannot sort by 'tags': sorting needs a typed scalar field outside arrays"
    )


COUNT = Metric(op="count")
FULL_PLAN = QueryPlan(
    match={"flag": True},
    unwind=("parts",),
    group_by=("parts.code",),
    bucket=DateBucket(field="due_at", unit="week"),
    metrics=(COUNT, Metric(op="count_distinct", field="status"), Metric(op="avg", field="parts.qty")),
    sort=(("count", -1),),
    limit=5,
)

PIPELINES: list[tuple[QueryPlan, list[dict[str, Any]]]] = [
    (
        QueryPlan(group_by=("status",)),
        [
            {"$group": {"_id": {"g0": {"$ifNull": ["$status", None]}}, "m0": {"$sum": 1}}},
            {"$sort": {"_id.g0": 1}},
        ],
    ),
    (
        FULL_PLAN,
        [
            {"$match": {"flag": True}},
            {"$unwind": "$parts"},
            {
                "$group": {
                    "_id": {
                        "g0": {"$ifNull": ["$parts.code", None]},
                        "g1": {
                            "$dateToString": {
                                "format": "%Y-%m-%d",
                                "date": {
                                    "$dateTrunc": {"date": "$due_at", "unit": "week", "startOfWeek": "monday"}
                                },
                            }
                        },
                    },
                    "m0": {"$sum": 1},
                    "m1": {"$addToSet": "$status"},
                    "m2": {"$avg": "$parts.qty"},
                }
            },
            {"$set": {"m1": {"$size": {"$filter": {"input": "$m1", "cond": {"$ne": ["$$this", None]}}}}}},
            {"$sort": {"m0": -1, "_id.g0": 1, "_id.g1": 1}},
            {"$limit": 5},
        ],
    ),
    (
        QueryPlan(metrics=(Metric(op="sum", field="score"),)),
        [{"$group": {"_id": None, "m0": {"$sum": "$score"}}}],
    ),
    (
        QueryPlan(
            unwind=("parts", "parts.tags"),
            bucket=DateBucket(field="due_on", unit="month", name="month"),
            metrics=(Metric(op="max", field="due_on"),),
        ),
        [
            {"$unwind": "$parts"},
            {"$unwind": "$parts.tags"},
            {
                "$group": {
                    "_id": {
                        "g0": {
                            "$dateToString": {
                                "format": "%Y-%m",
                                "date": {
                                    "$dateFromString": {
                                        "dateString": "$due_on",
                                        "format": "%Y-%m-%d",
                                        "onNull": None,
                                    }
                                },
                            }
                        }
                    },
                    "m0": {"$max": "$due_on"},
                }
            },
            {"$sort": {"_id.g0": 1}},
        ],
    ),
]


@pytest.mark.parametrize(("plan", "expected"), PIPELINES, ids=lambda v: "")
def test_plan_compiles_to_the_exact_pipeline(plan: QueryPlan, expected: list[dict[str, Any]]) -> None:
    assert compile_pipeline(resolve_plan(PATHS, plan)) == expected


def test_pipeline_output_becomes_named_typed_rows() -> None:
    raw = [
        {"_id": {"g0": "p", "g1": "2026-11-30"}, "m0": 2, "m1": 1, "m2": 1.5},
        {"_id": {"g0": None, "g1": None}, "m0": 1, "m1": 1, "m2": None},
    ]
    assert plan_rows(resolve_plan(PATHS, FULL_PLAN), raw) == [
        {
            "parts.code": "p",
            "bucket": "2026-11-30",
            "count": 2,
            "count_distinct_status": 1,
            "avg_parts_qty": 1.5,
        },
        {"parts.code": None, "bucket": None, "count": 1, "count_distinct_status": 1, "avg_parts_qty": None},
    ]
    dated = resolve_plan(PATHS, QueryPlan(group_by=("flag",), metrics=(Metric(op="min", field="due_on"),)))
    assert plan_rows(dated, [{"_id": {"g0": True}, "m0": "2026-12-01"}]) == [
        {"flag": True, "min_due_on": date(2026, 12, 1)}
    ]


def test_a_plan_without_keys_over_nothing_gives_one_zero_row() -> None:
    plan = QueryPlan(
        metrics=(
            COUNT,
            Metric(op="sum", field="score"),
            Metric(op="max", field="due_at"),
            Metric(op="count_distinct", field="name"),
        )
    )
    assert plan_rows(resolve_plan(PATHS, plan), []) == [
        {"count": 0, "sum_score": 0, "max_due_at": None, "count_distinct_name": 0}
    ]


def test_search_compiles_every_term_to_a_word_prefix_regex() -> None:
    assert compile_search(("name", "email"), "ada lov") == {
        "$and": [
            {
                "$or": [
                    {"name": {"$regex": r"(^|\W)ada(\W|$)", "$options": "i"}},
                    {"email": {"$regex": r"(^|\W)ada(\W|$)", "$options": "i"}},
                ]
            },
            {
                "$or": [
                    {"name": {"$regex": r"(^|\W)lov", "$options": "i"}},
                    {"email": {"$regex": r"(^|\W)lov", "$options": "i"}},
                ]
            },
        ]
    }
    assert compile_search(("name",), "NEAR(x") == {
        "$or": [{"name": {"$regex": r"(^|\W)NEAR\W+x", "$options": "i"}}]
    }
    assert compile_search(("name",), "- ( *") is None


def test_search_score_prefers_matches_in_the_name() -> None:
    doc = {"name": "Ada Lovelace", "email": "ada@example.com"}
    assert (search_score(doc, ("name", "email"), "ada"), search_score(doc, ("name", "email"), "example")) == (
        3,
        1,
    )


def test_registry_indexes_become_index_models() -> None:
    documents = [m.document for m in index_models(COLLECTIONS["people"])]
    summary = [
        (d["name"], list(d["key"].items()), d.get("unique", False), d.get("partialFilterExpression"))
        for d in documents
    ]
    assert summary == [
        ("person_id_1", [("person_id", 1)], True, None),
        ("email_1", [("email", 1)], False, {"email": {"$gte": ""}}),
        ("slack_user_id_1", [("slack_user_id", 1)], False, {"slack_user_id": {"$gte": ""}}),
        ("jira_username_1", [("jira_username", 1)], False, {"jira_username": {"$gte": ""}}),
        (
            "activity_level_1_last_active_date_-1",
            [("activity_level", 1), ("last_active_date", -1)],
            False,
            None,
        ),
        ("department_1", [("department", 1)], False, None),
        (
            "source_ids.source_1_source_ids.source_id_1",
            [("source_ids.source", 1), ("source_ids.source_id", 1)],
            False,
            None,
        ),
        ("projects_1", [("projects", 1)], False, None),
        ("name_text_email_text", [("name", "text"), ("email", "text")], False, None),
    ]


def test_sparse_indexes_become_partial_indexes_on_present_values() -> None:
    tasks = {d["name"]: d for d in (m.document for m in index_models(COLLECTIONS["tasks"]))}
    assert tasks["due_date_1"]["partialFilterExpression"] == {
        "due_date": {"$gte": datetime(1, 1, 1, tzinfo=UTC)}
    }
    assert (tasks["natural_key_1"]["unique"], tasks["natural_key_1"]["partialFilterExpression"]) == (
        True,
        {"natural_key": {"$gte": ""}},
    )
    assert "sparse" not in tasks["natural_key_1"]


def test_documents_are_stored_with_millisecond_dates_and_plain_values() -> None:
    item = Item.model_validate(make_item(
        "b1", status="blocked", due_at=datetime(2026, 11, 30, 9, 5, 1, 987654, tzinfo=UTC), due_on=date(2026, 12, 1),
        parts=[{"code": "p", "qty": 1}], extra={"k": [1, "x"]},
    ))  # fmt: skip
    doc = to_bson(item)
    assert (doc["status"], doc["due_at"], doc["due_on"], doc["parts"], doc["extra"], doc["created_at"]) == (
        "blocked",
        datetime(2026, 11, 30, 9, 5, 1, 987000, tzinfo=UTC),
        "2026-12-01",
        [{"code": "p", "qty": 1, "tags": []}],
        {"k": [1, "x"]},
        T0,
    )
    assert Item.model_validate(doc).due_on == date(2026, 12, 1)
