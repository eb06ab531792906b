"""Document prose: paragraphs that read like an engineering or planning document.

Used to give long documents (the 20-page architecture PDF, plans, notes) body text around the planted
passages; every sentence is built from the project's own vocabulary.
"""

from __future__ import annotations

import random

from samples.phrases_project import pick
from samples.vocab import Vocab

_SENTENCES = (
    "Ownership of the {comp} sits with one team, and changes to it go through the weekly {meeting}.",
    "We measure {metric} on {env} before every release and compare it with the previous four weeks.",
    "Our main constraint for {topic} is time: the work has to fit around the release train without a freeze.",
    "For {topic}, the simplest option that survives a bad day in production is preferred over the clever one.",
    "Today the {comp} code handles the common path well; the edge cases are listed in the appendix.",
    "The {comp} and the {comp2} are deployed independently, so a fault in one does not take the other down.",
    "Each change to {topic} ships behind a flag and is enabled for internal users first.",
    "We expect {metric} to stay within ten percent of today's value after the change.",
    "Open questions about {topic} are tracked in Jira and reviewed at the {meeting}.",
    "Customers such as {cust} rely on the {comp} daily, which is why we keep a rollback path for every step.",
    "Every call through the {comp} logs a request id, which makes support tickets traceable end to end.",
    "Load on the {comp} peaks at the start of the month and on Monday mornings.",
    "We considered building the {comp} ourselves and decided against it for now; the cost is in the appendix.",
    "Security requirements for {topic} were agreed with the platform team and are part of the checklist.",
    "Ownership: the {comp} area has a named owner and a backup, both listed on the last page.",
    "Alerts for the {comp} page the on-call engineer only when customers are affected.",
    "Testing for {topic} combines unit tests, a contract test against {env} and a short manual pass.",
    "Work on the {comp} depends on the {comp2}; the contract between them is versioned.",
    "Migration steps for {topic} are reversible until the final switch, which is planned for a quiet day.",
    "We review {metric} weekly; a drop of more than five percent opens a ticket automatically.",
    "Documentation for the {comp} lives next to the code and is linked from the runbook.",
    "A small number of accounts use the {comp} heavily; we size capacity for them, not for the average.",
)


def _render(rng: random.Random, v: Vocab, topic: str, template: str) -> str:
    return template.format(
        comp=pick(rng, v.components),
        comp2=pick(rng, v.components),
        metric=pick(rng, v.metrics),
        env=pick(rng, v.envs),
        meeting=pick(rng, v.meetings),
        topic=topic,
        cust=pick(rng, v.customers),
    )


def paragraph(rng: random.Random, v: Vocab, topic: str, sentences: int = 4) -> str:
    """`sentences` sentences about `topic`, no two the same."""
    chosen = rng.sample(_SENTENCES, k=min(sentences, len(_SENTENCES)))
    return " ".join(_render(rng, v, topic, s) for s in chosen)


def paragraphs(rng: random.Random, v: Vocab, topic: str, count: int) -> tuple[str, ...]:
    """`count` paragraphs of 3–5 sentences; no sentence repeats within the section."""
    pool = rng.sample(_SENTENCES, k=len(_SENTENCES))
    out = []
    for _ in range(count):
        size = rng.randint(3, 5)
        if len(pool) < size:
            pool += rng.sample(_SENTENCES, k=len(_SENTENCES))
        chosen, pool = pool[:size], pool[size:]
        out.append(" ".join(_render(rng, v, topic, s) for s in chosen))
    return tuple(out)
