"""Project detection (spec 04 §2.1–2.4) — pure: Jira keys seed projects; channels and documents map.

Each Jira project key makes one project (its stored id is kept). A channel maps to a project when
one of its name tokens (split on `- _`, generic tokens dropped) is a distinctive token of the
project's name (≥ 4 characters, not a stopword) or is its key — a short key only when nothing else
in the name points elsewhere, so "people-ops" is not Ops Automation — when its topic or purpose
names the project, or when ≥ 60 % of its Jira-key mentions (≥ 5) are the project's. Org channels
never map; a channel matching two projects stays unmapped for the COO. Documents map by folder
segment, then title, then ≥ 3 key mentions in their text. Members and deadlines live in
`project_plan.py`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from chiefops.intel.corrections import Correction, is_none
from chiefops.intel.snapshot import MessageRow
from chiefops.models import Channel, Document, Project, Task

GENERIC_TOKENS = frozenset({"proj", "project", "projects", "team", "dev", "eng", "squad", "the", "and"})
NAME_STOPWORDS = frozenset(
    {"project", "team", "program", "programme", "initiative", "launch", "the", "and", "for", "with"}
)
ORG_CHANNELS = frozenset({"general", "random", "announcements", "announce", "all-hands"})
CANDIDATE_SHAPES = (re.compile(r"^proj[-_]"), re.compile(r"[-_]launch$"), re.compile(r"[-_]migration$"))
_SPLIT = re.compile(r"[-_\s/]+")


@dataclass(frozen=True)
class ProjectsConfig:
    """Thresholds of 04 §2 (named defaults)."""

    distinctive_min_len: int = 4
    key_share: float = 0.60
    key_mentions_min: int = 5
    org_member_share: float = 0.80
    doc_key_mentions_min: int = 3
    candidate_messages_min: int = 50
    member_task_days: int = 90
    member_message_days: int = 60
    member_messages_min: int = 5
    member_doc_days: int = 90


@dataclass(frozen=True)
class ProjectSeed:
    project_id: str
    name: str
    keys: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class Mapping_:
    """Where one channel or document went and why."""

    item: str
    project_id: str | None
    reason: str


@dataclass
class Detection:
    seeds: list[ProjectSeed] = field(default_factory=list)
    channels: dict[str, Mapping_] = field(default_factory=dict)
    documents: dict[str, Mapping_] = field(default_factory=dict)
    candidates: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)

    def channel_project(self, name: str) -> str | None:
        found = self.channels.get(name)
        return found.project_id if found else None

    def channels_of(self, project_id: str) -> list[str]:
        return sorted(c for c, m in self.channels.items() if m.project_id == project_id)

    def documents_of(self, project_id: str) -> list[str]:
        return sorted(d for d, m in self.documents.items() if m.project_id == project_id)


def tokens(text: str) -> list[str]:
    return [t for t in _SPLIT.split(text.lower()) if t]


def distinctive(seed: ProjectSeed, cfg: ProjectsConfig) -> frozenset[str]:
    """Name tokens that can identify the project on their own."""
    return frozenset(
        t for t in tokens(seed.name) if len(t) >= cfg.distinctive_min_len and t not in NAME_STOPWORDS
    )


def seed_projects(stored: Sequence[Project], tasks: Sequence[Task]) -> list[ProjectSeed]:
    """One project per Jira key; stored projects keep their id, name and extra keys (04 §2.1)."""
    seeds: dict[str, ProjectSeed] = {}
    claimed: set[str] = set()
    for project in sorted(stored, key=lambda p: p.project_id):
        keys = tuple(sorted({k.upper() for k in project.jira_project_keys}))
        seeds[project.project_id] = ProjectSeed(project.project_id, project.name, keys, project.description)
        claimed.update(keys)
    by_key: dict[str, str] = {}
    for task in tasks:
        key = (task.jira_project_key or (task.jira_key or "").split("-")[0]).upper()
        if key and key not in claimed and task.project_id not in seeds:
            by_key.setdefault(key, task.project_id)
    for key, project_id in sorted(by_key.items()):
        seeds[project_id] = ProjectSeed(project_id, key.title(), (key,), "")
    return sorted(seeds.values(), key=lambda s: s.project_id)


def _name_match(name: str, seed: ProjectSeed, cfg: ProjectsConfig) -> bool:
    words = [t for t in tokens(name) if t not in GENERIC_TOKENS]
    if not words:
        return False
    own = distinctive(seed, cfg)
    if own & set(words):
        return True
    keys = {k.lower() for k in seed.keys}
    if not keys & set(words):
        return False
    name_tokens = set(tokens(seed.name))
    return all(w in keys or w in name_tokens for w in words)


def _names_project(text: str, seed: ProjectSeed) -> bool:
    lowered = f" {text.lower()} "
    return f" {seed.name.lower()} " in lowered or any(
        re.search(rf"\b{re.escape(k.lower())}\b", lowered) for k in seed.keys if len(k) >= 4
    )


def map_channels(
    seeds: Sequence[ProjectSeed],
    channels: Sequence[Channel],
    messages: Sequence[MessageRow],
    *,
    people_count: int,
    cfg: ProjectsConfig,
) -> tuple[dict[str, Mapping_], list[str], list[str]]:
    """Channel → project (04 §2.2) plus the ambiguous channels and the Slack-only candidates."""
    key_owner = {k: s.project_id for s in seeds for k in s.keys}
    mentions: dict[str, Counter[str]] = {}
    counts: Counter[str] = Counter()
    for m in messages:
        if m.is_slack:
            counts[m.channel] += 1
            for ref in m.jira_refs:
                owner = key_owner.get(ref.split("-")[0])
                if owner:
                    mentions.setdefault(m.channel, Counter())[owner] += 1
    result: dict[str, Mapping_] = {}
    ambiguous: list[str] = []
    candidates: list[str] = []
    for channel in sorted(channels, key=lambda c: c.name):
        mapping = _map_channel(channel, seeds, mentions.get(channel.name, Counter()), people_count, cfg)
        if mapping.project_id is None and mapping.reason.startswith("ambiguous"):
            ambiguous.append(channel.name)
        if (
            mapping.project_id is None
            and counts[channel.name] >= cfg.candidate_messages_min
            and any(p.search(channel.name) for p in CANDIDATE_SHAPES)
        ):
            candidates.append(channel.name)
        result[channel.name] = mapping
    return result, ambiguous, candidates


def _map_channel(
    channel: Channel,
    seeds: Sequence[ProjectSeed],
    mentions: Counter[str],
    people_count: int,
    cfg: ProjectsConfig,
) -> Mapping_:
    if channel.name.lower() in ORG_CHANNELS or (
        people_count and len(channel.members) >= cfg.org_member_share * people_count
    ):
        return Mapping_(channel.name, None, "org channel: never mapped to a project")
    hits: dict[str, str] = {}
    for seed in seeds:
        if _name_match(channel.name, seed, cfg):
            hits.setdefault(seed.project_id, f"channel name names {seed.name}")
        elif _names_project(f"{channel.topic} {channel.purpose}", seed):
            hits.setdefault(seed.project_id, f"topic or purpose names {seed.name}")
    total = sum(mentions.values())
    if total >= cfg.key_mentions_min:
        owner, n = sorted(mentions.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if n / total >= cfg.key_share:
            hits.setdefault(owner, f"{n} of {total} Jira-key mentions are this project's")
    if len(hits) == 1:
        project_id, reason = next(iter(hits.items()))
        return Mapping_(channel.name, project_id, reason)
    if len(hits) > 1:
        return Mapping_(channel.name, None, f"ambiguous: matches {len(hits)} projects")
    return Mapping_(channel.name, None, "no project named")


def map_documents(
    seeds: Sequence[ProjectSeed],
    documents: Sequence[Document],
    key_mentions: Mapping[str, Mapping[str, int]],
    cfg: ProjectsConfig,
) -> dict[str, Mapping_]:
    """Document → project (04 §2.3): folder segment, then title, then ≥ 3 key mentions in the text."""
    result: dict[str, Mapping_] = {}
    for doc in sorted(documents, key=lambda d: d.document_id):
        result[doc.document_id] = _map_document(doc, seeds, key_mentions.get(doc.document_id, {}), cfg)
    return result


def _map_document(
    doc: Document, seeds: Sequence[ProjectSeed], mentions: Mapping[str, int], cfg: ProjectsConfig
) -> Mapping_:
    for segment in reversed([s for s in doc.folder_path.split("/") if s]):
        hits = sorted({s.project_id for s in seeds if _name_match(segment, s, cfg)})
        if len(hits) == 1:
            return Mapping_(doc.document_id, hits[0], f"folder '{segment}'")
    title = f"{doc.title or ''} {doc.file_name.rsplit('.', 1)[0]}"
    hits = sorted({s.project_id for s in seeds if distinctive(s, cfg) & set(tokens(title))})
    if len(hits) == 1:
        return Mapping_(doc.document_id, hits[0], "title names the project")
    by_project: Counter[str] = Counter()
    for key, n in mentions.items():
        for seed in seeds:
            if key in seed.keys:
                by_project[seed.project_id] += n
    strong = sorted(p for p, n in by_project.items() if n >= cfg.doc_key_mentions_min)
    if len(strong) == 1:
        return Mapping_(doc.document_id, strong[0], f"{by_project[strong[0]]} Jira-key mentions in the text")
    return Mapping_(doc.document_id, None, "no project named")


def detect_projects(
    *,
    stored: Sequence[Project],
    tasks: Sequence[Task],
    channels: Sequence[Channel],
    messages: Sequence[MessageRow],
    documents: Sequence[Document],
    doc_key_mentions: Mapping[str, Mapping[str, int]],
    people_count: int,
    corrections: Sequence[Correction],
    cfg: ProjectsConfig | None = None,
) -> Detection:
    """Projects, channel and document mappings, ambiguous channels and candidates (04 §2.1–2.4)."""
    config = cfg or ProjectsConfig()
    seeds = seed_projects(stored, tasks)
    channel_map, ambiguous, candidates = map_channels(
        seeds, channels, messages, people_count=people_count, cfg=config
    )
    doc_map = map_documents(seeds, documents, doc_key_mentions, config)
    detection = Detection(
        seeds=seeds, channels=channel_map, documents=doc_map, candidates=candidates, ambiguous=ambiguous
    )
    _apply_mapping_facts(detection, corrections)
    return detection


def resolve_project_value(value: str, seeds: Sequence[ProjectSeed]) -> str | None:
    """A project named by id, name (any case) or Jira key."""
    wanted = value.strip().lower()
    for seed in seeds:
        if wanted in {seed.project_id.lower(), seed.name.lower(), *(k.lower() for k in seed.keys)}:
            return seed.project_id
    return None


def _apply_mapping_facts(detection: Detection, corrections: Sequence[Correction]) -> None:
    """COO `channel_project` / `document_project` facts re-map items (`none` detaches)."""
    for item in corrections:
        if item.field not in ("channel_project", "document_project"):
            continue
        target = None if is_none(item.value) else resolve_project_value(item.value, detection.seeds)
        if target is None and not is_none(item.value):
            continue
        book = detection.channels if item.field == "channel_project" else detection.documents
        name = item.ref.lstrip("#")
        book[name] = Mapping_(name, target, f"set by COO ({item.label})")
