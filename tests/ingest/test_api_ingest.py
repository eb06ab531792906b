"""`/api/v1/ingest` (spec 02 §15, §17 checks 19, 20): upload, jobs, events with Last-Event-ID, retry,
cancel, delete and every documented error in the one envelope."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from tests.conftest import assert_error
from tests.ingest.fixtures_ingest import jira_csv, jira_row, slack_export

from chiefops.app import create_app
from chiefops.models import Document, IngestionJob, IngestionStatus, JobOutcome
from chiefops.services import Services

MZ = b"MZ\x90\x00" + b"\x00" * 60


def parts(*files: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (name, data, "application/octet-stream")) for name, data in files]


def sse_events(body: str) -> list[dict[str, object]]:
    """`event`, `id` and parsed `data` of each SSE message (pings skipped)."""
    found = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        fields = dict(
            line.split(": ", 1) for line in block.splitlines() if ": " in line and not line.startswith(":")
        )
        if "event" in fields:
            found.append(
                {"event": fields["event"], "id": int(fields["id"]), "data": orjson.loads(fields["data"])}
            )
    return found


async def _upload_two(client: httpx.AsyncClient, tmp_path: Path) -> httpx.Response:
    export = slack_export(tmp_path / "export.zip").read_bytes()
    issues = jira_csv(tmp_path / "jira.csv", [jira_row("ALPHA-1")]).read_bytes()
    return await client.post(
        "/api/v1/ingest/upload", files=parts(("export.zip", export), ("jira.csv", issues))
    )


async def test_upload_of_two_files_queues_a_job_and_answers_202(
    client: httpx.AsyncClient, container: Services, tmp_path: Path
) -> None:
    response = await _upload_two(client, tmp_path)
    body = response.json()
    job_id = body["job_id"]
    summary = await container.ingest.wait(job_id)
    assert response.status_code == 202
    assert response.headers["location"] == f"/api/v1/ingest/jobs/{job_id}"
    assert {k: v for k, v in body.items() if k != "job_id"} == {
        "status": "queued",
        "files_accepted": 2,
        "files_rejected": [],
        "total_size_bytes": len((tmp_path / "export.zip").read_bytes())
        + len((tmp_path / "jira.csv").read_bytes()),
        "events_url": f"/api/v1/ingest/jobs/{job_id}/events",
    }
    assert (summary.outcome, summary.messages.new, summary.tasks.new) == (JobOutcome.OK, 6, 1)
    assert not (container.settings.data_dir / "uploads" / job_id).exists()


async def test_a_finished_jobs_stream_sends_the_job_then_done_and_closes(
    client: httpx.AsyncClient, container: Services, tmp_path: Path
) -> None:
    job_id = (await _upload_two(client, tmp_path)).json()["job_id"]
    await container.ingest.wait(job_id)
    response = await client.get(f"/api/v1/ingest/jobs/{job_id}/events")
    events = sse_events(response.text)
    assert response.headers["content-type"].startswith("text/event-stream")
    assert [e["event"] for e in events] == ["ingest.job", "ingest.done"]
    assert events[1]["data"]["outcome"] == "ok"  # type: ignore[index]


async def test_last_event_id_replays_only_the_missed_events(
    client: httpx.AsyncClient, container: Services, tmp_path: Path
) -> None:
    job_id = (await _upload_two(client, tmp_path)).json()["job_id"]
    await container.ingest.wait(job_id)
    kept = container.ingest.streams.recent(job_id)
    seen = kept[len(kept) // 2].seq
    response = await client.get(f"/api/v1/ingest/jobs/{job_id}/events", headers={"Last-Event-ID": str(seen)})
    events = sse_events(response.text)
    assert events[0]["event"] == "ingest.job"
    assert [e["id"] for e in events[1:]] == [e.seq for e in kept if e.seq > seen]
    assert events[-1]["event"] == "ingest.done"


async def test_the_job_has_its_files_and_summary_and_the_list_is_paginated(
    client: httpx.AsyncClient, container: Services, tmp_path: Path
) -> None:
    job_id = (await _upload_two(client, tmp_path)).json()["job_id"]
    await container.ingest.wait(job_id)
    job = (await client.get(f"/api/v1/ingest/jobs/{job_id}")).json()
    listed = (await client.get("/api/v1/ingest/jobs", params={"limit": 5})).json()
    assert ([f["name"] for f in job["files"]], job["summary"]["outcome"], job["triggered_by"]) == (
        ["export.zip", "jira.csv"],
        "ok",
        "upload",
    )
    assert (listed["total"], listed["skip"], listed["limit"], [j["job_id"] for j in listed["items"]]) == (
        1,
        0,
        5,
        [job_id],
    )
    assert "files" not in listed["items"][0] and listed["items"][0]["summary"]["file_results"] == []


async def test_an_unusable_part_is_rejected_at_once_and_the_rest_is_queued(
    client: httpx.AsyncClient, container: Services, tmp_path: Path
) -> None:
    issues = jira_csv(tmp_path / "jira.csv", [jira_row("ALPHA-1")]).read_bytes()
    response = await client.post("/api/v1/ingest/upload", files=parts(("tool.exe", MZ), ("jira.csv", issues)))
    body = response.json()
    await container.ingest.wait(body["job_id"])
    assert (response.status_code, body["files_accepted"]) == (202, 1)
    assert [(r["name"], r["code"]) for r in body["files_rejected"]] == [("tool.exe", "unsupported_type")]


async def test_dry_run_previews_and_writes_nothing(
    client: httpx.AsyncClient, container: Services, tmp_path: Path
) -> None:
    export = slack_export(tmp_path / "export.zip").read_bytes()
    response = await client.post(
        "/api/v1/ingest/upload", files=parts(("export.zip", export)), data={"dry_run": "true"}
    )
    body = response.json()
    assert response.status_code == 200
    assert [(i["path"], i["kind"], i["estimate"]["channels"]) for i in body["inputs"]] == [
        ("export.zip", "slack_export", 1)
    ]
    assert (await container.ingest.list()).total == 0
    assert list((container.settings.data_dir / "uploads").iterdir()) == []


async def test_only_unsupported_files_are_refused_with_415(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/ingest/upload",
        files=parts(("tool.exe", MZ), ("old.doc", b"\xd0\xcf\x11\xe0" + b"\x00" * 60)),
    )
    error = assert_error(response, 415, "unsupported_type")
    assert [f["code"] for f in error["details"]["files"]] == ["unsupported_type", "legacy_office_format"]  # type: ignore[index]


async def test_only_empty_files_are_refused_with_422(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/ingest/upload", files=parts(("a.csv", b""), ("b.json", b"")))
    error = assert_error(response, 422, "validation_error")
    assert [f["code"] for f in error["details"]["files"]] == ["empty_file", "empty_file"]  # type: ignore[index]


async def test_a_body_that_is_not_multipart_or_has_no_files_is_refused_with_400(
    client: httpx.AsyncClient,
) -> None:
    assert_error(await client.post("/api/v1/ingest/upload", json={"files": []}), 400, "invalid_input")
    assert_error(
        await client.post("/api/v1/ingest/upload", data={"project": "Alpha"}, files={"note": ("x", b"1")}),
        400,
        "invalid_input",
    )


async def test_an_upload_over_the_batch_limit_stops_with_413_and_keeps_nothing(
    client: httpx.AsyncClient, container: Services
) -> None:
    container.settings.max_batch_mb = 1
    response = await client.post("/api/v1/ingest/upload", files=parts(("big.txt", b"x" * (1024 * 1024 + 10))))
    assert_error(response, 413, "too_large")
    assert list((container.settings.data_dir / "uploads").iterdir()) == []
    assert (await container.ingest.list()).total == 0


async def test_unknown_job_ids_answer_404(client: httpx.AsyncClient) -> None:
    for method, path in [
        ("GET", "/api/v1/ingest/jobs/nope"),
        ("GET", "/api/v1/ingest/jobs/nope/events"),
        ("POST", "/api/v1/ingest/jobs/nope/retry"),
        ("POST", "/api/v1/ingest/jobs/nope/cancel"),
        ("DELETE", "/api/v1/ingest/jobs/nope"),
    ]:
        assert_error(await client.request(method, path), 404, "not_found")


async def test_retry_while_queued_and_cancel_when_finished_conflict(
    client: httpx.AsyncClient, container: Services, tmp_path: Path
) -> None:
    job_id = (await _upload_two(client, tmp_path)).json()["job_id"]
    assert_error(await client.post(f"/api/v1/ingest/jobs/{job_id}/retry"), 409, "conflict")
    assert_error(await client.delete(f"/api/v1/ingest/jobs/{job_id}"), 409, "conflict")
    await container.ingest.wait(job_id)
    assert_error(await client.post(f"/api/v1/ingest/jobs/{job_id}/cancel"), 409, "conflict")
    assert_error(await client.post(f"/api/v1/ingest/jobs/{job_id}/retry"), 422, "validation_error")


async def test_delete_keeps_data_and_with_data_removes_the_jobs_records(
    client: httpx.AsyncClient, container: Services, tmp_path: Path
) -> None:
    job_id = (await _upload_two(client, tmp_path)).json()["job_id"]
    await container.ingest.wait(job_id)
    assert (await client.delete(f"/api/v1/ingest/jobs/{job_id}")).status_code == 204
    assert_error(await client.get(f"/api/v1/ingest/jobs/{job_id}"), 404, "not_found")
    assert (
        await container.store.collection("messages").count(),
        await container.store.collection("tasks").count(),
    ) == (6, 1)
    more = jira_csv(tmp_path / "more.csv", [jira_row("ALPHA-2")]).read_bytes()
    second = (await client.post("/api/v1/ingest/upload", files=parts(("more.csv", more)))).json()["job_id"]
    await container.ingest.wait(second)
    response = await client.delete(f"/api/v1/ingest/jobs/{second}", params={"with_data": "true"})
    keys = [t.jira_key for t in await container.store.collection("tasks").find()]
    assert (response.status_code, keys) == (204, ["ALPHA-1"])


async def test_a_body_that_ends_inside_a_file_keeps_nothing_of_it(
    client: httpx.AsyncClient, container: Services
) -> None:
    body = b'--b0\r\nContent-Disposition: form-data; name="files"; filename="notes.md"\r\n\r\n# Notes\nhalf of it'
    response = await client.post(
        "/api/v1/ingest/upload", content=body, headers={"content-type": "multipart/form-data; boundary=b0"}
    )
    error = assert_error(response, 422, "validation_error")
    assert [f["code"] for f in error["details"]["files"]] == ["upload_incomplete"]  # type: ignore[index]
    assert list((container.settings.data_dir / "uploads").iterdir()) == []


async def test_last_modified_gives_uploaded_files_their_original_time(
    client: httpx.AsyncClient, container: Services
) -> None:
    stamp_ms = 1_767_312_000_000  # 2026-01-02T00:00:00Z
    response = await client.post(
        "/api/v1/ingest/upload",
        files=parts(("notes.md", b"# Notes\n\nShip it.\n")),
        data={"last_modified": f"[{stamp_ms}]"},
    )
    await container.ingest.wait(response.json()["job_id"])
    document = await container.store.typed(Document).find_one({"file_name": "notes.md"})
    assert document is not None
    assert document.modified_date.isoformat() == "2026-01-02T00:00:00+00:00"


class _Started:
    """ASGI wrapper: `started` is set once a response to `path` has begun (the stream is connected)."""

    def __init__(self, app: ASGIApp, path: str) -> None:
        self.app, self.path, self.started = app, path, asyncio.Event()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start" and scope.get("path") == self.path:
                self.started.set()
            await send(message)

        await self.app(scope, receive, watch)


async def test_a_stream_opened_while_the_job_waits_carries_each_stage_and_file_phase_live(
    container: Services, tmp_path: Path
) -> None:
    """§17 check 19 over HTTP: the job's stream, connected while the job is still queued, delivers every
    stage and every file phase as they happen, then exactly one `ingest.done`, and closes."""
    release = asyncio.Event()
    first = await container.ingest.submit([slack_export(tmp_path / "first" / "export.zip")])

    async def hold_first(job: IngestionJob) -> None:
        if job.job_id == first:
            await release.wait()

    container.ingest_hooks.resolving_people.append(hold_first)
    app = create_app(services=container, web_dist=tmp_path / "no-dist")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        job_id = (await _upload_two(client, tmp_path)).json()["job_id"]  # queued behind `first`
        url = f"/api/v1/ingest/jobs/{job_id}/events"
        watched = _Started(app, url)
        stream_client = httpx.AsyncClient(transport=httpx.ASGITransport(app=watched), base_url="http://t")
        async with stream_client:
            stream = asyncio.create_task(stream_client.get(url, headers={"Last-Event-ID": "0"}))
            connected = asyncio.create_task(watched.started.wait())
            await asyncio.wait({stream, connected}, return_when=asyncio.FIRST_COMPLETED)
            queued_when_connected = (await container.ingest.get(job_id)).status
            release.set()
            events = sse_events((await stream).text)
    stages = [e["data"]["stage"] for e in events if e["event"] == "ingest.job"]  # type: ignore[index]
    phases = [(e["data"]["name"], e["data"]["phase"]) for e in events if e["event"] == "ingest.file"]  # type: ignore[index]
    assert (connected.done(), queued_when_connected) == (True, IngestionStatus.QUEUED)
    assert list(dict.fromkeys(stages)) == [
        "queued", "detecting", "parsing", "writing", "resolving_people", "indexing", "analyzing"
    ]  # fmt: skip
    assert sorted({p for p in phases if p[1] != "progress"}) == [  # progress lines depend on speed
        ("export.zip", "detected"),
        ("export.zip", "done"),
        ("jira.csv", "detected"),
        ("jira.csv", "done"),
    ]
    assert [e["event"] for e in events].count("ingest.done") == 1
    assert events[-1]["event"] == "ingest.done"
    assert events[-1]["data"]["outcome"] == "ok"  # type: ignore[index]
