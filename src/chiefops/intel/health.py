"""Health score (spec 04 §4): five weighted sub-scores and their composite — pure.

Public (intel-core wires these):
- `health_inputs(flow, *, deadline, communication, documentation, open_alerts) -> HealthInputs` —
  sprint and throughput inputs come from the flow metrics; `communication` from
  `health_comm.count_communication`; `documentation` counted by the caller; `open_alerts` = active +
  acknowledged alerts of the project at the start of the run.
- `compute_health(inputs, *, cfg) -> HealthScore` — a project's score.
- `compute_org_health(projects, *, open_alerts, cfg) -> HealthScore` — `projects` are the active (not
  completed) projects' scores with their open-task counts; `open_alerts` counts every active alert.
- `compute_health_trend(current, previous, *, trigger, cfg) -> HealthTrend` — in `health_trend`.
- `HEALTH_BANDS`, `health_band(score)`, `HealthConfig`, `HealthWeights` — in `health_models`.

Composite: the available sub-scores' weights are renormalised to w′ = 100·w/Σw, each sub-score's
points = w′·S/100, and H = round(Σ points) (half up), so the points always sum to H within ±0.5.
Fewer than 3 available sub-scores give `confidence = low`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from chiefops.intel.flow_models import FlowMetrics, FlowModel
from chiefops.intel.health_models import (
    HEALTH_BANDS,
    HealthBand,
    HealthConfig,
    HealthScore,
    HealthWeights,
    SubScore,
    SubScoreName,
    SubScoreResult,
    Term,
    health_band,
)
from chiefops.intel.health_subscores import (
    AlertInputs,
    CommunicationInputs,
    DocumentationInputs,
    SprintInputs,
    ThroughputInputs,
    result_from_terms,
    score_alerts,
    score_communication,
    score_documentation,
    score_sprint,
    score_throughput,
    sprint_inputs,
    throughput_inputs,
    unavailable,
)

__all__ = [
    "HEALTH_BANDS",
    "HealthBand",
    "HealthConfig",
    "HealthInputs",
    "HealthWeights",
    "OrgProjectHealth",
    "compute_health",
    "compute_org_health",
    "health_band",
    "health_inputs",
    "round_half_up",
]


class HealthInputs(FlowModel):
    """Everything one project's health score reads."""

    sprint: SprintInputs
    communication: CommunicationInputs
    throughput: ThroughputInputs
    documentation: DocumentationInputs
    alerts: AlertInputs


class OrgProjectHealth(FlowModel):
    """One active project's score and its weight in the org means (open tasks)."""

    project_id: str
    name: str
    health: HealthScore
    open_tasks: int


def health_inputs(
    flow: FlowMetrics,
    *,
    deadline: datetime | None,
    communication: CommunicationInputs,
    documentation: DocumentationInputs,
    open_alerts: int,
) -> HealthInputs:
    """A project's health inputs from its flow metrics and the counts gathered elsewhere."""
    return HealthInputs(
        sprint=sprint_inputs(flow, deadline=deadline),
        communication=communication,
        throughput=throughput_inputs(flow),
        documentation=documentation,
        alerts=AlertInputs(open_alerts=open_alerts),
    )


def compute_health(inputs: HealthInputs, *, cfg: HealthConfig) -> HealthScore:
    """A project's composite health from its five sub-scores."""
    results = [
        score_sprint(inputs.sprint, cfg=cfg),
        score_communication(inputs.communication, cfg=cfg),
        score_throughput(inputs.throughput, cfg=cfg),
        score_documentation(inputs.documentation, cfg=cfg),
        score_alerts(inputs.alerts, limit=cfg.alerts_project_limit),
    ]
    return compose(results, scope="project", cfg=cfg)


def compute_org_health(
    projects: Sequence[OrgProjectHealth], *, open_alerts: int, cfg: HealthConfig
) -> HealthScore:
    """Org health: each sub-score is the mean over active projects weighted by max(1, open tasks);
    Alerts counts every active alert against the org limit (10)."""
    ordered = sorted(projects, key=lambda p: p.project_id)
    results = [_org_sub_score(name, ordered) for name in SubScoreName if name is not SubScoreName.ALERTS]
    results.append(score_alerts(AlertInputs(open_alerts=open_alerts), limit=cfg.alerts_org_limit))
    return compose(results, scope="org", cfg=cfg)


