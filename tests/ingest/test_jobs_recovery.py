"""Start-up recovery and a killed ingestion (spec 02 §15, §17 check 16, 09 reliability): a job left
`processing` becomes failed / interrupted and a retry finishes it; a queued job runs again; the
database survives SIGKILL intact."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import FIXED_NOW
from tests.ingest.fixtures_ingest import counts, message, slack_export, ts

from chiefops.clock import FixedClock
from chiefops.config import Settings
from chiefops.ingest.manifest import JobInputs, save_inputs
from chiefops.models import (
    FileResult,
    FileStatus,
    IngestionFileType,
    IngestionJob,
    IngestionStatus,
    JobOutcome,
)
from chiefops.services import Services, running_services

CHANNELS = 8
PER_CHANNEL = 1000
DAYS = 10
POLL_S = 0.05


async def test_a_job_left_processing_is_marked_interrupted_at_start_up(
    container: Services, settings: Settings
) -> None:
    stuck = IngestionJob(
        file_name="export.zip",
        file_type=IngestionFileType.SLACK_ZIP,
        status=IngestionStatus.PROCESSING,
        files=[
            FileResult(name="export.zip", status=FileStatus.PROCESSING),
            FileResult(name="a.csv", status=FileStatus.INGESTED),
        ],
    )
    await container.store.typed(IngestionJob).insert_many([stuck])
    async with running_services(settings, clock=FixedClock(FIXED_NOW)) as restarted:
        job = await restarted.ingest.get(stuck.job_id)
    assert (job.status, job.outcome, job.completed_at) == (
        IngestionStatus.FAILED,
        JobOutcome.INTERRUPTED,
        FIXED_NOW,
    )
    assert [(f.status, f.code, f.recoverable) for f in job.files] == [
        (FileStatus.FAILED, "interrupted", True),
        (FileStatus.INGESTED, None, False),
    ]
    assert job.errors == ["export.zip: interrupted by restart", "interrupted by restart"]


async def test_a_queued_job_whose_files_exist_runs_after_a_restart(
    container: Services, settings: Settings, tmp_path: Path
) -> None:
    export = slack_export(tmp_path / "export.zip")
    queued = IngestionJob(file_name="export.zip", file_type=IngestionFileType.SLACK_ZIP)
    await container.store.typed(IngestionJob).insert_many([queued])
    save_inputs(settings.data_dir, queued.job_id, JobInputs(inputs=[str(export)]))
    async with running_services(settings, clock=FixedClock(FIXED_NOW)) as restarted:
        summary = await restarted.ingest.wait(queued.job_id)
    assert (summary.outcome, summary.messages.new) == (JobOutcome.OK, 6)


async def test_a_second_container_on_the_same_data_dir_leaves_a_live_jobs_work_alone(
    container: Services, settings: Settings, tmp_path: Path
) -> None:
    """Audit foundation D1: any second start-up on the data dir (`serve`, a CLI run) marked the job a
    live process was running `interrupted` and deleted its spool. Recovery now only touches a job
    whose lock it holds; the running process holds it until the job ends."""
    release = asyncio.Event()

    async def hold(_: IngestionJob) -> None:
        await release.wait()

    container.ingest_hooks.resolving_people.append(hold)
    job_id = await container.ingest.submit([slack_export(tmp_path / "export.zip")])
    async for event in container.ingest.events(job_id, after_seq=0):
        if event.name == "ingest.job" and event.data["stage"] == "resolving_people":
            break
    async with running_services(settings, clock=FixedClock(FIXED_NOW)) as second:
        seen = await second.ingest.get(job_id)
    release.set()
    summary = await container.ingest.wait(job_id)
    assert (seen.status, seen.outcome) == (IngestionStatus.PROCESSING, None)
    assert (summary.outcome, summary.messages.new) == (JobOutcome.OK, 6)


def _big_export(path: Path) -> Path:
    authors = ["U01", "U02", "U03"]
    channels = {}
    for c in range(CHANNELS):
        days = [
            [
                message(authors[i % 3], f"channel {c} day {d} note {i}", ts(d, i + 1))
                for i in range(PER_CHANNEL // DAYS)
            ]
            for d in range(DAYS)
        ]
        channels[f"team-{c}"] = (f"C{c:02d}", days)
    return slack_export(path, **channels)


def _poll(db: Path) -> tuple[int, str | None]:
    """(messages stored, status of the newest job), read-only, while another process writes."""
    if not db.exists():
        return 0, None
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        messages = connection.execute("SELECT count(*) FROM messages").fetchone()[0]
        row = connection.execute(
            "SELECT json_extract(doc, '$.status') FROM ingestion_jobs ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return int(messages), row[0] if row else None
    except sqlite3.OperationalError:
        return 0, None
    finally:
        connection.close()


def _kill_mid_ingestion(export: Path, data_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHIEFOPS_")}
    env["CHIEFOPS_DATA_DIR"] = str(data_dir)
    process = subprocess.Popen(
        [sys.executable, "-m", "chiefops", "ingest", str(export), "--json"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    db = data_dir / "chiefops.db"
    try:
        while process.poll() is None:
            written, status = _poll(db)
            if written and status == "processing":
                break
            time.sleep(POLL_S)
        assert process.poll() is None, "the ingestion ended before it could be killed"
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


async def test_sigkill_mid_ingestion_then_restart_and_retry_equals_an_uninterrupted_run(
    tmp_path: Path,
) -> None:
    export = _big_export(tmp_path / "export.zip")
    data_dir = tmp_path / "data"
    _kill_mid_ingestion(export, data_dir)
    settings = Settings(data_dir=data_dir, _env_file=None)  # type: ignore[call-arg]
    async with running_services(settings) as restarted:
        page = await restarted.ingest.list()
        [job] = page.items
        retried = await restarted.ingest.retry(job.job_id)
        final = await restarted.ingest.wait(retried.job_id)
        found = await counts(restarted.store, ["messages", "channels", "people", "message_rollups"])
    assert (job.status, job.outcome) == (IngestionStatus.FAILED, JobOutcome.INTERRUPTED)
    assert final.outcome is JobOutcome.OK
    assert 0 < final.messages.unchanged < CHANNELS * PER_CHANNEL  # some channels had landed before the kill
    assert found == {
        "messages": CHANNELS * PER_CHANNEL,
        "channels": CHANNELS,
        "people": 3,
        "message_rollups": CHANNELS * DAYS * 3,
    }
    with sqlite3.connect(data_dir / "chiefops.db") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
