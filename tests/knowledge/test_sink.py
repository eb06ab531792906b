"""The real sink and re-indexing, on a full container with a temp SQLite store (spec 02 §11, 03 §6)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.knowledge.builders import (
    ALPHA,
    BETA,
    PEOPLE,
    PRIYA,
    PROJECTS,
    at,
    channel,
    comment,
    document,
    extracted,
    message,
    tag,
    task,
    thread,
    ts_of,
)

from chiefops.errors import NotFound
from chiefops.knowledge import IndexChanges, ReindexRequest, parse_query
from chiefops.knowledge.optout import add_tags
from chiefops.models import Channel, Document, Message, Person, Project, Task, TextSection
from chiefops.services import Services

DAY = at("2026-11-12", "14:03")
ALPHA_DEV = channel()
PROJ_BETA = channel("C0PROJBETA", "proj-beta", BETA)


async def _seed(container: Services) -> IndexChanges:
    store = container.store
    await store.typed(Person).insert_many(PEOPLE)
    await store.typed(Project).insert_many(PROJECTS)
    await store.typed(Channel).insert_many([ALPHA_DEV, PROJ_BETA])
    sso = thread(["@maria can you take the SSO config?", "Sure, on it"], start=DAY)
    chatter = [message(f"Standup note {n}", when=DAY + timedelta(hours=n + 1), seq=n + 1) for n in range(3)]
    blocker = thread(["Payment gateway blocked by the vendor"], start=DAY, chan=PROJ_BETA)
    comments = [comment("ALPHA-142", "APNs key uploaded", author=PRIYA, when=at("2026-11-20"))]
    await store.typed(Message).insert_many([*sso, *chatter, *blocker, *comments])
    await store.typed(Task).insert_many([task()])
    doc = document("Project Gamma/Gamma Cutover Plan.docx", project_id=ALPHA)
    await store.typed(Document).insert_many([doc])
    text = extracted(
        doc, [TextSection(text="Rollback within 30 minutes if checks fail.", heading_path=["Rollback"])]
    )
    return IndexChanges(
        slack_threads={("C0ALPHADEV", ts_of(DAY)), ("C0PROJBETA", ts_of(DAY))},
        slack_days={("C0ALPHADEV", DAY.date())},
        jira_keys={"ALPHA-142"},
        documents=[text],
    )


async def _keys(container: Services, text: str, **query: object) -> list[str]:
    result = await container.knowledge.search(parse_query({"text": text, **query}))
    return [h.citation.doc_key for h in result.hits]


async def test_the_sink_indexes_changed_threads_days_issues_and_documents(container: Services) -> None:
    outcome = await container.knowledge.sink.apply(await _seed(container))
    keys = await container.knowledge.index.health()
    assert outcome.docs_indexed == 5
    assert keys.docs == 5
    assert await _keys(container, "SSO config") == [f"slack:C0ALPHADEV:thread:{ts_of(DAY)}"]
    assert await _keys(container, "standup note") == ["slack:C0ALPHADEV:day:2026-11-12"]
    assert await _keys(container, "APNs key") == ["jira:ALPHA-142"]
    assert await _keys(container, "rollback checks") == ["drive:drive/Project Gamma/Gamma Cutover Plan.docx"]


async def test_the_sink_marks_documents_indexed_in_rag(container: Services) -> None:
    await container.knowledge.sink.apply(await _seed(container))
    stored = await container.store.typed(Document).find()
    assert [(d.is_indexed_in_rag, d.citex_status.value) for d in stored] == [(True, "completed")]


async def test_search_with_an_unknown_project_raises_not_found(container: Services) -> None:
    await container.knowledge.sink.apply(await _seed(container))
    with pytest.raises(NotFound, match="project not found: 'nope'"):
        await container.knowledge.search(parse_query({"text": "SSO", "project_ids": ["nope"]}))
    assert await _keys(container, "blocked vendor", project_ids=[ALPHA]) == []
    assert await _keys(container, "blocked vendor", project_ids=[BETA]) == [
        f"slack:C0PROJBETA:thread:{ts_of(DAY)}"
    ]


async def test_reindex_all_rebuilds_from_the_store_and_the_stored_document_text(container: Services) -> None:
    await container.knowledge.sink.apply(await _seed(container))
    await container.knowledge.index.reset(confirm="all")
    await container.knowledge.sink.apply(
        IndexChanges(
            documents=[extracted(document(project_id=ALPHA), [TextSection(text="Rollback in 30 minutes.")])]
        )
    )
    report, removed = await container.knowledge.run_reindex(ReindexRequest(all=True))
    health = await container.knowledge.index.health()
    assert (report.docs_indexed, removed) == (4, 0)
    assert health.docs == 5
    assert await _keys(container, "rollback") == ["drive:drive/Project Gamma/Gamma Cutover Plan.docx"]


async def test_a_project_reindex_runs_as_a_background_job(container: Services) -> None:
    await container.knowledge.sink.apply(await _seed(container))
    job = await container.knowledge.reindex(ReindexRequest(project_id=ALPHA))
    await container.knowledge.wait_for_jobs()
    status = await container.knowledge.status()
    assert job.state == "queued"
    assert [(j.job_id, j.state) for j in status.jobs] == [(job.job_id, "done")]
    assert status.jobs[0].report is not None
    assert status.jobs[0].report.docs_unchanged == 4


async def test_a_comment_author_is_resolved_to_a_name(container: Services) -> None:
    await container.knowledge.sink.apply(await _seed(container))
    result = await container.knowledge.search(parse_query({"text": "APNs key uploaded"}))
    assert result.hits[0].citation.label == "Jira ALPHA-142 · comment by Priya Sharma · 2026-11-20"


async def test_stored_opt_out_tags_keep_content_out_and_a_later_tag_hides_it_until_purged(
    container: Services,
) -> None:
    await add_tags(container.store, [tag("channel", "proj-beta"), tag("pattern", "standup")])
    outcome = await container.knowledge.sink.apply(await _seed(container))
    assert outcome.docs_indexed == 3
    assert await _keys(container, "blocked vendor") == []
    assert await _keys(container, "standup note") == []
    await add_tags(container.store, [tag("pattern", "SSO")])
    hidden = await container.knowledge.search(parse_query({"text": "SSO config"}))
    purged = await container.knowledge.purge_optouts()
    thread = await container.knowledge.local.chunks_of(f"slack:C0ALPHADEV:thread:{ts_of(DAY)}")
    assert (hidden.hits, hidden.optout_filtered) == ([], 1)
    assert purged == 1
    assert (await container.knowledge.index.health()).chunks == 3
    assert [c.body for c in thread] == ["[2026-11-12 14:04] Maria Garcia: Sure, on it"]  # the reply stays
