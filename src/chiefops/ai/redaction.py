"""PII redaction with reversible placeholders, and re-hydration of the reply (spec 03 §9).

`redact(text, session=…)` replaces e-mail addresses, phone numbers, payment cards, national ids,
secrets and custom patterns by `[TYPE_n]` placeholders. A `PlaceholderSession` lives for one request:
each distinct value (e-mail lower-cased, numbers as digits) gets one placeholder, numbered per type,
and the same value always gets the same one. The reply is re-hydrated locally — whole (`rehydrate`),
streamed (`StreamRehydrator`, which holds back a trailing partial `[` of ≤ 24 characters), or as a
validated JSON result field by field (`rehydrate_json`). A placeholder the model invented stays as
written and is reported through the session's warnings. Text already shaped like a placeholder is
rewritten to `(EMAIL_1)` first, so only our own placeholders are ever restored.
"""

from __future__ import annotations

import bisect
import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar, cast

from pydantic import BaseModel

from chiefops.ai.redaction_detectors import Found, find_emails, find_numbers
from chiefops.ai.redaction_guards import Guard
from chiefops.ai.redaction_secrets import find_secrets
from chiefops.errors import ValidationFailed
from chiefops.knowledge.optout import check_regex_speed
from chiefops.models import RedactionMode
from chiefops.models.privacy import MAX_REGEX_CHARS

T = TypeVar("T")

PLACEHOLDER = re.compile(r"\[((?:EMAIL|PHONE|CARD|NATIONAL_ID|SECRET|CUSTOM_[A-Z][A-Z0-9]{0,7})_\d{1,6})\]")
HOLD_BACK_CHARS = 24
"""A streamed `[` this close to the end may open a placeholder; it waits for the next delta."""
_PARTIAL = re.compile(r"\[(?:[A-Z][A-Z0-9_]*)?\Z")
_LABEL = re.compile(r"[A-Z][A-Z0-9]{0,7}")


class PlaceholderSession:
    """The placeholder map of one request: value ↔ `[TYPE_n]`, redaction counts, invented placeholders."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str], str] = {}
        self._values: dict[str, str] = {}
        self._numbers: dict[str, int] = {}
        self._counts: dict[str, int] = {}
        self._invented: list[str] = []

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, str]) -> PlaceholderSession:
        """A session that restores a stored map (the audit record's `placeholder_map`)."""
        session = cls()
        session._values.update(mapping)
        return session

    def placeholder(self, kind: str, *, key: str, original: str) -> str:
        """The placeholder for a value (a new one on first sight); counts the occurrence."""
        self._counts[kind] = self._counts.get(kind, 0) + 1
        found = self._by_key.get((kind, key))
        if found is not None:
            return found
        number = self._numbers.get(kind, 0) + 1
        self._numbers[kind] = number
        placeholder = f"[{kind}_{number}]"
        self._by_key[(kind, key)] = placeholder
        self._values[placeholder] = original
        return placeholder

    def value_of(self, placeholder: str) -> str | None:
        return self._values.get(placeholder)

    def note_invented(self, placeholder: str) -> None:
        if placeholder not in self._invented:
            self._invented.append(placeholder)

    @property
    def mapping(self) -> dict[str, str]:
        """Placeholder → original value (kept locally, in the audit record; never sent)."""
        return dict(self._values)

    @property
    def redactions(self) -> dict[str, int]:
        """Occurrences replaced per type over the whole request, e.g. `{"EMAIL": 2, "PHONE": 1}`."""
        return dict(self._counts)

    @property
    def invented(self) -> list[str]:
        """Placeholders the model wrote that were never in the prompt, in order of first sight."""
        return list(self._invented)

    @property
    def warnings(self) -> list[str]:
        return [
            f"The model wrote the placeholder {p}, which was not in the prompt; it was left as written."
            for p in self._invented
        ]


@dataclass(frozen=True)
class CustomPattern:
    """A redaction pattern from the privacy settings; matches become `[CUSTOM_<LABEL>_n]`."""

    label: str
    regex: re.Pattern[str]

    @property
    def kind(self) -> str:
        return f"CUSTOM_{self.label}"


@dataclass(frozen=True)
class Redacted:
    """Redacted text and what was replaced in it, by type."""

    text: str
    counts: Mapping[str, int]


@dataclass(frozen=True)
class SourcedText:
    """One piece of prompt material with its provenance (`chunk:<chunk_id>`, `message:<id>`, `question`)."""

    provenance: str
    text: str


@dataclass(frozen=True)
class RedactedSource:
    provenance: str
    text: str
    counts: Mapping[str, int]


def compile_custom_pattern(label: str, pattern: str) -> CustomPattern:
    """Validate a custom pattern (03 §9.1 / §8: ≤ 200 chars, compiles, fast on a 100 kB probe).

    Raises `ValidationFailed` (422) naming the label and what to change.
    """
    name = label.strip().upper()
    if not _LABEL.fullmatch(name):
        raise ValidationFailed(
            f"Redaction pattern label {label!r} must be 1–8 letters or digits starting with a letter "
            "(it becomes [CUSTOM_<LABEL>_n], short enough to be restored in a streamed reply).",
            details={"field": "label", "value": label},
        )
    if len(pattern) > MAX_REGEX_CHARS:
        raise ValidationFailed(
            f"Redaction pattern {name} is {len(pattern)} characters; the limit is {MAX_REGEX_CHARS}.",
            details={"field": "pattern", "limit_chars": MAX_REGEX_CHARS},
        )
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise ValidationFailed(
            f"Redaction pattern {name} does not compile: {exc}. Fix the regular expression.",
            details={"field": "pattern", "value": pattern},
        ) from None
    try:
        check_regex_speed(pattern)
    except ValidationFailed as exc:
        raise ValidationFailed(
            f"Redaction pattern {name} is too slow to run on every prompt: {exc.message}",
            details={"field": "pattern", **exc.details},
        ) from exc
    return CustomPattern(label=name, regex=compiled)


def neutralize_placeholders(text: str) -> str:
    """Rewrite input already shaped like a placeholder, `[EMAIL_1]` → `(EMAIL_1)`."""
    return PLACEHOLDER.sub(r"(\1)", text) if "[" in text else text


def _custom(text: str, patterns: Sequence[CustomPattern]) -> Iterable[Found]:
    for pattern in patterns:
        for match in pattern.regex.finditer(text):
            if match.end() > match.start():
                yield Found(match.start(), match.end(), pattern.kind, match.group())


def detect(text: str, *, custom: Sequence[CustomPattern] = ()) -> list[Found]:
    """The spans `redact` replaces, in text order, after priority and overlap rules (03 §9.2)."""
    low = _lower(text)
    guard = Guard(text, low=low)
    found = [
        *find_secrets(text, low, guard),
        *find_emails(text, guard),
        *find_numbers(text, low, guard),
        *_custom(text, custom),
    ]
    return resolve(found)


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _lower(text: str) -> str:
    """`text` lower-cased with every index kept (a few non-ASCII letters change length under `lower`)."""
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_ASCII_LOWER)


