"""What every renderer needs besides its records: names, projects, the display zone, opt-out tags."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from chiefops.knowledge.optout import OptOutMatcher
from chiefops.models import Person, Project

UNKNOWN_NAME = "Unknown"


@dataclass(frozen=True)
class PersonRef:
    name: str
    is_bot: bool = False


@dataclass(frozen=True)
class ProjectRef:
    name: str
    key: str | None = None


@dataclass(frozen=True)
class RenderContext:
    """Lookups a renderer uses; built once per batch by the sink from the Store."""

    zone: ZoneInfo
    matcher: OptOutMatcher
    people: Mapping[str, PersonRef] = field(default_factory=dict)
    projects: Mapping[str, ProjectRef] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        *,
        zone: ZoneInfo,
        matcher: OptOutMatcher,
        people: Iterable[Person] = (),
        projects: Iterable[Project] = (),
    ) -> RenderContext:
        return cls(
            zone=zone,
            matcher=matcher,
            people={p.person_id: PersonRef(name=p.name, is_bot=p.is_bot) for p in people},
            projects={
                p.project_id: ProjectRef(
                    name=p.name, key=p.jira_project_keys[0] if p.jira_project_keys else None
                )
                for p in projects
            },
        )

    def name(self, person_id: str | None) -> str:
        """Display name of a person_id; raw names (document owners without a record) pass through."""
        if not person_id:
            return UNKNOWN_NAME
        ref = self.people.get(person_id)
        return ref.name if ref else UNKNOWN_NAME

    def is_bot(self, person_id: str | None) -> bool:
        ref = self.people.get(person_id or "")
        return bool(ref and ref.is_bot)

    def project_label(self, project_id: str | None) -> str | None:
        """`Project: <name>` for header line 2; None for unscoped content or a project without a record."""
        ref = self.projects.get(project_id or "")
        return f"Project: {ref.name}" if ref else None

    def project_terms(self, project_id: str | None) -> list[str]:
        """Project name and key for the FTS `meta` column."""
        ref = self.projects.get(project_id or "")
        if ref is None:
            return []
        return [ref.name, *([ref.key] if ref.key else [])]
