"""Text-signal rules of spec 04 approximated on the produced files: informal asks (§1.4), blocker
threads and answered questions (§4), silence (§1.3), leadership (§1.2) and project types (§5).

They exist to prove the planted signals are strong enough and that nothing generated around them
contradicts them; the product's own `intel` package is the reference implementation.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

import numpy as np

from samples.corpus import JIRA_KEY, Corpus, end_of, is_human, is_reply, msg_time, strings
from samples.facts import ARCHITECTURE_WORDS, BLOCKER_WORDS, PROJECTS, REVIEW_WORDS
from samples.readers import Message

_VERBS = r"(take|pick up|handle|own|grab|look into|work on|set up|fix|write|finish)"
ASK_SHAPES = (
    re.compile(rf"<@U\w+>,?\s+(can|could|would) you (please )?{_VERBS}\b", re.I),
    re.compile(rf"<@U\w+>,?\s+please {_VERBS}\b", re.I),
    re.compile(r"\bassigning .+ to <@U\w+>", re.I),
    re.compile(r"\bgoes to <@U\w+>", re.I),
    re.compile(r"<@U\w+> this one's yours", re.I),
    re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z']+)? (will|'ll|is going to) (take|handle|own|work on)\b"),
    re.compile(r"\b[A-Z][a-z]+ is (taking|handling|on) "),
    re.compile(r"\bI('ll| will| can) (take|grab|handle|pick up|own)\b"),
    re.compile(r"\bI'm on\b"),
)
_BLOCKER = re.compile(r"\b(" + "|".join(re.escape(w) for w in BLOCKER_WORDS) + r")\b", re.I)
_NEGATED = re.compile(r"\b(no|not|never|without|un)[ -]?(blocked|blocker|stuck)", re.I)
_FOLLOW = re.compile(r"\b(fixed|works|unblocked|thanks|thank you)\b", re.I)
_REVIEW = re.compile(r"\b(" + "|".join(re.escape(w) for w in REVIEW_WORDS) + r")\b", re.I)
_ARCH = re.compile(r"\b(" + "|".join(re.escape(w) for w in ARCHITECTURE_WORDS) + r")\b", re.I)
TYPE_KEYWORDS = {
    "mobile_app_launch": ("ios", "android", "app store", "play store", "testflight", "mobile app"),
    "crm_integration": ("salesforce", "hubspot", "crm", "sfdc"),
    "data_migration": ("migration", "warehouse", "etl", "backfill", "cutover", "snowflake", "bigquery"),
    "web_redesign": ("portal", "redesign", "frontend", "ux", "website"),
    "internal_tooling": ("automation", "internal tool", "ops", "script"),
}


def _text(message: Message) -> str:
    return str(message.get("text", ""))


def ask_shape_offenders(corpus: Corpus, planted_ts: set[str]) -> list[str]:
    """Messages shaped like informal asks that name no Jira issue and are not planted (04 §1.4)."""
    keys = {t.project for t in corpus.tasks.values()}
    offenders = []
    for channel, messages in corpus.slack.messages.items():
        for m in messages:
            text = _text(m)
            if (
                not is_human(m, corpus)
                or str(m["ts"]) in planted_ts
                or not any(p.search(text) for p in ASK_SHAPES)
            ):
                continue
            if not any(k.split("-")[0] in keys for k in JIRA_KEY.findall(text)):
                offenders.append(f"#{channel} {m['ts']}: {text[:80]}")
    return offenders


def _threads(messages: list[Message]) -> dict[str, list[Message]]:
    threads: dict[str, list[Message]] = {}
    for m in messages:
        if is_reply(m):
            threads.setdefault(str(m["thread_ts"]), []).append(m)
    return threads


def blocker_threads(corpus: Corpus) -> tuple[set[tuple[str, str]], Counter[str]]:
    """Unanswered blocker posts older than 48 h, and who unblocked whom (replies the author thanked)."""
    cutoff = end_of(corpus.as_of) - timedelta(hours=48)
    unanswered: set[tuple[str, str]] = set()
    unblocks: Counter[str] = Counter()
    for channel, messages in corpus.slack.messages.items():
        threads = _threads(messages)
        for m in messages:
            text = _text(m)
            if is_reply(m) or not is_human(m, corpus) or not _BLOCKER.search(text) or _NEGATED.search(text):
                continue
            replies = threads.get(str(m["ts"]), [])
            author = str(m.get("user"))
            helpers = [r for r in replies if str(r.get("user")) != author]
            if not helpers and msg_time(m) < cutoff:
                unanswered.add((channel, str(m["ts"])))
            thanked = [
                r
                for r in replies
                if str(r.get("user")) == author
                and _FOLLOW.search(_text(r))
                and helpers
                and msg_time(r) - msg_time(helpers[0]) <= timedelta(hours=48)
            ]
            if thanked:
                for helper in {str(h.get("user")) for h in helpers}:
                    unblocks[corpus.person_by_slack.get(helper, helper)] += 1
    return unanswered, unblocks


def unanswered_questions(corpus: Corpus, channel: str, days: int = 14) -> list[str]:
    """Questions in a channel over the last `days` days (older than 24 h) nobody else answered within 24 h."""
    start = end_of(corpus.as_of) - timedelta(days=days)
    stop = end_of(corpus.as_of) - timedelta(hours=24)
    messages = corpus.slack.messages.get(channel, [])
    threads = _threads(messages)
    missing = []
    for m in messages:
        text = _text(m).strip()
        if (
            is_reply(m)
            or not is_human(m, corpus)
            or not text.endswith("?")
            or not start <= msg_time(m) <= stop
        ):
            continue
        answers = [
            r
            for r in threads.get(str(m["ts"]), [])
            if str(r.get("user")) != str(m.get("user")) and msg_time(r) - msg_time(m) <= timedelta(hours=24)
        ]
        if not answers:
            missing.append(f"{m['ts']}: {text[:60]}")
    return missing


def _bump(latest: dict[str, date], key: str, day: date) -> None:
    if day > latest.get(key, date.min):
        latest[key] = day


def silent_members(corpus: Corpus) -> dict[str, set[str]]:
    """Holders of open tasks with no message in the project's channels and no task event for ≥ 5 days."""
    slack_of = {
        str(i["jira_account_id"]): str(i["slack_id"])
        for i in corpus.identities()
        if i["jira_account_id"] and i["slack_id"]
    }
    silent: dict[str, set[str]] = {}
    for spec in PROJECTS:
        latest: dict[str, date] = {}
        for m in corpus.project_messages(list(spec.channels)):
            _bump(latest, "slack:" + str(m.get("user")), msg_time(m).date())
        tasks = [t for t in corpus.tasks.values() if t.project == spec.key]
        for t in tasks:
            _bump(latest, t.reporter_id, t.created.date())
            if t.resolved and t.assignee_id:
                _bump(latest, t.assignee_id, t.resolved.date())
            for when, author, _ in t.comments:
                _bump(latest, author, when.date())
        for account in sorted({t.assignee_id for t in tasks if t.is_open and t.assignee_id}):
            newest = max(
                latest.get(account, date.min), latest.get("slack:" + slack_of.get(account, ""), date.min)
            )
            if (corpus.as_of - newest).days >= 5:
                silent.setdefault(spec.key, set()).add(corpus.person_by_account.get(account, account))
    return silent


