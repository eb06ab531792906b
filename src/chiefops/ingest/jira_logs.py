"""What a Jira file teaches beyond its rows: warnings, skipped rows, people, learned statuses.

Each is accumulated while rows stream and turned into spool items once the file is done, so a
100,000-row export yields one `story_points_invalid` warning with examples, not 100,000, and one
person per Jira identity with the newest activity the file shows for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from chiefops.ingest.units import PersonItem, StatusMapItem, person_ref_id
from chiefops.models import (
    IngestWarning,
    Person,
    SourceReference,
    SourceSystem,
    StatusResolution,
    categorize_status,
    normalize_status,
)

EXAMPLES = 5
BAD_ROW_EXAMPLES = 20

# Row-level warnings, one per code and file: (one, several) — `{count}` and `{order}` filled in.
_ROW_WARNINGS: dict[str, tuple[str, str]] = {
    "date_unparseable": (
        "1 date cell could not be read and was left empty",
        "{count} date cells could not be read and were left empty",
    ),
    "date_impossible": (
        "1 date cell names no real day in {order} order and was left empty",
        "{count} date cells name no real day in {order} order and were left empty",
    ),
    "story_points_invalid": (
        "1 Story Points value is not a non-negative number and was left empty",
        "{count} Story Points values are not non-negative numbers and were left empty",
    ),
    "summary_truncated": (
        "1 summary longer than 500 characters was cut to 500",
        "{count} summaries longer than 500 characters were cut to 500",
    ),
    "comment_unparsed": (
        "1 comment does not start with 'date;author;' and was kept whole, author unknown, "
        "dated at the issue's last update",
        "{count} comments do not start with 'date;author;' and were kept whole, author unknown, "
        "dated at the issue's last update",
    ),
    "cell_too_large": (
        "1 row was skipped: one of its cells is over the cell size limit (setting CHIEFOPS_MAX_CELL_MB)",
        "{count} rows were skipped: a cell is over the cell size limit (setting CHIEFOPS_MAX_CELL_MB)",
    ),
    "no_key": (
        "1 row has no issue key at the start of its summary and was kept without one",
        "{count} rows have no issue key at the start of their summary and were kept without one",
    ),
}


@dataclass
class _Aggregate:
    count: int = 0
    examples: list[str] = field(default_factory=list)


@dataclass
class WarningLog:
    """File-level warnings as they come, row-level ones counted per code with the first examples."""

    order_name: str = "DMY"
    _file: list[IngestWarning] = field(default_factory=list)
    _rows: dict[str, _Aggregate] = field(default_factory=dict)

    def add(self, warning: IngestWarning) -> None:
        self._file.append(warning)

    def row(self, code: str, example: str) -> None:
        """Count a row-level problem of a `_ROW_WARNINGS` code; `example` says where and what."""
        found = self._rows.setdefault(code, _Aggregate())
        found.count += 1
        if len(found.examples) < EXAMPLES:
            found.examples.append(example)

    def warnings(self) -> list[IngestWarning]:
        rows = [
            IngestWarning(
                code=code,
                message=_ROW_WARNINGS[code][found.count > 1].format(count=found.count, order=self.order_name)
                + ", e.g. "
                + "; ".join(found.examples)
                + ("; …" if found.count > len(found.examples) else ""),
            )
            for code, found in self._rows.items()
        ]
        return [*self._file, *rows]


@dataclass
class BadRows:
    """Skipped rows: how many, and where and why for the first 20."""

    count: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, where: str, reason: str) -> None:
        self.count += 1
        if len(self.examples) < BAD_ROW_EXAMPLES:
            self.examples.append(f"{where}: {reason}")

    def reason(self, *, total: int) -> str:
        """`97 of 100 rows ingested; skipped line 14: missing issue key; …` (§13)."""
        more = "; …" if self.count > len(self.examples) else ""
        return f"{total - self.count} of {total} rows ingested; skipped " + "; ".join(self.examples) + more


@dataclass
class _Seen:
    person_id: str
    name: str | None = None
    named_at: datetime | None = None
    last_active: datetime | None = None


@dataclass
class PeopleLog:
    """Jira people seen in a file, keyed by account id (else display name)."""

    _seen: dict[str, _Seen] = field(default_factory=dict)

    def touch(self, source_id: str, *, name: str | None, at: datetime | None) -> str:
        """Record one appearance; returns the person's provisional id."""
        seen = self._seen.get(source_id)
        if seen is None:
            seen = self._seen[source_id] = _Seen(person_id=person_ref_id(SourceSystem.JIRA, source_id))
        if name and (seen.name is None or (at is not None and (seen.named_at is None or at > seen.named_at))):
            seen.name, seen.named_at = name, at
        if at is not None and (seen.last_active is None or at > seen.last_active):
            seen.last_active = at
        return seen.person_id

    def items(self, *, fallback_at: datetime) -> list[PersonItem]:
        """One `Person` per identity: name = display name (the id when none was seen)."""
        return [
            PersonItem(
                doc=Person(
                    person_id=seen.person_id,
                    name=(seen.name or source_id)[:200],
                    source_ids=[SourceReference(source=SourceSystem.JIRA, source_id=source_id)],
                    role="team_member",
                    jira_username=seen.name,
                    last_active_date=seen.last_active or fallback_at,
                    is_placeholder=seen.name is None,
                )
            )
            for source_id, seen in sorted(self._seen.items())
        ]

    def __len__(self) -> int:
        return len(self._seen)


@dataclass
class StatusLog:
    """§5.5 over a file: one `categorize_status` per distinct input, learned pairs, unmapped values."""

    learned: dict[str, str]
    _cache: dict[tuple[str, str | None, bool], StatusResolution] = field(default_factory=dict)
    _hinted: dict[str, StatusMapItem] = field(default_factory=dict)
    _unmapped: dict[str, None] = field(default_factory=dict)

    def categorize(self, raw: str, *, hint: str | None, resolved: bool) -> StatusResolution:
        key = (raw, hint, resolved)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = categorize_status(
                raw, learned=self.learned, category_hint=hint, resolved=resolved
            )
            self._remember(raw, found)
        return found

    def _remember(self, raw: str, resolution: StatusResolution) -> None:
        lookup = normalize_status(raw)
        if resolution.basis == "hint" and lookup not in self._hinted:
            self._hinted[lookup] = StatusMapItem(raw=raw, category=resolution.category.value)
        elif resolution.basis == "default":
            self._unmapped[raw or "(blank)"] = None

    def items(self) -> list[StatusMapItem]:
        return list(self._hinted.values())

    def warning(self) -> IngestWarning | None:
        """`status_unmapped` listing every distinct unmapped value, or None."""
        if not self._unmapped:
            return None
        values = ", ".join(f"'{raw}'" for raw in self._unmapped)
        what = "status" if len(self._unmapped) == 1 else "statuses"
        return IngestWarning(
            code="status_unmapped",
            message=f"unknown {what} {values} counted as to do; map them in the status_map setting",
        )
