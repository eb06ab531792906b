"""`what_changed` of a briefing (spec 04 §6): this run compared with the previous snapshot.

Items, each only when something changed: tasks created and resolved since the previous as-of;
project status changes; health changes; new and closed findings; new people; activity-band moves;
"Nothing changed in the data since …" when none of these moved; then the COO corrections applied
since the previous snapshot. The first run (no previous snapshot) states a baseline instead.

How to call:
    build_snapshot_summary(*, as_of: date, org_health: int | None, projects: Sequence[ProjectState],
                           findings: Sequence[Finding], people: Sequence[PersonDigest]) -> SnapshotSummary
    compute_task_changes(tasks: Sequence[Task], *, since: date | None, as_of: date) -> list[TaskChanges]
    compute_what_changed(inputs: BriefingInputs, *, project_ids: AbstractSet[str], min_health_change: int)
        -> list[BriefingItem]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from datetime import date

from chiefops.intel.briefing_models import (
    AppliedCorrection,
    BriefingInputs,
    BriefingItem,
    Delta,
    FindingDigest,
    PersonDigest,
    ProjectState,
    SnapshotSummary,
    TaskChanges,
)
from chiefops.intel.briefing_summary import reasons_clause
from chiefops.intel.evidence import Evidence, EvidenceKind, Finding, FindingStatus, Severity
from chiefops.models import ProjectStatus, StatusCategory, Task, as_date

_STATUS_RANK = {
    ProjectStatus.COMPLETED: 0,
    ProjectStatus.ON_TRACK: 1,
    ProjectStatus.AT_RISK: 2,
    ProjectStatus.BEHIND: 3,
}
_LIST_LIMIT = 3


def build_snapshot_summary(
    *,
    as_of: date,
    org_health: int | None,
    projects: Sequence[ProjectState],
    findings: Sequence[Finding],
    people: Sequence[PersonDigest],
    corrections: Sequence[AppliedCorrection] = (),
) -> SnapshotSummary:
    """This run's comparable state: projects, open findings, people and active corrections, by id."""
    digests = [
        FindingDigest(
            finding_id=f.finding_id, project_id=f.project_id, kind=f.kind, severity=f.severity, title=f.title
        )
        for f in findings
        if f.status is FindingStatus.OPEN
    ]
    return SnapshotSummary(
        as_of=as_of,
        org_health=org_health,
        projects=sorted(projects, key=lambda p: p.project_id),
        findings=sorted(digests, key=lambda d: d.finding_id),
        people=sorted(people, key=lambda p: p.person_id),
        corrections=sorted(corrections, key=lambda c: c.fact_id),
    )


def compute_task_changes(tasks: Sequence[Task], *, since: date | None, as_of: date) -> list[TaskChanges]:
    """Per project: tasks created, and tasks resolved, in (since, as_of]; all of them when since is None."""
    created: Counter[str] = Counter()
    resolved: Counter[str] = Counter()
    for task in tasks:
        if _within(as_date(task.created_date), since=since, as_of=as_of):
            created[task.project_id] += 1
        done = task.resolved_date if task.status_category is StatusCategory.DONE else None
        if done is not None and _within(as_date(done), since=since, as_of=as_of):
            resolved[task.project_id] += 1
    ids = sorted(set(created) | set(resolved))
    return [TaskChanges(project_id=p, created=created[p], resolved=resolved[p]) for p in ids]


def compute_what_changed(
    inputs: BriefingInputs, *, project_ids: AbstractSet[str], min_health_change: int
) -> list[BriefingItem]:
    """The what_changed section for the projects in scope (the org briefing passes all of them)."""
    previous = inputs.previous
    if previous is None:
        return [_baseline(inputs, project_ids)]
    before = {p.project_id: p for p in previous.projects if p.project_id in project_ids}
    after = {p.project_id: p for p in inputs.current.projects if p.project_id in project_ids}
    items = [_tasks(inputs, project_ids, since=previous.as_of)]
    items += [
        _status(before[p], after[p])
        for p in sorted(after)
        if p in before and before[p].status != after[p].status
    ]
    items += [
        _health(before[p], after[p])
        for p in sorted(after)
        if p in before and _moved(before[p], after[p], min_health_change)
    ]
    items += _findings(previous, inputs.current, project_ids)
    org = len(project_ids) == len(inputs.current.projects)
    if org:
        items += _people(previous, inputs.current)
    changed = [item for item in items if item is not None]
    applied = _corrections(previous, inputs.current, project_ids, org=org)
    if not changed:
        changed = [_nothing_changed(previous.as_of, project_ids)]
    return changed + ([applied] if applied else [])


