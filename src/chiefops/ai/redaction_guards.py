"""False-positive guards for PII redaction (spec 03 §9.2): spans no numeric detector may touch.

Protected: Slack timestamps, ids and mentions, Jira keys, dates, times, week ids, epoch numbers,
UUIDs, hex hashes and colours, versions, IPv4 addresses, build, order and issue numbers, money,
percentages and counts. URLs are protected as a whole from the numeric detectors and from e-mail
(a URL's `user@host` is not an address; `mailto:` is not a URL here), while the secret detectors
still read a URL's userinfo and credential query values. An epoch-looking number after a phone cue
stays open to the phone detector.

The guard patterns are the ones listed; `Guard.free` evaluates them on the text around the candidates
it is given (the candidates are few, the text may be 64 kB), which gives the same answer as
scanning the whole text first, since no guard that can overlap a candidate is longer than that reach.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol, TypeVar

Span = tuple[int, int]


class _Located(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


T = TypeVar("T", bound=_Located)

_SCHEME_TAIL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]{0,15}\Z")
_URL_BODY = re.compile(r"[^\s<>\"'|`]+")
_URL_TRAILING = ".,;:!?'\""
_WORD_BEFORE_WWW = re.compile(r"[\w.]")

_UNITS = [
    "token",
    "user",
    "message",
    "row",
    "file",
    "people",
    "ticket",
    "issue",
    "hour",
    "day",
    "week",
    "month",
    "year",
    "minute",
    "second",
    "ms",
    "kb",
    "mb",
    "gb",
    "tb",
    "px",
    "pt",
    "point",
    "item",
    "record",
]
_GUARDS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    # (pattern, literals of which one must occur in the lower-cased window for the pattern to be tried)
    # Slack: mentions and links in angle brackets, @here, user/channel ids, message timestamps.
    (re.compile(r"<[@#!][^<>\s]{1,120}>|(?<![\w@])@(?:here|channel|everyone)\b"), ("<", "@")),
    (re.compile(r"\b[UCWGDTB][0-9](?=[A-Z0-9]*[A-Z])[A-Z0-9]{6,11}\b"), ()),
    (re.compile(r"\b\d{10}\.\d{6}\b"), (".",)),
    # Jira keys.
    (re.compile(r"\b[A-Z][A-Z0-9]{1,9}-\d{1,7}\b"), ("-",)),
    # Dates, date-times, times, ISO weeks.
    (
        re.compile(
            r"\b\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
            r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
        ),
        ("-",),
    ),
    (re.compile(r"\b\d{4}/(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])\b"), ("/",)),
    (re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})\b"), ("/", ".")),
    (re.compile(r"\b(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?\b"), (":",)),
    (re.compile(r"\b\d{4}-W(?:0[1-9]|[1-4]\d|5[0-3])(?:-[1-7])?\b"), ("-w",)),
    # UUIDs, hex hashes (7–64 lower-case hex chars with a letter and a digit; upper-case from 32, so
    # ids like `CE123456D` stay open to the detectors), hex colours and #refs.
    (re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"), ("-",)),
    (
        re.compile(
            r"\b(?=[0-9a-f]{0,63}[a-f])(?=[0-9a-f]{0,63}\d)[0-9a-f]{7,64}\b"
            r"|\b(?=[0-9A-F]{0,63}[A-F])(?=[0-9A-F]{0,63}\d)[0-9A-F]{32,64}\b"
        ),
        (),
    ),
    (re.compile(r"(?<![\w&])#(?:[0-9a-fA-F]{3,8}|\d+)\b"), ("#",)),
    # Versions, IPv4 addresses, build numbers.
    (
        re.compile(r"\b[vV]\d+(?:\.\d+){1,3}(?:[-+][0-9A-Za-z.]+)?\b|\b\d{1,2}\.\d{1,3}\.\d{1,3}\b"),
        (".",),
    ),
    (re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b"), (".",)),
    (re.compile(r"(?i)\bbuild\s*(?:no\.?|number|#)?\s*[:#]?\s*\d[\d.\-]*"), ("build",)),
    # Order, invoice and ticket numbers (not a grouped digit run, which may be a card).
    (
        re.compile(
            r"(?i)\b(?:order|invoice|po|ticket|tracking|receipt|confirmation|booking)\s*(?:no\.?|number|#|id)?"
            r"\s*[:#]?\s*(?=[A-Z0-9-]{0,30}\d)[A-Z0-9][A-Z0-9-]{3,30}(?![A-Z0-9-]| \d)"
        ),
        ("order", "invoice", "po", "ticket", "tracking", "receipt", "confirmation", "booking"),
    ),
    # Money, percentages, grouped counts and counts with a unit.
    (
        re.compile(
            r"[$€£¥₹]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:[kKmMbB]n?|million|billion|thousand)\b)?"
            r"|\b\d[\d,]*(?:\.\d+)?\s?(?:USD|EUR|GBP|INR|JPY|dollars|euros|pounds|rupees)\b"
        ),
        ("$", "€", "£", "¥", "₹", "usd", "eur", "gbp", "inr", "jpy", "dollar", "pound", "rupee"),
    ),
    (re.compile(r"\b\d+(?:[.,]\d+)?\s?%"), ("%",)),
    (re.compile(r"\b\d{1,3}(?:,\d{3})+(?:\.\d+)?\b"), (",",)),
    (
        re.compile(
            r"(?i)\b\d+(?:\.\d+)?\s?(?:tokens?|users?|messages?|rows?|files?|people|tickets?|issues?|hours?|"
            r"days?|weeks?|months?|years?|minutes?|seconds?|ms|kb|mb|gb|tb|px|pt|points?|items?|records?)\b"
        ),
        tuple(_UNITS),
    ),
)
_EPOCH = re.compile(r"\b1\d{9}(?:\d{3})?\b")
REACH_BEFORE = 40
"""Characters before a candidate within which a guard touching it must start. Numeric candidates never
sit inside a word, so word-like guards (hashes, ids, mentions) cannot reach further into them; the
longest guards that can (an order number after its cue word, a date-time) fit in this reach."""
REACH_AFTER = 24


def _overlaps(spans: Sequence[Span], start: int, end: int) -> bool:
    """True when [start, end) overlaps one of the sorted, disjoint `spans`."""
    i = bisect.bisect_left(spans, (end,))
    return i > 0 and spans[i - 1][1] > start


def _merge(spans: Iterable[Span]) -> list[Span]:
    """Sorted, disjoint spans covering the same characters."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _trim_url(url: str) -> str:
    url = url.rstrip(_URL_TRAILING)
    for close, open_ in ((")", "("), ("]", "[")):
        while url.endswith(close) and url.count(close) > url.count(open_):
            url = url[:-1].rstrip(_URL_TRAILING)
    return url


