"""Documents on their way in: validation through the collection's model, upsert keys, JSON form.

Both backends validate here, so an invalid document fails with the same `InvalidDocument` message
(collection, document number, id, field, offending value) before anything is written.

Upsert keys: `key=` names one or more typed scalar fields (default: the spec's natural key, else its
id field). A document whose key value is missing or null is keyed by its id field instead, so
seed-shaped documents without a natural key still upsert idempotently.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from chiefops.models.base import Record, format_utc
from chiefops.models.registry import CollectionSpec
from chiefops.store.base import InvalidDocument, InvalidQuery
from chiefops.store.paths import SCALAR_KINDS, ModelPaths

KeyValue = tuple[object, ...]


def _short(value: object, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def invalid_document(
    spec: CollectionSpec, index: int, doc: Mapping[str, Any], error: ValidationError
) -> InvalidDocument:
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or "(document)"
    ident = doc.get(spec.id_field)
    which = f"document #{index}" + (f" ({spec.id_field}={ident!r})" if ident is not None else "")
    got = f" (got {_short(first['input'])})" if field != "(document)" else ""
    return InvalidDocument(
        f"{spec.name}: {which} is invalid: {field}: {first['msg']}{got}; nothing from this batch was written",
        details={
            "collection": spec.name,
            "index": index,
            "field": field,
            "value": _short(first.get("input")),
            "errors": error.error_count(),
        },
    )


def iter_models(spec: CollectionSpec, docs: Iterable[Record | Mapping[str, Any]]) -> Iterator[Record]:
    """Each document as the collection's model, one at a time: models pass as they are, mappings are
    validated; raises `InvalidDocument` at the first invalid one."""
    model = spec.model
    for index, doc in enumerate(docs):
        if isinstance(doc, model):
            yield doc
        elif isinstance(doc, Mapping):
            try:
                yield model.model_validate(doc)
            except ValidationError as error:
                raise invalid_document(spec, index, doc, error) from None
        else:
            raise InvalidDocument(
                f"{spec.name}: document #{index} is a {type(doc).__name__}; expected a {model.__name__} or a mapping; "
                "nothing from this batch was written",
                details={"collection": spec.name, "index": index, "type": type(doc).__name__},
            )


def validate_docs(spec: CollectionSpec, docs: Sequence[Record | Mapping[str, Any]]) -> list[Record]:
    """Every document as the collection's model (see `iter_models`)."""
    return list(iter_models(spec, docs))


def json_form(value: Any) -> Any:
    """A Python value in the documents' JSON form (datetimes fixed-width, enums as values)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, enum.Enum):
        return json_form(value.value)
    if isinstance(value, datetime):
        return format_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): json_form(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_form(v) for v in value]
    return value


@dataclass(frozen=True)
class UpsertKey:
    """The field(s) upserts match on, and the id-field fallback."""

    paths: tuple[str, ...]
    fallback: tuple[str, ...]

    def of(self, model: Record) -> tuple[tuple[str, ...], KeyValue]:
        """Which key applies to `model` and its value (JSON form; bools stay bools)."""
        value = tuple(json_form(_attr(model, p)) for p in self.paths)
        if any(v is None for v in value):
            return self.fallback, tuple(json_form(_attr(model, p)) for p in self.fallback)
        return self.paths, value


def _attr(model: Record, path: str) -> Any:
    node: Any = model
    for name in path.split("."):
        node = getattr(node, name, None) if node is not None else None
    return node


def upsert_key(spec: CollectionSpec, paths: ModelPaths, key: str | Sequence[str] | None) -> UpsertKey:
    """Resolve `key=` (or the spec's default) and check each field is a typed scalar."""
    names = (
        (spec.natural_key or spec.id_field,)
        if key is None
        else (key,)
        if isinstance(key, str)
        else tuple(key)
    )
    if not names:
        raise InvalidQuery(f"{spec.name}: upsert key must name at least one field")
    for name in (*names, spec.id_field):
        info = paths.resolve(name)
        if not info.is_plain or info.kind not in SCALAR_KINDS:
            raise InvalidQuery(
                f"{spec.name}: upsert key {name!r} must be a typed scalar field outside arrays",
                details={"key": name},
            )
    return UpsertKey(paths=names, fallback=(spec.id_field,))
