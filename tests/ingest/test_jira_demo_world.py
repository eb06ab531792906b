"""The demo world's Jira export (spec 11) through the reader: counts, identities and blockers equal truth.json."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tests.ingest.fixtures_jira import Parsed, parse

from chiefops.ingest.units import person_ref_id
from chiefops.models import SourceSystem
from samples import generate_world


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Parsed, dict[str, Any]]:
    out = tmp_path_factory.mktemp("world")
    generate_world(out, seed=7, scale=1)
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    return parse(out / "exports" / "jira" / "lumen-labs-jira.csv"), truth


def test_issue_comment_and_people_counts_equal_truth(world: tuple[Parsed, dict[str, Any]]) -> None:
    parsed, truth = world
    expected = truth["counts"]["jira"]
    assert (len(parsed.tasks), len(parsed.messages), len(parsed.people)) == (
        expected["issues"],
        expected["comments"],
        expected["people"],
    )
    assert (parsed.done.status, parsed.done.encoding, parsed.warnings) == ("ingested", "utf-8-sig", [])


def test_open_blockers_per_project_equal_truth(world: tuple[Parsed, dict[str, Any]]) -> None:
    parsed, truth = world
    blocked = sorted(t.jira_key or "" for t in parsed.tasks if t.is_blocker)
    expected = sorted(key for project in truth["projects"] for key in project["open_blockers"])
    assert blocked == expected


def test_jira_identities_carry_their_display_names(world: tuple[Parsed, dict[str, Any]]) -> None:
    parsed, truth = world
    people = {person.person_id: person.name for person in parsed.people}
    jira = [i for i in truth["identities"] if i.get("jira_account_id")]
    assert {people[person_ref_id(SourceSystem.JIRA, i["jira_account_id"])] for i in jira} == {
        i["jira_name"] for i in jira
    }
