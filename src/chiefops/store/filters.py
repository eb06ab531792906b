"""Parse a filter (the language of `store.base`) into a checked tree with normalised values.

Every backend compiles this tree, never the raw mapping, so operator checks, path checks and value
normalisation (enums → values, `date` on a datetime field → UTC midnight, ISO strings on datetime
fields → datetimes) happen once, identically.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Literal

from chiefops.models.base import format_utc
from chiefops.store.base import FILTER_OPERATORS, LOGICAL_OPERATORS, InvalidQuery, UnknownOperator
from chiefops.store.paths import SCALAR_KINDS, Kind, ModelPaths, PathInfo

Scalar = str | int | float | bool | datetime | date | None
"""A normalised filter value. `datetime`s are aware UTC; `date`s only on date fields or untyped content."""

CmpOp = Literal["eq", "ne", "in", "nin", "gt", "gte", "lt", "lte", "exists"]
RANGE_OPS: frozenset[str] = frozenset({"gt", "gte", "lt", "lte"})


@dataclass(frozen=True)
class Cmp:
    """One operator on one path. `values` holds the operand(s): one for eq/ne/ranges, the list for
    in/nin; `exists` holds the `$exists` flag."""

    path: PathInfo
    op: CmpOp
    values: tuple[Scalar, ...] = ()
    exists: bool = True


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


Node = Cmp | And | Or

TRUE = And(())


def parse_filter(paths: ModelPaths, raw: Mapping[str, object] | None) -> Node:
    """Check `raw` against the language and the model; raise `UnknownOperator`/`InvalidQuery`."""
    if raw is None:
        return TRUE
    return _Parser(paths).parse(raw)


class _Parser:
    def __init__(self, paths: ModelPaths) -> None:
        self.paths = paths
        self.name = paths.collection

    def parse(self, raw: object) -> Node:
        if not isinstance(raw, Mapping):
            raise InvalidQuery(f"{self.name}: a filter must be a mapping, got {type(raw).__name__}")
        items: list[Node] = []
        for key, value in raw.items():
            if not isinstance(key, str):
                raise InvalidQuery(f"{self.name}: filter keys must be strings, got {key!r}")
            if key.startswith("$"):
                items.append(self._logical(key, value))
            else:
                items.extend(self._field(key, value))
        return items[0] if len(items) == 1 else And(tuple(items))

    def _logical(self, key: str, value: object) -> Node:
        if key not in LOGICAL_OPERATORS:
            raise UnknownOperator(
                f"{self.name}: unknown operator {key!r} at the top level; supported: $and, $or",
                details={"collection": self.name, "operator": key},
            )
        if not isinstance(value, list | tuple) or not value:
            raise InvalidQuery(
                f"{self.name}: {key} takes a non-empty list of filters, got {value!r}",
                details={"operator": key},
            )
        parts = tuple(self.parse(item) for item in value)
        return And(parts) if key == "$and" else Or(parts)

    def _field(self, path: str, value: object) -> list[Node]:
        info = self.paths.resolve(path)
        if isinstance(value, Mapping):
            keys = list(value)
            if not keys or not all(isinstance(k, str) and k.startswith("$") for k in keys):
                raise InvalidQuery(
                    f"{self.name}: {path}: literal sub-documents are not supported as values; "
                    f"use operators ({', '.join(sorted(FILTER_OPERATORS))}) or dotted paths",
                    details={"field": path},
                )
            return [self._operator(info, str(op), operand) for op, operand in value.items()]
        return [Cmp(info, "eq", (self._value(info, value, op="$eq"),))]

    def _operator(self, info: PathInfo, op: str, operand: object) -> Cmp:
        if op not in FILTER_OPERATORS:
            raise UnknownOperator(
                f"{self.name}: unknown operator {op!r} on {info.path}; supported: "
                f"{', '.join(sorted(FILTER_OPERATORS))}",
                details={"collection": self.name, "field": info.path, "operator": op},
            )
        name: CmpOp = op[1:]  # type: ignore[assignment]  # FILTER_OPERATORS are "$" + a CmpOp
        if name == "exists":
            if not isinstance(operand, bool):
                raise InvalidQuery(f"{self.name}: {info.path}: $exists takes true or false, got {operand!r}")
            return Cmp(info, "exists", exists=operand)
        if name in ("in", "nin"):
            if not isinstance(operand, list | tuple | set | frozenset):
                raise InvalidQuery(f"{self.name}: {info.path}: {op} takes a list, got {operand!r}")
            return Cmp(info, name, tuple(self._value(info, v, op=op) for v in operand))
        value = self._value(info, operand, op=op)
        if name in RANGE_OPS and value is None:
            raise InvalidQuery(f"{self.name}: {info.path}: {op} needs a value, got None")
        return Cmp(info, name, (value,))

    def _value(self, info: PathInfo, value: object, *, op: str) -> Scalar:
        if value is None:
            return None
        if isinstance(value, enum.Enum):
            value = value.value
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidQuery(f"{self.name}: {info.path}: {op} value must be finite, got {value!r}")
        if isinstance(value, datetime) and (value.tzinfo is None or value.utcoffset() is None):
            raise InvalidQuery(
                f"{self.name}: {info.path}: naive datetime {value.isoformat()} in a filter; use an aware UTC datetime"
            )
        if isinstance(value, list | tuple | set | frozenset):
            raise InvalidQuery(
                f"{self.name}: {info.path}: a list is not a value; use {{'$in': [...]}} to match any of several",
                details={"field": info.path},
            )
        if not isinstance(value, str | int | float | bool | datetime | date):
            raise InvalidQuery(
                f"{self.name}: {info.path}: unsupported filter value {value!r} ({type(value).__name__})",
                details={"field": info.path},
            )
        return _coerce(info, value, collection=self.name, op=op)


def value_kind(value: Scalar) -> Kind:
    """The JSON kind of a normalised non-null value."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "num"
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, date):
        return "date"
    return "str"


