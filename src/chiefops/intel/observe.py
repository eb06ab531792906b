"""Identity observations from stored people records (spec 04 §1.1, 02 §4.6).

Ingestion stores one person per source reference; intel later merges them, keeping every reference
on the surviving record and deleting the others. To resolve again from the same observations, each
reference's node is rebuilt: from the record that owns it (its first reference) when ingestion last
wrote the value, else from the node remembered at the previous run (`IdentityMemory`). A name or
email equal to what intel itself wrote is never mistaken for a source's value, so intel's write-back
never changes the next run's input.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from chiefops.intel.identity_names import normalize_email, reference_name
from chiefops.intel.identity_rules import Footprint, Node
from chiefops.intel.snapshot import MessageRow
from chiefops.models import Person, SourceSystem, Task, derived_id


@dataclass(frozen=True)
class IdentityMemory:
    """What the previous run saw (nodes by key) and wrote (person_id → (name, email))."""

    nodes: Mapping[str, Node] = field(default_factory=dict)
    written: Mapping[str, tuple[str, str | None]] = field(default_factory=dict)


def node_key(source: str, source_id: str) -> str:
    """04 §1.1 key of a source reference (same forms as ingestion's `person_key`)."""
    if source == SourceSystem.SLACK:
        return f"slack:{source_id}"
    if source == SourceSystem.JIRA:
        return f"jira:{source_id}"
    if "@" in source_id:
        return f"email:{source_id.strip().lower()}"
    return f"name:{reference_name(source_id)}"


def _ref_id(key: str) -> str:
    return derived_id(key)


def _owner_node(person: Person, source: str, source_id: str, key: str, memory: IdentityMemory) -> Node:
    cached = memory.nodes.get(key)
    written = memory.written.get(person.person_id)
    name = cached.real_name if cached and written and person.name == written[0] else person.name
    if cached and written and person.email == written[1]:
        emails = cached.emails
    else:
        emails = (normalize_email(person.email),) if person.email else ()
    if source == SourceSystem.SLACK:
        return Node(
            key=key, source=source, source_id=source_id, ref_id=_ref_id(key), real_name=name,
            display_names=tuple(sorted({h for h in person.handles if h})), emails=emails, slack_id=source_id,
            title=person.title_hint, is_bot=person.is_bot, deleted=person.is_deactivated, placeholder=person.is_placeholder,
        )  # fmt: skip
    if source == SourceSystem.JIRA:
        display = person.jira_username or name
        account = source_id if display and source_id != display else None
        return Node(key=key, source=source, source_id=source_id, ref_id=_ref_id(key), real_name=display, emails=emails,
                    jira_account_id=account, is_bot=person.is_bot, placeholder=person.is_placeholder)  # fmt: skip
    return _drive_node(source_id, key)


def _drive_node(source_id: str, key: str) -> Node:
    if "@" in source_id:
        return Node(
            key=key,
            source="gdrive",
            source_id=source_id,
            ref_id=_ref_id(key),
            emails=(normalize_email(source_id),),
        )
    return Node(key=key, source="gdrive", source_id=source_id, ref_id=_ref_id(key), real_name=source_id)


def _other_node(person: Person, source: str, source_id: str, key: str, memory: IdentityMemory) -> Node:
    cached = memory.nodes.get(key)
    if cached is not None:
        return cached
    if source == SourceSystem.SLACK:
        return Node(key=key, source=source, source_id=source_id, ref_id=_ref_id(key), slack_id=source_id)
    if source == SourceSystem.JIRA:
        jira_refs = [r for r in person.source_ids if r.source == SourceSystem.JIRA]
        display = person.jira_username if len(jira_refs) == 1 and person.jira_username else source_id
        account = source_id if display != source_id else None
        return Node(
            key=key,
            source=source,
            source_id=source_id,
            ref_id=_ref_id(key),
            real_name=display,
            jira_account_id=account,
        )
    return _drive_node(source_id, key)


def observe_nodes(people: Sequence[Person], memory: IdentityMemory) -> list[Node]:
    """One node per stored source reference (see the module docstring), sorted by key."""
    nodes: dict[str, Node] = {}
    for person in people:
        for position, ref in enumerate(person.source_ids):
            key = node_key(ref.source, ref.source_id)
            if key in nodes:
                continue
            build = _owner_node if position == 0 else _other_node
            nodes[key] = build(person, ref.source.value, ref.source_id, key, memory)
        if not person.source_ids:
            key = f"record:{person.person_id}"
            nodes[key] = Node(
                key=key,
                source="gdrive",
                source_id=person.person_id,
                ref_id=person.person_id,
                real_name=person.name,
            )
    return [nodes[k] for k in sorted(nodes)]


def footprints(
    nodes: Sequence[Node],
    messages: Sequence[MessageRow],
    tasks: Sequence[Task],
    *,
    key_of: Callable[[str], str | None],
) -> dict[str, Footprint]:
    """Per node: channels and task keys touched, and day|key items, for corroboration (04 §1.1)."""
    items: dict[str, set[str]] = defaultdict(set)
    day_items: dict[str, set[str]] = defaultdict(set)
    for m in messages:
        key = key_of(m.author)
        if key is None or m.is_system:
            continue
        if m.is_slack:
            items[key].add(f"channel:{m.channel}")
            for ref in m.jira_refs:
                day_items[key].add(f"{m.at.date().isoformat()}|{ref}")
        else:
            items[key].add(f"task:{m.channel}")
            day_items[key].add(f"{m.at.date().isoformat()}|{m.channel}")
    for task in tasks:
        if not task.jira_key:
            continue
        for person in (*task.assignees, *([task.reporter] if task.reporter else [])):
            key = key_of(person)
            if key is not None:
                items[key].add(f"task:{task.jira_key}")
        if task.resolved_date is not None:
            for person in task.assignees:
                key = key_of(person)
                if key is not None:
                    day_items[key].add(f"{task.resolved_date.date().isoformat()}|{task.jira_key}")
    known = {n.key for n in nodes}
    return {
        k: Footprint(frozenset(items[k]), frozenset(day_items[k]))
        for k in sorted(known)
        if k in items or k in day_items
    }
