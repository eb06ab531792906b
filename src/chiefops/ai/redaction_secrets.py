"""Secret detectors (spec 03 §9.1 `SECRET`): API keys by shape, credential values after a cue word,
PEM private keys, and the credential parts of URLs.

Only the value is replaced: `password: Tr0ub4dor&3x` keeps `password: `; a URL keeps its scheme,
user name, host and path (`postgres://admin:[SECRET_1]@db…`). Inside URLs only the userinfo, the
credential query values and key-shaped tokens count — the cue-word rule does not apply there.
Each detector first finds its literal prefixes (fast on 64 kB), then checks the full shape there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from chiefops.ai.redaction_detectors import SECRET, Found
from chiefops.ai.redaction_guards import Guard

_PREFIXES = re.compile(
    "sk-|AKIA|ASIA|AIza|ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|xoxa-|xoxb-|xoxp-|xoxr-|sk_live_|rk_live_|eyJ"
)
_SHAPED = re.compile(
    r"(?<![\w\-])(?:"
    r"(?P<sk>sk-(?:proj-|ant-)?)[A-Za-z0-9_\-]{20,}"
    r"|(?:AKIA|ASIA)[A-Z0-9]{16}"
    r"|AIza[0-9A-Za-z_\-]{35}"
    r"|gh[pousr]_[A-Za-z0-9]{36,255}"
    r"|github_pat_[A-Za-z0-9_]{22,255}"
    r"|xox[abpr]-[A-Za-z0-9\-]{10,}"
    r"|[sr]k_live_[A-Za-z0-9]{16,}"
    r"|eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{8,}"
    r")(?![\w\-])"
)
_PEM_MARK = "PRIVATE KEY-----"
_PEM = re.compile(
    r"-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----"
    r"(?:.{0,20000}?-----END \1PRIVATE KEY-----|[A-Za-z0-9+/=\s]*)",
    re.DOTALL,
)
_CUE_HINTS = re.compile("pass|pwd|secret|key|token")
"""Searched in the lower-cased text; every cue word below contains one of these."""
_CUE = re.compile(
    r"\b(?:password|passwd|pwd|client[_\-]?secret|secret|api[_\-]?key|apikey|access[_\-]?token|"
    r"auth[_\-]?token|token)[\"']?[ \t]*[:=][ \t]*[\"']?"
)
_CUE_BEFORE, _CUE_AFTER = 16, 24
_CUE_VALUE = re.compile(r"[^\s\"'`<>]{8,}")
_VALUE_TRAILING = ".,;:!?)]}"
_USERINFO = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://([^\s/@:?#]+)(?::([^\s/@?#]*))?@")
_QUERY = re.compile(
    r"(?i)[?&](?:key|token|secret|sig|signature|password|access_token|api_key|apikey|auth_token|"
    r"client_secret)=([^&#\s]{3,})"
)
MIN_USERINFO_TOKEN = 8


def _shaped(text: str) -> Iterator[Found]:
    last_end = 0
    for hint in _PREFIXES.finditer(text):
        if hint.start() < last_end:
            continue
        match = _SHAPED.match(text, hint.start())
        if match is None:
            continue
        prefix = match.group("sk")
        if prefix is not None and not any(ch.isdigit() for ch in match.group()[len(prefix) :]):
            continue  # `sk-learn-…`-style words: real keys always carry digits
        last_end = match.end()
        yield Found(match.start(), match.end(), SECRET, match.group())


def _pem(text: str) -> Iterator[Found]:
    for match in _PEM.finditer(text):
        end = match.start() + len(match.group().rstrip())
        yield Found(match.start(), end, SECRET, text[match.start() : end])


def _cue_value(text: str, at: int) -> tuple[int, int] | None:
    """Span of the ≥ 8-character value starting at `at`, without trailing sentence punctuation."""
    value = _CUE_VALUE.match(text, at)
    if value is None:
        return None
    raw = value.group()
    at_word_end = value.end() == len(text) or text[value.end()].isspace()
    trimmed = raw.rstrip(_VALUE_TRAILING) if at_word_end else raw
    return (at, at + len(trimmed)) if len(trimmed) >= 8 else None


def _cued(text: str, low: str, guard: Guard) -> Iterator[Found]:
    """Values after `password:`, `api_key=`, `token:` … (any case), outside URLs."""
    last_end = 0
    for hint in _CUE_HINTS.finditer(low):
        if hint.start() < last_end:
            continue
        cue = _CUE.search(low, max(0, hint.start() - _CUE_BEFORE), hint.end() + _CUE_AFTER)
        if cue is None or cue.end() <= last_end:
            continue
        span = _cue_value(text, cue.end())
        last_end = cue.end()
        if span is not None and not guard.in_url(cue.start(), span[1]):
            last_end = span[1]
            yield Found(span[0], span[1], SECRET, text[span[0] : span[1]])


def _in_urls(text: str, guard: Guard) -> Iterator[Found]:
    """A URL's password (or a token-like user name) and its credential query values."""
    for start, end in guard.urls:
        url = text[start:end]
        info = _USERINFO.match(url)
        if info is not None and info.group(2):
            yield Found(start + info.start(2), start + info.end(2), SECRET, info.group(2))
        elif (
            info is not None
            and len(info.group(1)) >= MIN_USERINFO_TOKEN
            and any(ch.isdigit() for ch in info.group(1))
        ):
            yield Found(start + info.start(1), start + info.end(1), SECRET, info.group(1))
        for query in _QUERY.finditer(url):
            yield Found(start + query.start(1), start + query.end(1), SECRET, query.group(1))


def find_secrets(text: str, low: str, guard: Guard) -> Iterator[Found]:
    """Every secret candidate (`low` is `text` lower-cased, same length); overlaps settle by length."""
    yield from _shaped(text)
    if _PEM_MARK in text:
        yield from _pem(text)
    yield from _cued(text, low, guard)
    yield from _in_urls(text, guard)
