"""Evidence and findings: the shapes every intel stage explains itself with (spec 04 §0.3, §5).

Every link, role, flag, finding and score carries `evidence[]` and a plain sentence. These types
are shared by all stages; they are pure data (no I/O).
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import Field, model_validator

from chiefops.models import Model, UtcDatetime

EXCERPT_MAX = 200
SENTENCE_MAX = 280


class EvidenceKind(StrEnum):
    MESSAGE = "message"
    TASK = "task"
    DOCUMENT = "document"
    PERSON = "person"
    METRIC = "metric"
    FACT = "fact"
    ABSENCE = "absence"


EvidenceSource = Literal["slack", "jira", "gdrive", "coo", "derived"]


class CorpusSearched(Model):
    """One corpus an absence check searched, with its size (e.g. 143 tasks)."""

    corpus: Literal["tasks", "documents", "messages"]
    size: int = Field(ge=0)


class Evidence(Model):
    """One piece of support for a claim.

    `ref` points at the record (message natural key, Jira key, document id, person id, metric
    name, fact id); `label` is what a person reads (`#alpha-dev 2026-11-12 14:03`, `ALPHA-142`,
    `Launch plan.docx p.3`). An `absence` item lists the terms searched, every corpus with its
    size, and `hits` = 0.
    """

    kind: EvidenceKind
    ref: str
    source: EvidenceSource
    label: str
    excerpt: str = Field(default="", max_length=EXCERPT_MAX)
    at: UtcDatetime | None = None
    terms: list[str] = Field(default_factory=list, description="absence: the terms searched")
    corpora: list[CorpusSearched] = Field(default_factory=list, description="absence: what was searched")
    hits: int | None = Field(default=None, ge=0, description="absence: always 0")

    @model_validator(mode="after")
    def _absence_is_complete(self) -> Evidence:
        if self.kind is EvidenceKind.ABSENCE and (not self.terms or not self.corpora or self.hits != 0):
            raise ValueError("absence evidence needs terms, corpora with sizes and hits = 0")
        return self


def excerpt(text: str, limit: int = EXCERPT_MAX) -> str:
    """Whitespace-collapsed text cut to `limit` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for critical … 4 for info: sort ascending to put the worst first."""
        return list(Severity).index(self)


class FindingKind(StrEnum):
    GAP_MISSING = "gap_missing"
    GAP_UNTRACKED = "gap_untracked"
    UNOWNED_CRITICAL = "unowned_critical"
    RISK = "risk"


class FindingStatus(StrEnum):
    OPEN = "open"
    DISMISSED = "dismissed"
    RESOLVED = "resolved"


def finding_id(project_id: str, rule_id: str, subject: str) -> str:
    """04 §5: sha1(project_id + rule_id + subject) — stable across runs."""
    return hashlib.sha1(f"{project_id}{rule_id}{subject}".encode()).hexdigest()


class Finding(Model):
    """A gap, unowned critical task or risk, with its evidence (04 §5 finding record)."""

    finding_id: str
    project_id: str
    kind: FindingKind
    rule_id: str = Field(description="checklist item id (gaps) or R1…R12 (risks)")
    severity: Severity
    title: str
    sentence: str = Field(max_length=SENTENCE_MAX, description="with numbers and dates")
    evidence: list[Evidence] = Field(min_length=1)
    confidence: float = Field(ge=0.0, le=1.0)
    suggested_action: str = ""
    owner_suggestion: str | None = Field(default=None, description="person_id, via role_in_project")
    lead_time_days: tuple[int, int] | None = None
    latest_start: date | None = None
    status: FindingStatus = FindingStatus.OPEN
    first_seen_as_of: datetime | None = None
    origin: Literal["rule", "ai"] = "rule"
