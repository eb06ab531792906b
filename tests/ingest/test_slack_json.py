"""Capture and manual Slack JSON readers (spec 02 §4.1, §8), and capture ≡ export."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from tests.ingest.fixtures_slack import (
    CHANNELS,
    JOB_ID,
    USERS,
    Parsed,
    capture_of_general,
    general_days,
    msg,
    run_reader,
    source_for,
    ts,
    write_zip,
)

from chiefops.ingest.slack import CaptureReader, ExportReader, ManualReader
from chiefops.ingest.units import ParseContext, UnitFailed, person_ref_id
from chiefops.models import InputKind
from chiefops.models.enums import ChannelType, SourceSystem


def write_json(path: Path, value: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(orjson.dumps(value))
    return path


def parse_capture(tmp_path: Path, capture: dict[str, object]) -> Parsed:
    path = write_json(tmp_path / "general-capture.json", capture)
    return run_reader(CaptureReader(), source_for(path, InputKind.SLACK_CAPTURE))


def test_capture_collects_messages_and_thread_replies_once(tmp_path: Path) -> None:
    parsed = parse_capture(tmp_path, capture_of_general())
    assert [m.text for m in parsed.messages() if m.is_reply] == ["Friday", "Agreed"]
    assert (len(parsed.messages()), parsed.warnings(), sorted(parsed.units)) == (
        10,
        [],
        ["channel:C01", "users"],
    )
    assert parsed.message("Friday").origin is InputKind.SLACK_CAPTURE


def test_capture_total_that_differs_from_the_file_is_a_warning(tmp_path: Path) -> None:
    parsed = parse_capture(tmp_path, capture_of_general(total=12))
    assert parsed.warnings() == [
        (
            "total_mismatch",
            "general-capture.json: `_meta.total_messages` says 12 but the file holds 10 distinct messages",
        )
    ]


def test_capture_and_export_of_one_channel_give_identical_keys_and_hashes(tmp_path: Path) -> None:
    files: dict[str, object] = {"users.json": USERS, "channels.json": CHANNELS[:1]}
    for day, messages in enumerate(general_days()):
        files[f"general/2026-06-0{day + 1}.json"] = messages
    exported = run_reader(
        ExportReader(), source_for(write_zip(tmp_path / "export.zip", files), InputKind.SLACK_EXPORT)
    )
    captured = parse_capture(tmp_path, capture_of_general())

    def keyed(parsed: Parsed) -> dict[str | None, tuple[str | None, str, str]]:
        return {m.natural_key: (m.content_hash, m.message_id, m.text) for m in parsed.messages()}

    assert keyed(captured) == keyed(exported)
    assert len(keyed(captured)) == 10


def test_capture_without_meta_is_invalid(tmp_path: Path) -> None:
    path = write_json(tmp_path / "bad.json", {"_meta": {"channel_name": "x"}, "messages": "nope"})
    with pytest.raises(UnitFailed) as caught:
        CaptureReader().plan(source_for(path, InputKind.SLACK_CAPTURE), ParseContext(job_id=JOB_ID))
    assert (caught.value.code, caught.value.reason) == (
        "invalid_json",
        "bad.json: not a Slack capture (needs `_meta` and a `messages` list)",
    )


# --- Manual -------------------------------------------------------------------------------------


def test_manual_array_takes_its_channel_from_the_file_stem(tmp_path: Path) -> None:
    path = write_json(tmp_path / "proj-alpha.json", [msg("U01", "hello", ts(0, 1))])
    parsed = run_reader(ManualReader(), source_for(path, InputKind.SLACK_MANUAL))
    message = parsed.message("hello")
    assert (message.channel, message.channel_id, message.channel_type, message.natural_key) == (
        "proj-alpha",
        "name:proj-alpha",
        ChannelType.PUBLIC,
        f"slack:name:proj-alpha:{ts(0, 1)}",
    )
    assert parsed.person("U01").is_placeholder is True


def test_manual_channel_option_resolves_to_the_stored_channel_id(tmp_path: Path) -> None:
    path = write_json(tmp_path / "notes.json", {"messages": [msg("U01", "hello", ts(0, 1))]})
    ctx = ParseContext(job_id=JOB_ID, channel="#general", known_channels={"C01": "general"})
    parsed = run_reader(ManualReader(), source_for(path, InputKind.SLACK_MANUAL), ctx)
    assert (parsed.message("hello").channel_id, sorted(parsed.units)) == ("C01", ["channel:C01"])


def test_manual_display_names_become_placeholder_people(tmp_path: Path) -> None:
    path = write_json(tmp_path / "ops.json", [msg("Maria", "I'll take the SSO config", ts(0, 1))])
    parsed = run_reader(ManualReader(), source_for(path, InputKind.SLACK_MANUAL))
    maria = parsed.person("Maria")
    assert (maria.is_placeholder, maria.slack_user_id, maria.handles) == (True, None, ["Maria"])
    assert parsed.message("I'll take the SSO config").author == person_ref_id(SourceSystem.SLACK, "Maria")


def test_manual_folder_of_day_files_is_one_channel_named_by_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "proj-beta"
    for day in range(3):
        write_json(folder / f"2026-06-0{day + 1}.json", [msg("U01", f"day {day}", ts(day, 1))])
    parsed = run_reader(ManualReader(), source_for(folder, InputKind.SLACK_MANUAL))
    assert [(m.channel, m.text) for m in parsed.messages()] == [
        ("proj-beta", "day 0"),
        ("proj-beta", "day 1"),
        ("proj-beta", "day 2"),
    ]
    assert parsed.channels()["name:proj-beta"].message_count == 3


def test_manual_folder_with_one_bad_file_is_partial(tmp_path: Path) -> None:
    folder = tmp_path / "proj-beta"
    write_json(folder / "2026-06-01.json", [msg("U01", "kept", ts(0, 1))])
    (folder / "2026-06-02.json").write_bytes(b'[{"ts": ]')
    parsed = run_reader(ManualReader(), source_for(folder, InputKind.SLACK_MANUAL))
    done = parsed.done("channel:name:proj-beta")
    assert (done.status, done.code, [m.text for m in parsed.messages()]) == (
        "partial",
        "member_failed",
        ["kept"],
    )
    assert done.reason is not None and done.reason.startswith(
        "proj-beta/2026-06-02.json: invalid JSON at line 1:9 ("
    )


def test_invalid_single_manual_file_fails_the_unit(tmp_path: Path) -> None:
    path = tmp_path / "ops.json"
    path.write_bytes(b'[{"ts": "1.0", "user": "U1"},')
    reader, source, ctx = (
        ManualReader(),
        source_for(path, InputKind.SLACK_MANUAL),
        ParseContext(job_id=JOB_ID),
    )
    (unit,) = reader.plan(source, ctx)
    with pytest.raises(UnitFailed) as caught:
        list(reader.parse(source, unit, ctx, lambda *_: None))
    assert caught.value.code == "invalid_json"
