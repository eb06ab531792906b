"""Which indexed docs sit in the wrong project (spec 03 §6 "channel or folder re-mapped").

Ingestion indexes Slack and Drive content before the analysis maps channels and folders to
projects, and a later analysis run (or a COO correction) can move them again. A doc's project comes
from its channel (Slack), its issue (Jira) or its `documents` record (Drive); every doc whose
catalogued project differs from that mapping in the Store is stale and is rendered again.
"""

from __future__ import annotations

from collections.abc import Mapping

from chiefops.knowledge.models import Source
from chiefops.store import Store

ProjectMap = Mapping[str, str | None]
"""A natural key → the project_id the Store gives it (None = unscoped)."""


def _value(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


async def store_projects(store: Store) -> tuple[ProjectMap, ProjectMap, ProjectMap]:
    """(channel_id → project_id, Jira key → project_id, document natural key → project_id)."""
    channels = await store.collection("channels").find_fields(fields=["channel_id", "project_id"])
    tasks = await store.collection("tasks").find_fields({"source": "jira"}, fields=["jira_key", "project_id"])
    documents = await store.collection("documents").find_fields(fields=["natural_key", "project_id"])
    return (
        {str(r["channel_id"]): _value(r["project_id"]) for r in channels if r["channel_id"]},
        {str(r["jira_key"]).upper(): _value(r["project_id"]) for r in tasks if r["jira_key"]},
        {str(r["natural_key"]): _value(r["project_id"]) for r in documents if r["natural_key"]},
    )


def expected_project(
    doc_key: str,
    source: Source,
    *,
    channels: ProjectMap,
    issues: ProjectMap,
    documents: ProjectMap,
) -> tuple[bool, str | None]:
    """(known, project_id) the Store gives the doc; unknown when its channel / issue / file is gone."""
    if source is Source.SLACK:
        channel_id = doc_key.removeprefix("slack:").rsplit(":", 2)[0]
        return channel_id in channels, channels.get(channel_id)
    if source is Source.JIRA:
        key = doc_key.removeprefix("jira:").upper()
        return key in issues, issues.get(key)
    if source is Source.DRIVE:
        return doc_key in documents, documents.get(doc_key)
    return False, None


def misplaced(
    indexed: Mapping[str, tuple[Source, str | None]],
    *,
    channels: ProjectMap,
    issues: ProjectMap,
    documents: ProjectMap,
) -> list[str]:
    """Doc keys whose indexed project differs from the Store's mapping, sorted."""
    stale = []
    for doc_key, (source, project_id) in indexed.items():
        known, wanted = expected_project(
            doc_key, source, channels=channels, issues=issues, documents=documents
        )
        if known and wanted != project_id:
            stale.append(doc_key)
    return sorted(stale)
