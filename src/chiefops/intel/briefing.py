"""Org and project briefings (spec 04 §6 "Briefings"), assembled from structured items.

| Section (limit) | Content |
|---|---|
| highlights (5) | health up ≥ 3; throughput rising; a project completed; a milestone met; a gap resolved; blockers cleared |
| lowlights (5) | health down ≥ 3; throughput falling; overdue up; a new silent member |
| risks (5) | open critical and high findings, by severity, then lead-time urgency (latest start) |
| needs_attention (7) | critical gaps, unowned critical tasks (one item per project), unanswered blocker threads, silent members holding open tasks, pending possible matches, leads with role_uncertain, orphaned corrections |
| what_changed | vs the previous snapshot (`briefing_changes`); the first run states a baseline |
| summary (3–5) | template sentences ranked by severity |

Every item cites evidence. At most 5 gap findings per project reach a briefing (the deep dive shows
all). On the first run, "new" means "present now": every completed project and silent member counts.

How to call:
    compute_org_briefing(inputs: BriefingInputs, *, cfg: BriefingConfig) -> Briefing
    compute_project_briefing(project_id: str, inputs: BriefingInputs, *, cfg: BriefingConfig) -> Briefing
    (build `inputs.current` with `briefing_changes.build_snapshot_summary`, `task_changes` with
    `compute_task_changes`; pass the previous briefing's `snapshot` as `previous`.)
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, timedelta

from chiefops.errors import NotFound
from chiefops.intel.briefing_changes import compute_what_changed
from chiefops.intel.briefing_models import Briefing, BriefingInputs
from chiefops.intel.briefing_sections import GAP_KINDS, highlights, lowlights, needs_attention, risk_items
from chiefops.intel.briefing_summary import summary_items
from chiefops.intel.evidence import Finding, FindingStatus


@dataclass(frozen=True, slots=True)
class BriefingConfig:
    """Section limits and thresholds of the briefings (04 §6)."""

    highlights_limit: int = 5
    lowlights_limit: int = 5
    risks_limit: int = 5
    needs_attention_limit: int = 7
    summary_min: int = 3
    summary_max: int = 5
    gap_findings_per_project: int = 5
    health_delta: int = 3
    health_change_min: int = 1
    baseline_window_days: int = 14


def compute_org_briefing(inputs: BriefingInputs, *, cfg: BriefingConfig) -> Briefing:
    """The briefing over every project of the snapshot."""
    return _briefing(inputs, {p.project_id for p in inputs.current.projects}, scope_project=None, cfg=cfg)


def compute_project_briefing(project_id: str, inputs: BriefingInputs, *, cfg: BriefingConfig) -> Briefing:
    """The briefing of one project; `NotFound` when the snapshot has no such project."""
    if all(p.project_id != project_id for p in inputs.current.projects):
        raise NotFound(f"No project {project_id!r} in this analysis run", details={"project_id": project_id})
    return _briefing(inputs, {project_id}, scope_project=project_id, cfg=cfg)


def _briefing(
    inputs: BriefingInputs, project_ids: AbstractSet[str], *, scope_project: str | None, cfg: BriefingConfig
) -> Briefing:
    current = [p for p in inputs.current.projects if p.project_id in project_ids]
    previous = {p.project_id: p for p in inputs.previous.projects} if inputs.previous else None
    names = {p.project_id: p.name for p in inputs.current.projects}
    findings = _briefing_findings(inputs.findings, project_ids, cfg=cfg)
    window_start = (
        inputs.previous.as_of if inputs.previous else inputs.as_of - timedelta(days=cfg.baseline_window_days)
    )
    return Briefing(
        scope="project" if scope_project else "org",
        project_id=scope_project,
        as_of=inputs.as_of,
        previous_as_of=inputs.previous.as_of if inputs.previous else None,
        is_baseline=inputs.previous is None,
        highlights=highlights(
            current, previous, inputs, window_start=window_start, health_delta=cfg.health_delta
        )[: cfg.highlights_limit],
        lowlights=lowlights(current, previous, health_delta=cfg.health_delta)[: cfg.lowlights_limit],
        risks=risk_items(findings, names)[: cfg.risks_limit],
        needs_attention=needs_attention(findings, names, inputs, project_ids, org=scope_project is None)[
            : cfg.needs_attention_limit
        ],
        what_changed=compute_what_changed(
            inputs, project_ids=project_ids, min_health_change=cfg.health_change_min
        ),
        summary=summary_items(
            current,
            findings,
            names,
            org=scope_project is None,
            org_health=inputs.current.org_health,
            summary_min=cfg.summary_min,
            summary_max=cfg.summary_max,
        ),
        snapshot=inputs.current,
    )


def _briefing_findings(
    findings: Sequence[Finding], project_ids: AbstractSet[str], *, cfg: BriefingConfig
) -> list[Finding]:
    """Open findings in scope, worst first, with at most `gap_findings_per_project` gap findings each."""
    kept: list[Finding] = []
    gaps_per_project: dict[str, int] = {}
    for finding in sorted(findings, key=_urgency):
        if finding.status is not FindingStatus.OPEN or finding.project_id not in project_ids:
            continue
        if finding.kind in GAP_KINDS:
            seen = gaps_per_project.get(finding.project_id, 0)
            if seen >= cfg.gap_findings_per_project:
                continue
            gaps_per_project[finding.project_id] = seen + 1
        kept.append(finding)
    return kept


def _urgency(finding: Finding) -> tuple[int, date, str]:
    return finding.severity.rank, finding.latest_start or date.max, finding.finding_id
