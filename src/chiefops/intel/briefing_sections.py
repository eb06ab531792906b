"""Briefing sections (spec 04 §6): highlights, lowlights, risks and needs_attention.

Each function turns the states and findings in scope into `BriefingItem`s, worst first where the
section is ranked. `briefing.py` applies the limits.

How to call (from briefing.py):
    highlights(current, previous, inputs, *, window_start, health_delta) -> list[BriefingItem]
    lowlights(current, previous, *, health_delta) -> list[BriefingItem]
    risk_items(findings, names) -> list[BriefingItem]
    needs_attention(findings, names, inputs, project_ids, *, org) -> list[BriefingItem]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from datetime import date

from chiefops.intel.briefing_models import BriefingInputs, BriefingItem, Delta, ProjectState
from chiefops.intel.evidence import Evidence, EvidenceKind, Finding, FindingKind, Severity
from chiefops.intel.gaps_match import natural_key
from chiefops.models import MilestoneStatus, ProjectStatus

GAP_KINDS = frozenset({FindingKind.GAP_MISSING, FindingKind.GAP_UNTRACKED, FindingKind.UNOWNED_CRITICAL})


def metric(ref: str, label: str) -> Evidence:
    return Evidence(kind=EvidenceKind.METRIC, ref=ref, source="derived", label=label)


def _named(text: str, project_name: str) -> str:
    return text if project_name in text else f"{project_name}: {text}"


def ranked(items: Iterable[BriefingItem]) -> list[BriefingItem]:
    """Stable sort by severity; items keep their rule order within a severity."""
    return sorted(items, key=lambda i: i.severity.rank)


def highlights(
    current: Sequence[ProjectState],
    previous: dict[str, ProjectState] | None,
    inputs: BriefingInputs,
    *,
    window_start: date,
    health_delta: int,
) -> list[BriefingItem]:
    """Health up, throughput rising, completed projects, milestones met, blockers cleared, gaps closed."""
    items: list[BriefingItem] = []
    for project in current:
        before = previous.get(project.project_id) if previous else None
        items += _health_move(project, before, up=True, health_delta=health_delta)
        items += _project_highlights(project, before, as_of=inputs.as_of, window_start=window_start)
    return items + _resolved_gaps(current, inputs)


def _project_highlights(
    project: ProjectState, before: ProjectState | None, *, as_of: date, window_start: date
) -> list[BriefingItem]:
    name, info = project.name, Severity.INFO
    items: list[BriefingItem] = []
    if project.velocity_trend == "rising":
        items.append(_item(project, f"{name}: throughput is rising.", info, "velocity_trend", "rising"))
    if project.status is ProjectStatus.COMPLETED and (
        before is None or before.status is not ProjectStatus.COMPLETED
    ):
        text = f"{name} is complete ({project.completion_pct:g}% done)."
        items.append(_item(project, text, info, "status", "completed"))
    for m in project.milestones:
        if m.status is MilestoneStatus.COMPLETED and window_start < m.on <= as_of:
            text = f"{name} met the milestone '{m.name}' on {m.on}."
            items.append(_item(project, text, info, f"milestone:{m.name}", "completed"))
    if before is not None and project.blocked_open < before.blocked_open:
        cleared = before.blocked_open - project.blocked_open
        text = f"{name} cleared {cleared} blockers ({before.blocked_open} → {project.blocked_open})."
        items.append(
            _item(project, text, info, "blocked_open", project.blocked_open, before=before.blocked_open)
        )
    return items


def _resolved_gaps(current: Sequence[ProjectState], inputs: BriefingInputs) -> list[BriefingItem]:
    if inputs.previous is None:
        return []
    names = {p.project_id: p.name for p in current}
    still_open = {f.finding_id for f in inputs.current.findings}
    return [
        BriefingItem(
            text=f"{names[d.project_id]}: gap closed: {d.title.rstrip('.')}.",
            severity=Severity.INFO,
            refs=[d.project_id, d.finding_id],
            evidence=[metric(f"finding:{d.finding_id}", f"open at {inputs.previous.as_of}, closed now")],
        )
        for d in inputs.previous.findings
        if d.kind in GAP_KINDS and d.project_id in names and d.finding_id not in still_open
    ]


def lowlights(
    current: Sequence[ProjectState], previous: dict[str, ProjectState] | None, *, health_delta: int
) -> list[BriefingItem]:
    """Health down, throughput falling, overdue up, new silent members; worst first."""
    items: list[BriefingItem] = []
    for project in current:
        before = previous.get(project.project_id) if previous else None
        items += _health_move(project, before, up=False, health_delta=health_delta)
        if project.velocity_trend == "falling":
            text = f"{project.name}: throughput is falling."
            items.append(_item(project, text, Severity.MEDIUM, "velocity_trend", "falling"))
        if before is not None and project.overdue > before.overdue:
            text = f"{project.name}: overdue tasks rose from {before.overdue} to {project.overdue}."
            items.append(
                _item(project, text, Severity.MEDIUM, "overdue", project.overdue, before=before.overdue)
            )
        items += _new_silent_members(project, before)
    return ranked(items)


def _new_silent_members(project: ProjectState, before: ProjectState | None) -> list[BriefingItem]:
    known = {m.person_id for m in before.silent_members} if before else set()
    return [
        BriefingItem(
            text=f"{project.name}: {m.name} has gone silent while holding {m.open_tasks} open tasks.",
            severity=m.severity,
            refs=[project.project_id, m.person_id],
            evidence=[
                Evidence(
                    kind=EvidenceKind.PERSON,
                    ref=m.person_id,
                    source="derived",
                    label=f"{m.name}: silent_in_project",
                )
            ],
        )
        for m in project.silent_members
        if m.person_id not in known
    ]


def _health_move(
    project: ProjectState, before: ProjectState | None, *, up: bool, health_delta: int
) -> list[BriefingItem]:
    if before is None or before.health is None or project.health is None:
        return []
    change = project.health - before.health
    if (up and change < health_delta) or (not up and change > -health_delta):
        return []
    verb = "rose" if up else "fell"
    text = f"{project.name} health {verb} {abs(change)} ({before.health} → {project.health})."
    return [
        _item(
            project,
            text,
            Severity.INFO if up else Severity.MEDIUM,
            "health",
            project.health,
            before=before.health,
        )
    ]


def _item(
    project: ProjectState,
    text: str,
    severity: Severity,
    what: str,
    after: float | str,
    *,
    before: float | str | None = None,
) -> BriefingItem:
    label = f"{what}: {before} → {after}" if before is not None else f"{what}: {after}"
    return BriefingItem(
        text=text,
        severity=severity,
        refs=[project.project_id],
        evidence=[metric(f"{project.project_id}:{what}", label)],
        deltas={what: Delta(before=before, after=after)},
    )


def _finding_item(finding: Finding, names: dict[str, str]) -> BriefingItem:
    return BriefingItem(
        text=_named(finding.sentence, names.get(finding.project_id, finding.project_id)),
        severity=finding.severity,
        refs=[finding.project_id, finding.finding_id],
        evidence=finding.evidence[:3],
    )


def risk_items(findings: Sequence[Finding], names: dict[str, str]) -> list[BriefingItem]:
    """Critical and high findings in the given (urgency) order; a project's unowned critical tasks
    make one item, placed where its most urgent one stands."""
    worst = [f for f in findings if f.severity.rank <= Severity.HIGH.rank]
    grouped = {item.refs[0]: item for item in _unowned_by_project(worst, names)}
    items: list[BriefingItem] = []
    for finding in worst:
        if finding.kind is not FindingKind.UNOWNED_CRITICAL:
            items.append(_finding_item(finding, names))
        elif (group := grouped.pop(finding.project_id, None)) is not None:
            items.append(group)
    return items


def needs_attention(
    findings: Sequence[Finding],
    names: dict[str, str],
    inputs: BriefingInputs,
    project_ids: AbstractSet[str],
    *,
    org: bool,
) -> list[BriefingItem]:
    groups: list[list[BriefingItem]] = [
        [
            _finding_item(f, names)
            for f in findings
            if f.kind is FindingKind.GAP_MISSING and f.severity is Severity.CRITICAL
        ],
        _unowned_by_project(findings, names),
        [_finding_item(f, names) for f in findings if f.rule_id == "R3"],
        [_finding_item(f, names) for f in findings if f.rule_id == "R5"],
        [
            BriefingItem(text=m.question, severity=Severity.MEDIUM, refs=[m.match_id], evidence=m.evidence)
            for m in (inputs.pending_matches if org else [])
        ],
        [
            BriefingItem(
                text=f"Confirm {lead.name}'s role on {names.get(lead.project_id, lead.project_id)}: "
                f"detected {lead.role} at confidence {lead.confidence:.2f}.",
                severity=Severity.LOW,
                refs=[lead.project_id, lead.person_id],
                evidence=lead.evidence,
            )
            for lead in inputs.uncertain_leads
            if lead.project_id in project_ids
        ],
        [
            BriefingItem(
                text=f"A correction no longer matches any record: {c.text}",
                severity=Severity.INFO,
                refs=[c.fact_id],
                evidence=c.evidence,
            )
            for c in (inputs.orphaned_corrections if org else [])
        ],
        [
            BriefingItem(
                text=c.text,
                severity=Severity.INFO,
                refs=[c.project_id, c.person_id, c.fact_id],
                evidence=c.evidence,
            )
            for c in (inputs.contradicted_corrections if org else [])
        ],
    ]
    return ranked(item for group in groups for item in group)


def _unowned_by_project(findings: Sequence[Finding], names: dict[str, str]) -> list[BriefingItem]:
    by_project: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.kind is FindingKind.UNOWNED_CRITICAL:
            by_project.setdefault(finding.project_id, []).append(finding)
    items = []
    for project_id, found in sorted(by_project.items()):
        group = sorted(found, key=lambda f: natural_key(f.evidence[0].ref))
        refs = [f.evidence[0].ref for f in group]
        noun = "critical task has" if len(group) == 1 else "critical tasks have"
        items.append(
            BriefingItem(
                text=f"{names.get(project_id, project_id)}: {len(group)} {noun} no owner ({', '.join(refs)}).",
                severity=min((f.severity for f in group), key=lambda s: s.rank),
                refs=[project_id, *(f.finding_id for f in group), *refs],
                evidence=[f.evidence[0] for f in group],
            )
        )
    return items
