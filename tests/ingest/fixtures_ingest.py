"""Builders for the ingestion pipeline tests: small Slack exports, Jira CSVs and documents written
into tmp_path, plus readers of the Store's state (counts and update stamps per collection).

Fixed, readable values only: a failure replays exactly (spec 10 rule 24).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import orjson

from chiefops.ingest import IngestHooks, IngestService
from chiefops.knowledge.changes import IndexChanges, SinkOutcome
from chiefops.models import COLLECTIONS
from chiefops.services import Services
from chiefops.store import Store

DAY0 = 1_780_272_000
"""2026-06-01T00:00:00Z as epoch seconds."""

SUMMARY_KEYS = {
    "job_id", "outcome", "started_at", "completed_at", "duration_s", "data_as_of", "files", "messages",
    "jira_comments", "tasks", "documents", "people", "channels", "projects", "opted_out", "index",
    "warnings_total", "file_results",
}  # fmt: skip
"""Every key of the job summary (spec 02 §11)."""

INGESTED = ("people", "projects", "tasks", "messages", "documents", "channels", "message_rollups", "settings")


def ts(day: int, second: int) -> str:
    """Slack ts `day` days after 2026-06-01 plus `second` seconds."""
    return f"{DAY0 + day * 86_400 + second}.000100"


def user(uid: str, real_name: str, **extra: object) -> dict[str, object]:
    handle = real_name.split()[0].lower()
    profile = {"real_name": real_name, "display_name": handle, "email": f"{handle}@lumenlabs.io"}
    return {
        "id": uid,
        "name": handle,
        "real_name": real_name,
        "deleted": False,
        "is_bot": False,
        "profile": profile,
        **extra,
    }


def message(uid: str, text: str, at: str, **extra: object) -> dict[str, object]:
    return {"type": "message", "user": uid, "text": text, "ts": at, **extra}


USERS = [
    user("U01", "Raj Patel"),
    user("U02", "Maria Garcia"),
    user("U03", "Priya Sharma"),
]


def day_file(day: int) -> str:
    return f"2026-06-{day + 1:02d}.json"


def slack_files(
    channels: Mapping[str, tuple[str, Sequence[Sequence[dict[str, object]]]]],
    *,
    users: Sequence[dict[str, object]] = USERS,
) -> dict[str, object]:
    """An admin export: `{name: (channel_id, [messages of day 0, of day 1, …])}`."""
    files: dict[str, object] = {
        "users.json": list(users),
        "channels.json": [
            {"id": cid, "name": name, "created": DAY0 - 86_400, "creator": "U01", "members": ["U01", "U02"]}
            for name, (cid, _) in channels.items()
        ],
    }
    for name, (_, days) in channels.items():
        for day, messages in enumerate(days):
            if messages:
                files[f"{name}/{day_file(day)}"] = list(messages)
    return files


def write_zip(path: Path, files: Mapping[str, object]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in sorted(files.items()):
            data = content if isinstance(content, bytes) else orjson.dumps(content)
            info = zipfile.ZipInfo(name, date_time=(2026, 6, 30, 12, 0, 0))
            archive.writestr(info, data)
    return path


def general_channel(
    *, days: int = 2, per_day: int = 3, text: str = "status update"
) -> tuple[str, list[list[dict[str, object]]]]:
    authors = ["U01", "U02", "U03"]
    return (
        "C01",
        [
            [message(authors[i % 3], f"{text} {day}-{i}", ts(day, 60 * (i + 1))) for i in range(per_day)]
            for day in range(days)
        ],
    )


def slack_export(path: Path, **channels: tuple[str, Sequence[Sequence[dict[str, object]]]]) -> Path:
    """A ZIP export of the given channels (default: #general with 6 messages over 2 days)."""
    return write_zip(path, slack_files(channels or {"general": general_channel()}))


# --- Jira ---------------------------------------------------------------------------------------

JIRA_HEADERS = [
    "Summary", "Issue key", "Issue Type", "Status", "Project key", "Project name", "Priority", "Assignee",
    "Assignee Id", "Reporter", "Reporter Id", "Created", "Updated", "Resolved", "Sprint", "Labels",
    "Outward issue link (Blocks)", "Inward issue link (Blocks)", "Comment", "Comment", "Description",
]  # fmt: skip


def jira_row(
    key: str,
    status: str = "To Do",
    *,
    updated: str = "2026-06-02 09:00",
    summary: str | None = None,
    blocks: str = "",
    blocked_by: str = "",
    comments: Sequence[str] = (),
    description: str = "Details of the work",
    labels: str = "backend",
) -> list[str]:
    padded = [*comments, "", ""][:2]
    return [
        summary or f"Work item {key}", key, "Task", status, key.split("-")[0], "Project Alpha", "High",
        "Raj Patel", "acc-raj", "Priya Sharma", "acc-priya", "2026-06-01 09:00", updated, "", "Sprint 1",
        labels, blocks, blocked_by, padded[0], padded[1], description,
    ]  # fmt: skip


def jira_csv(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(JIRA_HEADERS)
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


# --- Store state ---------------------------------------------------------------------------------


async def counts(store: Store, names: Sequence[str] = INGESTED) -> dict[str, int]:
    return {name: await store.collection(name).count() for name in names}


async def stamps(store: Store, names: Sequence[str] = INGESTED) -> dict[str, list[tuple[str, str]]]:
    """(id, updated_at) of every record: equal before and after means nothing was written."""
    found: dict[str, list[tuple[str, str]]] = {}
    for name in names:
        id_field = COLLECTIONS[name].id_field
        rows = await store.collection(name).find_fields(fields=[id_field, "updated_at"], sort=[(id_field, 1)])
        found[name] = [(str(r[id_field]), str(r["updated_at"])) for r in rows]
    return found


# --- a recording knowledge sink (a port implementation, for what ingestion hands to the index) -----


class RecordingSink:
    """Implements `KnowledgeSink`: keeps every `IndexChanges` it is given; can be told to fail."""

    def __init__(self, *, fail: bool = False) -> None:
        self.received: list[IndexChanges] = []
        self.fail = fail

    async def apply(self, changes: IndexChanges) -> SinkOutcome:
        self.received.append(changes)
        if self.fail:
            raise ConnectionError("index offline")
        return SinkOutcome(docs_indexed=changes.size)


def ingest_service(
    container: Services, sink: RecordingSink, *, store: Store | None = None, hooks: IngestHooks | None = None
) -> IngestService:
    """A second IngestService on the container's data, handing changes to `sink`; by default no
    post-ingest hooks run (other areas' analysis is not what these tests look at)."""
    return IngestService(
        settings=container.settings,
        store=store or container.store,
        clock=container.clock,
        bus=container.events,
        sink=sink,
        hooks=hooks or IngestHooks(),
    )
