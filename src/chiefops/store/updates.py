"""Field updates (`update_many(set=, unset=, inc=, push=, pull=)`) applied to JSON documents.

Both backends apply updates here, in Python, then re-validate the result through the model — so a
write can never leave a document its model would reject, and both backends agree on the outcome.

- `set`: replace the value at a dotted path (intermediate objects are created).
- `unset`: remove the field; a field with a default gets its default back on re-validation.
- `inc`: add a number (a missing field counts as 0).
- `push`: append a value to an array (`{"$each": [...]}` appends several).
- `pull`: remove every element equal to a value (`{"$in": [...]}` removes any of several).

Paths may not cross arrays (no positional updates); one path may appear under one operator only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from chiefops.store.base import InvalidQuery
from chiefops.store.documents import json_form
from chiefops.store.paths import ModelPaths, PathInfo


@dataclass(frozen=True)
class UpdateOps:
    """Checked update operators; values already in JSON form."""

    set: tuple[tuple[PathInfo, Any], ...] = ()
    unset: tuple[PathInfo, ...] = ()
    inc: tuple[tuple[PathInfo, int | float], ...] = ()
    push: tuple[tuple[PathInfo, list[Any]], ...] = ()
    pull: tuple[tuple[PathInfo, list[Any]], ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.set or self.unset or self.inc or self.push or self.pull)


def parse_update(
    paths: ModelPaths,
    *,
    set: Mapping[str, Any] | None,
    unset: Sequence[str] | None,
    inc: Mapping[str, int | float] | None,
    push: Mapping[str, Any] | None,
    pull: Mapping[str, Any] | None,
) -> UpdateOps:
    """Check paths and operands; raise `InvalidQuery` naming the offending one."""
    name = paths.collection
    seen: dict[str, str] = {}

    def resolve(path: str, op: str, *, array: bool = False) -> PathInfo:
        if path in seen:
            raise InvalidQuery(
                f"{name}: {path!r} appears under both {seen[path]} and {op}", details={"field": path}
            )
        seen[path] = op
        info = paths.resolve(path)
        if any(s.many for s in info.steps[:-1]) or (
            array and not (info.steps[-1].many or info.steps[-1].unknown)
        ):
            need = "an array field outside other arrays" if array else "a field outside arrays"
            raise InvalidQuery(f"{name}: {op} {path!r} needs {need}", details={"field": path})
        return info

    def many(value: Any, op: str, path: str, word: str) -> list[Any]:
        if isinstance(value, Mapping):
            if set_keys := [k for k in value if k != word]:
                raise InvalidQuery(f"{name}: {op} {path!r}: unknown modifier(s) {set_keys}; only {word}")
            items = value[word]
            if not isinstance(items, list | tuple):
                raise InvalidQuery(f"{name}: {op} {path!r}: {word} takes a list")
            return [json_form(v) for v in items]
        return [json_form(value)]

    ops = UpdateOps(
        set=tuple((resolve(p, "set"), json_form(v)) for p, v in (set or {}).items()),
        unset=tuple(resolve(p, "unset") for p in (unset or ())),
        inc=tuple((resolve(p, "inc"), _number(name, p, v)) for p, v in (inc or {}).items()),
        push=tuple(
            (resolve(p, "push", array=True), many(v, "push", p, "$each")) for p, v in (push or {}).items()
        ),
        pull=tuple(
            (resolve(p, "pull", array=True), many(v, "pull", p, "$in")) for p, v in (pull or {}).items()
        ),
    )
    if ops.is_empty:
        raise InvalidQuery(f"{name}: update_many needs at least one of set, unset, inc, push, pull")
    return ops


def _number(collection: str, path: str, value: object) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidQuery(
            f"{collection}: inc {path!r} needs a number, got {value!r}", details={"field": path}
        )
    return value


def _parent(doc: dict[str, Any], info: PathInfo, *, create: bool) -> dict[str, Any] | None:
    node: Any = doc
    for name in info.segments[:-1]:
        child = node.get(name)
        if not isinstance(child, dict):
            if not create:
                return None
            child = {}
            node[name] = child
        node = child
    return node if isinstance(node, dict) else None


def apply_update(doc: dict[str, Any], ops: UpdateOps, *, collection: str) -> dict[str, Any]:
    """`doc` (JSON form, modified in place) with the operators applied."""
    for info, value in ops.set:
        parent = _parent(doc, info, create=True)
        assert parent is not None
        parent[info.segments[-1]] = value
    for info in ops.unset:
        parent = _parent(doc, info, create=False)
        if parent is not None:
            parent.pop(info.segments[-1], None)
    for info, amount in ops.inc:
        parent = _parent(doc, info, create=True)
        assert parent is not None
        current = parent.get(info.segments[-1], 0)
        if isinstance(current, bool) or not isinstance(current, int | float):
            raise InvalidQuery(
                f"{collection}: inc {info.path!r}: the stored value {current!r} is not a number"
            )
        parent[info.segments[-1]] = current + amount
    for info, items in ops.push:
        parent = _parent(doc, info, create=True)
        assert parent is not None
        current = parent.get(info.segments[-1])
        if current is not None and not isinstance(current, list):
            raise InvalidQuery(
                f"{collection}: push {info.path!r}: the stored value {current!r} is not an array"
            )
        parent[info.segments[-1]] = [*(current or []), *items]
    for info, items in ops.pull:
        parent = _parent(doc, info, create=False)
        current = parent.get(info.segments[-1]) if parent is not None else None
        if parent is not None and isinstance(current, list):
            parent[info.segments[-1]] = [v for v in current if v not in items]
    return doc
