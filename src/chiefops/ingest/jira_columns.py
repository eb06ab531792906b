"""The positional column plan of a Jira table (spec 02 §5.1) and header-based detection (§3 step 5).

The header is a list, never a dict: Jira repeats columns (`Sprint` ×3, `Comment` ×5, `Labels` ×4),
so every position maps to one field and a field owns the positions that carry it, in column
order. Unknown columns are kept raw (`jira_data`).
"""

from __future__ import annotations

import functools
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pydantic import JsonValue

from chiefops.ingest.jira_aliases import (
    ALIASES,
    BLOCKS_LINK_TYPES,
    CUSTOM_FIELD_WRAPPERS,
    INWARD_LINK_PREFIXES,
    OUTWARD_LINK_PREFIXES,
    STATUS_CATEGORY_NAMES,
    Col,
)
from chiefops.models import InputKind

MULTI_COLUMNS: frozenset[Col] = frozenset(
    {Col.SPRINT, Col.LABELS, Col.COMPONENTS, Col.FIX_VERSIONS, Col.AFFECTS_VERSIONS, Col.WATCHERS,
     Col.COMMENTS, Col.ATTACHMENTS, Col.BLOCKS_OUT, Col.BLOCKS_IN}
)  # fmt: skip
"""Fields whose repeated columns are lists in column order."""

FIRST_NON_EMPTY: frozenset[Col] = frozenset({Col.STORY_POINTS, Col.PARENT_KEY})
"""Single-valued fields Jira legitimately exports under several names (no `duplicate_column`)."""

DATE_COLUMNS: tuple[Col, ...] = (Col.CREATED, Col.UPDATED, Col.RESOLVED, Col.DUE)

JIRA_REQUIRED: tuple[Col, ...] = (Col.KEY, Col.SUMMARY, Col.STATUS)
SHEET_REQUIRED: tuple[Col, ...] = (Col.SUMMARY, Col.STATUS)

_LOOKUP: dict[str, Col] = {alias: col for col, aliases in ALIASES.items() for alias in aliases}
_WRAPPED = re.compile(rf"^(?:{'|'.join(map(re.escape, CUSTOM_FIELD_WRAPPERS))})\s*\((.+)\)$")
_LINK = re.compile(r"^(.+?)\s*\(([^()]+)\)$")


