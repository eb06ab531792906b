"""Rows out of the store: projections and aggregate values decoded by the model's field kinds.

Documents hold datetimes as fixed-width strings on SQLite and as BSON dates on MongoDB, dates as ISO
strings on both, booleans as 0/1 where SQLite computes them. `decode_value` turns any of these into
what the model would hold (aware UTC `datetime`, `date`, `bool`), so rows compare equal across
backends.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from chiefops.store.paths import Kind, ModelPaths

_MISSING = object()


def parse_utc(text: str) -> datetime:
    """Parse a stored datetime string (fixed-width `...Z` or any ISO form with an offset)."""
    value = datetime.fromisoformat(text)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def decode_value(kind: Kind, value: Any) -> Any:
    """A stored scalar (or list of them) as the model holds it; other values pass through."""
    if isinstance(value, list):
        return [decode_value(kind, v) for v in value]
    if value is None:
        return None
    if kind == "datetime":
        if isinstance(value, str):
            return parse_utc(value)
        if isinstance(value, datetime):
            return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    if kind == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    if kind == "bool" and isinstance(value, int) and not isinstance(value, bool):
        return bool(value)
    return value


def pick(node: Any, segments: Sequence[str]) -> Any:
    """Value at `segments` (missing: None); through an array of objects, the list of each element's value."""
    for i, name in enumerate(segments):
        if isinstance(node, list):
            return [pick(e, segments[i:]) for e in node if isinstance(e, dict)]
        if not isinstance(node, dict):
            return None
        node = node.get(name)
    return node


def project(doc: dict[str, Any], fields: Sequence[str], paths: ModelPaths) -> dict[str, Any]:
    """One projected row: every requested path as a key (dots kept), None when missing or null."""
    row: dict[str, Any] = {}
    for field in fields:
        info = paths.resolve(field)
        row[field] = decode_value(info.kind, pick(doc, info.segments))
    return row
