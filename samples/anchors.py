"""Retrieval anchors: the threads, channel-days, issues and documents questions point at (03 §11).

Each anchor holds a fact with a few distinctive words; each question asks for it the way a COO would,
sharing some of those words without copying the sentence. Slack anchors are planted verbatim here;
Jira and Drive anchors live in planted_issues.py and drive_content.py and are named by pid or path.
"""

from __future__ import annotations

from datetime import date

from samples.specs import MessageSpec, Question, Reply
from samples.timeline import at

D = date

THREADS = (
    MessageSpec(
        "anchor.okta",
        "alpha-dev",
        at(D(2026, 10, 6), 11, 2, 9),
        "raj-patel",
        "Okta vs Auth0 for enterprise sign-in in the app: Okta gives us the SCIM provisioning the "
        "Halvorsen and Brightwater pilots asked for; Auth0 is cheaper under 5k MAU but we would build SCIM "
        "ourselves. Proposal: Okta, with PKCE on both clients.",
        replies=(
            Reply(
                21,
                "priya-sharma",
                "Agree on Okta. The cost difference is about $9k a year at launch volume, worth it for SCIM.",
            ),
            Reply(48, "amit-kumar", "ok from my side, let's record it as ADR-015", broadcast=True),
        ),
    ),
    MessageSpec(
        "anchor.r8",
        "alpha-dev",
        at(D(2026, 9, 15), 14, 40, 51),
        "lucas-moreau",
        "Android release builds crash on the Pixel 6 with R8 full mode; the stack trace points at the "
        "Moshi adapters for the Transaction model. Has anyone seen this?",
        replies=(
            Reply(
                17,
                "raj-patel",
                "Add keep rules for the generated adapters, or move those two classes "
                "to kotlinx.serialization",
            ),
            Reply(95, "lucas-moreau", "keep rules did it, release build is fine now. thanks!"),
        ),
    ),
    MessageSpec(
        "anchor.embargo",
        "proj-alpha",
        at(D(2026, 11, 3), 16, 20, 33),
        "sophie-laurent",
        "Comms plan for the 18 Dec release: press embargo lifts at 09:00 CET that morning, blog post plus "
        "in-app banner, support macros go out the Tuesday before. Paula owns the press kit.",
        replies=(
            Reply(30, "paula-romero", "press kit draft is in the Q4 folder, screenshots from Leo"),
            Reply(64, "diana-popescu", "CS will brief the support team on the macros"),
        ),
    ),
    MessageSpec(
        "anchor.conflicts",
        "alpha-dev",
        at(D(2026, 10, 20), 10, 5, 12),
        "priya-sharma",
        "Offline sync conflict policy: last-writer-wins per field, except budgets, where we keep both "
        "versions and ask the user. Vector clocks were overkill for our write volume.",
        replies=(
            Reply(12, "raj-patel", "+1, the data model already stores field-level timestamps so it's cheap"),
            Reply(40, "hiroshi-tanaka", "the iOS side is ready for the merge dialog"),
        ),
    ),
    MessageSpec(
        "anchor.optin",
        "alpha-dev",
        at(D(2026, 10, 28), 15, 11, 40),
        "tariq-hassan",
        "Push notification opt-in on the iOS pilot is 41%, Android 78%. Leo suggests a pre-permission "
        "screen that explains budget alerts before the system prompt.",
        replies=(
            Reply(33, "leo-hoffmann", "Mock is in Figma, two variants of the explainer"),
            Reply(70, "sophie-laurent", "let's A/B it in the next RC"),
        ),
    ),
    MessageSpec(
        "anchor.bulk",
        "proj-beta",
        at(D(2026, 9, 22), 13, 14, 8),
        "daniel-okafor",
        "Bulk API 2.0 vs REST composite for the nightly Account sync: Bulk needs 12x fewer API calls "
        "against our 100k daily quota, but jobs take 6 to 9 minutes. Going with Bulk for nightly and REST "
        "composite for the on-demand refresh.",
        replies=(
            Reply(26, "wei-zhang", "makes sense, that keeps us under 30% of the quota"),
            Reply(58, "olivia-bennett", "ok for me"),
        ),
    ),
    MessageSpec(
        "anchor.picklist",
        "proj-beta",
        at(D(2026, 10, 8), 11, 45, 27),
        "hannah-schmidt",
        "Picklist values for Opportunity Stage differ between the sandbox and production: production has "
        "'Negotiation/Review' and a custom 'Verbal Commit'. The mapping sheet now lists both.",
        replies=(
            Reply(19, "emily-carter", "updating the mapping tests this afternoon"),
            Reply(43, "bob-miller", "Verbal Commit is only used by the enterprise reps"),
        ),
    ),
    MessageSpec(
        "anchor.retro",
        "proj-beta",
        at(D(2026, 10, 26), 16, 2, 55),
        "olivia-bennett",
        "Retro notes: the October slip came from three things: the refresh-token rotation rework, the quota "
        "incident on the 14th, and losing Sana to the billing fire for a week.",
        replies=(
            Reply(15, "daniel-okafor", "fair summary, the token rework was the biggest chunk"),
            Reply(52, "bob-miller", "sales keeps asking for a new date, pointing them at this thread"),
        ),
    ),
    MessageSpec(
        "anchor.sizing",
        "proj-gamma",
        at(D(2026, 9, 2), 10, 30, 6),
        "nadia-petrova",
        "Snowflake sizing: MEDIUM for the transform warehouse, X-SMALL with auto-suspend at 60s for BI. The "
        "month-end load test peaked at 71% on MEDIUM.",
        replies=(
            Reply(22, "alex-kim", "the cost model says about $3.1k a month for that setup"),
            Reply(47, "thomas-baker", "within budget, thanks for checking"),
        ),
    ),
    MessageSpec(
        "anchor.recon7",
        "proj-gamma",
        at(D(2026, 10, 13), 15, 22, 41),
        "alex-johnson",
        "Reconciliation run 7: 412 of 418 tables match on row counts and checksums; the 6 mismatches are all "
        "late-arriving events in fct_sessions.",
        replies=(
            Reply(14, "samuel-osei", "expected, the legacy job cuts the day at 23:00 UTC"),
            Reply(36, "nadia-petrova", "let's note it in the test plan"),
        ),
    ),
    MessageSpec(
        "anchor.rehearsal",
        "proj-gamma",
        at(D(2026, 11, 9), 17, 5, 18),
        "samuel-osei",
        "Cutover rehearsal #2 done: 3h 40m end to end, and the rollback by repointing Looker back to Redshift "
        "took 11 minutes.",
        replies=(
            Reply(9, "nadia-petrova", "great, that's inside our 4 hour window"),
            Reply(31, "laura-fischer", "finance exports looked right on my side"),
        ),
    ),
    MessageSpec(
        "anchor.dbt-naming",
        "proj-gamma",
        at(D(2026, 7, 21), 11, 12, 29),
        "alex-kim",
        "dbt naming proposal: stg_ for source-shaped models, int_ for joins, fct_ and dim_ for marts, and no "
        "more tmp_ models in prod.",
        replies=(
            Reply(8, "alex-johnson", "+1 from me"),
            Reply(25, "nadia-petrova", "agreed, adding it to the dbt style guide"),
        ),
    ),
    MessageSpec(
        "anchor.contrast",
        "proj-delta",
        at(D(2026, 9, 29), 14, 3, 57),
        "nina-kowalski",
        "Contrast audit on the new design tokens: 14 of 96 colour pairs fail WCAG AA, mostly teal-on-grey "
        "secondary buttons. Proposal: darken teal-600 to #0B6E69.",
        replies=(
            Reply(27, "isabel-martins", "token PR ready as soon as we agree"),
            Reply(44, "marcus-reid", "go ahead"),
        ),
    ),
    MessageSpec(
        "anchor.usability2",
        "proj-delta",
        at(D(2026, 10, 19), 16, 40, 2),
        "chloe-dubois",
        "Usability round 2 with 8 customers: 7 of 8 found their invoices without help, only 3 of 8 found the "
        "notification settings. We're moving settings into the account menu.",
        replies=(
            Reply(20, "mia-johansson", "recordings and notes are in the findings deck"),
            Reply(55, "diana-popescu", "customers ask about notification settings every week"),
        ),
    ),
    MessageSpec(
        "anchor.laptops",
        "ops-automation",
        at(D(2026, 8, 5), 9, 50, 14),
        "ruth-adeyemi",
        "The laptop provisioning bot is live: new hires get a pre-enrolled laptop and their accounts in 40 "
        "minutes instead of two days.",
        replies=(
            Reply(18, "ethan-brooks", "first real run is for Aisha's start date"),
            Reply(42, "rebecca-stone", "huge, thank you both"),
        ),
    ),
    MessageSpec(
        "anchor.expenses",
        "ops-automation",
        at(D(2026, 10, 21), 14, 17, 36),
        "victor-lindqvist",
        "Expense approvals now route anything over €2,500 to Thomas; under that they auto-approve when the "
        "receipt OCR matches the card feed.",
        replies=(
            Reply(11, "thomas-baker", "perfect, that's the rule we agreed"),
            Reply(29, "zara-ahmed", "updating the runbook with the threshold"),
        ),
    ),
    MessageSpec(
        "anchor.enrollment",
        "general",
        at(D(2026, 11, 16), 10, 1, 50),
        "rebecca-stone",
        "Open enrollment for 2027 benefits closes Friday 27 Nov. The new dental plan covers orthodontics up to "
        "$2,000 per person.",
        replies=(
            Reply(16, "julia-santos", "thanks! does that include adults too"),
            Reply(33, "rebecca-stone", "yes, adults and kids alike"),
        ),
    ),
)

