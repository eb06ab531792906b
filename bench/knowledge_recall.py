"""Benchmark `knowledge_recall` (spec 03 §11): retrieval quality on the demo world, FTS only.

The demo world (scale 1) is ingested the normal way — indexing, analysis, re-scope — and
`truth.json`'s retrieval questions are asked unscoped and scoped to their project (as project pages
do). A question counts when an expected doc key is in the top 10 (`drive:*/…` by suffix). Figures:
- `knowledge_recall_at_10` / `knowledge_mrr_at_10`, unscoped (≥ 0.90 / ≥ 0.70);
- `knowledge_scoped_recall_at_10` / `knowledge_scoped_mrr_at_10` (same targets);
- `knowledge_scoped_hits_outside_project`: hits of a scoped question from another project (0).
Recall per question kind follows, untargeted. Hybrid figures need the `semantic` extra
(`make test-semantic`); `truth.json` marks no paraphrase subset, so none is reported.

Usage: `python bench/knowledge_recall.py`.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from _common import report
from _world import world
from chiefops.config import Settings
from chiefops.knowledge import KnowledgeResult, parse_query
from chiefops.models import Project
from chiefops.services import Services, running_services

TOP = 10
TARGET_RECALL, TARGET_MRR = 0.90, 0.70


def _rank(result: KnowledgeResult, expected: list[str]) -> int | None:
    for n, hit in enumerate(result.hits, start=1):
        key = hit.citation.doc_key
        for wanted in expected:
            if (
                wanted.startswith("drive:*/") and key.endswith(wanted.removeprefix("drive:*"))
            ) or key == wanted:
                return n
    return None


async def _ask(
    services: Services, questions: list[dict[str, Any]], projects: dict[str, str], *, scoped: bool
) -> tuple[list[int | None], int]:
    ranks: list[int | None] = []
    outside = 0
    for question in questions:
        project_id = projects.get(question.get("project") or "") if scoped else None
        query = {"text": question["question"], "top_k": TOP, "mode": "lexical"}
        if project_id:
            query["project_ids"] = [project_id]
        result = await services.knowledge.search(parse_query(query))
        ranks.append(_rank(result, question["expected_doc_keys"]))
        outside += sum(1 for h in result.hits if project_id and h.citation.project_id != project_id)
    return ranks, outside


def _report(prefix: str, ranks: list[int | None]) -> None:
    recall = sum(r is not None for r in ranks) / len(ranks)
    mrr = sum(1 / r for r in ranks if r is not None) / len(ranks)
    report(f"{prefix}recall_at_10", recall, "fraction", at_least=TARGET_RECALL)
    report(f"{prefix}mrr_at_10", mrr, "fraction", at_least=TARGET_MRR)


async def run() -> None:
    world_dir = world(1)
    questions = json.loads((world_dir / "truth.json").read_text())["retrieval_questions"]
    with tempfile.TemporaryDirectory(prefix="chiefops-bench-recall-") as tmp:
        settings = Settings(data_dir=Path(tmp), semantic_search="off", _env_file=None)  # type: ignore[call-arg]
        async with running_services(settings) as services:
            await services.ingest.run([world_dir / "exports"])
            await services.knowledge.wait_for_jobs()
            projects = {
                k: p.project_id
                for p in await services.store.typed(Project).find()
                for k in p.jira_project_keys
            }
            ranks, _ = await _ask(services, questions, projects, scoped=False)
            report("knowledge_questions", len(questions), "questions")
            _report("knowledge_", ranks)
            with_project = [q for q in questions if q.get("project") in projects]
            scoped, outside = await _ask(services, with_project, projects, scoped=True)
            _report("knowledge_scoped_", scoped)
            report("knowledge_scoped_hits_outside_project", outside, "hits", at_most=0)
            by_kind: dict[str, list[int | None]] = defaultdict(list)
            for question, rank in zip(questions, ranks, strict=True):
                by_kind[question["kind"]].append(rank)
            for kind, kind_ranks in sorted(by_kind.items()):
                report(
                    f"knowledge_recall_at_10_{kind}",
                    sum(r is not None for r in kind_ranks) / len(kind_ranks),
                    "fraction",
                )


def main() -> None:
    asyncio.run(run())


if __name__ == "__main__":
    main()
