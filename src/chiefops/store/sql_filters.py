"""Compile a parsed filter (`filters.Node`) and sorts to SQLite SQL over the JSON documents.

Indexed scalar paths read their generated column and indexed array paths their side table (so
SQLite's indexes serve them); every other path reads the JSON with `json_extract`/`json_each`,
following the walk of `reference.py` step by step. Typed leaves need no type checks (the store
validated every document); untyped leaves compare only values of the filter value's JSON type
(`json_extract` returns 1/0 for true/false, so booleans are recognised by `json_type`).

Every value and JSON path is a bound parameter; identifiers go through `quote`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from chiefops.store.filters import And, Cmp, Node, Or, Scalar, json_scalar, parse_sort, value_kind
from chiefops.store.paths import ModelPaths, PathInfo, Step

Pred = Callable[[str, str | None], str]
"""Builds a condition on one candidate value: (value SQL, JSON-type SQL or None when typed)."""

_OPS = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
_TYPE_GUARD = {"str": "= 'text'", "num": "IN ('integer','real')", "datetime": "= 'text'", "date": "= 'text'"}


def quote(identifier: str) -> str:
    """The one identifier quoting helper: `"name"` with embedded quotes doubled."""
    return '"' + identifier.replace('"', '""') + '"'


def json_path(segments: Sequence[str]) -> str:
    """`$."a"."b"` — every key quoted (paths never contain a double quote)."""
    return "$" + "".join(f'."{s}"' for s in segments)


@dataclass(frozen=True)
class SqlColumns:
    """Where a collection's table keeps indexed values: generated columns and side tables."""

    table: str
    scalar: Mapping[str, str] = field(default_factory=dict)
    side: Mapping[str, tuple[str, str]] = field(default_factory=dict)


def sql_value(value: Scalar) -> object:
    """A typed value as SQLite compares it: JSON form, booleans as 1/0 (what json_extract returns)."""
    scalar = json_scalar(value)
    return int(scalar) if isinstance(scalar, bool) else scalar


def _negate(sql: str) -> str:
    return f"(({sql}) IS NOT 1)"


def _join(parts: list[str], glue: str, empty: str) -> str:
    if not parts:
        return empty
    return parts[0] if len(parts) == 1 else "(" + f" {glue} ".join(parts) + ")"


def _split(steps: tuple[Step, ...]) -> tuple[tuple[Step, ...], Step, tuple[Step, ...]]:
    """First hop: steps up to the first array or untyped step (or all), that step, the rest."""
    for i, step in enumerate(steps):
        if step.many or step.unknown:
            return steps[: i + 1], step, steps[i + 1 :]
    return steps, steps[-1], ()


