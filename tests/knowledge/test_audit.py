"""The AI audit log and its API (spec 03 §10, §12 check 12) on a recorded payload — no live provider.

The recorded call is what the AI layer writes after one answer from a remote (`openai`) provider: the
prompt redacted with one session, the packed messages, the raw reply with placeholders, the chunks in
prompt order, counts and timings.
"""

from __future__ import annotations

import base64
import random
import string
from datetime import timedelta
from typing import Any

import httpx
from tests.conftest import FIXED_NOW, assert_error

from chiefops.ai import (
    AUDIT_MAX_RECORDS,
    AuditLog,
    PlaceholderSession,
    SentMessage,
    pack_sent,
    redact,
    summarize_sources,
    unpack_sent,
)
from chiefops.models import AIAuditRecord, AIProvider, ChunkSource, ChunkUse, PromptSection, RedactionMode
from chiefops.services import Services

CHUNKS = [
    ChunkUse(
        chunk_id="jira:ALPHA-142#0",
        doc_key="jira:ALPHA-142",
        source=ChunkSource.JIRA,
        label="Jira ALPHA-142 · Configure push notifications",
        score=0.93,
        rank=1,
        tokens=310,
        redactions={"EMAIL": 1},
    ),
    ChunkUse(
        chunk_id="slack:C0ALPHADEV:thread:1764460800.000000#0",
        doc_key="slack:C0ALPHADEV:thread:1764460800.000000",
        source=ChunkSource.SLACK,
        label="Slack #alpha-dev · 2026-11-12 · thread by Raj Patel",
        score=0.71,
        rank=2,
        tokens=220,
        redactions={"PHONE": 1},
    ),
]


def _recorded_call(**overrides: Any) -> AIAuditRecord:
    """A call as the AI layer records it after one answer from a fake `openai` provider."""
    session = PlaceholderSession()
    context = redact(
        "[1] Jira ALPHA-142: assignee priya.sharma@lumenlabs.io\n[2] Slack #alpha-dev: call Raj on (415) 555-0134",
        session=session,
    )
    messages = [
        SentMessage(role="system", content="Answer from the numbered sources; cite them as [n]."),
        SentMessage(role="user", content=f"{context.text}\n\nWho owns ALPHA-142 and how do I reach them?"),
    ]
    sent, truncated = pack_sent(messages)
    values: dict[str, Any] = {
        "request_id": "req-1",
        "operation": "answer_question",
        "conversation_id": "conv-1",
        "provider": AIProvider.OPENAI,
        "model": "anthropic/claude-sonnet-4",
        "endpoint_host": "openrouter.ai",
        "remote": True,
        "sections": [PromptSection(name="knowledge", tokens=530, chars=2120)],
        "chunks": CHUNKS,
        "redactions": session.redactions,
        "redaction": RedactionMode.ON,
        "sent": sent,
        "truncated": truncated,
        "response": "Priya owns it [1]; mail [EMAIL_1].",
        "placeholder_map": session.mapping,
        "tokens_in": 812,
        "tokens_out": 41,
        "latency_ms": 1840,
        "first_token_ms": 420,
        "source_summary": summarize_sources(CHUNKS),
        "created_at": FIXED_NOW,
    }
    values.update(overrides)
    return AIAuditRecord(**values)


def _log(container: Services, **kwargs: Any) -> AuditLog:
    return AuditLog(container.store, clock=container.clock, **kwargs)


async def test_last_call_reports_chunks_in_prompt_order_counts_model_tokens_and_latency(
    container: Services, client: httpx.AsyncClient
) -> None:
    await _log(container).record(_recorded_call())

    response = await client.get("/api/v1/audit/ai/last")

    assert response.status_code == 200
    entry = response.json()["entry"]
    assert [c["chunk_id"] for c in entry["chunks"]] == [c.chunk_id for c in CHUNKS]
    assert entry["redactions"] == {"EMAIL": 1, "PHONE": 1}
    assert (entry["provider"], entry["model"], entry["remote"]) == (
        "openai",
        "anthropic/claude-sonnet-4",
        True,
    )
    assert (entry["tokens_in"], entry["tokens_out"], entry["latency_ms"]) == (812, 41, 1840)
    assert entry["source_summary"] == "2 chunks: Slack (#alpha-dev), Jira (ALPHA)"


