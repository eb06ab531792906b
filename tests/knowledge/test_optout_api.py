"""Opt-out tags through the HTTP API (spec 03 §8, §12 check 9; audit D6).

Real container, real store, real index. Unique marker words planted in the data must never come
back once their channel, keyword or file is tagged — not in a hit, not in any stored chunk, not in
the `sent` text of an audit record built from a query result — while their neighbours stay
searchable (a purge renders the affected docs again instead of dropping them whole).
"""

from __future__ import annotations

from datetime import timedelta

import httpx
from tests.conftest import assert_error
from tests.knowledge.builders import MARIA, PEOPLE, PROJECTS, RAJ, at, channel, message, thread

from chiefops.ai import AuditLog, SentMessage, pack_sent
from chiefops.knowledge import IndexChanges, KnowledgeResult
from chiefops.models import (
    AIAuditRecord,
    AIProvider,
    Channel,
    ChunkUse,
    Message,
    Person,
    Project,
    RedactionMode,
)
from chiefops.services import Services

DAY = at("2026-11-12", "09:00")
ALPHA_DEV = channel()
HR = channel("C0HRCONF", "hr-confidential", None)
DAY_KEY = "slack:C0ALPHADEV:day:2026-11-12"
NEIGHBOURS = [
    "Offsite budget approved by finance koalaotter",
    "The projectnightingale wombatlynx draft budget is ready",
    "Standup moved to 10:00 for the offsite",
]
MARKERS = ("quokkazebra", "wombatlynx")


async def _seed(container: Services) -> None:
    store = container.store
    await store.typed(Person).insert_many(PEOPLE)
    await store.typed(Project).insert_many(PROJECTS)
    await store.typed(Channel).insert_many([ALPHA_DEV, HR])
    day = [
        message(text, when=DAY + timedelta(hours=n), seq=n, author=(RAJ, MARIA)[n % 2])
        for n, text in enumerate(NEIGHBOURS)
    ]
    hr = thread(
        ["Offsite budget quokkazebra review of the salary bands", "Noted, budget is fine"], start=DAY, chan=HR
    )
    await store.typed(Message).insert_many([*day, *hr])
    await container.knowledge.sink.apply(
        IndexChanges(
            slack_days={("C0ALPHADEV", DAY.date())}, slack_threads={("C0HRCONF", hr[0].slack_ts or "")}
        )
    )


async def _stored_text(container: Services) -> str:
    """Every stored chunk's title, header and body."""
    local = container.knowledge.local
    chunks = [c for key in await local.doc_keys() for c in await local.chunks_of(key)]
    return "\n".join(f"{c.title}\n{c.header}\n{c.body}" for c in chunks)


async def _search(client: httpx.AsyncClient, text: str) -> KnowledgeResult:
    response = await client.get("/api/v1/knowledge/search", params={"text": text})
    assert response.status_code == 200, response.text
    return KnowledgeResult.model_validate(response.json())


