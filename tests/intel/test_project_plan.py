"""Deadline, milestones, members and roles in a project (spec 04 §2.5–2.6)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tests.intel.builders import AT, fact, message, task

from chiefops.intel.corrections import active_corrections
from chiefops.intel.project_plan import (
    DatedStatement,
    MemberInputs,
    milestones,
    pick_deadline,
    project_members,
)
from chiefops.models import MilestoneStatus

AS_OF = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)


def statement(day: date, said: datetime) -> DatedStatement:
    return DatedStatement(day, said, f"s-{day}", "#proj-alpha", "launch deadline", "message")


def test_a_coo_deadline_beats_statements_and_the_newest_statement_beats_due_dates() -> None:
    release = task("ALPHA-9", "iOS release").model_copy(
        update={"due_date": datetime(2026, 12, 20, tzinfo=UTC)}
    )
    statements = [statement(date(2026, 12, 1), AT), statement(date(2026, 12, 18), AT + timedelta(days=3))]
    fact_ = active_corrections([fact("project:p-alpha", "deadline", "2027-01-15")])[0]
    assert pick_deadline(fact=fact_, statements=statements, tasks=[release])[0] == date(2027, 1, 15)
    assert pick_deadline(fact=None, statements=statements, tasks=[release])[0] == date(2026, 12, 18)
    assert pick_deadline(fact=None, statements=[], tasks=[release])[:2] == (
        date(2026, 12, 20),
        "due date of ALPHA-9",
    )
    assert pick_deadline(fact=None, statements=[], tasks=[])[0] is None


def test_dated_epics_are_milestones_with_a_status_from_their_tasks() -> None:
    epic = task("ALPHA-1", "Onboarding").model_copy(
        update={"issue_type": "Epic", "due_date": datetime(2026, 10, 1, tzinfo=UTC)}
    )
    late = task("ALPHA-2", "Release prep").model_copy(
        update={"issue_type": "Epic", "due_date": datetime(2026, 11, 1, tzinfo=UTC)}
    )
    done = task("ALPHA-3", "a", status="Done").model_copy(update={"epic_link": "ALPHA-1"})
    open_ = task("ALPHA-4", "b").model_copy(update={"epic_link": "ALPHA-2"})
    assert [(m.name, m.status) for m in milestones([epic, late, done, open_], as_of=AS_OF.date())] == [
        ("Onboarding", MilestoneStatus.COMPLETED),
        ("Release prep", MilestoneStatus.MISSED),
    ]


def members(corrections: list[object] | None = None) -> dict[str, str]:
    tasks = [task("ALPHA-1", "x", assignees=("amit",)), task("ALPHA-2", "y", assignees=("maria",))]
    posts = [
        message(f"m{i}", "hi", author=who, at=AS_OF - timedelta(days=1, minutes=i))
        for i in range(5)
        for who in ("sophie", "priya")
    ]
    inputs = MemberInputs(
        project_id="p-alpha", tasks=tasks, messages=posts, documents=[], assignees_of={},
        roles={"amit": "tech_lead", "priya": "architect", "sophie": "product_manager", "maria": "developer"},
        leadership=lambda person: {"amit": 0.84, "priya": 0.37}.get(person, 0.0),
        resolve=lambda x: x, corrections=corrections or [], resolve_person=lambda x: x,  # type: ignore[arg-type]
    )  # fmt: skip
    people = project_members(inputs, as_of=AS_OF)
    return {m.person_id: m.role_in_project for m in people.members}


def test_the_lead_with_the_highest_project_leadership_is_the_tech_lead() -> None:
    assert members() == {"amit": "tech_lead", "priya": "architect", "sophie": "pm", "maria": "developer"}


def test_the_coo_tech_lead_replaces_the_detected_one() -> None:
    facts = active_corrections([fact("project:p-alpha", "tech_lead", "priya")])
    assert members(facts) == {"amit": "developer", "priya": "tech_lead", "sophie": "pm", "maria": "developer"}
