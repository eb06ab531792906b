"""The five health sub-scores of spec 04 §4: their input models and exact formulas.

Each `score_*` returns a `SubScoreResult` — value S (0–100) = 100·Σ coef·factor, its terms, raw
inputs and the text body — or an unavailable result saying why. Weighting and the composite live in
`health.py`. Input builders from flow metrics: `sprint_inputs(flow, *, deadline)`,
`throughput_inputs(flow)`; communication counts come from `health_comm.count_communication`;
documentation counts are gathered by the caller (documents, epics, checklist key docs).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Literal

from pydantic import Field

from chiefops.intel.flow_models import FlowMetrics, FlowModel, TrendDirection
from chiefops.intel.health_models import HealthConfig, InputValue, SubScoreName, SubScoreResult, Term
from chiefops.models import as_date


class SprintInputs(FlowModel):
    """Sprint: completion against elapsed time, blocked share of open work, velocity trend."""

    total_tasks: int
    completion_pct: float | None
    start_on: date | None = Field(description="first task created")
    deadline_on: date | None
    as_of: date
    blocked_open: int
    open_tasks: int
    velocity: TrendDirection
    velocity_r: float | None
    velocity_reason: str | None


class CommunicationInputs(FlowModel):
    """Communication counts over the project's channels (see `health_comm.count_communication`)."""

    has_slack_data: bool
    channels: int
    questions: int
    answered_24h: int
    members: int = Field(description="project members, stakeholders excluded")
    members_posting_14d: int
    blocker_threads: int
    unanswered_blocker_threads: int
    unanswered_refs: list[str] = Field(
        default_factory=list, description="message ids of unanswered blocker posts"
    )


class ThroughputInputs(FlowModel):
    """Throughput: completed vs created in 28 days, lead-time drift, WIP ageing (the fallback)."""

    total_tasks: int
    resolved_28d: int
    created_28d: int
    lead_p85_prior: float | None
    lead_n_prior: int
    lead_p85_recent: float | None
    lead_n_recent: int
    wip: int
    ageing: int
    ageing_share: float


class DocumentationInputs(FlowModel):
    """Documentation counts: freshness, coverage of epics (or top 5 labels), checklist key docs."""

    has_drive_data: bool
    project_docs: int
    docs_modified_60d: int
    coverage_basis: Literal["epics", "labels"] = "epics"
    coverage_subjects: int = Field(description="epics, or the top 5 labels when there are no epics")
    coverage_named: int = Field(description="subjects named in a project document's title or text")
    key_docs_expected: int
    key_docs_found: int


class AlertInputs(FlowModel):
    """Open alerts (active + acknowledged) at the start of the run."""

    open_alerts: int


def sprint_inputs(flow: FlowMetrics, *, deadline: datetime | None) -> SprintInputs:
    """Sprint inputs from a project's flow metrics and deadline."""
    return SprintInputs(
        total_tasks=flow.task_summary.total,
        completion_pct=flow.completion_pct,
        start_on=flow.first_created_on,
        deadline_on=as_date(deadline) if deadline is not None else None,
        as_of=flow.as_of,
        blocked_open=flow.blocked.count,
        open_tasks=flow.open_tasks,
        velocity=flow.velocity.direction,
        velocity_r=flow.velocity.r,
        velocity_reason=flow.velocity.reason,
    )


def throughput_inputs(flow: FlowMetrics) -> ThroughputInputs:
    """Throughput inputs from a project's flow metrics (prior 90 d = the 90 days before the last 28)."""
    return ThroughputInputs(
        total_tasks=flow.task_summary.total,
        resolved_28d=flow.net_flow.resolved_28d,
        created_28d=flow.net_flow.created_28d,
        lead_p85_prior=flow.lead_time_prior_90d.p85,
        lead_n_prior=flow.lead_time_prior_90d.n,
        lead_p85_recent=flow.lead_time_last_28d.p85,
        lead_n_recent=flow.lead_time_last_28d.n,
        wip=flow.ageing_wip.wip,
        ageing=flow.ageing_wip.ageing,
        ageing_share=flow.ageing_wip.ageing_share,
    )


def fmt(value: float) -> str:
    """A factor as the texts show it: 2 dp without trailing zeros, at least one decimal (0.69, 1.0)."""
    text = f"{value:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _result(
    name: SubScoreName, terms: Sequence[Term], inputs: dict[str, InputValue], parts: Sequence[str]
) -> SubScoreResult:
    detail = "; ".join(f"{part} ({fmt(term.factor)})" for part, term in zip(parts, terms, strict=True))
    return result_from_terms(name, terms, inputs, detail=detail)


def result_from_terms(
    name: SubScoreName, terms: Sequence[Term], inputs: dict[str, InputValue], *, detail: str
) -> SubScoreResult:
    """An available sub-score: S = 100·Σ coef·factor; the factors join the inputs under their keys."""
    value = 100 * sum(term.coef * term.factor for term in terms)
    factors: dict[str, InputValue] = {term.key: round(term.factor, 4) for term in terms}
    return SubScoreResult(
        name=name,
        available=True,
        value=round(value, 4),
        terms=list(terms),
        inputs=dict(sorted({**inputs, **factors}.items())),
        detail=detail,
    )