async def test_values_stay_hidden_unless_reveal_is_true(
    container: Services, client: httpx.AsyncClient
) -> None:
    record = await _log(container).record(_recorded_call())

    hidden = (await client.get(f"/api/v1/audit/ai/{record.audit_id}")).json()
    revealed = (await client.get(f"/api/v1/audit/ai/{record.audit_id}", params={"reveal": "true"})).json()

    assert "priya.sharma@lumenlabs.io" not in str(hidden)
    assert (hidden["revealed"], hidden["placeholder_map"]) == (False, {})
    assert hidden["placeholders"] == ["[EMAIL_1]", "[PHONE_1]"]
    assert hidden["response"] == "Priya owns it [1]; mail [EMAIL_1]."
    assert "assignee [EMAIL_1]" in hidden["messages"][1]["content"]
    assert revealed["revealed"] is True
    assert revealed["placeholder_map"] == {
        "[EMAIL_1]": "priya.sharma@lumenlabs.io",
        "[PHONE_1]": "(415) 555-0134",
    }
    assert revealed["response"] == "Priya owns it [1]; mail priya.sharma@lumenlabs.io."
    assert "call Raj on (415) 555-0134" in revealed["messages"][1]["content"]


async def test_the_listing_never_carries_payloads_or_values(
    container: Services, client: httpx.AsyncClient
) -> None:
    await _log(container).record(_recorded_call())

    body = (await client.get("/api/v1/audit/ai")).json()

    assert set(body) == {"items", "total", "skip", "limit"}
    assert not {"sent", "response", "placeholder_map"} & set(body["items"][0])
    assert "lumenlabs.io" not in str(body)


async def test_list_pages_back_newest_first_with_before(
    container: Services, client: httpx.AsyncClient
) -> None:
    log = _log(container)
    for n in range(5):
        await log.record(
            _recorded_call(request_id=f"req-{n}", created_at=FIXED_NOW - timedelta(minutes=5 - n))
        )

    first = (await client.get("/api/v1/audit/ai", params={"limit": 2})).json()
    before = first["items"][-1]["created_at"]
    second = (await client.get("/api/v1/audit/ai", params={"limit": 2, "before": before})).json()

    assert [i["request_id"] for i in first["items"]] == ["req-4", "req-3"]
    assert [i["request_id"] for i in second["items"]] == ["req-2", "req-1"]
    assert (first["total"], second["total"], second["limit"]) == (5, 3, 2)


async def test_list_filters_by_operation_and_conversation(
    container: Services, client: httpx.AsyncClient
) -> None:
    log = _log(container)
    await log.record(_recorded_call(request_id="a", operation="extract_facts", conversation_id="conv-1"))
    await log.record(_recorded_call(request_id="b", operation="answer_question", conversation_id="conv-2"))
    await log.record(_recorded_call(request_id="c", operation="answer_question", conversation_id="conv-1"))

    by_operation = (await client.get("/api/v1/audit/ai", params={"operation": "answer_question"})).json()
    by_conversation = (await client.get("/api/v1/audit/ai", params={"conversation_id": "conv-1"})).json()

    assert sorted(i["request_id"] for i in by_operation["items"]) == ["b", "c"]
    assert sorted(i["request_id"] for i in by_conversation["items"]) == ["a", "c"]


async def test_last_call_of_a_conversation_skips_newer_calls_of_others(
    container: Services, client: httpx.AsyncClient
) -> None:
    log = _log(container)
    await log.record(_recorded_call(request_id="mine", conversation_id="conv-1", created_at=FIXED_NOW))
    later = FIXED_NOW + timedelta(minutes=1)
    await log.record(_recorded_call(request_id="other", conversation_id="conv-2", created_at=later))

    response = await client.get("/api/v1/audit/ai/last", params={"conversation_id": "conv-1"})

    assert response.json()["entry"]["request_id"] == "mine"


