"""The demo world end to end (spec 02 §17 checks 17 and 22): counts equal truth.json, a second
ingestion writes nothing, Slack/Jira order does not matter, and the planted identity facts arrive as
separate source references.

The world is ingested twice per module, into two data dirs (Slack, Jira, Drive as separate jobs in
two orders); tests then read those stores. The knowledge sink records instead of indexing (indexing
has its own tests), which keeps the module CI-sized.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.ingest.fixtures_ingest import RecordingSink, counts, ingest_service, stamps

from chiefops.config import Settings
from chiefops.models import Document, IngestSummary, Message, Person, Task
from chiefops.models.enums import SourceSystem
from chiefops.services import build_services, running_services

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Ingested:
    data_dir: Path
    summaries: list[IngestSummary]


def _sources(world: Path) -> dict[str, Path]:
    exports = world / "exports"
    return {"slack": exports / "slack", "jira": exports / "jira", "drive": exports / "drive"}


def _ingest(world: Path, data_dir: Path, order: Sequence[str]) -> Ingested:
    async def run() -> list[IngestSummary]:
        services = build_services(Settings(data_dir=data_dir, _env_file=None))  # type: ignore[call-arg]
        await services.start()
        service = ingest_service(services, RecordingSink())
        try:
            return [await service.run([_sources(world)[name]]) for name in order]
        finally:
            await service.close()
            await services.close()

    return Ingested(data_dir, asyncio.run(run()))


@pytest.fixture(scope="module")
def slack_first(demo_world: Path, tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    return _ingest(demo_world, tmp_path_factory.mktemp("slack-first"), ["slack", "jira", "drive"])


@pytest.fixture(scope="module")
def jira_first(demo_world: Path, tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    return _ingest(demo_world, tmp_path_factory.mktemp("jira-first"), ["jira", "slack", "drive"])


@pytest.fixture(scope="module")
def truth(demo_world: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((demo_world / "truth.json").read_text())
    return data


async def test_slack_counts_equal_truth(slack_first: Ingested, truth: dict[str, Any]) -> None:
    expected = truth["counts"]["slack"]
    async with running_services(Settings(data_dir=slack_first.data_dir, _env_file=None)) as services:  # type: ignore[call-arg]
        messages = services.store.collection("messages")
        people = services.store.typed(Person)
        slack_people = await people.find({"source_ids.source": "slack"})
        found = {
            "messages_conversational": await messages.count({"source": "slack", "is_system": False}),
            "messages_system": await messages.count({"source": "slack", "is_system": True}),
            "thread_replies": await messages.count({"source": "slack", "is_reply": True}),
            "channels": await services.store.collection("channels").count(),
            "users": len(slack_people),
            "bots": sum(p.is_bot for p in slack_people),
            "deactivated": sum(p.is_deactivated for p in slack_people),
        }
    assert found == {k: expected[k] for k in found}


async def test_jira_and_drive_counts_equal_truth(slack_first: Ingested, truth: dict[str, Any]) -> None:
    async with running_services(Settings(data_dir=slack_first.data_dir, _env_file=None)) as services:  # type: ignore[call-arg]
        issues = await services.store.collection("tasks").count()
        comments = await services.store.collection("messages").count({"source": "jira_comment"})
        jira_people = await services.store.collection("people").count({"source_ids.source": "jira"})
        documents = await services.store.typed(Document).find()
    by_type = Counter(d.file_name.rsplit(".", 1)[-1] for d in documents)
    assert {"issues": issues, "comments": comments, "people": jira_people} == truth["counts"]["jira"]
    assert (len(documents), dict(by_type)) == (
        truth["counts"]["drive"]["documents"],
        truth["counts"]["drive"]["by_type"],
    )


async def test_ingesting_the_world_again_writes_nothing(slack_first: Ingested, demo_world: Path) -> None:
    async with running_services(Settings(data_dir=slack_first.data_dir, _env_file=None)) as services:  # type: ignore[call-arg]
        before = (await counts(services.store), await stamps(services.store))
        again = ingest_service(services, RecordingSink())
        try:
            summary = await again.run(list(_sources(demo_world).values()))
        finally:
            await again.close()
        after = (await counts(services.store), await stamps(services.store))
    news = [
        getattr(summary, s).new
        for s in ("messages", "jira_comments", "tasks", "documents", "people", "channels")
    ]
    updates = [
        getattr(summary, s).updated
        for s in ("messages", "jira_comments", "tasks", "documents", "people", "channels")
    ]
    assert (news, updates) == ([0] * 6, [0] * 6)
    assert (summary.files.ingested, summary.files.unchanged) == (0, 34)  # audit ingest D1: was 32 / 2
    assert after == before


async def _record_view(data_dir: Path) -> dict[str, set[tuple[Any, ...]]]:
    async with running_services(Settings(data_dir=data_dir, _env_file=None)) as services:  # type: ignore[call-arg]
        messages = await services.store.collection("messages").find_fields(
            fields=["natural_key", "content_hash", "jira_refs", "author", "project_id"]
        )
        tasks = await services.store.collection("tasks").find_fields(
            fields=[
                "natural_key",
                "content_hash",
                "blocked_by_keys",
                "is_blocker",
                "is_blocking",
                "project_id",
            ]
        )
        documents = await services.store.collection("documents").find_fields(
            fields=["natural_key", "content_hash", "owner"]
        )
        people = await services.store.typed(Person).find()
    return {
        "messages": {
            (m["natural_key"], m["content_hash"], tuple(m["jira_refs"]), m["author"], m["project_id"])
            for m in messages
        },
        "tasks": {
            (
                t["natural_key"],
                t["content_hash"],
                tuple(t["blocked_by_keys"]),
                t["is_blocker"],
                t["is_blocking"],
                t["project_id"],
            )
            for t in tasks
        },
        "documents": {(d["natural_key"], d["content_hash"], d["owner"]) for d in documents},
        "people": {
            (p.person_id, p.name, p.email, tuple((r.source.value, r.source_id) for r in p.source_ids))
            for p in people
        },
    }


async def test_slack_and_jira_order_swapped_gives_the_same_records(
    slack_first: Ingested, jira_first: Ingested
) -> None:
    assert await _record_view(slack_first.data_dir) == await _record_view(jira_first.data_dir)


async def test_planted_people_facts_arrive_as_ingested(slack_first: Ingested, truth: dict[str, Any]) -> None:
    raj = next(i for i in truth["identities"] if i["person"] == "Raj Patel")
    bot = next(n for n in truth["non_persons"] if n["source"] == "slack")
    gone = truth["deactivated"][0]
    async with running_services(Settings(data_dir=slack_first.data_dir, _env_file=None)) as services:  # type: ignore[call-arg]
        people = services.store.typed(Person)
        jira_bot = await people.find_one({"slack_user_id": bot["id"]})
        deactivated = await people.find_one({"slack_user_id": gone["slack_id"]})
        raj_slack = await people.find({"source_ids.source_id": raj["slack_id"]})
        raj_jira = await people.find({"source_ids.source": "jira", "name": raj["jira_name"]})
        raj_drive = await people.find(
            {"source_ids.source": "gdrive", "source_ids.source_id": raj["doc_authors"][0]}
        )
    assert jira_bot is not None and (jira_bot.name, jira_bot.is_bot) == ("jira-bot", True)
    assert deactivated is not None and deactivated.is_deactivated
    assert [len(raj_slack), len(raj_jira), len(raj_drive)] == [1, 1, 1]
    assert len({raj_slack[0].person_id, raj_jira[0].person_id, raj_drive[0].person_id}) == 3
    assert [r.source for r in raj_slack[0].source_ids] == [SourceSystem.SLACK]


async def test_the_informal_assignment_is_a_message_mentioning_maria_and_no_task(
    slack_first: Ingested, truth: dict[str, Any]
) -> None:
    sso = truth["informal_assignments"][0]
    maria_slack_id = next(i["slack_id"] for i in truth["identities"] if i["person"] == sso["assignee"])
    async with running_services(Settings(data_dir=slack_first.data_dir, _env_file=None)) as services:  # type: ignore[call-arg]
        message = await services.store.typed(Message).find_one(
            {"channel": sso["channel"], "slack_ts": sso["ts"]}
        )
        maria = await services.store.typed(Person).find_one({"slack_user_id": maria_slack_id})
        slack_tasks = await services.store.typed(Task).count({"source": "slack_identified"})
    assert message is not None and maria is not None
    assert "SSO config" in message.text
    assert maria.person_id in message.mentions
    assert slack_tasks == 0
