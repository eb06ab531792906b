"""CLI shells: doctor, serve's bind refusal, openapi, and the help/--json meta-rule (10 rule 27)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chiefops.cli import app

runner = CliRunner()


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHIEFOPS_")}
    env.update({"CHIEFOPS_DATA_DIR": str(tmp_path / "data"), **extra})
    return env


def test_serve_on_all_interfaces_without_token_exits_nonzero_saying_why(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "chiefops", "serve"],
        env=_env(tmp_path, CHIEFOPS_HOST="0.0.0.0"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "Refusing to listen on 0.0.0.0:23000 without a token" in proc.stderr
    assert "CHIEFOPS_TOKEN" in proc.stderr


def _use(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> None:
    for key in [k for k in os.environ if k.startswith("CHIEFOPS_")]:
        monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)


@pytest.mark.parametrize("command", ["doctor", "serve", "ingest"])
def test_bad_settings_are_one_line_each_naming_the_variable_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """Audit foundation D3: `CHIEFOPS_PORT=abc` / `CHIEFOPS_STORE=oracle` printed a 47-line traceback
    and exited 1; the variable's name never appeared."""
    _use(monkeypatch, _env(tmp_path, CHIEFOPS_PORT="abc", CHIEFOPS_STORE="oracle"))
    args = [command, str(tmp_path)] if command == "ingest" else [command]
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "error: CHIEFOPS_PORT must be a whole number from 1 to 65535, not 'abc'\n"
        "error: CHIEFOPS_STORE must be one of sqlite, mongodb, not 'oracle'\n"
    )


def test_serve_refuses_a_blank_token_off_loopback(tmp_path: Path) -> None:
    """Audit foundation D2: `CHIEFOPS_TOKEN=` with a non-loopback host started an open server.
    (A subprocess with a timeout, so a regression fails instead of serving forever.)"""
    proc = subprocess.run(
        [sys.executable, "-m", "chiefops", "serve"],
        env=_env(tmp_path, CHIEFOPS_HOST="0.0.0.0", CHIEFOPS_TOKEN=""),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: Refusing to listen on 0.0.0.0:23000 without a token")


def test_serve_with_an_unusable_data_dir_refuses_to_start_saying_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Audit foundation D8: serve died inside Uvicorn's start-up with a FileNotFoundError traceback."""
    (tmp_path / "a-file").write_text("not a folder")
    data_dir = tmp_path / "a-file" / "data"
    _use(monkeypatch, _env(tmp_path, CHIEFOPS_DATA_DIR=str(data_dir)))
    result = runner.invoke(app, ["serve"])
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        f"error: CHIEFOPS_DATA_DIR {data_dir} cannot be used (Not a directory): set CHIEFOPS_DATA_DIR to a"
        " folder this user can write, or fix the permissions of this one\n"
    )


def test_doctor_json_masks_secrets_and_checks_each_dependency(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in _env(tmp_path, CHIEFOPS_AI_API_KEY="sk-live-123", CHIEFOPS_TOKEN="tok-456").items():
        monkeypatch.setenv(key, value)
    result = runner.invoke(app, ["doctor", "--json"])
    report = json.loads(result.stdout)
    assert report["config"]["ai_api_key"] == "****"
    assert report["config"]["token"] == "****"
    assert report["config"]["citex_api_key"] == "unset"
    assert "sk-live-123" not in result.stdout and "tok-456" not in result.stdout
    assert [c["name"] for c in report["checks"]] == [
        "data_dir",
        "database",
        "node",
        "weasyprint",
        "ai_provider",
        "chromium",
    ]
    database = next(c for c in report["checks"] if c["name"] == "database")
    assert database == {
        "name": "database",
        "ok": True,
        "detail": "sqlite opened and answering",
        "required": True,
    }


def test_doctor_human_output_lists_config_and_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in _env(tmp_path).items():
        monkeypatch.setenv(key, value)
    result = runner.invoke(app, ["doctor"])
    assert "effective configuration" in result.stdout
    assert "data_dir" in result.stdout and "database" in result.stdout and "weasyprint" in result.stdout


def test_openapi_prints_the_api_schema() -> None:
    result = runner.invoke(app, ["openapi"])
    schema = json.loads(result.stdout)
    assert schema["info"]["title"] == "ChiefOps"
    assert "/api/v1/health" in schema["paths"]
    assert schema["paths"]["/api/v1/health"]["get"]["operationId"] == "system-health"


def _commands() -> list[str]:
    return sorted(c.name or c.callback.__name__ for c in app.registered_commands if c.callback)


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout


@pytest.mark.parametrize("command", [c for c in _commands() if c not in {"serve", "openapi"}])
def test_every_command_but_serve_has_json(command: str) -> None:
    assert "--json" in runner.invoke(app, [command, "--help"]).stdout
