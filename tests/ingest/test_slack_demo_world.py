"""The demo world's Slack export read by `ExportReader` matches its truth.json (spec 02 §17 check 22)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from samples.generate import generate_world
from tests.ingest.fixtures_slack import Parsed, run_reader, source_for

from chiefops.ingest.detect import detect
from chiefops.ingest.safety import Limits
from chiefops.ingest.slack import ExportReader
from chiefops.ingest.units import PersonItem, person_ref_id
from chiefops.models import InputKind
from chiefops.models.enums import SourceSystem

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Parsed, dict[str, Any], Path]:
    out = tmp_path_factory.mktemp("world")
    report = generate_world(out, seed=7, scale=1)
    truth = orjson.loads(report.truth_json.read_bytes())
    parsed = run_reader(ExportReader(), source_for(report.slack_zip, InputKind.SLACK_EXPORT))
    return parsed, truth, report.slack_zip


def test_demo_export_is_detected_as_a_slack_export(
    world: tuple[Parsed, dict[str, Any], Path], tmp_path: Path
) -> None:
    _, _, path = world
    detection = detect([path], limits=Limits(), work_dir=tmp_path)
    assert [(d.kind, d.warnings) for d in detection.inputs] == [(InputKind.SLACK_EXPORT, ())]


def test_demo_counts_equal_truth(world: tuple[Parsed, dict[str, Any], Path]) -> None:
    parsed, truth, _ = world
    slack = truth["counts"]["slack"]
    people = parsed.people().values()
    assert {
        "users": sum(not p.is_placeholder for p in people),
        "bots": sum(p.is_bot for p in people),
        "deactivated": sum(p.is_deactivated for p in people),
        "channels": len(parsed.channels()),
        "messages_conversational": len(parsed.conversational()),
        "messages_system": len(parsed.system()),
        "thread_replies": sum(m.is_reply for m in parsed.conversational()),
    } == {key: slack[key] for key in ("users", "bots", "deactivated", "channels", "messages_conversational", "messages_system", "thread_replies")}  # fmt: skip


def test_demo_bot_and_deactivated_person_are_flagged(world: tuple[Parsed, dict[str, Any], Path]) -> None:
    parsed, truth, _ = world
    (bot,) = [n for n in truth["non_persons"] if n["source"] == "slack"]
    (gone,) = truth["deactivated"]
    people = parsed.people()
    assert people[person_ref_id(SourceSystem.SLACK, bot["id"])].is_bot is True
    assert people[person_ref_id(SourceSystem.SLACK, gone["slack_id"])].is_deactivated is True
    newest = max(
        item.doc.last_active_date
        for item in parsed.items()
        if isinstance(item, PersonItem) and item.doc.slack_user_id == gone["slack_id"]
    )
    assert newest.astimezone(UTC).date() == datetime.fromisoformat(gone["last_active"]).date()


def test_demo_sso_request_mentions_maria(world: tuple[Parsed, dict[str, Any], Path]) -> None:
    parsed, _, _ = world
    (message,) = [
        m for m in parsed.messages() if m.raw_text and m.raw_text.endswith("can you take the SSO config?")
    ]
    (mentioned,) = message.mentions
    maria = parsed.people()[mentioned]
    assert (maria.name.split()[0], message.text) == ("Maria", f"@{maria.name} can you take the SSO config?")
