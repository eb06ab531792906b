"""Jira Cloud "all fields" CSV: UTF-8 with BOM, repeated columns, `date;accountId;body` comment cells.

Column counts for repeated fields are fixed up front (every issue respects them), so rows stream to
disk one project at a time (02 §5.1).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from samples.ids import AUTOMATION_ACCOUNT_ID
from samples.jira_gen import MAX_SPRINTS, STATUS_CATEGORY, Issue
from samples.model import AUTOMATION_KEY, World
from samples.specs import ProjectSpec
from samples.timeline import jira_date, jira_datetime

LABEL_COLUMNS = 3
COMPONENT_COLUMNS = 2
LINK_COLUMNS = 2
COMMENT_COLUMNS = 6
AUTOMATION_NAME = "Automation for Jira"


def header() -> list[str]:
    """The header row, repeated columns included, in the order Jira Cloud exports them."""
    return [
        "Summary",
        "Issue key",
        "Issue id",
        "Issue Type",
        "Status",
        "Status Category",
        "Project key",
        "Project name",
        "Project type",
        "Priority",
        "Resolution",
        "Assignee",
        "Assignee Id",
        "Reporter",
        "Reporter Id",
        "Created",
        "Updated",
        "Resolved",
        "Due date",
        *["Labels"] * LABEL_COLUMNS,
        "Description",
        *["Sprint"] * MAX_SPRINTS,
        *["Component/s"] * COMPONENT_COLUMNS,
        "Custom field (Story Points)",
        "Custom field (Flagged)",
        *["Outward issue link (Blocks)"] * LINK_COLUMNS,
        *["Inward issue link (Blocks)"] * LINK_COLUMNS,
        "Parent",
        "Parent summary",
        *["Comment"] * COMMENT_COLUMNS,
    ]


def _pad(values: Iterable[str], width: int) -> list[str]:
    items = list(values)[:width]
    return items + [""] * (width - len(items))


class JiraWriter:
    """Streams issues into the CSV; owns the open file."""

    def __init__(self, path: Path, world: World) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file: TextIO = path.open("w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._file, lineterminator="\r\n")
        self._csv.writerow(header())
        self._world = world
        self.issues = 0
        self.comments = 0
        self.accounts: set[str] = set()

    def _who(self, key: str | None) -> tuple[str, str]:
        if key is None:
            return "", ""
        if key == AUTOMATION_KEY:
            return AUTOMATION_NAME, AUTOMATION_ACCOUNT_ID
        person = self._world.by_key[key]
        return person.jira_name or person.name, person.jira_account_id or ""

    def write(self, spec: ProjectSpec, issues: Iterable[Issue]) -> None:
        for issue in issues:
            self._csv.writerow(self._row(spec, issue))

    def _row(self, spec: ProjectSpec, issue: Issue) -> list[str]:
        assignee, assignee_id = self._who(issue.assignee)
        reporter, reporter_id = self._who(issue.reporter)
        comments = []
        for c in issue.comments[-COMMENT_COLUMNS:]:
            _, account = self._who(c.author)
            self.accounts.add(account)
            comments.append(f"{jira_datetime(c.at)};{account};{c.body}")
        self.accounts.update(a for a in (assignee_id, reporter_id) if a)
        self.issues += 1
        self.comments += len(comments)
        resolution = {"Done": "Done", "Won't Do": "Won't Do"}.get(issue.status, "")
        return [
            issue.summary,
            issue.key,
            str(issue.issue_id),
            issue.issue_type,
            issue.status,
            STATUS_CATEGORY[issue.status],
            spec.key,
            spec.name,
            "software",
            issue.priority,
            resolution,
            assignee,
            assignee_id,
            reporter,
            reporter_id,
            jira_datetime(issue.created),
            jira_datetime(issue.updated or issue.created),
            jira_datetime(issue.resolved) if issue.resolved else "",
            jira_date(issue.due) if issue.due else "",
            *_pad(issue.labels, LABEL_COLUMNS),
            issue.description,
            *_pad(issue.sprints, MAX_SPRINTS),
            *_pad(issue.components, COMPONENT_COLUMNS),
            "" if issue.points is None else f"{issue.points:g}",
            "Impediment" if issue.flagged else "",
            *_pad(issue.blocks, LINK_COLUMNS),
            *_pad(issue.blocked_by, LINK_COLUMNS),
            issue.parent_key,
            issue.parent_summary,
            *_pad(comments, COMMENT_COLUMNS),
        ]

    def close(self) -> None:
        self._file.close()