def _nothing_changed(since: date, project_ids: AbstractSet[str]) -> BriefingItem:
    return BriefingItem(
        text=f"Nothing changed in the data since {since}.",
        severity=Severity.INFO,
        refs=sorted(project_ids),
        evidence=[_metric("snapshot:unchanged", f"same data as of {since}")],
    )


def _corrections(
    previous: SnapshotSummary, current: SnapshotSummary, project_ids: AbstractSet[str], *, org: bool
) -> BriefingItem | None:
    """Corrections applied since the previous snapshot (in scope: the org sees all of them)."""
    known = {c.fact_id for c in previous.corrections}
    new = [c for c in current.corrections if c.fact_id not in known and (org or c.project_id in project_ids)]
    if not new:
        return None
    shown = "; ".join(f"{c.text} ({c.on})" for c in new[:_LIST_LIMIT]) + (
        "; …" if len(new) > _LIST_LIMIT else ""
    )
    return BriefingItem(
        text=f"Applied {_count(len(new), 'correction')} of yours: {shown}.",
        severity=Severity.INFO,
        refs=[c.fact_id for c in new],
        evidence=[
            Evidence(kind=EvidenceKind.FACT, ref=c.fact_id, source="coo", label=f"COO correction {c.on}")
            for c in new[:_LIST_LIMIT]
        ],
        deltas={"corrections": Delta(before=len(previous.corrections), after=len(current.corrections))},
    )


def _moved(before: ProjectState, after: ProjectState, min_change: int) -> bool:
    if before.health is None or after.health is None:
        return False
    return abs(after.health - before.health) >= min_change


def _within(day: date, *, since: date | None, as_of: date) -> bool:
    return (since is None or day > since) and day <= as_of


def _metric(ref: str, label: str) -> Evidence:
    return Evidence(kind=EvidenceKind.METRIC, ref=ref, source="derived", label=label)


def _baseline(inputs: BriefingInputs, project_ids: AbstractSet[str]) -> BriefingItem:
    current = inputs.current
    findings = [f for f in current.findings if f.project_id in project_ids]
    text = (
        f"Baseline: first analysis as of {current.as_of}, covering {_count(len(project_ids), 'project')}, "
        f"{_count(len(findings), 'open finding')} and {_people_count(len(current.people))}."
    )
    return BriefingItem(
        text=text,
        severity=Severity.INFO,
        refs=sorted(project_ids),
        evidence=[_metric("snapshot:baseline", f"as of {current.as_of}")],
    )


def _tasks(inputs: BriefingInputs, project_ids: AbstractSet[str], *, since: date) -> BriefingItem | None:
    rows = [c for c in inputs.task_changes if c.project_id in project_ids]
    created, resolved = sum(c.created for c in rows), sum(c.resolved for c in rows)
    if not created and not resolved:
        return None
    return BriefingItem(
        text=f"{_count(created, 'task')} created and {resolved} resolved since {since}.",
        severity=Severity.INFO,
        refs=[c.project_id for c in rows],
        evidence=[
            _metric(f"tasks:{c.project_id}", f"{c.project_id}: +{c.created} created, {c.resolved} resolved")
            for c in rows
        ],
        deltas={"created": Delta(before=None, after=created), "resolved": Delta(before=None, after=resolved)},
    )


def _status(before: ProjectState, after: ProjectState) -> BriefingItem:
    worse = _STATUS_RANK[after.status] > _STATUS_RANK[before.status]
    reasons = reasons_clause(after.status_reasons) if worse else ""
    return BriefingItem(
        text=f"{after.name} moved from {before.status.value} to {after.status.value}{reasons}.",
        severity=Severity.MEDIUM if worse else Severity.INFO,
        refs=[after.project_id],
        evidence=[_metric(f"status:{after.project_id}", f"{before.status.value} → {after.status.value}")],
        deltas={"status": Delta(before=before.status.value, after=after.status.value)},
    )


