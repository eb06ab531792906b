"""Filter, sort, update and plan checks: what the language refuses, with the exact message."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from tests.store.items import Item

from chiefops.store import InvalidQuery, Metric, QueryPlan, UnknownOperator
from chiefops.store.filters import parse_filter
from chiefops.store.paths import ModelPaths
from chiefops.store.plan import resolve_plan
from chiefops.store.updates import apply_update, parse_update

PATHS = ModelPaths("items", Item)

REFUSED_FILTERS: list[tuple[Any, type[Exception], str]] = [
    ({"name": {"$regex": "a"}}, UnknownOperator,
     "items: unknown operator '$regex' on name; supported: $exists, $gt, $gte, $in, $lt, $lte, $ne, $nin"),
    ({"$nor": [{"name": "a"}]}, UnknownOperator, "items: unknown operator '$nor' at the top level; supported: $and, $or"),
    ({"tags": {"$elemMatch": {"$eq": "x"}}}, UnknownOperator,
     "items: unknown operator '$elemMatch' on tags; supported: $exists, $gt, $gte, $in, $lt, $lte, $ne, $nin"),
    ({"colour": "red"}, InvalidQuery, "items.colour: unknown field 'colour'; known fields: " + ", ".join(Item.model_fields)),
    ({"meta.size": 1}, InvalidQuery, "items.meta.size: unknown field 'size'; known fields: code, qty, tags"),
    ({"name.first": "a"}, InvalidQuery, "items.name.first: 'first' is below a str value, which has no fields"),
    ({"tags..x": 1}, InvalidQuery, "items: malformed field path 'tags..x'"),
    ({"meta": {"code": "m"}}, InvalidQuery,
     "items: meta: literal sub-documents are not supported as values; use operators ($exists, $gt, $gte, $in, $lt, $lte, $ne, $nin) or dotted paths"),
    ({"tags": ["x"]}, InvalidQuery, "items: tags: a list is not a value; use {'$in': [...]} to match any of several"),
    ({"tags": {"$in": "x"}}, InvalidQuery, "items: tags: $in takes a list, got 'x'"),
    ({"flag": {"$exists": 1}}, InvalidQuery, "items: flag: $exists takes true or false, got 1"),
    ({"score": {"$gt": None}}, InvalidQuery, "items: score: $gt needs a value, got None"),
    ({"score": True}, InvalidQuery, "items: score holds numbers; $eq value True (booleans) can never match it"),
    ({"flag": 1}, InvalidQuery, "items: flag holds booleans; $eq value 1 (numbers) can never match it"),
    ({"score": float("nan")}, InvalidQuery, "items: score: $eq value must be finite, got nan"),
    ({"due_at": "next week"}, InvalidQuery, "items: due_at holds datetimes; 'next week' is not an ISO datetime with a timezone"),
    ({"due_at": datetime(2026, 1, 1)}, InvalidQuery,
     "items: due_at: naive datetime 2026-01-01T00:00:00 in a filter; use an aware UTC datetime"),
    ({"meta": "m"}, InvalidQuery, "items: meta holds sub-documents; $eq value 'm' (strings) can never match it"),
    ({"$or": []}, InvalidQuery, "items: $or takes a non-empty list of filters, got []"),
    (["name"], InvalidQuery, "items: a filter must be a mapping, got list"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("flt", "error", "message"), REFUSED_FILTERS, ids=[str(f) for f, _, _ in REFUSED_FILTERS]
)
def test_filter_is_refused_with_a_clear_message(flt: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as caught:
        parse_filter(PATHS, flt)
    assert str(caught.value) == message


REFUSED_UPDATES: list[tuple[dict[str, Any], str]] = [
    ({"set": {"parts.code": "p"}}, "items: set 'parts.code' needs a field outside arrays"),
    ({"push": {"name": "x"}}, "items: push 'name' needs an array field outside other arrays"),
    ({"inc": {"score": "1"}}, "items: inc 'score' needs a number, got '1'"),
    ({"set": {"score": 1}, "inc": {"score": 1}}, "items: 'score' appears under both set and inc"),
    ({"push": {"tags": {"$each": "x"}}}, "items: push 'tags': $each takes a list"),
    ({"pull": {"tags": {"$all": ["x"]}}}, "items: pull 'tags': unknown modifier(s) ['$all']; only $in"),
    ({}, "items: update_many needs at least one of set, unset, inc, push, pull"),
]


@pytest.mark.parametrize(("ops", "message"), REFUSED_UPDATES, ids=[str(o) for o, _ in REFUSED_UPDATES])
def test_update_is_refused_with_a_clear_message(ops: dict[str, Any], message: str) -> None:
    args: dict[str, Any] = {"set": None, "unset": None, "inc": None, "push": None, "pull": None} | ops
    with pytest.raises(InvalidQuery) as caught:
        parse_update(PATHS, **args)
    assert str(caught.value) == message


def test_inc_on_a_stored_non_number_is_refused() -> None:
    ops = parse_update(PATHS, set=None, unset=None, inc={"extra.n": 1}, push=None, pull=None)
    assert apply_update({"extra": {}}, ops, collection="items") == {"extra": {"n": 1}}
    with pytest.raises(InvalidQuery) as caught:
        apply_update({"extra": {"n": "x"}}, ops, collection="items")
    assert str(caught.value) == "items: inc 'extra.n': the stored value 'x' is not a number"


REFUSED_PLANS: list[tuple[QueryPlan, str]] = [
    (QueryPlan(unwind=("name",)), "items: cannot unwind 'name': it is not an array"),
    (QueryPlan(unwind=("parts.tags",)), "items: cannot unwind 'parts.tags': unwind the array above it first"),
    (QueryPlan(group_by=("meta",)), "items: group_by 'meta' holds object values; group_by needs bool, date, datetime, num, str"),
    (QueryPlan(group_by=("extra.a",)), "items: group_by 'extra.a' holds any values; group_by needs bool, date, datetime, num, str"),
    (QueryPlan(metrics=(Metric(op="sum", field="name"),)), "items: metric sum 'name' holds str values; metric sum needs num"),
    (QueryPlan(metrics=(Metric(op="count", field="name"),)), "items: metric count takes no field (got 'name'); use count_distinct"),
    (QueryPlan(metrics=(Metric(op="avg"),)), "items: metric avg needs a field"),
    (QueryPlan(group_by=("status",), sort=(("score", 1),)), "items: cannot sort the plan's rows by 'score'; output keys are status, count"),
    (QueryPlan(group_by=("status",), split_by="status"), "items: query plan output keys repeat: status; name metrics or the bucket differently"),
]  # fmt: skip


@pytest.mark.parametrize(("plan", "message"), REFUSED_PLANS, ids=lambda v: "")
def test_plan_is_refused_with_a_clear_message(plan: QueryPlan, message: str) -> None:
    with pytest.raises(InvalidQuery) as caught:
        resolve_plan(PATHS, plan)
    assert str(caught.value) == message
