"""Pure compilers for the MongoDB backend: filters, sorts, query plans, search, documents.

No I/O here: every function maps our checked structures (`filters.Node`, `plan.ResolvedPlan`) to the
exact dicts and pipelines PyMongo sends, so golden tests pin them without a server.

Storage form: `to_bson` dumps the model in Python mode; datetimes stay BSON dates, truncated to the
millisecond BSON keeps (so a stored document compares equal to the one we would write again), dates
become ISO strings (BSON has no date type), enums their values.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel

from chiefops.store.base import BucketUnit, Row
from chiefops.store.filters import TRUE, Cmp, Node, Or, Scalar, parse_sort
from chiefops.store.paths import ModelPaths
from chiefops.store.plan import GroupKey, MetricSpec, ResolvedPlan
from chiefops.store.rows import decode_value

_OPS = {"ne": "$ne", "in": "$in", "nin": "$nin", "gt": "$gt", "gte": "$gte", "lt": "$lt", "lte": "$lte"}
_FORMATS: dict[BucketUnit, str] = {"day": "%Y-%m-%d", "week": "%Y-%m-%d", "month": "%Y-%m"}


def bson_scalar(value: Any) -> Any:
    """A Python value as we store it in MongoDB (recursively for lists and mappings)."""
    if isinstance(value, BaseModel):
        return bson_scalar(value.model_dump(mode="python"))
    if isinstance(value, enum.Enum):
        return bson_scalar(value.value)
    if isinstance(value, datetime):
        utc = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        return utc.replace(microsecond=utc.microsecond // 1000 * 1000)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): bson_scalar(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [bson_scalar(v) for v in value]
    return value


def to_bson(model: BaseModel) -> dict[str, Any]:
    """The document MongoDB stores for `model` (no `_id`)."""
    doc: dict[str, Any] = bson_scalar(model)
    return doc


# --- filters and sorts ----------------------------------------------------------------------------


def _value(value: Scalar) -> Any:
    return bson_scalar(value)


def _cmp(cmp: Cmp) -> dict[str, Any]:
    path = cmp.path.path
    if cmp.op == "exists":
        return {path: {"$exists": cmp.exists}}
    if cmp.op == "eq":
        return {path: _value(cmp.values[0])}
    if cmp.op in ("in", "nin"):
        return {path: {_OPS[cmp.op]: [_value(v) for v in cmp.values]}}
    return {path: {_OPS[cmp.op]: _value(cmp.values[0])}}


def compile_filter(node: Node) -> dict[str, Any]:
    """The MongoDB query for a parsed filter; ANDed parts merge into one dict when keys differ."""
    if isinstance(node, Cmp):
        return _cmp(node)
    parts = [compile_filter(item) for item in node.items]
    if isinstance(node, Or):
        return {"$or": parts}
    merged: dict[str, Any] = {}
    for part in parts:
        if merged.keys() & part.keys():
            return {"$and": parts}
        merged.update(part)
    return merged


def compile_sort(paths: ModelPaths, sort: Sequence[tuple[str, int]] | None) -> list[tuple[str, int]]:
    """A checked sort plus `_id` as the final tie-breaker (insertion order)."""
    return [(info.path, direction) for info, direction in parse_sort(paths, sort)] + [("_id", 1)]


# --- query plans ------------------------------------------------------------------------------------


def _bucket(key: GroupKey) -> dict[str, Any]:
    assert key.bucket is not None
    date_expr: Any = f"${key.source.path}"
    if key.source.kind == "date":
        date_expr = {"$dateFromString": {"dateString": date_expr, "format": "%Y-%m-%d", "onNull": None}}
    if key.bucket == "week":
        date_expr = {"$dateTrunc": {"date": date_expr, "unit": "week", "startOfWeek": "monday"}}
    return {"$dateToString": {"format": _FORMATS[key.bucket], "date": date_expr}}


def _accumulator(metric: MetricSpec) -> dict[str, Any]:
    if metric.source is None:
        return {"$sum": 1}
    field = f"${metric.source.path}"
    op = {"count_distinct": "$addToSet", "sum": "$sum", "avg": "$avg", "min": "$min", "max": "$max"}[
        metric.op
    ]
    return {op: field}


def compile_pipeline(plan: ResolvedPlan) -> list[dict[str, Any]]:
    """The aggregation pipeline of a resolved plan. Group keys land in `_id.g<i>`, metrics in `m<i>`."""
    pipeline: list[dict[str, Any]] = []
    if plan.match != TRUE:
        pipeline.append({"$match": compile_filter(plan.match)})
    pipeline += [{"$unwind": f"${u.path}"} for u in plan.unwinds]
    group_id: Any = None
    if plan.keys:
        group_id = {
            f"g{i}": _bucket(k) if k.bucket else {"$ifNull": [f"${k.source.path}", None]}
            for i, k in enumerate(plan.keys)
        }
    group: dict[str, Any] = {"_id": group_id}
    group |= {f"m{i}": _accumulator(m) for i, m in enumerate(plan.metrics)}
    pipeline.append({"$group": group})
    distinct = {
        f"m{i}": {"$size": {"$filter": {"input": f"$m{i}", "cond": {"$ne": ["$$this", None]}}}}
        for i, m in enumerate(plan.metrics)
        if m.op == "count_distinct"
    }
    if distinct:
        pipeline.append({"$set": distinct})
    fields = {k.name: f"_id.g{i}" for i, k in enumerate(plan.keys)} | {
        m.name: f"m{i}" for i, m in enumerate(plan.metrics)
    }
    if plan.keys and plan.sort:
        pipeline.append({"$sort": {fields[name]: direction for name, direction in plan.sort}})
    if plan.limit is not None:
        pipeline.append({"$limit": plan.limit})
    return pipeline


def plan_rows(plan: ResolvedPlan, raw: Sequence[Mapping[str, Any]]) -> list[Row]:
    """Pipeline output as rows named and typed like every backend's (one row even over nothing)."""
    kinds = plan.output_kinds
    if not plan.keys and not raw:
        empty = {"count": 0, "count_distinct": 0, "sum": 0}
        return [{m.name: empty.get(m.op) for m in plan.metrics}]
    rows: list[Row] = []
    for doc in raw:
        ids = doc.get("_id") or {}
        row: Row = {k.name: decode_value(kinds[k.name], ids.get(f"g{i}")) for i, k in enumerate(plan.keys)}
        row |= {m.name: decode_value(kinds[m.name], doc.get(f"m{i}")) for i, m in enumerate(plan.metrics)}
        rows.append(row)
    return rows


