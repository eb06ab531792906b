"""PII detectors for e-mail addresses, phone numbers, payment cards and national ids (spec 03 §9.1).

Each detector yields `Found` candidates with a normalised key (e-mail lower-cased, numbers as
digits) so one value used twice gets one placeholder. Numeric detectors validate what they find
(checksums, ranges) and skip anything touching a protected span (§9.2); the e-mail detector ignores
URLs except `mailto:`. Overlaps between detectors are settled by `redaction.resolve`.

For speed the numeric shapes run only around digit clusters of six or more characters (one pass over
the text finds them), and cue words (`mobile:`, `SSN`, `passport`) are looked for just before them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from chiefops.ai.redaction_checks import (
    aadhaar_ok,
    card_ok,
    digits_of,
    nanp_ok,
    ni_prefix_ok,
    ssn_ok,
)
from chiefops.ai.redaction_guards import Guard, Span

EMAIL, PHONE, CARD, NATIONAL_ID, SECRET = "EMAIL", "PHONE", "CARD", "NATIONAL_ID", "SECRET"
PRIORITY = {SECRET: 0, EMAIL: 1, CARD: 2, NATIONAL_ID: 3, PHONE: 4}
CUSTOM_PRIORITY = 5
"""SECRET > EMAIL > CARD > NATIONAL_ID > PHONE (03 §9.2); custom patterns last."""
CUE_REACH = 24
"""A cue-only value (bare phone, bare SSN, passport) starts at most this many characters after its cue."""


@dataclass(frozen=True)
class Found:
    """A candidate: the span to replace, its type and the key that identifies the value."""

    start: int
    end: int
    kind: str
    key: str

    @property
    def priority(self) -> int:
        return PRIORITY.get(self.kind, CUSTOM_PRIORITY)


# --- e-mail ----------------------------------------------------------------------------------------

_LOCAL = re.compile(r"[A-Za-z0-9._%+\-]{1,64}\Z")
_DOMAIN = re.compile(
    r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*"
    r"\.([A-Za-z]{2,24})(?![A-Za-z0-9\-]|\.[A-Za-z0-9])"
)
_ASSET_DOMAIN = re.compile(r"\d+(?:\.\d+)?x\.", re.IGNORECASE)
_FILE_EXTENSIONS = frozenset(
    [
        "png",
        "jpg",
        "jpeg",
        "gif",
        "svg",
        "webp",
        "bmp",
        "ico",
        "tif",
        "tiff",
        "heic",
        "pdf",
        "docx",
        "xlsx",
        "pptx",
        "csv",
        "txt",
        "zip",
        "json",
        "html",
        "css",
        "js",
    ]
)


def find_emails(text: str, guard: Guard) -> Iterator[Found]:
    """`local@domain.tld` (alphabetic TLD of 2–24 chars), also inside `mailto:`; never an asset name."""
    at = text.find("@")
    while at != -1:
        local = _LOCAL.search(text, max(0, at - 64), at)
        domain = _DOMAIN.match(text, at + 1)
        if local is not None and domain is not None:
            start = local.start() + len(local.group()) - len(local.group().lstrip("."))
            end = domain.end()
            is_asset = _ASSET_DOMAIN.match(domain.group()) or domain.group(1).lower() in _FILE_EXTENSIONS
            if start < at and not is_asset and not guard.in_url(start, end):
                yield Found(start, end, EMAIL, text[start:end].lower())
        at = text.find("@", at + 1)


# --- numbers: shapes ---------------------------------------------------------------------------------

_CLUSTER = re.compile(r"\d(?:\d{3}-\d\d-\d\d(?:[T ]\d\d(?::\d\d)*)?(?!\d)|(?P<cluster>[\d \-.()/]{5,}))")
"""Digit clusters of six or more characters; ISO dates and date-times (the commonest clusters in a
prompt, and never PII) are consumed without forming one. Starts with a digit so the scan skips letters fast."""
_SHAPES = re.compile(
    r"(?P<card>(?<!\w)(?<!\d[ \-])"
    r"(?:\d{4}(?P<cs>[ \-])\d{4}(?P=cs)\d{4}(?P=cs)\d{1,4}(?:(?P=cs)\d{1,3})?"
    r"|\d{4}(?P<xs>[ \-])\d{6}(?P=xs)\d{4,5}|\d{13,19})(?!\w|[ \-]\d))"
    r"|(?P<aadhaar>(?<!\w)(?<!\d[ \-])[2-9]\d{3}(?P<hs>[ \-])\d{4}(?P=hs)\d{4}(?!\w|[ \-]\d))"
    r"|(?P<ssn>(?<!\w)(?<!\d[ \-])\d{3}(?P<ss>[ \-])\d{2}(?P=ss)\d{4}(?!\w|[ \-]\d))"
    r"|(?P<nanp>(?<![\w+\-.])(?:1[ .\-])?"
    r"(?:\(\d{3}\)[ .\-]?\d{3}[ .\-]\d{4}|\d{3}(?P<ns>[.\-])\d{3}(?P=ns)\d{4})(?![\w\-]|\.\d))"
    r"|(?P<intl>(?<![\w+])\+\d{1,3}(?:[ .\-]?\(?\d{1,5}\)?){1,6})"
    r"|(?P<ni>\b(?P<nip>[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b)"
)
_SHAPE_BEFORE, _SHAPE_AFTER = 4, 4
_GROUP = re.compile(r"\d+")


_SEPARATORS = re.compile(r"[ \-.()/]+")
_GROUP_RUNS = frozenset({(4, 4, 4), (4, 6, 4), (4, 6, 5), (3, 2, 4), (3, 3, 4)})


def _plausible(text: str, start: int, end: int) -> bool:
    """Whether a digit cluster could hold a card, national id or phone shape (a cheap pre-check).

    Shapes: a run of ≥ 13 digits; groups 4-4-4 (card, Aadhaar), 4-6-4/5 (Amex, Diners), 3-2-4 (SSN),
    3-3-4 (North American phone); a `+` before (international phone); letters before six digits in
    one group or three pairs (UK NI number).
    """
    if start > 0 and text[start - 1] == "+":
        return True
    groups = tuple(len(g) for g in _SEPARATORS.split(text[start:end]) if g)
    if max(groups) >= 13:
        return True
    if any(groups[i : i + 3] in _GROUP_RUNS for i in range(len(groups) - 2)):
        return True
    lettered = text[max(0, start - 2) : start].strip()[-1:].isupper()
    return lettered and (groups[0] == 6 or groups[:3] == (2, 2, 2))


def _windows(text: str, clusters: list[Span]) -> list[Span]:
    """Merged windows around the plausible digit clusters, wide enough for a `+`, `(` or NI letters."""
    windows: list[Span] = []
    for start, end in clusters:
        if not _plausible(text, start, end):
            continue
        low, high = max(0, start - _SHAPE_BEFORE), min(len(text), end + _SHAPE_AFTER)
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], high)
        else:
            windows.append((low, high))
    return windows


def _intl_end(text: str, match: re.Match[str]) -> int | None:
    """End of the valid part of a `+CC` number: 9–15 digits (E.164); `+1` exactly eleven, NANP-valid."""
    if match.end() < len(text) and text[match.end()].isdigit():
        return None
    count, best = 0, None
    for group in _GROUP.finditer(match.group()):
        count += len(group.group())
        end = match.start() + group.end()
        if match.group()[1] == "1":
            if count == 11:
                return end if nanp_ok(digits_of(text[match.start() : end])) else None
        elif 9 <= count <= 15:
            best = end
    return best


def _shape(text: str, match: re.Match[str]) -> Found | None:
    """The candidate a shape match stands for, when its checksum or range rule passes."""
    kind, span = match.lastgroup, match.group()
    digits = digits_of(span)
    if kind == "card" and card_ok(digits):
        return Found(match.start(), match.end(), CARD, digits)
    if (kind == "aadhaar" and aadhaar_ok(digits)) or (kind == "ssn" and ssn_ok(digits)):
        return Found(match.start(), match.end(), NATIONAL_ID, digits)
    if kind == "nanp" and nanp_ok(digits):
        return Found(match.start(), match.end(), PHONE, digits)
    if kind == "ni" and ni_prefix_ok(match.group("nip")):
        return Found(match.start(), match.end(), NATIONAL_ID, span.replace(" ", ""))
    if kind == "intl":
        end = _intl_end(text, match)
        if end is not None:
            return Found(match.start(), end, PHONE, digits_of(text[match.start() : end]))
    return None


# --- numbers: cue-only values ------------------------------------------------------------------------

_CUES = re.compile(
    r"(?P<phone>\b(?:tele)?phone|\btel\b|\bmobile|\bcell(?:phone)?\b|\bcall(?:ed|ing)?\b|whatsapp)"
    r"|(?P<ssn>\bssn\b|\bsocial security(?: number| no\.?)?)"
    r"|(?P<passport>\bpassport\b)"
)
_CUE_HINTS = re.compile(
    "telephone|phone|tel|mobile|cellphone|cell|calling|called|call|whatsapp|ssn|social security|passport"
)
_BARE_PHONE = re.compile(r"(?<![\w+\-])(?:\d{10,13}|\d{2,6}(?:[ .\-]\d{2,6}){1,4})(?![\w\-]|\.\d)")
_BARE_SSN = re.compile(r"(?<![\w\-])\d{9}(?![\w\-])")
_PASSPORT = re.compile(r"\b[A-Z]{0,2}\d{6,9}\b")


def find_cues(low: str) -> list[re.Match[str]]:
    """Cue words in text order (`low` is the lower-cased text): literal hints first, then the word rules."""
    return [cue for hint in _CUE_HINTS.finditer(low) if (cue := _CUES.match(low, hint.start())) is not None]


def _cued_clusters(cues: list[re.Match[str]], starts: list[int]) -> dict[int, re.Match[str]]:
    """Cluster start → the last cue ending at most `CUE_REACH` characters before it (cues are few)."""
    paired: dict[int, re.Match[str]] = {}
    for cue in cues:
        i = bisect.bisect_left(starts, cue.end())
        while i < len(starts) and starts[i] - cue.end() <= CUE_REACH:
            paired[starts[i]] = cue
            i += 1
    return paired


def _bare_phone_ok(digits: str) -> bool:
    """10 digits or `1` + 10 → a valid North American number; else 11–13 digits not starting with 1."""
    if len(digits) == 10 or (len(digits) == 11 and digits[0] == "1"):
        return nanp_ok(digits)
    return 11 <= len(digits) <= 13 and digits[0] != "1"


def _cued_value(text: str, cue: re.Match[str], at: int) -> Found | None:
    """The value a cue announces, when the digit cluster at `at` is it and its rule passes."""
    if cue.lastgroup == "phone":
        match = _BARE_PHONE.match(text, at)
        digits = digits_of(match.group()) if match else ""
        return Found(match.start(), match.end(), PHONE, digits) if match and _bare_phone_ok(digits) else None
    if cue.lastgroup == "ssn":
        match = _BARE_SSN.match(text, at)
        return (
            Found(match.start(), match.end(), NATIONAL_ID, match.group())
            if match and ssn_ok(match.group())
            else None
        )
    match = _PASSPORT.search(text, max(cue.end(), at - 2), at + 12)
    return Found(match.start(), match.end(), NATIONAL_ID, match.group()) if match else None


def _cue_candidate(text: str, cue: re.Match[str], at: int) -> Found | None:
    """A cue-only value at the digit cluster starting at `at`, when its cue word comes just before it."""
    if not (
        _BARE_PHONE.match(text, at) or _BARE_SSN.match(text, at) or _PASSPORT.search(text, at - 2, at + 12)
    ):
        return None
    return _cued_value(text, cue, at)


def find_numbers(text: str, low: str, guard: Guard) -> list[Found]:
    """Cards, national ids and phone numbers (`low` is `text` lower-cased, same length)."""
    clusters = [m.span() for m in _CLUSTER.finditer(text) if m.group("cluster") is not None]
    found: list[Found] = []
    cued: list[bool] = []
    for start, end in _windows(text, clusters):
        for match in _SHAPES.finditer(text, start, end):
            shape = _shape(text, match)
            if shape is not None:
                found.append(shape)
                cued.append(False)
    for start, cue in _cued_clusters(find_cues(low), [s for s, _ in clusters]).items():
        value = _cue_candidate(text, cue, start)
        if value is not None:
            found.append(value)
            cued.append(value.kind == PHONE)
    return guard.free(found, cued=cued) if found else []
