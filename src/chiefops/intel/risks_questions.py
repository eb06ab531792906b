"""Questions to ask the architect (spec 04 §6): at most 7 per project, worst source first.

Sources: each missing or untracked checklist item's question (gaps), one question per readiness
area with no evidence (readiness), R1 and R4 (risks), and checklist question-only entries. Each
question says why it is asked: the finding it comes from (when there is one) and its evidence.

How to call:
    select_architect_questions(candidates: Sequence[ArchitectQuestion], *, cfg: QuestionsConfig)
        -> list[ArchitectQuestion]
Candidates come from `GapReport.questions`, `RiskReport.questions` and `readiness_questions(...)`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from chiefops.intel.evidence import Evidence, Severity
from chiefops.models import Model

QuestionOrigin = Literal["gap", "risk", "readiness", "checklist"]
_ORIGIN_ORDER: dict[QuestionOrigin, int] = {"gap": 0, "risk": 1, "readiness": 2, "checklist": 3}


@dataclass(frozen=True, slots=True)
class QuestionsConfig:
    max_questions: int = 7


class QuestionBasis(Model):
    """Why a question is asked: its source finding (None for readiness and question-only items)."""

    finding_id: str | None = None
    evidence: list[Evidence] = Field(min_length=1)


class ArchitectQuestion(Model):
    question: str = Field(min_length=1)
    severity: Severity = Field(description="severity of the source")
    origin: QuestionOrigin
    because: QuestionBasis


def select_architect_questions(
    candidates: Sequence[ArchitectQuestion], *, cfg: QuestionsConfig
) -> list[ArchitectQuestion]:
    """The worst-sourced distinct questions: severity, then origin (gap, risk, readiness,
    checklist), then text; at most `cfg.max_questions`."""
    ordered = sorted(candidates, key=lambda q: (q.severity.rank, _ORIGIN_ORDER[q.origin], q.question))
    chosen: list[ArchitectQuestion] = []
    seen: set[str] = set()
    for candidate in ordered:
        key = " ".join(candidate.question.casefold().split())
        if key not in seen:
            seen.add(key)
            chosen.append(candidate)
    return chosen[: cfg.max_questions]
