"""`--scale` grows the company around the planted projects, which stay exactly as at scale 1."""

from __future__ import annotations

import zipfile
from pathlib import Path

import orjson
import pytest
from samples.readers import read_jira

from samples import WorldReport, generate_world

PLANTED_SECTIONS = (
    "projects",
    "quiet_people",
    "informal_assignments",
    "not_informal_assignments",
    "unanswered_blocker_threads",
    "gaps",
    "retrieval_questions",
    "corrections",
    "deactivated",
)
PLANTED_CHANNELS = (
    "proj-alpha",
    "alpha-dev",
    "proj-beta",
    "proj-gamma",
    "proj-delta",
    "ops-automation",
    "general",
)


@pytest.fixture(scope="module")
def scale2(tmp_path_factory: pytest.TempPathFactory) -> WorldReport:
    return generate_world(tmp_path_factory.mktemp("demo-world-scale2"), seed=7, scale=2)


def _truth(report: WorldReport) -> dict[str, object]:
    return dict(orjson.loads(report.truth_json.read_bytes()))


def _planted_rows(path: Path) -> list[list[str]]:
    jira = read_jira(path)
    return [
        row
        for row in jira.rows
        if jira.value(row, "Project key") in {"ALPHA", "BETA", "GAMMA", "DELTA", "OPS"}
    ]


def _day_files(path: Path, channel: str) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist() if n.startswith(channel + "/")}


def test_scale_two_doubles_the_company(world: WorldReport, scale2: WorldReport) -> None:
    one, two = world.counts, scale2.counts
    assert (two.projects, two.people) == (10, one.people + 60)
    assert 1.8 < two.slack_messages / one.slack_messages < 2.2
    assert 1.8 < two.jira_issues / one.jira_issues < 2.2
    assert two.documents == one.documents + 5


def test_planted_facts_are_identical_at_scale_two(world: WorldReport, scale2: WorldReport) -> None:
    one, two = _truth(world), _truth(scale2)
    assert {k: two[k] for k in PLANTED_SECTIONS} == {k: one[k] for k in PLANTED_SECTIONS}


def test_planted_jira_rows_and_channels_are_byte_identical_at_scale_two(
    world: WorldReport, scale2: WorldReport
) -> None:
    assert _planted_rows(scale2.jira_csv) == _planted_rows(world.jira_csv)
    for channel in PLANTED_CHANNELS:
        assert _day_files(scale2.slack_zip, channel) == _day_files(world.slack_zip, channel), channel


def test_scale_below_one_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="scale must be at least 1, got 0"):
        generate_world(tmp_path, scale=0)
