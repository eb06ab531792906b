"""The writer on Jira data (spec 02 §5.6, §7, §8, §17 check 11): updates with transitions, stale rows,
comment sets replaced, derived links, provisional and explicit projects."""

from __future__ import annotations

from pathlib import Path

from tests.ingest.fixtures_ingest import jira_csv, jira_row, message, slack_export, ts

from chiefops.ingest import IngestOptions, IngestService
from chiefops.ingest.units import project_ref_id
from chiefops.models import Message, Project, StatusCategory, Task, derived_id
from chiefops.services import Services
from chiefops.store import get_setting

FIRST = "2026-06-02 10:00;acc-raj;Looks good; ship it\nafter review"
SECOND = "2026-06-02 11:00;acc-priya;Second thoughts"


async def _task(container: Services, key: str) -> Task:
    task = await container.store.typed(Task).find_one({"jira_key": key})
    assert task is not None
    return task


async def test_reexport_with_a_status_change_updates_in_place_with_one_transition(
    container: Services, ingest: IngestService, tmp_path: Path
) -> None:
    v1 = jira_csv(
        tmp_path / "v1.csv",
        [jira_row("ALPHA-7", "In Progress", comments=[FIRST, SECOND]), jira_row("ALPHA-8")],
    )
    v2 = jira_csv(
        tmp_path / "v2.csv",
        [jira_row("ALPHA-7", "Done", updated="2026-06-05 09:00", comments=[FIRST]), jira_row("ALPHA-8")],
    )
    await ingest.run([v1])
    before = await _task(container, "ALPHA-7")
    summary = await ingest.run([v2])
    after = await _task(container, "ALPHA-7")
    comments = await container.store.typed(Message).find({"source": "jira_comment", "channel": "ALPHA-7"})
    assert (summary.tasks.updated, summary.tasks.unchanged, summary.jira_comments.removed) == (1, 1, 1)
    assert await container.store.collection("tasks").count() == 2
    assert (after.task_id, after.created_at, after.status, after.status_category) == (
        before.task_id,
        before.created_at,
        "Done",
        StatusCategory.DONE,
    )
    assert [(t.from_status, t.to_status, t.date.isoformat()) for t in after.state_transitions] == [
        ("In Progress", "Done", "2026-06-05T09:00:00+00:00")
    ]
    assert [m.text for m in comments] == ["Looks good; ship it\nafter review"]


async def test_an_older_export_again_is_stale_and_changes_nothing(
    container: Services, ingest: IngestService, tmp_path: Path
) -> None:
    v1 = jira_csv(tmp_path / "v1.csv", [jira_row("ALPHA-7", "In Progress", comments=[FIRST, SECOND])])
    v2 = jira_csv(
        tmp_path / "v2.csv", [jira_row("ALPHA-7", "Done", updated="2026-06-05 09:00", comments=[FIRST])]
    )
    await ingest.run([v1])
    await ingest.run([v2])
    again = await ingest.run([v1])
    task = await _task(container, "ALPHA-7")
    assert (again.tasks.stale, again.tasks.updated, again.jira_comments.new) == (1, 0, 0)
    assert (task.status, len(task.state_transitions)) == ("Done", 1)
    assert await container.store.collection("messages").count({"channel": "ALPHA-7"}) == 1


async def test_links_resolve_to_task_ids_and_a_done_blocker_resolves_the_link(
    container: Services, ingest: IngestService, tmp_path: Path
) -> None:
    open_blocker = [
        jira_row("ALPHA-1", "In Progress", blocks="ALPHA-2"),
        jira_row("ALPHA-2"),
        jira_row("ALPHA-3", blocked_by="BETA-9"),
    ]
    await ingest.run([jira_csv(tmp_path / "v1.csv", open_blocker)])
    blocker, blocked, outside = [await _task(container, k) for k in ("ALPHA-1", "ALPHA-2", "ALPHA-3")]
    assert (blocked.blocked_by, blocker.blocking) == ([blocker.task_id], [blocked.task_id])
    assert (blocked.is_blocker, blocker.is_blocking) == (True, True)
    assert (outside.blocked_by, outside.blocked_by_keys, outside.is_blocker) == ([], ["BETA-9"], True)
    done = [jira_row("ALPHA-1", "Done", updated="2026-06-06 09:00", blocks="ALPHA-2")]
    await ingest.run([jira_csv(tmp_path / "v2.csv", done)])
    blocker, blocked = await _task(container, "ALPHA-1"), await _task(container, "ALPHA-2")
    assert (blocked.blocked_by, blocked.is_blocker, blocker.is_blocking) == ([blocker.task_id], False, False)


