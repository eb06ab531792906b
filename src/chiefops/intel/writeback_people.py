"""The people records an analysis writes (spec 04 §1): one per resolved person, merged ids as aliases.

Ingestion-owned fields (avatar, title, handles, timezone, bot and deactivated flags) are carried over
from the stored records of the cluster; analytic fields come from the run. A record equal to the
stored one is not written (same data → no writes). Records merged into another person are deleted;
their ids live on in `alias_ids`. Non-person accounts are left exactly as ingestion stored them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time

from chiefops.intel.identity_records import ResolvedPerson
from chiefops.intel.people_flags import FlagRecord
from chiefops.intel.pipeline import Analysis
from chiefops.models import (
    ActivityLevel,
    EngagementMetrics,
    Person,
    RoleSource,
    SourceReference,
    SourceSystem,
)

COMPARE_EXCLUDE = frozenset({"updated_at", "created_at"})


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def _base(
    person: ResolvedPerson, stored: Mapping[str, Person], by_ref: Mapping[tuple[str, str], Person]
) -> list[Person]:
    """The stored records this person is made of (its own id first)."""
    records: dict[str, Person] = {}
    if person.person_id in stored:
        records[person.person_id] = stored[person.person_id]
    for ref in person.source_ids:
        found = by_ref.get(ref)
        if found is not None:
            records.setdefault(found.person_id, found)
    return list(records.values())


def person_records(analysis: Analysis, stored: Sequence[Person]) -> list[Person]:
    """Every person as it should be stored after this run (see the module docstring)."""
    by_id = {p.person_id: p for p in stored}
    by_ref = {(r.source.value, r.source_id): p for p in stored for r in p.source_ids}
    names = {c.ref: c for c in analysis.corrections if c.field == "name"}
    projects_of = _projects_of(analysis)
    records = []
    for person in analysis.people.persons():
        parts = _base(person, by_id, by_ref)
        records.append(
            _record(
                person,
                parts,
                analysis,
                projects_of.get(person.person_id, []),
                renamed=_renamed(person, names, parts),
            )
        )
    return records


def _renamed(person: ResolvedPerson, names: Mapping[str, object], parts: Sequence[Person]) -> list[str]:
    """Old names to keep as aliases when the COO renamed this person."""
    if not any(ref in names for ref in (person.person_id, *person.alias_ids)):
        return []
    return sorted({p.name for p in parts if p.name != person.name})


def _projects_of(analysis: Analysis) -> dict[str, list[str]]:
    found: dict[str, set[str]] = {}
    for pid, plan in analysis.projects.plans.items():
        for member in plan.people.members:
            found.setdefault(member.person_id, set()).add(pid)
    return {p: sorted(v) for p, v in found.items()}


def _record(
    person: ResolvedPerson,
    parts: Sequence[Person],
    analysis: Analysis,
    projects: list[str],
    *,
    renamed: list[str],
) -> Person:
    first = parts[0] if parts else None
    pid = person.person_id
    role = analysis.final_roles.get(pid)
    level = analysis.activity.levels.get(pid)
    totals = analysis.activity.totals.get(pid, {})
    flags: list[FlagRecord] = analysis.flags.get(pid, [])
    stored_role = first.role_source if first and first.person_id == pid else None
    keep_coo = stored_role is RoleSource.COO_CORRECTED and (
        role is None or role.role_source is not RoleSource.COO_CORRECTED
    )
    last_active = max(
        [p.last_active_date for p in parts]
        + ([_end_of(level.last_active)] if level and level.last_active else [])
    )
    return Person(
        person_id=pid,
        name=person.name[:200] or pid,
        email=person.email,
        source_ids=[SourceReference(source=SourceSystem(s), source_id=i) for s, i in person.source_ids],
        role=first.role if keep_coo and first else (role.role if role else "team_member"),
        role_source=RoleSource.COO_CORRECTED
        if keep_coo
        else (role.role_source if role else RoleSource.AI_IDENTIFIED),
        role_confidence=(
            first.role_confidence if keep_coo and first else (role.confidence if role else None)
        ),
        department=first.department if keep_coo and first else (role.department if role else None),
        activity_level=level.level if level else ActivityLevel.INACTIVE,
        last_active_date=last_active,
        avatar_url=next((p.avatar_url for p in parts if p.avatar_url), None),
        slack_user_id=person.slack_user_id,
        jira_username=person.jira_username,
        tasks_assigned=int(totals.get("tasks_assigned", 0)),
        tasks_completed=int(totals.get("tasks_completed", 0)),
        engagement_metrics=EngagementMetrics(
            messages_sent=int(totals.get("messages_sent", 0)),
            threads_replied=int(totals.get("threads_replied", 0)),
            reactions_given=0,
        ),
        projects=projects,
        is_bot=first.is_bot if first else False,
        is_deactivated=first.is_deactivated if first else person.deactivated,
        is_placeholder=bool(parts) and all(p.is_placeholder for p in parts),
        title_hint=next((p.title_hint for p in parts if p.title_hint), None),
        handles=list(dict.fromkeys(h for p in parts for h in p.handles)),
        timezone=next((p.timezone for p in parts if p.timezone), None),
        flags=sorted({f.flag for f in flags}, key=lambda f: f.value),
        aliases=sorted({*(a for p in parts for a in p.aliases), *renamed}),
        alias_ids=list(person.alias_ids),
        created_at=min((p.created_at for p in parts), default=analysis.as_of.at),
        updated_at=first.updated_at if first else analysis.as_of.at,
    )


def changed(new: Person, old: Person | None) -> bool:
    if old is None:
        return True
    return new.model_dump(mode="json", exclude=set(COMPARE_EXCLUDE)) != old.model_dump(
        mode="json", exclude=set(COMPARE_EXCLUDE)
    )
