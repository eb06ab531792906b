"""User text → a safe FTS5 query: every term quoted, prefix match on the last, all terms required.

FTS5 syntax typed by a person (`NEAR(`, `"`, `*`, `-`, `AND`) is matched as text and never raises.
Terms without a letter or digit carry nothing the tokenizer would index and are dropped.
"""

from __future__ import annotations


def fts_query(text: str) -> str | None:
    """`'"alice" "exa"*'` for `"alice exa"`; None when no term is left."""
    terms = [t for t in text.split() if any(ch.isalnum() for ch in t)]
    if not terms:
        return None
    quoted = ['"' + t.replace('"', '""') + '"' for t in terms]
    quoted[-1] += "*"
    return " ".join(quoted)
