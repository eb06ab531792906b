"""The five project folders of the Drive export: plans, specs, runbooks, decks, sheets and notes.

Planted passages that retrieval questions point at are written here verbatim; the body text around them
comes from prose.py. Alpha's documents describe an iOS and Android launch and never name the planted
absent terms (facts.ABSENT_TERMS).
"""

from __future__ import annotations

import random
from datetime import date

from samples.prose import paragraph, paragraphs
from samples.specs import DocSpec
from samples.timeline import at
from samples.vocab import ALPHA, BETA, DELTA, GAMMA, OPS

D = date
Sections = tuple[tuple[str, tuple[str, ...]], ...]

_ARCH_SECTIONS = (
    (
        "Context and goals",
        "The Lumen mobile app brings budgets, receipts and alerts to iOS and Android. This "
        "document describes the architecture we launch with on 18 December and the trade-offs behind it.",
    ),
    (
        "Scope: iOS and Android clients",
        "Both clients are native: Swift and SwiftUI on iOS, Kotlin and Jetpack "
        "Compose on Android. Shared business rules live in a Kotlin Multiplatform module.",
    ),
    (
        "System overview",
        "Requests flow from the clients through the edge gateway to four services: ledger, "
        "insights, notifications and identity.",
    ),
    (
        "Service boundaries",
        "The mobile clients talk only to the edge gateway; the ledger service owns transactions, "
        "and the insights service reads from a CDC stream, never from the ledger database.",
    ),
    (
        "Mobile client architecture",
        "Each screen is a unidirectional state machine; networking and storage sit "
        "behind repositories so the Android and iOS apps can be tested without a backend.",
    ),
    (
        "Offline sync and the data model",
        "Every record carries field-level timestamps; conflicts resolve per field "
        "as recorded in ADR-014. Budgets keep both versions and ask the user.",
    ),
    (
        "Authentication and token refresh",
        "Access tokens live for 15 minutes and refresh in the background five "
        "minutes before expiry. Enterprise customers sign in through Okta with PKCE.",
    ),
    (
        "Push notifications (APNs and FCM)",
        "Payloads carry only an alert id; the app fetches details on open, "
        "which keeps every payload far below the 4 KB limit.",
    ),
    (
        "Receipt scanner pipeline",
        "Images are compressed on the device, uploaded to a private bucket and read by "
        "the OCR worker; the result comes back through the sync channel.",
    ),
    (
        "API gateway and GraphQL schema",
        "The gateway exposes one GraphQL schema with persisted queries only; "
        "batched mutations keep a full sync to one round trip.",
    ),
    (
        "Storage and retention",
        "Transactions are kept for seven years, receipt images for two, push tokens until "
        "the device unregisters.",
    ),
    (
        "Scalability and load",
        "The load test on 11 November held three times launch traffic with p95 sync latency "
        "of 620 ms; the database was the first component to saturate.",
    ),
    (
        "Observability",
        "Crash reporting uses Crashlytics on both platforms; backend metrics and traces go to the "
        "shared observability stack with dashboards per service.",
    ),
    (
        "Security review findings",
        "The review found two medium issues (token storage on rooted Android devices and "
        "verbose error messages) and both are fixed.",
    ),
    (
        "Release pipeline and distribution",
        "Fastlane builds signed release candidates; Android goes through the Play "
        "Console internal test track, iOS release candidates go to the QA device farm.",
    ),
    (
        "Feature flags and phased rollout",
        "Server-driven flags gate every new screen. The Android release uses a "
        "staged rollout from 5% to 100% over a week.",
    ),
    (
        "Failure modes and rollback",
        "A bad backend release rolls back in minutes; a bad app release is stopped by "
        "halting the staged rollout and disabling the feature flag.",
    ),
    (
        "Capacity and cost",
        "At launch volume the backend costs about 4,100 USD a month, mostly the database and the OCR worker.",
    ),
    (
        "Open questions",
        "Widgets, Wear OS and shared budgets are out of scope for launch; see the Q4 roadmap.",
    ),
    (
        "Owners",
        "Architecture: Raj Patel. Tech lead: Priya Sharma. Mobile: Hiroshi Tanaka and Lucas Moreau. Backend: "
        "Maria Garcia. QA: Grace Liu.",
    ),
)


