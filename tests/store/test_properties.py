"""Property tests (spec 09): SQLite filter, sort and aggregate results equal the plain-Python reference.

Random documents go into an indexed collection (generated columns, side tables) and an unindexed one
(JSON fallback); random filters and query plans must give exactly what `store.reference` computes.
CI-sized: 200 examples each; values come from small pools so that equalities actually hit.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.store.items import T0, TEST_COLLECTIONS, Item

from chiefops.store import DateBucket, Metric, QueryPlan, SQLiteStore
from chiefops.store.filters import parse_filter
from chiefops.store.paths import ModelPaths
from chiefops.store.plan import resolve_plan
from chiefops.store.reference import matches, run_plan, sort_rows
from chiefops.store.updates import apply_update, parse_update

EXAMPLES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PATHS = ModelPaths("items", Item)

WORDS = ["x", "y", "z"]
TIMES = [T0, T0 + timedelta(days=1, hours=3), T0 + timedelta(days=9), T0 - timedelta(days=40)]
DAYS = [date(2026, 11, 30), date(2026, 12, 6), date(2027, 1, 4)]
json_scalars = st.sampled_from([None, True, False, 0, 1, 2, 0.5, "x", "1"])
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["k", "a"]), inner, max_size=2)
    ),
    max_leaves=5,
)
parts = st.fixed_dictionaries(
    {"code": st.sampled_from(["p", "q"])},
    optional={
        "qty": st.one_of(st.none(), st.integers(0, 2)),
        "tags": st.lists(st.sampled_from(WORDS), max_size=2),
    },
)


@st.composite
def documents(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(st.integers(0, 10))
    docs = []
    for n in range(count):
        doc = {
            "item_id": f"i{n}",
            "name": draw(st.sampled_from(["alpha", "beta", "Beta", "gamma"])),
            "status": draw(st.sampled_from(["open", "closed", "blocked"])),
            "score": draw(st.one_of(st.none(), st.integers(0, 3))),
            "ratio": draw(st.sampled_from([0.0, 0.25, 0.5, 1.5])),
            "flag": draw(st.booleans()),
            "due_at": draw(st.one_of(st.none(), st.sampled_from(TIMES))),
            "due_on": draw(st.one_of(st.none(), st.sampled_from(DAYS))),
            "tags": draw(st.lists(st.sampled_from(WORDS), max_size=3)),
            "parts": draw(st.lists(parts, max_size=3)),
            "meta": draw(st.one_of(st.none(), parts)),
            "extra": draw(st.dictionaries(st.sampled_from(["a", "b", "c"]), json_values, max_size=3)),
            "values": draw(st.lists(json_values, max_size=3)),
            "note": draw(st.one_of(st.none(), st.sampled_from(["x", "first"]))),
            "created_at": T0,
            "updated_at": T0,
        }
        docs.append(doc)
    return docs


VALUES: dict[str, st.SearchStrategy[Any]] = {
    "str": st.sampled_from(["alpha", "beta", "open", "closed", "x", "y", "p", "q", "first"]),
    "num": st.sampled_from([0, 1, 2, 3, 0.25, 1.5, -1]),
    "bool": st.booleans(),
    "datetime": st.sampled_from([*TIMES, T0 + timedelta(days=1), date(2026, 12, 1)]),
    "date": st.sampled_from([*DAYS, date(2026, 12, 1)]),
    "any": st.one_of(json_scalars.filter(lambda v: v is not None), st.sampled_from(["k"])),
}
FIELD_KINDS = {
    "item_id": "str", "name": "str", "status": "str", "score": "num", "ratio": "num", "flag": "bool",
    "due_at": "datetime", "due_on": "date", "tags": "str", "parts.code": "str", "parts.qty": "num",
    "parts.tags": "str", "meta.code": "str", "meta.qty": "num", "meta.tags": "str", "note": "str",
    "extra.a": "any", "extra.b": "any", "extra.a.k": "any", "extra.b.a.k": "any", "meta": "object",
    "values": "any", "values.k": "any",
}  # fmt: skip


@st.composite
def conditions(draw: st.DrawFn) -> dict[str, Any]:
    typed = sorted(p for p, k in FIELD_KINDS.items() if k != "any")
    untyped = sorted(p for p, k in FIELD_KINDS.items() if k == "any")
    path = draw(st.one_of(st.sampled_from(typed), st.sampled_from(untyped)))
    kind = FIELD_KINDS[path]
    if kind == "object":
        return {path: draw(st.one_of(st.none(), st.builds(lambda b: {"$exists": b}, st.booleans())))}
    value = VALUES[kind]
    maybe_none = st.one_of(st.none(), value)
    op = draw(st.sampled_from(["eq", "$ne", "$in", "$nin", "$gt", "$gte", "$lt", "$lte", "$exists"]))
    if op == "eq":
        return {path: draw(maybe_none)}
    if op in ("$in", "$nin"):
        return {path: {op: draw(st.lists(maybe_none, max_size=3))}}
    if op == "$exists":
        return {path: {op: draw(st.booleans())}}
    return {path: {op: draw(value if op != "$ne" else maybe_none)}}


filters = st.recursive(
    conditions(),
    lambda inner: st.one_of(
        st.builds(lambda items: {"$and": items}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda items: {"$or": items}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda a, b: {**a, **b}, inner, inner),
    ),
    max_leaves=4,
)


@pytest.fixture
def runner(tmp_path: Path) -> Iterator[tuple[asyncio.Runner, SQLiteStore]]:
    with asyncio.Runner() as run:
        store = SQLiteStore(tmp_path / "chiefops.db", collections=TEST_COLLECTIONS)
        run.run(store.start())
        try:
            yield run, store
        finally:
            run.run(store.close())


async def _load(store: SQLiteStore, docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for name in ("items", "plain_items"):
        await store.collection(name).delete_many({})
        await store.collection(name).insert_many(docs)
    return [Item.model_validate(d).model_dump(mode="json") for d in docs]


def test_sqlite_filters_equal_the_reference(runner: tuple[asyncio.Runner, SQLiteStore]) -> None:
    run, store = runner

    @EXAMPLES
    @given(docs=documents(), flt=filters)
    def check(docs: list[dict[str, Any]], flt: dict[str, Any]) -> None:
        async def body() -> None:
            json_docs = await _load(store, docs)
            node = parse_filter(PATHS, flt)
            expected = [d["item_id"] for d in json_docs if matches(node, d)]
            for name in ("items", "plain_items"):
                rows = await store.collection(name).find_fields(flt, fields=["item_id"])
                assert [r["item_id"] for r in rows] == expected, name
                assert await store.collection(name).count(flt) == len(expected)

        run.run(body())

    check()


SORTABLE = ["name", "status", "score", "ratio", "flag", "due_at", "due_on", "meta.qty", "note"]


def test_sqlite_sorts_equal_the_reference(runner: tuple[asyncio.Runner, SQLiteStore]) -> None:
    run, store = runner

    @EXAMPLES
    @given(
        docs=documents(),
        sort=st.lists(
            st.tuples(st.sampled_from(SORTABLE), st.sampled_from([1, -1])),
            max_size=3,
            unique_by=lambda s: s[0],
        ),
    )
    def check(docs: list[dict[str, Any]], sort: list[tuple[str, int]]) -> None:
        async def body() -> None:
            json_docs = await _load(store, docs)
            flat = [{**d, "meta.qty": (d["meta"] or {}).get("qty")} for d in json_docs]
            expected = [d["item_id"] for d in sort_rows(flat, sort)]
            for name in ("items", "plain_items"):
                rows = await store.collection(name).find_fields(None, fields=["item_id"], sort=sort)
                assert [r["item_id"] for r in rows] == expected, name

        run.run(body())

    check()


@st.composite
def plans(draw: st.DrawFn) -> QueryPlan:
    unwind: list[str] = draw(
        st.sampled_from([[], ["tags"], ["parts"], ["parts", "parts.tags"], ["tags", "parts"]])
    )
    groupable = ["status", "flag", "score", "meta.code", "name", "due_on"]
    groupable += (
        {"tags": ["tags"], "parts": ["parts.code", "parts.qty"], "parts.tags": ["parts.tags"]}.get(
            unwind[-1], []
        )
        if unwind
        else []
    )
    groupable += ["parts.code"] if "parts" in unwind else []
    numbers = ["score", "ratio", *(["parts.qty"] if "parts" in unwind else [])]
    keys = draw(st.lists(st.sampled_from(groupable), max_size=2, unique=True))
    split = draw(st.one_of(st.none(), st.sampled_from([g for g in groupable if g not in keys] or ["status"])))
    if split in keys:
        split = None
    bucket = draw(
        st.one_of(
            st.none(),
            st.builds(
                DateBucket,
                field=st.sampled_from(["due_at", "due_on"]),
                unit=st.sampled_from(["day", "week", "month"]),
            ),
        )
    )
    metric_pool = [Metric(op="count")]
    metric_pool += [Metric(op=op, field=f) for op in ("sum", "avg", "min", "max") for f in numbers]  # type: ignore[arg-type]
    metric_pool += [Metric(op=op, field=f) for op in ("min", "max") for f in ("name", "due_at", "due_on")]  # type: ignore[arg-type]
    metric_pool += [Metric(op="count_distinct", field=f) for f in ("status", "flag", "name", *groupable[6:])]
    metrics = draw(st.lists(st.sampled_from(metric_pool), min_size=1, max_size=4, unique_by=lambda m: m.key))
    outputs = [*keys, *([split] if split else []), *(["bucket"] if bucket else []), *(m.key for m in metrics)]
    sort = draw(
        st.lists(
            st.tuples(st.sampled_from(outputs), st.sampled_from([1, -1])),
            max_size=2,
            unique_by=lambda s: s[0],
        )
    )
    return QueryPlan(
        match=draw(st.one_of(st.just({}), filters)),
        unwind=tuple(unwind),
        group_by=tuple(keys),
        split_by=split,
        bucket=bucket,
        metrics=tuple(metrics),
        sort=tuple(sort),
        limit=draw(st.one_of(st.none(), st.integers(1, 4))),
    )


def test_sqlite_aggregates_equal_the_reference(runner: tuple[asyncio.Runner, SQLiteStore]) -> None:
    run, store = runner

    @EXAMPLES
    @given(docs=documents(), plan=plans())
    def check(docs: list[dict[str, Any]], plan: QueryPlan) -> None:
        async def body() -> None:
            json_docs = await _load(store, docs)
            expected = run_plan(resolve_plan(PATHS, plan), json_docs)
            for name in ("items", "plain_items"):
                assert await store.collection(name).aggregate(plan) == expected, name

        run.run(body())

    check()


def _side_tables(store: SQLiteStore) -> dict[str, list[tuple[Any, ...]]]:
    """Every side table of `items`, as stored and as the SQL backfill recomputes it."""
    schema = store.schemas["items"]
    conn = sqlite3.connect(store.path)
    try:
        out: dict[str, list[tuple[Any, ...]]] = {}
        for side in schema.sides.values():
            out[side.name] = sorted(conn.execute(f'SELECT * FROM "{side.name}"').fetchall(), key=repr)
            conn.execute(f'CREATE TEMP TABLE "recomputed" AS SELECT * FROM "{side.name}" WHERE 0')
            conn.execute(
                schema.side_fill(side, row="src").replace(f'INTO "{side.name}"', 'INTO "recomputed"')
            )
            out[side.name + " (recomputed)"] = sorted(
                conn.execute('SELECT * FROM "recomputed"').fetchall(), key=repr
            )
            conn.execute('DROP TABLE "recomputed"')
        return out
    finally:
        conn.close()


def test_side_tables_equal_their_sql_backfill_after_any_writes(
    runner: tuple[asyncio.Runner, SQLiteStore],
) -> None:
    """The writer fills side tables in Python (no triggers); after inserts, upserts, updates and
    deletes they must hold exactly the rows `json_each` would give."""
    run, store = runner

    @EXAMPLES
    @given(docs=documents(), changed=documents(), drop=st.lists(st.integers(0, 9), max_size=3))
    def check(docs: list[dict[str, Any]], changed: list[dict[str, Any]], drop: list[int]) -> None:
        async def body() -> None:
            items = store.collection("items")
            await _load(store, docs)
            await items.upsert_many(changed)
            await items.update_many({"flag": True}, set={"tags": ["z", "x"]})
            await items.delete_many({"item_id": {"$in": [f"i{n}" for n in drop]}})
            tables = _side_tables(store)
            for side in store.schemas["items"].sides.values():
                assert tables[side.name] == tables[side.name + " (recomputed)"], side.name

        run.run(body())

    check()


SETTABLE = {
    "name": st.sampled_from(["alpha", "omega"]),
    "status": st.sampled_from(["open", "closed"]),
    "score": st.one_of(st.none(), st.integers(0, 3)),
    "ratio": st.sampled_from([0.0, 0.5, 2.25]),
    "flag": st.booleans(),
    "due_at": st.one_of(st.none(), st.sampled_from(TIMES)),
    "due_on": st.one_of(st.none(), st.sampled_from(DAYS)),
    "note": st.one_of(st.none(), st.sampled_from(["x", "naïve “quote”"])),
    "tags": st.lists(st.sampled_from(WORDS), max_size=2),
}


def test_update_many_set_equals_validating_each_document(runner: tuple[asyncio.Runner, SQLiteStore]) -> None:
    """Scalar `set`s are applied in place with json_set (`sqlite_set`); the stored JSON and the
    count must be exactly what re-validating each document through its model gives."""
    run, store = runner

    @EXAMPLES
    @given(
        docs=documents(),
        changes=st.dictionaries(st.sampled_from(sorted(SETTABLE)), st.none(), min_size=1, max_size=3).flatmap(
            lambda keys: st.fixed_dictionaries({k: SETTABLE[k] for k in keys})
        ),
        flt=filters,
    )
    def check(docs: list[dict[str, Any]], changes: dict[str, Any], flt: dict[str, Any]) -> None:
        async def body() -> None:
            json_docs = await _load(store, docs)
            node = parse_filter(PATHS, flt)
            ops = parse_update(PATHS, set=changes, unset=None, inc=None, push=None, pull=None)
            expected = {}
            for doc in json_docs:
                new = apply_update(dict(doc), ops, collection="items") if matches(node, doc) else doc
                expected[doc["item_id"]] = Item.model_validate(new).model_dump_json()
            before = {d["item_id"]: Item.model_validate(d).model_dump_json() for d in json_docs}
            changed = sum(expected[k] != before[k] for k in expected)
            for name in ("items", "plain_items"):
                assert await store.collection(name).update_many(flt, set=changes) == changed, name
                rows = await _stored_json(store, name)
                assert rows == expected, name

        run.run(body())

    check()


async def _stored_json(store: SQLiteStore, name: str) -> dict[str, str]:
    conn = sqlite3.connect(store.path)
    try:
        return {
            str(orjson.loads(doc)["item_id"]): doc for (doc,) in conn.execute(f'SELECT doc FROM "{name}"')
        }
    finally:
        conn.close()
