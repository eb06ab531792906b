"""Text helpers shared by renderers and the chunker: the one token estimate, split points, times.

Tokens are `ceil(chars / 4)` everywhere in the product (03 §2.1). Text is split at the coarsest
boundary that works — blank line > sentence end > line break > whitespace — and never inside a
URL, an inline code span or a code fence (03 §3).
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

CHARS_PER_TOKEN = 4

_CODE = re.compile(r"```.*?```|`[^`\n]+`", re.S)
_URL = re.compile(r"(?:https?|ftp)://\S+")
_ANGLED = re.compile(r"<[^<>\s]+>")
_EMAIL_TAIL = re.compile(r"@[\w-]+\.[\w.]+")
_EMAIL_HEAD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-")
_PATTERN_LEVELS: tuple[re.Pattern[str], ...] = (
    re.compile(r"\n[ \t]*\n\s*"),
    re.compile(r"(?<=[.!?])[\"')\]]*\s+"),
)
_CHAR_LEVELS: tuple[str, ...] = ("\n", " \t")
_SPACE = re.compile(r"\s")

Span = tuple[int, int]


def estimate_tokens(*texts: str) -> int:
    """`ceil(len(a + b + …) / 4)`: the token estimate every budget uses."""
    return math.ceil(sum(len(t) for t in texts) / CHARS_PER_TOKEN)


def chars_for(tokens: int) -> int:
    """Characters that fit in `tokens` under the estimate."""
    return tokens * CHARS_PER_TOKEN


def _protected_spans(text: str) -> list[Span]:
    """Code spans, URLs, `<…>` tokens and e-mail addresses: never cut inside them."""
    spans: list[Span] = []
    if "`" in text:
        spans += [(m.start(), m.end()) for m in _CODE.finditer(text)]
    if "://" in text:
        spans += [(m.start(), m.end()) for m in _URL.finditer(text)]
    if "<" in text:
        spans += [(m.start(), m.end()) for m in _ANGLED.finditer(text)]
    if "@" in text:
        for m in _EMAIL_TAIL.finditer(text):
            start = m.start()
            while start > 0 and text[start - 1] in _EMAIL_HEAD:
                start -= 1
            spans.append((start, m.end()))
    return sorted(spans)


def split_text(text: str, max_chars: int) -> list[str]:
    """Pieces of at most `max_chars`, each cut at the coarsest boundary inside its window.

    A run without any allowed boundary longer than `max_chars` (a giant URL or word) is cut hard,
    the only way to honour the size limit.
    """
    text = text.strip()
    if len(text) <= max_chars:
        return [text] if text else []
    protected = _protected_spans(text)
    starts = [p[0] for p in protected]
    pieces: list[str] = []
    pos = 0
    while len(text) - pos > max_chars:
        end, resume = _cut(text, pos, pos + max_chars, protected, starts)
        piece = text[pos:end].strip()
        if piece:
            pieces.append(piece)
        pos = resume
    rest = text[pos:].strip()
    return [*pieces, rest] if rest else pieces


def _inside(start: int, end: int, protected: Sequence[Span], starts: Sequence[int]) -> bool:
    i = bisect.bisect_right(starts, start) - 1
    if i >= 0 and protected[i][1] > start:
        return True
    j = bisect.bisect_left(starts, start)
    return j < len(protected) and protected[j][0] < end


def _cut(text: str, pos: int, limit: int, protected: Sequence[Span], starts: Sequence[int]) -> Span:
    """(end of this piece, start of the next) at the last boundary of the coarsest level before `limit`."""
    for pattern in _PATTERN_LEVELS:
        matches = [m for m in pattern.finditer(text, pos + 1, limit + 1) if m.start() <= limit]
        for match in reversed(matches):
            if not _inside(match.start(), match.end(), protected, starts):
                return match.start(), match.end()
    for chars in _CHAR_LEVELS:
        found = _last_char(text, chars, pos, limit, protected, starts)
        if found is not None:
            return found
    return limit, limit


def _last_char(
    text: str, chars: str, pos: int, limit: int, protected: Sequence[Span], starts: Sequence[int]
) -> Span | None:
    """The last run of `chars` in (pos, limit] outside protected spans, as (start, end)."""
    end = limit + 1
    while True:
        at = max(text.rfind(c, pos + 1, end) for c in chars)
        if at < 0:
            return None
        if not _inside(at, at + 1, protected, starts):
            start = at
            while start - 1 > pos and text[start - 1] in chars:
                start -= 1
            return start, at + 1
        end = at


def stem_of(term: str) -> str:
    """A crude stem for highlighting and coverage: the term less its last two letters (≥ 4 kept)."""
    return term[: max(4, len(term) - 2)].casefold()


def term_pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    """Matches the start of any word beginning with a term's stem (`rollback` → `rollbacks`)."""
    stems = sorted({stem_of(t) for t in terms if len(t) >= 2}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in stems) + ")", re.IGNORECASE)


def line_coverage(body: str, terms: Sequence[str]) -> float:
    """Share of the query's distinct terms that appear together on the body's best line (0..1)."""
    return coverage_scanner(terms)(body)


def coverage_scanner(terms: Sequence[str]) -> Callable[[str], float]:
    """`line_coverage` for one query, compiled once.

    Each stem is found with `str.find` over the lower-cased text (a word-start check rejects hits
    inside a word), and each hit is mapped to its line; much faster on long chunks than one
    alternation regex, which tries every stem at every character.
    """
    stems = sorted({stem_of(t) for t in terms if len(t) >= 2}, key=len, reverse=True)
    if not stems:
        return lambda _text: 0.0
    wanted = len(stems)

    def scan(text: str) -> float:
        lowered = text.lower()
        lines: dict[int, int] = {}
        for stem in stems:
            seen: set[int] = set()
            at = lowered.find(stem)
            while at >= 0:
                before = lowered[at - 1] if at else " "
                if not (before.isalnum() or before == "_"):
                    seen.add(lowered.count("\n", 0, at))
                at = lowered.find(stem, at + 1)
            for line in seen:
                lines[line] = lines.get(line, 0) + 1
        return min(1.0, max(lines.values(), default=0) / wanted)

    return scan


def overlap_tail(text: str, max_chars: int) -> str:
    """The last ≤ `max_chars` characters of `text`, starting at a word boundary."""
    if len(text) <= max_chars:
        return text.strip()
    tail = text[-max_chars:]
    match = _SPACE.search(tail)
    return tail[match.end() :].strip() if match else tail.strip()


def clip(text: str, max_chars: int) -> str:
    """`text` cut to `max_chars` characters, with `…` when something was cut."""
    flat = " ".join(text.split())
    if len(flat) <= max_chars:
        return flat
    return flat[: max(0, max_chars - 1)].rstrip() + "…"


def trim_path_left(path: Sequence[str], max_chars: int, *, sep: str = " › ") -> str:
    """A heading path joined by `sep`, dropping leading headings (as `…`) until it fits."""
    parts = list(path)
    joined = sep.join(parts)
    while len(joined) > max_chars and len(parts) > 1:
        parts.pop(0)
        joined = "…" + sep + sep.join(parts)
    return joined if len(joined) <= max_chars else clip(joined, max_chars)


def format_minute(moment: datetime, zone: ZoneInfo) -> str:
    """`2026-11-12 14:03` in the display zone (03 §3: never a raw Slack ts)."""
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def format_day(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d")
