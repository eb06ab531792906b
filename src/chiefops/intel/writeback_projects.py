"""The project records an analysis writes (spec 04 §2, seed `projects`).

Detection gives keys, channels, deadline, milestones and members; the metric and finding stages give
status, completion, task summary, health score, risks, missing tasks and technical concerns (passed
in as `extra`, field by field). A field the run did not produce keeps its stored value; names and
descriptions are the project's own and never change here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time
from typing import Any

from chiefops.intel.pipeline import Analysis
from chiefops.models import Project, ProjectMember

METRIC_FIELDS = (
    "status",
    "completion_percentage",
    "task_summary",
    "health_score",
    "key_risks",
    "missing_tasks",
    "technical_concerns",
)


def project_records(
    analysis: Analysis, stored: Mapping[str, Project], extra: Mapping[str, Mapping[str, Any]]
) -> list[Project]:
    """Every detected project as it should be stored after this run."""
    records = []
    for seed in analysis.detection.seeds:
        old = stored.get(seed.project_id)
        plan = analysis.projects.plans.get(seed.project_id)
        members = (
            [
                ProjectMember(person_id=m.person_id, role_in_project=m.role_in_project)
                for m in plan.people.members
            ]
            if plan
            else []
        )
        deadline = datetime.combine(plan.deadline, time(0, 0), tzinfo=UTC) if plan and plan.deadline else None
        base: dict[str, Any] = (
            old.model_dump()
            if old
            else {"project_id": seed.project_id, "name": seed.name, "created_at": analysis.as_of.at}
        )
        base.update(
            name=old.name if old else seed.name,
            jira_project_keys=sorted(set(seed.keys)),
            slack_channels=analysis.detection.channels_of(seed.project_id),
            deadline=deadline,
            milestones=list(plan.milestones) if plan else [],
            people_involved=members,
            provisional=False,
        )
        for name in METRIC_FIELDS:
            if name in extra.get(seed.project_id, {}):
                base[name] = extra[seed.project_id][name]
        base.setdefault("updated_at", analysis.as_of.at)
        records.append(Project.model_validate(base))
    return records
