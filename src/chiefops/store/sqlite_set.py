"""`update_many(set=…)` done in place with `json_set`, for the common bulk case.

The general update path reads every matching document, applies the operators in Python and
re-validates the whole document through its model (`updates.apply_update`). For the analysis'
bulk write-backs ("every Slack message of #proj-alpha now belongs to Project Alpha") that costs a
read, a validation and a serialisation per document. When the update only sets top-level scalar
fields of a model without validators or serializers declared on the model (those would be
skipped), validating each new *value* against its field is the same check, so the documents can be
changed by one `UPDATE … SET doc = json_set(doc, …)`:

- each value is validated by its field's own type (constraints included) and rendered by the
  field's serializer, so the stored JSON is what the model would have written (SQLite keeps the
  rest of the document's text as it is);
- fields that side tables or unique indexes depend on take the general path (their rows and
  conflict messages are the writer's job), as do `unset`, `inc`, `push`, `pull` and dotted paths;
- only documents whose value actually differs are written, so the count is the same as the
  general path's and unchanged documents keep their `updated_at`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any

import orjson
from pydantic import BaseModel, TypeAdapter, ValidationError

from chiefops.models.registry import CollectionSpec
from chiefops.store.base import InvalidDocument
from chiefops.store.sql_filters import json_path, quote
from chiefops.store.sqlite_schema import TableSchema
from chiefops.store.updates import UpdateOps


@dataclass(frozen=True)
class InPlaceSet:
    """One field to set: its JSON path, the value's JSON text and the value as SQLite compares it."""

    path: str
    json: str
    sql: object


@lru_cache(maxsize=512)
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    field = model.model_fields[name]
    # Annotated needs at least one annotation besides the type; a field without constraints is its type.
    rebuilt: Any = Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
    return TypeAdapter(rebuilt)


def _has_decorated_checks(model: type[BaseModel]) -> bool:
    """Validators or serializers declared on the model rather than in a field's type: validating a
    value against its field type alone would skip them."""
    decorators = model.__pydantic_decorators__
    return bool(
        decorators.model_validators
        or decorators.field_validators
        or decorators.field_serializers
        or decorators.model_serializers
    )


def _locked_fields(spec: CollectionSpec, schema: TableSchema) -> set[str]:
    """Top-level fields a side table or a unique index reads."""
    locked = {side.root[0] for side in schema.sides.values()}
    locked |= {path.split(".")[0] for side in schema.sides.values() for path in side.companions}
    locked |= {path.split(".")[0] for index in spec.indexes if index.unique for path in index.paths}
    return locked


def plan_in_place(spec: CollectionSpec, schema: TableSchema, ops: UpdateOps) -> list[InPlaceSet] | None:
    """The in-place plan for `ops`, or None when the general path must run (see module docstring)."""
    if ops.unset or ops.inc or ops.push or ops.pull or not ops.set:
        return None
    model = spec.model
    if _has_decorated_checks(model):
        return None
    locked = _locked_fields(spec, schema)
    plan: list[InPlaceSet] = []
    for info, value in ops.set:
        name = info.path
        if len(info.segments) != 1 or name in locked or name not in model.model_fields:
            return None
        adapter = _field_adapter(model, name)
        try:
            rendered = adapter.dump_json(adapter.validate_python(value)).decode()
        except ValidationError as error:
            first = error.errors()[0]
            raise InvalidDocument(
                f"{spec.name}: set {name}: {first['msg']} (got {value!r}); nothing was written",
                details={"collection": spec.name, "field": name},
            ) from None
        parsed = orjson.loads(rendered)
        if isinstance(parsed, dict | list):
            return None
        plan.append(
            InPlaceSet(json_path([name]), rendered, int(parsed) if isinstance(parsed, bool) else parsed)
        )
    return plan


def set_in_place(
    conn: sqlite3.Connection, table: str, plan: list[InPlaceSet], *, ids_sql: str, params: dict[str, object]
) -> int:
    """Apply `plan` to the documents `ids_sql` selects; returns how many changed."""
    assignments = "doc"
    differs: list[str] = []
    values: dict[str, object] = dict(params)
    for n, field in enumerate(plan):
        assignments = f"json_set({assignments}, :_p{n}, json(:_j{n}))"
        differs.append(f"json_extract(doc, :_p{n}) IS NOT :_v{n}")
        values |= {f"_p{n}": field.path, f"_j{n}": field.json, f"_v{n}": field.sql}
    sql = (
        f"UPDATE {quote(table)} SET doc = {assignments} WHERE id IN ({ids_sql}) AND ({' OR '.join(differs)})"
    )
    return conn.execute(sql, values).rowcount
