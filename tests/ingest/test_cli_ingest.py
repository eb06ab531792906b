"""`chiefops ingest` (spec 02 §14, §17 check 21): one JSON summary with --json, plain lines without a
terminal, exit codes 0 / 1 / 2, and a dry run that writes nothing."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import pytest
from tests.ingest.fixtures_ingest import SUMMARY_KEYS, jira_csv, jira_row, slack_export
from typer.testing import CliRunner

from chiefops.cli import app
from chiefops.config import Settings
from chiefops.models import IngestSummary
from chiefops.services import running_services

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key in [k for k in os.environ if k.startswith("CHIEFOPS_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("CHIEFOPS_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def exports(root: Path) -> Path:
    folder = root / "exports"
    slack_export(folder / "slack" / "export.zip")
    jira_csv(folder / "jira" / "issues.csv", [jira_row("ALPHA-1"), jira_row("ALPHA-2")])
    return folder


def stored_summary(data_dir: Path, job_id: str) -> IngestSummary | None:
    async def read() -> IngestSummary | None:
        async with running_services(Settings(data_dir=data_dir, _env_file=None)) as services:  # type: ignore[call-arg]
            return (await services.ingest.get(job_id)).summary

    return asyncio.run(read())


def test_json_prints_exactly_the_jobs_summary_and_exits_0(data_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(exports(tmp_path)), "--json"])
    summary = json.loads(result.stdout)
    assert result.exit_code == 0
    assert set(summary) == SUMMARY_KEYS
    assert (summary["outcome"], summary["messages"]["new"], summary["tasks"]["new"]) == ("ok", 6, 2)
    assert stored_summary(data_dir, summary["job_id"]) == IngestSummary.model_validate(summary)


def test_without_a_terminal_each_file_event_is_one_plain_line(data_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(exports(tmp_path))])
    lines = result.stdout.splitlines()
    assert result.exit_code == 0
    assert "exports/jira/issues.csv: detected" in lines
    assert "exports/slack/export.zip: detected" in lines
    assert any(line.startswith("exports/jira/issues.csv: done — ") for line in lines)


def test_a_file_that_is_skipped_makes_the_exit_code_1(data_dir: Path, tmp_path: Path) -> None:
    folder = exports(tmp_path)
    (folder / "tool.exe").write_bytes(b"MZ\x90\x00" + b"\x00" * 60)
    result = runner.invoke(app, ["ingest", str(folder), "--json"])
    summary = json.loads(result.stdout)
    assert result.exit_code == 1
    assert [
        (f["path"], f["status"], f["code"]) for f in summary["file_results"] if f["status"] != "ingested"
    ] == [("exports/tool.exe", "skipped", "unsupported_type")]


def test_a_missing_path_exits_2_before_any_work(data_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(tmp_path / "nowhere.zip"), "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert not (data_dir / "chiefops.db").exists()


def test_a_batch_over_the_limit_exits_2_before_any_work(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHIEFOPS_MAX_BATCH_MB", "1")
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (1024 * 1024 + 1))
    result = runner.invoke(app, ["ingest", str(big), "--json"])
    assert result.exit_code == 2
    assert not (data_dir / "chiefops.db").exists()


def test_dry_run_lists_what_would_be_ingested_and_writes_nothing(data_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(exports(tmp_path)), "--dry-run", "--json"])
    preview = json.loads(result.stdout)
    assert result.exit_code == 0
    assert [(i["path"], i["kind"]) for i in preview["inputs"]] == [
        ("exports/jira/issues.csv", "jira_csv"),
        ("exports/slack/export.zip", "slack_export"),
    ]
    assert not data_dir.exists()


def test_a_database_that_cannot_be_opened_exits_3_with_its_real_cause(data_dir: Path, tmp_path: Path) -> None:
    """Audit ingest D2: a corrupt `chiefops.db` printed `error: closed` and exited 2 (bad usage)."""
    data_dir.mkdir()
    (data_dir / "chiefops.db").write_bytes(b"not a database " * 512)
    note = tmp_path / "note.md"
    note.write_text("# Note\n\nHello.\n")
    result = runner.invoke(app, ["ingest", str(note), "--json"])
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        f"error: Cannot open the database {data_dir / 'chiefops.db'}: file is not a database (SQLITE_NOTADB);"
        " the file is damaged or is not a ChiefOps database — restore it from a backup, or move it away"
        " and ChiefOps starts with an empty one\n"
    )


def test_an_unusable_data_dir_exits_3_naming_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    """Audit ingest D3: a data dir that cannot be created printed a raw NotADirectoryError traceback."""
    (tmp_path / "a-file").write_text("not a folder")
    unusable = tmp_path / "a-file" / "data"
    monkeypatch.setenv("CHIEFOPS_DATA_DIR", str(unusable))
    note = tmp_path / "note.md"
    note.write_text("# Note\n\nHello.\n")
    result = runner.invoke(app, ["ingest", str(note), "--json"])
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        f"error: CHIEFOPS_DATA_DIR {unusable} cannot be used (Not a directory): set CHIEFOPS_DATA_DIR to a"
        " folder this user can write, or fix the permissions of this one\n"
    )