_KIND_WORDS: dict[Kind, str] = {
    "str": "strings",
    "num": "numbers",
    "bool": "booleans",
    "datetime": "datetimes",
    "date": "dates",
    "object": "sub-documents",
}


def _coerce(
    info: PathInfo, value: str | int | float | datetime | date, *, collection: str, op: str
) -> Scalar:
    kind = info.kind
    if kind == "any":
        return value.astimezone(UTC) if isinstance(value, datetime) else value
    try:
        if kind == "datetime" and isinstance(value, str):
            value = datetime.fromisoformat(value)
            if value.tzinfo is None:
                raise ValueError("no timezone")
        elif kind == "date" and isinstance(value, str):
            value = date.fromisoformat(value)
    except ValueError:
        raise InvalidQuery(
            f"{collection}: {info.path} holds {_KIND_WORDS[kind]}; {value!r} is not an ISO "
            f"{'datetime with a timezone' if kind == 'datetime' else 'date'}",
            details={"field": info.path, "value": str(value)},
        ) from None
    if kind == "datetime" and isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time(0), tzinfo=UTC)
    got = value_kind(value)
    if got != kind:
        raise InvalidQuery(
            f"{collection}: {info.path} holds {_KIND_WORDS[kind]}; {op} value {value!r} "
            f"({_KIND_WORDS[got]}) can never match it",
            details={"field": info.path, "value": repr(value)},
        )
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def iter_cmps(node: Node) -> list[Cmp]:
    """Every comparison in the tree, in order."""
    if isinstance(node, Cmp):
        return [node]
    return [cmp for item in node.items for cmp in iter_cmps(item)]


def json_scalar(value: Scalar) -> str | int | float | bool | None:
    """A normalised value in the documents' JSON form (datetimes fixed-width, dates ISO)."""
    if isinstance(value, datetime):
        return format_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def parse_sort(paths: ModelPaths, sort: Sequence[tuple[str, int]] | None) -> list[tuple[PathInfo, int]]:
    """Check a sort: typed scalar fields outside arrays, directions 1 or -1."""
    out: list[tuple[PathInfo, int]] = []
    for path, direction in sort or ():
        info = paths.resolve(path)
        if not info.is_plain or info.kind not in SCALAR_KINDS:
            raise InvalidQuery(
                f"{paths.collection}: cannot sort by {path!r}: sorting needs a typed scalar field outside arrays",
                details={"sort": path},
            )
        if direction not in (1, -1):
            raise InvalidQuery(
                f"{paths.collection}: sort direction for {path!r} must be 1 or -1, got {direction!r}",
                details={"sort": path},
            )
        out.append((info, direction))
    return out
