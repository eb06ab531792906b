"""Static shape of a dotted path in a collection's model: which steps are arrays, what the leaf holds.

Both compilers and the reference evaluator read paths through this module, so a typo in a field name,
a comparison of a number field with a string, or a sort on an array fail the same way on every
backend. Shapes come from the pydantic annotations alone; content typed `Any`, `JsonValue` or
`dict[...]` is *untyped*: any step below it may hold an array, an object or a scalar at run time.
"""

from __future__ import annotations

import enum
import types
import typing
import uuid
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel

from chiefops.store.base import InvalidQuery

Kind = Literal["str", "num", "bool", "datetime", "date", "object", "any"]
"""What a leaf holds: one JSON type (datetimes and dates are fixed-width strings in JSON) or untyped."""

SCALAR_KINDS: frozenset[Kind] = frozenset({"str", "num", "bool", "datetime", "date"})


@dataclass(frozen=True)
class Step:
    """One segment of a path. `many`: its value is an array; `unknown`: its shape is not typed."""

    name: str
    many: bool = False
    unknown: bool = False


@dataclass(frozen=True)
class PathInfo:
    """A resolved dotted path: its steps and the kind of its leaf (of each element when an array)."""

    path: str
    steps: tuple[Step, ...]
    kind: Kind

    @property
    def segments(self) -> tuple[str, ...]:
        return tuple(step.name for step in self.steps)

    @property
    def is_plain(self) -> bool:
        """No array and no untyped step anywhere: the path holds at most one value."""
        return not any(step.many or step.unknown for step in self.steps)

    @property
    def many_positions(self) -> tuple[int, ...]:
        return tuple(i for i, step in enumerate(self.steps) if step.many)


# --- Shapes of annotations ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Shape:
    """`kind` of a value; `model` when it is a typed sub-document; `item` when it is an array;
    `values` when it is a mapping with typed values."""

    kind: Kind
    model: type[BaseModel] | None = None
    item: _Shape | None = None
    values: _Shape | None = None


_ANY = _Shape("any")
_SEQUENCE_ORIGINS = (list, tuple, set, frozenset, Sequence, Set)


def _literal_kind(values: tuple[object, ...]) -> Kind:
    kinds = {_shape_of(type(v)).kind for v in values if v is not None}
    return kinds.pop() if len(kinds) == 1 else "any"


def _union_shape(args: tuple[Any, ...]) -> _Shape:
    shapes = [_shape_of(a) for a in args if a is not type(None)]
    if len(shapes) == 1:
        return shapes[0]
    kinds = {s.kind for s in shapes}
    if len(kinds) == 1 and kinds <= SCALAR_KINDS:
        return shapes[0]
    return _ANY


def _class_shape(tp: type) -> _Shape:
    if issubclass(tp, BaseModel):
        return _Shape("object", model=tp)
    if issubclass(tp, enum.Enum):
        return _Shape(_literal_kind(tuple(member.value for member in tp)))
    checks: tuple[tuple[type, Kind], ...] = (
        (bool, "bool"),
        (datetime, "datetime"),
        (date, "date"),
        (str, "str"),
        (uuid.UUID, "str"),
        (int, "num"),
        (float, "num"),
    )
    for base, kind in checks:
        if issubclass(tp, base):
            return _Shape(kind)
    if issubclass(tp, Mapping):
        return _Shape("object", values=_ANY)
    return _ANY


def _shape_of(tp: Any) -> _Shape:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is Annotated:
        return _shape_of(args[0])
    if origin in (Union, types.UnionType):
        return _union_shape(args)
    if origin is Literal:
        return _Shape(_literal_kind(args))
    if origin in _SEQUENCE_ORIGINS:
        items = [a for a in args if a is not Ellipsis]
        item = _shape_of(items[0]) if len(items) == 1 else _union_shape(tuple(items)) if items else _ANY
        return _Shape("any", item=_ANY if item.item is not None else item)
    if origin in (dict, Mapping):
        return _Shape("object", values=_shape_of(args[1]) if len(args) == 2 else _ANY)
    if isinstance(tp, type):
        return _class_shape(tp)
    return _ANY


def _child(shape: _Shape, name: str, *, where: str) -> _Shape:
    if shape.model is not None:
        field = shape.model.model_fields.get(name)
        if field is not None:
            return _shape_of(field.annotation)
        if shape.model.model_config.get("extra") == "allow":
            return _ANY
        known = ", ".join(shape.model.model_fields)
        raise InvalidQuery(f"{where}: unknown field {name!r}; known fields: {known}", details={"field": name})
    if shape.values is not None:
        return shape.values
    if shape.kind == "any":
        return _ANY
    raise InvalidQuery(
        f"{where}: {name!r} is below a {shape.kind} value, which has no fields", details={"field": name}
    )


class ModelPaths:
    """Resolves and caches dotted paths of one collection's model."""

    def __init__(self, collection: str, model: type[BaseModel]) -> None:
        self.collection = collection
        self.model = model
        self._cache: dict[str, PathInfo] = {}

    def resolve(self, path: str) -> PathInfo:
        """The shape of `path`; raises `InvalidQuery` for unknown fields or malformed paths."""
        cached = self._cache.get(path)
        if cached is not None:
            return cached
        info = self._resolve(path)
        self._cache[path] = info
        return info

    def _resolve(self, path: str) -> PathInfo:
        where = f"{self.collection}.{path}"
        segments = path.split(".") if isinstance(path, str) else []
        if not segments or any(not s or s.startswith("$") or '"' in s for s in segments):
            raise InvalidQuery(f"{self.collection}: malformed field path {path!r}", details={"field": path})
        shape = _Shape("object", model=self.model)
        steps: list[Step] = []
        untyped = False
        for name in segments:
            shape = _ANY if untyped else _child(shape, name, where=where)
            untyped = untyped or (shape.kind == "any" and shape.item is None and shape.values is None)
            if shape.item is not None:
                steps.append(Step(name, many=True))
                shape = shape.item
                untyped = untyped or shape.kind == "any"
            else:
                steps.append(Step(name, unknown=untyped))
        kind: Kind = "any" if untyped else shape.kind
        return PathInfo(path=path, steps=tuple(steps), kind=kind)