DAYS = (
    MessageSpec(
        "day.pilot",
        "proj-alpha",
        at(D(2026, 9, 9), 15, 33, 10),
        "sophie-laurent",
        "Pilot cohort update: 212 external testers on the internal test track, 4.6 average rating in the "
        "feedback form; the top complaint is the slow first sync on older Android phones.",
    ),
    MessageSpec(
        "day.buildnumbers",
        "alpha-dev",
        at(D(2026, 10, 14), 9, 25, 3),
        "hiroshi-tanaka",
        "FYI the iOS build number scheme changes today: CI stamps builds as YYMMDD.N, so 261014.3 is this "
        "afternoon's release candidate.",
    ),
    MessageSpec(
        "day.crashfree",
        "proj-alpha",
        at(D(2026, 11, 20), 11, 48, 22),
        "grace-liu",
        "Crash-free sessions this week: 99.71% on iOS, 99.38% on Android. The remaining Android crashes are "
        "all in the camera receipt scanner on Android 11.",
    ),
    MessageSpec(
        "day.quota",
        "proj-beta",
        at(D(2026, 10, 14), 15, 2, 47),
        "wei-zhang",
        "Heads-up: we hit 96% of the daily API quota at 14:20 UTC because the dedupe job re-queued 40k "
        "Contacts. Paused the job; the quota resets at midnight Pacific.",
    ),
    MessageSpec(
        "day.manual-updates",
        "proj-beta",
        at(D(2026, 11, 10), 17, 18, 19),
        "bob-miller",
        "Sales leadership update: reps are back to updating Opportunities by hand in the meantime, and "
        "Patrick wants a realistic date before the board meeting.",
    ),
    MessageSpec(
        "day.permset",
        "proj-beta",
        at(D(2026, 8, 19), 10, 40, 35),
        "daniel-okafor",
        "The integration user now has the 'Lumen Sync' permission set: API Enabled, View All on Accounts and "
        "Contacts, and no Modify All Data.",
    ),
    MessageSpec(
        "day.zendesk",
        "proj-gamma",
        at(D(2026, 8, 26), 13, 9, 58),
        "oscar-nilsson",
        "The Fivetran connector for Zendesk now lands in RAW.ZENDESK every 15 minutes; the historical sync "
        "took 5 hours for 2.3M tickets.",
    ),
    MessageSpec(
        "day.signoff",
        "proj-gamma",
        at(D(2026, 11, 25), 16, 44, 7),
        "laura-fischer",
        "Finance signed off on the October parallel-run numbers: revenue in Snowflake matches Redshift to the "
        "cent across 31 daily snapshots.",
    ),
    MessageSpec(
        "day.redshift-cost",
        "proj-gamma",
        at(D(2026, 10, 1), 9, 12, 30),
        "nadia-petrova",
        "For context: the legacy Redshift cluster costs $14.2k a month, so decommissioning it after cutover "
        "pays for the Snowflake contract by March.",
    ),
    MessageSpec(
        "day.partner-beta",
        "proj-delta",
        at(D(2026, 11, 4), 10, 15, 44),
        "marcus-reid",
        "The portal preview for the 20 design-partner accounts opens Monday the 9th; the portal_v2 feature "
        "flag is on for them only.",
    ),
    MessageSpec(
        "day.url-patterns",
        "proj-delta",
        at(D(2026, 10, 7), 14, 51, 26),
        "felix-wagner",
        "The legacy portal has 212 distinct URL patterns in the access logs: 180 map cleanly to new routes "
        "and the other 32 go to a catch-all help page.",
    ),
    MessageSpec(
        "day.access-review",
        "ops-automation",
        at(D(2026, 11, 16), 11, 2, 13),
        "zara-ahmed",
        "Quarterly access review automation finished: 37 stale accounts revoked across Google Workspace, "
        "GitHub and Jira.",
    ),
    MessageSpec(
        "day.runner",
        "ops-automation",
        at(D(2026, 9, 16), 16, 27, 39),
        "ethan-brooks",
        "Moved the automation runner from the old cron box to a scheduled Cloud Run job; failures now page "
        "{#devops} through PagerDuty.",
    ),
    MessageSpec(
        "day.office-closure",
        "general",
        at(D(2026, 11, 23), 9, 5, 41),
        "linda-moretti",
        "Office closure: the London office is shut from 24 Dec to 2 Jan, and badges need reactivating on "
        "4 Jan.",
    ),
    MessageSpec(
        "day.nrr",
        "announcements",
        at(D(2026, 10, 1), 8, 30, 0),
        "helen-park",
        "Q4 company goals: ship the mobile app, turn on the Salesforce sync, finish the warehouse cutover, "
        "and keep net revenue retention above 112%.",
    ),
)

