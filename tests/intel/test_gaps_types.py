"""Project type scoring (04 §5 "Project type")."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.intel.fixtures_findings import make_task

from chiefops.intel.evidence import EvidenceKind
from chiefops.intel.gaps_checklists import load_checklists
from chiefops.intel.gaps_types import (
    TextRef,
    TypeConfig,
    TypeSignals,
    build_type_signals,
    compute_project_types,
)
from chiefops.models import Channel, Document, Project

CHECKLISTS = load_checklists()


def _refs(*texts: str, kind: EvidenceKind = EvidenceKind.TASK) -> list[TextRef]:
    return [
        TextRef(kind=kind, ref=f"T-{n}", source="jira", label=f"T-{n}", text=t)
        for n, t in enumerate(texts, 1)
    ]


def _type(signals: TypeSignals, type_id: str) -> tuple[int, float, bool, dict[str, str]]:
    match = next(
        m
        for m in compute_project_types(signals, checklists=CHECKLISTS, cfg=TypeConfig())
        if m.type == type_id
    )
    return match.score, match.confidence, match.applies, dict(match.keywords)


def test_each_keyword_counts_once_at_its_best_place() -> None:
    signals = TypeSignals(
        project_id="p",
        name="Mobile app launch",
        channel_topics=_refs("Launch on iOS and Android", kind=EvidenceKind.MESSAGE),
        task_summaries=_refs("Fix the iOS login", "Android crash", "Mobile app icon"),
    )
    assert _type(signals, "mobile_app_launch") == (
        7,
        1.0,
        True,
        {"mobile app": "name", "ios": "topic", "android": "topic"},
    )


def test_task_summaries_count_at_most_five_keywords_and_titles_three() -> None:
    signals = TypeSignals(
        project_id="p",
        name="Project Gamma",
        task_summaries=_refs("migration", "warehouse", "etl", "backfill", "cutover", "snowflake"),
        doc_titles=_refs("BigQuery notes", kind=EvidenceKind.DOCUMENT),
    )
    score, confidence, applies, keywords = _type(signals, "data_migration")
    assert (score, confidence, applies, sorted(keywords.values())) == (
        6,
        1.0,
        True,
        ["doc_title"] + ["task_summary"] * 5,
    )


def test_a_type_applies_from_a_confidence_of_0_6() -> None:
    four = TypeSignals(
        project_id="p", name="Project Beta", epic_names=_refs("Salesforce sync", "CRM discovery")
    )
    three = TypeSignals(
        project_id="p", name="Project Beta", task_summaries=_refs("Salesforce sync", "CRM discovery", "SFDC")
    )
    assert (_type(four, "crm_integration"), _type(three, "crm_integration")) == (
        (4, 0.6667, True, {"crm": "topic", "salesforce": "topic"}),
        (3, 0.5, False, {"crm": "task_summary", "salesforce": "task_summary", "sfdc": "task_summary"}),
    )


def test_keywords_match_whole_words_only() -> None:
    signals = TypeSignals(project_id="p", name="Luxury opsin portals", task_summaries=_refs("bios scripts"))
    assert _type(signals, "web_redesign")[0] == 0
    assert _type(signals, "internal_tooling")[3] == {}


def test_every_counted_keyword_is_cited() -> None:
    signals = TypeSignals(project_id="p", name="Ops Automation", task_summaries=_refs("Nightly script"))
    match = next(
        m
        for m in compute_project_types(signals, checklists=CHECKLISTS, cfg=TypeConfig())
        if m.type == "internal_tooling"
    )
    assert [(e.ref, e.label) for e in match.evidence] == [
        ("project:p:name", "project name: 'automation' (name)"),
        ("project:p:name", "project name: 'ops' (name)"),
        ("T-1", "T-1: 'script' (task summary)"),
    ]


def test_types_come_best_first() -> None:
    signals = TypeSignals(project_id="p", name="Customer portal redesign", task_summaries=_refs("Salesforce"))
    ranked = compute_project_types(signals, checklists=CHECKLISTS, cfg=TypeConfig())
    assert [(m.type, m.score) for m in ranked][:2] == [("web_redesign", 6), ("crm_integration", 1)]


def test_build_type_signals_sorts_records_into_places() -> None:
    when = datetime(2026, 11, 1, tzinfo=UTC)
    project = Project(project_id="p", name="Project Alpha", description="Mobile app")
    tasks = [make_task("A-2", "Build the iOS app"), make_task("A-1", "iOS app release", issue_type="Epic")]
    docs = [
        Document(
            document_id="d1",
            file_name="Launch Plan.docx",
            file_type="docx",
            file_size=1,
            owner="x",
            created_date=when,
            modified_date=when,
        )
    ]
    channels = [
        Channel(channel_id="C1", name="proj-alpha", topic="Android launch"),
        Channel(channel_id="C2", name="alpha-dev"),
    ]
    signals = build_type_signals(project, tasks=tasks, documents=docs, channels=channels)
    assert (
        [r.text for r in signals.channel_topics],
        [r.ref for r in signals.epic_names],
        [r.ref for r in signals.task_summaries],
        [r.text for r in signals.doc_titles],
    ) == (["Android launch"], ["A-1"], ["A-2"], ["Launch Plan"])