# --- search ----------------------------------------------------------------------------------------


def search_terms(text: str) -> list[list[str]]:
    """Each term of `text` as the tokens FTS5's unicode61 tokenizer would see (letters and digits)."""
    terms = [re.findall(r"[^\W_]+", term) for term in text.split()]
    return [tokens for tokens in terms if tokens]


def term_pattern(tokens: Sequence[str], *, prefix: bool) -> str:
    """A regex for one term's tokens in sequence from a word start; `prefix` lets the last token end mid-word."""
    body = r"\W+".join(re.escape(t) for t in tokens)
    return r"(^|\W)" + body + ("" if prefix else r"(\W|$)")


def compile_search(fields: Sequence[str], text: str) -> dict[str, Any] | None:
    """Every term must occur in one of `fields`, case-insensitively; None when no term is left."""
    terms = search_terms(text)
    if not terms:
        return None
    clauses = [
        {
            "$or": [
                {f: {"$regex": term_pattern(t, prefix=i == len(terms) - 1), "$options": "i"}} for f in fields
            ]
        }
        for i, t in enumerate(terms)
    ]
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def search_score(doc: Mapping[str, Any], fields: Sequence[str], text: str) -> int:
    """Rank of a search hit: whole-word term matches, the first field (the name) counting double."""
    terms = search_terms(text)
    score = 0
    for term in terms:
        pattern = re.compile(term_pattern(term, prefix=False), re.IGNORECASE)
        for weight, field in zip((2, *([1] * (len(fields) - 1))), fields, strict=True):
            value = doc.get(field)
            score += weight if isinstance(value, str) and pattern.search(value) else 0
    return score