async def test_last_call_without_any_record_is_404_saying_nothing_was_sent(client: httpx.AsyncClient) -> None:
    error = assert_error(await client.get("/api/v1/audit/ai/last"), 404, "not_found")

    assert error["message"] == "No AI call has been recorded yet: nothing was sent to a model."


async def test_unknown_audit_id_is_404(client: httpx.AsyncClient) -> None:
    assert_error(await client.get("/api/v1/audit/ai/no-such-call"), 404, "not_found")


async def test_a_limit_above_100_is_rejected_naming_the_field(client: httpx.AsyncClient) -> None:
    error = assert_error(await client.get("/api/v1/audit/ai", params={"limit": 101}), 422, "validation_error")

    assert error["message"] == "Invalid request: check limit"


def test_a_payload_over_256_kb_is_cut_to_fit_and_flagged() -> None:
    rng = random.Random(5)
    noise = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(400_000))
    messages = [SentMessage(role="system", content="Cite sources."), SentMessage(role="user", content=noise)]

    sent, truncated = pack_sent(messages)

    unpacked = unpack_sent(sent)
    assert truncated is True
    assert len(base64.b64decode(sent)) <= 256 * 1024
    assert unpacked[0] == messages[0]
    assert unpacked[1].content.endswith(" …[truncated]")
    assert noise.startswith(unpacked[1].content.removesuffix(" …[truncated]"))


def test_a_small_payload_round_trips_untruncated() -> None:
    messages = [SentMessage(role="user", content="Who owns ALPHA-142?")]

    sent, truncated = pack_sent(messages)

    assert (unpack_sent(sent), truncated) == (messages, False)


async def test_retention_drops_records_older_than_90_days(container: Services) -> None:
    log = _log(container)
    await log.record(_recorded_call(request_id="older", created_at=FIXED_NOW - timedelta(days=30)))
    await log.record(_recorded_call(request_id="newer", created_at=FIXED_NOW - timedelta(days=1)))

    removed = await log.enforce_retention(now=FIXED_NOW + timedelta(days=61))

    page = await log.list_entries()
    assert removed == 1
    assert [e.request_id for e in page.items] == ["newer"]


async def test_recording_applies_retention_at_the_clock_time(container: Services) -> None:
    log = _log(container)
    await log.record(_recorded_call(request_id="stale", created_at=FIXED_NOW - timedelta(days=91)))

    assert await log.find_last() is None


async def test_retention_keeps_only_the_newest_records_up_to_the_cap(container: Services) -> None:
    log = _log(container, max_records=3)
    for n in range(5):
        await log.record(
            _recorded_call(request_id=f"req-{n}", created_at=FIXED_NOW - timedelta(minutes=5 - n))
        )

    page = await log.list_entries()

    assert [e.request_id for e in page.items] == ["req-4", "req-3", "req-2"]
    assert AUDIT_MAX_RECORDS == 5000


async def test_clear_all_data_empties_the_log(container: Services) -> None:
    log = _log(container)
    await log.record(_recorded_call())

    assert await log.clear() == 1
    assert await log.find_last() is None


def test_source_summary_names_at_most_five_per_source_then_counts_the_rest() -> None:
    slack = [
        ChunkUse(
            chunk_id=f"s{n}",
            doc_key=f"slack:C{n}:day:2026-11-12",
            source=ChunkSource.SLACK,
            label=f"Slack #ch-{n} · x",
        )
        for n in range(7)
    ]
    drive = [
        ChunkUse(chunk_id=f"d{n}", doc_key=f"drive:root/file-{n // 2}.pdf", source=ChunkSource.DRIVE)
        for n in range(4)
    ]
    jira = [ChunkUse(chunk_id="j", doc_key="jira:BETA-7", source=ChunkSource.JIRA)]

    summary = summarize_sources([*slack, *jira, *drive])

    assert summary == (
        "12 chunks: Slack (#ch-0, #ch-1, #ch-2, #ch-3, #ch-4, +2 more), Jira (BETA), Drive (2 files)"
    )
    assert summarize_sources([]) == "0 chunks"
