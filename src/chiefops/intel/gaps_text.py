"""Token-aware phrase matching for gaps and readiness (spec 04 §5 "Matching").

Text and phrases are lowercased and cut into word tokens (letters and digits; `-`, `_`, `/` and
punctuation separate tokens, so "data-safety" reads "data safety"). A phrase is found when its
tokens appear consecutively in the text, or — fuzzy — when `rapidfuzz` partial_ratio of the phrase
against the whole text reaches `min_score` **and** a window of as many tokens, starting at a token and cut to the phrase's length, scores
ratio ≥ `min_score`. The window keeps matches token-aware: "load test" finds "load testing" and
"rate limit" finds "rate limits", but "ios" never finds "bios" and "app" never finds "app store".

How to call:
    normalize(text) -> NormalizedText  (memoised; normalize_text(text) for one-off texts)
    find_phrase(text: NormalizedText, phrase: NormalizedText, *, min_score: int) -> int  (0 = no match)
    has_phrase(text: NormalizedText, phrase: NormalizedText) -> bool  (exact token match only)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """Lowercase word tokens, and the same joined by single spaces with a space at each end."""

    tokens: tuple[str, ...]
    padded: str

    @property
    def joined(self) -> str:
        return self.padded[1:-1]


def normalize_text(text: str) -> NormalizedText:
    """Lowercase word tokens of `text` (accents and case folded, punctuation dropped)."""
    found = tuple(_TOKEN.findall(text.casefold()))
    return NormalizedText(tokens=found, padded=" " + " ".join(found) + " ")


@lru_cache(maxsize=1 << 16)
def normalize(text: str) -> NormalizedText:
    """`normalize_text`, memoised: the gap, readiness and type stages read the same task texts and
    phrases again and again (one-off texts such as messages use `normalize_text`)."""
    return normalize_text(text)


def has_phrase(text: NormalizedText, phrase: NormalizedText) -> bool:
    """True when the phrase's tokens occur consecutively in the text."""
    return bool(phrase.tokens) and phrase.padded in text.padded


def find_phrase(text: NormalizedText, phrase: NormalizedText, *, min_score: int) -> int:
    """Best score (0–100) of `phrase` in `text`: 100 for an exact token match, else the best
    fuzzy window score if it reaches `min_score`, else 0."""
    if not phrase.tokens or not text.tokens:
        return 0
    if has_phrase(text, phrase):
        return 100
    needle = phrase.joined
    if fuzz.partial_ratio(needle, text.joined) < min_score:
        return 0
    hit = process.extractOne(
        needle, _windows(text.tokens, size=len(phrase.tokens), length=len(needle)), scorer=fuzz.ratio
    )
    return int(hit[1]) if hit is not None and hit[1] >= min_score else 0


def _windows(tokens: tuple[str, ...], *, size: int, length: int) -> list[str]:
    """The run of `size` tokens starting at each token (shorter at the end, where "support handoff"
    meets "support hand off"), cut to the needle's `length` so a suffix ("testing") still matches."""
    return [" ".join(tokens[start : start + size])[:length] for start in range(len(tokens))]
