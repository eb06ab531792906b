"""A `SourceDoc` → what gets stored: opt-out at indexing, the 5 MB cap, chunks and the content hash."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from chiefops.knowledge.chunker import CHUNKER_VERSION, chunk_document, finalize
from chiefops.knowledge.embedded.rows import pack
from chiefops.knowledge.enforce import chunk_opted_out, doc_opted_out
from chiefops.knowledge.models import Chunk, DocPart, SkipReason, SourceDoc
from chiefops.knowledge.optout import OptOutMatcher

MAX_DOC_TEXT_CHARS = 5 * 1024 * 1024


@dataclass(frozen=True)
class DocWrite:
    """A doc ready to store: its chunks (none when skipped), content hash and what happened."""

    doc: SourceDoc
    chunks: tuple[Chunk, ...]
    content_hash: str
    skip: SkipReason | None = None
    too_large: bool = False
    warnings: tuple[str, ...] = field(default=())

    @property
    def state(self) -> str:
        return f"skipped:{self.skip}" if self.skip else "indexed"


def _cap(doc: SourceDoc) -> tuple[SourceDoc, bool]:
    """The doc with at most 5 MB of text (later parts dropped, the crossing part cut)."""
    total = sum(len(p.text) for p in doc.parts)
    if total <= MAX_DOC_TEXT_CHARS:
        return doc, False
    kept: list[DocPart] = []
    used = 0
    for part in doc.parts:
        room = MAX_DOC_TEXT_CHARS - used
        if room <= 0:
            break
        kept.append(part if len(part.text) <= room else part.model_copy(update={"text": part.text[:room]}))
        used += min(len(part.text), room)
    return doc.model_copy(update={"parts": kept}), True


def _skipped(doc: SourceDoc, reason: SkipReason, warnings: tuple[str, ...] = ()) -> DocWrite:
    digest = hashlib.sha256(pack(doc) + f"|v{CHUNKER_VERSION}|{reason}".encode()).hexdigest()
    return DocWrite(doc=doc, chunks=(), content_hash=digest, skip=reason, warnings=warnings)


def prepare(doc: SourceDoc, matcher: OptOutMatcher) -> DocWrite:
    """Chunks to store for `doc`, after the doc-level and chunk-level opt-out checks (03 §8)."""
    warnings = tuple(doc.warnings)
    if doc.skip is not None:
        return _skipped(doc, doc.skip, warnings)
    if doc_opted_out(doc, matcher):
        return _skipped(doc, "opted_out", warnings)
    capped, too_large = _cap(doc)
    if too_large:
        warnings += (f"too_large: {doc.doc_key} has more than 5 MB of text; the first 5 MB were indexed",)
    chunks = chunk_document(capped)
    kept = [c for c in chunks if not chunk_opted_out(c, matcher)]  # the query path's own check
    if not kept:
        return _skipped(doc, "opted_out" if chunks else "empty", warnings)
    final = tuple(finalize(capped, kept))
    return DocWrite(
        doc=doc, chunks=final, content_hash=final[0].content_hash, too_large=too_large, warnings=warnings
    )
