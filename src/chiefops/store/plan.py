"""Check a `QueryPlan` against a collection's model and resolve every path it names.

Output rows (both backends, and the reference evaluator): each group key under its path (dots
kept, e.g. `"people_involved.person_id"`), then `split_by`, then the bucket under `bucket.name`,
then each metric under `Metric.key`. Rows come sorted by the plan's `sort`, then by every group key
ascending (None first), so results are deterministic. Without group keys there is exactly one row,
even over no documents (count 0, sum 0, avg/min/max None).

Rules: `unwind` paths must be arrays (an array inside an array element needs its parent unwound
first); group keys, bucket and metric fields must be typed scalars outside any array that is not
unwound; `sum`/`avg` need numbers, `min`/`max` numbers, strings, datetimes or dates, the bucket a
datetime or date; `count` takes no field.
"""

from __future__ import annotations

from dataclasses import dataclass

from chiefops.store.base import BucketUnit, InvalidQuery, MetricOp, QueryPlan
from chiefops.store.filters import Node, parse_filter
from chiefops.store.paths import SCALAR_KINDS, Kind, ModelPaths


@dataclass(frozen=True)
class PlanPath:
    """A path read from the document (`root` None) or from the element of unwind number `root`."""

    path: str
    root: int | None
    rel: tuple[str, ...]
    kind: Kind


@dataclass(frozen=True)
class GroupKey:
    name: str
    source: PlanPath
    bucket: BucketUnit | None = None


@dataclass(frozen=True)
class MetricSpec:
    name: str
    op: MetricOp
    source: PlanPath | None


@dataclass(frozen=True)
class ResolvedPlan:
    match: Node
    unwinds: tuple[PlanPath, ...]
    keys: tuple[GroupKey, ...]
    metrics: tuple[MetricSpec, ...]
    sort: tuple[tuple[str, int], ...]
    limit: int | None

    @property
    def output_kinds(self) -> dict[str, Kind]:
        """Output key → kind of its values (buckets are strings; counts and sums numbers)."""
        kinds: dict[str, Kind] = {}
        for key in self.keys:
            kinds[key.name] = "str" if key.bucket else key.source.kind
        for metric in self.metrics:
            same = metric.op in ("min", "max") and metric.source is not None
            kinds[metric.name] = metric.source.kind if same and metric.source else "num"
        return kinds


_METRIC_KINDS: dict[MetricOp, frozenset[Kind]] = {
    "count_distinct": SCALAR_KINDS,
    "sum": frozenset({"num"}),
    "avg": frozenset({"num"}),
    "min": frozenset({"num", "str", "datetime", "date"}),
    "max": frozenset({"num", "str", "datetime", "date"}),
}


def resolve_plan(paths: ModelPaths, plan: QueryPlan) -> ResolvedPlan:
    """Validate `plan` for this collection; raise `InvalidQuery` naming the offending part."""
    resolver = _Resolver(paths)
    match = parse_filter(paths, plan.match)
    unwinds = resolver.unwinds(plan.unwind)
    keys = [
        GroupKey(p, resolver.locate(p, unwinds, use="group_by", kinds=SCALAR_KINDS)) for p in plan.group_by
    ]
    if plan.split_by is not None:
        keys.append(
            GroupKey(
                plan.split_by, resolver.locate(plan.split_by, unwinds, use="split_by", kinds=SCALAR_KINDS)
            )
        )
    if plan.bucket is not None:
        date_kinds: frozenset[Kind] = frozenset({"datetime", "date"})
        source = resolver.locate(plan.bucket.field, unwinds, use="bucket", kinds=date_kinds)
        keys.append(GroupKey(plan.bucket.name, source, plan.bucket.unit))
    metrics = [resolver.metric(m.key, m.op, m.field, unwinds) for m in plan.metrics]
    names = [k.name for k in keys] + [m.name for m in metrics]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InvalidQuery(
            f"{paths.collection}: query plan output keys repeat: {', '.join(duplicates)}; "
            "name metrics or the bucket differently",
            details={"keys": duplicates},
        )
    sort = _sort(paths.collection, plan.sort, names, [k.name for k in keys])
    return ResolvedPlan(match, tuple(unwinds), tuple(keys), tuple(metrics), sort, plan.limit)


def _sort(
    collection: str, sort: tuple[tuple[str, int], ...], names: list[str], keys: list[str]
) -> tuple[tuple[str, int], ...]:
    for name, direction in sort:
        if name not in names:
            raise InvalidQuery(
                f"{collection}: cannot sort the plan's rows by {name!r}; output keys are {', '.join(names)}",
                details={"sort": name},
            )
        if direction not in (1, -1):
            raise InvalidQuery(
                f"{collection}: sort direction for {name!r} must be 1 or -1, got {direction!r}"
            )
    explicit = [name for name, _ in sort]
    return tuple(sort) + tuple((k, 1) for k in keys if k not in explicit)


class _Resolver:
    def __init__(self, paths: ModelPaths) -> None:
        self.paths = paths
        self.name = paths.collection

    def unwinds(self, raw: tuple[str, ...]) -> list[PlanPath]:
        done: list[PlanPath] = []
        for path in raw:
            info = self.paths.resolve(path)
            if not info.steps[-1].many:
                raise InvalidQuery(
                    f"{self.name}: cannot unwind {path!r}: it is not an array", details={"unwind": path}
                )
            root, start = self._root(info.segments[:-1], done)
            if any(s.many or s.unknown for s in info.steps[start:-1]):
                raise InvalidQuery(
                    f"{self.name}: cannot unwind {path!r}: unwind the array above it first",
                    details={"unwind": path},
                )
            done.append(PlanPath(path, root, info.segments[start:], info.kind))
        return done

    @staticmethod
    def _root(segments: tuple[str, ...], unwinds: list[PlanPath]) -> tuple[int | None, int]:
        """The deepest unwind whose path starts `segments`, and its length."""
        best: int | None = None
        best_len = 0
        for i, unwind in enumerate(unwinds):
            useg = tuple(unwind.path.split("."))
            if segments[: len(useg)] == useg and len(useg) > best_len:
                best, best_len = i, len(useg)
        return best, best_len

    def locate(self, path: str, unwinds: list[PlanPath], *, use: str, kinds: frozenset[Kind]) -> PlanPath:
        info = self.paths.resolve(path)
        root, start = self._root(info.segments, unwinds)
        below = info.steps[start:]
        if any(s.many for s in below):
            array = ".".join(info.segments[: start + next(i for i, s in enumerate(below) if s.many) + 1])
            raise InvalidQuery(
                f"{self.name}: {use} {path!r} is inside the array {array!r}; add {array!r} to unwind",
                details={"field": path},
            )
        if info.kind not in kinds or any(s.unknown for s in below):
            allowed = ", ".join(sorted(kinds))
            raise InvalidQuery(
                f"{self.name}: {use} {path!r} holds {info.kind} values; {use} needs {allowed}",
                details={"field": path},
            )
        return PlanPath(path, root, info.segments[start:], info.kind)

    def metric(self, name: str, op: MetricOp, field: str | None, unwinds: list[PlanPath]) -> MetricSpec:
        if op == "count":
            if field is not None:
                raise InvalidQuery(
                    f"{self.name}: metric count takes no field (got {field!r}); use count_distinct"
                )
            return MetricSpec(name, op, None)
        if field is None:
            raise InvalidQuery(f"{self.name}: metric {op} needs a field")
        return MetricSpec(name, op, self.locate(field, unwinds, use=f"metric {op}", kinds=_METRIC_KINDS[op]))
