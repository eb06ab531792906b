"""Acceptance checks A1–A5, A7, A8 of spec 04 §8 on the demo world (names from truth.json)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from tests.intel.conftest import open_services
from tests.intel.helpers import all_people, person_named, row

from chiefops.clock import FixedClock
from chiefops.errors import NotFound
from chiefops.models import (
    ActivityLevel,
    AnalysisResult,
    AnalysisType,
    Document,
    PersonFlag,
    RoleSource,
    Task,
    TaskSource,
)
from chiefops.services import Services


def _without_meta(rows: list[AnalysisResult]) -> dict[str, bytes]:
    return {
        f"{r.analysis_type.value}:{r.project_id}": orjson.dumps(
            {k: v for k, v in r.result_data.items() if k != "meta"}, option=orjson.OPT_SORT_KEYS
        )
        for r in rows
    }


async def test_a1_as_of_is_the_newest_event_day(analysed: Services, truth: dict[str, Any]) -> None:
    meta = (await row(analysed, AnalysisType.PEOPLE_IDENTIFICATION))["meta"]
    assert str(meta["as_of"])[:10] == truth["as_of"]


async def test_a1_results_are_byte_identical_when_the_clock_reads_2031(
    ingested_dir: Path, analysed: Services, fresh_copy: Any
) -> None:
    services = await open_services(
        fresh_copy(ingested_dir), clock=FixedClock(datetime(2031, 5, 4, 12, 0, tzinfo=UTC))
    )
    try:
        await services.intel.run_analysis()
        later = await services.store.typed(AnalysisResult).find()
    finally:
        await services.close()
    first = await analysed.store.typed(AnalysisResult).find()
    assert _without_meta(later) == _without_meta(first)


async def test_a2_every_identity_cluster_is_one_person_holding_all_its_source_ids(
    analysed: Services, truth: dict[str, Any]
) -> None:
    """Drive authors count when ingestion stored them: a document keeps one owner (creator, else last
    modifier), so a last modifier alone (Alex Kim on the Gamma plan) is not an observation of 02 §6."""
    people = await all_people(analysed)
    owner = {(r.source.value, r.source_id): p.name for p in people for r in p.source_ids}
    drive_refs = {ref for ref in owner if ref[0] == "gdrive"}
    for identity in truth["identities"]:
        expected = set()
        if identity["slack_id"]:
            expected.add(("slack", identity["slack_id"]))
        if identity["jira_name"]:
            expected.add(("jira", identity["jira_account_id"] or identity["jira_name"]))
        expected.update(ref for ref in (("gdrive", a) for a in identity["doc_authors"]) if ref in drive_refs)
        assert {ref: owner.get(ref) for ref in expected} == {ref: identity["person"] for ref in expected}


async def test_a2_every_merged_cluster_is_linked_at_090_or_more_with_its_rules_named(
    analysed: Services, truth: dict[str, Any]
) -> None:
    merged = [p for p in await all_people(analysed) if len(p.source_ids) > 1]
    weak = {}
    for person in merged:
        identity = (await analysed.intel.get_person(person.person_id)).identity
        rules = {rule for link in identity["links"] for rule in link["rules"]}
        if identity["identity_confidence"] < 0.90 or not rules:
            weak[person.name] = (identity["identity_confidence"], sorted(rules))
    assert (len(merged) >= len(truth["identities"]) // 2, weak) == (True, {})


async def test_a2_the_only_unheld_drive_authors_are_ones_no_document_record_names(
    analysed: Services, truth: dict[str, Any]
) -> None:
    """Ingestion keeps one owner per document (creator, else last modifier), so an author seen only
    as a last modifier is never an observation; every other truth.json Drive author is held."""
    people = await all_people(analysed)
    held = {r.source_id for p in people for r in p.source_ids if r.source.value == "gdrive"}
    owners = {d.owner for d in await analysed.store.typed(Document).find()}
    names = {p.person_id: p for p in people}
    recorded = {ref.source_id for o in owners if o in names for ref in names[o].source_ids} | owners
    unheld = {a for i in truth["identities"] for a in i["doc_authors"] if a not in held}
    assert unheld & recorded == set()


async def test_a2_raj_is_linked_at_090_or_more_with_the_linking_rules_named(
    analysed: Services, truth: dict[str, Any]
) -> None:
    raj = next(i for i in truth["identities"] if i["slack_handle"] == "raj")
    detail = await analysed.intel.get_person((await person_named(analysed, raj["person"])).person_id)
    links = detail.identity["links"]
    assert detail.identity["identity_confidence"] >= 0.90
    assert {key for link in links for key in (link["a"], link["b"])} == set(detail.identity["node_keys"])
    assert {rule for link in links for rule in link["rules"]} >= {"email", "email_name"}


async def test_a3_people_who_share_a_first_name_stay_apart(analysed: Services, truth: dict[str, Any]) -> None:
    for pair in truth["distinct_people"]:
        a, b = await person_named(analysed, pair["a"]), await person_named(analysed, pair["b"])
        assert a.person_id != b.person_id
        assert a.person_id not in b.alias_ids and b.person_id not in a.alias_ids


async def test_a4_non_person_accounts_are_never_listed(analysed: Services, truth: dict[str, Any]) -> None:
    people = await all_people(analysed)
    listed_ids = {r.source_id for p in people for r in p.source_ids}
    listed_names = {p.name for p in people}
    assert [n["id"] for n in truth["non_persons"] if n["id"] in listed_ids] == []
    assert [n["name"] for n in truth["non_persons"] if n["name"] in listed_names] == []
    assert len(people) == truth["counts"]["persons_after_resolution"]


async def test_a4_non_person_accounts_get_no_metric_and_no_project_role(
    analysed: Services, truth: dict[str, Any]
) -> None:
    """A bot appears nowhere a person does: no person entry (so no activity, engagement, role or
    flag) in the people analysis, no project membership, no task assignment, and no page of its own."""
    result = await row(analysed, AnalysisType.PEOPLE_IDENTIFICATION)
    accounts = result["non_person_accounts"]
    bots = {a["ref_id"] for a in accounts}
    members = {m.person_id for p in (await analysed.intel.list_projects()).items for m in p.people_involved}
    assigned = {a for t in await analysed.store.typed(Task).find() for a in t.assignees}
    assert sorted(a["source_id"] for a in accounts) == sorted(n["id"] for n in truth["non_persons"])
    assert (bots & set(result["persons"]), bots & members, bots & assigned) == (set(), set(), set())
    for bot in sorted(bots):
        with pytest.raises(NotFound, match="bot or automation account, not a person"):
            await analysed.intel.get_person(bot)


async def test_a4_the_deactivated_user_is_inactive_and_flagged(
    analysed: Services, truth: dict[str, Any]
) -> None:
    for gone in truth["deactivated"]:
        person = await person_named(analysed, gone["person"])
        assert (person.activity_level, PersonFlag.DEACTIVATED in person.flags) == (
            ActivityLevel.INACTIVE,
            True,
        )


async def test_a5_raj_is_an_architect_despite_his_developer_title(
    analysed: Services, truth: dict[str, Any]
) -> None:
    raj = next(i for i in truth["identities"] if i["slack_handle"] == "raj")
    expected = next(r for r in truth["roles"] if r["person"] == raj["person"])
    detail = await analysed.intel.get_person((await person_named(analysed, expected["person"])).person_id)
    person = detail.person
    assert (person.role, person.role_source) == ("architect", RoleSource.AI_IDENTIFIED)
    assert person.role_confidence is not None and person.role_confidence >= 0.60
    assert detail.role is not None
    texts = [e["text"] for e in detail.role["evidence"]]
    assert any(expected["title"] in t and "architect" in t for t in texts)
    behaviour = [
        e
        for e in detail.role["evidence"]
        if e["signal"] in ("assigns", "reviews", "unblocks", "decisions", "design_docs")
    ]
    assert len(behaviour) >= 3


async def test_a7_the_silent_person_is_quiet_and_silent_in_the_project(
    analysed: Services, truth: dict[str, Any]
) -> None:
    for quiet in truth["quiet_people"]:
        detail = await analysed.intel.get_person((await person_named(analysed, quiet["person"])).person_id)
        assert detail.person.activity_level is ActivityLevel.QUIET
        assert detail.activity is not None
        assert (detail.activity["silent_days"], detail.activity["last_active"]) == (
            quiet["days_silent"],
            quiet["last_active"],
        )
        silent = [f for f in detail.flags if f["flag"] == "silent_in_project"]
        assert len(silent) == 1
        assert sorted(e["ref"] for e in silent[0]["evidence"]) == sorted(quiet["open_tasks"])


async def test_a7_the_project_briefing_names_the_silent_person(
    analysed: Services, truth: dict[str, Any]
) -> None:
    for quiet in truth["quiet_people"]:
        project = next(
            p for p in (await analysed.intel.list_projects()).items if quiet["project"] in p.jira_project_keys
        )
        briefing = (await analysed.intel.briefing(project.project_id)).result_data
        assert any(quiet["person"] in item["text"] for item in briefing["needs_attention"])  # type: ignore[index,union-attr]


async def _slack_tasks(services: Services) -> list[Task]:
    return await services.store.typed(Task).find(
        {"source": TaskSource.SLACK_IDENTIFIED}, sort=[("task_id", 1)]
    )


async def test_a8_the_planted_ask_becomes_exactly_one_slack_identified_task(
    analysed: Services, truth: dict[str, Any]
) -> None:
    planted = next(i for i in truth["informal_assignments"] if i["gist"] == "SSO config")
    maria = await person_named(analysed, planted["assignee"])
    tasks = [t for t in await _slack_tasks(analysed) if planted["gist"] in t.summary]
    assert len(tasks) == 1
    evidence = tasks[0].source_evidence.slack_messages[0]
    assert (tasks[0].assignees, evidence.ts, evidence.channel) == (
        [maria.person_id],
        planted["ts"],
        planted["channel"],
    )
    assert evidence.confidence >= 0.60


async def test_a8_every_planted_assignment_and_no_look_alike_becomes_a_task(
    analysed: Services, truth: dict[str, Any]
) -> None:
    tasks = await _slack_tasks(analysed)
    found = {
        (t.source_evidence.slack_messages[0].channel, t.source_evidence.slack_messages[0].ts) for t in tasks
    }
    assert found == {(i["channel"], i["ts"]) for i in truth["informal_assignments"]}
    assert found.isdisjoint({(n["channel"], n["ts"]) for n in truth["not_informal_assignments"]})


async def test_a8_a_second_run_keeps_the_task_ids_and_creates_no_duplicate(
    analysed_dir: Path, analysed: Services, fresh_copy: Any
) -> None:
    before = [t.task_id for t in await _slack_tasks(analysed)]
    copy = fresh_copy(analysed_dir)
    for stale in (copy / "intel" / "stages").glob("*.pickle"):
        stale.unlink()
    services = await open_services(copy)
    try:
        info = await services.intel.run_analysis()
        after = [t.task_id for t in await _slack_tasks(services)]
    finally:
        await services.close()
    assert "informal:org" in info.recomputed
    assert after == before
