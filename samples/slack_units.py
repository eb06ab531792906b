"""Conversation units of a project channel: stand-ups, updates, Q&A, reviews, decisions, asks, bot posts.

Each unit posts one message or one thread through the channel builder and returns how many messages
it wrote. Units that carry intel signals pick their authors from the project's declared roles
(reviewers, deciders, askers), so the leadership picture of 04 §1.2 is the planted one.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from samples import phrases_project as ph
from samples import phrases_signals as sig
from samples import slack_messages as sm
from samples.facts import ALPHA_UNBLOCKS
from samples.ids import doc_id
from samples.specs import ProjectSpec
from samples.timeline import AS_OF, at, ts_datetime
from samples.vocab import VOCABS

if TYPE_CHECKING:
    from samples.slack_gen import ChannelBuilder, SlimIssue

_FINAL_WEEK = date(2026, 11, 23)
_MAIN_UNITS = (
    ("progress", 16),
    ("question", 14),
    ("fyi", 10),
    ("link", 5),
    ("handoff", 4),
    ("celebrate", 4),
    ("logistics", 5),
    ("decision", 2),
    ("review", 3),
    ("ask", 5),
    ("file", 4),
    ("mood", 0),
    ("blocker", 1),
    ("me", 1),
)
_DEV_UNITS = (
    ("progress", 22),
    ("question", 15),
    ("review", 14),
    ("decision", 4),
    ("ask", 7),
    ("fyi", 10),
    ("file", 3),
    ("handoff", 3),
    ("celebrate", 2),
    ("link", 3),
    ("logistics", 2),
    ("blocker", 1),
)


def _weighted(rng: random.Random, options: list[tuple[str, float]]) -> str:
    total = sum(w for _, w in options)
    roll = rng.random() * total
    for key, weight in options:
        roll -= weight
        if roll <= 0:
            return key
    return options[-1][0]


class ProjectTalk:
    """The talk of one project channel (main or dev), driven by the project's Jira issues."""

    def __init__(
        self, builder: ChannelBuilder, spec: ProjectSpec, issues: list[SlimIssue], *, dev: bool
    ) -> None:
        self.b, self.spec, self.dev = builder, spec, dev
        self.rng = builder.rng
        self.vocab = VOCABS[spec.vocab]
        self.issues = issues
        self.by_person: dict[str, list[SlimIssue]] = {}
        for issue in issues:
            if issue.assignee:
                self.by_person.setdefault(issue.assignee, []).append(issue)
        team = dict(spec.team)
        self.weights = [(k, team.get(k, 0.25 if k != spec.pm else 0.6)) for k in builder.channel.posters]
        self.team_weights = [(k, w) for k, w in self.weights if k in team or k == spec.pm]
        self.units: list[tuple[str, float]] = list(_DEV_UNITS if dev else _MAIN_UNITS)
        if spec.key == "ALPHA":  # Alpha's blocker threads are scripted (ALPHA_UNBLOCKS)
            self.units = [(k, w) for k, w in self.units if k != "blocker"]
        self.handlers: dict[str, Callable[[date], int]] = {
            "progress": self.progress,
            "question": self.question,
            "fyi": self.fyi,
            "link": self.link,
            "handoff": self.handoff,
            "celebrate": self.celebrate,
            "logistics": self.logistics,
            "decision": self.decision,
            "review": self.review,
            "ask": self.ask,
            "file": self.file,
            "mood": self.mood,
            "blocker": self.blocker,
            "me": self.me,
        }

    # -- helpers -----------------------------------------------------------------------------------------------
    def mood_level(self, day: date) -> float:
        turn = self.spec.mood_turns
        if turn is None or day < turn:
            return 0.0
        return min(0.45, 0.1 + (day - turn).days / 120)

    def poster(self, day: date, *, exclude: tuple[str, ...] = (), team: bool = True) -> str | None:
        """Someone writing today; technical units come from the team, watchers only ask and react."""
        pool = self.team_weights if team else self.weights
        options = [(k, w) for k, w in pool if k not in exclude and self.b.can_post(k, day)]
        return _weighted(self.rng, options) if options else None

    def role(self, weights: tuple[tuple[str, float], ...], day: date) -> str | None:
        options = [(k, w) for k, w in weights if self.b.can_post(k, day) and k in self.b.channel.posters]
        return _weighted(self.rng, options) if options else None

    def doing(self, key: str, day: date) -> list[SlimIssue]:
        return [
            i
            for i in self.by_person.get(key, ())
            if i.created.date() <= day
            and (i.resolved is None or i.resolved.date() > day)
            and i.status != "Won't Do"
        ]

    def done_lately(self, key: str, day: date) -> list[SlimIssue]:
        return [
            i
            for i in self.by_person.get(key, ())
            if i.resolved is not None and i.status == "Done" and 1 <= (day - i.resolved.date()).days <= 2
        ]

    def ref(self, issue: SlimIssue) -> str:
        return ph.issue_ref(issue.key, issue.summary, self.rng)

    def moment(self, day: date) -> datetime:
        return at(day, self.rng.randint(8, 17), self.rng.randrange(60), self.rng.randrange(60))

    def later(self, moment: datetime, lo: int, hi: int) -> datetime:
        return moment + timedelta(minutes=self.rng.randint(lo, hi))

    def first(self, key: str) -> str:
        return self.b.world.person(key).first

    def weekday(self, day: date) -> str:
        return ph.WEEKDAYS[min(4, (day.weekday() + self.rng.randint(1, 3)) % 5)]

    # -- scripted and daily ------------------------------------------------------------------------------------
    def scripted(self) -> None:
        """Bot posts for Jira transitions (main channel) and Alpha's answered blocker threads (dev channel)."""
        if self.dev:
            if self.spec.key == "ALPHA":
                self.unblock_threads()
            return
        bot = self.b.world.person("jira-bot")
        for issue in self.issues:
            for event, moment, chance in (("created", issue.created, 0.2), ("done", issue.resolved, 0.5)):
                if (
                    moment is None
                    or moment.date() < self.b.channel.created.date()
                    or self.rng.random() > chance
                ):
                    continue
                if event == "done" and issue.status != "Done":
                    continue
                who = self.b.world.person(issue.assignee).name if issue.assignee else "Unassigned"
                when = moment + timedelta(seconds=self.rng.randint(5, 90))
                status = "Done" if event == "done" else "To Do"
                self.b.messages.append(
                    sm.bot(
                        self.b.ctx.seed,
                        bot,
                        self.b.ts(when),
                        sig.bot_text(issue.key, issue.summary, event, who),
                        key=issue.key,
                        title=issue.summary,
                        status=status,
                    )
                )

    def unblock_threads(self) -> None:
        for day_text, author, helper, problem, fix in ALPHA_UNBLOCKS:
            day = date.fromisoformat(day_text)
            work = self.doing(author, day)
            ref = self.ref(work[0]) if work else "the release branch"
            start = at(day, 10, self.rng.randrange(60), self.rng.randrange(60))
            parent = self.b.post(author, start, sig.blocker_post(self.rng, problem, ref), decorate=False)
            thread_ts = self.b.start_thread(parent)
            helped = self.later(start, 20, 75)
            self.b.post(helper, helped, sig.blocker_help(self.rng, fix), thread_ts=thread_ts, decorate=False)
            self.b.post(
                author,
                self.later(helped, 60, 300),
                sig.blocker_thanks(self.rng),
                thread_ts=thread_ts,
                decorate=False,
            )

    def day_opening(self, day: date) -> int:
        """The stand-up thread on Mondays, Wednesdays and Fridays (main channels only)."""
        if self.dev or day.weekday() not in (0, 2, 4):
            return 0
        host = self.spec.pm if self.b.can_post(self.spec.pm, day) else self.spec.lead
        if not self.b.can_post(host, day):
            return 0
        start = at(day, 9, self.rng.randrange(30), self.rng.randrange(60))
        parent = self.b.post(
            host,
            start,
            ph.standup_parent(self.rng, ph.WEEKDAYS[day.weekday()], self.b.world.person(host).first),
        )
        thread_ts = self.b.start_thread(parent)
        count = 1
        moment = start
        everyone = day >= _FINAL_WEEK
        team = [
            k
            for k, _ in self.spec.team
            if k != host and self.b.can_post(k, day) and k in self.b.channel.posters
        ]
        for n, key in enumerate(team):
            doing, done = self.doing(key, day), self.done_lately(key, day)
            last_chance = n == len(team) - 1 and count == 1  # a stand-up always gets an answer
            if not (everyone or last_chance) and (
                (not (doing or done) and self.rng.random() < 0.6) or self.rng.random() < 0.2
            ):
                continue
            moment = self.later(moment, 2, 35)
            text = ph.standup_reply(
                self.rng,
                self.vocab,
                [self.ref(i) for i in done[:2]],
                [self.ref(i) for i in doing[:2]],
                self.mood_level(day),
            )
            self.b.post(key, moment, text, thread_ts=thread_ts)
            count += 1
        return count

    def unit(self, day: date) -> int:
        options = list(self.units)
        level = self.mood_level(day)
        if level:
            options.append(("mood", 14 * level))
        return self.handlers[_weighted(self.rng, options)](day)

    # -- units -------------------------------------------------------------------------------------------------
    def progress(self, day: date) -> int:
        author = self.poster(day)
        if author is None:
            return 1
        work = self.doing(author, day) + self.done_lately(author, day)
        if not work:
            return self.fyi(day)
        self.b.post(
            author, self.moment(day), ph.progress(self.rng, self.vocab, self.ref(self.rng.choice(work)))
        )
        return 1

    def question(self, day: date) -> int:
        asker = self.poster(day, team=False)
        answerer = self.poster(day, exclude=(asker,)) if asker else None
        if asker is None or answerer is None:
            return 1
        q, a = ph.question(self.rng, self.vocab)
        start = self.moment(day)
        thread_ts = self.b.start_thread(self.b.post(asker, start, q))
        answered = self.later(start, 3, 120)
        self.b.post(answerer, answered, a, thread_ts=thread_ts)
        if self.rng.random() < 0.5:
            self.b.post(
                asker,
                self.later(answered, 1, 40),
                ph.follow_up(self.rng, self.first(answerer)),
                thread_ts=thread_ts,
            )
            return 3
        return 2

    def fyi(self, day: date) -> int:
        author = self.poster(day)
        if author:
            text = ph.fyi(self.rng, self.vocab)
            if self.rng.random() < 0.1:  # people point at other channels now and then
                text += f", more in {self.b.channel_ref(self.rng.choice(('devops', 'engineering', 'qa', 'product')))}"
            self.b.post(author, self.moment(day), text)
        return 1

    def link(self, day: date) -> int:
        author = self.poster(day)
        if author:
            page = doc_id(self.b.ctx.seed, f"{self.spec.key}:{self.rng.randrange(40)}")
            url = f"https://docs.google.com/document/d/{page}/edit"
            self.b.post(author, self.moment(day), ph.link_share(self.rng, self.vocab, url))
        return 1

    def _with_ack(self, author: str, target: str, day: date, text: str, ack: str) -> int:
        start = self.moment(day)
        thread_ts = self.b.start_thread(self.b.post(author, start, text))
        self.b.post(target, self.later(start, 4, 90), ack, thread_ts=thread_ts)
        return 2

    def handoff(self, day: date) -> int:
        author = self.poster(day)
        work = self.doing(author, day) if author else []
        target = self.poster(day, exclude=(author,)) if author else None
        if not (author and work and target):
            return self.fyi(day)
        text = ph.handoff(self.rng, self.vocab, self.b.mention(target), self.ref(work[0]), self.weekday(day))
        return self._with_ack(author, target, day, text, ph.handoff_ack(self.rng, self.first(author)))

    def celebrate(self, day: date) -> int:
        author = self.poster(day, team=False)
        target = self.poster(day, exclude=(author,)) if author else None
        if not (author and target):
            return 1
        text = ph.celebrate(self.rng, self.vocab, self.b.mention(target))
        return self._with_ack(author, target, day, text, ph.follow_up(self.rng, self.first(author)))

    def logistics(self, day: date) -> int:
        author = self.spec.pm if self.b.can_post(self.spec.pm, day) else self.poster(day)
        if author and author in self.b.channel.posters:
            self.b.post(author, self.moment(day), ph.logistics(self.rng, self.vocab, self.weekday(day)))
        return 1

    def decision(self, day: date) -> int:
        author = self.role(self.spec.deciders, day)
        if author is None:
            return self.fyi(day)
        start = self.moment(day)
        parent = self.b.post(author, start, sig.decision(self.rng, self.vocab))
        if self.rng.random() < 0.5:
            other = self.poster(day, exclude=(author,))
            if other:
                thread_ts = self.b.start_thread(parent)
                agree = self.rng.choice(
                    (
                        "+1",
                        "makes sense",
                        "agreed",
                        "works for me",
                        "thanks for writing it up",
                        "sounds right to me",
                        "good call",
                        "fine by me",
                    )
                )
                self.b.post(
                    other,
                    self.later(start, 5, 120),
                    ph.address(self.rng, agree, self.first(author)),
                    thread_ts=thread_ts,
                )
                return 2
        return 1

    def review(self, day: date) -> int:
        author = self.role(self.spec.reviewers, day)
        if author is None:
            return self.progress(day)
        candidates = [
            i
            for i in self.issues
            if i.assignee not in (None, author)
            and (
                (i.resolved is not None and 0 <= (i.resolved.date() - day).days <= 2)
                or (i.resolved is None and i.status == "In Review" and i.created.date() <= day)
            )
        ]
        if not candidates:
            return self.progress(day)
        self.b.post(author, self.moment(day), sig.review(self.rng, self.ref(self.rng.choice(candidates))))
        return 1

    def ask(self, day: date) -> int:
        author = self.role(self.spec.askers, day)
        if author is None:
            return self.fyi(day)
        open_work = [
            i
            for i in self.issues
            if i.assignee
            and i.assignee != author
            and i.assignee in self.b.channel.posters
            and self.b.can_post(i.assignee, day)
            and i.created.date() <= day
            and (i.resolved is None or i.resolved.date() > day)
        ]
        if not open_work:
            return self.fyi(day)
        issue = self.rng.choice(open_work)
        target = issue.assignee or author
        text = sig.ask_with_key(self.rng, self.b.mention(target), self.ref(issue))
        return self._with_ack(author, target, day, text, sig.ask_ack(self.rng, self.first(author)))

    def file(self, day: date) -> int:
        author = self.poster(day)
        if author is None:
            return 1
        moment = self.moment(day)
        message = self.b.post(author, moment, ph.file_caption(self.rng, self.vocab))
        stem = self.rng.choice(("screenshot", "export", "report", "trace", "recording", "notes"))
        sm.add_file(
            self.rng,
            self.b.ctx.seed,
            message,
            self.b.world.person(author),
            moment,
            f"{stem}-{ts_datetime(str(message['ts'])).strftime('%m%d')}-{self.rng.randrange(100)}",
        )
        if self.rng.random() < 0.3:
            message["subtype"] = "file_share"
        return 1

    def mood(self, day: date) -> int:
        author = self.poster(day, team=False)
        if author is None:
            return 1
        start = self.moment(day)
        parent = self.b.post(author, start, sig.mood_line(self.rng, self.vocab))
        others = [
            k
            for k in (self.poster(day, exclude=(author,), team=False) for _ in range(self.rng.randint(0, 2)))
            if k
        ]
        if not others:
            return 1
        thread_ts = self.b.start_thread(parent)
        for other in others:
            start = self.later(start, 3, 60)
            self.b.post(
                other,
                start,
                ph.address(self.rng, sig.mood_reply(self.rng), self.first(author)),
                thread_ts=thread_ts,
            )
        return 1 + len(others)

    def blocker(self, day: date) -> int:
        """An answered blocker thread: help from the lead, then the author confirms it works (04 §4)."""
        author = self.poster(day)
        helper = self.spec.lead
        work = self.doing(author, day) if author else []
        if not (author and work and author != helper and self.b.can_post(helper, day) and day < AS_OF):
            return self.fyi(day)
        problem, fix = self.rng.choice(self.vocab.problems)
        start = at(day, self.rng.randint(8, 15), self.rng.randrange(60))
        thread_ts = self.b.start_thread(
            self.b.post(author, start, sig.blocker_post(self.rng, problem, self.ref(work[0])), decorate=False)
        )
        helped = self.later(start, 10, 90)
        self.b.post(helper, helped, sig.blocker_help(self.rng, fix), thread_ts=thread_ts, decorate=False)
        self.b.post(
            author,
            self.later(helped, 30, 240),
            sig.blocker_thanks(self.rng),
            thread_ts=thread_ts,
            decorate=False,
        )
        return 3

    def me(self, day: date) -> int:
        author = self.poster(day)
        if author:
            message = self.b.post(
                author,
                self.moment(day),
                self.rng.choice(
                    (
                        "is heading out early today, back online tomorrow morning",
                        "is at the dentist until 2",
                        "is working from the train, expect a patchy connection",
                        "is out for lunch with a customer",
                    )
                ),
            )
            message["subtype"] = "me_message"
        return 1
