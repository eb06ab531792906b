"""Message features (spec 04 §7): computed once per ingest batch and cached on disk.

Per message: word count, signal flags (question, blocker, follow-up, review, decision, accept,
refuse, done), vocabulary class counts, assignment-shaped asks and stated deadline dates. A batch is
the set of messages one ingestion job last wrote; its digest hashes their natural keys and content
hashes, so the cache file `<data dir>/intel/features/<batch_digest>.json` is valid exactly as long
as the batch is unchanged, and a correction never re-scans message text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import orjson
import yaml

from chiefops.intel.text_signals import (
    Ask,
    Scan,
    deadline_dates,
    find_asks,
    is_accept,
    is_blocker,
    is_decision,
    is_done,
    is_follow_up,
    is_question,
    is_refusal,
    is_review,
    plain_text,
)

FEATURES_VERSION = "features-2"

QUESTION, BLOCKER, FOLLOW, REVIEW, DECISION, ACCEPT, REFUSE, DONE = (1 << i for i in range(8))
_FLAG_TESTS = (
    (BLOCKER, is_blocker),
    (FOLLOW, is_follow_up),
    (REVIEW, is_review),
    (DECISION, is_decision),
    (ACCEPT, is_accept),
    (REFUSE, is_refusal),
    (DONE, is_done),
)
EXCERPT_FLAGS = QUESTION | BLOCKER | REVIEW | DECISION | DONE
_DEADLINE_WORDS = frozenset({"deadline", "launch", "go-live", "cutover", "due", "go"})


@dataclass(frozen=True, slots=True)
class MessageText:
    """What feature extraction reads of one message."""

    message_id: str
    text: str
    raw_text: str | None
    at: datetime
    has_mentions: bool


@dataclass(frozen=True, slots=True)
class MessageFeatures:
    words: int
    flags: int
    vocab: tuple[tuple[str, int], ...]
    asks: tuple[Ask, ...]
    dates: tuple[str, ...]
    excerpt: str

    def has(self, flag: int) -> bool:
        return bool(self.flags & flag)


@cache
def vocabulary() -> dict[str, Any]:
    """`data/vocabulary.yaml` (term classes, title keywords, labels, channels, role synonyms)."""
    text = resources.files("chiefops.intel").joinpath("data/vocabulary.yaml").read_text(encoding="utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


@cache
def _term_table() -> dict[str, str]:
    """Term (as space-joined tokens) → its class."""
    classes: dict[str, Any] = vocabulary()["term_classes"]
    return {
        " ".join(Scan.of(str(term)).tokens): name for name, spec in classes.items() for term in spec["terms"]
    }


def vocab_counts(text: str) -> tuple[tuple[str, int], ...]:
    """Term-class counts of a text (04 §1.2 vocabulary), sorted by class."""
    return vocab_counts_of(Scan.of(text))


@cache
def _first_tokens() -> frozenset[str]:
    """The first token of every vocabulary term (only runs starting with one can match)."""
    return frozenset(term.split(" ", 1)[0] for term in _term_table())


def vocab_counts_of(scan: Scan) -> tuple[tuple[str, int], ...]:
    """Term-class counts over 1- to 3-word runs of the text's tokens."""
    tokens = scan.tokens
    firsts = _first_tokens()
    if firsts.isdisjoint(tokens):
        return ()
    owner = _term_table()
    counts: dict[str, int] = {}
    for start, token in enumerate(tokens):
        if token not in firsts:
            continue
        for size in (1, 2, 3):
            if start + size > len(tokens):
                break
            term = token if size == 1 else " ".join(tokens[start : start + size])
            found = owner.get(term)
            if found is not None:
                counts[found] = counts.get(found, 0) + 1
    return tuple(sorted(counts.items()))


def extract_many(messages: Iterable[MessageText]) -> dict[str, MessageFeatures]:
    """`extract_features` of each message by id; a text seen before (same text, markup and mention
    flag) reuses its features unless they hold dates, which depend on when the message was said."""
    seen: dict[tuple[str, str | None, bool], MessageFeatures] = {}
    found: dict[str, MessageFeatures] = {}
    for message in messages:
        key = (message.text, message.raw_text, message.has_mentions)
        features = seen.get(key)
        if features is None:
            features = extract_features(message)
            if not features.dates:
                seen[key] = features
        found[message.message_id] = features
    return found


