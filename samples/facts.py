"""The planted facts of spec 00 and spec 11 §2, declared once.

Generators plant them, truth.json reports them and the self-check proves them from the produced files;
all three read this module (and planted_issues.py / anchors.py for issues and retrieval questions).
"""

from __future__ import annotations

from datetime import date

from samples.specs import EpicSpec, MessageSpec, ProjectSpec, Reply
from samples.timeline import at

# Spec 11 §2 "App Store gap": none of these may appear anywhere in the output (case-insensitive).
ABSENT_TERMS: tuple[str, ...] = (
    "App Store",
    "TestFlight",
    "developer account",
    "Apple developer",
    "App Store Connect",
    "store review",
    "developer program",
    "iTunes",
    "Apple",
)
# What makes the mobile-launch checklist apply to Alpha (04 §5 type keywords) and the minimum count of
# each across Alpha's messages, issues and documents.
MOBILE_SIGNALS: tuple[tuple[str, int], ...] = (
    ("ios", 40),
    ("android", 40),
    ("mobile app", 10),
    ("play store", 3),
)
# 04 §4's blocker-thread vocabulary: only deliberate blocker threads may use it.
BLOCKER_WORDS: tuple[str, ...] = ("blocked", "blocker", "stuck", "waiting on", "can't proceed")
REVIEW_WORDS: tuple[str, ...] = ("lgtm", "approved", "reviewed", "left comments", "code review")
ARCHITECTURE_WORDS: tuple[str, ...] = (
    "architecture",
    "schema",
    "trade-off",
    "rfc",
    "adr",
    "data model",
    "scalability",
    "service boundary",
)

KEVIN = "kevin-obrien"
KEVIN_LAST_DAY = date(2026, 11, 19)
# People who stop writing anywhere after a day while staying employed (Kevin's planted silence).
SILENT_AFTER = {KEVIN: KEVIN_LAST_DAY}

_ALPHA = ProjectSpec(
    key="ALPHA",
    name="Project Alpha",
    kind="mobile_app_launch",
    channels=("proj-alpha", "alpha-dev"),
    folder="Project Alpha",
    deadline=date(2026, 12, 18),
    start=date(2026, 6, 1),
    topic="Lumen mobile app for iOS and Android · launch deadline Dec 18, 2026 · demo Thursdays",
    purpose="Everything about the Lumen mobile app launch on iOS and Android: scope, status, releases.",
    epics=(
        EpicSpec("Mobile app onboarding and sign-in", 0, 9, True, ("ios", "android")),
        EpicSpec("Offline sync engine", 2, 14, True, ("backend",)),
        EpicSpec("Budget alerts and push notifications", 6, 17, True, ("ios", "android")),
        EpicSpec("Receipt scanner", 9, 22, False, ("android", "ios")),
        EpicSpec("iOS app release", 12, 26, False, ("ios", "release")),
        EpicSpec("Android app release", 12, 26, False, ("android", "release")),
        EpicSpec(
            "Launch readiness: iOS and Android",
            16,
            26,
            False,
            ("launch",),
            date(2026, 12, 18),
            "priya-sharma",
        ),
    ),
    team=(
        ("amit-kumar", 0.10),
        ("priya-sharma", 0.08),
        ("raj-patel", 0.12),
        ("maria-garcia", 0.15),
        ("lucas-moreau", 0.15),
        ("hiroshi-tanaka", 0.13),
        ("tariq-hassan", 0.12),
        ("grace-liu", 0.09),
        ("leo-hoffmann", 0.06),
    ),
    reporters=(
        ("amit-kumar", 0.73),
        ("sophie-laurent", 0.14),
        ("priya-sharma", 0.04),
        ("grace-liu", 0.07),
        ("raj-patel", 0.02),
    ),
    lead="priya-sharma",
    pm="sophie-laurent",
    deciders=(("raj-patel", 0.62), ("priya-sharma", 0.24), ("amit-kumar", 0.14)),
    reviewers=(("amit-kumar", 0.9), ("raj-patel", 0.05), ("priya-sharma", 0.05)),
    askers=(("amit-kumar", 0.95), ("priya-sharma", 0.05)),
    watchers=(
        "sophie-laurent",
        "leo-hoffmann",
        "mia-johansson",
        "mark-sullivan",
        "michael-chang",
        "sarah-chen",
        "paula-romero",
        "diana-popescu",
        "omar-haddad",
    ),
    done_by_week=(
        16,
        17,
        15,
        16,
        16,
        15,
        17,
        16,
        25,
        24,
        23,
        25,
        24,
        22,
        23,
        21,
        22,
        20,
        19,
        20,
        18,
        17,
        15,
        15,
        12,
        7,
        0,
    ),
    open_mix=(("To Do", 5), ("In Progress", 6), ("In Review", 5)),
    cancelled=8,
    vocab="alpha",
    rates=(("proj-alpha", 15.0), ("alpha-dev", 23.0)),
)