def resolve(found: Iterable[Found]) -> list[Found]:
    """Keep non-overlapping candidates: higher priority first, then the longer match, then the earlier."""
    starts: list[int] = []
    kept: list[Found] = []
    for item in sorted(found, key=lambda f: (f.priority, f.start - f.end, f.start)):
        i = bisect.bisect_left(starts, item.start)
        if i > 0 and kept[i - 1].end > item.start:
            continue
        if i < len(kept) and kept[i].start < item.end:
            continue
        starts.insert(i, item.start)
        kept.insert(i, item)
    return kept


def redact(text: str, *, session: PlaceholderSession, custom: Sequence[CustomPattern] = ()) -> Redacted:
    """`text` with every detected value replaced by its session placeholder."""
    text = neutralize_placeholders(text)
    pieces: list[str] = []
    counts: dict[str, int] = {}
    at = 0
    for item in detect(text, custom=custom):
        original = text[item.start : item.end]
        pieces.append(text[at : item.start])
        pieces.append(session.placeholder(item.kind, key=item.key, original=original))
        counts[item.kind] = counts.get(item.kind, 0) + 1
        at = item.end
    pieces.append(text[at:])
    return Redacted(text="".join(pieces), counts=counts)


def redact_sources(
    parts: Sequence[SourcedText], *, session: PlaceholderSession, custom: Sequence[CustomPattern] = ()
) -> list[RedactedSource]:
    """Redact provenance-tagged prompt material with one session; counts stay per piece (audit `chunks`)."""
    results = []
    for part in parts:
        done = redact(part.text, session=session, custom=custom)
        results.append(RedactedSource(provenance=part.provenance, text=done.text, counts=done.counts))
    return results


def rehydrate(text: str, session: PlaceholderSession) -> str:
    """Restore the session's placeholders; unknown ones stay and are noted on the session."""
    if "[" not in text:
        return text

    def restore(match: re.Match[str]) -> str:
        value = session.value_of(match.group())
        if value is None:
            session.note_invented(match.group())
            return match.group()
        return value

    return PLACEHOLDER.sub(restore, text)


class StreamRehydrator:
    """Re-hydrates a streamed reply delta by delta; a trailing partial placeholder waits for the next one."""

    def __init__(self, session: PlaceholderSession) -> None:
        self._session = session
        self._held = ""

    def feed(self, delta: str) -> str:
        """The text that can be shown now (possibly empty)."""
        text = self._held + delta
        cut = _hold_point(text)
        self._held = text[cut:]
        return rehydrate(text[:cut], self._session)

    def flush(self) -> str:
        """Whatever is still held, at the end of the stream."""
        text, self._held = self._held, ""
        return rehydrate(text, self._session)


def _hold_point(text: str) -> int:
    start = text.rfind("[", max(0, len(text) - HOLD_BACK_CHARS))
    if start != -1 and _PARTIAL.match(text, start):
        return start
    return len(text)


def rehydrate_json(value: T, session: PlaceholderSession) -> T:
    """A validated result with every string field re-hydrated (models, lists, dicts; keys untouched)."""
    if isinstance(value, str):
        return cast(T, rehydrate(value, session))
    if isinstance(value, BaseModel):
        updates = {name: rehydrate_json(getattr(value, name), session) for name in type(value).model_fields}
        return cast(T, value.model_copy(update=updates))
    if isinstance(value, list):
        return cast(T, [rehydrate_json(item, session) for item in value])
    if isinstance(value, tuple):
        return cast(T, tuple(rehydrate_json(item, session) for item in value))
    if isinstance(value, dict):
        return cast(T, {key: rehydrate_json(item, session) for key, item in value.items()})
    return value


def redaction_mode(*, remote: bool, enabled: bool) -> RedactionMode:
    """`not_needed` for the local provider, else `on` or `disabled` per `CHIEFOPS_PII_REDACTION`."""
    if not remote:
        return RedactionMode.NOT_NEEDED
    return RedactionMode.ON if enabled else RedactionMode.DISABLED
