"""The one status map (spec 02 §5.5) and the one blocker definition (spec 04 §3).

Ingestion, intel, dashboards, alerts and reports all call these two functions; nobody keeps a
second list of statuses. Both are pure: the learned map and the blockers' categories are inputs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Literal, NamedTuple

from chiefops.models.enums import StatusCategory

if TYPE_CHECKING:
    from chiefops.models.tasks import Task

_TABLE: dict[StatusCategory, tuple[str, ...]] = {
    StatusCategory.TO_DO: (
        "to do", "todo", "open", "new", "backlog", "created", "ready", "selected for development",
        "planned", "reopened", "in discussion",
    ),
    StatusCategory.IN_PROGRESS: (
        "in progress", "in development", "in active development", "in review", "code review", "review",
        "testing", "in testing", "qa", "in qa", "ready for qa", "ready for review",
    ),
    StatusCategory.BLOCKED: ("blocked", "impediment", "on hold", "waiting", "waiting for customer"),
    StatusCategory.DONE: (
        "done", "closed", "resolved", "complete", "completed", "released", "shipped", "deployed",
        "completed / handed off",
    ),
    StatusCategory.CANCELLED: (
        "won't do", "won't fix", "cancelled", "canceled", "duplicate", "rejected", "obsolete",
    ),
}  # fmt: skip

STATUS_MAP: Mapping[str, StatusCategory] = {
    raw: category for category, raws in _TABLE.items() for raw in raws
}
"""Built-in raw status (normalised) → category, exactly the rows of spec 02 §5.5."""

# Jira's "Status Category" column: display names and the internal keys new / indeterminate / done.
_CATEGORY_HINTS: Mapping[str, StatusCategory] = {
    "to do": StatusCategory.TO_DO,
    "new": StatusCategory.TO_DO,
    "in progress": StatusCategory.IN_PROGRESS,
    "indeterminate": StatusCategory.IN_PROGRESS,
    "done": StatusCategory.DONE,
}

OPEN_CATEGORIES: frozenset[StatusCategory] = frozenset(
    {StatusCategory.TO_DO, StatusCategory.IN_PROGRESS, StatusCategory.BLOCKED}
)
"""Open work (spec 04 §3)."""

CLOSED_CATEGORIES: frozenset[StatusCategory] = frozenset({StatusCategory.DONE, StatusCategory.CANCELLED})

StatusBasis = Literal["learned", "table", "hint", "resolved", "default"]


class StatusResolution(NamedTuple):
    """A category and the rule that chose it.

    `basis`: `learned` (the `status_map` setting / a COO fact), `table` (spec 02 §5.5), `hint` (the file's
    Status Category; the caller saves the pair to `status_map`), `resolved` (a resolved date), `default`
    (`to_do`; the caller warns `status_unmapped`).
    """

    category: StatusCategory
    basis: StatusBasis


def normalize_status(raw: str) -> str:
    """Lookup form of a raw status: trimmed, case-folded, inner whitespace collapsed, ’ read as '."""
    return " ".join(raw.replace("\u2019", "'").casefold().split())


def categorize_status(
    raw: str,
    *,
    learned: Mapping[str, str] | None = None,
    category_hint: str | None = None,
    resolved: bool = False,
) -> StatusResolution:
    """Status category of a raw Jira status (spec 02 §5.5).

    Order: `learned` (the `status_map` setting with COO `status_map` facts merged over it, keys in any
    case) → the built-in table → the file's Status Category (`category_hint`) → `done` when the issue
    has a resolved date → `to_do`. Learned entries come first so the COO can correct any status.
    Raises `ValueError` when a learned value is not a category name.
    """
    key = normalize_status(raw)
    if learned:
        for learned_raw, value in learned.items():
            if normalize_status(learned_raw) == key:
                return StatusResolution(_category_value(value, raw=learned_raw), "learned")
    if key in STATUS_MAP:
        return StatusResolution(STATUS_MAP[key], "table")
    hint = _CATEGORY_HINTS.get(normalize_status(category_hint)) if category_hint else None
    if hint is not None:
        return StatusResolution(hint, "hint")
    if resolved:
        return StatusResolution(StatusCategory.DONE, "resolved")
    return StatusResolution(StatusCategory.TO_DO, "default")


def _category_value(value: str, *, raw: str) -> StatusCategory:
    try:
        return StatusCategory(value)
    except ValueError:
        allowed = ", ".join(c.value for c in StatusCategory)
        raise ValueError(
            f"status_map maps {raw!r} to {value!r}, which is not a status category; use one of: {allowed}"
        ) from None


def has_blocked_label(labels: Iterable[str]) -> bool:
    """True when a label reads `blocked` (any case, surrounding spaces ignored)."""
    return any(label.strip().casefold() == "blocked" for label in labels)


def is_task_blocked(task: Task, *, blocker_categories: Mapping[str, StatusCategory] | None = None) -> bool:
    """The product's one blocker definition (spec 04 §3): is this task blocked?

    An open task is blocked when its category is `blocked`, Jira's `Flagged` is set, the label `blocked`
    is present, or an "is blocked by" link is unresolved. A link is resolved only when its blocker's
    category, looked up in `blocker_categories` (task_id → category), is done or cancelled; a blocker
    the caller cannot show as closed — unknown id, or a key outside the data (`blocked_by_keys`) —
    counts as unresolved. Done and cancelled tasks are never blocked.
    """
    if task.status_category in CLOSED_CATEGORIES:
        return False
    if task.status_category is StatusCategory.BLOCKED or task.flagged or has_blocked_label(task.labels):
        return True
    if task.blocked_by_keys:
        return True
    categories = blocker_categories or {}
    return any(categories.get(blocker_id) not in CLOSED_CATEGORIES for blocker_id in task.blocked_by)
