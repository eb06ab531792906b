"""The AI layer (spec 05 §1): the guards around every provider call — PII redaction with reversible
placeholders (03 §9) and the AI audit log (03 §10). Providers and `AIService` join these names later.
"""

from chiefops.ai.audit import (
    AUDIT_MAX_RECORDS,
    AuditDetail,
    AuditEntry,
    AuditLog,
    SentMessage,
    pack_sent,
    summarize_sources,
    unpack_sent,
)
from chiefops.ai.redaction import (
    HOLD_BACK_CHARS,
    PLACEHOLDER,
    CustomPattern,
    PlaceholderSession,
    Redacted,
    RedactedSource,
    SourcedText,
    StreamRehydrator,
    compile_custom_pattern,
    redact,
    redact_sources,
    redaction_mode,
    rehydrate,
    rehydrate_json,
)

__all__ = [
    "AUDIT_MAX_RECORDS",
    "HOLD_BACK_CHARS",
    "PLACEHOLDER",
    "AuditDetail",
    "AuditEntry",
    "AuditLog",
    "CustomPattern",
    "PlaceholderSession",
    "Redacted",
    "RedactedSource",
    "SentMessage",
    "SourcedText",
    "StreamRehydrator",
    "compile_custom_pattern",
    "pack_sent",
    "redact",
    "redact_sources",
    "redaction_mode",
    "rehydrate",
    "rehydrate_json",
    "summarize_sources",
    "unpack_sent",
]