def normalize_header(header: str) -> str:
    """Lookup form: trimmed, accents stripped, case-folded, spaces collapsed, `Custom field (X)` → `x`."""
    decomposed = unicodedata.normalize("NFKD", header.replace("\u2019", "'"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = " ".join(plain.split())
    wrapped = _WRAPPED.match(plain)
    return wrapped.group(1).strip() if wrapped else plain


def column_for(header: str) -> Col | None:
    """The field a header names, in any supported language; None when it stays raw."""
    name = normalize_header(header)
    found = _LOOKUP.get(name)
    if found is not None:
        return found
    link = _LINK.match(name)
    if link is None or link.group(2).strip() not in BLOCKS_LINK_TYPES:
        return None
    prefix = link.group(1)
    if prefix in OUTWARD_LINK_PREFIXES:
        return Col.BLOCKS_OUT
    return Col.BLOCKS_IN if prefix in INWARD_LINK_PREFIXES else None


def count_known(header: Sequence[str]) -> int:
    """How many cells of a candidate header row name a known field (XLSX/HTML header search)."""
    return sum(1 for cell in header if column_for(cell) is not None)


@functools.lru_cache(maxsize=256)
def status_category_hint(cell: str) -> str:
    """A Status Category cell in English (`Erledigt` → `done`), for `categorize_status`."""
    name = normalize_header(cell)
    return STATUS_CATEGORY_NAMES.get(name, name)


@dataclass(frozen=True)
class ColumnPlan:
    """Which positions carry which field, and which raw headers repeat."""

    header: tuple[str, ...]
    positions: Mapping[Col, tuple[int, ...]]
    groups: tuple[tuple[str, tuple[int, ...]], ...]
    """Header texts that occur more than once, with their positions (`jira_data` lists)."""
    lone: tuple[tuple[Col, int], ...]
    """Single-valued fields in exactly one column."""
    spread: tuple[tuple[Col, tuple[int, ...]], ...]
    """Single-valued fields in several columns (first non-empty wins)."""
    multis: tuple[tuple[Col, tuple[int, ...]], ...]
    """List fields with their columns in order."""

    def has(self, col: Col) -> bool:
        return col in self.positions

    def duplicated(self) -> list[Col]:
        """Single-valued fields present in several columns (warning `duplicate_column`)."""
        return [
            col
            for col, found in self.positions.items()
            if len(found) > 1 and col not in MULTI_COLUMNS and col not in FIRST_NON_EMPTY
        ]

    def headers_of(self, col: Col) -> list[str]:
        return [self.header[i] for i in self.positions.get(col, ())]

    def missing(self, required: Sequence[Col]) -> list[Col]:
        return [col for col in required if col not in self.positions]


def build_plan(header: Sequence[str]) -> ColumnPlan:
    """Map each header position to its field (§5.1)."""
    cleaned = tuple(" ".join(cell.split()) for cell in header)
    positions: dict[Col, list[int]] = {}
    for index, name in enumerate(cleaned):
        col = column_for(name)
        if col is not None:
            positions.setdefault(col, []).append(index)
    occurrences = Counter(cleaned)
    groups: dict[str, list[int]] = {}
    for index, name in enumerate(cleaned):
        if name and occurrences[name] > 1:
            groups.setdefault(name, []).append(index)
    by_col = {col: tuple(found) for col, found in positions.items()}
    return ColumnPlan(
        header=cleaned,
        positions=by_col,
        lone=tuple(
            (col, found[0]) for col, found in by_col.items() if col not in MULTI_COLUMNS and len(found) == 1
        ),
        spread=tuple(
            (col, found) for col, found in by_col.items() if col not in MULTI_COLUMNS and len(found) > 1
        ),
        multis=tuple((col, found) for col, found in by_col.items() if col in MULTI_COLUMNS),
        groups=tuple((name, tuple(found)) for name, found in groups.items()),
    )


def classify_header(header: Sequence[str]) -> InputKind | None:
    """§3 step 5: key and (summary or status) → `jira_csv`; summary and status → `jira_sheet`."""
    plan = build_plan(header)
    if plan.has(Col.KEY) and (plan.has(Col.SUMMARY) or plan.has(Col.STATUS)):
        return InputKind.JIRA_CSV
    if plan.has(Col.SUMMARY) and plan.has(Col.STATUS):
        return InputKind.JIRA_SHEET
    return None


class RowCells:
    """One row read through a plan, eagerly: the first non-empty value of each single-valued
    field (stripped), the non-empty cells of each list field in column order (verbatim).

    Built once per row on the hot path of a 100,000-row import: plain comprehensions, no calls."""

    __slots__ = ("cells", "lists", "plan", "values")

    def __init__(self, plan: ColumnPlan, cells: Sequence[str]) -> None:
        """`cells` has at least the header's width (readers pad short rows)."""
        self.plan = plan
        self.cells = cells
        values = {col: cell for col, i in plan.lone if (cell := cells[i].strip())}
        for col, positions in plan.spread:
            found = next((cell for i in positions if (cell := cells[i].strip())), None)
            if found:
                values[col] = found
        self.values = values
        self.lists = {
            col: texts
            for col, positions in plan.multis
            if (texts := [cell for i in positions if (cell := cells[i]) and not cell.isspace()])
        }

    def text(self, col: Col) -> str | None:
        """First non-empty cell of a field (stripped), None when blank everywhere."""
        return self.values.get(col)

    def each(self, col: Col) -> list[str]:
        """Every non-empty cell of a list field, in column order, verbatim."""
        return self.lists.get(col, [])

    def raw_data(self) -> dict[str, JsonValue]:
        """`source_evidence.jira_data`: non-empty cells {header: value}, repeated headers as lists."""
        plan, cells = self.plan, self.cells
        evidence: dict[str, JsonValue] = dict(filter(_SECOND, zip(plan.header, cells, strict=False)))
        if any(map(str.isspace, cells)):
            evidence = {name: value for name, value in evidence.items() if not str(value).isspace()}
        evidence.pop("", None)
        for name, positions in plan.groups:
            found: list[JsonValue] = [cell for i in positions if (cell := cells[i]) and not cell.isspace()]
            if found:
                evidence[name] = found
            else:
                evidence.pop(name, None)
        return evidence


_SECOND = operator.itemgetter(1)
