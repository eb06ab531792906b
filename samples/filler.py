"""People, projects and channels added at scale > 1 (spec 11 §1 "Scale").

Each unit adds ≈ 60 people, five projects of the non-mobile kinds with two channels each, and two team
channels, all from a random stream of its own so the planted part never changes.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from samples import ids
from samples.model import Channel, Person, make_person
from samples.names import FILLER_HEADCOUNT, FILLER_TITLES, FIRST_NAMES, LAST_NAMES
from samples.roster import Entry
from samples.specs import EpicSpec, ProjectSpec
from samples.timeline import START, at
from samples.vocab import CODENAMES, FILLER_KINDS, FILLER_PROJECT_TITLES, KIND_VOCAB


def _filler_people(seed: int, unit: int, rng: random.Random, used: set[str]) -> list[Person]:
    people: list[Person] = []
    for dept, count in FILLER_HEADCOUNT:
        for _ in range(count):
            while True:
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                handle = f"{first}.{last}".lower()
                if handle not in used:
                    used.add(handle)
                    break
            key = f"{handle.replace('.', '-')}"
            entry = Entry(
                key,
                first,
                last,
                rng.choice(FILLER_TITLES[dept]),
                dept,
                (),
                joined=date(2025, rng.randint(1, 12), rng.randint(1, 28)),
                tz="Europe/London",
            )
            people.append(make_person(seed, entry, unit))
    return people


def _filler_project(unit: int, index: int, team: list[str], pm: str, rng: random.Random) -> ProjectSpec:
    n = (unit - 1) * 5 + index
    code = CODENAMES[n % len(CODENAMES)]
    cycle = n // len(CODENAMES)
    kind = FILLER_KINDS[index]
    suffix = f" {cycle + 1}" if cycle else ""
    key = f"{code.upper()[:6]}{cycle + 1 if cycle else ''}"
    slug = f"{code.lower()}{'-' + str(cycle + 1) if cycle else ''}"
    start = START + timedelta(days=rng.randint(0, 40))
    weeks_live = (date(2026, 11, 30) - start).days // 7
    rate = rng.randint(14, 18)
    done = tuple(max(0, rate + rng.randint(-3, 3)) if k < weeks_live else 0 for k in range(27))
    name = FILLER_PROJECT_TITLES[kind].format(code=code) + suffix
    lead = team[0]
    epics = tuple(
        EpicSpec(f"{name}: {stream}", w0, w1, w1 < 18)
        for stream, w0, w1 in (("foundations", 0, 8), ("core build", 4, 20), ("rollout", 16, 26))
    )
    return ProjectSpec(
        key=key,
        name=name,
        kind=kind,
        channels=(f"proj-{slug}", f"{slug}-eng"),
        folder=name,
        deadline=date(2027, rng.randint(3, 6), rng.randint(1, 28)),
        start=start,
        topic=f"{name} · status in the weekly notes",
        purpose=f"Everything about {name}.",
        epics=epics,
        team=tuple((k, 1.0) for k in team),
        reporters=((pm, 0.6), (lead, 0.4)),
        lead=lead,
        pm=pm,
        deciders=((lead, 1.0),),
        reviewers=((lead, 0.6), (team[1], 0.4)),
        askers=((lead, 0.5), (pm, 0.5)),
        watchers=(pm,),
        done_by_week=done,
        open_mix=(("To Do", 16), ("In Progress", 8), ("In Review", 4)),
        cancelled=4,
        vocab=KIND_VOCAB[kind],
        rates=((f"proj-{slug}", 16.0), (f"{slug}-eng", 12.0)),
        planted=False,
    )


def filler_unit(
    seed: int, unit: int, used: set[str]
) -> tuple[list[Person], list[ProjectSpec], list[Channel]]:
    rng = random.Random(f"{seed}:filler:{unit}")
    people = _filler_people(seed, unit, rng, used)
    by_dept: dict[str, list[str]] = {}
    for p in people:
        by_dept.setdefault(p.department, []).append(p.key)
    eng, pms, designers = by_dept["Engineering"], by_dept["Product"], by_dept["Design"]
    projects = [
        _filler_project(
            unit, j, [*eng[j * 5 : (j + 1) * 5], designers[j % len(designers)]], pms[j % len(pms)], rng
        )
        for j in range(5)
    ]
    channels: list[Channel] = []
    for spec in projects:
        team = [k for k, _ in spec.team]
        for i, name in enumerate(spec.channels):
            members = tuple(dict.fromkeys([*team, spec.pm])) if i == 0 else tuple(team)
            channels.append(
                Channel(
                    id=ids.slack_channel_id(seed, name),
                    name=name,
                    kind="project" if i == 0 else "dev",
                    project=spec.key,
                    created=at(spec.start, 9),
                    creator=spec.pm,
                    topic=spec.topic,
                    purpose=spec.purpose,
                    members=members,
                    posters=members,
                    joins=tuple((k, spec.start) for k in members),
                    leaves=(),
                    rate=dict(spec.rates)[name],
                    unit=unit,
                )
            )
    for name, gen, dept in (
        (f"eng-guild-{unit}", "engineering", "Engineering"),
        (f"customer-team-{unit}", "cs", "Customer Success"),
    ):
        members = tuple(by_dept[dept] + by_dept["Sales" if dept != "Engineering" else "Product"])
        channels.append(
            Channel(
                id=ids.slack_channel_id(seed, name),
                name=name,
                kind=gen,
                project=None,
                created=at(START, 9),
                creator=members[0],
                topic=f"Unit {unit} {dept.lower()} chatter",
                purpose="Team channel.",
                members=members,
                posters=members,
                joins=tuple((k, START) for k in members),
                leaves=(),
                rate=9.0,
                unit=unit,
            )
        )
    return people, projects, channels