async def _add(client: httpx.AsyncClient, **body: object) -> dict[str, object]:
    response = await client.post("/api/v1/privacy/opt-outs", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_a_channel_tag_hides_its_content_at_once_and_the_purge_leaves_no_trace(
    container: Services, client: httpx.AsyncClient
) -> None:
    await _seed(container)
    before = await _search(client, "quokkazebra")

    added = await _add(client, kind="channel", value="#HR-Confidential", reason="HR only")
    hidden = await _search(client, "quokkazebra salary bands")
    await container.knowledge.wait_for_jobs()
    status = (await client.get("/api/v1/knowledge/status")).json()

    assert [h.citation.doc_key for h in before.hits] == [
        f"slack:C0HRCONF:thread:{thread(['x'], start=DAY)[0].slack_ts}"
    ]
    assert (added["affected_chunks"], added["job"]["kind"]) == (1, "purge")  # type: ignore[index]
    assert hidden.hits == []
    assert [(j["kind"], j["state"], j["removed_chunks"]) for j in status["jobs"]] == [("purge", "done", 1)]
    assert "quokkazebra" not in await _stored_text(container)
    assert (await _search(client, "quokkazebra")).hits == []


async def test_a_keyword_purge_drops_only_the_matching_message_of_a_channel_day(
    container: Services, client: httpx.AsyncClient
) -> None:
    await _seed(container)

    added = await _add(client, kind="pattern", value="ProjectNightingale")
    await container.knowledge.wait_for_jobs()
    day = await container.knowledge.local.chunks_of(DAY_KEY)

    assert added["affected_chunks"] == 1
    assert [line.split(": ", 1)[1] for line in day[0].body.splitlines()] == [NEIGHBOURS[0], NEIGHBOURS[2]]
    assert "wombatlynx" not in await _stored_text(container)
    assert [h.citation.doc_key for h in (await _search(client, "koalaotter")).hits] == [DAY_KEY]
    assert (await _search(client, "wombatlynx")).hits == []


async def test_an_audit_record_built_from_a_query_result_never_carries_opted_out_text(
    container: Services, client: httpx.AsyncClient
) -> None:
    """The prompt assembler comes with the AI layer; this is the path that exists today: query →
    the hits' text as the prompt → the audit store → `GET /api/v1/audit/ai/last`."""
    await _seed(container)
    await _add(client, kind="channel", value="hr-confidential")
    await _add(client, kind="pattern", value="projectnightingale")
    await container.knowledge.wait_for_jobs()  # until then the whole channel-day is hidden
    result = await _search(client, "offsite budget draft salary bands")
    prompt = "\n\n".join(f"[{h.rank}] {h.citation.label}\n{h.text}" for h in result.hits)
    sent, truncated = pack_sent([SentMessage(role="user", content=prompt)])
    await AuditLog(container.store, clock=container.clock).record(
        AIAuditRecord(
            operation="answer_question",
            provider=AIProvider.OPENAI,
            remote=True,
            redaction=RedactionMode.ON,
            sent=sent,
            truncated=truncated,
            chunks=[
                ChunkUse(
                    chunk_id=h.chunk_id, doc_key=h.citation.doc_key, source=h.citation.source, rank=h.rank
                )
                for h in result.hits
            ],
        )
    )

    shown = (await client.get("/api/v1/audit/ai/last", params={"reveal": "true"})).json()
    sent_text = "\n".join(m["content"] for m in shown["messages"])

    assert [c["doc_key"] for c in shown["entry"]["chunks"]] == [DAY_KEY]
    assert "koalaotter" in sent_text
    assert [marker in sent_text for marker in MARKERS] == [False, False]


async def test_removing_a_tag_brings_the_content_back(container: Services, client: httpx.AsyncClient) -> None:
    await _seed(container)
    added = await _add(client, kind="pattern", value="projectnightingale")
    await container.knowledge.wait_for_jobs()
    tag_id = added["tag"]["tag_id"]  # type: ignore[index]

    listed = (await client.get("/api/v1/privacy/opt-outs")).json()
    removed = await client.delete(f"/api/v1/privacy/opt-outs/{tag_id}")
    await container.knowledge.wait_for_jobs()

    assert [(t["kind"], t["value"]) for t in listed["items"]] == [("pattern", "projectnightingale")]
    assert removed.status_code == 200
    assert removed.json()["job"]["kind"] == "reindex"
    assert (await client.get("/api/v1/privacy/opt-outs")).json()["items"] == []
    assert [h.citation.doc_key for h in (await _search(client, "wombatlynx")).hits] == [DAY_KEY]


async def test_bad_tags_are_refused_in_the_error_envelope(
    container: Services, client: httpx.AsyncClient
) -> None:
    invalid = await client.post(
        "/api/v1/privacy/opt-outs", json={"kind": "pattern", "value": "(unclosed", "regex": True}
    )
    on_channel = await client.post(
        "/api/v1/privacy/opt-outs", json={"kind": "channel", "value": "hr.*", "regex": True}
    )
    slow = await client.post(
        "/api/v1/privacy/opt-outs", json={"kind": "pattern", "value": "(a+)+$", "regex": True}
    )
    project = await client.post(
        "/api/v1/privacy/opt-outs", json={"kind": "channel", "value": "hr", "project_id": "nope"}
    )
    unknown = await client.delete("/api/v1/privacy/opt-outs/no-such-tag")

    invalid_error = assert_error(invalid, 422, "validation_error")
    assert invalid_error["details"] == {
        "fields": {
            "value": "Value error, regex '(unclosed' does not compile: missing ), unterminated subpattern at position 0"
        }
    }
    assert assert_error(on_channel, 422, "validation_error")["details"] == {
        "fields": {"value": "Value error, regex applies only to pattern tags, not to 'channel' tags"}
    }
    assert str(assert_error(slow, 422, "validation_error")["message"]).startswith(
        "Opt-out regex '(a+)+$' is too slow"
    )
    assert assert_error(project, 404, "not_found")["message"] == "project not found: 'nope'"
    assert assert_error(unknown, 404, "not_found")["message"] == "No opt-out tag 'no-such-tag'"
    assert (await client.get("/api/v1/privacy/opt-outs")).json()["total"] == 0
