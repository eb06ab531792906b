"""Opt-out tags: the one matcher and the `opt_out_tags` store (spec 03 §8, 02 §10).

Ingestion sets `opt_out` on the records a tag matches; the knowledge index, the query path and the
prompt assembler drop them through this same matcher. Analytics still count tagged records.

Semantics:
- `channel` tag: a channel name with or without `#`, a channel id, or a glob (`hr-*`); any case.
- `file` tag: an exact file name, a `document_id`, or a glob over the relative path
  (`salary-*.xlsx`, `HR/**`); a glob is tried against the name and against every trailing part of
  the path, so `HR/**` matches `Company/HR/pay.xlsx`. Any case.
- `pattern` tag: a keyword matched as a whole word in any case, or with `regex` a regular expression
  of at most 200 characters that compiles and scans a 100 kB probe within 50 ms.
"""

from __future__ import annotations

import asyncio
import fnmatch
import re
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from chiefops.errors import NotFound, ValidationFailed
from chiefops.models import OptOutKind, OptOutOptions, OptOutTag, Page
from chiefops.models.page import MAX_PAGE_LIMIT
from chiefops.models.privacy import MAX_REGEX_CHARS
from chiefops.store import Store

COLLECTION = "opt_out_tags"
PROBE_CHARS = 100_000
PROBE_BUDGET_S = 0.050
PROBE_KILL_AFTER_S = 2.0
_GLOB_CHARS = frozenset("*?[")

# The probe mixes prose with long runs of one character and of word characters, the inputs on which
# backtracking patterns blow up. It runs in a separate interpreter so a runaway pattern can be killed.
_PROBE_SCRIPT = f"""
import re, sys, time
pattern = sys.stdin.read()
unit = "The quarterly plan mentions salary bands, hiring and the roadmap. "
probe = (unit * 800 + "a" * 20000 + "1" * 10000 + " x" * 5000)[:{PROBE_CHARS}]
compiled = re.compile(pattern)
start = time.perf_counter()
for _ in compiled.finditer(probe):
    pass
sys.stdout.write(repr(time.perf_counter() - start))
"""


def _is_glob(value: str) -> bool:
    return any(ch in _GLOB_CHARS for ch in value)


def _keyword_regex(keywords: Iterable[str]) -> re.Pattern[str] | None:
    """One alternation matching any keyword as a whole word (word characters do not touch it)."""
    words = sorted({k.strip() for k in keywords if k.strip()}, key=len, reverse=True)
    if not words:
        return None
    body = "|".join(re.escape(word) for word in words)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class OptOutMatcher:
    """Answers "is this channel / file / text opted out?" for a fixed set of tags."""

    channel_names: frozenset[str]
    channel_globs: tuple[str, ...]
    file_names: frozenset[str]
    file_globs: tuple[str, ...]
    keyword_regex: re.Pattern[str] | None
    regexes: tuple[re.Pattern[str], ...]

    @classmethod
    def from_tags(cls, tags: Iterable[OptOutTag]) -> OptOutMatcher:
        """Build the matcher; tags were validated when they were stored."""
        channels: list[str] = []
        files: list[str] = []
        keywords: list[str] = []
        regexes: list[re.Pattern[str]] = []
        for tag in tags:
            if tag.kind is OptOutKind.CHANNEL:
                channels.append(tag.value.strip().lstrip("#").casefold())
            elif tag.kind is OptOutKind.FILE:
                files.append(tag.value.strip().casefold())
            elif tag.regex:
                regexes.append(re.compile(tag.value))
            else:
                keywords.append(tag.value)
        return cls(
            channel_names=frozenset(c for c in channels if not _is_glob(c)),
            channel_globs=tuple(c for c in channels if _is_glob(c)),
            file_names=frozenset(f for f in files if not _is_glob(f)),
            file_globs=tuple(f for f in files if _is_glob(f)),
            keyword_regex=_keyword_regex(keywords),
            regexes=tuple(regexes),
        )

    @property
    def is_empty(self) -> bool:
        return not (
            self.channel_names
            or self.channel_globs
            or self.file_names
            or self.file_globs
            or self.keyword_regex
            or self.regexes
        )

    def matches_channel(self, *values: str | None) -> bool:
        """True when any of the channel's names or ids is tagged."""
        if not (self.channel_names or self.channel_globs):
            return False
        for value in values:
            if not value:
                continue
            key = value.strip().lstrip("#").casefold()
            if key in self.channel_names or any(fnmatch.fnmatchcase(key, g) for g in self.channel_globs):
                return True
        return False

    def matches_file(self, *values: str | None) -> bool:
        """True when a relative path, file name or document_id is tagged."""
        if not (self.file_names or self.file_globs):
            return False
        for value in values:
            if not value:
                continue
            key = value.strip().replace("\\", "/").casefold()
            name = key.rsplit("/", 1)[-1]
            if key in self.file_names or name in self.file_names:
                return True
            if any(_glob_matches_path(key, glob) for glob in self.file_globs):
                return True
        return False

    def matches_text(self, text: str | None) -> bool:
        """True when the text holds a tagged keyword (whole word, any case) or matches a regex tag."""
        if not text:
            return False
        if self.keyword_regex is not None and self.keyword_regex.search(text):
            return True
        return any(regex.search(text) for regex in self.regexes)


