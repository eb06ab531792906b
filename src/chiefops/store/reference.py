"""The filter language and query plans evaluated in plain Python over JSON documents.

This module *defines* the semantics the backends implement (the property tests compare the SQLite
store with it). Documents are in their JSON form (`model.model_dump(mode="json")`), so datetimes are
fixed-width strings and compare as text.

Path resolution (`_walk`): each step looks the key up in an object; an array met before the last
step is traversed (each object element continues the walk, other elements are skipped); a scalar or
null met before the last step, or a missing key, yields MISSING. At the last step the value found
(or MISSING) is yielded; comparisons look at its members when it is an array.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, timedelta
from typing import Any

from chiefops.store.base import BucketUnit, Row
from chiefops.store.filters import And, Cmp, Node, Or, json_scalar
from chiefops.store.plan import PlanPath, ResolvedPlan
from chiefops.store.rows import decode_value

MISSING: Any = object()

_RANGE: dict[str, Callable[[Any, Any], bool]] = {
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


def _walk(node: Any, segments: Sequence[str]) -> Iterator[Any]:
    if not segments:
        yield node
    elif isinstance(node, dict):
        if segments[0] in node:
            yield from _walk(node[segments[0]], segments[1:])
        else:
            yield MISSING
    elif isinstance(node, list):
        for element in node:
            if isinstance(element, dict):
                yield from _walk(element, segments)
    else:
        yield MISSING


def _candidates(found: list[Any]) -> Iterator[Any]:
    for value in found:
        if value is MISSING:
            continue
        if isinstance(value, list):
            yield from value
        else:
            yield value


def _klass(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "num"
    if isinstance(value, str):
        return "str"
    return "other"


def _equals(found: list[Any], value: Any) -> bool:
    if value is None:
        return any(f is MISSING for f in found) or any(c is None for c in _candidates(found))
    klass = _klass(value)
    return any(_klass(c) == klass and c == value for c in _candidates(found))


def _compare(cmp: Cmp, doc: dict[str, Any]) -> bool:
    found = list(_walk(doc, cmp.path.segments))
    if cmp.op == "exists":
        return any(f is not MISSING for f in found) == cmp.exists
    values = [json_scalar(v) for v in cmp.values]
    if cmp.op in ("eq", "ne"):
        return _equals(found, values[0]) == (cmp.op == "eq")
    if cmp.op in ("in", "nin"):
        return any(_equals(found, v) for v in values) == (cmp.op == "in")
    bound = values[0]
    klass = _klass(bound)
    test = _RANGE[cmp.op]
    return any(_klass(c) == klass and test(c, bound) for c in _candidates(found))


def matches(node: Node, doc: dict[str, Any]) -> bool:
    """Whether the JSON document `doc` satisfies the parsed filter `node`."""
    if isinstance(node, Cmp):
        return _compare(node, doc)
    if isinstance(node, And):
        return all(matches(item, doc) for item in node.items)
    assert isinstance(node, Or)
    return any(matches(item, doc) for item in node.items)


def _sort_key(value: Any) -> tuple[int, Any]:
    return (0, 0) if value is None else (1, value)


def sort_rows(rows: list[dict[str, Any]], sort: Sequence[tuple[str, int]]) -> list[dict[str, Any]]:
    """Stable multi-key sort, None first ascending (last descending), as both backends order."""
    ordered = list(rows)
    for key, direction in reversed(sort):
        ordered.sort(key=lambda row: _sort_key(row.get(key)), reverse=direction < 0)
    return ordered


def first_value(doc: dict[str, Any], segments: Sequence[str]) -> Any:
    """The single value at a path outside arrays (None when missing)."""
    node: Any = doc
    for name in segments:
        if not isinstance(node, dict):
            return None
        node = node.get(name)
    return node


# --- Query plans --------------------------------------------------------------------------------

Context = tuple[dict[str, Any], tuple[Any, ...]]
"""A document and the elements chosen by each unwind so far."""


def _read(ctx: Context, source: PlanPath) -> Any:
    doc, elements = ctx
    base = doc if source.root is None else elements[source.root]
    return first_value(base, source.rel) if source.rel else base


def bucket_of(value: Any, unit: BucketUnit) -> str | None:
    """Day `YYYY-MM-DD`, ISO week as its Monday `YYYY-MM-DD`, or month `YYYY-MM` of a stored date(time)."""
    if not isinstance(value, str):
        return None
    if unit == "day":
        return value[:10]
    if unit == "month":
        return value[:7]
    day = date.fromisoformat(value[:10])
    return (day - timedelta(days=day.weekday())).isoformat()


def _metric(op: str, values: list[Any]) -> Any:
    present = [v for v in values if v is not None]
    numbers = [v for v in present if _klass(v) == "num"]
    if op == "count_distinct":
        return len(set(present))
    if op == "sum":
        return sum(numbers)
    if op == "avg":
        return sum(numbers) / len(numbers) if numbers else None
    if op == "min":
        return min(present) if present else None
    return max(present) if present else None


def run_plan(plan: ResolvedPlan, docs: Iterable[dict[str, Any]]) -> list[Row]:
    """Evaluate a resolved plan over JSON documents (in insertion order)."""
    contexts: list[Context] = [(doc, ()) for doc in docs if matches(plan.match, doc)]
    for unwind in plan.unwinds:
        contexts = [
            (doc, (*elements, element))
            for doc, elements in contexts
            for array in [_read((doc, elements), unwind)]
            if isinstance(array, list)
            for element in array
        ]
    groups: dict[tuple[Any, ...], list[Context]] = {}
    for ctx in contexts:
        key = tuple(
            bucket_of(_read(ctx, k.source), k.bucket) if k.bucket else _read(ctx, k.source) for k in plan.keys
        )
        groups.setdefault(key, []).append(ctx)
    if not plan.keys and not groups:
        groups[()] = []
    kinds = plan.output_kinds
    rows: list[Row] = []
    for key, members in groups.items():
        row: Row = {k.name: decode_value(kinds[k.name], v) for k, v in zip(plan.keys, key, strict=True)}
        for metric in plan.metrics:
            if metric.source is None:
                value: Any = len(members)
            else:
                source = metric.source
                value = _metric(metric.op, [_read(ctx, source) for ctx in members])
            row[metric.name] = decode_value(kinds[metric.name], value)
        rows.append(row)
    rows = sort_rows(rows, plan.sort)
    return rows if plan.limit is None else rows[: plan.limit]
