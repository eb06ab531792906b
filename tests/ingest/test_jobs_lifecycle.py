"""Jobs (spec 02 §11, §13, §15): stages and events, the summary, partial batches, hooks, the index
being down, cancel, retry and delete — through `IngestService`."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from tests.ingest.fixtures_ingest import (
    SUMMARY_KEYS,
    RecordingSink,
    counts,
    ingest_service,
    jira_csv,
    jira_row,
    slack_export,
)

from chiefops.config import Settings
from chiefops.errors import Conflict, Gone, ValidationFailed
from chiefops.events import Event
from chiefops.ingest import IngestHooks, IngestService
from chiefops.models import Document, FileStatus, IngestionJob, IngestionStatus, JobOutcome
from chiefops.services import Services, running_services

STAGES = ["queued", "detecting", "parsing", "writing", "resolving_people", "indexing", "analyzing"]


def corrupt_zip(path: Path, source: Path) -> Path:
    """The first 60 % of a real ZIP: a truncated download."""
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.6)])
    return path


async def test_a_job_passes_every_stage_and_announces_each_file_and_its_end(
    container: Services, tmp_path: Path
) -> None:
    events: list[Event] = []
    files = [slack_export(tmp_path / "export.zip"), jira_csv(tmp_path / "jira.csv", [jira_row("ALPHA-1")])]
    summary = await container.ingest.run_with_events(files, on_event=events.append)
    stages = [e.data["stage"] for e in events if e.name == "ingest.job"]
    phases = {(e.data["name"], e.data["phase"]) for e in events if e.name == "ingest.file"}
    assert list(dict.fromkeys(stages)) == STAGES
    assert {
        ("export.zip", "detected"),
        ("export.zip", "done"),
        ("jira.csv", "detected"),
        ("jira.csv", "done"),
    } <= phases
    assert [e.name for e in events].count("ingest.done") == 1
    assert events[-1].name == "ingest.done"
    assert events[-1].data["summary"] == summary.model_dump(mode="json")
    assert events[0].name == "ingest.job"  # the snapshot every (re)connection starts with
    assert [e.seq for e in events[1:]] == list(range(1, len(events)))


async def test_the_summary_has_every_key_and_is_stored_on_the_job(
    container: Services, tmp_path: Path
) -> None:
    summary = await container.ingest.run([slack_export(tmp_path / "export.zip")])
    job = await container.ingest.get(summary.job_id)
    assert set(summary.model_dump()) == SUMMARY_KEYS
    assert job.summary == summary
    assert (job.status, job.outcome, job.progress.stage, job.progress.percentage) == (
        IngestionStatus.COMPLETED,
        JobOutcome.OK,
        "analyzing",
        100.0,
    )
    assert (job.stats.messages_processed, job.file_type.value, job.triggered_by.value) == (
        6,
        "slack_zip",
        "cli",
    )


async def test_data_changed_is_announced_on_the_app_bus_after_writing(
    container: Services, recording_ingest: IngestService, tmp_path: Path
) -> None:
    await recording_ingest.run([slack_export(tmp_path / "export.zip")])
    [changed] = [e for e in container.events.recent() if e.name == "data.changed"]
    collections = changed.data["collections"]
    assert collections == ["channels", "message_rollups", "messages", "people"]
    assert changed.data["versions"] == {
        name: await container.store.data_version(name) for name in collections
    }


async def test_a_corrupt_file_fails_alone_and_the_rest_of_the_batch_lands(
    container: Services, tmp_path: Path
) -> None:
    good = slack_export(tmp_path / "export.zip")
    bad = corrupt_zip(tmp_path / "broken.zip", good)
    summary = await container.ingest.run([bad, good])
    job = await container.ingest.get(summary.job_id)
    broken = next(f for f in summary.file_results if f.path == "broken.zip")
    assert (summary.outcome, summary.files.failed, summary.files.ingested, summary.messages.new) == (
        JobOutcome.PARTIAL,
        1,
        1,
        6,
    )
    assert (broken.status, broken.code, broken.recoverable) == (FileStatus.FAILED, "corrupt_archive", False)
    assert broken.reason is not None and broken.reason.startswith("broken.zip: not a readable ZIP")
    assert job.errors == [broken.reason]


async def test_hooks_run_in_their_stages_and_a_failing_hook_leaves_the_job_ok(
    container: Services, tmp_path: Path
) -> None:
    seen: list[tuple[str, str]] = []

    async def resolve(job: IngestionJob) -> None:
        seen.append(("resolving_people", job.progress.stage))

    async def analyze(job: IngestionJob) -> None:
        raise RuntimeError("analysis engine offline")

    hooks = IngestHooks(resolving_people=[resolve], analyzing=[analyze])
    service = ingest_service(container, RecordingSink(), hooks=hooks)
    try:
        summary = await service.run([slack_export(tmp_path / "export.zip")])
    finally:
        await service.close()
    job = await container.ingest.get(summary.job_id)
    assert seen == [("resolving_people", "resolving_people")]
    assert summary.outcome is JobOutcome.OK
    assert job.errors == [
        "analyzing: test_hooks_run_in_their_stages_and_a_failing_hook_leaves_the_job_ok.<locals>.analyze failed "
        "(RuntimeError: analysis engine offline)"
    ]


async def test_without_hooks_the_stages_say_there_is_nothing_to_do(
    recording_ingest: IngestService, tmp_path: Path
) -> None:
    events: list[Event] = []
    await recording_ingest.run_with_events([slack_export(tmp_path / "export.zip")], on_event=events.append)
    details: dict[object, object] = {}
    for event in events:
        if event.name == "ingest.job":
            details.setdefault(event.data["stage"], event.data.get("detail"))
    assert details["resolving_people"] == "resolving people: no step registered, nothing to do"
    assert details["analyzing"] == "analyzing: no step registered, nothing to do"


async def test_an_unavailable_index_leaves_the_records_and_warns_index_pending(
    container: Services, tmp_path: Path
) -> None:
    drive = tmp_path / "Drive"
    drive.mkdir()
    (drive / "plan.md").write_text("# Plan\n\nShip it.\n")
    service = ingest_service(container, RecordingSink(fail=True))
    try:
        summary = await service.run([drive])
    finally:
        await service.close()
    document = await container.store.typed(Document).find_one()
    assert (summary.outcome, summary.documents.new, summary.index.pending) == (JobOutcome.OK, 1, 1)
    assert [w.code for w in summary.file_results[0].warnings] == ["index_pending"]
    assert document is not None and document.citex_status.value == "failed"


async def test_a_job_cancelled_while_queued_never_runs(container: Services, tmp_path: Path) -> None:
    first = await container.ingest.submit([slack_export(tmp_path / "a.zip")])
    second = await container.ingest.submit([jira_csv(tmp_path / "jira.csv", [jira_row("ALPHA-1")])])
    cancelled = await container.ingest.cancel(second)
    await container.ingest.wait(first)
    summary = await container.ingest.wait(second)
    assert (cancelled.status, summary.outcome) == (IngestionStatus.FAILED, JobOutcome.CANCELLED)
    assert await container.store.collection("tasks").count() == 0


async def test_a_running_job_cancelled_stops_and_a_retry_completes_it(
    container: Services, tmp_path: Path
) -> None:
    export = slack_export(tmp_path / "export.zip")
    job_id = await container.ingest.submit([export])
    async for event in container.ingest.events(job_id, after_seq=0):
        if event.name == "ingest.job" and event.data["stage"] == "parsing":
            await container.ingest.cancel(job_id)
    summary = await container.ingest.wait(job_id)
    [result] = summary.file_results
    assert (summary.outcome, result.status, result.code, result.recoverable) == (
        JobOutcome.CANCELLED,
        FileStatus.FAILED,
        "cancelled",
        True,
    )
    retried = await container.ingest.retry(job_id)
    final = await container.ingest.wait(retried.job_id)
    assert (final.outcome, (await counts(container.store))["messages"]) == (JobOutcome.OK, 6)


async def test_cancelling_a_finished_job_conflicts(container: Services, tmp_path: Path) -> None:
    summary = await container.ingest.run([slack_export(tmp_path / "export.zip")])
    with pytest.raises(Conflict):
        await container.ingest.cancel(summary.job_id)


async def test_retry_of_a_clean_job_has_nothing_to_do(container: Services, tmp_path: Path) -> None:
    summary = await container.ingest.run([slack_export(tmp_path / "export.zip")])
    with pytest.raises(ValidationFailed) as caught:
        await container.ingest.retry(summary.job_id)
    assert caught.value.status == 422


async def test_retry_after_the_files_are_gone_is_refused_as_gone(container: Services, tmp_path: Path) -> None:
    export = slack_export(tmp_path / "export.zip")
    job_id = await container.ingest.submit([export])
    async for event in container.ingest.events(job_id, after_seq=0):
        if event.name == "ingest.job" and event.data["stage"] == "parsing":
            await container.ingest.cancel(job_id)
    await container.ingest.wait(job_id)
    export.unlink()
    with pytest.raises(Gone) as caught:
        await container.ingest.retry(job_id)
    assert caught.value.status == 410


async def test_retry_of_a_partial_job_reruns_only_the_failed_file(
    container: Services, settings: Settings, tmp_path: Path
) -> None:
    small = slack_export(tmp_path / "export.zip")
    issues = jira_csv(tmp_path / "jira.csv", [jira_row(f"ALPHA-{i}") for i in range(1, 61)])
    container.settings.max_rows = 50
    first = await container.ingest.run([small, issues])
    container.settings.max_rows = 1_000_000
    retried = await container.ingest.retry(first.job_id)
    final = await container.ingest.wait(retried.job_id)
    async with running_services(Settings(data_dir=tmp_path / "clean", _env_file=None)) as clean:  # type: ignore[call-arg]
        await clean.ingest.run([small, issues])
        expected = await counts(clean.store)
    assert (first.outcome, [(f.code, f.recoverable) for f in first.file_results]) == (
        JobOutcome.PARTIAL,
        [(None, False), ("too_many_rows", True)],
    )
    assert ([f.path for f in final.file_results], final.tasks.new) == (["jira.csv"], 60)
    assert await counts(container.store) == expected


async def test_retry_of_a_job_whose_only_failure_a_retry_cannot_fix_is_refused(
    container: Services, tmp_path: Path
) -> None:
    """Audit ingest D5: retrying a job whose only failure was `corrupt_archive` (not recoverable)
    started a new job that failed the same way; spec 02 §15 says 422 "nothing to retry"."""
    broken = corrupt_zip(tmp_path / "cut.zip", slack_export(tmp_path / "scratch" / "export.zip"))
    summary = await container.ingest.run([broken])
    with pytest.raises(ValidationFailed) as caught:
        await container.ingest.retry(summary.job_id)
    assert [(f.code, f.recoverable) for f in summary.file_results] == [("corrupt_archive", False)]
    assert caught.value.message == (
        f"Nothing to retry in job {summary.job_id}: cut.zip would fail the same way again"
        " — replace or fix those files and ingest them again"
    )
    assert (await container.ingest.list()).total == 1


async def test_a_file_over_a_limit_is_recoverable_and_its_retry_lands_once_the_limit_is_raised(
    container: Services, tmp_path: Path
) -> None:
    """Audit ingest D5: limit failures must be retryable (spec 02 §17 check 20), so they are recoverable."""
    big = tmp_path / "minutes.md"
    big.write_text("# Minutes\n\n" + "Decisions recorded.\n" * 80_000)
    container.settings.max_upload_mb = 1
    first = await container.ingest.run([big])
    container.settings.max_upload_mb = 500
    final = await container.ingest.wait((await container.ingest.retry(first.job_id)).job_id)
    assert [(f.status, f.code, f.recoverable) for f in first.file_results] == [
        (FileStatus.FAILED, "file_too_large", True)
    ]
    assert (final.outcome, final.documents.new) == (JobOutcome.OK, 1)


async def test_delete_keeps_the_data_unless_asked_and_with_data_removes_that_jobs_records(
    container: Services, recording_ingest: IngestService, sink: RecordingSink, tmp_path: Path
) -> None:
    chat = await recording_ingest.run([slack_export(tmp_path / "export.zip")])
    issues = await recording_ingest.run([jira_csv(tmp_path / "jira.csv", [jira_row("ALPHA-1")])])
    await recording_ingest.delete(chat.job_id)
    kept = await counts(container.store)
    await recording_ingest.delete(issues.job_id, with_data=True)
    after = await counts(container.store)
    assert (kept["messages"], kept["tasks"]) == (6, 1)
    assert (after["messages"], after["tasks"]) == (6, 0)
    assert sink.received[-1].deleted_doc_keys == {"jira:ALPHA-1"}
    assert (await recording_ingest.list()).total == 0


async def test_deleting_a_running_job_conflicts(container: Services, tmp_path: Path) -> None:
    job_id = await container.ingest.submit([slack_export(tmp_path / "export.zip")])
    with pytest.raises(Conflict):
        await container.ingest.delete(job_id)
    await container.ingest.wait(job_id)


async def test_jobs_are_listed_newest_first_without_file_results(container: Services, tmp_path: Path) -> None:
    from datetime import timedelta

    first = await container.ingest.run([slack_export(tmp_path / "a.zip")])
    container.clock.at += timedelta(minutes=5)  # type: ignore[attr-defined]
    second = await container.ingest.run([jira_csv(tmp_path / "jira.csv", [jira_row("ALPHA-1")])])
    page = await container.ingest.list(limit=1)
    assert (page.total, page.limit, [j.job_id for j in page.items]) == (2, 1, [second.job_id])
    assert page.items[0].summary is not None and page.items[0].summary.file_results == []
    assert page.items[0].files_total == 1
    assert first.job_id != second.job_id


def test_corrupt_zip_helper_cuts_the_archive(tmp_path: Path) -> None:
    bad = corrupt_zip(tmp_path / "broken.zip", slack_export(tmp_path / "export.zip"))
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(bad)