def doc(
    folder: str,
    name: str,
    author: str,
    created: date,
    modified: date,
    title: str,
    project: str | None,
    sections: Sections = (),
    *,
    editor: str | None = None,
    tables: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (),
    notes: tuple[str, ...] = (),
) -> DocSpec:
    return DocSpec(
        folder=folder,
        file_name=name,
        author=author,
        last_modified_by=editor or author,
        created=at(created, 10, 12),
        modified=at(modified, 16, 45),
        title=title,
        project=project,
        sections=sections,
        tables=tables,
        notes=notes,
    )


def _alpha(rng: random.Random) -> list[DocSpec]:
    v = ALPHA
    arch = tuple((h, (lead, *paragraphs(rng, v, h.lower(), 3))) for h, lead in _ARCH_SECTIONS)
    return [
        doc(
            "Project Alpha",
            "Alpha Architecture.pdf",
            "raj-patel",
            D(2026, 7, 20),
            D(2026, 11, 10),
            "Alpha Architecture: Lumen mobile app for iOS and Android",
            "ALPHA",
            arch,
        ),
        doc(
            "Project Alpha",
            "Alpha Launch Plan.docx",
            "sophie-laurent",
            D(2026, 7, 1),
            D(2026, 11, 24),
            "Alpha Launch Plan",
            "ALPHA",
            (
                (
                    "Goal",
                    (
                        "Launch the Lumen mobile app on iOS and Android on 18 December 2026, with budgets, "
                        "receipts and alerts at parity with the web app.",
                    ),
                ),
                (
                    "Work streams",
                    (
                        "Mobile app onboarding and sign-in; Offline sync engine; Budget alerts and push "
                        "notifications; Receipt scanner; iOS app release; Android app release; Launch "
                        "readiness: iOS and Android.",
                        paragraph(rng, v, "the launch"),
                    ),
                ),
                (
                    "Go/no-go criteria",
                    (
                        "Crash-free sessions of at least 99.5% on both platforms for 7 days, p95 sync "
                        "under 800 ms, and zero open Highest bugs.",
                    ),
                ),
                (
                    "Release checklist",
                    (
                        "Google Play Console account and Google Play review; privacy policy URL, App "
                        "Privacy labels and the Play data-safety form; Play Store listing; internal "
                        "test track; signing certificates and APNs/FCM keys; crash reporting; staged "
                        "rollout and rollback plan; release notes and support hand-off.",
                    ),
                ),
                ("Risks", paragraphs(rng, v, "launch risk", 2)),
            ),
            editor="priya-sharma",
            tables=(
                (
                    "Owners",
                    (
                        ("Area", "Owner"),
                        ("iOS app", "Hiroshi Tanaka"),
                        ("Android app", "Lucas Moreau"),
                        ("Backend", "Maria Garcia"),
                        ("QA", "Grace Liu"),
                        ("Launch comms", "Paula Romero"),
                    ),
                ),
            ),
        ),
        doc(
            "Project Alpha",
            "ADR-014 Offline Sync Data Model.docx",
            "raj-patel",
            D(2026, 10, 21),
            D(2026, 10, 23),
            "ADR-014: Offline sync data model",
            "ALPHA",
            (
                ("Status", ("Accepted on 23 October 2026.",)),
                (
                    "Context",
                    (
                        "The mobile app must work offline on iOS and Android and merge edits made on two "
                        "devices.",
                        paragraph(rng, v, "offline sync"),
                    ),
                ),
                (
                    "Decision",
                    (
                        "Last-writer-wins per field using field-level timestamps; for budgets we keep both "
                        "versions and ask the user which one to keep. Vector clocks were rejected as overkill "
                        "for our write volume.",
                    ),
                ),
                ("Consequences", paragraphs(rng, v, "the data model", 2)),
            ),
        ),
        doc(
            "Project Alpha",
            "Enterprise Sign-in Decision.docx",
            "priya-sharma",
            D(2026, 10, 7),
            D(2026, 10, 9),
            "Enterprise sign-in decision",
            "ALPHA",
            (
                (
                    "Summary",
                    ("We use Okta for enterprise sign-in in the mobile app, with PKCE on iOS and Android.",),
                ),
                (
                    "Why Okta",
                    (
                        "Okta provides SCIM provisioning, which the Halvorsen and Brightwater pilots require. "
                        "Auth0 is cheaper below 5k monthly active users, but we would have to build SCIM "
                        "ourselves. The price difference is about $9k a year at launch volume.",
                    ),
                ),
                (
                    "Follow-ups",
                    (
                        "Configuration of the Okta tenant and the app integration is owned by the backend "
                        "team.",
                    ),
                ),
            ),
        ),
        doc(
            "Project Alpha",
            "Alpha Sync API Design.docx",
            "raj-patel",
            D(2026, 8, 3),
            D(2026, 9, 30),
            "Alpha sync API design",
            "ALPHA",
            (
                (
                    "Overview",
                    (
                        "One batched GraphQL mutation per sync keeps the mobile app to a single round trip.",
                        paragraph(rng, v, "the sync API"),
                    ),
                ),
                ("Versioning", paragraphs(rng, v, "API versioning", 2)),
                ("Errors and retries", paragraphs(rng, v, "sync errors", 2)),
            ),
        ),
        doc(
            "Project Alpha",
            "Alpha Sprint Notes.md",
            "sophie-laurent",
            D(2026, 9, 7),
            D(2026, 11, 23),
            "Alpha sprint notes",
            "ALPHA",
            (
                (
                    "Sprint 12",
                    (
                        "Android and iOS release candidates on the internal test track; receipt scanner "
                        "crash on Android 11 still open.",
                        paragraph(rng, v, "the sprint"),
                    ),
                ),
                (
                    "Sprint 13",
                    (
                        "Play Store listing in review; staged rollout plan drafted; crash-free sessions above "
                        "99.3% on both platforms.",
                    ),
                ),
            ),
        ),
        doc(
            "Project Alpha",
            "Mobile Roadmap Q4.pptx",
            "sophie-laurent",
            D(2026, 9, 1),
            D(2026, 11, 18),
            "Mobile roadmap Q4",
            "ALPHA",
            (
                (
                    "Mobile app: where we are",
                    (
                        "iOS and Android feature complete",
                        "Pilot on the internal test track",
                        "Launch on 18 December",
                    ),
                ),
                (
                    "Launch scope",
                    ("Budgets and alerts", "Receipt scanner", "Offline mode", "Enterprise sign-in"),
                ),
                (
                    "Post-launch: Q1",
                    ("Home screen widgets", "Wear OS companion", "Shared budgets between two users"),
                ),
                (
                    "Risks",
                    ("Android 11 camera crash in the scanner", "Play review timing", "Support readiness"),
                ),
            ),
            notes=(
                "Remind everyone the pilot numbers are in the channel.",
                "Scope is frozen; anything new goes to Q1.",
                "Wear OS needs one more engineer, we ask for the hire in January.",
                "Grace owns the crash numbers; Lucas owns the scanner fix.",
            ),
        ),
    ]


