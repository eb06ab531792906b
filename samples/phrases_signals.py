"""Phrases that carry intel signals (04 §1.2, §1.4, §4): decisions, reviews, asks, blocker threads, mood.

Only the units that exist to plant these signals call this module, so the words it uses (architecture
terms, review words, ask shapes, blocker vocabulary, frustration) appear nowhere else by accident.
"""

from __future__ import annotations

import random

from samples.phrases_project import EMOJI_MEH, pick
from samples.vocab import Vocab


def decision(rng: random.Random, v: Vocab) -> str:
    topic, choice, reason = v.decisions[rng.randrange(len(v.decisions))]
    term = pick(rng, ("architecture", "data model", "schema", "trade-off", "scalability", "service boundary"))
    return pick(
        rng,
        (
            f"Decision on {topic}: {choice}. Reason: {reason}. Writing it up as an ADR",
            f"After the {term} discussion we're going with {choice} for {topic}, because {reason}",
            f"Proposal for {topic} ({term} notes in the RFC): {choice}. {reason.capitalize()}",
            f"For the record, {topic} = {choice}. The {term} implications are in the ADR; short version: {reason}",
            f"Looked at the {term} side of {topic} again. Sticking with {choice}; {reason}",
            f"Updated the RFC on {topic}: {choice}. Open to pushback until Friday, {reason}",
        ),
    )


def review(rng: random.Random, ref: str) -> str:
    return pick(
        rng,
        (
            f"{ref} lgtm, approved",
            f"Reviewed {ref}, left comments on the error handling",
            f"Code review done for {ref}, two nits, otherwise approved",
            f"lgtm on {ref} :white_check_mark:",
            f"Left comments on {ref}, mostly naming",
            f"Approved {ref}, ship it",
            f"Reviewed {ref}; approved once the test is fixed",
            f"{ref}: code review done, left comments",
        ),
    )


def ask_with_key(rng: random.Random, mention: str, ref: str) -> str:
    """An informal ask that names its Jira issue (so it links to the formal assignment, 04 §1.4 step 1)."""
    return pick(
        rng,
        (
            f"{mention} can you pick up {ref} next?",
            f"{mention} could you take {ref} after stand-up?",
            f"{mention} can you look into {ref} today?",
            f"{mention} would you take {ref}? It's next in the sprint",
            f"{mention} please pick up {ref} when you're free",
            f"{mention} can you handle {ref} this week?",
        ),
    )


def ask_ack(rng: random.Random, name: str) -> str:
    base = pick(
        rng,
        (
            "sure",
            "yep, on it after lunch",
            "will do",
            "ok",
            "got it",
            "sure thing",
            "yes, already had a look",
            "will start this afternoon",
            "yep, after the current one",
            "sure, it fits this sprint",
            "on it",
            "ok, adding it to my list",
        ),
    )
    return pick(rng, (base, f"{base} {name}", f"{base}, {name}", f"{base} :+1:", f"{base} 👍"))


def mood_line(rng: random.Random, v: Vocab) -> str:
    """Tone of a slipping project: frustration without blocker words."""
    return pick(
        rng,
        (
            f"Another week and the {pick(rng, v.components)} still isn't where we said it would be :disappointed:",
            f"Not going to sugar-coat it: we're behind on the {pick(rng, v.components)} and it's getting stressful",
            f"Sales asked again when {v.product} will be ready. I don't have a good answer anymore",
            f"Rough week. The {pick(rng, v.components)} issues keep coming back {pick(rng, EMOJI_MEH)}",
            f"I'm worried we've underestimated the {pick(rng, v.components)} work by a lot",
            f"Feels like every fix on the {pick(rng, v.components)} breaks something else",
            f"Morale check: this project is wearing people down, let's talk about scope at the {pick(rng, v.meetings)}",
            "We keep losing days to surprises. Need a more honest plan",
        ),
    )


def mood_reply(rng: random.Random) -> str:
    return pick(
        rng,
        (
            "agreed, it's been a slog",
            "yeah, same feeling here",
            "+1, we need to cut scope",
            "not fun, but we'll get there",
            "let's bring it up with Sarah",
            "honestly exhausted",
        ),
    )


def blocker_post(rng: random.Random, problem: str, ref: str) -> str:
    return pick(
        rng,
        (
            f"Stuck on {ref}: {problem}. Any ideas?",
            f"Blocked on {ref}: {problem}",
            f"I'm stuck, {problem} ({ref}). Has anyone seen this before?",
            f"{ref} is blocked: {problem}. Can't proceed until it's sorted",
        ),
    )


def blocker_help(rng: random.Random, fix: str) -> str:
    return pick(
        rng,
        (
            f"Seen it before: {fix}",
            f"Try this: {fix}",
            f"{fix.capitalize()}",
            f"Known issue, {fix}",
            f"That one bit me last month. {fix.capitalize()}",
        ),
    )


def blocker_thanks(rng: random.Random) -> str:
    return pick(
        rng,
        (
            "that fixed it, thanks! unblocked",
            "works now, thank you :pray:",
            "fixed, thanks a lot, unblocked",
            "that was it, thanks! works",
            "unblocked, thanks :raised_hands:",
        ),
    )


def bot_text(key: str, summary: str, event: str, person: str) -> str:
    if event == "created":
        return f"*{key}* {summary} was created by {person}"
    if event == "done":
        return f"*{key}* {summary} moved to *Done* ({person})"
    return f"*{key}* {summary} moved to *{event}* ({person})"
