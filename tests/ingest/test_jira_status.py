"""Status → status_category through the Jira reader (spec 02 §5.5, §17 check 9)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.ingest.fixtures_jira import Issue, parse, render_csv, write_text

from chiefops.ingest.units import ParseContext
from chiefops.models import StatusCategory

# The §5.5 table, written out here as the oracle.
SPEC_TABLE: dict[StatusCategory, tuple[str, ...]] = {
    StatusCategory.TO_DO: (
        "to do", "todo", "open", "new", "backlog", "created", "ready", "selected for development", "planned",
        "reopened", "in discussion",
    ),
    StatusCategory.IN_PROGRESS: (
        "in progress", "in development", "in active development", "in review", "code review", "review", "testing",
        "in testing", "qa", "in qa", "ready for qa", "ready for review",
    ),
    StatusCategory.BLOCKED: ("blocked", "impediment", "on hold", "waiting", "waiting for customer"),
    StatusCategory.DONE: (
        "done", "closed", "resolved", "complete", "completed", "released", "shipped", "deployed",
        "completed / handed off",
    ),
    StatusCategory.CANCELLED: ("won't do", "won't fix", "cancelled", "canceled", "duplicate", "rejected", "obsolete"),
}  # fmt: skip
CASES = [(raw.capitalize(), category) for category, raws in SPEC_TABLE.items() for raw in raws]


def export(tmp_path: Path, *issues: Issue) -> Path:
    return write_text(tmp_path / "export.csv", render_csv(issues))


@pytest.mark.parametrize(("raw", "category"), CASES)
def test_every_spec_status_maps_through_the_reader(
    tmp_path: Path, raw: str, category: StatusCategory
) -> None:
    parsed = parse(export(tmp_path, Issue("ALPHA-1", "a", status=raw)))
    task = parsed.task("jira:ALPHA-1")
    assert (task.status, task.status_category) == (raw, category)
    assert (parsed.status_maps, parsed.codes) == ([], [])


def test_an_unknown_status_follows_the_status_category_and_is_saved(tmp_path: Path) -> None:
    issues = (
        Issue("ALPHA-1", "a", status="Awaiting Deploy", status_category="In Progress"),
        Issue("ALPHA-2", "b", status="Awaiting Deploy", status_category="In Progress"),
    )
    parsed = parse(export(tmp_path, *issues))
    assert [t.status_category for t in parsed.tasks] == [StatusCategory.IN_PROGRESS] * 2
    assert parsed.status_maps == [("Awaiting Deploy", "in_progress")]


def test_a_localized_status_category_is_understood(tmp_path: Path) -> None:
    parsed = parse(export(tmp_path, Issue("ALPHA-1", "a", status="Erledigt", status_category="Fertig")))
    assert (parsed.task("jira:ALPHA-1").status_category, parsed.status_maps) == (
        StatusCategory.DONE,
        [("Erledigt", "done")],
    )


def test_an_unknown_status_with_a_resolved_date_is_done(tmp_path: Path) -> None:
    resolved = datetime(2026, 9, 20, tzinfo=UTC)
    parsed = parse(export(tmp_path, Issue("ALPHA-1", "a", status="Signed Off", resolved=resolved)))
    task = parsed.task("jira:ALPHA-1")
    assert (task.status_category, task.resolved_date, parsed.codes) == (StatusCategory.DONE, resolved, [])


def test_unmapped_statuses_are_to_do_with_one_warning_listing_them(tmp_path: Path) -> None:
    issues = (
        Issue("ALPHA-1", "a", status="Parked"),
        Issue("ALPHA-2", "b", status="Triage"),
        Issue("ALPHA-3", "c", status="Parked"),
    )
    parsed = parse(export(tmp_path, *issues))
    assert [t.status_category for t in parsed.tasks] == [StatusCategory.TO_DO] * 3
    assert parsed.warnings[0].model_dump() == {
        "code": "status_unmapped",
        "message": "unknown statuses 'Parked', 'Triage' counted as to do; map them in the status_map setting",
    }


def test_the_learned_status_map_wins_over_everything(tmp_path: Path) -> None:
    ctx = ParseContext(job_id="j", status_map={"parked": "blocked", "done": "cancelled"})
    parsed = parse(
        export(tmp_path, Issue("ALPHA-1", "a", status="Parked"), Issue("ALPHA-2", "b", status="Done")),
        ctx=ctx,
    )
    assert [t.status_category for t in parsed.tasks] == [StatusCategory.BLOCKED, StatusCategory.CANCELLED]
    assert [t.is_blocker for t in parsed.tasks] == [True, False]