_BETA = ProjectSpec(
    key="BETA",
    name="Project Beta",
    kind="crm_integration",
    channels=("proj-beta",),
    folder="Project Beta",
    deadline=date(2026, 12, 31),
    start=date(2026, 6, 1),
    topic="Salesforce integration · go-live Dec 31, 2026",
    purpose="Two-way Salesforce sync for Accounts, Contacts and Opportunities, owned with Sales Ops.",
    epics=(
        EpicSpec("CRM discovery and field mapping", 0, 5, True, ("crm",)),
        EpicSpec("Salesforce connected app and auth", 2, 12, True, ("salesforce", "security")),
        EpicSpec("Nightly Account and Contact sync", 5, 26, False, ("salesforce",)),
        EpicSpec("Opportunity sync", 10, 26, False, ("salesforce",)),
        EpicSpec("Sync errors and monitoring", 12, 26, False, ("salesforce",)),
        EpicSpec("Salesforce go-live", 18, 26, False, ("release",), date(2026, 12, 31), "daniel-okafor"),
    ),
    team=(
        ("daniel-okafor", 0.22),
        ("emily-carter", 0.20),
        ("yusuf-demir", 0.18),
        ("wei-zhang", 0.18),
        ("sana-malik", 0.12),
        ("hannah-schmidt", 0.06),
        ("aisha-bello", 0.04),
    ),
    reporters=(("olivia-bennett", 0.5), ("daniel-okafor", 0.3), ("bob-miller", 0.1), ("hannah-schmidt", 0.1)),
    lead="daniel-okafor",
    pm="olivia-bennett",
    deciders=(("daniel-okafor", 0.7), ("wei-zhang", 0.3)),
    reviewers=(("daniel-okafor", 0.6), ("wei-zhang", 0.4)),
    askers=(("daniel-okafor", 0.6), ("olivia-bennett", 0.4)),
    watchers=(
        "olivia-bennett",
        "bob-miller",
        "patrick-doyle",
        "jessica-nguyen",
        "sarah-chen",
        "michael-chang",
        "thomas-baker",
    ),
    done_by_week=(1, 1, 1, 0, 4, 4, 4, 4, 9, 10, 9, 10, 11, 10, 11, 12, 11, 12, 11, 10, 10, 9, 9, 8, 6, 4, 0),
    open_mix=(("To Do", 30), ("In Progress", 12), ("In Review", 4), ("Blocked", 1)),
    cancelled=6,
    vocab="beta",
    rates=(("proj-beta", 19.0),),
    mood_turns=date(2026, 10, 5),
)

