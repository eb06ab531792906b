"""Person records of identity resolution (spec 04 §1.1): id, name, email and references of a cluster.

`person_id` is the provisional id of the cluster's strongest key (`slack:` > `email:` > `jira:` >
`name:`), so ids survive re-ingestion; the name follows the COO > Slack real name (≥ 2 tokens) > Jira
display name > email-derived name > display name order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from chiefops.intel.identity_rules import Node

KEY_STRENGTH = {"slack": 0, "email": 1, "jira": 2, "name": 3}


@dataclass(frozen=True)
class Link:
    a: str
    b: str
    rule: str
    rules: tuple[str, ...]
    confidence: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ResolvedPerson:
    person_id: str
    node_keys: tuple[str, ...]
    alias_ids: tuple[str, ...]
    name: str
    email: str | None
    source_ids: tuple[tuple[str, str], ...]
    slack_user_id: str | None
    jira_username: str | None
    title: str | None
    deactivated: bool
    links: tuple[Link, ...]
    confidence: float


def display(members: Sequence[Node]) -> str:
    strongest = min(members, key=strength)
    where = {"slack": "Slack", "jira": "Jira", "gdrive": "Drive"}.get(strongest.source, strongest.source)
    return f"{name_of(members, {})} in {where}"


def strength(node: Node) -> tuple[int, str]:
    return (KEY_STRENGTH.get(node.key.partition(":")[0], 9), node.key)


def person_id_of(members: Sequence[Node]) -> str:
    return min(members, key=strength).ref_id


def name_of(members: Sequence[Node], names: Mapping[str, str]) -> str:
    """04 §1.1 name order: COO fact > Slack real name (≥ 2 tokens) > Jira display name > email name > display name."""
    for node in sorted(members, key=strength):
        if node.key in names:
            return names[node.key]
    ordered = sorted(members, key=strength)
    for node in ordered:
        if node.source == "slack" and node.real_name and len(node.real_name.split()) >= 2:
            return node.real_name
    for node in ordered:
        if node.source == "jira" and node.real_name:
            return node.real_name
    for node in ordered:
        for email in node.emails:
            return " ".join(
                part.capitalize()
                for part in email.partition("@")[0].replace("_", ".").replace("-", ".").split(".")
                if part
            )
    for node in ordered:
        for name in (node.real_name, *node.display_names):
            if name:
                return name
    return ordered[0].source_id


def build_person(members: Sequence[Node], auto: Sequence[Link], names: Mapping[str, str]) -> ResolvedPerson:
    ordered = sorted(members, key=strength)
    keys = {n.key for n in ordered}
    person_id = ordered[0].ref_id
    links = tuple(sorted((lk for lk in auto if lk.a in keys), key=lambda lk: (lk.a, lk.b)))
    slack = [n for n in ordered if n.source == "slack"]
    jira = [n for n in ordered if n.source == "jira"]
    email = next((e for n in slack for e in n.emails), None) or next(
        (e for n in ordered for e in n.emails), None
    )
    return ResolvedPerson(
        person_id=person_id,
        node_keys=tuple(n.key for n in ordered),
        alias_ids=tuple(sorted({n.ref_id for n in ordered} - {person_id})),
        name=name_of(ordered, names),
        email=email,
        source_ids=tuple((n.source, n.source_id) for n in ordered),
        slack_user_id=slack[0].slack_id if slack else None,
        jira_username=(jira[0].real_name or jira[0].source_id) if jira else None,
        title=next((n.title for n in ordered if n.title), None),
        deactivated=bool(slack) and all(n.deleted for n in slack),
        links=links,
        confidence=min((lk.confidence for lk in links), default=1.0),
    )
