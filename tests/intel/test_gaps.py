"""The gaps stage end to end on small projects (04 §5): applicability, findings, dismissal, questions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from tests.intel.fixtures_findings import AS_OF, PROJECT_ID, MemorySearch, Passage, make_task, message

from chiefops.intel.evidence import EvidenceKind, FindingKind, FindingStatus, Severity, finding_id
from chiefops.intel.gaps import GapInputs, GapReport, GapsConfig, ProjectRef, compute_gaps
from chiefops.intel.gaps_checklists import load_checklists
from chiefops.intel.gaps_findings import SeverityConfig, gap_severity
from chiefops.intel.gaps_types import TextRef, TypeSignals
from chiefops.models import Task

CHECKLISTS = load_checklists()
MOBILE = {i.id: i for i in CHECKLISTS.get("mobile_app_launch").items}
DUE_SOON = {i.id: i for i in CHECKLISTS.get("due_soon").items}
ALPHA = ProjectRef(project_id=PROJECT_ID, name="Project Alpha", deadline=date(2026, 12, 18))
SIGNALS = TypeSignals(
    project_id=PROJECT_ID,
    name="Project Alpha",
    channel_topics=[
        TextRef(
            kind=EvidenceKind.MESSAGE,
            ref="channel:proj-alpha",
            source="slack",
            label="#proj-alpha topic",
            text="Mobile app for iOS and Android",
        )
    ],
)
COVERING = [
    "Google Play Console account and Play review",
    "Privacy policy URL and data safety form",
    "Store listing screenshots",
    "Internal test track for release candidates",
    "Signing certificates and APNs keys",
    "Crash reporting",
    "Phased rollout plan",
    "Security review",
    "Load test",
    "Monitoring and alerting",
    "Rollback plan",
    "Release notes and support hand-off",
]
TASKS = [make_task(f"A-{n}", summary) for n, summary in enumerate(COVERING, 1)]


def _run(
    tasks: list[Task] = TASKS,
    passages: list[Passage] | None = None,
    *,
    project: ProjectRef = ALPHA,
    signals: TypeSignals = SIGNALS,
    **inputs: object,
) -> GapReport:
    search = MemorySearch(
        passages={PROJECT_ID: passages or []}, documents={PROJECT_ID: 7}, messages={PROJECT_ID: 5403}
    )
    return compute_gaps(
        GapInputs(project=project, signals=signals, tasks=tasks, **inputs),  # type: ignore[arg-type]
        as_of=AS_OF,
        checklists=CHECKLISTS,
        search=search,
        cfg=GapsConfig(),
    )


@pytest.mark.parametrize(
    ("item_id", "days_left", "severity"),
    [
        ("app_store_review", 30, Severity.CRITICAL),  # hard prerequisite, deadline ≤ 30 days
        ("app_store_review", 31, Severity.HIGH),
        ("soft", 10, Severity.CRITICAL),  # days_left ≤ lead_max + 7
        ("soft", 11, Severity.HIGH),
        ("soft", 60, Severity.HIGH),
        ("soft", 61, Severity.MEDIUM),
        ("soft", None, Severity.LOW),
        ("soft", -5, Severity.CRITICAL),
    ],
)
def test_missing_item_severity_follows_the_deadline_rules(
    item_id: str, days_left: int | None, severity: Severity
) -> None:
    soft = MOBILE["crash_reporting"].model_copy(update={"base_severity": Severity.CRITICAL})
    item = soft if item_id == "soft" else MOBILE[item_id]
    assert gap_severity(item, days_left=days_left, cfg=SeverityConfig()) is severity


def test_an_items_base_severity_caps_its_rule_severity() -> None:
    assert [
        gap_severity(i, days_left=5, cfg=SeverityConfig())
        for i in (MOBILE["crash_reporting"], DUE_SOON["release_notes_support"])
    ] == [
        Severity.HIGH,
        Severity.MEDIUM,
    ]


def test_alpha_without_apple_tasks_gets_two_critical_missing_findings() -> None:
    report = _run(
        owners_by_role={"pm": "sophie", "tech_lead": "priya"},
        people_names={"sophie": "Sophie Laurent", "priya": "Priya Sharma"},
    )
    assert [
        (f.kind, f.severity, f.rule_id, f.lead_time_days, str(f.latest_start), f.owner_suggestion)
        for f in report.findings
    ] == [
        (
            FindingKind.GAP_MISSING,
            Severity.CRITICAL,
            "apple_developer_account",
            (2, 7),
            "2026-12-04",
            "priya",
        ),
        (FindingKind.GAP_MISSING, Severity.CRITICAL, "app_store_review", (4, 7), "2026-12-11", "sophie"),
    ]
    assert report.findings[1].sentence == (
        "Project Alpha has no task or owner for the App Store review submission. Review takes 4–7 days: "
        "submit by 2026-12-11 for the 2026-12-18 deadline. No owner yet; suggested: Sophie Laurent."
    )


def test_a_missing_finding_carries_absence_evidence_with_every_corpus_size() -> None:
    absence = _run().findings[1].evidence[0]
    assert (absence.kind, absence.hits, [(c.corpus, c.size) for c in absence.corpora]) == (
        EvidenceKind.ABSENCE,
        0,
        [("tasks", 12), ("documents", 7), ("messages", 5403)],
    )
    assert absence.label == (
        "searched 12 tasks, 7 documents, 5,403 messages for: app store review, app store submission, "
        "submit to the app store, app review, ios app review, apple review, approved by app review, "
        "live on the app store, ready for sale; 0 hits"
    )


def test_an_owned_mention_in_a_message_makes_the_item_untracked_and_low() -> None:
    mention = message("slack:C1:1764", "I'll take the App Store review, Priya")
    review = next(f for f in _run(passages=[mention]).findings if f.rule_id == "app_store_review")
    assert (review.kind, review.severity, review.sentence, review.evidence[0].ref) == (
        FindingKind.GAP_UNTRACKED,
        Severity.LOW,
        "App Store review submission is mentioned in #alpha-dev 2026-11-12 14:03, but there is no task.",
        "slack:C1:1764",
    )


def test_finding_ids_are_stable_and_a_dismissed_finding_stays_dismissed() -> None:
    review_id = finding_id(PROJECT_ID, "app_store_review", "checklist")
    first = datetime(2026, 11, 2, tzinfo=UTC)
    report = _run(dismissed={review_id}, first_seen={review_id: first})
    review = next(f for f in report.findings if f.finding_id == review_id)
    assert (review.status, review.first_seen_as_of) == (FindingStatus.DISMISSED, first)
    assert [q.because.finding_id for q in report.questions if q.origin == "gap"] == [
        finding_id(PROJECT_ID, "apple_developer_account", "checklist")
    ]


def test_questions_cover_missing_items_and_the_play_account_check() -> None:
    questions = [(q.severity, q.origin, q.question) for q in _run().questions]
    assert questions == [
        (Severity.CRITICAL, "gap", MOBILE["apple_developer_account"].question),
        (Severity.CRITICAL, "gap", MOBILE["app_store_review"].question),
        (
            Severity.LOW,
            "checklist",
            "Is the Play account a new personal one that needs a 14-day closed test with 12 testers?",
        ),
    ]


def test_a_weak_type_applies_no_checklist_and_a_far_deadline_skips_due_soon() -> None:
    weak = TypeSignals(
        project_id=PROJECT_ID,
        name="Project Alpha",
        task_summaries=[
            TextRef(kind=EvidenceKind.TASK, ref="A-1", source="jira", label="A-1", text="iOS fix")
        ],
    )
    far = ALPHA.model_copy(update={"deadline": date(2027, 3, 1)})
    report = _run([], project=far, signals=weak)
    assert (report.applied, report.findings, [t.type for t in report.types if t.score]) == (
        [],
        [],
        ["mobile_app_launch"],
    )
    assert report.backward_plan is not None
    assert [s.step for s in report.backward_plan.steps] == ["Code complete", "QA"]


def test_due_soon_applies_within_sixty_days_with_deadline_evidence() -> None:
    plain = TypeSignals(project_id=PROJECT_ID, name="Project Omega")
    report = _run([make_task("O-1", "Security review"), make_task("O-2", "Load test")], signals=plain)
    assert [(a.type, a.evidence[0].label) for a in report.applied] == [
        ("due_soon", "deadline 2026-12-18 is 18 days away (≤ 60)")
    ]
    assert [(f.rule_id, f.severity) for f in report.findings] == [
        ("monitoring_alerting", Severity.HIGH),
        ("rollback_plan", Severity.HIGH),
        ("release_notes_support", Severity.MEDIUM),
    ]


def test_a_project_without_deadline_gets_low_missing_findings_and_no_plan() -> None:
    report = _run(TASKS[1:], project=ALPHA.model_copy(update={"deadline": None}))
    assert (report.backward_plan, sorted((f.rule_id, f.severity) for f in report.findings)) == (
        None,
        [
            ("app_store_review", Severity.LOW),
            ("apple_developer_account", Severity.LOW),
            ("play_console", Severity.LOW),
        ],
    )


def test_key_docs_are_found_by_document_title() -> None:
    titles = [
        TextRef(
            kind=EvidenceKind.DOCUMENT,
            ref="d1",
            source="gdrive",
            label="Alpha Launch Plan.docx",
            text="Alpha Launch Plan",
        )
    ]
    report = _run(signals=SIGNALS.model_copy(update={"doc_titles": titles}))
    assert (report.key_docs.expected, report.key_docs.found) == (
        ["launch_plan", "release_checklist", "architecture", "test_plan"],
        ["launch_plan"],
    )