_GAMMA = ProjectSpec(
    key="GAMMA",
    name="Project Gamma",
    kind="data_migration",
    channels=("proj-gamma",),
    folder="Project Gamma",
    deadline=date(2027, 2, 26),
    start=date(2026, 6, 1),
    topic="Warehouse migration from Redshift to Snowflake · cutover deadline Feb 26, 2027",
    purpose="Moving the analytics warehouse and its ETL from Redshift to Snowflake without losing a row.",
    epics=(
        EpicSpec("Snowflake foundations", 0, 6, True, ("data",)),
        EpicSpec("ETL pipelines to Snowflake", 3, 20, False, ("data",)),
        EpicSpec("Historical backfill", 6, 16, True, ("data",)),
        EpicSpec("Validation and reconciliation", 10, 26, False, ("data", "qa")),
        EpicSpec("Warehouse cutover", 16, 26, False, ("release",), date(2027, 2, 26), "nadia-petrova"),
        EpicSpec("BI and downstream consumers", 12, 26, False, ("data",)),
        EpicSpec("Legacy warehouse decommission", 20, 26, False, ("infra",)),
    ),
    team=(
        ("nadia-petrova", 0.2),
        ("alex-kim", 0.22),
        ("alex-johnson", 0.2),
        ("samuel-osei", 0.2),
        ("oscar-nilsson", 0.18),
    ),
    reporters=(("nadia-petrova", 0.5), ("laura-fischer", 0.2), ("alex-kim", 0.15), ("george-evans", 0.15)),
    lead="nadia-petrova",
    pm="laura-fischer",
    deciders=(("nadia-petrova", 0.75), ("alex-kim", 0.25)),
    reviewers=(("nadia-petrova", 0.55), ("samuel-osei", 0.45)),
    askers=(("nadia-petrova", 1.0),),
    watchers=("laura-fischer", "george-evans", "thomas-baker", "jonas-weber", "sarah-chen", "michael-chang"),
    done_by_week=(
        17,
        16,
        18,
        17,
        16,
        17,
        16,
        15,
        22,
        21,
        23,
        22,
        21,
        22,
        21,
        20,
        20,
        19,
        18,
        19,
        18,
        17,
        16,
        15,
        13,
        8,
        0,
    ),
    open_mix=(("To Do", 58), ("In Progress", 14), ("In Review", 6)),
    cancelled=7,
    vocab="gamma",
    rates=(("proj-gamma", 21.0),),
)

_DELTA = ProjectSpec(
    key="DELTA",
    name="Project Delta",
    kind="web_redesign",
    channels=("proj-delta",),
    folder="Project Delta",
    deadline=date(2027, 1, 22),
    start=date(2026, 6, 1),
    topic="Customer portal redesign · launch Jan 22, 2027",
    purpose="Redesigning the customer portal: billing, invoices, account settings and support.",
    epics=(
        EpicSpec("Portal UX research", 0, 6, True, ("design", "ux")),
        EpicSpec("Design system and tokens", 2, 14, True, ("design", "frontend")),
        EpicSpec("Billing and invoices redesign", 8, 26, False, ("frontend",)),
        EpicSpec("Account settings redesign", 10, 26, False, ("frontend",)),
        EpicSpec("Support and help centre", 12, 26, False, ("frontend",)),
        EpicSpec("Portal launch", 18, 26, False, ("launch",), date(2027, 1, 22), "marcus-reid"),
    ),
    team=(
        ("kevin-obrien", 0.20),
        ("isabel-martins", 0.22),
        ("felix-wagner", 0.18),
        ("noah-schulz", 0.18),
        ("nina-kowalski", 0.10),
        ("marta-novak", 0.07),
        ("tom-becker", 0.05),
    ),
    reporters=(("chloe-dubois", 0.55), ("marcus-reid", 0.25), ("nina-kowalski", 0.1), ("diana-popescu", 0.1)),
    lead="marcus-reid",
    pm="chloe-dubois",
    deciders=(("marcus-reid", 0.55), ("nina-kowalski", 0.45)),
    reviewers=(("marcus-reid", 0.5), ("isabel-martins", 0.5)),
    askers=(("chloe-dubois", 0.6), ("marcus-reid", 0.4)),
    watchers=(
        "chloe-dubois",
        "diana-popescu",
        "julia-santos",
        "mia-johansson",
        "sarah-chen",
        "jonas-weber",
        "aisha-bello",
        "omar-haddad",
    ),
    done_by_week=(
        12,
        11,
        12,
        12,
        12,
        12,
        11,
        12,
        18,
        17,
        18,
        17,
        17,
        16,
        17,
        16,
        16,
        15,
        16,
        15,
        15,
        14,
        13,
        12,
        11,
        6,
        0,
    ),
    open_mix=(("To Do", 28), ("In Progress", 10), ("In Review", 4), ("Blocked", 1)),
    cancelled=6,
    vocab="delta",
    rates=(("proj-delta", 18.0),),
    mood_turns=date(2026, 11, 20),
)

