"""`chiefops people` and `chiefops projects` (spec 01 §5): seed field names with --json, tables without."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from chiefops.cli import app

runner = CliRunner()


@pytest.fixture
def on_demo(analysed_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHIEFOPS_DATA_DIR", str(analysed_dir))
    monkeypatch.setenv("CHIEFOPS_LOG_LEVEL", "WARNING")


def test_people_json_prints_people_in_seed_field_names(on_demo: None, truth: dict[str, Any]) -> None:
    result = runner.invoke(app, ["people", "--json"])
    assert result.exit_code == 0, result.output
    people = json.loads(result.stdout)
    assert len(people) == truth["counts"]["persons_after_resolution"]
    assert {"name", "role", "role_source", "activity_level", "source_ids", "flags"} <= set(people[0])


def test_people_filters_quiet_people(on_demo: None, truth: dict[str, Any]) -> None:
    result = runner.invoke(app, ["people", "--activity-level", "quiet", "--json"])
    assert truth["quiet_people"][0]["person"] in {p["name"] for p in json.loads(result.stdout)}


def test_projects_json_prints_status_health_and_findings(on_demo: None, truth: dict[str, Any]) -> None:
    result = runner.invoke(app, ["projects", "--json"])
    assert result.exit_code == 0, result.output
    projects = {p["name"]: p for p in json.loads(result.stdout)}
    assert {name: p["status"] for name, p in projects.items()} == {
        p["name"]: p["expected_status"] for p in truth["projects"]
    }
    assert {"health_score", "missing_tasks", "key_risks", "health_components", "status_reasons"} <= set(
        next(iter(projects.values()))
    )


def test_projects_without_json_prints_a_table(on_demo: None, truth: dict[str, Any]) -> None:
    result = runner.invoke(app, ["projects"])
    assert result.exit_code == 0 and "Status" in result.stdout and "behind" in result.stdout