def _beta(rng: random.Random) -> list[DocSpec]:
    v = BETA
    return [
        doc(
            "Project Beta",
            "Beta Integration Spec.docx",
            "daniel-okafor",
            D(2026, 6, 20),
            D(2026, 8, 28),
            "Beta: Salesforce integration spec",
            "BETA",
            (
                (
                    "Goal",
                    (
                        "Two-way sync between Lumen and Salesforce for Accounts, Contacts and Opportunities.",
                        paragraph(rng, v, "the Salesforce sync"),
                    ),
                ),
                (
                    "Conflict rules",
                    (
                        "Salesforce wins for Account owner and Opportunity stage; Lumen wins for usage "
                        "metrics and plan tier.",
                    ),
                ),
                (
                    "Transport",
                    (
                        "Bulk API 2.0 for nightly jobs, REST composite for on-demand refreshes. Daily quota: "
                        "100k calls.",
                    ),
                ),
                (
                    "Work streams",
                    (
                        "CRM discovery and field mapping; Salesforce connected app and auth; Nightly "
                        "Account and Contact sync; Opportunity sync; Sync errors and monitoring; "
                        "Salesforce go-live.",
                    ),
                ),
            ),
        ),
        doc(
            "Project Beta",
            "Salesforce Field Mapping.xlsx",
            "hannah-schmidt",
            D(2026, 6, 22),
            D(2026, 10, 8),
            "Salesforce field mapping",
            "BETA",
            tables=(
                (
                    "Accounts",
                    (
                        ("Lumen field", "Salesforce field", "Direction", "Notes"),
                        ("account_name", "Account.Name", "Lumen to Salesforce", ""),
                        ("plan_tier", "Account.Plan_Tier__c", "Lumen to Salesforce", "custom field"),
                        ("owner_email", "Account.OwnerId", "Salesforce to Lumen", "Salesforce wins"),
                        ("monthly_usage", "Account.Usage_Last_30d__c", "Lumen to Salesforce", "nightly"),
                    ),
                ),
                (
                    "Contacts",
                    (
                        ("Lumen field", "Salesforce field", "Direction", "Notes"),
                        ("email", "Contact.Email", "both", "match key with AccountId"),
                        ("full_name", "Contact.Name", "both", ""),
                        ("opted_out", "Contact.HasOptedOutOfEmail", "Lumen to Salesforce", ""),
                    ),
                ),
                (
                    "Opportunities",
                    (
                        ("Lumen field", "Salesforce field", "Direction", "Notes"),
                        (
                            "stage",
                            "Opportunity.StageName",
                            "Salesforce to Lumen",
                            "includes Negotiation/Review and Verbal Commit",
                        ),
                        ("amount", "Opportunity.Amount", "Salesforce to Lumen", "currency pending Finance"),
                    ),
                ),
            ),
        ),
        doc(
            "Project Beta",
            "Salesforce Sync Runbook.md",
            "emily-carter",
            D(2026, 9, 1),
            D(2026, 11, 2),
            "Salesforce sync runbook",
            "BETA",
            (
                (
                    "When the nightly sync fails",
                    (
                        "Check the sync dashboard first, then the sync_dead_letter table.",
                        "To replay a failed batch run `lumen-sync replay --batch <id>` from "
                        "the ops box; it re-sends only the dead-lettered records.",
                    ),
                ),
                ("Quota", ("If API usage passes 80% of the daily quota, pause the dedupe job.",)),
            ),
        ),
        doc(
            "Project Beta",
            "Beta Status Notes.txt",
            "olivia-bennett",
            D(2026, 10, 1),
            D(2026, 11, 20),
            "Beta status notes",
            "BETA",
            (
                ("October", ("Throughput dropped after the refresh-token rework and the quota incident.",)),
                (
                    "November",
                    (
                        "Sandbox testing is held up by the full-copy sandbox refresh. Multi-currency mapping "
                        "waits on Finance. Go-live on 31 December looks unlikely.",
                    ),
                ),
            ),
        ),
    ]