_OPS = ProjectSpec(
    key="OPS",
    name="Ops Automation",
    kind="internal_tooling",
    channels=("ops-automation",),
    folder="Ops Automation",
    deadline=date(2026, 12, 11),
    start=date(2026, 6, 1),
    topic="Internal tools and automation for Ops, Finance and People · wrap-up deadline Dec 11, 2026",
    purpose="Automating the boring parts of running Lumen Labs: onboarding, approvals, access reviews.",
    epics=(
        EpicSpec("Onboarding and offboarding automation", 0, 10, True, ("automation",)),
        EpicSpec("Finance approvals automation", 4, 16, True, ("automation",)),
        EpicSpec("Access review automation", 8, 20, True, ("automation", "security")),
        EpicSpec("Automation runner and monitoring", 10, 22, True, ("infra",)),
        EpicSpec("Ops tooling wrap-up", 18, 26, False, ("release",), date(2026, 12, 11), "ruth-adeyemi"),
    ),
    team=(("ethan-brooks", 0.3), ("victor-lindqvist", 0.3), ("zara-ahmed", 0.2), ("ruth-adeyemi", 0.2)),
    reporters=(("ruth-adeyemi", 0.5), ("automation", 0.2), ("zara-ahmed", 0.2), ("sarah-chen", 0.1)),
    lead="ruth-adeyemi",
    pm="ruth-adeyemi",
    deciders=(("ruth-adeyemi", 0.5), ("victor-lindqvist", 0.5)),
    reviewers=(("victor-lindqvist", 1.0),),
    askers=(("ruth-adeyemi", 1.0),),
    watchers=("sarah-chen", "thomas-baker", "rebecca-stone", "linda-moretti", "ingrid-berg", "jonas-weber"),
    done_by_week=(
        1,
        1,
        2,
        1,
        2,
        3,
        3,
        4,
        6,
        7,
        8,
        9,
        10,
        11,
        11,
        12,
        13,
        13,
        13,
        12,
        12,
        11,
        11,
        10,
        9,
        7,
        0,
    ),
    open_mix=(("To Do", 2), ("In Progress", 1), ("In Review", 1)),
    cancelled=3,
    vocab="ops",
    rates=(("ops-automation", 7.0),),
)

PROJECTS: tuple[ProjectSpec, ...] = (_ALPHA, _BETA, _GAMMA, _DELTA, _OPS)
PROJECT_BY_KEY = {p.key: p for p in PROJECTS}
EXPECTED_STATUS = {
    "ALPHA": "at_risk",
    "BETA": "behind",
    "GAMMA": "on_track",
    "DELTA": "at_risk",
    "OPS": "completed",
}
STATUS_REASONS = {
    "ALPHA": "open critical finding: no task for the Apple developer account / App Store review (not behind)",
    "BETA": "velocity falling and 3 open blocked tasks",
    "GAMMA": "no rule fires: healthy flow, documented, questions answered",
    "DELTA": "silent member (Kevin O'Brien) and 3 unassigned high-priority open tasks",
    "OPS": "completion at least 95% with no open high-priority task",
}
# Who 04 §1.2/§2 should pick as tech lead before any correction. Only Alpha's is a planted fact (Amit, whom
# the COO corrects to Priya); Ops Automation has no engineering lead, so none is claimed.
TECH_LEAD_BEFORE_CORRECTION: dict[str, str | None] = {
    "ALPHA": "amit-kumar",
    "BETA": "daniel-okafor",
    "GAMMA": "nadia-petrova",
    "DELTA": "marcus-reid",
    "OPS": None,
}
GAMMA_RENAME = ("data-warehouse", date(2026, 6, 15), "nadia-petrova")

CORRECTIONS = (
    {
        "utterance": "Actually, Priya is the tech lead on Alpha, not Amit",
        "subject": "Project Alpha",
        "field": "tech_lead",
        "value": "Priya Sharma",
        "previous_value": "Amit Kumar",
    },
    {
        "utterance": "Raj is the lead architect, not a developer",
        "subject": "Raj Patel",
        "field": "role",
        "value": "lead architect",
        "previous_value": "developer",
    },
)

GAPS = (
    {
        "project": "ALPHA",
        "kind": "gap_missing",
        "severity": "critical",
        "checklist": "mobile_app_launch",
        "missing_item": "Apple developer account and App Store Connect set-up",
        "lead_time_days": [2, 7],
        "absent_terms": list(ABSENT_TERMS),
    },
    {
        "project": "ALPHA",
        "kind": "gap_missing",
        "severity": "critical",
        "checklist": "mobile_app_launch",
        "missing_item": "Apple developer account and App Store review",
        "lead_time_days": [4, 7],
        "submit_by": "2026-12-11",
        "absent_terms": list(ABSENT_TERMS),
    },
)
# Delta's planted unassigned high-priority tasks are also its unowned critical set (04 §5, no links in Delta).
UNOWNED_PIDS = (
    "delta.unassigned.invoice-pdf",
    "delta.unassigned.session-timeout",
    "delta.unassigned.empty-states",
)

