"""truth.json (spec 11 §3): what the analysis must recover, built from what was actually written.

Counts come from the writers, Slack timestamps and Jira keys from the generated records, and the
planted facts from facts.py / anchors.py, so truth.json references only things that exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

from samples import anchors, facts
from samples.ids import AUTOMATION_ACCOUNT_ID
from samples.jira_csv import AUTOMATION_NAME
from samples.jira_gen import HIGH, Issue
from samples.model import Person, World
from samples.planted_issues import COVERAGE
from samples.slack_export import SlackStats
from samples.specs import DocSpec, ProjectSpec
from samples.timeline import AS_OF, ts_datetime

JsonObj = dict[str, object]


@dataclass(slots=True)
class JiraFacts:
    """What the Jira writer produced that truth.json needs."""

    keys: dict[str, str] = field(default_factory=dict)  # planted pid -> key
    issues: int = 0
    comments: int = 0
    accounts: int = 0
    account_ids: set[str] = field(default_factory=set)
    open_by_person: dict[tuple[str, str], list[str]] = field(
        default_factory=dict
    )  # (project, person) -> keys
    blocked: dict[str, list[str]] = field(default_factory=dict)
    unassigned_high: dict[str, list[str]] = field(default_factory=dict)

    def record(self, spec: ProjectSpec, issues: list[Issue]) -> None:
        for issue in issues:
            if issue.pid:
                self.keys[issue.pid] = issue.key
            if not issue.is_open:
                continue
            if issue.assignee:
                self.open_by_person.setdefault((spec.key, issue.assignee), []).append(issue.key)
            elif issue.priority in HIGH:
                self.unassigned_high.setdefault(spec.key, []).append(issue.key)
            if issue.status == "Blocked" or issue.flagged or issue.blocked_by or "blocked" in issue.labels:
                self.blocked.setdefault(spec.key, []).append(issue.key)


class SlackCounts(TypedDict):
    users: int
    humans: int
    bots: int
    deactivated: int
    channels: int
    messages_conversational: int
    messages_system: int
    thread_replies: int
    system_by_subtype: dict[str, int]


class Counts(TypedDict):
    slack: SlackCounts
    jira: dict[str, int]
    drive: dict[str, object]
    persons_after_resolution: int


def _counts(world: World, slack: SlackStats, jira: JiraFacts, docs: list[DocSpec]) -> Counts:
    by_type = {t: 0 for t in ("docx", "pdf", "pptx", "xlsx", "md", "txt")}
    for doc in docs:
        by_type[doc.file_name.rsplit(".", 1)[1]] += 1
    return {
        "slack": {
            "users": slack.users,
            "humans": slack.humans,
            "bots": slack.bots,
            "deactivated": slack.deactivated,
            "channels": slack.channels,
            "messages_conversational": slack.conversational,
            "messages_system": slack.system,
            "thread_replies": slack.thread_replies,
            "system_by_subtype": dict(sorted(slack.system_by_subtype.items())),
        },
        "jira": {"issues": jira.issues, "comments": jira.comments, "people": jira.accounts},
        "drive": {"documents": len(docs), "by_type": by_type},
        "persons_after_resolution": sum(
            1
            for p in world.people
            if not p.is_bot
            and (p.slack_id or p.jira_account_id in jira.account_ids or p.key in {d.author for d in docs})
        ),
    }


def _identities(world: World, docs: list[DocSpec], jira: JiraFacts) -> list[JsonObj]:
    authored: dict[str, set[str]] = {}
    for doc in docs:
        if doc.file_name.endswith((".md", ".txt")):
            continue  # plain files carry no author metadata (02 §6)
        for key in (doc.author, doc.last_modified_by):
            person = world.person(key)
            authored.setdefault(key, set()).add(person.doc_author or person.name)
    out: list[JsonObj] = []
    for p in world.people:
        if p.is_bot:
            continue
        in_jira = p.jira_account_id in jira.account_ids  # only ids that appear in the CSV
        out.append(
            {
                "person": p.name,
                "slack_id": p.slack_id,
                "slack_handle": p.handle if p.slack_id else None,
                "slack_real_name": p.slack_real_name if p.slack_id else None,
                "email": p.email,
                "jira_name": p.jira_name if in_jira else None,
                "jira_account_id": p.jira_account_id if in_jira else None,
                "doc_authors": sorted(authored.get(p.key, ())),
                "title": p.title,
                "department": p.department,
            }
        )
    return out


def _roles(world: World) -> list[JsonObj]:
    return [
        {"person": p.name, "acceptable_roles": list(p.roles), "title": p.title}
        for p in world.people
        if not p.is_bot and p.roles
    ]


def _projects(world: World, jira: JiraFacts) -> list[JsonObj]:
    out: list[JsonObj] = []
    for spec in facts.PROJECTS:
        due_soon = (spec.deadline - AS_OF).days <= 60
        out.append(
            {
                "key": spec.key,
                "name": spec.name,
                "kind": spec.kind,
                "channels": list(spec.channels),
                "drive_folder": spec.folder,
                "deadline": spec.deadline.isoformat(),
                "expected_status": facts.EXPECTED_STATUS[spec.key],
                "status_reason": facts.STATUS_REASONS[spec.key],
                "tech_lead_before_correction": _name(world, facts.TECH_LEAD_BEFORE_CORRECTION[spec.key]),
                "open_blockers": sorted(jira.blocked.get(spec.key, []), key=_key_order),
                "unassigned_high_priority": sorted(jira.unassigned_high.get(spec.key, []), key=_key_order),
                "applicable_checklists": [spec.kind, *(["due_within_60_days"] if due_soon else [])],
                "checklist_coverage": {item: jira.keys[pid] for item, pid in COVERAGE[spec.key].items()},
            }
        )
    return out


def _name(world: World, key: str | None) -> str | None:
    return world.person(key).name if key else None


def _key_order(key: str) -> tuple[str, int]:
    prefix, number = key.rsplit("-", 1)
    return prefix, int(number)


def _filler_projects(world: World) -> list[JsonObj]:
    return [
        {
            "key": p.key,
            "name": p.name,
            "kind": p.kind,
            "channels": list(p.channels),
            "drive_folder": p.folder,
            "deadline": p.deadline.isoformat(),
        }
        for p in world.projects
        if not p.planted
    ]


def _msg(slack: SlackStats, pid: str) -> tuple[str, str]:
    channel_id, ts = slack.planted_ts[pid]
    return channel_id, ts


def _doc_keys(targets: tuple[str, ...], slack: SlackStats, jira: JiraFacts) -> list[str]:
    keys = []
    for target in targets:
        kind, ref = target.split(":", 1)
        if kind == "thread":
            channel_id, ts = _msg(slack, ref)
            keys.append(f"slack:{channel_id}:thread:{ts}")
        elif kind == "day":
            channel_id, ts = _msg(slack, ref)
            keys.append(f"slack:{channel_id}:day:{ts_datetime(ts).date().isoformat()}")
        elif kind == "issue":
            keys.append(f"jira:{jira.keys[ref]}")
        else:
            keys.append(f"drive:*/{ref}")
    return keys


def _people_facts(world: World, slack: SlackStats, jira: JiraFacts) -> JsonObj:
    kevin: Person = world.person(facts.KEVIN)
    informal = []
    for spec in facts.INFORMAL:
        assignee, gist, keywords = facts.INFORMAL_FACTS[spec.pid]
        informal.append(
            {
                "channel": spec.channel,
                "ts": _msg(slack, spec.pid)[1],
                "author": world.person(spec.author).name,
                "assignee": world.person(assignee).name,
                "gist": gist,
                "keywords": keywords,
            }
        )
    bot = world.person("jira-bot")
    return {
        "distinct_people": [{"a": "Alex Kim", "b": "Alex Johnson", "reason": "same first name"}],
        "non_persons": [
            {"source": "slack", "id": bot.slack_id, "name": bot.handle},
            {"source": "jira", "id": AUTOMATION_ACCOUNT_ID, "name": AUTOMATION_NAME},
        ],
        "deactivated": [
            {
                "person": p.name,
                "slack_id": p.slack_id,
                "last_active": slack.last_message_day.get(p.key, str(p.last_active)),
            }
            for p in world.people
            if p.deactivated
        ],
        "quiet_people": [
            {
                "person": kevin.name,
                "project": "DELTA",
                "last_active": facts.KEVIN_LAST_DAY.isoformat(),
                "days_silent": (AS_OF - facts.KEVIN_LAST_DAY).days,
                "open_tasks": sorted(jira.open_by_person[("DELTA", facts.KEVIN)], key=_key_order),
            }
        ],
        "informal_assignments": informal,
        "not_informal_assignments": [
            {"channel": m.channel, "ts": _msg(slack, m.pid)[1], "why_not": facts.NOT_INFORMAL_WHY[m.pid]}
            for m in facts.NOT_INFORMAL
        ],
        "unanswered_blocker_threads": [
            {
                "channel": facts.UNANSWERED_BLOCKER.channel,
                "ts": _msg(slack, facts.UNANSWERED_BLOCKER.pid)[1],
                "issue": jira.keys["beta.blocked.sandbox"],
            }
        ],
    }


def _gaps(jira: JiraFacts) -> list[JsonObj]:
    gaps: list[JsonObj] = [dict(g) for g in facts.GAPS]
    for pid in facts.UNOWNED_PIDS:
        gaps.append(
            {
                "project": "DELTA",
                "kind": "unowned_critical",
                "severity": "high",
                "checklist": None,
                "missing_item": f"owner for {jira.keys[pid]}",
                "issue": jira.keys[pid],
                "lead_time_days": None,
                "absent_terms": [],
            }
        )
    return gaps


def build_truth(
    world: World, *, seed: int, scale: int, slack: SlackStats, jira: JiraFacts, docs: list[DocSpec]
) -> tuple[JsonObj, Counts]:
    """The truth.json object (keys in spec 11 §3 order) and its counts."""
    counts = _counts(world, slack, jira, docs)
    people = _people_facts(world, slack, jira)
    truth: JsonObj = {
        "as_of": AS_OF.isoformat(),
        "seed": seed,
        "scale": scale,
        "counts": counts,
        "identities": _identities(world, docs, jira),
        "distinct_people": people["distinct_people"],
        "non_persons": people["non_persons"],
        "deactivated": people["deactivated"],
        "roles": _roles(world),
        "corrections": [dict(c) for c in facts.CORRECTIONS],
        "projects": _projects(world, jira),
        "filler_projects": _filler_projects(world),
        "quiet_people": people["quiet_people"],
        "informal_assignments": people["informal_assignments"],
        "not_informal_assignments": people["not_informal_assignments"],
        "unanswered_blocker_threads": people["unanswered_blocker_threads"],
        "gaps": _gaps(jira),
        "retrieval_questions": [
            {
                "question": q.question,
                "kind": q.kind,
                "project": q.project,
                "expected_doc_keys": _doc_keys(q.targets, slack, jira),
                "answer_contains": q.answer_contains,
            }
            for q in anchors.QUESTIONS
        ],
    }
    return truth, counts