def _gamma(rng: random.Random) -> list[DocSpec]:
    v = GAMMA
    epics = (
        "Snowflake foundations; ETL pipelines to Snowflake; Historical backfill; Validation and reconciliation; "
        "Warehouse cutover; BI and downstream consumers; Legacy warehouse decommission."
    )
    return [
        doc(
            "Project Gamma",
            "Gamma Migration Plan.docx",
            "nadia-petrova",
            D(2026, 6, 10),
            D(2026, 11, 20),
            "Gamma migration plan: Redshift to Snowflake",
            "GAMMA",
            (
                (
                    "Goal",
                    (
                        "Move the analytics warehouse and its ETL from Redshift to Snowflake by 26 February 2027 "
                        "without losing a row.",
                        paragraph(rng, v, "the migration"),
                    ),
                ),
                ("Work streams", (epics,)),
                (
                    "Phases",
                    (
                        "Phase 1: foundations and access roles. Phase 2: pipelines and the historical backfill. "
                        "Phase 3: validation, reconciliation and the parallel run. Phase 4: cutover, repointing "
                        "downstream consumers and decommissioning Redshift.",
                    ),
                ),
                ("Risks", paragraphs(rng, v, "migration risk", 2)),
            ),
            editor="alex-kim",
        ),
        doc(
            "Project Gamma",
            "Gamma Cutover Plan.docx",
            "nadia-petrova",
            D(2026, 10, 5),
            D(2026, 11, 12),
            "Gamma cutover plan",
            "GAMMA",
            (
                ("Cutover window", ("Saturday, four hours, analysts warned a week ahead.",)),
                (
                    "Steps",
                    (
                        "Freeze the legacy jobs, run the final incremental load, reconcile row counts and "
                        "checksums, repoint Looker and the finance exports, announce.",
                    ),
                ),
                (
                    "Rollback plan",
                    (
                        "If reconciliation fails or finance numbers differ, repoint Looker and the finance "
                        "exports back to Redshift and resume the legacy jobs. Rehearsal #2 did this in 11 "
                        "minutes.",
                    ),
                ),
                ("Rehearsals", paragraphs(rng, v, "cutover rehearsals", 2)),
            ),
        ),
        doc(
            "Project Gamma",
            "Gamma Test Plan.docx",
            "samuel-osei",
            D(2026, 9, 1),
            D(2026, 11, 18),
            "Gamma test plan",
            "GAMMA",
            (
                ("Scope", ("Every table in the marts is reconciled daily during the parallel run.",)),
                (
                    "Checks",
                    (
                        "Row counts, checksums per column and revenue totals per day. Late-arriving events in "
                        "fct_sessions are compared on a 25-hour window.",
                    ),
                ),
                ("Exit criteria", paragraphs(rng, v, "test exit", 2)),
            ),
        ),
        doc(
            "Project Gamma",
            "Reconciliation Checks.xlsx",
            "alex-johnson",
            D(2026, 9, 14),
            D(2026, 11, 23),
            "Reconciliation checks",
            "GAMMA",
            tables=(
                (
                    "Checks",
                    (
                        ("Table", "Check", "Tolerance", "Last result"),
                        ("fct_revenue", "sum(amount) per day", "0.00", "match"),
                        ("fct_sessions", "row count per day", "0.1%", "6 late rows"),
                        ("dim_customers", "checksum", "0", "match"),
                        ("fct_orders", "row count", "0", "match"),
                    ),
                ),
                (
                    "Runs",
                    (
                        ("Run", "Date", "Tables matched", "Mismatches"),
                        ("5", "2026-09-28", "398", "20"),
                        ("6", "2026-10-06", "409", "9"),
                        ("7", "2026-10-13", "412", "6"),
                        ("8", "2026-11-17", "418", "0"),
                    ),
                ),
            ),
        ),
        doc(
            "Project Gamma",
            "Gamma Runbook.md",
            "alex-kim",
            D(2026, 8, 20),
            D(2026, 11, 19),
            "Gamma runbook",
            "GAMMA",
            (
                (
                    "Nightly dbt run fails",
                    (
                        "Look at the failing model in the Airflow log.",
                        "Rerun with `dbt build --select state:modified+` after fixing; never rerun "
                        "the whole project during business hours.",
                    ),
                ),
                (
                    "Connector lag",
                    (
                        "If a Fivetran connector lags more than an hour, check the connector status page "
                        "and pause dependent DAGs.",
                    ),
                ),
            ),
        ),
        doc(
            "Project Gamma",
            "Warehouse Weekly Notes.txt",
            "laura-fischer",
            D(2026, 7, 6),
            D(2026, 11, 23),
            "Warehouse weekly notes",
            "GAMMA",
            (
                ("Week of 16 November", ("Parallel run clean for October. Repointing plan agreed.",)),
                (
                    "Week of 23 November",
                    ("Finance sign-off received. Release notes for analysts in progress.",),
                ),
            ),
        ),
        doc(
            "Project Gamma",
            "Warehouse Design Review.pptx",
            "nadia-petrova",
            D(2026, 9, 28),
            D(2026, 10, 2),
            "Warehouse design review",
            "GAMMA",
            (
                ("Layers", ("RAW, staging, intermediate, marts", "dbt owns everything after RAW")),
                ("Warehouses", ("Transform: MEDIUM", "BI: X-SMALL, auto-suspend 60s")),
                ("Access", ("Role per team", "PII masked in RAW")),
            ),
            notes=(
                "Sizing came from the month-end load test.",
                "Costs are in the consultant's model.",
                "Masking policies were reviewed with security.",
            ),
        ),
        doc(
            "Project Gamma",
            "Snowflake Cost Model.pdf",
            "hugo-lambert",
            D(2026, 7, 28),
            D(2026, 8, 20),
            "Snowflake cost model (Northwind Consulting)",
            "GAMMA",
            (
                (
                    "Summary",
                    (
                        "We estimate 1,050 Snowflake credits a month at current volume, about 3,100 USD, "
                        "against 14,200 USD a month for the Redshift cluster.",
                    ),
                ),
                ("Assumptions", paragraphs(rng, v, "warehouse cost", 2)),
                (
                    "Recommendations",
                    (
                        "Separate transform and BI warehouses, auto-suspend at 60 seconds, resource "
                        "monitors per warehouse.",
                    ),
                ),
            ),
        ),
    ]


