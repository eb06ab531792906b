"""Slack admin export and API extract reader (spec 02 §4, §17 checks 1, 2, 4, 6, 14)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from tests.ingest.fixtures_slack import (
    JOB_ID,
    PARENT_TS,
    Files,
    Parsed,
    msg,
    run_reader,
    source_for,
    standard_export,
    ts,
    write_folder,
    write_zip,
)

from chiefops.ingest.slack import ExportReader, slack_reader
from chiefops.ingest.slack_people import NEVER_ACTIVE
from chiefops.ingest.units import ParseContext, UnitDoneItem, UnitFailed, person_ref_id
from chiefops.models import InputKind, PreviousName, SlackFile
from chiefops.models.enums import ChannelType, SourceSystem


def pid(source_id: str) -> str:
    return person_ref_id(SourceSystem.SLACK, source_id)


def parse_export(
    tmp_path: Path, files: Files, *, name: str = "export.zip", ctx: ParseContext | None = None
) -> Parsed:
    path = write_zip(tmp_path / name, files)
    return run_reader(ExportReader(), source_for(path, InputKind.SLACK_EXPORT), ctx)


def with_day(files: Files, path: str, messages: list[dict[str, object]]) -> Files:
    return {**files, path: messages}


# --- §17 check 2 --------------------------------------------------------------------------------


def test_standard_export_gives_exact_counts(tmp_path: Path) -> None:
    parsed = parse_export(tmp_path, standard_export())
    people = parsed.people()
    assert (len(parsed.conversational()), len(parsed.system()), len(parsed.channels()), len(people)) == (
        12,
        4,
        2,
        8,
    )
    assert [p.slack_user_id for p in people.values() if p.is_placeholder] == ["U99"]
    assert {key: parsed.done(key).counts for key in parsed.units} == {
        "users": {"people": 7},
        "channel:C01": {
            "messages": 8,
            "messages_system": 2,
            "channels": 1,
            "people_placeholders": 1,
            "dropped_no_ts": 0,
            "people": 6,
            "day_files_failed": 0,
        },
        "channel:C02": {
            "messages": 4,
            "messages_system": 2,
            "channels": 1,
            "people_placeholders": 0,
            "dropped_no_ts": 0,
            "people": 3,
            "day_files_failed": 0,
        },
    }


def test_bot_and_deactivated_users_are_flagged(tmp_path: Path) -> None:
    parsed = parse_export(tmp_path, standard_export())
    bot, dan, alice = parsed.person("jira-bot"), parsed.person("Dan Dormant"), parsed.person("Alice Adams")
    assert (bot.is_bot, bot.is_deactivated, dan.is_bot, dan.is_deactivated) == (True, False, False, True)
    assert parsed.message("ALPHA-12 moved to Done").is_bot is True
    assert (alice.email, alice.title_hint, alice.handles, alice.timezone, alice.avatar_url) == (
        "alice@lumen.io",
        "COO",
        ["alice"],
        "Europe/London",
        "https://avatars.example/U01-192.png",
    )
    assert (alice.role, alice.role_source.value, alice.source_ids[0].source_id) == (
        "team_member",
        "ai_identified",
        "U01",
    )


def test_last_active_is_the_newest_own_message_else_never(tmp_path: Path) -> None:
    parsed = parse_export(tmp_path, standard_export())
    alice_items = [
        item.doc.last_active_date
        for items in parsed.units.values()
        for item in items
        if item.kind == "person" and item.doc.slack_user_id == "U01"
    ]
    assert sorted(alice_items) == sorted(
        [NEVER_ACTIVE, parsed.message("Friday").timestamp, parsed.message("plan").timestamp]
    )


def test_message_fields_follow_the_record_table(tmp_path: Path) -> None:
    parsed = parse_export(tmp_path, standard_export())
    hello = parsed.message("Hello @Bob Brown")
    assert hello.model_dump(
        include={
            "source", "channel", "channel_type", "author", "natural_key", "origin", "origin_path", "channel_id",
            "slack_ts", "raw_text", "mentions", "ingestion_job_id", "is_system", "thread_id",
        }
    ) == {
        "source": "slack",
        "channel": "general",
        "channel_type": ChannelType.PUBLIC,
        "author": pid("U01"),
        "natural_key": f"slack:C01:{ts(0, 20)}",
        "origin": InputKind.SLACK_EXPORT,
        "origin_path": "general/2026-06-01.json",
        "channel_id": "C01",
        "slack_ts": ts(0, 20),
        "raw_text": "Hello <@U02>",
        "mentions": [pid("U02")],
        "ingestion_job_id": JOB_ID,
        "is_system": False,
        "thread_id": None,
    }  # fmt: skip
    assert hello.timestamp.isoformat() == "2026-06-01T00:00:20.000100+00:00"


def test_timestamp_keeps_every_microsecond_of_the_ts_string(tmp_path: Path) -> None:
    files = with_day(
        standard_export(), "general/2026-06-04.json", [msg("U01", "precise", "1780531199.999999")]
    )
    message = parse_export(tmp_path, files).message("precise")
    assert message.timestamp.isoformat() == "2026-06-03T23:59:59.999999+00:00"


# --- §17 check 1: the three forms of one export ----------------------------------------------------


def test_zip_zipped_folder_with_macos_debris_and_unpacked_folder_give_identical_records(
    tmp_path: Path,
) -> None:
    files = standard_export()
    forms = [
        write_zip(tmp_path / "root.zip", files),
        write_zip(tmp_path / "folder.zip", files, top_folder="Lumen Slack", macosx=True),
        write_folder(tmp_path / "unpacked", files),
    ]
    dumps = [
        [item.model_dump(exclude={"doc": {"created_at", "updated_at"}}) for item in parsed.items()]
        for parsed in (run_reader(ExportReader(), source_for(path, InputKind.SLACK_EXPORT)) for path in forms)
    ]
    assert dumps[0] == dumps[1] == dumps[2]
    assert len(dumps[0]) == 37


def test_api_extract_reads_day_files_at_any_depth_and_skips_underscore_names(tmp_path: Path) -> None:
    files: Files = {
        "_metadata.json": {"source": "chiefops-slack-extract", "channels": [{"id": "C07", "name": "ops"}]},
        "users.json": standard_export()["users.json"],
        "ops/2026/06/2026-06-01.json": [msg("U01", "deep", ts(0, 5))],
        "ops/_raw/2026-06-01.json": [msg("U01", "raw copy", ts(0, 6))],
    }
    path = write_zip(tmp_path / "extract.zip", files)
    parsed = run_reader(slack_reader(InputKind.SLACK_API), source_for(path, InputKind.SLACK_API))
    assert [(m.text, m.channel_id, m.origin) for m in parsed.messages()] == [
        ("deep", "C07", InputKind.SLACK_API)
    ]


# --- §17 check 4: threads, broadcasts, renames, joins ---------------------------------------------


def test_reply_count_is_trusted_when_replies_are_missing(tmp_path: Path) -> None:
    parent = msg(
        "U01", "lonely parent", ts(0, 50), thread_ts=ts(0, 50), reply_count=5, latest_reply=ts(0, 99)
    )
    message = parse_export(
        tmp_path, with_day(standard_export(), "general/2026-06-04.json", [parent])
    ).message("lonely parent")
    assert (message.reply_count, message.is_thread_parent, message.thread_id) == (
        5,
        True,
        f"slack:C01:{ts(0, 50)}",
    )


def test_broadcast_is_stored_once_in_its_thread(tmp_path: Path) -> None:
    broadcast = msg("U02", "also posting here", ts(3, 5), thread_ts=PARENT_TS, subtype="thread_broadcast")
    files = with_day(standard_export(), "general/2026-06-04.json", [broadcast])
    files["general/2026-06-05.json"] = [broadcast]
    parsed = parse_export(tmp_path, files)
    found = [m for m in parsed.messages() if m.text == "also posting here"]
    assert [(m.thread_id, m.is_broadcast, m.is_reply) for m in found] == [
        (f"slack:C01:{PARENT_TS}", True, True)
    ]


def test_reply_in_a_later_day_file_links_to_its_parent(tmp_path: Path) -> None:
    late = msg("U05", "late reply", ts(4, 1), thread_ts=PARENT_TS)
    parsed = parse_export(tmp_path, with_day(standard_export(), "general/2026-06-05.json", [late]))
    parent, reply = parsed.message("Release plan?"), parsed.message("late reply")
    assert (reply.thread_id, reply.is_reply, parent.thread_id, parent.is_thread_parent) == (
        parent.thread_id,
        True,
        f"slack:C01:{PARENT_TS}",
        True,
    )
    assert parent.reply_users == [pid("U01"), pid("U02")]
    assert parent.latest_reply == ts(1, 30)


def test_rename_keeps_one_channel_with_its_previous_name(tmp_path: Path) -> None:
    channels = parse_export(tmp_path, standard_export()).channels()
    alpha = channels["C02"]
    assert (sorted(channels), alpha.name, alpha.previous_names) == (
        ["C01", "C02"],
        "proj-alpha",
        [PreviousName(name="alpha-old", until_ts=ts(1, 100))],
    )


def test_join_only_member_is_a_member_with_joined_at(tmp_path: Path) -> None:
    alpha = parse_export(tmp_path, standard_export()).channels()["C02"]
    assert alpha.members == [pid("U01"), pid("U06"), pid("U05")]
    assert alpha.joined_at == {pid("U05"): ts(0, 100)}
    assert (alpha.first_ts, alpha.last_ts, alpha.message_count) == (ts(0, 110), ts(2, 110), 4)


def test_channel_events_update_topic_and_are_system_records(tmp_path: Path) -> None:
    parsed = parse_export(tmp_path, standard_export())
    general = parsed.channels()["C01"]
    assert (general.topic, general.purpose, general.creator, general.is_archived) == (
        "Launch",
        "Everything",
        pid("U01"),
        False,
    )
    assert sorted((m.subtype, m.channel) for m in parsed.system()) == [
        ("channel_join", "general"),
        ("channel_join", "proj-alpha"),
        ("channel_name", "proj-alpha"),
        ("channel_topic", "general"),
    ]


# --- §17 check 6: files and Jira candidates --------------------------------------------------------


def test_file_only_message_shows_the_file_and_keeps_metadata_without_query(tmp_path: Path) -> None:
    shared = msg(
        "U01",
        "",
        ts(3, 1),
        subtype="file_share",
        files=[
            {
                "id": "F1",
                "name": "plan.pdf",
                "title": "plan.pdf",
                "mimetype": "application/pdf",
                "filetype": "pdf",
                "size": 1234,
                "url_private": "https://files.slack.com/plan.pdf?t=xoxe-secret",
                "permalink": "https://lumen.slack.com/files/U01/F1/plan.pdf?t=xoxe-secret",
            }
        ],
    )
    message = parse_export(
        tmp_path, with_day(standard_export(), "general/2026-06-04.json", [shared])
    ).message("[file: plan.pdf]")
    assert message.files == [
        SlackFile(
            id="F1",
            name="plan.pdf",
            title="plan.pdf",
            mimetype="application/pdf",
            filetype="pdf",
            size=1234,
            permalink="https://lumen.slack.com/files/U01/F1/plan.pdf",
        )
    ]
    assert message.is_system is False


def test_jira_like_tokens_are_candidates_and_refs_stay_for_the_writer(tmp_path: Path) -> None:
    files = with_day(
        standard_export(), "general/2026-06-04.json", [msg("U01", "ALPHA-12 and GPT-5", ts(3, 2))]
    )
    message = parse_export(tmp_path, files).message("ALPHA-12 and GPT-5")
    assert (message.jira_ref_candidates, message.jira_refs) == (["ALPHA-12", "GPT-5"], [])


# --- §17 check 14 and other partial inputs --------------------------------------------------------


def test_bad_json_in_one_day_file_makes_the_channel_partial_and_keeps_other_days(tmp_path: Path) -> None:
    files = {**standard_export(), "general/2026-06-02.json": b'[\n  {"ts": "1.0",\n  oops}\n]'}
    parsed = parse_export(tmp_path, files)
    done = parsed.done("channel:C01")
    assert (done.status, done.code) == ("partial", "member_failed")
    assert done.reason is not None
    assert done.reason.startswith("export.zip › general/2026-06-02.json: invalid JSON at line 3:3 (")
    assert done.reason.endswith(" — the other day files were ingested")
    assert [m.text for m in parsed.conversational() if m.channel == "general"] == [
        "Hello @Bob Brown",
        "Hi Alice",
        "who am I",
        "bye",
    ]
    assert parsed.done("channel:C02").status == "ingested"


def test_export_without_users_is_partial_users_missing_with_placeholder_authors(tmp_path: Path) -> None:
    files = {name: value for name, value in standard_export().items() if name != "users.json"}
    parsed = parse_export(tmp_path, files)
    assert (parsed.done("users").status, parsed.done("users").code) == ("partial", "users_missing")
    assert parsed.person("U01").is_placeholder is True
    assert parsed.message("Hello @U02").author == pid("U01")


def test_invalid_users_json_fails_the_users_unit_only(tmp_path: Path) -> None:
    files = {**standard_export(), "users.json": b"[{"}
    path = write_zip(tmp_path / "export.zip", files)
    reader, source, ctx = (
        ExportReader(),
        source_for(path, InputKind.SLACK_EXPORT),
        ParseContext(job_id=JOB_ID),
    )
    units = {unit.key: unit for unit in reader.plan(source, ctx)}
    with pytest.raises(UnitFailed) as caught:
        list(reader.parse(source, units["users"], ctx, lambda *_: None))
    assert caught.value.code == "invalid_json"
    assert caught.value.reason.startswith("export.zip › users.json: invalid JSON at line 1:3 (")
    done = list(reader.parse(source, units["channel:C01"], ctx, lambda *_: None))[-1]
    assert isinstance(done, UnitDoneItem) and done.counts["messages"] == 8


def test_direct_messages_are_skipped_and_reported_unless_enabled(tmp_path: Path) -> None:
    files: Files = {
        **standard_export(),
        "dms.json": [{"id": "D01", "members": ["U01", "U02"], "created": 1}],
        "D01/2026-06-01.json": [msg("U01", "private hello", ts(0, 7))],
    }
    skipped = parse_export(tmp_path, files)
    assert ("private hello" in [m.text for m in skipped.messages()], skipped.warnings()) == (
        False,
        [
            (
                "dms_skipped",
                "export.zip: 1 direct-message conversation(s) skipped — set CHIEFOPS_INGEST_SLACK_DMS=true to"
                " include them",
            )
        ],
    )
    included = parse_export(
        tmp_path, files, name="with-dms.zip", ctx=ParseContext(job_id=JOB_ID, slack_dms=True)
    )
    assert (included.message("private hello").channel_type, included.message("private hello").channel) == (
        ChannelType.DM,
        "D01",
    )


def test_unknown_folder_becomes_a_placeholder_channel_and_stray_json_is_reported(tmp_path: Path) -> None:
    files: Files = {
        **standard_export(),
        "random/2026-06-01.json": [msg("U01", "in an unlisted folder", ts(0, 8))],
        "general/canvas.json": {"x": 1},
    }
    parsed = parse_export(tmp_path, files)
    assert parsed.message("in an unlisted folder").channel_id == "folder:random"
    assert parsed.warnings() == [
        ("not_a_day_file", "export.zip › general/canvas.json: not a day file (YYYY-MM-DD.json), skipped"),
        (
            "unknown_channel_folder",
            "export.zip › random: no channel list names this folder; its messages are kept under channel id"
            " folder:random",
        ),
    ]


def test_private_channels_come_from_groups_json(tmp_path: Path) -> None:
    files: Files = {
        **standard_export(),
        "groups.json": [{"id": "G01", "name": "leadership", "members": ["U01"]}],
        "leadership/2026-06-01.json": [msg("U01", "private plan", ts(0, 9))],
    }
    message = parse_export(tmp_path, files).message("private plan")
    assert (message.channel_type, message.channel_id) == (ChannelType.PRIVATE, "G01")


def test_plan_estimates_messages_from_day_file_sizes(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "export.zip", standard_export())
    plans = ExportReader().plan(source_for(path, InputKind.SLACK_EXPORT), ParseContext(job_id=JOB_ID))
    assert [(p.key, p.display, dict(p.estimate)) for p in plans] == [
        ("users", "export.zip: users", {"people": 7}),
        ("channel:C01", "#general", {"messages": 3}),
        ("channel:C02", "#proj-alpha", {"messages": 3}),
    ]


def test_progress_names_the_channel_and_ends_at_the_total(tmp_path: Path) -> None:
    parsed = parse_export(tmp_path, standard_export())
    assert parsed.progress[-1] == (6, 6, "Parsing #proj-alpha (6/6 messages)")
    assert (10, 10, "Parsing #general (10/10 messages)") in parsed.progress


def test_zip_slip_and_symlink_members_are_skipped_and_the_rest_is_parsed(tmp_path: Path) -> None:
    work = tmp_path / "data" / "work"
    work.mkdir(parents=True)
    path = write_zip(work / "export.zip", standard_export())
    with zipfile.ZipFile(path, "a") as archive:
        for name in ("../../x.json", "/abs.json", "C:\\x.json"):
            archive.writestr(zipfile.ZipInfo(name), b'[{"ts": "1.0", "user": "U1", "text": "evil"}]')
        link = zipfile.ZipInfo("general/2026-06-09.json")
        link.create_system, link.external_attr = 3, 0o120777 << 16
        archive.writestr(link, "/etc/passwd")
    parsed = run_reader(ExportReader(), source_for(path, InputKind.SLACK_EXPORT))
    assert (len(parsed.conversational()), "evil" in [m.text for m in parsed.messages()]) == (12, False)
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["export.zip"]
