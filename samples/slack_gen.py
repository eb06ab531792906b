"""One channel's six months of Slack: planted messages first, then the day-by-day life of the channel.

A channel is built whole in memory (a few thousand messages at most) and handed to the export writer,
so the world is never in memory at once. Planted messages reserve their timestamps before anything is
generated, and generated units never reply to them, so planted threads and channel-days stay exact.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from samples import slack_messages as sm
from samples.facts import SILENT_AFTER
from samples.model import Channel, Person, World
from samples.phrases_org import ORG_GENERATORS
from samples.phrases_project import address
from samples.slack_units import ProjectTalk
from samples.specs import MessageSpec, ProjectSpec
from samples.timeline import AS_OF, START, all_days, at, slack_ts, volume_factor

_LAST_MOMENT = at(AS_OF, 23, 59, 59)
_PLACEHOLDER = re.compile(r"\{(@[a-z0-9'-]+|#[a-z0-9-]+|[A-Z][A-Z0-9]+:[a-z0-9.-]+)\}")


@dataclass(frozen=True, slots=True)
class SlimIssue:
    """What chat needs to know about an issue: who, what, and when it was open."""

    key: str
    summary: str
    assignee: str | None
    created: datetime
    resolved: datetime | None
    status: str


@dataclass(slots=True)
class SlackContext:
    """Shared, read-only inputs for every channel of one world."""

    world: World
    seed: int
    issue_keys: dict[str, str]  # planted pid -> Jira key
    issues: dict[str, list[SlimIssue]]  # project key -> issues
    profiles: dict[str, dict[str, object]] = field(default_factory=dict)

    def profile(self, person: Person) -> dict[str, object]:
        if person.key not in self.profiles:
            self.profiles[person.key] = sm.profile(self.seed, person)
        return self.profiles[person.key]


class ChannelBuilder:
    """Builds one channel's messages; `build()` returns them in timestamp order."""

    def __init__(self, ctx: SlackContext, channel: Channel, spec: ProjectSpec | None) -> None:
        self.ctx, self.channel, self.spec = ctx, channel, spec
        self.world = ctx.world
        self.rng = random.Random(f"{ctx.seed}:slack:{channel.name}")
        self.messages: list[sm.Message] = []
        self.used: set[str] = set()
        self.planted: dict[str, str] = {}
        self.channel_ids = {c.name: c.id for c in self.world.channels}
        self.left = dict(channel.leaves)

    # -- primitives -------------------------------------------------------------------------------------------
    def ts(self, moment: datetime, micros: int | None = None) -> str:
        moment = min(moment, _LAST_MOMENT)  # nothing after the as-of day (04 §0.2)
        value = slack_ts(moment, self.rng.randrange(1_000_000) if micros is None else micros)
        while value in self.used:
            value = slack_ts(moment, self.rng.randrange(1_000_000))
        self.used.add(value)
        return value

    def uid(self, key: str) -> str:
        return self.world.person(key).slack_id or key

    def mention(self, key: str) -> str:
        return f"<@{self.uid(key)}>"

    def channel_ref(self, name: str) -> str:
        return f"<#{self.channel_ids[name]}|{name}>"

    def can_post(self, key: str, day: date) -> bool:
        person = self.world.person(key)
        silent = SILENT_AFTER.get(key)
        left = self.left.get(key)
        return (
            person.slack_id is not None
            and person.active_on(day)
            and (silent is None or day <= silent)
            and (left is None or day < left)
        )

    def post(
        self,
        key: str,
        moment: datetime,
        text: str,
        *,
        thread_ts: str | None = None,
        broadcast: bool = False,
        micros: int | None = None,
        decorate: bool = True,
    ) -> sm.Message:
        person = self.world.person(key)
        ts = self.ts(moment, micros)
        message = sm.human(self.rng, self.uid(key), self.ctx.profile(person), ts, text)
        if thread_ts is not None:
            message["thread_ts"] = thread_ts
            if broadcast:
                message["subtype"] = "thread_broadcast"
        if decorate:
            self.decorate(message, moment)
        self.messages.append(message)
        return message

    def start_thread(self, parent: sm.Message) -> str:
        parent["thread_ts"] = parent["ts"]
        return str(parent["ts"])

    def decorate(self, message: sm.Message, moment: datetime) -> None:
        roll = self.rng.random()
        if roll < 0.2:
            users = [self.uid(k) for k in self.channel.posters if self.can_post(k, moment.date())]
            if users:
                sm.add_reactions(self.rng, message, users)
        elif roll < 0.24:
            sm.add_edit(self.rng, message)

    def system(self, key: str, moment: datetime, subtype: str, text: str, **extra: str) -> None:
        self.messages.append(sm.system(self.uid(key), self.ts(moment), subtype, text, **extra))

    # -- planted -----------------------------------------------------------------------------------------------
    def fill(self, text: str) -> str:
        def sub(match: re.Match[str]) -> str:
            token = match.group(1)
            if token.startswith("@"):
                return self.mention(token[1:])
            if token.startswith("#"):
                return self.channel_ref(token[1:])
            return self.ctx.issue_keys[token.split(":", 1)[1]]

        return _PLACEHOLDER.sub(sub, text)

    def plant(self, spec: MessageSpec) -> None:
        micros = int(hashlib.sha256(spec.pid.encode()).hexdigest()[:8], 16) % 1_000_000
        parent = self.post(spec.author, spec.at, self.fill(spec.text), micros=micros, decorate=False)
        if spec.reactions:
            parent["reactions"] = [
                {"name": n, "users": [self.uid(k) for k in who], "count": len(who)}
                for n, who in spec.reactions
            ]
        self.planted[spec.pid] = str(parent["ts"])
        if spec.replies:
            thread_ts = self.start_thread(parent)
            for reply in spec.replies:
                self.post(
                    reply.author,
                    spec.at + timedelta(minutes=reply.after_minutes),
                    self.fill(reply.text),
                    thread_ts=thread_ts,
                    broadcast=reply.broadcast,
                    decorate=False,
                )

    # -- channel life ------------------------------------------------------------------------------------------
    def lifecycle(self) -> None:
        """Creation, topic, purpose, joins, leaves and the rename, as channel events."""
        ch = self.channel
        created_in_span = ch.created.date() >= START
        if created_in_span:
            self.system(
                ch.creator, ch.created, "channel_join", f"{self.mention(ch.creator)} has joined the channel"
            )
            self.system(
                ch.creator,
                ch.created + timedelta(seconds=20),
                "channel_purpose",
                f"{self.mention(ch.creator)} set the channel purpose: {ch.purpose}",
                purpose=ch.purpose,
            )
            self.system(
                ch.creator,
                ch.created + timedelta(seconds=40),
                "channel_topic",
                f"{self.mention(ch.creator)} set the channel topic: {ch.topic}",
                topic=ch.topic,
            )
        for n, (key, day) in enumerate(ch.joins):
            if key == ch.creator and created_in_span:
                continue
            moment = (
                ch.created + timedelta(minutes=2, seconds=7 * n)
                if day <= ch.created.date()
                else at(day, 8, 40 + self.rng.randrange(15), self.rng.randrange(60))
            )
            self.system(key, moment, "channel_join", f"{self.mention(key)} has joined the channel")
        for key, day in ch.leaves:
            self.system(key, at(day, 17, 5), "channel_leave", f"{self.mention(key)} has left the channel")
        if ch.previous_name and ch.renamed_on:
            who = ch.creator if self.spec is None else self.spec.lead
            self.system(
                who,
                at(ch.renamed_on, 10, 12),
                "channel_name",
                f'{self.mention(who)} has renamed the channel from "{ch.previous_name}" to "{ch.name}"',
                old_name=ch.previous_name,
                name=ch.name,
            )

    def budget(self, day: date) -> int:
        expected = self.channel.rate * volume_factor(day)
        return max(0, round(self.rng.gauss(expected, max(0.5, expected**0.5 * 0.6))))

    def generate(self, talk: ProjectTalk | None) -> None:
        first = max(START, self.channel.created.date())
        for day in all_days():
            if day < first or day > AS_OF:
                continue
            target = self.budget(day)
            made = talk.day_opening(day) if talk else 0
            guard = 0
            while made < target and guard < 200:
                made += talk.unit(day) if talk else self.org_unit(day)
                guard += 1

    def org_unit(self, day: date) -> int:
        gen = ORG_GENERATORS[self.channel.kind]
        posters = [k for k in self.channel.posters if self.can_post(k, day)]
        authors = [k for k in self.channel.authors or posters if self.can_post(k, day)]
        if len(posters) < 2 or not authors:
            return 1
        text, replies = gen(self.rng)
        author = self.rng.choice(authors)
        moment = at(day, self.rng.randint(8, 17), self.rng.randrange(60), self.rng.randrange(60))
        parent = self.post(author, moment, text)
        if not replies:
            return 1
        thread_ts = self.start_thread(parent)
        others = [k for k in posters if k != author]
        first = self.world.person(author).first
        for reply in replies:
            moment += timedelta(minutes=self.rng.randint(2, 150))
            self.post(self.rng.choice(others), moment, address(self.rng, reply, first), thread_ts=thread_ts)
        return 1 + len(replies)

    def build(self, planted: list[MessageSpec], talk: ProjectTalk | None) -> list[sm.Message]:
        for spec in planted:
            self.plant(spec)
        self.lifecycle()
        if talk is not None:
            talk.scripted()
        self.generate(talk)
        self.messages.sort(key=lambda m: str(m["ts"]))
        sm.finish_threads(self.messages)
        return self.messages