def unavailable(name: SubScoreName, reason: str) -> SubScoreResult:
    """A sub-score that cannot be computed, with the reason as its text."""
    return SubScoreResult(name=name, available=False, value=None, terms=[], inputs={}, detail=reason)


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def score_sprint(inputs: SprintInputs, *, cfg: HealthConfig) -> SubScoreResult:
    """Sprint = 100·(0.4c + 0.3b + 0.3v); unavailable without tasks."""
    if inputs.total_tasks == 0 or inputs.completion_pct is None:
        return unavailable(SubScoreName.SPRINT, "no tasks")
    done = inputs.completion_pct / 100
    expected = _expected_share(inputs, cfg=cfg)
    c = min(1.0, done / expected) if expected is not None else done
    b = (
        max(0.0, 1 - cfg.blocked_factor * inputs.blocked_open / inputs.open_tasks)
        if inputs.open_tasks
        else 1.0
    )
    v = _velocity_factor(inputs, cfg=cfg)
    time_part = (
        f"with {round(100 * expected)}% of the time gone" if expected is not None else "and no deadline"
    )
    blocked_part = (
        f"{inputs.blocked_open} of {inputs.open_tasks} open tasks blocked"
        if inputs.open_tasks
        else "no open tasks"
    )
    return _result(
        SubScoreName.SPRINT,
        [
            Term(key="c", label="completion vs time", coef=0.4, factor=c, shown="c"),
            Term(key="b", label="blocked open tasks", coef=0.3, factor=b, shown="blocked_open"),
            Term(key="v", label="velocity ratio", coef=0.3, factor=v, shown="r"),
        ],
        {
            "completion_pct": inputs.completion_pct,
            "expected_pct": round(100 * expected, 4) if expected is not None else None,
            "blocked_open": inputs.blocked_open,
            "open_tasks": inputs.open_tasks,
            "velocity": inputs.velocity,
            "r": inputs.velocity_r,
        },
        [f"{round(inputs.completion_pct)}% done {time_part}", blocked_part, _velocity_text(inputs)],
    )


def _expected_share(inputs: SprintInputs, *, cfg: HealthConfig) -> float | None:
    """clamp(elapsed / (deadline − start), floor, 1); None without a deadline."""
    if inputs.deadline_on is None or inputs.start_on is None:
        return None
    span = (inputs.deadline_on - inputs.start_on).days
    if span <= 0:
        return 1.0
    return _clamp((inputs.as_of - inputs.start_on).days / span, cfg.expected_floor, 1.0)


def _velocity_factor(inputs: SprintInputs, *, cfg: HealthConfig) -> float:
    """v = 1 if r ≥ 1, (r − 0.5)/0.5 between, 0 below 0.5; 1 when a zero/low-volume rule set the trend."""
    r = inputs.velocity_r
    if inputs.velocity_reason is not None or r is None:
        return 1.0
    if r >= 1:
        return 1.0
    low = cfg.velocity_zero_below
    return (r - low) / (1 - low) if r >= low else 0.0


def _velocity_text(inputs: SprintInputs) -> str:
    if inputs.velocity_reason is not None:
        return f"throughput {inputs.velocity}: {inputs.velocity_reason}"
    return f"throughput {inputs.velocity}, r = {fmt(inputs.velocity_r or 0.0)}"


def score_communication(inputs: CommunicationInputs, *, cfg: HealthConfig) -> SubScoreResult:
    """Communication = 100·(0.4ρ + 0.3p + 0.3(1 − u)); unavailable without Slack data or a channel."""
    if not inputs.has_slack_data:
        return unavailable(SubScoreName.COMMUNICATION, "no Slack data")
    if inputs.channels == 0:
        return unavailable(SubScoreName.COMMUNICATION, "the project has no channel")
    rho = inputs.answered_24h / inputs.questions if inputs.questions else 1.0
    p = inputs.members_posting_14d / inputs.members if inputs.members else 0.0
    u = inputs.unanswered_blocker_threads / inputs.blocker_threads if inputs.blocker_threads else 0.0
    window = cfg.question_window_days
    return _result(
        SubScoreName.COMMUNICATION,
        [
            Term(
                key="rho", label="questions answered within 24 h", coef=0.4, factor=rho, shown="answered_24h"
            ),
            Term(key="p", label="members posting", coef=0.3, factor=p, shown="members_posting_14d"),
            Term(
                key="u",
                label="unanswered blocker threads",
                coef=0.3,
                factor=1 - u,
                shown="unanswered_blocker_threads",
            ),
        ],
        {
            "questions": inputs.questions,
            "answered_24h": inputs.answered_24h,
            "members": inputs.members,
            "members_posting_14d": inputs.members_posting_14d,
            "blocker_threads": inputs.blocker_threads,
            "unanswered_blocker_threads": inputs.unanswered_blocker_threads,
            "u": round(u, 4),
        },
        [
            f"{inputs.answered_24h} of {inputs.questions} questions answered within {cfg.answer_within_hours} h"
            if inputs.questions
            else f"no questions in {window} days",
            f"{inputs.members_posting_14d} of {inputs.members} members posted in {cfg.posting_window_days} days"
            if inputs.members
            else "no members besides stakeholders",
            f"{inputs.unanswered_blocker_threads} of {inputs.blocker_threads} blocker threads unanswered"
            if inputs.blocker_threads
            else "no blocker threads",
        ],
    )


