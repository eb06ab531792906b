"""`ai_audit_log`: one record per provider call — what was sent, what came back, what was redacted (spec 03 §10)."""

from __future__ import annotations

from pydantic import Field

from chiefops.models.base import Model, Record, new_id
from chiefops.models.enums import AIProvider, AuditStatus, ChunkSource, RedactionMode


class PromptSection(Model):
    """Size of one prompt section."""

    name: str
    tokens: int = Field(default=0, ge=0)
    chars: int = Field(default=0, ge=0)


class ChunkUse(Model):
    """A knowledge chunk placed in the prompt, in prompt order."""

    chunk_id: str
    doc_key: str
    source: ChunkSource
    label: str = ""
    score: float = 0.0
    rank: int = Field(default=0, ge=0)
    tokens: int = Field(default=0, ge=0)
    redactions: dict[str, int] = Field(default_factory=dict, description="Redactions by type in this chunk")


class OptOutDrops(Model):
    """Prompt material dropped by opt-out tags."""

    count: int = Field(default=0, ge=0)
    tag_ids: list[str] = Field(default_factory=list)


class AIAuditRecord(Record):
    """One call to an AI provider (repair re-prompts are further records with a higher `attempt`).

    Never holds the API key. `sent` is the exact redacted message list that left the machine,
    gzip-compressed and base64-encoded (≤ 256 kB before encoding; `truncated` when cut).
    """

    audit_id: str = Field(default_factory=new_id)
    request_id: str | None = Field(default=None, description="Links the chat answer")
    operation: str = Field(description="chat, fact extraction, summary, report text, …")
    conversation_id: str | None = None
    project_id: str | None = None
    attempt: int = Field(default=1, ge=1)
    provider: AIProvider
    model: str | None = Field(default=None, description="e.g. anthropic/claude-sonnet-4")
    endpoint_host: str | None = Field(default=None, description="e.g. openrouter.ai")
    remote: bool = Field(default=False, description="Text left the machine")
    sections: list[PromptSection] = Field(default_factory=list)
    chunks: list[ChunkUse] = Field(default_factory=list)
    facts_included: list[str] = Field(default_factory=list, description="fact_ids")
    turns_included: int = Field(default=0, ge=0)
    structured_included: list[str] = Field(default_factory=list, description="Names of structured inputs")
    optout_dropped: OptOutDrops = Field(default_factory=OptOutDrops)
    redactions: dict[str, int] = Field(default_factory=dict, description="{EMAIL: 2, PHONE: 1, …}")
    redaction: RedactionMode
    sent: str = Field(default="", description="base64(gzip(JSON messages))")
    truncated: bool = False
    response: str = Field(default="", description="Raw reply")
    placeholder_map: dict[str, str] = Field(default_factory=dict, description="Placeholder → original value")
    tokens_in: int = Field(default=0, ge=0)
    tokens_out: int = Field(default=0, ge=0)
    tokens_estimated: bool = Field(default=False, description="Counts are chars/4, not the provider's")
    latency_ms: int | None = Field(default=None, ge=0)
    first_token_ms: int | None = Field(default=None, ge=0)
    status: AuditStatus = AuditStatus.OK
    error: str | None = None
    warnings: list[str] = Field(
        default_factory=list, description="e.g. placeholders the model invented (kept as written, 03 §9)"
    )
    source_summary: str = Field(default="", description="12 chunks: Slack (#proj-alpha), Jira (ALPHA), …")
