"""The rules of the 04 §4 status table, one small function each, grouped by level, most specific first.

Each rule returns a `StatusReason` (code, level, sentence, evidence) when it fires, else None.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from chiefops.intel.evidence import Evidence, EvidenceKind, excerpt
from chiefops.intel.flow_models import TaskRef
from chiefops.intel.status_models import StatusConfig, StatusInputs, StatusReason, metric_evidence
from chiefops.models import ProjectStatus

Rule = Callable[[StatusInputs, StatusConfig], StatusReason | None]


def task_evidence(ref: TaskRef) -> Evidence:
    """Evidence naming one task: its Jira key, or the id of a Slack-identified task."""
    if ref.jira_key:
        return Evidence(kind=EvidenceKind.TASK, ref=ref.jira_key, source="jira", label=ref.jira_key)
    return Evidence(kind=EvidenceKind.TASK, ref=ref.task_id, source="slack", label=f"task {ref.task_id}")


def _tasks(refs: Sequence[TaskRef], cfg: StatusConfig) -> list[Evidence]:
    return [task_evidence(ref) for ref in refs[: cfg.max_evidence]]


def _keys(refs: Sequence[TaskRef], limit: int = 5) -> str:
    names = [ref.jira_key or "a Slack task" for ref in refs[:limit]]
    more = f" and {len(refs) - limit} more" if len(refs) > limit else ""
    return ", ".join(names) + more


def _reason(code: str, level: ProjectStatus, sentence: str, evidence: list[Evidence]) -> StatusReason:
    return StatusReason(code=code, level=level, sentence=sentence, evidence=evidence)


def _fire(rules: Sequence[Rule], inputs: StatusInputs, cfg: StatusConfig) -> list[StatusReason]:
    return [reason for rule in rules if (reason := rule(inputs, cfg)) is not None]


# --- completed ----------------------------------------------------------------------------------


def _coo_completed(inputs: StatusInputs, cfg: StatusConfig) -> StatusReason | None:
    fact = inputs.coo_status
    if fact is None or fact.status is not ProjectStatus.COMPLETED:
        return None
    evidence = Evidence(
        kind=EvidenceKind.FACT,
        ref=fact.fact_id,
        source="coo",
        label="COO: project completed",
        at=fact.established_at,
    )
    return _reason(
        "coo_completed", ProjectStatus.COMPLETED, "The COO marked the project completed.", [evidence]
    )


def _all_done(inputs: StatusInputs, cfg: StatusConfig) -> StatusReason | None:
    if inputs.total_tasks == 0 or inputs.completed_tasks != inputs.total_tasks:
        return None
    sentence = f"All {inputs.total_tasks} non-cancelled tasks are done."
    return _reason(
        "all_done", ProjectStatus.COMPLETED, sentence, [metric_evidence("completion_pct", "100% done")]
    )


def _nearly_done(inputs: StatusInputs, cfg: StatusConfig) -> StatusReason | None:
    pct = inputs.completion_pct
    if pct is None or pct < cfg.nearly_done_pct or inputs.open_high_priority or inputs.critical_findings:
        return None
    sentence = f"{pct:.1f}% of tasks are done, with no open high-priority task and no open critical finding."
    return _reason(
        "nearly_done",
        ProjectStatus.COMPLETED,
        sentence,
        [metric_evidence("completion_pct", f"{pct:.1f}% done")],
    )


COMPLETED_RULES: tuple[Rule, ...] = (_coo_completed, _all_done, _nearly_done)


def completed_reasons(inputs: StatusInputs, *, cfg: StatusConfig) -> list[StatusReason]:
    """The completed rules that fire (a COO fact, all done, or ≥ 95 % done with nothing critical open)."""
    return _fire(COMPLETED_RULES, inputs, cfg)


# --- behind -------------------------------------------------------------------------------------


def _health_red(inputs: StatusInputs, cfg: StatusConfig) -> StatusReason | None:
    if inputs.health is None or inputs.health >= cfg.health_behind_below:
        return None
    sentence = f"Health is {inputs.health}, below {cfg.health_behind_below}."
    return _reason(
        "health_red",
        ProjectStatus.BEHIND,
        sentence,
        [metric_evidence("health_score", f"H = {inputs.health}")],
    )


def _deadline_passed(inputs: StatusInputs, cfg: StatusConfig) -> StatusReason | None:
    if inputs.deadline_on is None or inputs.deadline_on >= inputs.as_of or inputs.open_tasks == 0:
        return None
    deadline = inputs.deadline_on.isoformat()
    sentence = f"The deadline {deadline} has passed with {inputs.open_tasks} open tasks."
    return _reason(
        "deadline_passed",
        ProjectStatus.BEHIND,
        sentence,
        [metric_evidence("deadline", f"deadline {deadline}")],
    )


def _forecast_unlikely(inputs: StatusInputs, cfg: StatusConfig) -> StatusReason | None:
    if (
        inputs.p_on_time is None
        or inputs.p_on_time >= cfg.p_on_time_behind_below
        or inputs.deadline_on is None
    ):
        return None
    chance = f"{round(100 * inputs.p_on_time)}%"
    sentence = (
        f"The forecast gives a {chance} chance of finishing by the deadline {inputs.deadline_on.isoformat()}."
    )
    return _reason(
        "forecast_unlikely",
        ProjectStatus.BEHIND,
        sentence,
        [metric_evidence("p_on_time", f"p_on_time {chance}")],
    )


def _understaffed(inputs: StatusInputs, cfg: StatusConfig) -> StatusReason | None:
    needed = inputs.people_needed
    if (
        inputs.feasibility != "infeasible"
        or needed is None
        or needed < cfg.understaffed_ratio * inputs.active_people
    ):
        return None
    sentence = (
        f"Not feasible by the deadline: {needed} people needed against {inputs.active_people} active "
        f"(at least {cfg.understaffed_ratio:g}×)."
    )
    label = f"{needed} needed / {inputs.active_people} active"
    return _reason("understaffed", ProjectStatus.BEHIND, sentence, [metric_evidence("people_needed", label)])


def _falling_with_blockers(inputs: StatusInputs, cfg: StatusConfig) -> StatusReason | None:
    blocked = inputs.blocked_open
    if inputs.velocity != "falling" or len(blocked) < cfg.blocked_behind_from:
        return None
    ratio = f" (r = {inputs.velocity_r:.2f})" if inputs.velocity_r is not None else ""
    sentence = f"Throughput is falling{ratio} with {len(blocked)} open blocked tasks: {_keys(blocked)}."
    evidence = [metric_evidence("velocity_trend", f"velocity falling{ratio}"), *_tasks(blocked, cfg)]
    return _reason("falling_with_blockers", ProjectStatus.BEHIND, sentence, evidence)


# Evaluated in the 04 §4 table's terms; listed most specific first (a named cause — blockers, a critical
# gap, a silent member — before the forecast and the composite score), so the first reason answers "why".
BEHIND_RULES: tuple[Rule, ...] = (
    _falling_with_blockers,
    _deadline_passed,
    _forecast_unlikely,
    _understaffed,
    _health_red,
)


def behind_reasons(inputs: StatusInputs, *, cfg: StatusConfig) -> list[StatusReason]:
    """The behind rules that fire, most specific first."""
    return _fire(BEHIND_RULES, inputs, cfg)


# --- at risk ------------------------------------------------------------------------------------


def _health_amber(inputs: StatusInputs, cfg: StatusConfig) -> StatusReason | None:
    health = inputs.health
    if health is None or not cfg.health_behind_below <= health < cfg.health_at_risk_below:
        return None
    sentence = f"Health is {health}, between {cfg.health_behind_below} and {cfg.health_at_risk_below - 1}."
    return _reason(
        "health_amber", ProjectStatus.AT_RISK, sentence, [metric_evidence("health_score", f"H = {health}")]
    )


def _feasibility_at_risk(inputs: StatusInputs, cfg: StatusConfig) -> StatusReason | None:
    """Tight feasibility; an infeasible verdict that is not understaffed enough for `behind` also counts,
    under its own code. The sentence quotes the feasibility arithmetic."""
    if inputs.feasibility not in ("tight", "infeasible"):
        return None
    verdict = "Tight" if inputs.feasibility == "tight" else "Not feasible"
    arithmetic = f": {inputs.feasibility_sentence.rstrip('.')}" if inputs.feasibility_sentence else ""
    return _reason(
        f"feasibility_{inputs.feasibility}",
        ProjectStatus.AT_RISK,
        excerpt(f"{verdict} for the deadline{arithmetic}.", 280),
        [metric_evidence("feasibility", f"feasibility {inputs.feasibility}")],
    )


def _p85_after_deadline(inputs: StatusInputs, cfg: StatusConfig) -> StatusReason | None:
    deadline = inputs.deadline_on
    if deadline is None or not (
        inputs.p85_beyond_cap or (inputs.p85_on is not None and inputs.p85_on > deadline)
    ):
        return None
    when = inputs.p85_on.isoformat() if inputs.p85_on is not None else "beyond two years at the current pace"
    sentence = f"The forecast p85 date ({when}) is after the deadline {deadline.isoformat()}."
    return _reason(
        "p85_after_deadline",
        ProjectStatus.AT_RISK,
        sentence,
        [metric_evidence("forecast_p85", f"p85 {when}")],
    )


def _critical_finding(inputs: StatusInputs, cfg: StatusConfig) -> StatusReason | None:
    findings = inputs.critical_findings
    if not findings:
        return None
    titles = "; ".join(f.title for f in findings[:3]) + (
        f" and {len(findings) - 3} more" if len(findings) > 3 else ""
    )
    sentence = excerpt(
        f"{len(findings)} open critical finding{'s' if len(findings) != 1 else ''}: {titles}.", 280
    )
    evidence = [f.evidence[0] for f in findings[: cfg.max_evidence]]
    return _reason("open_critical_finding", ProjectStatus.AT_RISK, sentence, evidence)


def _unassigned_high(inputs: StatusInputs, cfg: StatusConfig) -> StatusReason | None:
    tasks = inputs.unassigned_high
    if len(tasks) < cfg.unassigned_high_at_risk_from:
        return None
    sentence = f"{len(tasks)} high-priority open tasks have no owner: {_keys(tasks)}."
    return _reason("unassigned_high_priority", ProjectStatus.AT_RISK, sentence, _tasks(tasks, cfg))


def _silent_member(inputs: StatusInputs, cfg: StatusConfig) -> StatusReason | None:
    members = inputs.silent_members
    if not members:
        return None
    parts = [
        f"{m.name} holds {len(m.open_tasks)} open task{'s' if len(m.open_tasks) != 1 else ''}"
        + (
            f" and has been silent for {m.days_silent} days"
            if m.days_silent is not None
            else " and has gone silent"
        )
        for m in members
    ]
    evidence = [
        Evidence(
            kind=EvidenceKind.PERSON,
            ref=m.person_id,
            source="derived",
            label=m.name,
            excerpt=excerpt(_keys(m.open_tasks)),
        )
        for m in members[: cfg.max_evidence]
    ]
    return _reason("silent_member", ProjectStatus.AT_RISK, "; ".join(parts) + ".", evidence)


def _velocity_falling(inputs: StatusInputs, cfg: StatusConfig) -> StatusReason | None:
    if inputs.velocity != "falling":
        return None
    ratio = f" (r = {inputs.velocity_r:.2f})" if inputs.velocity_r is not None else ""
    sentence = f"Throughput is falling{ratio}: the last 28 days resolved less work than the 28 days before."
    return _reason(
        "velocity_falling",
        ProjectStatus.AT_RISK,
        sentence,
        [metric_evidence("velocity_trend", f"velocity falling{ratio}")],
    )


AT_RISK_RULES: tuple[Rule, ...] = (
    _critical_finding,
    _silent_member,
    _unassigned_high,
    _feasibility_at_risk,
    _p85_after_deadline,
    _health_amber,
    _velocity_falling,
)


def at_risk_reasons(inputs: StatusInputs, *, cfg: StatusConfig) -> list[StatusReason]:
    """The at-risk rules that fire, most specific first."""
    return _fire(AT_RISK_RULES, inputs, cfg)
