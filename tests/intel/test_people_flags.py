"""People flags (spec 04 §1.3): silent in a project, going quiet, overloaded, SPOF, the quiet guard."""

from __future__ import annotations

from datetime import date

from tests.intel.builders import task

from chiefops.intel.activity import ActivityResult
from chiefops.intel.people_flags import FlagInputs, ProjectView, compute_flags
from chiefops.models import ActivityLevel, PersonFlag

AS_OF = date(2026, 11, 30)


def level(person: str, value: ActivityLevel = ActivityLevel.ACTIVE) -> ActivityResult:
    return ActivityResult(person, value, 50.0, 10, 2, 5, 1, AS_OF, "")


def inputs(**overrides: object) -> FlagInputs:
    base: dict[str, object] = {
        "activity": {"kevin": level("kevin"), "ana": level("ana")},
        "messages_now": {},
        "messages_before": {},
        "open_tasks": {},
        "in_progress": {},
        "projects": [],
        "assignees": {},
        "last_project_activity": {},
        "role_confidence": {},
        "pending_matches": {},
        "inactive": {},
    }
    base.update(overrides)
    return FlagInputs(**base)  # type: ignore[arg-type]


def test_an_assignee_silent_for_five_days_is_flagged_with_the_tasks_as_evidence() -> None:
    delta = [
        task("DELTA-1", "Billing page", project="p-delta"),
        task("DELTA-2", "Invoices", project="p-delta"),
    ]
    found = compute_flags(
        inputs(
            projects=[ProjectView("p-delta", "Project Delta", date(2027, 1, 22), delta)],
            assignees={"t-DELTA-1": ["kevin"], "t-DELTA-2": ["kevin"]},
            last_project_activity={("kevin", "p-delta"): date(2026, 11, 19)},
            open_tasks={"kevin": 2},
        ),
        as_of=AS_OF,
    )
    (flag,) = found["kevin"]
    assert (flag.flag, flag.severity.value, [e.ref for e in flag.evidence]) == (
        PersonFlag.SILENT_IN_PROJECT,
        "medium",
        ["DELTA-1", "DELTA-2"],
    )
    assert (
        flag.sentence
        == "Holds 2 open Project Delta task(s) (DELTA-1, DELTA-2) but has been silent in the project for 11 days (last activity 2026-11-19)."
    )


def test_a_deadline_within_thirty_days_makes_silence_high() -> None:
    alpha = [task("ALPHA-1", "Login", project="p-alpha")]
    found = compute_flags(
        inputs(
            projects=[ProjectView("p-alpha", "Alpha", date(2026, 12, 18), alpha)],
            assignees={"t-ALPHA-1": ["kevin"]},
            open_tasks={"kevin": 1},
        ),
        as_of=AS_OF,
    )
    assert found["kevin"][0].severity.value == "high"


def test_a_sharp_drop_in_messages_is_going_quiet() -> None:
    found = compute_flags(inputs(messages_now={"ana": 4}, messages_before={"ana": 20}), as_of=AS_OF)
    assert [f.flag for f in found["ana"]] == [PersonFlag.GOING_QUIET]


def test_eight_tasks_in_progress_or_many_open_tasks_is_overloaded() -> None:
    found = compute_flags(inputs(in_progress={"ana": 8}, open_tasks={"ana": 8, "kevin": 1}), as_of=AS_OF)
    assert [f.flag for f in found["ana"]] == [PersonFlag.OVERLOADED]


def test_the_sole_assignee_of_an_epic_due_soon_is_a_single_point_of_failure() -> None:
    tasks = [
        task(f"ALPHA-{i}", "x", project="p-alpha").model_copy(update={"epic_link": "ALPHA-100"})
        for i in range(5)
    ]
    found = compute_flags(
        inputs(
            projects=[ProjectView("p-alpha", "Alpha", date(2026, 12, 18), tasks)],
            assignees={t.task_id: ["ana"] for t in tasks},
            last_project_activity={("ana", "p-alpha"): AS_OF},
            open_tasks={"ana": 5},
        ),
        as_of=AS_OF,
    )
    assert [f.flag for f in found["ana"]] == [PersonFlag.SINGLE_POINT_OF_FAILURE]


def test_a_quiet_person_with_no_open_tasks_and_no_drop_gets_no_activity_flag() -> None:
    found = compute_flags(
        inputs(activity={"kevin": level("kevin", ActivityLevel.QUIET)}, role_confidence={"kevin": 0.5}),
        as_of=AS_OF,
    )
    assert [f.flag for f in found["kevin"]] == [PersonFlag.ROLE_UNCERTAIN]