def _org_sub_score(name: SubScoreName, projects: Sequence[OrgProjectHealth]) -> SubScoreResult:
    scored = [(p, _value(p.health, name)) for p in projects]
    present = [(p, value) for p, value in scored if value is not None]
    if not present:
        return unavailable(name, "no active project has it")
    total = sum(max(1, p.open_tasks) for p, _ in present)
    terms = [
        Term(
            key=p.project_id,
            label=p.name,
            coef=max(1, p.open_tasks) / total,
            factor=value / 100,
            shown=p.project_id,
        )
        for p, value in present
    ]
    lowest = min(present, key=lambda pair: (pair[1], pair[0].project_id))
    detail = (
        f"mean of {len(present)} active project{'s' if len(present) != 1 else ''} weighted by open tasks "
        f"(lowest: {lowest[0].name} {lowest[1]:.1f})"
    )
    return result_from_terms(name, terms, {p.project_id: value for p, value in present}, detail=detail)


def _value(health: HealthScore, name: SubScoreName) -> float | None:
    return next((s.value for s in health.sub_scores if s.name is name and s.available), None)


def round_half_up(value: float) -> int:
    """Rounding with halves going up (Python's round() rounds halves to even)."""
    return math.floor(value + 0.5)


def _weight_text(weight: float) -> str:
    return f"{weight:.0f}" if abs(weight - round(weight)) < 0.05 else f"{weight:.1f}"


def compose(
    results: Sequence[SubScoreResult], *, scope: Literal["project", "org"], cfg: HealthConfig
) -> HealthScore:
    """Weight the available sub-scores (renormalised), sum their points and round to H.

    If the available sub-scores all weigh 0, they count equally (a score is still shown).
    """
    weights = cfg.weights.as_dict()
    available = [r for r in results if r.available]
    total = sum(weights[r.name] for r in available)
    sub_scores = [
        _weighted(r, weight=weights[r.name], share=_share(r, weights[r.name], total, len(available)))
        for r in results
    ]
    score = round_half_up(sum(s.points for s in sub_scores))
    band = health_band(score)
    confidence: Literal["normal", "low"] = "low" if len(available) < cfg.low_confidence_below else "normal"
    notes = (
        [] if len(available) == len(results) else [f"weights renormalised over {len(available)} sub-scores"]
    )
    if confidence == "low":
        notes.append("low confidence")
    head = f"Health {score} ({band.value})" + (f", {', '.join(notes)}" if notes else "")
    return HealthScore(
        scope=scope,
        score=score,
        band=band,
        confidence=confidence,
        available=len(available),
        sub_scores=sub_scores,
        text=head + ": " + "; ".join(s.text for s in sub_scores if s.available),
    )


def _share(result: SubScoreResult, weight: int, total: int, count: int) -> float:
    """w′ = 100·w/Σw over the available sub-scores (equal shares when they all weigh 0)."""
    if not result.available:
        return 0.0
    return 100 * weight / total if total else 100 / count


def _weighted(result: SubScoreResult, *, weight: int, share: float) -> SubScore:
    label = result.name.label
    if not result.available or result.value is None:
        return SubScore(
            name=result.name, available=False, value=None, weight=weight, effective_weight=0.0, points=0.0,
            inputs=result.inputs, lost_points_by_input={}, terms=[], text=f"{label} unavailable: {result.detail}",
        )  # fmt: skip
    points = round(share * result.value / 100, 4)
    lost = {t.key: round(share * t.coef * (1 - t.factor), 4) for t in result.terms}
    return SubScore(
        name=result.name,
        available=True,
        value=result.value,
        weight=weight,
        effective_weight=round(share, 4),
        points=points,
        inputs=result.inputs,
        lost_points_by_input=dict(sorted(lost.items())),
        terms=[
            t.model_copy(update={"coef": round(t.coef, 4), "factor": round(t.factor, 4)})
            for t in result.terms
        ],
        text=f"{label} {points:.1f}/{_weight_text(share)}: {result.detail}",
    )
