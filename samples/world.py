"""The world at a given scale: the scale-1 company (roster.py, facts.py) plus the filler units.

Channels of the scale-1 company are declared here; filler.py adds the rest. The planted part is the same
at every scale.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from samples import ids
from samples.facts import GAMMA_RENAME, PROJECTS
from samples.filler import filler_unit
from samples.model import Channel, Person, World, make_bot, make_person
from samples.roster import BOT_KEY, ROSTER
from samples.timeline import START, at

__all__ = ["build_world"]


_ORG_CHANNELS = (
    # name, generator, rate, creator, topic, purpose, membership rule
    (
        "general",
        "general",
        6.0,
        "helen-park",
        "Company-wide announcements and chatter",
        "This channel is for workspace-wide communication.",
        "all",
    ),
    ("random", "random", 6.0, "helen-park", "Lunch, pets and everything else", "Non-work banter.", "all"),
    (
        "announcements",
        "announcements",
        0.4,
        "sarah-chen",
        "Read-only-ish: company news from leadership",
        "Official announcements.",
        "all",
    ),
    (
        "engineering",
        "engineering",
        7.0,
        "michael-chang",
        "Engineering-wide: tech talks, incidents, hiring",
        "All of engineering.",
        "Engineering",
    ),
    (
        "design",
        "design",
        3.5,
        "nina-kowalski",
        "Critiques, research and the design system",
        "Design team.",
        "Design+Product",
    ),
    ("qa", "qa", 2.5, "grace-liu", "Test runs and the device lab", "Quality.", "qa"),
    (
        "devops",
        "devops",
        4.0,
        "ethan-brooks",
        "Deploys, infra and on-call",
        "Platform and on-call.",
        "devops",
    ),
    ("sales", "sales", 6.0, "patrick-doyle", "Deals, pipeline and wins", "Sales team.", "Sales"),
    (
        "cs",
        "cs",
        5.5,
        "diana-popescu",
        "Customer Success and Support",
        "Customers first.",
        "Customer Success",
    ),
    ("finance", "finance", 2.0, "thomas-baker", "Close, budgets and approvals", "Finance.", "Finance"),
    (
        "product",
        "product",
        3.5,
        "mark-sullivan",
        "Roadmap, research and pricing",
        "Product and design.",
        "Design+Product",
    ),
    (
        "hr-confidential",
        "people",
        0.4,
        "rebecca-stone",
        "People team only, please don't cross-post",
        "Confidential People Ops matters.",
        "people",
    ),
)
_SPECIAL_MEMBERS = {
    "qa": ("grace-liu", "aisha-bello", "priya-sharma", "marcus-reid", "daniel-okafor", "nadia-petrova"),
    "devops": (
        "ethan-brooks",
        "victor-lindqvist",
        "jonas-weber",
        "michael-chang",
        "raj-patel",
        "nadia-petrova",
        "daniel-okafor",
        "amit-kumar",
    ),
    "people": ("rebecca-stone", "sarah-chen", "helen-park", "thomas-baker"),
}


def _org_members(rule: str, people: list[Person]) -> list[str]:
    humans = [p for p in people if p.slack_id and not p.is_bot]
    if rule == "all":
        return [p.key for p in humans]
    if rule in _SPECIAL_MEMBERS:
        return list(_SPECIAL_MEMBERS[rule])
    depts = set(rule.split("+"))
    return [p.key for p in humans if p.department in depts or p.key in {"sarah-chen", "helen-park"}]


def _joins_after_start(keys: list[str], people: dict[str, Person]) -> list[tuple[str, date]]:
    return [(k, people[k].joined) for k in keys if people[k].joined > START]


def _base_channels(seed: int, people: dict[str, Person], plist: list[Person]) -> list[Channel]:
    channels: list[Channel] = []
    for name, gen, rate, creator, topic, purpose, rule in _ORG_CHANNELS:
        members = _org_members(rule, plist)
        current = tuple(k for k in members if not people[k].deactivated)
        depts = set(rule.split("+"))
        authors = tuple(k for k in members if people[k].department in depts)
        if rule == "all" and name == "announcements":
            authors = ("sarah-chen", "helen-park", "rebecca-stone", "michael-chang")
        channels.append(
            Channel(
                id=ids.slack_channel_id(seed, name),
                name=name,
                kind=gen,
                project=None,
                authors=authors,
                created=at(date(2019, 3, 4), 9),
                creator=creator,
                topic=topic,
                purpose=purpose,
                members=current,
                posters=tuple(members),
                joins=tuple(_joins_after_start(members, people)),
                leaves=(),
                rate=rate,
                is_general=name == "general",
            )
        )
    for spec in PROJECTS:
        team = [k for k, _ in spec.team if people[k].slack_id]
        for i, name in enumerate(spec.channels):
            if i == 0:
                members = list(dict.fromkeys([*team, *spec.watchers]))
            else:  # the dev channel: engineers only
                members = [k for k in team if people[k].department == "Engineering"]
            previous, renamed = (GAMMA_RENAME[0], GAMMA_RENAME[1]) if name == "proj-gamma" else (None, None)
            leaves = (("jonas-weber", date(2026, 10, 12)),) if name == "proj-delta" else ()
            left = {k for k, _ in leaves}
            current = tuple(k for k in members if not people[k].deactivated and k not in left)
            joins = [(k, max(spec.start, people[k].joined)) for k in members]
            channels.append(
                Channel(
                    id=ids.slack_channel_id(seed, name),
                    name=name,
                    kind="project" if i == 0 else "dev",
                    project=spec.key,
                    created=at(spec.start, 8, 30),
                    creator=spec.lead if i else spec.pm,
                    topic=spec.topic
                    if i == 0
                    else f"Engineering chatter for {spec.name}: PRs, builds, releases",
                    purpose=spec.purpose,
                    members=(*current, BOT_KEY) if i == 0 else current,
                    posters=tuple(members),
                    joins=tuple(joins),
                    leaves=leaves,
                    rate=dict(spec.rates)[name],
                    previous_name=previous,
                    renamed_on=renamed,
                )
            )
    return channels


def build_world(seed: int, scale: int) -> World:
    """The whole company at `scale`: scale-1 people and projects first, then the filler units."""
    people = [make_person(seed, e) for e in ROSTER]
    people.append(make_bot(seed))
    by_key = {p.key: p for p in people}
    channels = _base_channels(seed, by_key, people)
    projects = list(PROJECTS)
    used = {p.handle for p in people}
    for unit in range(1, scale):
        more_people, more_projects, more_channels = filler_unit(seed, unit, used)
        people.extend(more_people)
        projects.extend(more_projects)
        channels.extend(more_channels)
    by_key = {p.key: p for p in people}
    if scale > 1:  # every added person is in the company-wide channels
        extra = tuple(p.key for p in people if p.unit > 0)
        channels = [
            _with_members(c, extra) if c.name in {"general", "random", "announcements"} else c
            for c in channels
        ]
    return World(
        seed=seed,
        scale=scale,
        people=tuple(people),
        projects=tuple(projects),
        channels=tuple(channels),
        by_key=by_key,
    )


def _with_members(channel: Channel, extra: tuple[str, ...]) -> Channel:
    return replace(channel, members=channel.members + extra)
