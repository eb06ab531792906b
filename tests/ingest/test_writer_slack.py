"""The writer on Slack data (spec 02 §4, §8, §17 checks 5, 6, 17): idempotency, edits, stale exports,
Jira-ref back-fill, rollups, channel counters, people by source reference."""

from __future__ import annotations

from pathlib import Path

import orjson
from tests.ingest.fixtures_ingest import (
    counts,
    general_channel,
    jira_csv,
    jira_row,
    message,
    slack_export,
    slack_files,
    stamps,
    ts,
    write_zip,
)
from tests.ingest.fixtures_slack import CHANNELS, USERS, capture_of_general, general_days
from tests.ingest.fixtures_slack import write_zip as write_slack_zip

from chiefops.ingest import IngestService
from chiefops.ingest.units import person_ref_id
from chiefops.models import Channel, Message, MessageRollup, Person, RoleSource, SourceReference
from chiefops.models.enums import SourceSystem
from chiefops.services import Services


async def test_reingesting_the_same_export_writes_nothing(
    container: Services, ingest: IngestService, tmp_path: Path
) -> None:
    export = slack_export(tmp_path / "export.zip")
    first = await ingest.run([export])
    before = (await counts(container.store), await stamps(container.store))
    second = await ingest.run([export])
    assert (first.messages.new, second.messages.new, second.messages.updated, second.messages.unchanged) == (
        6,
        0,
        0,
        6,
    )
    assert (second.people.new, second.people.updated, second.channels.new, second.channels.updated) == (
        0,
        0,
        0,
        0,
    )
    assert (await counts(container.store), await stamps(container.store)) == before


async def test_edited_message_updates_in_place_and_an_older_export_is_stale(
    container: Services, ingest: IngestService, tmp_path: Path
) -> None:
    original = message("U01", "Deploy on Friday", ts(0, 60))
    edited = {**original, "text": "Deploy on Monday", "edited": {"user": "U01", "ts": ts(0, 600)}}
    v1 = slack_export(tmp_path / "v1.zip", general=("C01", [[original]]))
    v2 = slack_export(tmp_path / "v2.zip", general=("C01", [[edited]]))
    await ingest.run([v1])
    updated = await ingest.run([v2])
    stale = await ingest.run([v1])
    stored = await container.store.typed(Message).find({"source": "slack"})
    assert (updated.messages.updated, updated.messages.new, stale.messages.stale) == (1, 0, 1)
    assert [(m.text, m.is_edited) for m in stored] == [("Deploy on Monday", True)]


async def test_a_capture_then_the_export_of_the_same_channel_adds_no_message(
    container: Services, ingest: IngestService, tmp_path: Path
) -> None:
    """§17 check 5 through the pipeline: capture JSON first, then the admin export → `messages.new == 0`."""
    capture = tmp_path / "general-capture.json"
    capture.write_bytes(orjson.dumps(capture_of_general()))
    files: dict[str, object] = {"users.json": USERS, "channels.json": CHANNELS[:1]}
    for day, messages in enumerate(general_days()):
        files[f"general/2026-06-0{day + 1}.json"] = messages
    export = write_slack_zip(tmp_path / "export.zip", files)
    captured = await ingest.run([capture])
    before = (await counts(container.store), await stamps(container.store))
    exported = await ingest.run([export])
    assert (captured.messages.new, captured.messages.system) == (8, 2)  # a join and a topic change are system
    assert (exported.messages.new, exported.messages.updated, exported.messages.unchanged) == (0, 0, 8)
    assert (await counts(container.store), await stamps(container.store)) == before


async def test_jira_refs_are_backfilled_when_jira_arrives_after_slack(
    container: Services, ingest: IngestService, tmp_path: Path
) -> None:
    chat = message("U01", "ALPHA-12 and GPT-5 are both late", ts(0, 60))
    export = slack_export(tmp_path / "export.zip", general=("C01", [[chat]]))
    issues = jira_csv(tmp_path / "jira.csv", [jira_row("ALPHA-12")])
    await ingest.run([export])
    before = await container.store.typed(Message).find({"source": "slack"})
    await ingest.run([issues])
    after = await container.store.typed(Message).find({"source": "slack"})
    assert [(m.jira_ref_candidates, m.jira_refs) for m in before] == [(["ALPHA-12", "GPT-5"], [])]
    assert [m.jira_refs for m in after] == [["ALPHA-12"]]