_Q = Question
QUESTIONS: tuple[Question, ...] = (
    # Slack threads
    _Q(
        "Why did we choose Okta over Auth0 for enterprise sign-in?",
        "slack_thread",
        "ALPHA",
        ("thread:anchor.okta", "doc:Project Alpha/Enterprise Sign-in Decision.docx"),
        "SCIM",
    ),
    _Q(
        "What fixed the crash in the Android release build with R8 full mode?",
        "slack_thread",
        "ALPHA",
        ("thread:anchor.r8",),
        "keep rules",
    ),
    _Q(
        "When does the press embargo lift for the mobile release and who owns the press kit?",
        "slack_thread",
        "ALPHA",
        ("thread:anchor.embargo",),
        "09:00 CET",
    ),
    _Q(
        "How do we resolve offline sync conflicts for budgets?",
        "slack_thread",
        "ALPHA",
        ("thread:anchor.conflicts", "doc:Project Alpha/ADR-014 Offline Sync Data Model.docx"),
        "both versions",
    ),
    _Q(
        "What was the push notification opt-in rate on iOS?",
        "slack_thread",
        "ALPHA",
        ("thread:anchor.optin",),
        "41%",
    ),
    _Q(
        "Who was asked to take the SSO config?",
        "slack_thread",
        "ALPHA",
        ("thread:informal.sso",),
        "SSO config",
    ),
    _Q(
        "Why are we using the Bulk API for the nightly Account sync?",
        "slack_thread",
        "BETA",
        ("thread:anchor.bulk",),
        "12x fewer",
    ),
    _Q(
        "Which Opportunity Stage picklist values differ between sandbox and production?",
        "slack_thread",
        "BETA",
        ("thread:anchor.picklist",),
        "Verbal Commit",
    ),
    _Q(
        "What caused Beta to slip in October?",
        "slack_thread",
        "BETA",
        ("thread:anchor.retro",),
        "quota incident",
    ),
    _Q(
        "What warehouse sizes did we pick in Snowflake and what did the month-end load test show?",
        "slack_thread",
        "GAMMA",
        ("thread:anchor.sizing",),
        "71%",
    ),
    _Q(
        "How many tables matched in reconciliation run 7?",
        "slack_thread",
        "GAMMA",
        ("thread:anchor.recon7",),
        "412 of 418",
    ),
    _Q(
        "How long did the second cutover rehearsal take, and how fast was the rollback?",
        "slack_thread",
        "GAMMA",
        ("thread:anchor.rehearsal", "doc:Project Gamma/Gamma Cutover Plan.docx"),
        "11 minutes",
    ),
    _Q(
        "What naming convention do we use for dbt models?",
        "slack_thread",
        "GAMMA",
        ("thread:anchor.dbt-naming",),
        "stg_",
    ),
    _Q(
        "How many colour pairs failed the WCAG contrast audit?",
        "slack_thread",
        "DELTA",
        ("thread:anchor.contrast",),
        "14 of 96",
    ),
    _Q(
        "What did the second round of portal usability tests find about notification settings?",
        "slack_thread",
        "DELTA",
        ("thread:anchor.usability2", "doc:Project Delta/Portal Usability Findings.pptx"),
        "3 of 8",
    ),
    _Q(
        "Who owns analytics tagging on the invoices page?",
        "slack_thread",
        "DELTA",
        ("thread:lookalike.owner-question",),
        "tracking plan",
    ),
    _Q(
        "How long does laptop provisioning take now that the bot is live?",
        "slack_thread",
        "OPS",
        ("thread:anchor.laptops",),
        "40",
    ),
    _Q(
        "Above what amount do expense approvals go to Thomas?",
        "slack_thread",
        "OPS",
        ("thread:anchor.expenses",),
        "2,500",
    ),
    _Q(
        "When does benefits open enrollment close and what does the dental plan cover?",
        "slack_thread",
        None,
        ("thread:anchor.enrollment",),
        "orthodontics",
    ),
    # Slack channel-days
    _Q(
        "How many external testers were on the internal test track in September?",
        "slack_day",
        "ALPHA",
        ("day:day.pilot",),
        "212",
    ),
    _Q(
        "What build number format does CI use for iOS builds?",
        "slack_day",
        "ALPHA",
        ("day:day.buildnumbers",),
        "YYMMDD.N",
    ),
    _Q(
        "What is the crash-free session rate on Android, and where are the remaining crashes?",
        "slack_day",
        "ALPHA",
        ("day:day.crashfree",),
        "99.38%",
    ),
    _Q(
        "What happened with the Salesforce API quota on October 14?",
        "slack_day",
        "BETA",
        ("day:day.quota",),
        "96%",
    ),
    _Q(
        "How are sales reps keeping Opportunities up to date while the sync is late?",
        "slack_day",
        "BETA",
        ("day:day.manual-updates",),
        "by hand",
    ),
    _Q(
        "What permission set does the Salesforce integration user have?",
        "slack_day",
        "BETA",
        ("day:day.permset",),
        "Lumen Sync",
    ),
    _Q(
        "How often does the Zendesk connector land data in Snowflake?",
        "slack_day",
        "GAMMA",
        ("day:day.zendesk",),
        "15 minutes",
    ),
    _Q(
        "Did finance sign off on the October parallel run?",
        "slack_day",
        "GAMMA",
        ("day:day.signoff",),
        "to the cent",
    ),
    _Q(
        "How much does the legacy Redshift cluster cost per month?",
        "slack_day",
        "GAMMA",
        ("day:day.redshift-cost",),
        "$14.2k",
    ),
    _Q(
        "When does the portal preview open for design partners and which feature flag controls it?",
        "slack_day",
        "DELTA",
        ("day:day.partner-beta",),
        "portal_v2",
    ),
    _Q(
        "How many legacy portal URL patterns are there and how many map to new routes?",
        "slack_day",
        "DELTA",
        ("day:day.url-patterns",),
        "212 distinct",
    ),
    _Q(
        "Which Beta blocker got no answer?",
        "slack_day",
        "BETA",
        ("day:beta.unanswered-blocker", "issue:beta.blocked.sandbox"),
        "full-copy sandbox",
    ),
    _Q(
        "What was Kevin working on in his last update?",
        "slack_day",
        "DELTA",
        ("day:kevin.last",),
        "account settings rebuild",
    ),
    _Q(
        "How many stale accounts did the quarterly access review revoke?",
        "slack_day",
        "OPS",
        ("day:day.access-review",),
        "37",
    ),
    _Q(
        "Where does the automation runner run now and how are failures reported?",
        "slack_day",
        "OPS",
        ("day:day.runner",),
        "Cloud Run",
    ),
    _Q(
        "When is the London office closed over the holidays?",
        "slack_day",
        None,
        ("day:day.office-closure",),
        "24 Dec",
    ),
    _Q("What net revenue retention goal did we set for Q4?", "slack_day", None, ("day:day.nrr",), "112%"),
    # Jira issues
    _Q(
        "Is there a ticket for the receipt scanner crash on Android 11?",
        "jira",
        "ALPHA",
        ("issue:alpha.flagged.scanner",),
        "Android 11",
    ),
    _Q(
        "What happens to biometric unlock after three failed Face ID attempts?",
        "jira",
        "ALPHA",
        ("issue:alpha.anchor.biometric",),
        "PIN",
    ),
    _Q(
        "Which ticket covers the budget alert push payload size limit?",
        "jira",
        "ALPHA",
        ("issue:alpha.anchor.push-payload",),
        "4 KB",
    ),
    _Q(
        "Why is the multi-currency Opportunity mapping flagged?",
        "jira",
        "BETA",
        ("issue:beta.blocked.flagged",),
        "exchange rate",
    ),
    _Q(
        "What broke the Salesforce refresh token rotation?",
        "jira",
        "BETA",
        ("issue:beta.anchor.token-bug",),
        "90-day",
    ),
    _Q(
        "How many times does the sync retry a failed record before it goes to the dead-letter table?",
        "jira",
        "BETA",
        ("issue:beta.cov.retry",),
        "5 attempts",
    ),
    _Q(
        "Which Beta task waits for the billing service API upgrade?",
        "jira",
        "BETA",
        ("issue:beta.blocked.link", "issue:beta.blocker-source"),
        "line items",
    ),
    _Q(
        "How many rows did the historical backfill into Snowflake load?",
        "jira",
        "GAMMA",
        ("issue:gamma.cov.backfill",),
        "1.8 billion",
    ),
    _Q(
        "How many Looker explores still need repointing?", "jira", "GAMMA", ("issue:gamma.cov.repoint",), "47"
    ),
    _Q(
        "Which ticket tracks late-arriving events in fct_sessions?",
        "jira",
        "GAMMA",
        ("issue:gamma.anchor.late-events",),
        "23:00 UTC",
    ),
    _Q(
        "Why can't the billing history page be finished yet?",
        "jira",
        "DELTA",
        ("issue:delta.blocked.billing-history",),
        "API v3",
    ),
    _Q(
        "What is the status of the account settings page rebuild?",
        "jira",
        "DELTA",
        ("issue:delta.kevin.settings",),
        "email preferences",
    ),
    _Q(
        "Is anyone assigned to the invoice PDF download on the billing page?",
        "jira",
        "DELTA",
        ("issue:delta.unassigned.invoice-pdf",),
        "stored PDF",
    ),
    _Q(
        "How fast does the offboarding automation revoke access?",
        "jira",
        "OPS",
        ("issue:ops.anchor.offboarding",),
        "one hour",
    ),
    _Q(
        "When does the invoice reminder bot send the second notice?",
        "jira",
        "OPS",
        ("issue:ops.anchor.invoice-reminder",),
        "14 days",
    ),
    # Drive documents
    _Q(
        "Which service owns transactions in the Alpha architecture, and where does insights get its data?",
        "drive",
        "ALPHA",
        ("doc:Project Alpha/Alpha Architecture.pdf",),
        "CDC stream",
    ),
    _Q(
        "What are the go/no-go criteria for the mobile launch?",
        "drive",
        "ALPHA",
        ("doc:Project Alpha/Alpha Launch Plan.docx",),
        "99.5%",
    ),
    _Q(
        "What is planned for the mobile app after launch, in Q1?",
        "drive",
        "ALPHA",
        ("doc:Project Alpha/Mobile Roadmap Q4.pptx",),
        "Wear OS",
    ),
    _Q(
        "Which system wins a conflict on Account owner in the Salesforce integration?",
        "drive",
        "BETA",
        ("doc:Project Beta/Beta Integration Spec.docx",),
        "Salesforce wins",
    ),
    _Q(
        "Which Salesforce field does the Lumen plan tier map to?",
        "drive",
        "BETA",
        ("doc:Project Beta/Salesforce Field Mapping.xlsx",),
        "Plan_Tier__c",
    ),
    _Q(
        "How do I replay a failed sync batch from the dead-letter table?",
        "drive",
        "BETA",
        ("doc:Project Beta/Salesforce Sync Runbook.md",),
        "lumen-sync replay",
    ),
    _Q(
        "What is the Gamma rollback plan?",
        "drive",
        "GAMMA",
        ("doc:Project Gamma/Gamma Cutover Plan.docx",),
        "repoint Looker",
    ),
    _Q(
        "What are the phases of the warehouse migration plan?",
        "drive",
        "GAMMA",
        ("doc:Project Gamma/Gamma Migration Plan.docx",),
        "Phase 3",
    ),
    _Q(
        "What tolerance do the reconciliation checks allow for revenue?",
        "drive",
        "GAMMA",
        ("doc:Project Gamma/Reconciliation Checks.xlsx",),
        "0.00",
    ),
    _Q(
        "What do we do when the nightly dbt run fails?",
        "drive",
        "GAMMA",
        ("doc:Project Gamma/Gamma Runbook.md",),
        "state:modified+",
    ),
    _Q(
        "How many Snowflake credits a month does the consultant's cost model estimate?",
        "drive",
        "GAMMA",
        ("doc:Project Gamma/Snowflake Cost Model.pdf",),
        "credits",
    ),
    _Q(
        "What reduction in invoice support tickets is the portal redesign aiming for?",
        "drive",
        "DELTA",
        ("doc:Project Delta/Portal Redesign Brief.docx",),
        "30%",
    ),
    _Q(
        "Which browsers and devices are in the portal QA matrix?",
        "drive",
        "DELTA",
        ("doc:Project Delta/Portal QA Matrix.xlsx",),
        "Safari",
    ),
    _Q(
        "How do I restart the approvals bot?",
        "drive",
        "OPS",
        ("doc:Ops Automation/Ops Automation Runbook.md",),
        "make restart-approvals",
    ),
    _Q(
        "Who owns the PTO tracker automation?",
        "drive",
        "OPS",
        ("doc:Ops Automation/Automation Inventory.xlsx",),
        "Zara Ahmed",
    ),
    _Q(
        "What did the Q4 roadmap review say about hiring?",
        "drive",
        None,
        ("doc:Company/Q4 Roadmap Review.pptx",),
        "hiring",
    ),
    _Q(
        "How much is budgeted for engineering in Q4?",
        "drive",
        None,
        ("doc:Company/Lumen Labs Budget and Capacity FY26.xlsx",),
        "Engineering",
    ),
)
