"""The Citex backend with its fallback, outbox and circuit breaker (spec 03 §5, §12 check 8).

Against a loopback fake Citex: docs are written to the embedded index and to Citex; Citex hits come
back as local `Hit`s through the `doc_key` tag; when Citex is refused, unreachable or hangs the answer
comes from the embedded index marked degraded, with the warning and a status change; failed writes
wait in the outbox and are drained once Citex recovers; a deleted doc Citex still returns is dropped.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from tests.knowledge.builders import ALPHA, AS_OF, BETA, UTC_ZONE, simple_doc, tag
from tests.knowledge.citex_fake import API_KEY, FakeCitex, Sleeps, StoredDoc, black_hole, refused_url, serve
from tests.knowledge.conftest import Tags

from chiefops.clock import FixedClock
from chiefops.knowledge import EmbeddedIndex, Source, SourceDoc, parse_query
from chiefops.knowledge.breaker import CitexState
from chiefops.knowledge.citex import CitexClient, CitexConfig
from chiefops.knowledge.fallback import CitexFallbackIndex
from chiefops.knowledge.outbox import DrainReport

WARNING = "Citex unreachable since 12:00 — answered from the local index"
PUSH = simple_doc(
    "jira:ALPHA-142",
    "Push certificates renewed for the iOS app; notifications work again.",
    title="ALPHA-142 Configure push notifications",
    source=Source.JIRA,
    locator={"issue_key": "ALPHA-142"},
)
PUSH_SETTINGS = simple_doc(
    "jira:ALPHA-150",
    "Push notification settings moved to the admin page.",
    title="ALPHA-150 Move push settings",
    source=Source.JIRA,
    locator={"issue_key": "ALPHA-150"},
)
SSO = simple_doc(
    "slack:C0ALPHADEV:day:2026-11-12", "Maria will take the SSO config and the push certificate."
)
GATEWAY = simple_doc(
    "jira:BETA-7",
    "Push errors: payment retries fail on the staging gateway.",
    title="BETA-7 Payment retries",
    source=Source.JIRA,
    project_id=BETA,
    locator={"issue_key": "BETA-7"},
)


@dataclass
class Rig:
    """A Citex-backed index on tmp_path with its fake, clock and observed status changes."""

    index: CitexFallbackIndex
    local: EmbeddedIndex
    fake: FakeCitex
    clock: FixedClock
    statuses: list[CitexState] = field(default_factory=list)
    sleeps: Sleeps = field(default_factory=Sleeps)

    def query(self, text: str, **fields: object) -> object:
        return self.index.query(parse_query({"text": text, "project_ids": [ALPHA], **fields}))


async def _rig(tmp_path: Path, tags: Tags, url: str, fake: FakeCitex, **overrides: object) -> Rig:
    clock = FixedClock(AS_OF)
    local = EmbeddedIndex(tmp_path / "knowledge.db", optout=tags.matcher, zone=UTC_ZONE, clock=clock)
    values: dict[str, object] = {"url": url, "api_key": API_KEY, "connect_timeout_s": 2.0, "job_wait_s": 2.0}
    budget = float(str(overrides.pop("query_budget_s", 10.0)))
    values.update(overrides)
    sleeps = Sleeps()
    client = CitexClient(CitexConfig(**values), sleep=sleeps)  # type: ignore[arg-type]
    rig = Rig(index=None, local=local, fake=fake, clock=clock, sleeps=sleeps)  # type: ignore[arg-type]
    rig.index = CitexFallbackIndex(
        local=local,
        client=client,
        optout=tags.matcher,
        clock=clock,
        zone=UTC_ZONE,
        on_status=rig.statuses.append,
        query_budget_s=budget,
    )
    await rig.index.start()
    return rig


@pytest.fixture
def fake_url() -> Iterator[tuple[FakeCitex, str]]:
    fake = FakeCitex()
    with serve(fake) as url:
        yield fake, url


@pytest.fixture
async def rig(tmp_path: Path, tags: Tags, fake_url: tuple[FakeCitex, str]) -> AsyncIterator[Rig]:
    fake, url = fake_url
    built = await _rig(tmp_path, tags, url, fake)
    try:
        yield built
    finally:
        await built.index.close()


@pytest.fixture
async def down_rig(tmp_path: Path, tags: Tags) -> AsyncIterator[Rig]:
    """Citex configured on a loopback port nothing listens on."""
    built = await _rig(tmp_path, tags, refused_url(), FakeCitex())
    try:
        yield built
    finally:
        await built.index.close()


def _doc_keys(fake: FakeCitex) -> list[str]:
    return sorted(next(t for t in d.tags if t.startswith("doc_key:")) for d in fake.documents.values())


async def test_docs_go_to_the_embedded_index_and_to_citex(rig: Rig) -> None:
    await rig.index.index([PUSH, SSO])

    health = await rig.local.health()
    assert (health.docs, health.chunks) == (2, 2)
    assert _doc_keys(rig.fake) == ["doc_key:jira:ALPHA-142", "doc_key:slack:C0ALPHADEV:day:2026-11-12"]
    assert {r.form["project_id"] for r in rig.fake.calls("POST", "/api/ingest")} == {ALPHA}


async def test_citex_hits_map_back_to_local_hits_through_the_doc_key_tag(rig: Rig) -> None:
    await rig.index.index([PUSH, SSO])

    result = await rig.query("push certificates renewed")

    assert (result.backend, result.degraded, result.warnings) == ("citex", False, [])
    assert [h.chunk_id for h in result.hits] == ["jira:ALPHA-142#0", "slack:C0ALPHADEV:day:2026-11-12#0"]
    assert [h.score for h in result.hits] == [1.0, pytest.approx(61 / 62)]
    assert result.hits[0].citation.label == "Jira ALPHA-142 · Configure push notifications"
    assert result.hits[0].citation.ids == ["ALPHA-142"]


async def test_indexing_unchanged_docs_again_sends_nothing_to_citex(rig: Rig) -> None:
    await rig.index.index([PUSH, SSO])
    await rig.index.index([PUSH, SSO])

    assert len(rig.fake.calls("POST", "/api/ingest")) == 2


async def test_a_changed_doc_replaces_its_citex_copy(rig: Rig) -> None:
    await rig.index.index([PUSH])
    changed = PUSH.model_copy(
        update={"parts": [PUSH.parts[0].model_copy(update={"text": "Certificates expire again."})]}
    )

    await rig.index.index([changed])

    assert [(r.method, r.path) for r in rig.fake.calls("DELETE", "/api/documents")] == [
        ("DELETE", "/api/documents/doc-0001")
    ]
    assert list(rig.fake.documents) == ["doc-0002"]
    assert "Certificates expire again." in rig.fake.documents["doc-0002"].text


async def test_connection_refused_answers_from_the_local_index_degraded_with_warning_and_status(
    down_rig: Rig,
) -> None:
    await down_rig.index.index([PUSH])

    result = await down_rig.query("push certificates")

    assert [h.chunk_id for h in result.hits] == ["jira:ALPHA-142#0"]
    assert (result.degraded, result.backend, result.warnings[0]) == (True, "embedded-fts", WARNING)
    assert [(s.state, s.since, s.queued) for s in down_rig.statuses] == [("degraded", AS_OF, 1)]
    assert "ConnectError" in down_rig.statuses[0].reason


async def test_three_failures_open_the_breaker_and_a_health_probe_closes_it(rig: Rig) -> None:
    await rig.index.index([PUSH])
    rig.fake.fail("query", *[503] * 9)

    answers = [await rig.query("push") for _ in range(4)]
    calls_while_open = len(rig.fake.calls("POST", "/api/retrieval/query"))
    rig.clock.at = AS_OF + timedelta(seconds=60)
    recovered = await rig.query("push")

    assert [a.degraded for a in answers] == [True, True, True, True]
    assert calls_while_open == 9
    assert (recovered.degraded, recovered.backend) == (False, "citex")
    assert [r.path for r in rig.fake.requests[-2:]] == ["/health", "/api/retrieval/query"]
    assert [s.state for s in rig.statuses] == ["degraded", "ok"]


async def test_a_hanging_citex_still_gets_an_answer_within_the_budget(tmp_path: Path, tags: Tags) -> None:
    with black_hole() as url:
        hung = await _rig(tmp_path, tags, url, FakeCitex(), ingest_timeout_s=0.2, query_budget_s=1.5)
        try:
            await hung.index.index([PUSH])
            result = await hung.query("push certificates")
        finally:
            await hung.index.close()

    assert (result.degraded, [h.chunk_id for h in result.hits]) == (True, ["jira:ALPHA-142#0"])
    assert result.warnings[0] == WARNING


async def test_a_refused_query_falls_back_saying_why(
    tmp_path: Path, tags: Tags, fake_url: tuple[FakeCitex, str]
) -> None:
    fake, url = fake_url
    refused = await _rig(tmp_path, tags, url, fake, api_key="wrong-key")
    try:
        await refused.index.index([PUSH])
        result = await refused.query("push")
    finally:
        await refused.index.close()

    assert result.degraded is True
    assert result.warnings[0] == (
        "Citex rejected the API key (HTTP 401: Invalid API key) for a query: check CHIEFOPS_CITEX_API_KEY "
        "and CHIEFOPS_CITEX_USER_ID — answered from the local index"
    )


async def test_a_failed_upload_waits_in_the_outbox_and_is_drained_once_citex_recovers(rig: Rig) -> None:
    rig.fake.fail("ingest", 503, 503, 503)
    report = await rig.index.index([PUSH])
    [row] = await rig.index.outbox_rows()

    too_early = await rig.index.drain_outbox(now=AS_OF + timedelta(seconds=10))
    drained = await rig.index.drain_outbox(now=AS_OF + timedelta(seconds=31))

    assert report.docs_indexed == 1
    assert report.warnings[0].startswith(
        "Citex: 1 of 1 docs are not confirmed by Citex yet and wait in the outbox ("
    )
    assert (row.op, row.doc_key, row.attempts, row.state) == ("upsert", "jira:ALPHA-142", 1, "pending")
    assert row.next_attempt_at == "2026-11-30T12:00:30.000000Z"
    assert "HTTP 503" in (row.last_error or "")
    assert too_early == DrainReport()
    assert drained == DrainReport(done=1)
    assert await rig.index.outbox_rows() == []
    assert _doc_keys(rig.fake) == ["doc_key:jira:ALPHA-142"]


async def test_a_permanent_refusal_fails_the_row_at_once_and_retry_rearms_it(rig: Rig) -> None:
    rig.fake.fail("ingest", 400)
    await rig.index.index([PUSH])
    summary = await rig.index.outbox()

    rearmed = await rig.index.retry_failed()
    drained = await rig.index.drain_outbox(now=AS_OF)

    assert (summary.pending, summary.failed) == (0, 1)
    assert summary.failures[0].last_error == (
        "Citex refused the upload of jira:ALPHA-142 (HTTP 400): scripted failure 400"
    )
    assert (rearmed, drained) == (1, DrainReport(done=1))
    assert len(rig.fake.calls("POST", "/api/ingest")) == 2


async def test_a_job_still_running_is_accepted_and_settled_by_the_worker(rig: Rig) -> None:
    rig.fake.running_polls = 100
    await rig.index.index([PUSH])
    [row] = await rig.index.outbox_rows()
    rig.fake.running_polls = 0

    drained = await rig.index.drain_outbox(now=AS_OF + timedelta(seconds=30))

    assert row.last_error == "Citex job job-0001 still running; checked again later"
    assert drained == DrainReport(done=1)
    assert len(rig.fake.calls("POST", "/api/ingest")) == 1
    assert rig.statuses == []


async def test_a_deleted_doc_citex_still_returns_is_dropped(rig: Rig) -> None:
    await rig.index.index([PUSH, PUSH_SETTINGS])
    rig.fake.document_route = 405
    await rig.index.delete(doc_keys=["jira:ALPHA-142"])
    rig.fake.stale.append(
        StoredDoc(
            document_id="doc-x",
            project_id=ALPHA,
            text="push push",
            tags=["doc_key:jira:ALPHA-999"],
            file_name="x",
        )
    )

    result = await rig.query("push notifications")

    assert [h.chunk_id for h in result.hits] == ["jira:ALPHA-150#0"]
    assert result.candidates == 3


async def test_a_shared_citex_project_is_filtered_back_to_the_requested_project(
    tmp_path: Path, tags: Tags, fake_url: tuple[FakeCitex, str]
) -> None:
    fake, url = fake_url
    shared = await _rig(tmp_path, tags, url, fake, project_id="chiefops-shared")
    try:
        await shared.index.index([PUSH, GATEWAY])
        result = await shared.query("push errors")
    finally:
        await shared.index.close()

    assert {r.form["project_id"] for r in fake.calls("POST", "/api/ingest")} == {"chiefops-shared"}
    assert [h.chunk_id for h in result.hits] == ["jira:ALPHA-142#0"]


async def test_an_opt_out_tag_added_after_indexing_hides_citex_hits(rig: Rig, tags: Tags) -> None:
    await rig.index.index([PUSH, SSO])
    tags.tags.append(tag("channel", "alpha-dev"))

    result = await rig.query("push certificate")

    assert [h.chunk_id for h in result.hits] == ["jira:ALPHA-142#0"]
    assert result.optout_filtered == 1


async def test_time_and_source_filters_are_applied_again_on_citex_hits(rig: Rig) -> None:
    await rig.index.index([PUSH, SSO])

    slack_only = await rig.query("push certificate", sources=["slack"])
    later = await rig.query("push certificate", since=AS_OF + timedelta(days=1))

    assert [h.chunk_id for h in slack_only.hits] == ["slack:C0ALPHADEV:day:2026-11-12#0"]
    assert later.hits == []


async def test_deleting_a_project_deletes_its_citex_project(rig: Rig) -> None:
    await rig.index.index([PUSH, GATEWAY])

    removed = await rig.index.delete(project_id=ALPHA)

    [call] = rig.fake.calls("DELETE", "/api/projects")
    assert removed == 1
    assert (call.method, call.path, call.query) == (
        "DELETE",
        f"/api/projects/{ALPHA}",
        {"confirmProjectId": ALPHA},
    )
    assert _doc_keys(rig.fake) == ["doc_key:jira:BETA-7"]
    assert rig.fake.calls("DELETE", "/api/documents") == []


async def test_a_bare_delete_raises_and_sends_nothing_to_citex(rig: Rig) -> None:
    await rig.index.index([PUSH])
    calls = len(rig.fake.requests)

    with pytest.raises(ValueError, match="delete\\(\\) needs doc_keys, project_id or source"):
        await rig.index.delete()

    assert len(rig.fake.requests) == calls
    assert await rig.index.citex_docs() == {"jira:ALPHA-142": ALPHA}
    assert await rig.local.doc_keys() == ["jira:ALPHA-142"]


async def test_deletes_leave_no_chunks_vectors_or_catalogue_rows_locally_or_in_citex(rig: Rig) -> None:
    await rig.index.index([PUSH, PUSH_SETTINGS, SSO, GATEWAY])

    by_key = await rig.index.delete(doc_keys=["jira:ALPHA-150"])
    by_source = await rig.index.delete(source=Source.SLACK)
    by_project = await rig.index.delete(project_id=ALPHA)
    health = await rig.local.health()

    assert (by_key, by_source, by_project) == (1, 1, 1)
    assert await rig.local.doc_keys() == ["jira:BETA-7"]
    assert (health.docs, health.chunks, health.vectors) == (1, 1, 0)
    assert await rig.index.citex_docs() == {"jira:BETA-7": BETA}
    assert _doc_keys(rig.fake) == ["doc_key:jira:BETA-7"]
    assert await rig.index.outbox_rows() == []


async def test_clear_all_data_empties_the_local_index_and_every_citex_project(rig: Rig) -> None:
    await rig.index.index([PUSH, GATEWAY])

    await rig.index.reset(confirm="all")

    assert sorted(r.path for r in rig.fake.calls("DELETE", "/api/projects")) == sorted(
        [f"/api/projects/{ALPHA}", f"/api/projects/{BETA}"]
    )
    assert rig.fake.documents == {}
    assert (await rig.local.health()).chunks == 0


async def test_health_is_degraded_with_the_queue_while_citex_is_down(down_rig: Rig) -> None:
    await down_rig.index.index([PUSH, SSO])

    health = await down_rig.index.health()

    assert (health.state, health.backend, health.docs) == ("degraded", "citex", 2)
    assert health.reason == f"{WARNING}; 2 writes queued"


async def test_a_doc_opted_out_locally_is_removed_from_citex(rig: Rig, tags: Tags) -> None:
    await rig.index.index([SSO])
    tags.tags.append(tag("channel", "alpha-dev"))

    await rig.index.index([_touched(SSO)])

    assert rig.fake.documents == {}


def _touched(doc: SourceDoc) -> SourceDoc:
    """The same doc re-rendered (a new title line), so the embedded index re-indexes it."""
    return doc.model_copy(update={"title": doc.title + " (edited)"})
