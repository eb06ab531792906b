"""The `TextSearch` port: phrase search over a project's documents and channel messages (04 §5).

Gaps and readiness ask "does any project document or project-channel message say X?". intel-core
implements this port over the knowledge index (documents, filtered to the project) and the
in-memory messages of the project's channels; tests use a small in-memory implementation. Tasks
are not searched here: gap matching reads them directly.

How to call (implementers):
    class MySearch:
        def search(self, *, project_id: str, phrases: Sequence[str], limit: int) -> SearchResult: ...
A hit's `phrase` is the searched phrase exactly as passed in; `text` is the whole message, or the
document passage that holds the phrase. Sizes are the number of project documents and project
messages searched (the same for every call on one project), for absence evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol

from pydantic import Field

from chiefops.intel.evidence import Evidence, EvidenceKind, EvidenceSource, excerpt
from chiefops.models import Model, UtcDatetime

SearchCorpus = Literal["documents", "messages"]


class TextHit(Model):
    """One document passage or message that contains a searched phrase."""

    corpus: SearchCorpus
    phrase: str = Field(description="the searched phrase, exactly as passed to `search`")
    ref: str = Field(description="message natural key, or document id (with a part)")
    source: EvidenceSource
    label: str = Field(
        description="what a person reads: '#alpha-dev 2026-11-12 14:03', 'Launch plan.docx p.3'"
    )
    text: str = Field(description="the whole message, or the document passage holding the phrase")
    at: UtcDatetime | None = None

    def to_evidence(self) -> Evidence:
        kind = EvidenceKind.DOCUMENT if self.corpus == "documents" else EvidenceKind.MESSAGE
        return Evidence(
            kind=kind,
            ref=self.ref,
            source=self.source,
            label=self.label,
            excerpt=excerpt(self.text),
            at=self.at,
        )


class SearchResult(Model):
    """Hits (any order; callers sort) and the sizes of the corpora searched."""

    hits: list[TextHit] = Field(default_factory=list)
    documents: int = Field(ge=0, description="project documents searched")
    messages: int = Field(ge=0, description="project-channel messages searched")


class TextSearch(Protocol):
    """Phrase search over one project's documents and channel messages."""

    def search(self, *, project_id: str, phrases: Sequence[str], limit: int) -> SearchResult:
        """Hits for every phrase (case-insensitive, whole words), at most `limit` per phrase."""
        ...


def sorted_hits(hits: Sequence[TextHit]) -> list[TextHit]:
    """Hits in the one stated order: documents before messages, then time, then ref."""
    return sorted(hits, key=lambda h: (h.corpus, h.at.isoformat() if h.at else "", h.ref, h.phrase))