async def test_jira_refs_are_set_at_once_when_jira_is_already_known(
    container: Services, ingest: IngestService, tmp_path: Path
) -> None:
    await ingest.run([jira_csv(tmp_path / "jira.csv", [jira_row("ALPHA-12")])])
    chat = message("U01", "see ALPHA-99, not GPT-5", ts(0, 60))
    await ingest.run([slack_export(tmp_path / "export.zip", general=("C01", [[chat]]))])
    stored = await container.store.typed(Message).find({"source": "slack"})
    assert [m.jira_refs for m in stored] == [["ALPHA-99"]]


async def test_rollups_count_messages_per_day_channel_and_author(
    container: Services, ingest: IngestService, tmp_path: Path
) -> None:
    await ingest.run([slack_export(tmp_path / "export.zip")])
    rollups = await container.store.typed(MessageRollup).find(sort=[("rollup_key", 1)])
    raj = person_ref_id(SourceSystem.SLACK, "U01")
    assert len(rollups) == 6
    assert sum(r.count for r in rollups) == 6
    assert [(r.day.date().isoformat(), r.channel, r.count) for r in rollups if r.author == raj] == [
        ("2026-06-01", "general", 1),
        ("2026-06-02", "general", 1),
    ]


async def test_channel_counters_follow_the_messages(
    container: Services, ingest: IngestService, tmp_path: Path
) -> None:
    await ingest.run([slack_export(tmp_path / "export.zip")])
    channel = await container.store.typed(Channel).find_one({"channel_id": "C01"})
    assert channel is not None
    assert (channel.name, channel.message_count, channel.first_ts, channel.last_ts) == (
        "general",
        6,
        ts(0, 60),
        ts(1, 180),
    )


async def test_a_person_merged_later_is_found_again_by_source_reference(
    container: Services, ingest: IngestService, tmp_path: Path
) -> None:
    await ingest.run([slack_export(tmp_path / "v1.zip")])
    people = container.store.typed(Person)
    raj_id = person_ref_id(SourceSystem.SLACK, "U01")
    raj = await people.find_one({"person_id": raj_id})
    assert raj is not None
    merged = raj.model_copy(
        update={
            "person_id": "person-raj",
            "source_ids": [*raj.source_ids, SourceReference(source=SourceSystem.JIRA, source_id="acc-raj")],
        }
    )
    await people.delete_many({"person_id": raj_id})
    await people.insert_many([merged])
    later = message("U01", "one more thing", ts(5, 60))
    await ingest.run([slack_export(tmp_path / "v2.zip", general=("C01", [[later]]))])
    newest = await container.store.typed(Message).find_one({"slack_ts": ts(5, 60)})
    assert await people.count({"source_ids.source_id": "U01"}) == 1
    assert newest is not None and newest.author == "person-raj"


async def test_refreshing_a_person_keeps_a_coo_corrected_role_and_never_blanks_a_value(
    container: Services, ingest: IngestService, tmp_path: Path
) -> None:
    await ingest.run([slack_export(tmp_path / "v1.zip")])
    people = container.store.typed(Person)
    raj_id = person_ref_id(SourceSystem.SLACK, "U01")
    await people.update_many({"person_id": raj_id}, set={"role": "tech_lead", "role_source": "coo_corrected"})
    renamed = {
        "id": "U01",
        "name": "raj",
        "real_name": "Rajesh Patel",
        "deleted": False,
        "is_bot": False,
        "profile": {"real_name": "Rajesh Patel", "display_name": "raj", "email": ""},
    }
    await ingest.run(
        [write_zip(tmp_path / "v2.zip", slack_files({"general": general_channel()}, users=[renamed]))]
    )
    raj = await people.find_one({"person_id": raj_id})
    assert raj is not None
    assert (raj.name, raj.email, raj.role, raj.role_source) == (
        "Rajesh Patel",
        "raj@lumenlabs.io",
        "tech_lead",
        RoleSource.COO_CORRECTED,
    )
