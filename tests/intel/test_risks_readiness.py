"""Technical readiness areas and architect questions (04 §6)."""

from __future__ import annotations

from tests.intel.fixtures_findings import PROJECT_ID, MemorySearch, document, make_task, message

from chiefops.intel.evidence import Evidence, EvidenceKind, Severity
from chiefops.intel.risks_questions import (
    ArchitectQuestion,
    QuestionBasis,
    QuestionsConfig,
    select_architect_questions,
)
from chiefops.intel.risks_readiness import (
    AreaReadiness,
    ReadinessConfig,
    compute_readiness,
    readiness_questions,
    technical_concerns,
)

TASKS = [
    make_task("A-1", "Set up Terraform for staging", status="Done"),
    make_task("A-2", "Write the test plan for sync", status="In Progress"),
    make_task("A-3", "Old security spike", status="Cancelled"),
]
PASSAGES = [
    document("doc-infra", "Infrastructure: staging runs on Kubernetes"),
    message("m-1", "can someone look at the API timeouts?"),
]


def _areas() -> dict[str, AreaReadiness]:
    search = MemorySearch(
        passages={PROJECT_ID: PASSAGES}, documents={PROJECT_ID: 5}, messages={PROJECT_ID: 900}
    )
    areas = compute_readiness(project_id=PROJECT_ID, tasks=TASKS, search=search, cfg=ReadinessConfig())
    return {a.area: a for a in areas}


def test_areas_are_rated_ready_partial_or_unknown() -> None:
    assert {k: a.status for k, a in _areas().items()} == {
        "infrastructure": "ready",
        "api": "partial",
        "data_model": "unknown",
        "testing": "partial",
        "deployment": "unknown",
        "security": "unknown",
        "performance": "unknown",
        "observability": "unknown",
    }


def test_readiness_sentences_state_what_was_found() -> None:
    areas = _areas()
    assert [areas[k].sentence for k in ("infrastructure", "testing", "api", "security")] == [
        "Infrastructure looks ready: 1 done task, 0 open tasks, 1 document and 0 messages mention it.",
        "Testing readiness is partial: 0 done tasks, 1 open task, 0 documents and 0 messages mention it, "
        "but no task on it is done and no document covers it.",
        "API readiness is partial: 0 done tasks, 0 open tasks, 0 documents and 1 message mention it, "
        "but no task on it is done and no document covers it.",
        "Security readiness is unknown: no task, document or message mentions security, authentication or encryption.",
    ]


def test_an_unknown_area_cites_an_absence_with_corpus_sizes() -> None:
    absence = _areas()["observability"].evidence[0]
    assert (absence.kind, absence.hits, [(c.corpus, c.size) for c in absence.corpora]) == (
        EvidenceKind.ABSENCE,
        0,
        [("tasks", 3), ("documents", 5), ("messages", 900)],
    )


def test_concerns_are_only_areas_with_open_tasks_and_none_done() -> None:
    """A mention without a task (API) or no evidence at all (security) is not a concern (COO review:
    concerns only with evidence); Testing has an open task and nothing done."""
    assert technical_concerns(list(_areas().values())) == [
        "Testing: 1 open task on it (A-2) and none done yet."
    ]


def test_a_completed_project_has_no_technical_concerns() -> None:
    assert technical_concerns(list(_areas().values()), completed=True) == []


def test_each_unknown_area_asks_the_architect_one_question() -> None:
    questions = readiness_questions(list(_areas().values()))
    assert [(q.severity, q.origin, q.question) for q in questions][:2] == [
        (Severity.MEDIUM, "readiness", "What does the data model look like, and who approves changes to it?"),
        (
            Severity.MEDIUM,
            "readiness",
            "How does a change get to production, and how long does a release take?",
        ),
    ]
    assert len(questions) == 5


def _question(text: str, severity: Severity, origin: str = "gap") -> ArchitectQuestion:
    evidence = Evidence(kind=EvidenceKind.METRIC, ref="m", source="derived", label="x")
    return ArchitectQuestion(
        question=text,
        severity=severity,
        origin=origin,
        because=QuestionBasis(finding_id="f", evidence=[evidence]),
    )  # type: ignore[arg-type]


def test_architect_questions_are_at_most_seven_worst_source_first_and_distinct() -> None:
    candidates = [
        _question("Q low", Severity.LOW, "checklist"),
        _question("Q readiness", Severity.MEDIUM, "readiness"),
        _question("Q risk", Severity.HIGH, "risk"),
        _question("Q gap", Severity.HIGH, "gap"),
        _question("q  GAP", Severity.MEDIUM, "gap"),
        *(_question(f"Q crit {n}", Severity.CRITICAL) for n in range(5)),
    ]
    chosen = select_architect_questions(candidates, cfg=QuestionsConfig())
    assert [q.question for q in chosen] == [
        "Q crit 0",
        "Q crit 1",
        "Q crit 2",
        "Q crit 3",
        "Q crit 4",
        "Q gap",
        "Q risk",
    ]
    assert [q.question for q in select_architect_questions(candidates[:5], cfg=QuestionsConfig())] == [
        "Q gap",
        "Q risk",
        "Q readiness",
        "Q low",
    ]