def _delta(rng: random.Random) -> list[DocSpec]:
    v = DELTA
    return [
        doc(
            "Project Delta",
            "Portal Redesign Brief.docx",
            "chloe-dubois",
            D(2026, 6, 8),
            D(2026, 9, 15),
            "Customer portal redesign brief",
            "DELTA",
            (
                ("Why", ("Invoices and settings are the top reasons customers contact support.",)),
                (
                    "Goals",
                    (
                        "Cut support tickets about invoices by 30% within a quarter of launch, and reach a "
                        "Lighthouse score of 90 on the main pages.",
                    ),
                ),
                (
                    "Work streams",
                    (
                        "Portal UX research; Design system and tokens; Billing and invoices redesign; "
                        "Account settings redesign; Support and help centre; Portal launch.",
                        paragraph(rng, v, "the portal redesign"),
                    ),
                ),
            ),
        ),
        doc(
            "Project Delta",
            "Portal Usability Findings.pptx",
            "mia-johansson",
            D(2026, 10, 20),
            D(2026, 10, 21),
            "Portal usability findings, round 2",
            "DELTA",
            (
                ("Who we tested with", ("8 customers, admins and finance users", "Remote, 45 minutes each")),
                ("What worked", ("7 of 8 found their invoices without help", "Billing page reads clearly")),
                (
                    "What did not",
                    (
                        "Only 3 of 8 found notification settings",
                        "Changing notification settings took a median of 3m 40s",
                    ),
                ),
                ("Next", ("Move settings into the account menu", "Retest in round 3")),
            ),
            notes=(
                "Recordings are in the research folder.",
                "Finance users liked the invoice search.",
                "This was the longest task by far.",
                "Nina has the new menu in Figma.",
            ),
        ),
        doc(
            "Project Delta",
            "Portal QA Matrix.xlsx",
            "marta-novak",
            D(2026, 11, 9),
            D(2026, 11, 16),
            "Portal QA matrix",
            "DELTA",
            tables=(
                (
                    "Browsers",
                    (
                        ("Browser", "Version", "Device", "Status"),
                        ("Chrome", "131", "Windows laptop", "pass"),
                        ("Safari", "17", "MacBook", "pass"),
                        ("Safari", "17", "iPad", "2 layout bugs"),
                        ("Firefox", "132", "Linux", "pass"),
                        ("Edge", "131", "Windows laptop", "pass"),
                    ),
                ),
                (
                    "Pages",
                    (
                        ("Page", "Owner", "Tested"),
                        ("Billing", "Isabel Martins", "yes"),
                        ("Account settings", "Kevin O'Brien", "no"),
                        ("Support tickets", "Noah Schulz", "yes"),
                    ),
                ),
            ),
        ),
        doc(
            "Project Delta",
            "Delta Meeting Notes.md",
            "chloe-dubois",
            D(2026, 9, 1),
            D(2026, 11, 25),
            "Delta meeting notes",
            "DELTA",
            (
                (
                    "18 November",
                    ("Settings page slipping; Kevin to demo on Thursday.", paragraph(rng, v, "settings")),
                ),
                (
                    "25 November",
                    (
                        "No update from Kevin since the 19th. Three high-priority tickets have no owner: "
                        "invoice PDF download, session timeout warning, empty states.",
                    ),
                ),
            ),
        ),
    ]


