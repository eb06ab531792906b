"""Slack mrkdwn → readable text (spec 02 §4.4): tokens first, the three entities last.

`clean(raw, resolver)` is pure: it rewrites `<@U…>`, `<#C…>`, `<!…>`, `<url|label>` tokens and
collects what they reference, then decodes only `&amp;` `&lt;` `&gt;` — so a typed `&lt;@U1&gt;`
becomes the literal text `<@U1>`, never a mention. Emoji codes, code spans and fences, line
breaks and non-ASCII text are left as they are.

Exports escape a typed `<`, but capture and hand-made JSON may carry a raw one. One left-to-right
pass reads a `<` that starts no token as a plain character. Such a stray `<` is dropped when,
with the tokens after it rewritten, it would open a token up to the next `>` (`<<@U1>>` →
`@Alice Adams>`): otherwise cleaning the result again would read a new mention or link, so
cleaning twice would differ from cleaning once.
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
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]{0,31}:")
_BRACKETS = re.compile(r"([<>])")
_LOOKAHEAD = 64
"""Characters after a stray `<` that decide whether it would open a token (a scheme is ≤ 32)."""
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


def _is_markup(body: str) -> bool:
    """Whether `<body…>` is a token `clean` rewrites (mention, channel, special or link)."""
    return (
        bool(body)
        and body[0] not in "<>|"
        and not body[0].isspace()
        and (body[0] in "@#!" or _SCHEME.match(body) is not None)
    )


class _Tokens:
    """The left-to-right pass: output pieces, and the stray `<`s that might still open a token."""

    def __init__(self, collector: _Collector) -> None:
        self.collector = collector
        self.out: list[str] = []
        self.strays: list[int] = []
        """Indexes in `out` of kept stray `<`s with no `<` or `>` after them yet."""

    def run(self, raw: str) -> str:
        """The text with tokens rewritten and pairing strays dropped (entities not yet decoded)."""
        position = 0
        for match in _TOKEN.finditer(raw):
            self.literal(raw[position : match.start()])
            self.token(match)
            position = match.end()
        self.literal(raw[position:])
        return "".join(self.out)

    def literal(self, text: str) -> None:
        for piece in _BRACKETS.split(text):
            if piece == "<":
                self.strays.append(len(self.out))
            elif piece == ">":
                self._close()
            if piece:
                self.out.append(piece)

    def token(self, match: re.Match[str]) -> None:
        text = self.collector.rewrite(match)
        if text == match.group(0):  # left as it is: its own `<` and `>` block any stray before it
            self.strays.clear()
        self.out.append(text)

    def _close(self) -> None:
        """A literal `>`: drop the strays it would pair with into a token, newest first."""
        following, end = "", len(self.out)
        while self.strays:
            at = self.strays.pop()
            following = ("".join(self.out[at + 1 : end]) + following)[:_LOOKAHEAD]
            end = at
            if not _is_markup(following):
                break
            self.out[at] = ""
        self.strays.clear()


def clean(raw: str, resolver: Resolver) -> Cleaned:
    """Slack mrkdwn → cleaned text plus mentions, channel refs, links and specials (02 §4.4)."""
    if "<" not in raw:
        return Cleaned(text=decode_entities(raw))
    collector = _Collector(resolver)
    text = _TOKEN.sub(collector.rewrite, raw)
    if "<" not in text:  # every `<` opened a rewritten token: nothing stray (the common case)
        return collector.result(text)
    collector = _Collector(resolver)
    return collector.result(_Tokens(collector).run(raw))
