"""The knowledge index's data contract (spec 03 §2): documents, chunks, hits, queries and reports.

A `SourceDoc` is what a renderer produces from Store records or extracted text: a header, its parts
(messages, comments, sections) with provenance, and the doc-level facts every chunk inherits. The
chunker turns it into `Chunk`s; a query returns `Hit`s, each with a `Citation` the UI can open.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Literal

from pydantic import Field, JsonValue, ValidationError, ValidationInfo, field_validator

from chiefops.errors import ValidationFailed
from chiefops.models import ChunkSource, Model, OptOutKind, OptOutTag, UtcDatetime

Source = ChunkSource
"""`slack`, `jira`, `drive`, `memory`, `correction` (03 §2.1)."""

SkipReason = Literal["empty", "opted_out", "bot_only", "too_large"]
SearchMode = Literal["auto", "lexical", "hybrid"]
BackendName = Literal["embedded-fts", "embedded-hybrid", "citex"]
HealthState = Literal["ok", "degraded", "down"]

MAX_QUERY_CHARS = 2000
DEFAULT_TOP_K = 15
MAX_TOP_K = 50

Locator = dict[str, JsonValue]
"""Where a part or chunk sits: Slack channel/channel_id/message_ts[], Jira issue_key/comment_ids[],
Drive document_id/file_name/folder_path/page/slide/sheet+rows, plus `spans` (body offset → part)."""


class DocPart(Model):
    """One unit of a document's text — a message line, a comment, a section — with its provenance.

    Parts with different `unit` never share a chunk; neighbouring chunks overlap only inside one
    `section` (Drive). A part too large for one chunk is split (`split`), each piece opening with
    `prefix` (a Slack author/time prefix, a table's header row).
    """

    text: str
    unit: str = ""
    section: str = ""
    prefix: str = ""
    split: Literal["text", "rows"] = "text"
    ts: UtcDatetime | None = None
    author: str | None = Field(default=None, description="person_id")
    author_name: str | None = None
    ref: str | None = Field(default=None, description="Slack message ts or Jira comment id")
    locator: Locator = Field(default_factory=dict)


class SourceDoc(Model):
    """A rendered document (a thread, a channel-day, an issue, a Drive file) ready for chunking.

    `skip` set means the doc must not be in the index (opted out, bot-only, empty): indexing it
    removes any stored copy and counts it as skipped.
    """

    doc_key: str
    source: Source
    project_id: str | None = None
    title: str = ""
    header_facts: str = Field(default="", description="Header line 2: project + key facts")
    header_title: str = Field(default="", description="Header line 1 (source + title); defaults to `title`")
    continuation: str | None = Field(default=None, description="Line opening every chunk after the first")
    fit_whole: bool = Field(default=False, description="One chunk when the whole doc fits the hard max")
    overlap: bool = Field(default=False, description="Neighbouring chunks of one section overlap (Drive)")
    joiner: str = Field(
        default="\n", description="Between parts in a body: a line (Slack, Jira) or a paragraph"
    )
    ts_start: UtcDatetime | None = None
    ts_end: UtcDatetime | None = None
    authors: list[str] = Field(default_factory=list, description="person_ids, never bots")
    meta: str = Field(default="", description="FTS `meta`: channel, issue key, project key, labels, names")
    locator: Locator = Field(default_factory=dict)
    parts: list[DocPart] = Field(default_factory=list)
    skip: SkipReason | None = None
    warnings: list[str] = Field(default_factory=list)


class Chunk(Model):
    """The unit a citation points at (03 §2.1)."""

    chunk_id: str = Field(description="`<doc_key>#<n>`")
    doc_key: str
    n: int = Field(ge=0)
    project_id: str | None = None
    source: Source
    title: str
    heading_path: list[str] = Field(default_factory=list)
    header: str
    body: str
    ts_start: UtcDatetime | None = None
    ts_end: UtcDatetime | None = None
    authors: list[str] = Field(default_factory=list)
    locator: Locator = Field(default_factory=dict)
    tokens: int = Field(ge=0)
    content_hash: str
    meta: str = ""

    @property
    def text(self) -> str:
        """Header and body as they enter a prompt."""
        return f"{self.header}\n{self.body}"


class Citation(Model):
    """Where a hit came from, in a form the UI opens (`ref`) and a prompt cites (`label`)."""

    source: Source
    project_id: str | None = None
    title: str
    label: str
    ref: str
    timestamp: UtcDatetime | None = None
    page: int | None = None
    slide: int | None = None
    sheet: str | None = None
    section: str | None = None
    doc_key: str
    chunk_id: str
    ids: list[str] = Field(
        default_factory=list, description="message ts, issue key, comment ids, document_id"
    )
    quote: str = Field(default="", max_length=240)


class HitLegs(Model):
    """Per-leg evidence behind a hit's score."""

    bm25: float | None = None
    lexical_rank: int | None = None
    cosine: float | None = None
    semantic_rank: int | None = None
    recency: float = 1.0


class Hit(Model):
    chunk_id: str
    rank: int = Field(ge=1)
    score: float = Field(ge=0.0, le=1.0)
    text: str
    citation: Citation
    legs: HitLegs


class KnowledgeQuery(Model):
    """A retrieval request (03 §2.3); build it with `parse_query` to get a 422 naming the bad field."""

    text: str = Field(min_length=1, max_length=MAX_QUERY_CHARS)
    project_ids: list[str] | None = None
    include_unscoped: bool | None = Field(
        default=None, description="Default: False when project_ids is set, else True"
    )
    sources: list[Source] | None = None
    channels: list[str] | None = None
    issue_keys: list[str] | None = None
    document_ids: list[str] | None = None
    authors: list[str] | None = Field(default=None, description="person_ids")
    since: UtcDatetime | None = None
    until: UtcDatetime | None = None
    top_k: int = Field(default=DEFAULT_TOP_K, ge=1, le=MAX_TOP_K)
    min_score: float = Field(default=0.0, ge=0.0, le=1.0)
    mode: SearchMode = "auto"
    recency: bool = True

    @field_validator("text", mode="before")
    @classmethod
    def _strip(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value

    @field_validator("until")
    @classmethod
    def _after_since(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        since = info.data.get("since")
        if value is not None and since is not None and since >= value:
            raise ValueError("until must be later than since")
        return value

    @property
    def unscoped_included(self) -> bool:
        if self.include_unscoped is not None:
            return self.include_unscoped
        return self.project_ids is None

    @property
    def uses_recency(self) -> bool:
        """Decay is off when a time window is given (03 §4)."""
        return self.recency and self.since is None and self.until is None


def parse_query(data: Mapping[str, object]) -> KnowledgeQuery:
    """Validate a query; a bad value raises `ValidationFailed` (422) naming the field."""
    try:
        return KnowledgeQuery.model_validate(data)
    except ValidationError as exc:
        errors = [
            {"field": ".".join(str(p) for p in err["loc"]) or "query", "message": err["msg"]}
            for err in exc.errors()
        ]
        fields = ", ".join(dict.fromkeys(e["field"] for e in errors))
        raise ValidationFailed(
            f"Invalid knowledge query: check {fields} ({errors[0]['message']})",
            details={"field": errors[0]["field"], "errors": errors},
        ) from None


class KnowledgeResult(Model):
    hits: list[Hit] = Field(default_factory=list)
    backend: BackendName = "embedded-fts"
    degraded: bool = False
    warnings: list[str] = Field(default_factory=list)
    optout_filtered: int = 0
    candidates: int = 0
    took_ms: float = 0.0


class SkipCounts(Model):
    empty: int = 0
    opted_out: int = 0
    bot_only: int = 0
    too_large: int = 0

    def add(self, reason: SkipReason, n: int = 1) -> None:
        setattr(self, reason, getattr(self, reason) + n)

    def merge(self, other: SkipCounts) -> None:
        for reason in ("empty", "opted_out", "bot_only", "too_large"):
            self.add(reason, getattr(other, reason))


class IndexReport(Model):
    """What one `index()` call did."""

    docs_seen: int = 0
    docs_indexed: int = 0
    docs_unchanged: int = 0
    skipped: SkipCounts = Field(default_factory=SkipCounts)
    chunks_written: int = 0
    chunks_deleted: int = 0
    warnings: list[str] = Field(default_factory=list)
    took_ms: float = 0.0

    def merge(self, other: IndexReport) -> None:
        self.docs_seen += other.docs_seen
        self.docs_indexed += other.docs_indexed
        self.docs_unchanged += other.docs_unchanged
        self.skipped.merge(other.skipped)
        self.chunks_written += other.chunks_written
        self.chunks_deleted += other.chunks_deleted
        self.warnings.extend(other.warnings)
        self.took_ms += other.took_ms


class IndexHealth(Model):
    """ok | degraded | down, why, and what the index holds."""

    state: HealthState
    reason: str = ""
    backend: BackendName = "embedded-fts"
    docs: int = 0
    chunks: int = 0
    chunks_by_source: dict[str, int] = Field(default_factory=dict)
    vectors: int = 0
    vector_coverage: float = Field(default=0.0, ge=0.0, le=100.0, description="% of chunks with a vector")
    semantic: Literal["on", "off", "unavailable"] = "off"
    model_id: str | None = None
    chunker_version: int = 0
    as_of: UtcDatetime | None = None
    needs_rebuild: bool = False


ReindexState = Literal["queued", "running", "done", "failed"]
JobKind = Literal["reindex", "purge"]


class ReindexRequest(Model):
    """`POST /api/v1/knowledge/reindex` body: one scope — a project, a source, or everything."""

    project_id: str | None = None
    source: Source | None = None
    all: bool = False


class ReindexJob(Model):
    """A background re-index run and what it did."""

    job_id: str
    kind: JobKind = Field(
        default="reindex",
        description="reindex, or purge: content an opt-out tag now matches rendered again without it (03 §8)",
    )
    state: ReindexState = "queued"
    request: ReindexRequest
    report: IndexReport | None = None
    removed_chunks: int = 0
    error: str | None = None
    started_at: UtcDatetime | None = None
    finished_at: UtcDatetime | None = None


class KnowledgeStatus(Model):
    """`GET /api/v1/knowledge/status`: index health and recent re-index jobs."""

    health: IndexHealth
    jobs: list[ReindexJob] = Field(default_factory=list)


class OptOutCreate(Model):
    """`POST /api/v1/privacy/opt-outs` body (03 §8); an invalid regex is refused with 422 naming `value`."""

    kind: OptOutKind
    regex: bool = Field(
        default=False, description="`value` is a regex of at most 200 characters (pattern only)"
    )
    value: str = Field(
        min_length=1, description="Channel name or id, file name / document_id / glob, or pattern"
    )
    project_id: str | None = None
    reason: str = ""

    @field_validator("value")
    @classmethod
    def _valid_value(cls, value: str, info: ValidationInfo) -> str:
        """The stored model's checks (regex only on patterns, ≤ 200 characters, compiles), on this field."""
        if "kind" not in info.data:
            return value
        try:
            OptOutTag(kind=info.data["kind"], value=value, regex=bool(info.data.get("regex")))
        except ValidationError as exc:
            raise ValueError(str(exc.errors()[0]["msg"]).removeprefix("Value error, ")) from None
        return value

    def to_tag(self) -> OptOutTag:
        return OptOutTag(**self.model_dump())


class OptOutAdded(Model):
    """A stored opt-out tag, the indexed chunks it matched when added, and the purge job removing them."""

    tag: OptOutTag
    affected_chunks: int = Field(ge=0, description="Indexed chunks the tag matched (hidden from now on)")
    job: ReindexJob | None = Field(default=None, description="The purge; None when nothing matched")


class OptOutRemoved(Model):
    """A removed tag and the re-index job bringing back what it kept out."""

    tag_id: str
    job: ReindexJob
