"""COO corrections (spec 04 §1.5): the one fact vocabulary, supersession and orphaned facts.

Corrections are active `conversation_facts`. A later fact on the same (subject, field) supersedes the
earlier one; `same_person` / `different_person` on one pair are one decision, so the later of the two
wins. The overlay is applied after each derivation (identity rulings, person fields, project fields,
task assignees, status map, dismissed findings), so derived values never overwrite a COO value and,
because ids are stable, corrections survive re-ingestion. A fact whose subject no longer exists stays
active and is reported as an orphaned correction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from chiefops.models import ConversationFact, StatusCategory

SubjectKind = str  # person | project | task | finding | account | channel | document | status | membership

IDENTITY_FIELDS = frozenset({"same_person", "different_person", "not_a_person", "name"})
PERSON_FIELDS = frozenset({"role", "role_not", "department", "name", "departed"})
PROJECT_FIELDS = frozenset({"tech_lead", "project_lead", "deadline", "project_status"})
MEMBERSHIP_FIELDS = frozenset({"member", "role_in_project"})
MAPPING_FIELDS = frozenset({"channel_project", "document_project", "task_project"})
TASK_FIELDS = frozenset({"assignee", "task_project"})
KNOWN_FIELDS = (
    IDENTITY_FIELDS | PERSON_FIELDS | PROJECT_FIELDS | MEMBERSHIP_FIELDS | MAPPING_FIELDS | TASK_FIELDS
    | {"status_map", "dismissed"}
)  # fmt: skip
NONE_VALUES = frozenset({"none", "null", "nothing", "no project", ""})
TRUE_VALUES = frozenset({"true", "yes", "1", "member", "add", "added"})


@dataclass(frozen=True)
class Correction:
    """One active COO fact, its subject parsed (`kind`, `ref`, and `project` for person@project)."""

    fact_id: str
    kind: SubjectKind
    ref: str
    project: str | None
    field: str
    value: str
    previous_value: str | None
    established_at: datetime

    @property
    def subject(self) -> str:
        base = f"{self.kind}:{self.ref}"
        return f"{base}@project:{self.project}" if self.project else base

    @property
    def label(self) -> str:
        return f"COO correction {self.established_at.astimezone(UTC).date().isoformat()}"


def parse_subject(subject: str) -> tuple[SubjectKind, str, str | None]:
    """`person:<id>@project:<id>` → (person, id, project id); `account:slack:U1` → (account, slack:U1, None)."""
    head, at, tail = subject.partition("@project:")
    kind, _, ref = head.partition(":")
    return kind.strip().lower(), ref.strip(), (tail.strip() or None) if at else None


def active_corrections(facts: Iterable[ConversationFact]) -> list[Correction]:
    """Active correction facts after supersession, in `established_at` order (then fact id)."""
    latest: dict[tuple[str, str], Correction] = {}
    for fact in sorted(facts, key=lambda f: (f.established_at, f.fact_id)):
        if not fact.is_active or fact.field not in KNOWN_FIELDS:
            continue
        kind, ref, project = parse_subject(fact.subject)
        item = Correction(
            fact.fact_id,
            kind,
            ref,
            project,
            fact.field,
            fact.value.strip(),
            fact.previous_value,
            fact.established_at,
        )
        latest[_slot(item)] = item
    return sorted(latest.values(), key=lambda c: (c.established_at, c.fact_id))


def _slot(item: Correction) -> tuple[str, str]:
    if item.field in ("same_person", "different_person"):
        pair = sorted((item.ref, item.value))
        return ("identity-pair", "|".join(pair))
    return (item.subject, item.field)


def is_none(value: str) -> bool:
    return value.strip().lower() in NONE_VALUES


def is_true(value: str) -> bool:
    return value.strip().lower() in TRUE_VALUES


def parse_day(value: str) -> date | None:
    """A fact's date value (ISO `YYYY-MM-DD`, or an ISO datetime); None when unreadable."""
    text = value.strip()[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def status_map_overlay(corrections: Sequence[Correction], learned: Mapping[str, str]) -> dict[str, str]:
    """The learned status map with COO `status_map` facts over it (`status:<raw>` = category, or `raw=category`)."""
    merged = dict(learned)
    for item in corrections:
        if item.field != "status_map":
            continue
        raw, category = (item.ref, item.value) if item.kind == "status" else item.value.partition("=")[::2]
        if raw.strip() and category.strip().lower() in {c.value for c in StatusCategory}:
            merged[raw.strip()] = category.strip().lower()
    return merged


def dismissed_findings(corrections: Sequence[Correction]) -> frozenset[str]:
    return frozenset(
        c.ref for c in corrections if c.field == "dismissed" and c.kind == "finding" and not is_none(c.value)
    )


def by_field(corrections: Sequence[Correction], *fields: str) -> list[Correction]:
    return [c for c in corrections if c.field in fields]


@dataclass(frozen=True)
class Orphan:
    fact_id: str
    subject: str
    field: str
    value: str
    sentence: str


def orphaned(corrections: Sequence[Correction], *, exists: Callable[[str, str], bool]) -> list[Orphan]:
    """Facts whose subject is gone (info): still active, shown so the COO can re-point or drop them."""
    found = []
    for item in corrections:
        if item.kind in ("status",) or (
            exists(item.kind, item.ref) and (item.project is None or exists("project", item.project))
        ):
            continue
        sentence = f"Your correction '{item.field} = {item.value}' is about {item.subject}, which is no longer in the data."
        found.append(Orphan(item.fact_id, item.subject, item.field, item.value, sentence))
    return found


def corrections_digest(corrections: Sequence[Correction], fields: frozenset[str] | None = None) -> list[str]:
    """Stable lines for a stage hash: the facts (of `fields`, when given) that feed the stage."""
    return [
        f"{c.fact_id}|{c.subject}|{c.field}|{c.value}"
        for c in corrections
        if fields is None or c.field in fields
    ]


def describe_correction(item: Correction, *, name_of: Callable[[str], str | None]) -> str:
    """'Project Alpha — tech lead: Priya Sharma': subject, field and value of a correction, with ids
    shown by name. `name_of("person:<id>")` / `name_of("project:<id>")` gives a name or None."""
    subject = name_of(f"{item.kind}:{item.ref}") or item.ref
    if item.project:
        subject = f"{subject} on {name_of(f'project:{item.project}') or item.project}"
    value = name_of(f"person:{item.value}") or name_of(f"project:{item.value}") or item.value
    return f"{subject} — {item.field.replace('_', ' ')}: {value}"
