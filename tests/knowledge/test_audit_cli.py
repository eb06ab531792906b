"""`chiefops audit last|show` (spec 03 §10): the same models as the API, human or `--json`."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chiefops.ai import AuditLog, SentMessage, pack_sent
from chiefops.cli import app
from chiefops.config import Settings
from chiefops.models import AIAuditRecord, AIProvider, RedactionMode
from chiefops.services import running_services

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key in [k for k in os.environ if k.startswith("CHIEFOPS_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("CHIEFOPS_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def _record(data_dir: Path, record: AIAuditRecord) -> None:
    async def write() -> None:
        async with running_services(Settings(data_dir=data_dir, _env_file=None)) as services:  # type: ignore[call-arg]
            await AuditLog(services.store, clock=services.clock).record(record)

    asyncio.run(write())


def _local_call() -> AIAuditRecord:
    sent, _ = pack_sent([SentMessage(role="user", content="Who owns [EMAIL_1]'s ticket?")])
    return AIAuditRecord(
        audit_id="a-local",
        operation="answer_question",
        provider=AIProvider.LOCAL,
        redaction=RedactionMode.NOT_NEEDED,
        sent=sent,
        placeholder_map={"[EMAIL_1]": "kim@lumenlabs.io"},
        tokens_in=12,
        latency_ms=3,
        source_summary="0 chunks",
    )


def test_audit_last_json_prints_the_api_detail_model(data_dir: Path) -> None:
    _record(data_dir, _local_call())

    result = runner.invoke(app, ["audit", "last", "--json"])

    body = json.loads(result.stdout)
    assert result.exit_code == 0
    assert (body["entry"]["audit_id"], body["entry"]["provider"], body["revealed"]) == (
        "a-local",
        "local",
        False,
    )
    assert body["messages"] == [{"role": "user", "content": "Who owns [EMAIL_1]'s ticket?"}]
    assert "kim@lumenlabs.io" not in result.stdout


def test_audit_show_reveal_restores_values_and_says_nothing_left_the_machine(data_dir: Path) -> None:
    _record(data_dir, _local_call())

    result = runner.invoke(app, ["audit", "show", "a-local", "--reveal"])

    assert result.exit_code == 0
    assert "Nothing left the machine (local provider)." in result.stdout
    assert "Who owns kim@lumenlabs.io's ticket?" in result.stdout


def test_audit_show_unknown_id_exits_1_naming_the_id(data_dir: Path) -> None:
    result = runner.invoke(app, ["audit", "show", "nope"])

    assert result.exit_code == 1
    assert "No AI call 'nope' in the audit log" in result.stderr


@pytest.mark.parametrize("command", ["last", "show"])
def test_audit_commands_have_help_with_an_example_and_json(command: str) -> None:
    result = runner.invoke(app, ["audit", command, "--help"])

    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert "--json" in result.stdout
