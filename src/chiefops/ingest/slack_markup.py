"""Slack mrkdwn → readable text (spec 02 §4.4): tokens first, the three entities last.

`clean(raw, resolver)` is pure: it rewrites `<@U…>`, `<#C…>`, `<!…>`, `<url|label>` tokens and
collects what they reference, then decodes only `&amp;` `&lt;` `&gt;` — so a typed `&lt;@U1&gt;`
becomes the literal text `<@U1>`, never a mention. Emoji codes, code spans and fences, line
breaks and non-ASCII text are left as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from chiefops.models import Link

_TOKEN = re.compile(r"<([^<>|\s][^<>|]*)(?:\|([^<>]*))?>")
_ENTITY = re.compile(r"&(amp|lt|gt);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">"}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_EPOCH = re.compile(r"[0-9]{1,11}")
_BROADCASTS = frozenset({"here", "channel", "everyone"})


class Resolver(Protocol):
    """Names for ids: the union of stored Slack users/channels and those of the current input."""

    def user_name(self, user_id: str) -> str | None: ...

    def channel_name(self, channel_id: str) -> str | None: ...


@dataclass(frozen=True)
class MapResolver:
    """A `Resolver` over two plain mappings (id → display name / current channel name)."""

    users: dict[str, str] = field(default_factory=dict)
    channels: dict[str, str] = field(default_factory=dict)

    def user_name(self, user_id: str) -> str | None:
        return self.users.get(user_id)

    def channel_name(self, channel_id: str) -> str | None:
        return self.channels.get(channel_id)


@dataclass(frozen=True)
class Cleaned:
    """Cleaned text plus what its tokens referenced, each in first-seen order without repeats."""

    text: str
    mentions: tuple[str, ...] = ()
    channel_refs: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    specials: tuple[str, ...] = ()


def decode_entities(text: str) -> str:
    """Decode exactly `&amp;` `&lt;` `&gt;`, in one pass (so `&amp;lt;` → `&lt;`)."""
    if "&" not in text:
        return text
    return _ENTITY.sub(lambda m: _ENTITIES[m.group(1)], text)


class _Collector:
    """Accumulates references while tokens are rewritten."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.mentions: dict[str, None] = {}
        self.channel_refs: dict[str, None] = {}
        self.links: dict[tuple[str, str | None], None] = {}
        self.specials: dict[str, None] = {}

    def rewrite(self, match: re.Match[str]) -> str:
        body, label = match.group(1), match.group(2)
        head = body[0]
        if head == "@":
            return self._user(body[1:], label)
        if head == "#":
            return self._channel(body[1:], label)
        if head == "!":
            return self._special(body[1:], label)
        if _SCHEME.match(body):
            return self._link(body, label)
        return match.group(0)

    def _user(self, user_id: str, label: str | None) -> str:
        self.mentions[user_id] = None
        name = self.resolver.user_name(user_id) or (label or "").lstrip("@") or user_id
        return f"@{name}"

    def _channel(self, channel_id: str, label: str | None) -> str:
        self.channel_refs[channel_id] = None
        name = (label or "").lstrip("#") or self.resolver.channel_name(channel_id) or channel_id
        return f"#{name}"

    def _special(self, body: str, label: str | None) -> str:
        if body in _BROADCASTS:
            self.specials[body] = None
            return f"@{body}"
        if body.startswith("subteam^"):
            self.specials[f"subteam:{body.removeprefix('subteam^')}"] = None
            return f"@{label.lstrip('@')}" if label and label.lstrip("@") else "@group"
        if body.startswith("date^"):
            return label if label else _date_fallback(body)
        return label if label else f"@{body}"

    def _link(self, url: str, label: str | None) -> str:
        shown_label = label if label and label != url else None
        self.links[(decode_entities(url), decode_entities(shown_label) if shown_label else None)] = None
        if url.lower().startswith("mailto:"):
            return label or url[len("mailto:") :]
        return f"{shown_label} ({url})" if shown_label else url

    def result(self, text: str) -> Cleaned:
        return Cleaned(
            text=decode_entities(text),
            mentions=tuple(self.mentions),
            channel_refs=tuple(self.channel_refs),
            links=tuple(Link(url=url, label=label) for url, label in self.links),
            specials=tuple(self.specials),
        )


def _date_fallback(body: str) -> str:
    """`date^<epoch>^<format>` without a fallback label → `YYYY-MM-DD HH:MM UTC`."""
    epoch = body.split("^")[1]
    if not _EPOCH.fullmatch(epoch):
        return body
    return f"{datetime.fromtimestamp(int(epoch), UTC):%Y-%m-%d %H:%M} UTC"


def clean(raw: str, resolver: Resolver) -> Cleaned:
    """Slack mrkdwn → cleaned text plus mentions, channel refs, links and specials (02 §4.4)."""
    if "<" not in raw:
        return Cleaned(text=decode_entities(raw))
    collector = _Collector(resolver)
    text = _TOKEN.sub(collector.rewrite, raw)
    return collector.result(text)