def _glob_matches_path(path: str, glob: str) -> bool:
    parts = path.split("/")
    return any(fnmatch.fnmatchcase("/".join(parts[i:]), glob) for i in range(len(parts)))


# --- validation --------------------------------------------------------------------------------


def check_regex_speed(pattern: str) -> float:
    """Seconds the pattern takes to scan the 100 kB probe; raises `ValidationFailed` when too slow.

    The scan runs in a child interpreter so a catastrophically backtracking pattern is killed.
    """
    try:
        done = subprocess.run(
            [sys.executable, "-I", "-S", "-c", _PROBE_SCRIPT],
            input=pattern,
            capture_output=True,
            text=True,
            timeout=PROBE_KILL_AFTER_S,
            check=True,
        )
    except subprocess.TimeoutExpired:
        raise _too_slow(pattern, seconds=None) from None
    seconds = float(done.stdout)
    if seconds > PROBE_BUDGET_S:
        raise _too_slow(pattern, seconds=seconds)
    return seconds


def _too_slow(pattern: str, *, seconds: float | None) -> ValidationFailed:
    took = "did not finish" if seconds is None else f"took {seconds * 1000:.0f} ms"
    return ValidationFailed(
        f"Opt-out regex {pattern!r} is too slow: scanning a 100 kB sample {took} (limit 50 ms). "
        "Simplify it (avoid nested repetition such as (a+)+) or use a keyword instead.",
        details={"value": pattern, "limit_ms": 50},
    )


def validate_tag(tag: OptOutTag) -> None:
    """Check a tag before it is stored (03 §8): regex length, compilation and speed."""
    if not tag.regex:
        return
    if len(tag.value) > MAX_REGEX_CHARS:
        raise ValidationFailed(
            f"Opt-out regex is {len(tag.value)} characters; the limit is {MAX_REGEX_CHARS}.",
            details={"value": tag.value, "limit_chars": MAX_REGEX_CHARS},
        )
    check_regex_speed(tag.value)


def tags_from_options(options: OptOutOptions) -> list[OptOutTag]:
    """The tags a batch's opt-out options ask for (CLI flags or upload form fields)."""
    reason = "given with an ingestion batch"
    return [
        *(OptOutTag(kind=OptOutKind.CHANNEL, value=v, reason=reason) for v in options.channels if v.strip()),
        *(OptOutTag(kind=OptOutKind.FILE, value=v, reason=reason) for v in options.files if v.strip()),
        *(OptOutTag(kind=OptOutKind.PATTERN, value=v, reason=reason) for v in options.keywords if v.strip()),
    ]


# --- the `opt_out_tags` collection ---------------------------------------------------------------


def _identity(tag: OptOutTag) -> tuple[str, str, bool, str | None]:
    value = tag.value.strip()
    if tag.kind is OptOutKind.CHANNEL:
        value = value.lstrip("#")
    if not tag.regex:
        value = value.casefold()
    return (tag.kind.value, value, tag.regex, tag.project_id)


async def load_tags(store: Store) -> list[OptOutTag]:
    """Every stored tag, oldest first (the matcher needs all of them)."""
    tags = await store.typed(OptOutTag).find(sort=[("created_at", 1)])
    return list(tags)


async def load_matcher(store: Store) -> OptOutMatcher:
    """A matcher over every stored tag."""
    return OptOutMatcher.from_tags(await load_tags(store))


async def list_tags(store: Store, *, skip: int = 0, limit: int = MAX_PAGE_LIMIT) -> Page[OptOutTag]:
    """A page of stored tags, oldest first."""
    collection = store.typed(OptOutTag)
    items = await collection.find(sort=[("created_at", 1)], skip=skip, limit=limit)
    return Page[OptOutTag](items=list(items), total=await collection.count(), skip=skip, limit=limit)


async def add_tags(store: Store, tags: Sequence[OptOutTag]) -> list[OptOutTag]:
    """Validate and store tags; a tag equal to a stored one (kind, value in any case, project) is not
    stored twice — the stored one is returned in its place. Raises `ValidationFailed` (422)."""
    for tag in tags:
        await asyncio.to_thread(validate_tag, tag)  # the regex probe runs a child process (10 rule 21)
    stored = {_identity(tag): tag for tag in await load_tags(store)}
    result: list[OptOutTag] = []
    fresh: list[OptOutTag] = []
    for tag in tags:
        existing = stored.get(_identity(tag))
        if existing is None:
            stored[_identity(tag)] = tag
            fresh.append(tag)
            existing = tag
        result.append(existing)
    if fresh:
        await store.typed(OptOutTag).insert_many(fresh)
    return result


async def delete_tag(store: Store, tag_id: str) -> None:
    """Remove one tag; raises `NotFound` for an unknown id."""
    removed = await store.typed(OptOutTag).delete_many({"tag_id": tag_id})
    if removed == 0:
        raise NotFound(f"No opt-out tag {tag_id!r}", details={"tag_id": tag_id})