def score_throughput(inputs: ThroughputInputs, *, cfg: HealthConfig) -> SubScoreResult:
    """Throughput = 100·(0.5f + 0.5l); unavailable without tasks."""
    if inputs.total_tasks == 0:
        return unavailable(SubScoreName.THROUGHPUT, "no tasks")
    ratio = inputs.resolved_28d / max(1, inputs.created_28d)
    f = min(1.0, ratio)
    enough = min(inputs.lead_n_prior, inputs.lead_n_recent) >= cfg.lead_min_sample
    if enough and inputs.lead_p85_prior is not None and inputs.lead_p85_recent is not None:
        recent = inputs.lead_p85_recent
        l_factor = _clamp(inputs.lead_p85_prior / recent, 0.0, 1.0) if recent > 0 else 1.0
        lead_part = (
            f"p85 lead time {inputs.lead_p85_prior:.1f} d before vs {recent:.1f} d in the last 28 days"
        )
    else:
        l_factor = 1 - inputs.ageing_share
        lead_part = (
            f"too few lead times (n = {inputs.lead_n_prior} before, {inputs.lead_n_recent} recent), "
            f"{inputs.ageing} of {inputs.wip} WIP tasks ageing"
        )
    return _result(
        SubScoreName.THROUGHPUT,
        [
            Term(key="f", label="completed/created", coef=0.5, factor=f, shown="resolved_created_ratio"),
            Term(key="l", label="lead-time ratio", coef=0.5, factor=l_factor, shown="l"),
        ],
        {
            "resolved_28d": inputs.resolved_28d,
            "created_28d": inputs.created_28d,
            "resolved_created_ratio": round(ratio, 4),
            "lead_p85_prior": inputs.lead_p85_prior,
            "lead_p85_recent": inputs.lead_p85_recent,
            "ageing_share": inputs.ageing_share,
        },
        [f"{inputs.resolved_28d} resolved vs {inputs.created_28d} created in 28 days", lead_part],
    )


def score_documentation(inputs: DocumentationInputs, *, cfg: HealthConfig) -> SubScoreResult:
    """Documentation = 100·(0.4fr + 0.3cv + 0.3kd); 0 without project documents; unavailable without Drive data."""
    if not inputs.has_drive_data:
        return unavailable(SubScoreName.DOCUMENTATION, "no Drive data")
    has_docs = inputs.project_docs > 0
    fr = inputs.docs_modified_60d / inputs.project_docs if has_docs else 0.0
    cv = (
        (inputs.coverage_named / inputs.coverage_subjects if inputs.coverage_subjects else 1.0)
        if has_docs
        else 0.0
    )
    kd = (
        (inputs.key_docs_found / inputs.key_docs_expected if inputs.key_docs_expected else 1.0)
        if has_docs
        else 0.0
    )
    subjects = inputs.coverage_basis if inputs.coverage_basis == "epics" else "top labels"
    parts = [
        f"{inputs.docs_modified_60d} of {inputs.project_docs} project docs updated in {cfg.doc_fresh_days} days",
        f"{inputs.coverage_named} of {inputs.coverage_subjects} {subjects} named in docs"
        if inputs.coverage_subjects
        else "no epics or labels to cover",
        f"{inputs.key_docs_found} of {inputs.key_docs_expected} key documents found"
        if inputs.key_docs_expected
        else "no key documents expected",
    ]
    if not has_docs:
        parts = ["no project documents", "nothing names its epics or labels", "no key documents found"]
    return _result(
        SubScoreName.DOCUMENTATION,
        [
            Term(key="fr", label="docs updated recently", coef=0.4, factor=fr, shown="docs_modified_60d"),
            Term(key="cv", label=f"{subjects} named in docs", coef=0.3, factor=cv, shown="coverage_named"),
            Term(key="kd", label="key documents found", coef=0.3, factor=kd, shown="key_docs_found"),
        ],
        {
            "project_docs": inputs.project_docs,
            "docs_modified_60d": inputs.docs_modified_60d,
            "coverage_subjects": inputs.coverage_subjects,
            "coverage_named": inputs.coverage_named,
            "key_docs_expected": inputs.key_docs_expected,
            "key_docs_found": inputs.key_docs_found,
        },
        parts,
    )


def score_alerts(inputs: AlertInputs, *, limit: int) -> SubScoreResult:
    """Alerts = 100·max(0, 1 − n/limit): limit 5 for a project, 10 for the org; never unavailable."""
    n = inputs.open_alerts
    part = "no open alerts" if n == 0 else f"{n} open alert{'s' if n != 1 else ''}"
    return _result(
        SubScoreName.ALERTS,
        [Term(key="n", label="open alerts", coef=1.0, factor=max(0.0, 1 - n / limit), shown="open_alerts")],
        {"open_alerts": n},
        [part],
    )
