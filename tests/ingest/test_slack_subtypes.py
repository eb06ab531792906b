"""Subtypes, edits, bots and hashes of the shared Slack normaliser (spec 02 §4.3, §4.5, §8)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import orjson
from tests.ingest.fixtures_slack import JOB_ID, Parsed, msg, run_reader, source_for, ts

from chiefops.ingest.slack import ManualReader, content_hash
from chiefops.ingest.units import UNKNOWN_PERSON_ID, ParseContext, person_ref_id
from chiefops.models import InputKind, ReactionDetail
from chiefops.models.enums import SourceSystem

CTX = ParseContext(job_id=JOB_ID, channel="ops")


def pid(source_id: str) -> str:
    return person_ref_id(SourceSystem.SLACK, source_id)


def parse(tmp_path: Path, messages: list[dict[str, object]]) -> Parsed:
    path = tmp_path / "ops.json"
    path.write_bytes(orjson.dumps(messages))
    return run_reader(ManualReader(), source_for(path, InputKind.SLACK_MANUAL), CTX)


def test_message_changed_edits_the_referenced_message_in_place(tmp_path: Path) -> None:
    original = msg("U01", "v1 text", ts(0, 1))
    edited = msg("U01", "v2 text", ts(0, 1), edited={"user": "U01", "ts": ts(0, 50)})
    event = {
        "type": "message",
        "subtype": "message_changed",
        "hidden": True,
        "ts": ts(0, 50),
        "message": edited,
    }
    parsed = parse(tmp_path, [original, event])
    (message,) = parsed.messages()
    assert (message.text, message.is_edited, message.edited_at, message.slack_ts) == (
        "v2 text",
        True,
        parsed.message("v2 text").edited_at,
        ts(0, 1),
    )
    assert (
        message.edited_at is not None and message.edited_at.isoformat() == "2026-06-01T00:00:50.000100+00:00"
    )
    assert parsed.done("channel:name:ops").counts["messages"] == 1


def test_older_copy_of_an_edited_message_never_replaces_the_newer(tmp_path: Path) -> None:
    edited = msg("U01", "v2 text", ts(0, 1), edited={"user": "U01", "ts": ts(0, 50)})
    parsed = parse(tmp_path, [edited, msg("U01", "v1 text", ts(0, 1))])
    assert [m.text for m in parsed.messages()] == ["v2 text"]


def test_message_deleted_tombstones_the_referenced_message(tmp_path: Path) -> None:
    deleted = {
        "type": "message",
        "subtype": "message_deleted",
        "hidden": True,
        "ts": ts(0, 9),
        "deleted_ts": ts(0, 1),
    }
    parsed = parse(tmp_path, [msg("U01", "oops", ts(0, 1)), deleted])
    (message,) = parsed.messages()
    assert (message.text, message.is_deleted) == ("oops", True)
    assert message.content_hash == content_hash(msg("U01", "oops", ts(0, 1)), is_deleted=True)


def test_delete_of_a_message_outside_the_unit_is_a_warning(tmp_path: Path) -> None:
    deleted = {"type": "message", "subtype": "message_deleted", "ts": ts(0, 9), "deleted_ts": ts(0, 1)}
    parsed = parse(tmp_path, [msg("U01", "kept", ts(0, 2)), deleted])
    assert parsed.warnings() == [
        (
            "edit_target_missing",
            "#ops: 1 edit/delete event(s) name a message this export does not hold; the stored message is unchanged",
        )
    ]


def test_tombstone_parent_is_kept_as_deleted_conversation(tmp_path: Path) -> None:
    tomb = msg(
        "USLACKBOT",
        "This message was deleted.",
        ts(0, 1),
        subtype="tombstone",
        thread_ts=ts(0, 1),
        reply_count=1,
    )
    parsed = parse(tmp_path, [tomb, msg("U02", "reply", ts(0, 2), thread_ts=ts(0, 1))])
    parent = parsed.message("This message was deleted.")
    assert (parent.is_deleted, parent.is_system, parent.is_thread_parent) == (True, False, True)
    assert parsed.person("Slackbot").is_bot is True


def test_unknown_subtypes_are_aggregated_into_one_warning_each(tmp_path: Path) -> None:
    parsed = parse(
        tmp_path,
        [
            msg("U01", "huddle notes", ts(0, 1), subtype="huddle_thread"),
            msg("U01", "more notes", ts(0, 2), subtype="huddle_thread"),
            msg("U01", "", ts(0, 3), subtype="huddle_thread"),
        ],
    )
    assert [(m.text, m.is_system) for m in parsed.messages()] == [
        ("huddle notes", False),
        ("more notes", False),
        ("", True),
    ]
    assert parsed.warnings() == [
        (
            "unknown_subtype",
            "#ops: 3 message(s) of unknown subtype `huddle_thread` (2 with text kept as conversation,"
            " 1 without text kept as channel events)",
        )
    ]


def test_messages_without_ts_are_dropped_and_counted(tmp_path: Path) -> None:
    parsed = parse(
        tmp_path, [{"user": "U01", "text": "no ts"}, msg("U01", "bad ts", "soon"), msg("U01", "ok", ts(0, 1))]
    )
    assert [m.text for m in parsed.messages()] == ["ok"]
    assert parsed.warnings() == [("no_ts", "#ops: 2 message(s) without a ts were dropped")]
    assert parsed.done("channel:name:ops").counts["dropped_no_ts"] == 2


def test_bot_id_poster_is_a_bot_person_and_a_bot_message(tmp_path: Path) -> None:
    bot_post = {"type": "message", "subtype": "bot_message", "bot_id": "B01", "username": "deploy-bot", "text": "", "ts": ts(0, 1), "attachments": [{"fallback": "Deployed v1.2 to prod"}]}  # fmt: skip
    parsed = parse(tmp_path, [bot_post, {"type": "message", "text": "ghost", "ts": ts(0, 2)}])
    deploy = parsed.message("Deployed v1.2 to prod")
    assert (deploy.author, deploy.is_bot, deploy.is_system) == (pid("B01"), True, False)
    bot = parsed.person("deploy-bot")
    assert (bot.is_bot, bot.is_placeholder, bot.source_ids[0].source_id, bot.last_active_date) == (
        True,
        False,
        "B01",
        deploy.timestamp,
    )
    assert parsed.message("ghost").author == UNKNOWN_PERSON_ID


def test_reactions_give_names_count_and_detail(tmp_path: Path) -> None:
    reactions = [
        {"name": "+1", "users": ["U01", "U02"], "count": 2},
        {"name": "tada", "users": ["U03"], "count": 1},
    ]
    message = parse(tmp_path, [msg("U01", "shipped", ts(0, 1), reactions=reactions)]).message("shipped")
    assert (message.reactions, message.reaction_count, message.reaction_detail) == (
        ["+1", "tada"],
        3,
        [
            ReactionDetail(name="+1", count=2, users=[pid("U01"), pid("U02")]),
            ReactionDetail(name="tada", count=1, users=[pid("U03")]),
        ],
    )


def test_joins_leaves_and_archive_events_are_system_records(tmp_path: Path) -> None:
    parsed = parse(
        tmp_path,
        [
            msg("U01", "<@U01> has joined the channel", ts(0, 1), subtype="channel_join"),
            msg("U01", "<@U01> has left the channel", ts(0, 2), subtype="channel_leave"),
            msg("U01", "archived the channel", ts(0, 3), subtype="channel_archive"),
            msg("U01", "pinned a message", ts(0, 4), subtype="pinned_item"),
        ],
    )
    channel = parsed.channels()["name:ops"]
    assert ([m.is_system for m in parsed.messages()], channel.is_archived, channel.members) == (
        [True, True, True, True],
        True,
        [pid("U01")],
    )
    assert (
        channel.message_count,
        channel.first_ts,
        parsed.done("channel:name:ops").counts["messages_system"],
    ) == (
        0,
        None,
        4,
    )


def test_broadcast_and_me_message_are_conversation(tmp_path: Path) -> None:
    parsed = parse(
        tmp_path,
        [
            msg("U01", "waves", ts(0, 1), subtype="me_message"),
            msg("U01", "fyi", ts(0, 2), subtype="reply_broadcast", thread_ts=ts(0, 1)),
        ],
    )
    assert [(m.is_system, m.is_broadcast, m.is_reply) for m in parsed.messages()] == [
        (False, False, False),
        (False, True, True),
    ]


def test_content_hash_is_sha256_of_sorted_key_orjson_over_the_section_8_fields() -> None:
    raw = msg(
        "U01",
        "text",
        ts(0, 1),
        subtype="file_share",
        edited={"ts": ts(0, 9)},
        reactions=[{"name": "b", "users": ["U2", "U1"], "count": 2}, {"name": "a", "users": [], "count": 1}],
        reply_count=2,
        reply_users=["U3", "U2"],
        latest_reply=ts(0, 8),
        files=[{"id": "F2"}, {"id": "F1"}],
    )
    expected = {
        "raw_text": "text",
        "subtype": "file_share",
        "edited_ts": ts(0, 9),
        "reactions": [["a", 1, []], ["b", 2, ["U1", "U2"]]],
        "reply_count": 2,
        "reply_users": ["U2", "U3"],
        "latest_reply": ts(0, 8),
        "file_ids": ["F1", "F2"],
        "is_deleted": False,
    }
    assert (
        content_hash(raw, is_deleted=False)
        == hashlib.sha256(orjson.dumps(expected, option=orjson.OPT_SORT_KEYS)).hexdigest()
    )


def test_normalised_hash_equals_the_raw_hash(tmp_path: Path) -> None:
    raw = msg(
        "U01", "text", ts(0, 1), reactions=[{"name": "b", "users": ["U2"], "count": 1}], files=[{"id": "F1"}]
    )
    assert parse(tmp_path, [raw]).message("text").content_hash == content_hash(raw, is_deleted=False)