def extract_features(message: MessageText) -> MessageFeatures:
    """Every text signal of one message."""
    text = plain_text(message.raw_text) if message.raw_text else message.text
    scan = Scan.of(text)
    flags = QUESTION if is_question(text, has_mention=message.has_mentions) else 0
    for flag, test in _FLAG_TESTS:
        if test(scan):
            flags |= flag
    asks = tuple(find_asks(text, lowered=scan.lowered))
    dates = (
        tuple(d.isoformat() for d in deadline_dates(text, said_at=message.at))
        if scan.any_word(_DEADLINE_WORDS) or "ship by" in scan.lowered
        else ()
    )
    keep = bool(flags & EXCERPT_FLAGS or asks or dates)
    return MessageFeatures(
        words=len(text.split()),
        flags=flags,
        vocab=vocab_counts_of(scan),
        asks=asks,
        dates=dates,
        excerpt=" ".join(message.text.split())[:200] if keep else "",
    )


def batch_digest(batch: str, *, total: int, count: int) -> str:
    """Digest of a batch: its id, its message count and the sum (mod 2**64) of its messages' record
    hashes (natural key + content hash), so it is the same in whatever order the messages are read."""
    return hashlib.sha256(f"{FEATURES_VERSION}|{batch}|{count}|{total}".encode()).hexdigest()[:32]


class FeatureCache:
    """`<data dir>/intel/features/<digest>.json`: message_id → features, one file per batch digest.

    The file is one JSON object written one entry per line, so it is written and read line by line:
    a batch of a million messages never sits in memory twice, and equal features read back as one
    shared value."""

    def __init__(self, root: Path | None) -> None:
        self._root = root

    def path(self, digest: str) -> Path | None:
        return self._root / f"{digest}.json" if self._root else None

    def load(self, digest: str) -> dict[str, MessageFeatures] | None:
        path = self.path(digest)
        if path is None or not path.exists():
            return None
        shared: dict[bytes, MessageFeatures] = {}
        found: dict[str, MessageFeatures] = {}
        with path.open("rb") as handle:
            for line in handle:
                entry = line.rstrip(b"\n").rstrip(b",")
                if entry in (b"{", b"}", b"{}"):
                    continue
                cut = entry.index(b'":')
                encoded = entry[cut + 2 :]
                features = shared.get(encoded)
                if features is None:
                    features = shared[encoded] = _decode(orjson.loads(encoded))
                found[orjson.loads(entry[: cut + 1])] = features
        return found

    def save(self, digest: str, features: Mapping[str, MessageFeatures]) -> None:
        path = self.path(digest)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            handle.write(b"{\n")
            ids = sorted(features)
            for n, mid in enumerate(ids):
                end = b"\n" if n == len(ids) - 1 else b",\n"
                handle.write(orjson.dumps(mid) + b":" + orjson.dumps(_encode(features[mid])) + end)
            handle.write(b"}\n")
        tmp.replace(path)

    def prune(self, keep: Sequence[str]) -> int:
        """Delete cache files of batches that no longer exist; returns how many were removed."""
        if self._root is None or not self._root.exists():
            return 0
        wanted = {f"{d}.json" for d in keep}
        stale = [p for p in self._root.glob("*.json") if p.name not in wanted]
        for path in stale:
            path.unlink()
        return len(stale)


def _encode(f: MessageFeatures) -> list[Any]:
    asks = [[a.pattern, a.base, a.target_kind, a.target, a.verb, a.obj] for a in f.asks]
    return [f.words, f.flags, [list(v) for v in f.vocab], asks, list(f.dates), f.excerpt]


def _decode(row: list[Any]) -> MessageFeatures:
    words, flags, vocab, asks, dates, text = row
    return MessageFeatures(
        words=int(words),
        flags=int(flags),
        vocab=tuple((str(k), int(v)) for k, v in vocab),
        asks=tuple(Ask(str(p), float(b), str(k), str(t), str(v), str(o)) for p, b, k, t, v, o in asks),
        dates=tuple(str(d) for d in dates),
        excerpt=str(text),
    )