def _ops(rng: random.Random) -> list[DocSpec]:
    v = OPS
    return [
        doc(
            "Ops Automation",
            "Ops Automation Runbook.md",
            "ruth-adeyemi",
            D(2026, 9, 14),
            D(2026, 11, 20),
            "Ops automation runbook",
            "OPS",
            (
                (
                    "Approvals bot",
                    (
                        "If approvals stop arriving, restart the approvals bot with "
                        "`make restart-approvals` on the runner and check the last 20 log lines.",
                    ),
                ),
                (
                    "Failures",
                    ("Failed runs page #devops through PagerDuty.", paragraph(rng, v, "automation failures")),
                ),
            ),
        ),
        doc(
            "Ops Automation",
            "Automation Inventory.xlsx",
            "zara-ahmed",
            D(2026, 7, 1),
            D(2026, 11, 20),
            "Automation inventory",
            "OPS",
            tables=(
                (
                    "Automations",
                    (
                        ("Automation", "Owner", "Schedule", "Status"),
                        ("Laptop provisioning", "Ethan Brooks", "on hire", "live"),
                        ("Offboarding", "Victor Lindqvist", "on leave", "live"),
                        ("Expense approvals", "Victor Lindqvist", "hourly", "live"),
                        ("PTO tracker", "Zara Ahmed", "daily", "live"),
                        ("Invoice reminders", "Zara Ahmed", "daily", "live"),
                        ("Access review", "Ruth Adeyemi", "quarterly", "live"),
                    ),
                ),
                (
                    "Savings",
                    (
                        ("Automation", "Hours saved per month"),
                        ("Laptop provisioning", "22"),
                        ("Expense approvals", "35"),
                        ("Access review", "12"),
                    ),
                ),
            ),
        ),
        doc(
            "Ops Automation",
            "Access Review Procedure.docx",
            "victor-lindqvist",
            D(2026, 9, 20),
            D(2026, 10, 1),
            "Access review procedure",
            "OPS",
            (
                ("Purpose", ("Quarterly review of every account in Google Workspace, GitHub and Jira.",)),
                ("Steps", paragraphs(rng, v, "the access review", 2)),
            ),
        ),
        doc(
            "Ops Automation",
            "Ops Retro.txt",
            "ruth-adeyemi",
            D(2026, 11, 20),
            D(2026, 11, 20),
            "Ops automation retro",
            "OPS",
            (
                ("What went well", ("Every recurring chore has an owner and a runbook.",)),
                ("What to improve", ("Move the last Zapier zaps to the runner.",)),
            ),
        ),
    ]


PROJECT_FOLDERS = (("alpha", _alpha), ("beta", _beta), ("gamma", _gamma), ("delta", _delta), ("ops", _ops))