class SqlFilterCompiler:
    """Compiles filters and sorts for one collection's table (aliased `t`).

    Values are bound as named parameters collected in `params` (`:p1`, `:p2`, …), so fragments can
    repeat an expression without caring about positional order.
    """

    def __init__(self, columns: SqlColumns, *, alias: str = "t") -> None:
        self.columns = columns
        self.alias = alias
        self.doc = f"{alias}.doc"
        self.id = f"{alias}.id"
        self.params: dict[str, object] = {}
        self._aliases = 0

    def bind(self, value: object) -> str:
        """A placeholder holding `value`."""
        name = f"p{len(self.params) + 1}"
        self.params[name] = value
        return f":{name}"

    def where(self, node: Node) -> str:
        if isinstance(node, Cmp):
            return self._cmp(node)
        parts = [self.where(item) for item in node.items]
        if isinstance(node, And):
            return _join(parts, "AND", "1")
        assert isinstance(node, Or)
        return _join(parts, "OR", "0")

    def order_by(self, paths: ModelPaths, sort: Sequence[tuple[str, int]] | None) -> str:
        """`ORDER BY` terms for a checked sort, ties broken by insertion order."""
        terms = [
            f"{self.scalar_expr(info)} {'ASC' if d == 1 else 'DESC'}" for info, d in parse_sort(paths, sort)
        ]
        return ", ".join([*terms, f"{self.id} ASC"])

    def scalar_expr(self, info: PathInfo) -> str:
        """Value of a plain path: its generated column, else `json_extract`."""
        column = self.columns.scalar.get(info.path)
        if column is not None:
            return f"{self.alias}.{quote(column)}"
        return f"json_extract({self.doc}, {self.bind(json_path(info.segments))})"

    # --- comparisons ----------------------------------------------------------------------------

    def _cmp(self, cmp: Cmp) -> str:
        info = cmp.path
        if cmp.op == "exists":
            sql = self._exists(self.doc, (), info.steps)
            return sql if cmp.exists else _negate(sql)
        if cmp.op in ("eq", "ne"):
            value = cmp.values[0]
            sql = self._null(info) if value is None else self._any(info, self._eq_pred(info, [value]))
            return sql if cmp.op == "eq" else _negate(sql)
        if cmp.op in ("in", "nin"):
            present = [v for v in cmp.values if v is not None]
            parts = [self._any(info, self._eq_pred(info, present))] if present else []
            if len(present) < len(cmp.values):
                parts.append(self._null(info))
            sql = _join(parts, "OR", "0")
            return sql if cmp.op == "in" else _negate(sql)
        return self._any(info, self._range_pred(info, cmp.op, cmp.values[0]))

    def _member(self, value: str, bound: list[object]) -> str:
        if len(bound) == 1:
            return f"{value} = {self.bind(bound[0])}"
        return f"{value} IN ({', '.join(self.bind(v) for v in bound)})"

    def _eq_pred(self, info: PathInfo, values: Sequence[Scalar]) -> Pred:
        typed = info.kind != "any"

        def pred(value: str, jtype: str | None) -> str:
            if typed or jtype is None:
                return self._member(value, [sql_value(v) for v in values])
            parts: list[str] = []
            for kind in ("str", "num", "datetime", "date"):
                same = [json_scalar(v) for v in values if value_kind(v) == kind]
                if same:
                    parts.append(f"({jtype} {_TYPE_GUARD[kind]} AND {self._member(value, list(same))})")
            for flag in (True, False):
                if any(v is flag for v in values):
                    parts.append(f"{jtype} = '{'true' if flag else 'false'}'")
            return _join(parts, "OR", "0")

        return pred

    def _range_pred(self, info: PathInfo, op: str, bound: Scalar) -> Pred:
        kind = value_kind(bound)

        def pred(value: str, jtype: str | None) -> str:
            test = f"{value} {_OPS[op]} {self.bind(sql_value(bound))}"
            if info.kind != "any" or jtype is None:
                return test
            guard = "IN ('true','false')" if kind == "bool" else _TYPE_GUARD[kind]
            return f"({jtype} {guard} AND {test})"

        return pred

    # --- candidate sources: walks mirroring reference._walk ---------------------------------------

    def _any(self, info: PathInfo, pred: Pred) -> str:
        if info.kind != "any":
            column = self.columns.scalar.get(info.path)
            if column is not None and info.is_plain:
                return pred(f"{self.alias}.{quote(column)}", None)
            side = self.columns.side.get(info.path)
            if side is not None:
                cond = pred(f"s.{quote(side[1])}", None)
                return f"{self.id} IN (SELECT s.doc_id FROM {quote(side[0])} AS s WHERE {cond})"
        return self._walk_any(self.doc, (), info.steps, pred)

    def _each(self, src: str, path: str) -> tuple[str, str]:
        self._aliases += 1
        j = f"j{self._aliases}"
        return j, f"json_each({src}, {path}) AS {j}"

    def _walk_any(self, src: str, prefix: tuple[str, ...], steps: tuple[Step, ...], pred: Pred) -> str:
        hop, last, rest = _split(steps)
        segments = prefix + tuple(s.name for s in hop)
        path = self.bind(json_path(segments))
        j, each = self._each(src, path)
        if not rest:
            if last.many:
                return f"EXISTS (SELECT 1 FROM {each} WHERE {pred(f'{j}.value', f'{j}.type')})"
            direct = pred(f"json_extract({src}, {path})", f"json_type({src}, {path})")
            if not last.unknown:
                return direct
            elements = f"EXISTS (SELECT 1 FROM {each} WHERE {pred(f'{j}.value', f'{j}.type')})"
            return f"(CASE WHEN json_type({src}, {path}) = 'array' THEN {elements} ELSE {direct} END)"
        elements = f"EXISTS (SELECT 1 FROM {each} WHERE {j}.type = 'object' AND {self._walk_any(f'{j}.value', (), rest, pred)})"
        if last.many:
            return elements
        nested = self._walk_any(src, segments, rest, pred)
        return f"(CASE json_type({src}, {path}) WHEN 'array' THEN {elements} WHEN 'object' THEN {nested} ELSE 0 END)"

    def _null(self, info: PathInfo) -> str:
        column = self.columns.scalar.get(info.path)
        if column is not None and info.is_plain:
            return f"{self.alias}.{quote(column)} IS NULL"
        return self._walk_null(self.doc, (), info.steps)

    def _walk_null(self, src: str, prefix: tuple[str, ...], steps: tuple[Step, ...]) -> str:
        hop, last, rest = _split(steps)
        segments = prefix + tuple(s.name for s in hop)
        path = self.bind(json_path(segments))
        jtype = f"json_type({src}, {path})"
        if not rest and not (last.many or last.unknown):
            return f"json_extract({src}, {path}) IS NULL"
        j, each = self._each(src, path)
        if not rest:
            null_member = f"EXISTS (SELECT 1 FROM {each} WHERE {j}.type = 'null')"
            return f"({jtype} IS NULL OR {jtype} = 'null' OR ({jtype} = 'array' AND {null_member}))"
        elements = f"EXISTS (SELECT 1 FROM {each} WHERE {j}.type = 'object' AND {self._walk_null(f'{j}.value', (), rest)})"
        if last.many:
            return f"({jtype} IS NULL OR {jtype} = 'null' OR {elements})"
        nested = self._walk_null(src, segments, rest)
        return (
            f"({jtype} IS NULL OR {jtype} NOT IN ('array','object') OR "
            f"({jtype} = 'array' AND {elements}) OR ({jtype} = 'object' AND {nested}))"
        )

    def _exists(self, src: str, prefix: tuple[str, ...], steps: tuple[Step, ...]) -> str:
        hop, last, rest = _split(steps)
        segments = prefix + tuple(s.name for s in hop)
        path = self.bind(json_path(segments))
        if not rest:
            return f"json_type({src}, {path}) IS NOT NULL"
        j, each = self._each(src, path)
        elements = f"EXISTS (SELECT 1 FROM {each} WHERE {j}.type = 'object' AND {self._exists(f'{j}.value', (), rest)})"
        if last.many:
            return elements
        nested = self._exists(src, segments, rest)
        return f"(CASE json_type({src}, {path}) WHEN 'array' THEN {elements} WHEN 'object' THEN {nested} ELSE 0 END)"
