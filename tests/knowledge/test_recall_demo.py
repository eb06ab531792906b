"""Retrieval quality on the generated demo world (spec 03 §11, §12 check 13; 02 §17 check 12 search side).

The world is generated once per session, ingested through the real `IngestService` (whose indexing
stage feeds the knowledge sink), and `truth.json`'s retrieval questions are asked with FTS only.
A question counts when any expected doc key is among the top-10 hits (`drive:*/…` matches by suffix).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from chiefops.clock import FixedClock
from chiefops.config import Settings
from chiefops.knowledge import KnowledgeResult, parse_query
from chiefops.models import Project
from chiefops.services import running_services
from samples import generate_world

AS_OF = datetime(2026, 11, 30, 23, 0, tzinfo=UTC)
TOP = 10


@dataclass(frozen=True)
class DemoIndex:
    settings: Settings
    questions: list[dict[str, Any]]


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoIndex]:
    root = tmp_path_factory.mktemp("demo-world")
    generate_world(root / "world", seed=7, scale=1)
    settings = Settings(data_dir=root / "data", semantic_search="off", _env_file=None)  # type: ignore[call-arg]
    summary = asyncio.run(_ingest(settings, root / "world" / "exports"))
    assert summary["outcome"] == "ok", summary
    truth = json.loads((root / "world" / "truth.json").read_text())
    yield DemoIndex(settings=settings, questions=truth["retrieval_questions"])


async def _ingest(settings: Settings, exports: Path) -> dict[str, Any]:
    async with running_services(settings, clock=FixedClock(AS_OF)) as services:
        summary = await services.ingest.run([exports])
    return {"outcome": summary.outcome.value, "index": summary.index.model_dump()}


def _matches(doc_key: str, expected: list[str]) -> bool:
    for key in expected:
        if key.startswith("drive:*/"):
            if doc_key.startswith("drive:") and doc_key.endswith(key.removeprefix("drive:*")):
                return True
        elif doc_key == key:
            return True
    return False


async def _ask(settings: Settings, questions: list[dict[str, Any]], *, scoped: bool) -> list[KnowledgeResult]:
    async with running_services(settings, clock=FixedClock(AS_OF)) as services:
        projects = {
            k: p.project_id for p in await services.store.typed(Project).find() for k in p.jira_project_keys
        }
        results = []
        for question in questions:
            project_ids = (
                [projects[question["project"]]] if scoped and question.get("project") in projects else None
            )
            query = parse_query(
                {"text": question["question"], "top_k": TOP, "mode": "lexical", "project_ids": project_ids}
            )
            results.append(await services.knowledge.search(query))
        return results


def test_fts_recall_at_10_on_the_demo_questions_is_at_least_090(demo: DemoIndex) -> None:
    results = asyncio.run(_ask(demo.settings, demo.questions, scoped=False))
    ranks = []
    for question, result in zip(demo.questions, results, strict=True):
        keys = [h.citation.doc_key for h in result.hits]
        ranks.append(
            next((n for n, k in enumerate(keys, 1) if _matches(k, question["expected_doc_keys"])), None)
        )
    recall = sum(r is not None for r in ranks) / len(ranks)
    mrr = sum(1 / r for r in ranks if r is not None) / len(ranks)
    print(f"knowledge demo retrieval: recall@10 {recall:.3f}, MRR@10 {mrr:.3f} over {len(ranks)} questions")
    assert len(ranks) >= 60
    assert recall >= 0.90


def test_project_scoped_questions_never_cite_another_project(demo: DemoIndex) -> None:
    scoped = [q for q in demo.questions if q.get("project")]
    results = asyncio.run(_ask(demo.settings, scoped, scoped=True))
    wanted = [{h.citation.project_id for h in r.hits} for r in results]
    assert len(scoped) >= 10
    assert [len(projects) <= 1 and None not in projects for projects in wanted] == [True] * len(scoped)


def test_drive_hits_carry_their_page_slide_or_sheet(demo: DemoIndex) -> None:
    drive = [q for q in demo.questions if q["kind"] == "drive"]
    hits = [h for r in asyncio.run(_ask(demo.settings, drive, scoped=False)) for h in r.hits]
    located = {
        ".pdf": [h.citation.page is not None for h in hits if h.citation.doc_key.endswith(".pdf")],
        ".pptx": [h.citation.slide is not None for h in hits if h.citation.doc_key.endswith(".pptx")],
        ".xlsx": [h.citation.sheet is not None for h in hits if h.citation.doc_key.endswith(".xlsx")],
    }
    assert {ext: (len(flags) > 0 and all(flags)) for ext, flags in located.items()} == {
        ".pdf": True,
        ".pptx": True,
        ".xlsx": True,
    }
