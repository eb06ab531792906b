"""What the writer remembers across the units of one job: people by source reference, documents by
hash, known Jira key prefixes, projects and the task link graph.

Each is loaded from the Store once per job (bulk reads, never one query per record) and kept in
step as units commit. When a unit rolls back, `WriteState.invalidate()` drops everything so the next
unit reloads what the Store really holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chiefops.ingest.derived import TaskGraph
from chiefops.ingest.projects import ProjectDirectory
from chiefops.ingest.units import person_ref_id
from chiefops.models import format_utc
from chiefops.models.enums import SourceSystem
from chiefops.store import Store
from chiefops.store.base import QueryPlan


@dataclass
class PeopleIndex:
    """Provisional person id → stored person_id, and each stored person's last activity."""

    ids: dict[str, str] = field(default_factory=dict)
    last_active: dict[str, str] = field(default_factory=dict)
    created: set[str] = field(default_factory=set)
    """People this job created (refreshing them again in the job is not an update)."""

    @classmethod
    async def load(cls, store: Store) -> PeopleIndex:
        rows = await store.collection("people").find_fields(
            fields=["person_id", "source_ids", "last_active_date"], sort=[("created_at", 1)]
        )
        index = cls()
        for row in rows:
            person_id = str(row["person_id"])
            index.add(person_id, row.get("source_ids") or [])
            stamp = row.get("last_active_date")
            index.last_active[person_id] = format_utc(stamp) if stamp else ""
        return index

    def add(self, person_id: str, source_ids: list[dict[str, str]]) -> None:
        """Remember a stored person under its own id and every source reference it carries."""
        self.ids.setdefault(person_id, person_id)
        for ref in source_ids:
            self.ids.setdefault(person_ref_id(SourceSystem(ref["source"]), ref["source_id"]), person_id)

    def resolve(self, provisional: str) -> str:
        return self.ids.get(provisional, provisional)

    def knows(self, person_id: str) -> bool:
        return person_id in self.last_active


@dataclass
class DocumentIndex:
    """Stored documents' natural keys by content hash, and hashes by natural key."""

    by_hash: dict[str, str] = field(default_factory=dict)
    by_key: dict[str, str] = field(default_factory=dict)
    opted_out: set[str] = field(default_factory=set)

    @classmethod
    async def load(cls, store: Store) -> DocumentIndex:
        rows = await store.collection("documents").find_fields(
            fields=["natural_key", "content_hash", "opt_out"], sort=[("created_at", 1)]
        )
        index = cls()
        for row in rows:
            if row["natural_key"] and row["content_hash"]:
                index.add(str(row["natural_key"]), str(row["content_hash"]), opt_out=bool(row["opt_out"]))
        return index

    def add(self, natural_key: str, content_hash: str, *, opt_out: bool) -> None:
        self.by_key[natural_key] = content_hash
        self.by_hash.setdefault(content_hash, natural_key)
        if opt_out:
            self.opted_out.add(natural_key)
        else:
            self.opted_out.discard(natural_key)


async def load_known_prefixes(store: Store) -> set[str]:
    """Jira project keys already in the data: on tasks and on projects."""
    rows = await store.collection("tasks").aggregate(QueryPlan(group_by=("jira_project_key",)))
    prefixes = {str(row["jira_project_key"]).upper() for row in rows if row["jira_project_key"]}
    projects = await store.collection("projects").find_fields(fields=["jira_project_keys"])
    for row in projects:
        prefixes.update(str(key).upper() for key in row["jira_project_keys"] or [])
    return prefixes


@dataclass
class WriteState:
    """The job-level caches; each is loaded on first use."""

    store: Store
    _people: PeopleIndex | None = None
    _documents: DocumentIndex | None = None
    _projects: ProjectDirectory | None = None
    _graph: TaskGraph | None = None
    _prefixes: set[str] | None = None
    prefixes_at_start: set[str] | None = None

    async def people(self) -> PeopleIndex:
        if self._people is None:
            self._people = await PeopleIndex.load(self.store)
        return self._people

    async def documents(self) -> DocumentIndex:
        if self._documents is None:
            self._documents = await DocumentIndex.load(self.store)
        return self._documents

    async def projects(self) -> ProjectDirectory:
        if self._projects is None:
            self._projects = await ProjectDirectory.load(self.store)
        return self._projects

    async def graph(self) -> TaskGraph:
        if self._graph is None:
            self._graph = await TaskGraph.load(self.store)
        return self._graph

    async def prefixes(self) -> set[str]:
        if self._prefixes is None:
            self._prefixes = await load_known_prefixes(self.store)
            if self.prefixes_at_start is None:
                self.prefixes_at_start = set(self._prefixes)
        return self._prefixes

    def invalidate(self) -> None:
        """Forget everything (after a rollback): the next unit reloads from the Store."""
        self._people = self._documents = self._projects = self._graph = None
        self._prefixes = None
