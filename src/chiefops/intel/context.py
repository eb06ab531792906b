"""What every stage of one run reads: the snapshot, config, as-of, corrections, features, identities.

`RunContext` is built once per run; `People` wraps the identity result into the lookups the stages
share (any id → person, Slack id → person, names → person for facts, strongest key per person).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Generic, TypeVar

from chiefops.intel.asof import AsOf
from chiefops.intel.corrections import Correction, status_map_overlay
from chiefops.intel.defaults import IntelConfig
from chiefops.intel.features import MessageFeatures
from chiefops.intel.identity import IdentityResult
from chiefops.intel.identity_names import first_name_forms, normalize_person_name
from chiefops.intel.identity_records import ResolvedPerson
from chiefops.intel.snapshot import MessageRow, Snapshot
from chiefops.models import Task, TaskSource, categorize_status, derived_id

T = TypeVar("T")


@dataclass
class RunContext:
    snapshot: Snapshot
    config: IntelConfig
    as_of: AsOf
    corrections: list[Correction]
    features: Mapping[str, MessageFeatures]
    warnings: list[str] = field(default_factory=list)

    @cached_property
    def jira_tasks(self) -> list[Task]:
        """Ingested tasks (never intel's own), with COO `status_map` facts re-categorising statuses."""
        learned = status_map_overlay(self.corrections, self.snapshot.status_map)
        coo = {k for k in learned if self.snapshot.status_map.get(k) != learned[k]}
        tasks = []
        for task in self.snapshot.tasks:
            if task.source is not TaskSource.JIRA:
                continue
            if coo and any(task.status.strip().lower() == raw.strip().lower() for raw in coo):
                category = categorize_status(task.status, learned=learned).category
                task = task.model_copy(update={"status_category": category})
            tasks.append(task)
        return tasks

    @cached_property
    def messages(self) -> tuple[MessageRow, ...]:
        return tuple(m for m in self.snapshot.messages if not m.is_system)

    @property
    def day(self) -> date:
        return self.as_of.day

    @property
    def at(self) -> datetime:
        return self.as_of.at

    def digests(self, *names: str) -> list[str]:
        found = self.snapshot.input_digests()
        return [found[n] for n in names]


class Lazy(Generic[T]):
    """A value computed on first use and kept (inputs only some recomputed stages need)."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._value: T | None = None
        self._done = False

    def get(self) -> T:
        if not self._done:
            self._value, self._done = self._make(), True
        return self._value  # type: ignore[return-value]  # set on the first call


class People:
    """Lookups over one identity result."""

    def __init__(self, result: IdentityResult) -> None:
        self.result = result
        self.alias = result.alias_map()
        self.by_id: dict[str, ResolvedPerson] = {p.person_id: p for p in result.persons}
        self.non_persons = frozenset(n.ref_id for n in result.non_persons)

    def resolve(self, any_id: str | None) -> str | None:
        """The person an id (provisional, alias or current) stands for; None for bots and unknowns."""
        if any_id is None:
            return None
        found = self.alias.get(any_id)
        return None if found is None or found in self.non_persons else found

    def slack(self, user_id: str) -> str | None:
        return self.resolve(derived_id(f"slack:{user_id}"))

    def key_of(self, person_id: str) -> str:
        person = self.by_id.get(person_id)
        return person.node_keys[0] if person else person_id

    @cached_property
    def first_names(self) -> dict[str, frozenset[str]]:
        names: dict[str, frozenset[str]] = {}
        for person in self.result.persons:
            firsts = (
                {normalize_person_name(person.name).split()[0]}
                if normalize_person_name(person.name)
                else set()
            )
            names[person.person_id] = frozenset(f for first in firsts for f in first_name_forms(first))
        return names

    @cached_property
    def _by_name(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = defaultdict(list)
        for person in self.result.persons:
            norm = normalize_person_name(person.name)
            index[norm].append(person.person_id)
            if norm:
                index[norm.split()[0]].append(person.person_id)
        return index

    def find(self, value: str) -> str | None:
        """A person named by id, alias id or name (full name, else a unique first name)."""
        text = value.strip()
        if text.startswith("person:"):
            text = text[len("person:") :]
        direct = self.resolve(text)
        if direct is not None:
            return direct
        matches = sorted(set(self._by_name.get(normalize_person_name(text), [])))
        return matches[0] if len(matches) == 1 else None

    def persons(self) -> Sequence[ResolvedPerson]:
        return self.result.persons
