"""Jira text: issue summaries, descriptions and comments in the voice of a busy software team."""

from __future__ import annotations

import random

from samples.phrases_project import pick
from samples.vocab import Vocab

_STORY = (
    "Add {f}",
    "Support {f}",
    "Build {f}",
    "{F}",
    "Ship {f}",
    "Implement {f}",
    "{F} (first version)",
    "Improve {f}",
    "{F} for enterprise accounts",
    "Rework {f}",
    "{F}: edge cases",
)
_TASK = (
    "Instrument the {c}",
    "Document the {c}",
    "Clean up the {c}",
    "Add tests for the {c}",
    "Update the {c} dashboards",
    "Refactor the {c}",
    "Spike: options for the {c}",
    "Remove dead code in the {c}",
    "Add logging to the {c}",
    "Tune the {c} timeouts",
    "Audit the {c} permissions",
    "{Ch}",
)
_BUG = ("{B}", "{B} on {e}", "Regression: {b}", "{B} (reported by {cust})", "Intermittent: {b}")
_RECURRING = (
    "Monthly access review – {m}",
    "Rotate shared credentials – {m}",
    "Vendor renewal check – {m}",
    "Payroll export sanity check – {m}",
    "License usage report – {m}",
)
_MONTHS = ("June", "July", "August", "September", "October", "November")


def summary(rng: random.Random, v: Vocab, issue_type: str) -> str:
    if issue_type == "Story":
        f = pick(rng, v.features)
        return pick(rng, _STORY).format(f=f, F=f[0].upper() + f[1:])
    if issue_type == "Bug":
        b = pick(rng, v.bugs)
        return pick(rng, _BUG).format(
            b=b, B=b[0].upper() + b[1:], e=pick(rng, v.envs), cust=pick(rng, v.customers)
        )
    ch = pick(rng, v.chores)
    return pick(rng, _TASK).format(c=pick(rng, v.components), Ch=ch[0].upper() + ch[1:])


def recurring_summary(rng: random.Random, month_index: int) -> str:
    return pick(rng, _RECURRING).format(m=_MONTHS[month_index % len(_MONTHS)])


def description(rng: random.Random, v: Vocab, issue_type: str, title: str) -> str:
    if rng.random() < 0.35:
        return ""
    comp = pick(rng, v.components)
    if issue_type == "Bug":
        return pick(
            rng,
            (
                f"Steps to reproduce:\n1. Open the {comp}\n2. Repeat the action from the title\n\nExpected: it works "
                f"as on {pick(rng, v.envs)}.\nActual: {title[0].lower() + title[1:]}.",
                f"Seen by {pick(rng, v.customers)}. Happens roughly one time in ten; logs attached in the support ticket.",
                f"Started after the last {comp} change. Rolling back locally makes it go away.",
            ),
        )
    if issue_type == "Story":
        return pick(
            rng,
            (
                f"As a customer I want {title[0].lower() + title[1:]} so that I don't have to contact support.\n\n"
                f"Acceptance criteria:\n- works for existing accounts\n- covered by tests\n- {pick(rng, v.metrics)} "
                "does not get worse",
                f"Context: asked for by {pick(rng, v.customers)} and two other accounts. Design is in the Figma file "
                f"linked from the epic. Touches the {comp}.",
                f"Scope: {title}. Out of scope: anything in the {comp} beyond the happy path.",
            ),
        )
    return pick(
        rng,
        (
            f"Housekeeping on the {comp}. Small, but it keeps coming up in on-call.",
            f"Follow-up from the {pick(rng, v.meetings)}. Owner agreed in the meeting notes.",
            f"Needed before we can touch the {comp} again safely.",
        ),
    )


def comment(rng: random.Random, v: Vocab, *, done: bool, reviewer: bool) -> str:
    if reviewer and rng.random() < 0.55:
        return pick(
            rng,
            (
                "Reviewed, left comments on the PR.",
                "lgtm, approved.",
                "Code review done: approved with two small nits.",
                "Left comments about naming, otherwise ok.",
            ),
        )
    if done and rng.random() < 0.4:
        return pick(
            rng,
            (
                f"Deployed to {pick(rng, v.envs)}, verified.",
                "Done, closing.",
                "Verified by QA on the latest build.",
                "Released with this week's train.",
            ),
        )
    return pick(
        rng,
        (
            f"Pushed a first version, touching the {pick(rng, v.components)} only.",
            f"Moved to the next sprint, the {pick(rng, v.components)} work took longer.",
            "Added a test that reproduces it.",
            f"Talked to {pick(rng, v.customers)}: this matters more for them than we thought.",
            f"Linked the design. {pick(rng, v.metrics).capitalize()} should not change.",
            "Splitting this: the second half becomes its own ticket.",
            f"Question for product: do we want this on {pick(rng, v.envs)} first?\nAnswer from the sync: yes, "
            "behind a flag.",
            "Picked this up; first pass today; notes in the PR description.",
            f"Repro is flaky; 3 out of 10 on {pick(rng, v.envs)}.",
        ),
    )


def recent_update(rng: random.Random, v: Vocab) -> str:
    """The latest note on an open issue (the holder is active in the project, 04 §1.3)."""
    return pick(
        rng,
        (
            f"Update: {pick(rng, v.components)} part is done, finishing the rest this week.",
            "Still on it, PR should be up tomorrow.",
            f"Rebased on main, re-running tests on {pick(rng, v.envs)}.",
            "Paired on this today, down to the last two cases.",
            "Status: halfway, no surprises so far.",
        ),
    )