def type_scores(corpus: Corpus) -> dict[str, dict[str, tuple[int, int]]]:
    """04 §5 type score per project and type: (each keyword once at its best place, every place counted)."""
    scores: dict[str, dict[str, tuple[int, int]]] = {}
    for spec in PROJECTS:
        epics = [t.summary for t in corpus.tasks.values() if t.project == spec.key and t.issue_type == "Epic"]
        summaries = [
            t.summary for t in corpus.tasks.values() if t.project == spec.key and t.issue_type != "Epic"
        ]
        titles = [
            d.path.split("/", 1)[1].rsplit(".", 1)[0]
            for d in corpus.drive
            if d.path.startswith(spec.folder + "/")
        ]
        places = ((3, [spec.name], None), (2, [spec.topic, *epics], None), (1, summaries, 5), (1, titles, 3))
        scores[spec.key] = {}
        for kind, words in TYPE_KEYWORDS.items():
            best: dict[str, int] = {}
            liberal = 0
            for weight, texts, cap in places:
                found = [w for w in words if any(re.search(rf"\b{re.escape(w)}\b", t, re.I) for t in texts)]
                liberal += min(len(found), cap) * weight if cap else len(found) * weight
                for w in found:
                    best[w] = max(best.get(w, 0), weight)
            scores[spec.key][kind] = (sum(best.values()), liberal)
    return scores


def leadership(corpus: Corpus) -> dict[str, dict[str, float]]:
    """04 §1.2 step 2 for the Engineering family over 90 days: the five counts and L."""
    since = end_of(corpus.as_of) - timedelta(days=90)
    engineers = {str(i["person"]) for i in corpus.identities() if i["department"] == "Engineering"}
    counts = {name: Counter[str]() for name in engineers}
    _, unblocks = blocker_threads(corpus)
    for name in engineers:
        counts[name]["unblocks"] = unblocks.get(name, 0)
    for messages in corpus.slack.messages.values():
        for m in messages:
            name = corpus.person_by_slack.get(str(m.get("user")), "")
            if name not in counts or msg_time(m) < since:
                continue
            text = _text(m)
            counts[name]["assigns"] += any(p.search(text) for p in ASK_SHAPES[:5])
            counts[name]["reviews"] += bool(_REVIEW.search(text))
            counts[name]["decisions"] += bool(_ARCH.search(text))
    for t in corpus.tasks.values():
        reporter = corpus.person_by_account.get(t.reporter_id, "")
        if reporter in counts and t.created >= since and t.assignee_id and t.assignee_id != t.reporter_id:
            counts[reporter]["assigns"] += 1
        for when, author, body in t.comments:
            name = corpus.person_by_account.get(author, "")
            if name in counts and when >= since and _REVIEW.search(body):
                counts[name]["reviews"] += 1
    authors = {a: str(i["person"]) for i in corpus.identities() for a in strings(i["doc_authors"])}
    for doc in corpus.drive:
        title = doc.path.lower()
        if doc.author in authors and any(
            w in title for w in ("architecture", "design", "adr", "decision", "spec")
        ):
            name = authors[doc.author]
            if name in counts:
                counts[name]["design_docs"] += 1
    k_min = {"assigns": 5, "reviews": 5, "unblocks": 3, "decisions": 10, "design_docs": 2}
    weights = {"assigns": 0.25, "reviews": 0.20, "unblocks": 0.25, "decisions": 0.15, "design_docs": 0.15}
    p90 = {term: float(np.percentile([counts[n][term] for n in engineers], 90)) for term in k_min}
    result: dict[str, dict[str, float]] = {}
    for name in sorted(engineers):
        terms = {t: min(1.0, counts[name][t] / max(k_min[t], p90[t])) for t in k_min}
        result[name] = {
            **{f"n_{t}": float(counts[name][t]) for t in k_min},
            **terms,
            "L": round(sum(weights[t] * terms[t] for t in k_min), 3),
        }
    return result
