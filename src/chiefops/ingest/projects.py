"""Project context of ingested records (spec 02 §7).

1. An explicit `project` option → that project (created if missing), which gains the batch's
   channels and Jira key prefixes. A project is found by its name (normalised as in 04 §1.1); a new
   one gets the id `derived_id("project-name:" + normalised name)`, so naming the same project twice
   never creates two.
2. A channel or Jira key prefix listed on exactly one project → that project.
3. Otherwise messages and documents keep no project, and tasks get a provisional project per key
   prefix: id `project_ref_id(PREFIX)`, named after the export's Project name column, else the
   nearest named folder, else the prefix; ext `provisional`. `intel` may rename or merge it later.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from chiefops.ingest.record_ops import Doc
from chiefops.ingest.units import normalize_name, project_ref_id
from chiefops.models import Project, derived_id
from chiefops.store import Store

# "Project name" in the export languages 02 §5.1 supports (normalised).
_PROJECT_NAME_HEADERS = frozenset(
    {"project name", "nombre del proyecto", "nom du projet", "projektname", "nome do projeto"}
)


def explicit_project_id(name: str) -> str:
    return derived_id("project-name:" + normalize_name(name))


def project_name_hint(task: Doc) -> str | None:
    """The Project name cell of a Jira row, when the export has that column."""
    evidence: dict[str, Any] = (task.get("source_evidence") or {}).get("jira_data") or {}
    for header, value in evidence.items():
        if normalize_name(header) in _PROJECT_NAME_HEADERS and isinstance(value, str) and value.strip():
            return value.strip()
    return None


def folder_name_hint(origin_path: str | None) -> str | None:
    """The folder nearest to the file, when it has one."""
    if not origin_path:
        return None
    parent = PurePosixPath(origin_path).parent.name
    return parent or None


@dataclass
class ProjectDirectory:
    """Every stored project's channels and key prefixes, plus what this job created or changed."""

    projects: dict[str, Doc] = field(default_factory=dict)
    by_channel: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_prefix: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_name: dict[str, str] = field(default_factory=dict)

    @classmethod
    async def load(cls, store: Store) -> ProjectDirectory:
        directory = cls()
        for project in await store.typed(Project).find(sort=[("created_at", 1)]):
            directory.remember(project.model_dump(mode="json"))
        return directory

    def remember(self, doc: Doc) -> None:
        project_id = str(doc["project_id"])
        self.projects[project_id] = doc
        self.by_name.setdefault(normalize_name(str(doc["name"])), project_id)
        for channel in doc.get("slack_channels") or []:
            self.by_channel[str(channel).lstrip("#").casefold()].add(project_id)
        for prefix in doc.get("jira_project_keys") or []:
            self.by_prefix[str(prefix).upper()].add(project_id)

    def for_channel(self, name: str) -> str | None:
        """Rule 2 for a channel: the one project listing it, else None."""
        owners = self.by_channel.get(name.lstrip("#").casefold())
        return next(iter(owners)) if owners and len(owners) == 1 else None

    def for_prefix(self, prefix: str) -> str | None:
        """Rule 2 for a Jira key prefix: the one project listing it, else None."""
        owners = self.by_prefix.get(prefix.upper())
        return next(iter(owners)) if owners and len(owners) == 1 else None

    def named(self, name: str) -> str | None:
        return self.by_name.get(normalize_name(name))


@dataclass
class ProjectChanges:
    """Projects to write at the end of a unit, and how many of them are new."""

    docs: dict[str, Doc] = field(default_factory=dict)
    new: int = 0
    provisional: int = 0


class ProjectResolver:
    """Applies §7 for one unit; new and changed projects are collected, then written by the unit."""

    def __init__(self, directory: ProjectDirectory, *, explicit: str | None, now: str) -> None:
        self._directory = directory
        self._explicit = explicit
        self._now = now
        self.changes = ProjectChanges()

    def for_channel(self, channel: str) -> str | None:
        if self._explicit:
            return self._gain(self._explicit_id(), channel=channel)
        return self._directory.for_channel(channel)

    def for_document(self) -> str | None:
        return self._explicit_id() if self._explicit else None

    def for_task(self, task: Doc, *, prefix: str | None, stored: str | None) -> str:
        """Rules 1–3; a stored task with no rule-1/2 match keeps its project (intel may have moved it)."""
        if self._explicit:
            return self._gain(self._explicit_id(), prefix=prefix)
        found = self._directory.for_prefix(prefix) if prefix else None
        if found or stored:
            return found or str(stored)
        if prefix:
            return self._provisional(project_ref_id(prefix), prefix=prefix, task=task)
        return self._provisional(str(task["project_id"]), prefix=None, task=task)

    # --- creating and extending ------------------------------------------------------------------

    def _explicit_id(self) -> str:
        assert self._explicit is not None
        found = self._directory.named(self._explicit)
        if found:
            return found
        project_id = explicit_project_id(self._explicit)
        self._create(project_id, name=self._explicit.strip(), provisional=False)
        return project_id

    def _provisional(self, project_id: str, *, prefix: str | None, task: Doc) -> str:
        if project_id not in self._directory.projects:
            name = (
                project_name_hint(task) or folder_name_hint(task.get("origin_path")) or prefix or "Task sheet"
            )
            self._create(project_id, name=name, provisional=True, prefix=prefix)
        return project_id

    def _create(self, project_id: str, *, name: str, provisional: bool, prefix: str | None = None) -> None:
        doc = Project(
            project_id=project_id,
            name=name[:300],
            provisional=provisional,
            jira_project_keys=[prefix] if prefix else [],
        ).model_dump(mode="json")
        doc["created_at"] = doc["updated_at"] = doc["last_analyzed_at"] = self._now
        self._directory.remember(doc)
        self.changes.docs[project_id] = doc
        self.changes.new += 1
        self.changes.provisional += provisional

    def _gain(self, project_id: str, *, channel: str | None = None, prefix: str | None = None) -> str:
        doc = self._directory.projects[project_id]
        field_name, value = ("slack_channels", channel) if channel else ("jira_project_keys", prefix)
        if value and value not in (doc.get(field_name) or []):
            doc[field_name] = [*(doc.get(field_name) or []), value]
            doc["updated_at"] = self._now
            self._directory.remember(doc)
            self.changes.docs[project_id] = doc
        return project_id
