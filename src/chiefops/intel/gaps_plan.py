"""Backward plan from the deadline D (spec 04 §5 "Backward plan from deadline D").

External reviews (App Store, Play) must be submitted by `submit_by = D − lead_max`. Their
prerequisites (the developer account, signing, listing …) finish by that `submit_by` and start
`lead_max` days earlier. Other checklist work finishes by D. QA takes `max(3, round(0.15·days_left))`
days and ends at the earliest `submit_by` (or D when there is no external review); code complete is
the day QA starts. A step is at risk when it has not started and its latest start is before as-of,
or — for code complete and everything after it — when the forecast p85 lands after code complete.

How to call:
    compute_backward_plan(*, deadline: date, as_of: date, items: Sequence[ChecklistItem],
                          matches: Mapping[str, ItemMatch], tasks: Sequence[Task],
                          owners_by_role: Mapping[str, str], forecast_p85: date | None,
                          cfg: PlanConfig) -> BackwardPlan
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal

from pydantic import Field

from chiefops.intel.gaps_checklists import ChecklistItem, PlanRole
from chiefops.intel.gaps_match import Coverage, ItemMatch
from chiefops.models import OPEN_CATEGORIES, Model, StatusCategory, Task

StepKind = Literal["external_review", "prerequisite", "work", "qa", "code_complete"]


@dataclass(frozen=True, slots=True)
class PlanConfig:
    """Backward-plan constants (04 §5)."""

    qa_min_days: int = 3
    qa_share_of_days_left: float = 0.15
    qa_labels: tuple[str, ...] = ("qa", "testing", "test")


class StepStatus(StrEnum):
    DONE = "done"
    OPEN = "open"
    MISSING = "missing"


class PlanStep(Model):
    """One step of the backward plan; dates are the latest the step may start and finish."""

    step: str
    item_id: str | None = Field(default=None, description="checklist item id; None for QA and code complete")
    kind: StepKind
    latest_finish: date
    latest_start: date
    duration: int = Field(ge=0, description="days")
    status: StepStatus
    is_started: bool
    owner: str | None = Field(default=None, description="person_id")
    at_risk: bool = False
    reasons: list[str] = Field(default_factory=list, description="why the step is at risk")


class BackwardPlan(Model):
    deadline: date
    days_left: int
    submit_by: date | None = Field(description="earliest external-review submission date")
    qa_days: int
    steps: list[PlanStep] = Field(description="by latest start, then latest finish, then step")


def compute_backward_plan(
    *,
    deadline: date,
    as_of: date,
    items: Sequence[ChecklistItem],
    matches: Mapping[str, ItemMatch],
    tasks: Sequence[Task],
    owners_by_role: Mapping[str, str],
    forecast_p85: date | None,
    cfg: PlanConfig,
) -> BackwardPlan:
    """The backward plan of one project with a deadline."""
    days_left = (deadline - as_of).days
    submit_by = {
        i.id: deadline - timedelta(days=i.lead_max) for i in items if i.plan_role is PlanRole.EXTERNAL_REVIEW
    }
    qa_end = min(submit_by.values(), default=deadline)
    qa_days = max(cfg.qa_min_days, math.floor(cfg.qa_share_of_days_left * days_left + 0.5))
    code_complete = qa_end - timedelta(days=qa_days)
    late = forecast_p85 is not None and forecast_p85 > code_complete
    steps = [_item_step(i, matches[i.id], deadline=deadline, submit_by=submit_by) for i in items]
    steps += _delivery_steps(tasks, qa_end=qa_end, qa_days=qa_days, owners_by_role=owners_by_role, cfg=cfg)
    judged = [_judge(s, as_of=as_of, forecast_p85=forecast_p85 if late else None) for s in steps]
    return BackwardPlan(
        deadline=deadline,
        days_left=days_left,
        submit_by=min(submit_by.values(), default=None),
        qa_days=qa_days,
        steps=sorted(judged, key=lambda s: (s.latest_start, s.latest_finish, s.step)),
    )


def _item_step(
    item: ChecklistItem, match: ItemMatch, *, deadline: date, submit_by: Mapping[str, date]
) -> PlanStep:
    if item.plan_role is PlanRole.EXTERNAL_REVIEW:
        finish, start = deadline, submit_by[item.id]
    elif item.plan_role is PlanRole.PREREQUISITE:
        finish = min((submit_by[r] for r in item.prerequisite_for), default=deadline)
        start = finish - timedelta(days=item.lead_max)
    else:
        finish, start = deadline, deadline - timedelta(days=item.lead_max)
    status = _status_of(match)
    return PlanStep(
        step=item.name,
        item_id=item.id,
        kind=item.plan_role.value,
        latest_finish=finish,
        latest_start=start,
        duration=item.lead_max,
        status=status,
        is_started=match.is_started,
        owner=match.owners[0] if match.owners else None,
    )


def _status_of(match: ItemMatch) -> StepStatus:
    if match.coverage is Coverage.MISSING:
        return StepStatus.MISSING
    return StepStatus.DONE if match.is_done else StepStatus.OPEN


def _delivery_steps(
    tasks: Sequence[Task], *, qa_end: date, qa_days: int, owners_by_role: Mapping[str, str], cfg: PlanConfig
) -> list[PlanStep]:
    open_tasks = [t for t in tasks if t.status_category in OPEN_CATEGORIES]
    status = StepStatus.OPEN if open_tasks else StepStatus.DONE
    labels = {label.casefold() for label in cfg.qa_labels}
    qa_started = any(
        t.status_category in {StatusCategory.IN_PROGRESS, StatusCategory.DONE}
        and labels & {label.casefold() for label in t.labels}
        for t in tasks
    )
    work_started = any(t.status_category is not StatusCategory.TO_DO for t in tasks)
    qa_start = qa_end - timedelta(days=qa_days)
    return [
        PlanStep(
            step="QA",
            kind="qa",
            latest_finish=qa_end,
            latest_start=qa_start,
            duration=qa_days,
            status=status,
            is_started=qa_started,
            owner=owners_by_role.get("qa"),
        ),
        PlanStep(
            step="Code complete",
            kind="code_complete",
            latest_finish=qa_start,
            latest_start=qa_start,
            duration=0,
            status=status,
            is_started=work_started,
            owner=owners_by_role.get("tech_lead"),
        ),
    ]


def _judge(step: PlanStep, *, as_of: date, forecast_p85: date | None) -> PlanStep:
    """Apply the two at-risk rules; `forecast_p85` is passed only when it lands after code complete."""
    if step.status is StepStatus.DONE:
        return step
    reasons: list[str] = []
    if not step.is_started and step.latest_start < as_of:
        reasons.append(f"not started and the latest start {step.latest_start} has passed")
    if forecast_p85 is not None and step.kind in {"code_complete", "qa", "external_review"}:
        reasons.append(f"forecast p85 {forecast_p85} lands after code complete")
    return step.model_copy(update={"at_risk": bool(reasons), "reasons": reasons})