INFORMAL = (
    MessageSpec(
        "informal.sso",
        "alpha-dev",
        at(date(2026, 11, 12), 10, 14, 37),
        "amit-kumar",
        "{@maria-garcia} can you take the SSO config?",
        replies=(
            Reply(18, "maria-garcia", "sure, on it. I'll pair with Raj on the Okta side tomorrow morning"),
            Reply(26, "amit-kumar", "great, thanks :pray:"),
        ),
        reactions=(("+1", ("maria-garcia", "raj-patel")),),
    ),
    MessageSpec(
        "informal.onboarding-guide",
        "proj-gamma",
        at(date(2026, 11, 17), 15, 2, 11),
        "nadia-petrova",
        "{@alex-johnson} please write up the analyst onboarding guide for the Snowflake workspace",
        replies=(Reply(35, "alex-johnson", "will do, first draft by Friday"),),
    ),
    MessageSpec(
        "informal.screenshots",
        "proj-delta",
        at(date(2026, 11, 24), 11, 30, 48),
        "chloe-dubois",
        "assigning the help-centre screenshot refresh to {@isabel-martins}, the old ones still show the 2024 nav",
        replies=(Reply(22, "isabel-martins", "ok, got it"),),
    ),
)
INFORMAL_FACTS = {
    "informal.sso": ("maria-garcia", "SSO config", ["SSO", "config"]),
    "informal.onboarding-guide": ("alex-johnson", "analyst onboarding guide", ["onboarding", "guide"]),
    "informal.screenshots": (
        "isabel-martins",
        "help-centre screenshot refresh",
        ["screenshot", "help-centre"],
    ),
}
NOT_INFORMAL = (
    MessageSpec(
        "lookalike.thanks",
        "alpha-dev",
        at(date(2026, 11, 5), 9, 41, 2),
        "priya-sharma",
        "{@lucas-moreau} thanks for taking care of the Android deep-link crash last sprint, the fix held up "
        "all weekend :raised_hands:",
        replies=(Reply(40, "lucas-moreau", "glad it held, the repro from Grace made it easy"),),
    ),
    MessageSpec(
        "lookalike.owner-question",
        "proj-delta",
        at(date(2026, 11, 18), 14, 5, 19),
        "diana-popescu",
        "Quick question: who owns the analytics tagging on the invoices page these days?",
        replies=(
            Reply(25, "noah-schulz", "that's me, it's covered by the tracking plan we shipped in October"),
        ),
    ),
)
NOT_INFORMAL_WHY = {
    "lookalike.thanks": "thanks for past work",
    "lookalike.owner-question": "a question about who owns something",
}

UNANSWERED_BLOCKER = MessageSpec(
    "beta.unanswered-blocker",
    "proj-beta",
    at(date(2026, 11, 23), 9, 12, 40),
    "yusuf-demir",
    "Still blocked on {BETA:beta.blocked.sandbox}: the full-copy sandbox refresh has been pending since Thursday "
    "and the connected app can't authenticate against it. Can't proceed with the end-to-end sync tests until "
    "someone with Salesforce admin rights restarts the refresh. {@hannah-schmidt} {@daniel-okafor} any ideas?",
    reactions=(("eyes", ("olivia-bennett",)),),
)

KEVIN_MESSAGES = (
    MessageSpec(
        "kevin.last",
        "proj-delta",
        at(KEVIN_LAST_DAY, 16, 42, 5),
        KEVIN,
        "Pushed the first half of the account settings rebuild to the branch: profile and password sections "
        "work, email preferences still to do. Picking up the rest of {DELTA:delta.kevin.settings} tomorrow.",
    ),
    MessageSpec(
        "kevin.ping",
        "proj-delta",
        at(date(2026, 11, 24), 10, 3, 55),
        "chloe-dubois",
        "{@kevin-obrien} how is {DELTA:delta.kevin.settings} looking? Would love to demo it on Thursday.",
    ),
    MessageSpec(
        "kevin.where",
        "proj-delta",
        at(date(2026, 11, 26), 9, 20, 31),
        "marcus-reid",
        "Has anyone heard from {@kevin-obrien}? Nothing from him on Slack or Jira since last Thursday.",
        replies=(
            Reply(14, "isabel-martins", "Not since Thursday. I emailed him yesterday, no reply yet"),
            Reply(31, "marcus-reid", "ok, I'll reach out to People Ops. Settings page is the one to watch"),
        ),
    ),
)

