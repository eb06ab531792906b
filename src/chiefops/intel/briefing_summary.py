"""Briefing summary (spec 04 §6): 3–5 template sentences ranked by severity.

Critical findings (one sentence per project) and behind / at-risk statuses come first; then the
sentences that are always true: the portfolio (org) or the project's state, the count of critical
and high findings, and the next deadline (org) or the flow (project).

How to call (from briefing.py):
    summary_items(current, findings, names, *, org, org_health, summary_min, summary_max) -> list[BriefingItem]
"""

from __future__ import annotations

from collections.abc import Sequence

from chiefops.intel.briefing_models import BriefingItem, ProjectState
from chiefops.intel.briefing_sections import metric, ranked
from chiefops.intel.evidence import Finding, Severity
from chiefops.models import ProjectStatus

_WORRYING = {ProjectStatus.BEHIND: Severity.HIGH, ProjectStatus.AT_RISK: Severity.MEDIUM}


def summary_items(
    current: Sequence[ProjectState],
    findings: Sequence[Finding],
    names: dict[str, str],
    *,
    org: bool,
    org_health: int | None,
    summary_min: int,
    summary_max: int,
) -> list[BriefingItem]:
    """Critical findings and worrying statuses first, then the always-true info sentences."""
    worrying = [_status_sentence(p) for p in current if p.status in _WORRYING]
    first = ranked([*_critical_sentences(findings, names), *worrying])
    if org:
        info = [
            _portfolio_sentence(current, org_health),
            _attention_sentence(findings),
            _deadline_sentence(current),
        ]
    else:
        info = [_project_sentence(current[0]), _attention_sentence(findings), _flow_sentence(current[0])]
    chosen = first[: summary_max - 1]
    chosen += info[: max(summary_min, summary_max) - len(chosen)]
    return chosen


def _critical_sentences(findings: Sequence[Finding], names: dict[str, str]) -> list[BriefingItem]:
    by_project: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.severity is Severity.CRITICAL:
            by_project.setdefault(finding.project_id, []).append(finding)
    items = []
    for project_id, group in sorted(by_project.items()):
        name = names.get(project_id, project_id)
        noun = "critical finding" if len(group) == 1 else "critical findings"
        items.append(
            BriefingItem(
                text=f"{name} has {len(group)} {noun}: {'; '.join(f.title.rstrip('.') for f in group)}.",
                severity=Severity.CRITICAL,
                refs=[project_id, *(f.finding_id for f in group)],
                evidence=[f.evidence[0] for f in group],
            )
        )
    return items


def _status_sentence(project: ProjectState) -> BriefingItem:
    label = project.status.value.replace("_", " ")
    return BriefingItem(
        text=f"{project.name} is {label}{reasons_clause(project.status_reasons)}.",
        severity=_WORRYING[project.status],
        refs=[project.project_id],
        evidence=[metric(f"{project.project_id}:status", f"status {project.status.value}")],
    )


def _portfolio_sentence(current: Sequence[ProjectState], org_health: int | None) -> BriefingItem:
    counts = {status: sum(p.status is status for p in current) for status in ProjectStatus}
    health = f" Org health is {org_health}." if org_health is not None else ""
    active = len(current) - counts[ProjectStatus.COMPLETED]
    text = (
        f"{_are(active, 'active project', 'active projects')}: {counts[ProjectStatus.BEHIND]} behind, "
        f"{counts[ProjectStatus.AT_RISK]} at risk, {counts[ProjectStatus.ON_TRACK]} on track; "
        f"{counts[ProjectStatus.COMPLETED]} completed.{health}"
    )
    return BriefingItem(
        text=text,
        severity=Severity.INFO,
        refs=sorted(p.project_id for p in current),
        evidence=[metric(f"{p.project_id}:status", f"{p.name}: {p.status.value}") for p in current][:5]
        or [metric("org:status", "no projects")],
    )


def _deadline_sentence(current: Sequence[ProjectState]) -> BriefingItem:
    dated = sorted(
        (p for p in current if p.deadline and p.status is not ProjectStatus.COMPLETED),
        key=lambda p: (p.deadline, p.name),
    )
    if not dated:
        return BriefingItem(
            text="No active project has a deadline.",
            severity=Severity.INFO,
            evidence=[metric("org:deadlines", "none")],
        )
    nxt = dated[0]
    return BriefingItem(
        text=f"The next deadline is {nxt.name} on {nxt.deadline}.",
        severity=Severity.INFO,
        refs=[nxt.project_id],
        evidence=[metric(f"{nxt.project_id}:deadline", f"deadline {nxt.deadline}")],
    )


def _flow_sentence(project: ProjectState) -> BriefingItem:
    trend = (
        f"Throughput is {project.velocity_trend}" if project.velocity_trend else "Throughput has no trend yet"
    )
    return BriefingItem(
        text=f"{trend}; {_are(project.blocked_open, 'task is', 'tasks are')} blocked and {project.overdue} overdue "
        f"of {project.open_tasks} open.",
        severity=Severity.INFO,
        refs=[project.project_id],
        evidence=[
            metric(
                f"{project.project_id}:flow",
                f"blocked {project.blocked_open}, overdue {project.overdue}, open {project.open_tasks}",
            )
        ],
    )


def _project_sentence(project: ProjectState) -> BriefingItem:
    health = f", health {project.health}" if project.health is not None else ""
    deadline = f", deadline {project.deadline}" if project.deadline else ", no deadline"
    return BriefingItem(
        text=f"{project.name} is {project.status.value.replace('_', ' ')}{health}, {project.completion_pct:g}% done{deadline}.",
        severity=Severity.INFO,
        refs=[project.project_id],
        evidence=[
            metric(
                f"{project.project_id}:status",
                f"status {project.status.value}, {project.completion_pct:g}% done",
            )
        ],
    )


def _attention_sentence(findings: Sequence[Finding]) -> BriefingItem:
    worst = [f for f in findings if f.severity.rank <= Severity.HIGH.rank]
    text = (
        f"{_are(len(worst), 'critical or high finding is', 'critical or high findings are')} open."
        if worst
        else "No critical or high findings are open."
    )
    return BriefingItem(
        text=text,
        severity=Severity.INFO,
        refs=[f.finding_id for f in worst],
        evidence=[metric("findings:open", f"{len(worst)} critical or high of {len(findings)} open")],
    )


def _are(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


SHOWN_REASONS = 2


def reasons_clause(reasons: Sequence[str], *, shown: int = SHOWN_REASONS) -> str:
    """': r1; r2 (and 3 more reasons)' from full status-reason sentences, or '' without reasons.

    Each sentence loses its final full stop and, when it opens with an ordinary word ("The forecast",
    "Throughput"), its capital, so the clauses read as one sentence; names keep their capitals."""
    if not reasons:
        return ""
    clauses = [_clause(r) for r in reasons[:shown]]
    more = len(reasons) - shown
    tail = f" (and {_are(more, 'more reason', 'more reasons')})" if more > 0 else ""
    return ": " + "; ".join(clauses) + tail


def _clause(sentence: str) -> str:
    text = sentence.strip().rstrip(".")
    words = text.split(" ", 2)
    if len(words) >= 2 and words[0].isalpha() and words[0].istitle() and words[1][:1].islower():
        return text[:1].lower() + text[1:]
    return text