def _health(before: ProjectState, after: ProjectState) -> BriefingItem:
    change = (after.health or 0) - (before.health or 0)
    return BriefingItem(
        text=f"{after.name} health {before.health} → {after.health} ({change:+d}).",
        severity=Severity.INFO if change > 0 else Severity.LOW,
        refs=[after.project_id],
        evidence=[_metric(f"health:{after.project_id}", f"health {before.health} → {after.health}")],
        deltas={"health": Delta(before=before.health, after=after.health)},
    )


def _findings(
    previous: SnapshotSummary, current: SnapshotSummary, project_ids: AbstractSet[str]
) -> list[BriefingItem | None]:
    old = {f.finding_id: f for f in previous.findings if f.project_id in project_ids}
    new = {f.finding_id: f for f in current.findings if f.project_id in project_ids}
    opened = sorted((new[i] for i in set(new) - set(old)), key=lambda f: (f.severity.rank, f.finding_id))
    closed = sorted((old[i] for i in set(old) - set(new)), key=lambda f: (f.severity.rank, f.finding_id))
    return [
        _finding_item(opened, verb="new", severity=opened[0].severity if opened else Severity.INFO),
        _finding_item(closed, verb="closed", severity=Severity.INFO),
    ]


def _finding_item(digests: Sequence[FindingDigest], *, verb: str, severity: Severity) -> BriefingItem | None:
    if not digests:
        return None
    shown = "; ".join(d.title.rstrip(".") for d in digests[:_LIST_LIMIT]) + (
        "; …" if len(digests) > _LIST_LIMIT else "."
    )
    return BriefingItem(
        text=f"{_count(len(digests), f'{verb} finding')}: {shown}",
        severity=severity,
        refs=[d.finding_id for d in digests],
        evidence=[
            _metric(f"finding:{d.finding_id}", f"{d.severity.value}: {d.title}")
            for d in digests[:_LIST_LIMIT]
        ],
        deltas={f"{verb}_findings": Delta(before=None, after=len(digests))},
    )


def _people(previous: SnapshotSummary, current: SnapshotSummary) -> list[BriefingItem | None]:
    old = {p.person_id: p for p in previous.people}
    joined = [p for p in current.people if p.person_id not in old]
    moved = [
        p
        for p in current.people
        if p.person_id in old and old[p.person_id].activity_level != p.activity_level
    ]
    people_item = None
    if joined:
        people_item = BriefingItem(
            text=f"{_people_count(len(joined), new=True)}: {', '.join(p.name for p in joined[:_LIST_LIMIT])}"
            + (" …" if len(joined) > _LIST_LIMIT else "")
            + ".",
            severity=Severity.INFO,
            refs=[p.person_id for p in joined],
            evidence=[
                Evidence(kind=EvidenceKind.PERSON, ref=p.person_id, source="derived", label=p.name)
                for p in joined[:_LIST_LIMIT]
            ],
        )
    moves_item = None
    if moved:
        moves = [f"{p.name} {_band(old[p.person_id])} → {_band(p)}" for p in moved]
        moves_item = BriefingItem(
            text=f"{_count(len(moved), 'activity change')}: {', '.join(moves[:_LIST_LIMIT])}"
            + (" …" if len(moved) > _LIST_LIMIT else "")
            + ".",
            severity=Severity.INFO,
            refs=[p.person_id for p in moved],
            evidence=[
                Evidence(kind=EvidenceKind.PERSON, ref=p.person_id, source="derived", label=m)
                for p, m in zip(moved[:_LIST_LIMIT], moves, strict=False)
            ],
            deltas={p.person_id: Delta(before=_band(old[p.person_id]), after=_band(p)) for p in moved},
        )
    return [people_item, moves_item]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _people_count(n: int, *, new: bool = False) -> str:
    adjective = "new " if new else ""
    return f"{n} {adjective}person" if n == 1 else f"{n} {adjective}people"


def _band(person: PersonDigest) -> str:
    return person.activity_level.value if person.activity_level else "unknown"