DEADLINE_MESSAGES = (
    MessageSpec(
        "deadline.alpha",
        "proj-alpha",
        at(date(2026, 6, 3), 15, 0, 12),
        "sophie-laurent",
        "Kick-off recap: the mobile app goes out on iOS and Android, launch deadline Dec 18. Scope and "
        "owners are in the launch plan.",
    ),
    MessageSpec(
        "deadline.beta",
        "proj-beta",
        at(date(2026, 6, 4), 16, 10, 3),
        "olivia-bennett",
        "Kick-off recap: Salesforce sync go-live Dec 31, Accounts and Contacts first, Opportunities after.",
    ),
    MessageSpec(
        "deadline.gamma",
        "proj-gamma",
        at(date(2026, 6, 16), 14, 30, 44),
        "nadia-petrova",
        "Plan of record: Snowflake cutover deadline Feb 26, 2027, with a parallel run before it.",
    ),
    MessageSpec(
        "deadline.delta",
        "proj-delta",
        at(date(2026, 6, 5), 13, 45, 20),
        "chloe-dubois",
        "Kick-off recap: the redesigned portal launch is Jan 22, 2027. Research first, then billing.",
    ),
    MessageSpec(
        "deadline.ops",
        "ops-automation",
        at(date(2026, 6, 2), 11, 5, 9),
        "ruth-adeyemi",
        "Goal for this half: every recurring Ops chore automated, wrap-up deadline Dec 11.",
    ),
)

# Answered blocker threads that carry Raj's (and Amit's) "unblocks" signal in #alpha-dev (04 §1.2).
ALPHA_UNBLOCKS = (
    (
        "2026-09-08",
        "lucas-moreau",
        "raj-patel",
        "the Gradle release build fails on the R8 step after the AGP bump",
        "pin AGP to 8.5.2 for now and move the R8 rules into proguard-app.pro, the new AGP reads them from there",
    ),
    (
        "2026-09-24",
        "maria-garcia",
        "raj-patel",
        "migrations on staging hang because the ledger table lock never releases",
        "the long-running export holds it; run the migration with lock_timeout 5s and retry, I'll fix the export",
    ),
    (
        "2026-09-17",
        "tariq-hassan",
        "amit-kumar",
        "the staging API rejects the new app build with 426 Upgrade Required",
        "staging still pins the minimum client version to 0.9, I bumped it to 0.12",
    ),
    (
        "2026-10-09",
        "hiroshi-tanaka",
        "raj-patel",
        "the iOS build can't resolve the shared Kotlin module",
        "regenerate the XCFramework with the new Gradle task, the old one still points at the arm64 slice only",
    ),
    (
        "2026-10-22",
        "tariq-hassan",
        "amit-kumar",
        "push tokens stop registering on staging after the key rotation",
        "staging still has the old FCM server key, I just updated the secret",
    ),
    (
        "2026-11-02",
        "maria-garcia",
        "raj-patel",
        "sync v2 returns 409 for every batch with a deleted category",
        "tombstones need the parent version too, send parent_version with each delete and the 409s go away",
    ),
    (
        "2026-10-02",
        "hiroshi-tanaka",
        "amit-kumar",
        "the iOS CI job is stuck on code signing since the keychain update",
        "the runner lost the keychain password after the update, I re-added it to the CI secrets",
    ),
    (
        "2026-11-19",
        "tariq-hassan",
        "amit-kumar",
        "stuck on the budget alert deep link, it opens the home tab instead",
        "the route table still has the old alert path, add alerts/{id} to the router and it works",
    ),
    (
        "2026-11-10",
        "lucas-moreau",
        "amit-kumar",
        "the instrumented tests time out on the CI emulator",
        "bump the emulator to the API 34 image with 4 GB, the default image runs out of memory",
    ),
    (
        "2026-11-16",
        "grace-liu",
        "raj-patel",
        "the receipt scanner regression suite can't proceed without test fixtures",
        "fixtures are in the qa-assets bucket under scanner/v3, I gave your account read access",
    ),
)