def _url_starts(text: str) -> Iterator[tuple[int, int]]:
    """(url start, body start) for each `scheme://` and each `www.` not inside a word, in text order."""
    marks: list[tuple[int, int]] = []
    at = text.find("://")
    while at != -1:
        scheme = _SCHEME_TAIL.search(text, max(0, at - 16), at)
        if scheme is not None:
            marks.append((scheme.start(), at + 3))
        at = text.find("://", at + 3)
    at = text.find("www.")
    while at != -1:
        if at == 0 or not _WORD_BEFORE_WWW.match(text, at - 1):
            marks.append((at, at))
        at = text.find("www.", at + 4)
    return iter(sorted(marks))


def find_urls(text: str) -> Iterator[Span]:
    """Spans of URLs with a scheme (`https://`, `postgres://`, …) or starting with `www.`."""
    last_end = 0
    for start, body_at in _url_starts(text):
        if start < last_end:
            continue
        body = _URL_BODY.match(text, body_at)
        if body is None:
            continue
        end = body_at + len(_trim_url(body.group()))
        if end > body_at:
            last_end = end
            yield (start, end)


class Guard:
    """Answers "does this span touch a protected span?" for one text (03 §9.2)."""

    def __init__(self, text: str, *, low: str) -> None:
        """`low` is `text` lower-cased with the same length (used to skip guards that cannot match)."""
        self._text = text
        self._low = low
        self.urls: tuple[Span, ...] = tuple(find_urls(text))

    def in_url(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps a URL."""
        return _overlaps(self.urls, start, end)

    def free(self, found: Sequence[T], *, cued: Sequence[bool]) -> list[T]:
        """The candidates touching no protected span; a `cued` one (phone cue before it) may be an epoch.

        Guard spans are computed once over the merged windows around the candidates.
        """
        windows = _merge(
            (max(0, f.start - REACH_BEFORE), min(len(self._text), f.end + REACH_AFTER)) for f in found
        )
        guarded: list[Span] = list(self.urls)
        epochs: list[Span] = []
        for low, high in windows:
            window = self._low[low:high]
            for pattern, needs in _GUARDS:
                if not needs or any(n in window for n in needs):
                    guarded.extend(m.span() for m in pattern.finditer(self._text, low, high))
            epochs.extend(m.span() for m in _EPOCH.finditer(self._text, low, high))
        spans, epoch_spans = _merge(guarded), _merge(epochs)
        return [
            f
            for f, is_cued in zip(found, cued, strict=True)
            if not _overlaps(spans, f.start, f.end)
            and (is_cued or not _overlaps(epoch_spans, f.start, f.end))
        ]
