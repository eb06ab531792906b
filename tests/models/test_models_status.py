"""The one status map (02 §5.5) and the one blocker definition (04 §3)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from chiefops.models import (
    STATUS_MAP,
    StatusCategory,
    StatusResolution,
    Task,
    categorize_status,
    is_task_blocked,
    normalize_status,
)

# Spec 02 §5.5, row by row, written out independently of the implementation's table.
SPEC_TABLE: dict[str, list[str]] = {
    "to_do": [
        "to do", "todo", "open", "new", "backlog", "created", "ready", "selected for development", "planned",
        "reopened", "in discussion",
    ],
    "in_progress": [
        "in progress", "in development", "in active development", "in review", "code review", "review", "testing",
        "in testing", "qa", "in qa", "ready for qa", "ready for review",
    ],
    "blocked": ["blocked", "impediment", "on hold", "waiting", "waiting for customer"],
    "done": [
        "done", "closed", "resolved", "complete", "completed", "released", "shipped", "deployed",
        "completed / handed off",
    ],
    "cancelled": ["won't do", "won't fix", "cancelled", "canceled", "duplicate", "rejected", "obsolete"],
}  # fmt: skip
SPEC_ROWS = [(raw, category) for category, raws in SPEC_TABLE.items() for raw in raws]


@pytest.mark.parametrize(("raw", "category"), SPEC_ROWS)
def test_every_spec_status_maps_to_its_category(raw: str, category: str) -> None:
    assert categorize_status(raw) == StatusResolution(StatusCategory(category), "table")


def test_built_in_map_is_exactly_the_spec_table() -> None:
    assert dict(STATUS_MAP) == {raw: StatusCategory(category) for raw, category in SPEC_ROWS}


@pytest.mark.parametrize(
    ("raw", "category"),
    [
        ("  In Progress ", "in_progress"),
        ("IN   REVIEW", "in_progress"),
        ("Won\u2019t Do", "cancelled"),
        ("Completed / Handed Off", "done"),
        ("Selected for Development", "to_do"),
    ],
)
def test_status_is_trimmed_and_case_folded(raw: str, category: str) -> None:
    assert categorize_status(raw).category is StatusCategory(category)


def test_normalize_status_form() -> None:
    assert normalize_status("  Won\u2019t   FIX\t") == "won't fix"


def test_unknown_status_takes_the_files_status_category() -> None:
    assert categorize_status("Ready to Ship", category_hint="In Progress") == StatusResolution(
        StatusCategory.IN_PROGRESS, "hint"
    )
    assert categorize_status("Ready to Ship", category_hint="Done").category is StatusCategory.DONE
    assert (
        categorize_status("Ready to Ship", category_hint="indeterminate").category
        is StatusCategory.IN_PROGRESS
    )


def test_unknown_status_with_a_resolved_date_is_done() -> None:
    assert categorize_status("Signed off", resolved=True) == StatusResolution(StatusCategory.DONE, "resolved")


def test_unknown_status_without_clues_defaults_to_to_do() -> None:
    assert categorize_status("Signed off", category_hint="Mystery") == StatusResolution(
        StatusCategory.TO_DO, "default"
    )


def test_learned_map_answers_first_in_any_case() -> None:
    learned = {"Ready to Ship": "in_progress", "review": "done"}
    assert categorize_status("ready TO ship", learned=learned, category_hint="Done") == StatusResolution(
        StatusCategory.IN_PROGRESS, "learned"
    )
    assert categorize_status("Review", learned=learned) == StatusResolution(StatusCategory.DONE, "learned")


def test_learned_map_with_a_bad_category_names_it() -> None:
    with pytest.raises(ValueError) as caught:
        categorize_status("Ready to Ship", learned={"Ready to Ship": "shipping"})
    assert str(caught.value) == (
        "status_map maps 'Ready to Ship' to 'shipping', which is not a status category; "
        "use one of: to_do, in_progress, blocked, done, cancelled"
    )


T = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def make_task(**overrides: Any) -> Task:
    """An open, unblocked Jira task; overrides change one thing at a time."""
    fields: dict[str, Any] = {
        "task_id": "t-1",
        "source": "jira",
        "jira_key": "ALPHA-1",
        "project_id": "proj-alpha",
        "summary": "Build login",
        "status": "In Progress",
        "created_date": T,
        "updated_date": T,
    }
    return Task.model_validate({**fields, **overrides})


@pytest.mark.parametrize(
    ("overrides", "blocker_categories", "blocked"),
    [
        ({}, None, False),
        ({"status": "Blocked"}, None, True),
        ({"status": "On Hold"}, None, True),
        ({"flagged": True}, None, True),
        ({"labels": ["auth", "blocked"]}, None, True),
        ({"labels": [" Blocked "]}, None, True),
        ({"labels": ["blocked-by-vendor"]}, None, False),
        ({"blocked_by": ["t-2"]}, {"t-2": StatusCategory.IN_PROGRESS}, True),
        ({"blocked_by": ["t-2"]}, {"t-2": StatusCategory.BLOCKED}, True),
        ({"blocked_by": ["t-2"]}, {"t-2": StatusCategory.DONE}, False),
        ({"blocked_by": ["t-2"]}, {"t-2": StatusCategory.CANCELLED}, False),
        ({"blocked_by": ["t-2", "t-3"]}, {"t-2": StatusCategory.DONE, "t-3": StatusCategory.TO_DO}, True),
        ({"blocked_by": ["t-9"]}, {"t-2": StatusCategory.DONE}, True),
        ({"blocked_by": ["t-2"]}, None, True),
        ({"blocked_by_keys": ["VENDOR-7"]}, None, True),
        ({"status": "Done", "flagged": True, "labels": ["blocked"]}, None, False),
        ({"status": "Won't Do", "blocked_by": ["t-2"]}, None, False),
    ],
)
def test_one_blocker_definition(
    overrides: dict[str, Any], blocker_categories: dict[str, StatusCategory] | None, blocked: bool
) -> None:
    assert is_task_blocked(make_task(**overrides), blocker_categories=blocker_categories) is blocked