async def test_tasks_get_a_provisional_project_named_after_the_export(
    container: Services, ingest: IngestService, tmp_path: Path
) -> None:
    summary = await ingest.run([jira_csv(tmp_path / "jira.csv", [jira_row("ALPHA-1"), jira_row("ALPHA-2")])])
    project = await container.store.typed(Project).find_one({"project_id": project_ref_id("ALPHA")})
    assert (summary.projects.new, summary.projects.provisional) == (1, 1)
    assert project is not None
    assert (project.name, project.jira_project_keys, project.provisional) == (
        "Project Alpha",
        ["ALPHA"],
        True,
    )
    assert {t.project_id for t in await container.store.typed(Task).find()} == {project.project_id}


async def test_an_explicit_project_gains_the_channels_and_key_prefixes(
    container: Services, ingest: IngestService, tmp_path: Path
) -> None:
    export = slack_export(tmp_path / "export.zip", alpha_dev=("C02", [[message("U01", "hello", ts(0, 60))]]))
    issues = jira_csv(tmp_path / "jira.csv", [jira_row("ALPHA-1")])
    await ingest.run([export, issues], IngestOptions(project="Mobile Launch"))
    project = await container.store.typed(Project).find_one({"name": "Mobile Launch"})
    assert project is not None
    assert (project.project_id, project.slack_channels, project.jira_project_keys, project.provisional) == (
        derived_id("project-name:mobile launch"),
        ["alpha_dev"],
        ["ALPHA"],
        False,
    )
    chat = await container.store.typed(Message).find({"source": "slack"})
    assert {m.project_id for m in chat} == {project.project_id}
    assert (await _task(container, "ALPHA-1")).project_id == project.project_id


async def test_a_channel_listed_on_exactly_one_project_gives_its_messages_that_project(
    container: Services, ingest: IngestService, tmp_path: Path
) -> None:
    await container.store.typed(Project).insert_many(
        [Project(project_id="p-alpha", name="Project Alpha", slack_channels=["general"])]
    )
    await ingest.run([slack_export(tmp_path / "export.zip")])
    assert {m.project_id for m in await container.store.typed(Message).find()} == {"p-alpha"}


async def test_a_status_learned_from_its_category_is_saved_to_the_status_map_setting(
    container: Services, ingest: IngestService, tmp_path: Path
) -> None:
    """§17 check 9 at store level: an unknown status with Status Category `In Progress` is stored as
    `in_progress` and the pair lands in the `status_map` setting, which the next export then uses."""
    first = tmp_path / "first.csv"
    first.write_text(
        "Issue key,Summary,Status,Status Category,Created\n"
        "ALPHA-1,Ship login,Awaiting Deploy,In Progress,2026-06-01 09:00\n"
    )
    later = tmp_path / "later.csv"
    later.write_text(
        "Issue key,Summary,Status,Created\nALPHA-2,Ship signup,Awaiting Deploy,2026-06-02 09:00\n"
    )
    await ingest.run([first])
    learned = await get_setting(container.store, "status_map")
    await ingest.run([later])
    assert learned == {"Awaiting Deploy": "in_progress"}
    assert [(await _task(container, k)).status_category for k in ("ALPHA-1", "ALPHA-2")] == [
        StatusCategory.IN_PROGRESS,
        StatusCategory.IN_PROGRESS,
    ]
