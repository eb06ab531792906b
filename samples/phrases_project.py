"""What people say in project channels: stand-ups, progress, questions, decisions, reviews, hand-offs.

A small phrase grammar: many templates per message kind, filled from the project's vocabulary, Jira keys
and people, so no sentence dominates. Signal words (blocker, review, architecture terms, asks) appear
only in the functions that exist to produce them; everything else stays neutral.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from samples.vocab import Vocab

EMOJI_UP = (":tada:", ":rocket:", ":raised_hands:", ":muscle:", ":sparkles:", ":white_check_mark:", ":100:")
EMOJI_MEH = (":sweat_smile:", ":thinking_face:", ":grimacing:", ":face_with_rolling_eyes:", ":hourglass:")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def pick(rng: random.Random, items: Sequence[str]) -> str:
    return items[rng.randrange(len(items))]


def issue_ref(key: str, summary: str, rng: random.Random) -> str:
    """How people cite a ticket: the bare key, or key plus a shortened summary."""
    short = summary if len(summary) < 48 else summary[:45].rsplit(" ", 1)[0] + "…"
    style = rng.randrange(4)
    if style == 0:
        return key
    if style == 1:
        return f"{key} ({short.lower() if rng.random() < 0.5 else short})"
    if style == 2:
        return f"{key} – {short}"
    return f"{short} ({key})"


def standup_parent(rng: random.Random, weekday: str, pm_first: str) -> str:
    opener = pick(
        rng,
        (
            f"Async stand-up for {weekday} :sunny:",
            f"{weekday} check-in thread",
            f"Stand-up thread, {weekday} edition",
            f"Morning all! {weekday} stand-up below :point_down:",
            f"{weekday} async update thread :coffee:",
            f"Good morning, stand-up time ({weekday})",
            f"Thread for {weekday}'s updates :thread:",
        ),
    )
    ask = pick(
        rng,
        (
            "What are you on today and is anything in your way?",
            "What did you finish, what's next?",
            "Yesterday / today / anything you need from someone?",
            "Where are you at, and what's next?",
            "Quick round: done, doing, need help with?",
            "How are things looking on your side today?",
        ),
    )
    tail = pick(rng, ("", "", f" ({pm_first} reads these before the demo)", " Keep it short :pray:", ""))
    return f"{opener}. {ask}{tail}"


def standup_reply(
    rng: random.Random, v: Vocab, done: Sequence[str], doing: Sequence[str], mood: float
) -> str:
    parts: list[str] = []
    if done:
        verb = pick(rng, ("Finished", "Closed", "Wrapped up", "Merged", "Shipped", "Got", "Landed"))
        tail = pick(rng, ("", " yesterday", " last night", ", finally", " after a second pass", ""))
        parts.append(f"{verb} {' and '.join(done)}{tail}")
    if doing:
        verb = pick(
            rng,
            (
                "Today: ",
                "Now on ",
                "Picking up ",
                "Continuing with ",
                "Focus today is ",
                "Moving to ",
                "Working through ",
            ),
        )
        parts.append(f"{verb}{' then '.join(doing)}")
    if not parts:
        parts.append(
            pick(
                rng,
                (
                    f"Mostly {pick(rng, v.meetings)} prep today",
                    f"Pairing on the {pick(rng, v.components)}",
                    f"Digging through {pick(rng, v.envs)} logs",
                    "Catching up on PRs and docs",
                    f"Helping with the {pick(rng, v.components)} today",
                ),
            )
        )
    extra = rng.random()
    if extra < 0.18:
        parts.append(
            pick(
                rng,
                (
                    f"{pick(rng, v.metrics).capitalize()} looks fine on {pick(rng, v.envs)}",
                    f"Demo-able on {pick(rng, v.envs)} by end of day",
                    "Out from 3pm for an appointment",
                    "Will update the ticket when it lands",
                    f"Notes for the {pick(rng, v.meetings)} are in the doc",
                ),
            )
        )
    if mood > 0 and rng.random() < mood:
        parts.append(
            pick(
                rng,
                (
                    "Honestly this is dragging",
                    "Not great, this keeps slipping",
                    "Losing another day to this, frustrating",
                    "Feels like we're going in circles",
                    "I'm worried about the date",
                    "Same story as yesterday, sadly",
                    "This one is eating the whole sprint",
                ),
            )
        )
    sep = pick(rng, (". ", ". ", "; ", "\n"))
    return sep.join(parts) + pick(rng, ("", ".", "", " " + pick(rng, EMOJI_UP) if mood < 0.3 else ""))


def progress(rng: random.Random, v: Vocab, ref: str) -> str:
    return pick(
        rng,
        (
            f"Merged {ref}. {pick(rng, v.envs).capitalize()} picks it up with the next deploy",
            f"{ref} is up for review, mostly {pick(rng, v.components)} changes",
            f"Pushed a first cut of {ref} to a branch, happy to pair if anyone wants to poke at it",
            f"{ref} done :white_check_mark: moving the card",
            f"Heads up: {ref} touches the {pick(rng, v.components)}, rebase before you push",
            f"Quick win: {ref} turned out to be a two-line fix",
            f"{ref} is on {pick(rng, v.envs)} now, give it a spin {pick(rng, EMOJI_UP)}",
            f"Split {ref} into two smaller tickets so the {pick(rng, v.components)} part can ship first",
            f"Spent the morning on {ref}; the {pick(rng, v.components)} was doing more than we thought",
            f"FYI {ref} needed a small migration, ran it on {pick(rng, v.envs)} already",
            f"Added tests around {ref} while I was in there",
            f"{ref} ready for QA on {pick(rng, v.envs)}",
        ),
    )


def question(rng: random.Random, v: Vocab) -> tuple[str, str]:
    """A question and a fitting answer from someone else."""
    comp, comp2, env = pick(rng, v.components), pick(rng, v.components), pick(rng, v.envs)
    meeting, link, metric = pick(rng, v.meetings), pick(rng, v.links), pick(rng, v.metrics)
    pairs: tuple[tuple[str, tuple[str, ...]], ...] = (
        (
            f"Does anyone remember why the {comp} retries three times?",
            (
                f"That came from an incident last spring, there's a note in the {link} page",
                f"Historical: the {comp} used to time out a lot on {env}, we can probably drop it to one retry now",
            ),
        ),
        (
            f"Is {env} healthy right now? Seeing odd numbers on the {comp}",
            (
                f"Looks fine from here, the {comp} graphs are normal on {env}. Try a hard refresh",
                f"Known, there was a deploy to {env} ten minutes ago, should settle shortly",
            ),
        ),
        (
            f"Are we still doing the {meeting} this week?",
            (
                f"Yes, same slot as usual for the {meeting}",
                f"Moved to next week, the {meeting} invite is updated",
            ),
        ),
        (
            f"Where do the {comp} metrics live these days?",
            (
                f"The {comp} dashboard is linked in the channel topic",
                f"In the {link} doc, there's a link at the top",
            ),
        ),
        (
            f"Quick one: is the {comp} change on {env} yet?",
            (
                f"Yes, it went to {env} this morning",
                f"Not yet, the {comp} change goes out with the next train",
            ),
        ),
        (
            f"Which branch has the latest {comp} work?",
            (
                f"The {comp} work is on main now, the old branch is gone",
                f"Still on the {comp} feature branch, merging after QA",
            ),
        ),
        (
            f"Has anyone tried the {comp} on {env} since yesterday's deploy?",
            (
                f"Tried it an hour ago, the {comp} works for me on {env}",
                f"Yes, smoke-tested the {comp} this morning, all fine",
            ),
        ),
        (
            f"What's the plan for the {comp} after the {comp2} lands?",
            (
                f"We pick up the {comp} in the next sprint, the tickets are in the backlog",
                f"Discussed at the {meeting}: {comp} second, once the {comp2} is stable",
            ),
        ),
        (
            f"Did we agree on copy for the {comp}?",
            (
                f"Yes, final copy for the {comp} is in the {link} doc",
                f"Design signed off the {comp} copy on Friday, it's in the ticket",
            ),
        ),
        (
            f"Anyone know who set up the {comp} alerts?",
            (
                f"I set up the {comp} alerts, will share the link in a sec",
                f"That was platform, the {comp} alert rules are in their repo",
            ),
        ),
        (
            f"Do we have numbers on {metric} from last week?",
            (
                f"{metric.capitalize()} was flat week over week on {env}",
                f"In the weekly report, {metric} improved a bit",
            ),
        ),
    )
    q, answers = pairs[rng.randrange(len(pairs))]
    return q, pick(rng, answers)


def follow_up(rng: random.Random, name: str) -> str:
    """A short thank-you, addressed by first name often enough that no single ack dominates."""
    base = pick(
        rng,
        (
            "thanks",
            "perfect, thank you",
            "got it",
            "ah that explains it, thanks",
            "great, that's what I needed",
            "ok cool",
            "found it, thanks",
            "makes sense",
            "thank you",
            "brilliant",
            "super helpful",
            "appreciated",
            "nice, thanks",
            "ok, that helps",
        ),
    )
    if name and rng.random() < 0.7:
        base = pick(rng, (f"{base}, {name}", f"{name} {base}", f"{base} {name}"))
    return base + pick(rng, ("", "!", " :pray:", " :+1:", ".", " 🙌", ""))


def handoff(rng: random.Random, v: Vocab, mention: str, ref: str, weekday: str) -> str:
    return pick(
        rng,
        (
            f"Out on {weekday}. {mention} has context on {ref} if anything comes up",
            f"Handing {ref} over to {mention} while I'm away, notes are in the ticket",
            f"{mention} you'll have {ref} from tomorrow, the {pick(rng, v.components)} bits are done",
            f"Passing {ref} to {mention} since it overlaps with the {pick(rng, v.components)} work",
            f"Swapped {ref} with {mention}, it fits their sprint better",
        ),
    )


def handoff_ack(rng: random.Random, name: str) -> str:
    base = pick(
        rng,
        (
            "got it, thanks for the notes",
            "sounds good",
            "ok, reading the ticket first",
            "np, enjoy the day off",
            "thanks, will shout if something's unclear",
            "all good",
            "no problem, I have the context",
            "ok, picking it up from here",
        ),
    )
    return pick(rng, (base, f"{base} {name}", f"{name}: {base}", f"{base} 👍"))


def celebrate(rng: random.Random, v: Vocab, mention: str) -> str:
    return pick(
        rng,
        (
            f"{pick(rng, EMOJI_UP)} the {pick(rng, v.components)} is live on {pick(rng, v.envs)}, nice work {mention}",
            f"Big thanks to {mention} for the {pick(rng, v.components)} clean-up, {pick(rng, v.metrics)} is way better",
            f"Shout-out to {mention}: the {pick(rng, v.features)} demo went really well today",
            f"Kudos {mention}, the {pick(rng, v.components)} fix made {pick(rng, v.envs)} calm again",
        ),
    )


def logistics(rng: random.Random, v: Vocab, weekday: str) -> str:
    hour = rng.choice(("10:30", "11:00", "14:00", "15:30", "16:00"))
    return pick(
        rng,
        (
            f"Moving the {pick(rng, v.meetings)} to {hour} on {weekday}, invite updated",
            f"Reminder: {pick(rng, v.meetings)} at {hour} today, agenda is in the doc",
            f"No {pick(rng, v.meetings)} this {weekday}, async notes instead",
            f"Recording of the {pick(rng, v.meetings)} is up in the drive folder",
            f"The {pick(rng, v.meetings)} runs 15 minutes late today, sorry all",
        ),
    )


def link_share(rng: random.Random, v: Vocab, url: str) -> str:
    title = pick(rng, v.links)
    return pick(
        rng,
        (
            f"Updated <{url}|{title}> with this week's changes",
            f"For anyone catching up: <{url}|{title}>",
            f"Notes from the {pick(rng, v.meetings)}: <{url}|{title}>",
            f"Added a section on the {pick(rng, v.components)} to <{url}|{title}>",
            f"<{url}|{title}> now has the owners for each item",
        ),
    )


def fyi(rng: random.Random, v: Vocab) -> str:
    return pick(
        rng,
        (
            f"FYI deploys to {pick(rng, v.envs)} are paused for {pick(rng, ('an hour', '30 minutes', 'the afternoon'))} "
            f"while infra {pick(rng, ('patches the cluster', 'rotates certificates', 'upgrades the database'))}",
            f"{pick(rng, v.metrics).capitalize()} improved after yesterday's change :chart_with_upwards_trend:",
            f"Cleaned up the dashboards for the {pick(rng, v.components)}, old panels are gone",
            f"New numbers on {pick(rng, v.metrics)} are in the weekly report",
            f"Heads up, {pick(rng, v.customers)} is trying the {pick(rng, v.features)} next week",
            f"Spotted a typo in the {pick(rng, v.components)} copy, fixed it directly",
            f"Docs for the {pick(rng, v.components)} are updated with the new flow",
            f"Ran the {pick(rng, v.components)} tests on {pick(rng, v.envs)}, all green",
            f"Small thing: the {pick(rng, v.components)} now logs request ids, handy for debugging",
        ),
    )


def file_caption(rng: random.Random, v: Vocab) -> str:
    return pick(
        rng,
        (
            "",
            f"Screens for the {pick(rng, v.components)} on {pick(rng, v.envs)}",
            f"Screens for the {pick(rng, v.components)}",
            f"Latest {pick(rng, v.artifacts)}",
            f"Export from {pick(rng, v.envs)}",
            f"as promised, {pick(rng, v.artifacts)}",
            f"{pick(rng, v.metrics).capitalize()}, last 30 days",
        ),
    )


def address(rng: random.Random, text: str, name: str) -> str:
    """A reply sometimes addressed to the person it answers, as people do in threads."""
    if not name or rng.random() < 0.4 or not text[:1].isalpha():
        return text
    return pick(rng, (f"{text}, {name}", f"{name} {text}", f"{text} {name}"))
