"""Acceptance checks A6, A14, A15 of spec 04 §8: corrections, incremental runs, the org briefing."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.intel.conftest import open_services
from tests.intel.helpers import person_named, project_with_key, row

from chiefops.ingest import IngestOptions
from chiefops.intel import FactsRepo
from chiefops.models import AnalysisResult, AnalysisType, RoleSource
from chiefops.services import Services

FACT_TIME = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def _tech_lead_correction(truth: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in truth["corrections"] if c["field"] == "tech_lead")
    return found


def _key_of(truth: dict[str, Any], project_name: str) -> str:
    key: str = next(p["key"] for p in truth["projects"] if p["name"] == project_name)
    return key


async def _lead_of(services: Services, key: str) -> list[str]:
    project = await project_with_key(services, key)
    return [m.person_id for m in project.people_involved if m.role_in_project == "tech_lead"]


async def _correct(services: Services, truth: dict[str, Any]) -> tuple[str, str, str]:
    correction = _tech_lead_correction(truth)
    key = _key_of(truth, correction["subject"])
    project = await project_with_key(services, key)
    named = await person_named(services, correction["value"])
    await FactsRepo(services.store).add(
        f"project:{project.project_id}",
        "tech_lead",
        named.person_id,
        established_at=FACT_TIME,
        previous_value=correction["previous_value"],
    )
    return key, named.person_id, (await person_named(services, correction["previous_value"])).person_id


async def test_a6_before_the_correction_the_detected_lead_holds_the_role(
    analysed: Services, truth: dict[str, Any]
) -> None:
    correction = _tech_lead_correction(truth)
    key = _key_of(truth, correction["subject"])
    previous = await person_named(analysed, correction["previous_value"])
    assert (previous.role, await _lead_of(analysed, key)) == ("tech_lead", [previous.person_id])


async def test_a6_the_correction_flips_roles_and_survives_reingesting_every_file(
    analysed_dir: Path, demo_out: Path, truth: dict[str, Any], fresh_copy: Any
) -> None:
    services = await open_services(fresh_copy(analysed_dir))
    try:
        key, priya, amit = await _correct(services, truth)
        rows_before = await services.store.typed(AnalysisResult).count(
            {"analysis_type": AnalysisType.PROJECT_DETECTION}
        )
        await services.intel.run_analysis()
        for _ in range(2):
            named = await person_named(services, _tech_lead_correction(truth)["value"])
            replaced = await person_named(services, _tech_lead_correction(truth)["previous_value"])
            assert (named.person_id, named.role, named.role_source) == (
                priya,
                "tech_lead",
                RoleSource.COO_CORRECTED,
            )
            assert replaced.person_id == amit and replaced.role != "tech_lead"
            assert await _lead_of(services, key) == [priya]
            await services.ingest.run([demo_out / "exports"], IngestOptions())
        rows_after = await services.store.typed(AnalysisResult).count(
            {"analysis_type": AnalysisType.PROJECT_DETECTION}
        )
        stale = await services.store.typed(AnalysisResult).count(
            {"analysis_type": AnalysisType.PROJECT_DETECTION, "is_stale": True}
        )
    finally:
        await services.close()
    assert rows_after == rows_before + 1 and stale == rows_before


async def test_a14_rerunning_with_no_changes_recomputes_nothing(analysed_dir: Path, fresh_copy: Any) -> None:
    services = await open_services(fresh_copy(analysed_dir))
    try:
        info = await services.intel.run_analysis()
        again = await services.intel.run_analysis()
    finally:
        await services.close()
    assert (info.recomputed, again.recomputed) == ([], [])


async def test_a14_one_correction_recomputes_only_its_dependants(
    analysed_dir: Path, truth: dict[str, Any], fresh_copy: Any
) -> None:
    services = await open_services(fresh_copy(analysed_dir))
    try:
        await services.intel.run_analysis()
        key, _, _ = await _correct(services, truth)
        project = await project_with_key(services, key)
        info = await services.intel.run_analysis()
    finally:
        await services.close()
    stages = {s.split(":")[0] for s in info.recomputed}
    scopes = {s.split(":", 1)[1] for s in info.recomputed}
    assert "identity" not in stages and "flow" not in stages and "detection" not in stages
    assert "project_people" in stages
    assert scopes <= {"org", project.project_id}


async def test_a14_after_a_correction_the_briefing_says_nothing_changed_and_reports_the_contradiction(
    analysed_dir: Path, truth: dict[str, Any], fresh_copy: Any
) -> None:
    """Fix: the org briefing called a run after a correction "Baseline: first analysis", and the
    correction the data contradicts (04 §1.5) was never reported."""
    correction = _tech_lead_correction(truth)
    services = await open_services(fresh_copy(analysed_dir))
    try:
        await _correct(services, truth)
        await services.intel.run_analysis()
        briefing = await row(services, AnalysisType.BRIEFING, None)
    finally:
        await services.close()
    contradictions = [i["text"] for i in briefing["needs_attention"] if "still points at" in i["text"]]
    assert [i["text"] for i in briefing["what_changed"]] == [
        f"Nothing changed in the data since {truth['as_of']}.",
        f"Applied 1 correction of yours: {correction['subject']} — tech lead: {correction['value']} (2026-12-02).",
    ]
    assert len(contradictions) == 1
    assert contradictions[0].startswith(
        f"Your correction makes {correction['value']} {correction['subject']}'s tech lead; the data still "
        f"points at {correction['previous_value']}, who "
    )


def _resolve_one_open_task(csv_path: Path, key: str, out: Path) -> str:
    """A follow-up Jira export: the same CSV with one open issue of the project resolved the next day."""
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    header = rows[0]
    column = {
        name: header.index(name)
        for name in ("Issue key", "Status", "Status Category", "Resolution", "Updated", "Resolved")
    }
    line = next(
        r
        for r in rows[1:]
        if r[column["Issue key"]].startswith(f"{key}-") and r[column["Status"]] == "In Progress"
    )
    line[column["Status"]], line[column["Status Category"]], line[column["Resolution"]] = (
        "Done",
        "Done",
        "Done",
    )
    line[column["Updated"]] = line[column["Resolved"]] = "01/Dec/26 10:00 AM"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    out.write_text(buffer.getvalue(), encoding="utf-8")
    return line[column["Issue key"]]


async def test_a14_a_follow_up_batch_fills_what_changed_and_the_health_explanation(
    analysed_dir: Path, demo_out: Path, truth: dict[str, Any], fresh_copy: Any, tmp_path: Path
) -> None:
    services = await open_services(fresh_copy(analysed_dir))
    key = truth["projects"][0]["key"]
    follow_up = tmp_path / "follow-up" / "jira.csv"
    follow_up.parent.mkdir()
    _resolve_one_open_task(demo_out / "exports" / "jira" / "lumen-labs-jira.csv", key, follow_up)
    try:
        summary = await services.ingest.run([follow_up], IngestOptions())
        project = await project_with_key(services, key)
        briefing = await row(services, AnalysisType.BRIEFING, None)
        health = await row(services, AnalysisType.HEALTH_SCORE, project.project_id)
        org = await row(services, AnalysisType.HEALTH_SCORE, None)
    finally:
        await services.close()
    trigger = "the 2026-12-01 Jira upload"
    assert summary.tasks.updated == 1
    assert briefing["is_baseline"] is False
    assert briefing["what_changed"][0]["text"] == "0 tasks created and 1 resolved since 2026-11-30."
    assert (health["trend"]["trigger"], health["trend"]["explanation"].endswith(f"; after {trigger}.")) == (
        trigger,
        True,
    )
    assert org["trend"]["trigger"] == trigger and org["trend"]["previous"] is not None


async def test_a15_the_org_briefing_names_beta_the_app_store_gap_and_kevins_silence(
    analysed: Services, truth: dict[str, Any]
) -> None:
    briefing = await row(analysed, AnalysisType.BRIEFING, None)
    sections = [i for s in ("summary", "risks", "needs_attention", "lowlights") for i in briefing[s]]
    texts = " ".join(i["text"] for i in sections)
    behind = next(p["name"] for p in truth["projects"] if p["expected_status"] == "behind")
    assert f"{behind} is behind" in texts
    assert "App Store" in texts
    assert truth["quiet_people"][0]["person"] in texts
    assert all(
        i["evidence"]
        for s in ("highlights", "lowlights", "risks", "needs_attention", "what_changed", "summary")
        for i in briefing[s]
    )
