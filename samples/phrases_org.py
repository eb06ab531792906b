"""What people say outside project channels: #general, #random, #sales, #cs, #finance and the rest.

Each generator returns a top-level text and the replies it draws (possibly none). A text ending in a
question mark always comes with at least one reply, so no org question is left unanswered.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from samples.phrases_project import EMOJI_UP, WEEKDAYS, pick

Unit = tuple[str, tuple[str, ...]]
_CUSTOMERS = (
    "Brightwater",
    "Halvorsen & Co",
    "Northpeak",
    "Osprey Dental",
    "Kitewise",
    "Marlow Foods",
    "Tidewell",
    "Crestline Labs",
    "Fernhill",
    "Quayside Legal",
    "Bluefin Logistics",
    "Pemberton Health",
)
_FOODS = (
    "tacos",
    "ramen",
    "the Lebanese place",
    "pizza",
    "the new salad bar",
    "dumplings",
    "burritos",
    "pho",
)
_PETS = ("cat", "dog", "puppy", "parrot", "rabbit")


def _n(rng: random.Random, lo: int, hi: int) -> int:
    return rng.randint(lo, hi)


def general(rng: random.Random) -> Unit:
    roll = rng.randrange(9)
    if roll == 0:
        return (
            f"Welcome to the team! :wave: Please say hi to our new {pick(rng, ('hire', 'colleague', 'teammate'))} "
            f"joining {pick(rng, ('Sales', 'Customer Success', 'Engineering', 'Finance', 'Design'))} this week",
            tuple(
                pick(
                    rng,
                    (
                        ":tada: welcome!",
                        ":wave: welcome aboard!",
                        ":wave: hi and welcome",
                        "🎉 great to have you",
                    ),
                )
                for _ in range(_n(rng, 1, 3))
            ),
        )
    if roll == 1:
        return (
            f"Reminder: the {pick(rng, ('fire alarm test', 'cleaners', 'building maintenance', 'window cleaning'))} "
            f"is on {pick(rng, WEEKDAYS)} morning",
            (),
        )
    if roll == 2:
        return (
            f"Lunch & learn this {pick(rng, WEEKDAYS)}: {pick(rng, ('how we price', 'a tour of the data warehouse', 'customer interviews 101', 'writing good tickets', 'what support sees every day'))}. "
            f"Food is {pick(rng, _FOODS)} {pick(rng, EMOJI_UP)}",
            (),
        )
    if roll == 3:
        return (
            f"Huge congrats to the {pick(rng, ('CS', 'sales', 'support', 'finance', 'design'))} team for "
            f"{pick(rng, ('closing the quarter early', 'the NPS jump', 'the new onboarding deck', 'hitting the renewal target', 'the smooth audit'))} :clap:",
            tuple(
                pick(rng, ("well deserved!", "amazing work", "so good to see", "congrats all"))
                for _ in range(_n(rng, 0, 2))
            ),
        )
    if roll == 4:
        return (
            f"Who has the spare HDMI adapter from the {pick(rng, ('big', 'small', 'corner', 'quiet'))} meeting room?",
            (
                pick(
                    rng,
                    (
                        "it's in the top drawer by the printer",
                        "I borrowed it, bringing it back now",
                        "Linda put it in the IT cupboard",
                    ),
                ),
            ),
        )
    if roll == 5:
        return (
            f"The {pick(rng, ('coffee machine', 'dishwasher', 'printer on 2', 'badge reader at the back door'))} "
            f"is {pick(rng, ('fixed', 'acting up again', 'being replaced on Thursday', 'back to normal'))}",
            (),
        )
    if roll == 6:
        return (
            f"Company update: {pick(rng, ('the Q4 OKRs are in the drive', 'board meeting recap is in the notes folder', 'hiring plan for next quarter is shared', 'we passed the SOC 2 surveillance audit'))}. "
            "Questions welcome in the thread",
            tuple(
                pick(rng, ("thanks for sharing", "great news", ":raised_hands:"))
                for _ in range(_n(rng, 0, 2))
            ),
        )
    if roll == 7:
        return (
            f"Office is quiet on {pick(rng, WEEKDAYS)}, most of us are at the "
            f"{pick(rng, ('customer summit', 'offsite', 'partner day', 'conference'))}",
            (),
        )
    return (
        f"Kudos to {pick(rng, ('support', 'the on-call crew', 'People Ops', 'Finance'))} for "
        f"{pick(rng, ('handling the outage comms', 'sorting payroll so fast', 'the new expense flow', 'covering the holidays'))}",
        (),
    )


def random_chat(rng: random.Random) -> Unit:
    roll = rng.randrange(8)
    if roll == 0:
        return (
            f"Anyone up for {pick(rng, _FOODS)} at {pick(rng, ('12:00', '12:30', '1pm'))}?",
            tuple(
                pick(rng, ("in!", "count me in", "I'm in :raised_hand:", "can't today, next time"))
                for _ in range(_n(rng, 1, 3))
            ),
        )
    if roll == 1:
        return (
            f"My {pick(rng, _PETS)} just walked across the keyboard during a {pick(rng, ('demo', 'call', 'standup'))} "
            ":joy:",
            tuple(
                pick(rng, ("pics or it didn't happen", ":joy:", "the best kind of interruption"))
                for _ in range(_n(rng, 0, 2))
            ),
        )
    if roll == 2:
        return (
            f"Book club pick for {pick(rng, ('next month', 'October', 'the holidays'))}: "
            f"{pick(rng, ('Project Hail Mary', 'The Mom Test', 'Tomorrow, and Tomorrow, and Tomorrow', 'Shape Up', 'Piranesi'))}",
            (),
        )
    if roll == 3:
        return (
            f"Weekend plans? I'm {pick(rng, ('finally hiking', 'painting the kitchen', 'running a 10k', 'visiting family', 'doing nothing at all'))}",
            tuple(
                pick(rng, ("sounds great", "jealous!", "same, nothing at all :sleeping:", "good luck!"))
                for _ in range(_n(rng, 1, 2))
            ),
        )
    if roll == 4:
        return (
            f"Who else is watching {pick(rng, ('the World Cup qualifiers', 'the new season of Severance', 'the cycling', 'the F1 race'))} tonight?",
            (pick(rng, ("me!", "no spoilers please", "obviously")),),
        )
    if roll == 5:
        return (
            f"There are {pick(rng, ('cookies', 'leftover bagels', 'birthday cake', 'pastries from the client visit'))} "
            f"in the kitchen {pick(rng, (':cookie:', ':cake:', ':croissant:'))}",
            (),
        )
    if roll == 6:
        return (
            f"TIL {pick(rng, ('octopuses have three hearts', 'the office plant is 11 years old', 'our building used to be a printworks', 'honey never spoils'))}",
            tuple(pick(rng, ("whoa", "TIL too", ":exploding_head:")) for _ in range(_n(rng, 0, 1))),
        )
    return (
        f"Plant update: the {pick(rng, ('fern', 'monstera', 'cactus', 'fiddle leaf'))} survived another week :seedling:",
        (),
    )


def announcements(rng: random.Random) -> Unit:
    day = pick(rng, WEEKDAYS)
    return (
        pick(
            rng,
            (
                f"Reminder: all-hands this {day} at 17:00 UK time, questions go in the form beforehand",
                f"We welcomed {_n(rng, 3, 9)} new people this month. Please take a minute to say hello in #general",
                f"The engagement survey is open until {day}, it takes five minutes and it is anonymous",
                f"Security reminder: never share customer exports over email, use the secure drive folder ({day} refresher "
                "session for anyone who wants one)",
                f"The {pick(rng, ('holiday calendar', 'travel policy', 'parental leave policy', 'hybrid work guide'))} "
                "is updated in the People Ops handbook",
                f"Thank you all for a strong {pick(rng, ('month', 'quarter', 'summer'))}. The board update is in the "
                "Company folder",
            ),
        ),
        (),
    )


def engineering(rng: random.Random) -> Unit:
    lib = pick(
        rng, ("Postgres 16", "Node 22", "Python 3.12", "Kotlin 2.0", "Terraform 1.9", "React 19", "Go 1.23")
    )
    roll = rng.randrange(6)
    if roll == 0:
        return (
            f"Anyone already upgraded to {lib}? Any gotchas?",
            (
                pick(
                    rng,
                    (
                        f"we did {lib} on the platform side, smooth so far",
                        "only deprecation warnings so far",
                        f"yes, check the {lib} changelog about defaults",
                        "not yet, it's on the list for next sprint",
                    ),
                ),
            ),
        )
    if roll == 1:
        return (
            f"Tech talk {pick(rng, WEEKDAYS)}: {pick(rng, ('how our deploys work', 'profiling Python services', 'feature flags done right', 'writing runbooks people read', 'what we learned from the last outage', 'testing with real data safely'))}",
            (),
        )
    if roll == 2:
        return (
            f"Incident review for {pick(rng, ('the login latency spike', 'the queue backlog', 'the DNS hiccup', 'the expired certificate', 'the cache stampede', 'the failed migration'))} "
            f"is in the incidents folder. {_n(rng, 2, 6)} action items, all with owners",
            (),
        )
    if roll == 3:
        return (
            f"PSA: {pick(rng, ('rotate your GitHub tokens this week', 'the old CI runners go away on Friday', 'main is protected now, use PRs', 'staging data refresh tonight', 'the VPN client needs an update', 'new laptops get disk encryption by default'))}",
            tuple(
                pick(rng, ("thanks for the heads up", "good to know", "done on my side"))
                for _ in range(_n(rng, 0, 1))
            ),
        )
    if roll == 4:
        return (
            f"On-call handover: {pick(rng, ('quiet', 'busy', 'mixed'))} week, {_n(rng, 0, 9)} pages, mostly from the "
            f"{pick(rng, ('disk alert', 'cron monitor', 'synthetic checks', 'queue depth alarm', 'error budget burn'))}",
            (),
        )
    return (
        f"Hiring update: {_n(rng, 2, 6)} onsite interviews for the {pick(rng, ('platform', 'mobile', 'data', 'frontend'))} role "
        f"next week, please grab a slot in the sheet by {pick(rng, WEEKDAYS)}",
        (),
    )


def design(rng: random.Random) -> Unit:
    return (
        pick(
            rng,
            (
                f"Critique {pick(rng, WEEKDAYS)}: bring anything half-finished, it's a safe space :art:",
                f"New icons are in the shared library, {_n(rng, 12, 40)} added and {_n(rng, 3, 15)} deprecated",
                f"Research repository is reorganised by {pick(rng, ('customer segment', 'journey stage', 'product area'))} now",
                f"Usability sessions this week: {_n(rng, 4, 8)} customers booked, notes in the research folder",
                f"Type scale tweak: body text goes from {_n(rng, 14, 15)} to 16 px across the products",
                f"Reminder to link Figma frames in tickets instead of screenshots, it saves {pick(rng, ('QA', 'everyone', 'engineering'))} a lot of back and forth",
                f"Design system office hours moved to {pick(rng, WEEKDAYS)} {pick(rng, ('10:00', '14:00', '15:30'))}",
            ),
        ),
        tuple(
            pick(rng, ("nice", "love the new icons", "thanks for organising", "very useful", "see you there"))
            for _ in range(_n(rng, 0, 2))
        ),
    )


def qa(rng: random.Random) -> Unit:
    return (
        pick(
            rng,
            (
                f"Regression run finished: {_n(rng, 380, 420)} passed, {_n(rng, 0, 4)} flaky, report in the QA folder",
                f"Device lab update: {pick(rng, ('two new Pixels', 'a Galaxy A15', 'an older iPhone SE', 'a Chromebook', 'an iPad mini'))} added",
                f"Test data refresh is done for {pick(rng, ('staging', 'the QA stack', 'the demo tenant', 'the sandbox'))}, the seeded accounts are back",
                f"Exploratory session notes from {pick(rng, WEEKDAYS)} are in the QA doc ({_n(rng, 2, 9)} findings)",
                f"Flaky test of the week: {pick(rng, ('the date picker spec', 'the login e2e', 'the export snapshot', 'the payment webhook test'))}, quarantined for now",
            ),
        ),
        (),
    )


def devops(rng: random.Random) -> Unit:
    return (
        pick(
            rng,
            (
                f"Deployed {pick(rng, ('the API', 'the worker fleet', 'the gateway', 'the scheduler'))} to production, "
                f"{_n(rng, 2, 9)} minutes, no errors",
                f"Terraform plan for the {pick(rng, ('VPC peering', 'new bucket policy', 'Redis upgrade', 'log retention change'))} "
                "is in the PR",
                f"Certificates renewed for {_n(rng, 3, 12)} domains, next renewal in 60 days",
                f"Cost report: cloud spend {pick(rng, ('down', 'up', 'flat'))} {_n(rng, 1, 9)}% month over month",
                f"Maintenance window {pick(rng, WEEKDAYS)} 22:00-23:00 UTC for the {pick(rng, ('database minor version upgrade', 'Redis failover test', 'load balancer swap', 'node pool rotation'))}",
                f"Paging noise cut by {_n(rng, 20, 60)}% after tuning the {pick(rng, ('disk', 'latency', 'queue', 'memory'))} alerts",
            ),
        ),
        tuple(pick(rng, ("thanks", "nice work", "smooth one")) for _ in range(_n(rng, 0, 1))),
    )


def sales(rng: random.Random) -> Unit:
    cust = pick(rng, _CUSTOMERS)
    roll = rng.randrange(5)
    if roll == 0:
        return (
            f":bell: Closed {cust}! {_n(rng, 12, 96)}k ARR, {pick(rng, ('annual', 'two-year', 'three-year'))} deal",
            tuple(
                pick(rng, ("let's go!! :tada:", "huge!", "great work", "well done", "what a deal"))
                for _ in range(_n(rng, 1, 4))
            ),
        )
    if roll == 1:
        return (
            f"{cust} wants a demo of the reporting features {pick(rng, WEEKDAYS)}, anyone from product free?",
            (pick(rng, ("I can join, send the invite", "Mark can cover it, I checked", "I'll be there")),),
        )
    if roll == 2:
        return (
            f"Pipeline review notes: {_n(rng, 8, 30)} deals in stage 3, forecast call moved to {pick(rng, WEEKDAYS)}",
            (),
        )
    if roll == 3:
        return (f"Lost {cust} to a cheaper competitor, notes in the deal record. Pricing came up again", ())
    return (f"New case study draft with {cust} is in the marketing folder, feedback welcome", ())


def customer_success(rng: random.Random) -> Unit:
    cust = pick(rng, _CUSTOMERS)
    return (
        pick(
            rng,
            (
                f"{cust} renewed for another year, and they want to expand to {_n(rng, 2, 5)} more teams",
                f"QBR with {cust} went well; their main ask is better invoice exports",
                f"Support queue: {_n(rng, 20, 60)} open tickets, median first response {_n(rng, 18, 55)} minutes",
                f"{cust} reported slow page loads in the portal, ticket linked in the CS board",
                f"CSAT this week: {_n(rng, 88, 97)}%. Nice work everyone",
                f"Heads up, {cust} is churn risk: usage down {_n(rng, 20, 45)}% since the summer",
            ),
        ),
        tuple(
            pick(
                rng,
                (
                    "thanks for flagging",
                    "great news",
                    "on my list for the weekly",
                    "nice work",
                    "good to know",
                ),
            )
            for _ in range(_n(rng, 0, 2))
        ),
    )


def finance(rng: random.Random) -> Unit:
    month = pick(rng, ("September", "October", "November", "Q3", "August"))
    return (
        pick(
            rng,
            (
                f"Month-end close starts {pick(rng, WEEKDAYS)}; expenses in by then please",
                f"Budget vs actuals for {month} is in the finance folder",
                f"Reminder: purchase requests over {_n(rng, 2, 5)}k need a second approver",
                f"Vendor payments run on {pick(rng, WEEKDAYS)}s from {month} on",
                f"Cash runway update shared with leadership, {_n(rng, 26, 34)} months at the current burn",
                f"{month} invoices: {_n(rng, 92, 99)}% collected, {_n(rng, 2, 9)} accounts in the reminder flow",
            ),
        ),
        (),
    )


def product(rng: random.Random) -> Unit:
    return (
        pick(
            rng,
            (
                f"Roadmap review slides are in the Company folder, comments welcome until {pick(rng, WEEKDAYS)}",
                f"Customer interviews this week: {_n(rng, 3, 7)} booked, mostly about {pick(rng, ('reporting', 'exports', 'billing', 'permissions'))}",
                f"Feature request board is cleaned up, {_n(rng, 20, 60)} duplicates merged",
                f"Pricing page experiment ended: variant B converted {_n(rng, 4, 18)}% better",
                f"PM sync notes: {pick(rng, ('fewer parallel bets next quarter', 'tighter scope for Q1', 'more customer calls per PM', 'a shared metrics review'))}",
            ),
        ),
        tuple(pick(rng, ("thanks", "interesting", "good read", "makes sense")) for _ in range(_n(rng, 0, 2))),
    )


def people(rng: random.Random) -> Unit:
    return (
        pick(
            rng,
            (
                "Confidential: compensation review letters go out next week, please keep this channel private",
                "Two offers accepted this week, start dates in the hiring tracker",
                "Reminder for managers: probation reviews are due for the September starters",
                "Confidential: one performance plan in progress, details only in the HR system",
                "Updated salary bands are in the People Ops folder",
            ),
        ),
        (),
    )


ORG_GENERATORS: dict[str, Callable[[random.Random], Unit]] = {
    "general": general,
    "random": random_chat,
    "announcements": announcements,
    "engineering": engineering,
    "design": design,
    "qa": qa,
    "devops": devops,
    "sales": sales,
    "cs": customer_success,
    "finance": finance,
    "product": product,
    "people": people,
}
