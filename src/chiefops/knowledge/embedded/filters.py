"""A query's filters as SQL over the joined `chunks` row, and as facet groups for FTS MATCH (03 §4).

Project, source and channel filters are also ANDed as facet tokens inside MATCH, so BM25's best
candidates already respect them; time, author, issue and document filters apply on the joined row.
A chunk matches a time window when its span overlaps `[since, until)`.
"""

from __future__ import annotations

from collections.abc import Sequence

from chiefops.knowledge.embedded.rows import channel_facet, epoch, project_facet, source_facet
from chiefops.knowledge.models import KnowledgeQuery


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


def facet_groups(q: KnowledgeQuery) -> list[list[str]]:
    """OR-groups of facet tokens, ANDed together inside MATCH."""
    groups: list[list[str]] = []
    if q.project_ids is not None:
        projects = [project_facet(p) for p in q.project_ids]
        if q.unscoped_included:
            projects.append(project_facet(None))
        groups.append(projects)
    if q.sources:
        groups.append([source_facet(s.value) for s in q.sources])
    if q.channels:
        groups.append([channel_facet(c) for c in q.channels])
    return [g for g in groups if g]


def _project_clause(q: KnowledgeQuery) -> tuple[list[str], list[object]]:
    if q.project_ids is None:
        return ([], []) if q.unscoped_included else (["c.project_id IS NOT NULL"], [])
    ids: list[object] = list(q.project_ids)
    scoped = f"c.project_id IN ({_marks(ids)})" if ids else "0"
    if q.unscoped_included:
        return [f"({scoped} OR c.project_id IS NULL)"], ids
    return [scoped], ids


def row_filter(q: KnowledgeQuery) -> tuple[str, list[object]]:
    """SQL condition on alias `c` (chunks) and its parameters; `1` when nothing filters."""
    clauses, params = _project_clause(q)
    if q.sources:
        values = [s.value for s in q.sources]
        clauses.append(f"c.source IN ({_marks(values)})")
        params.extend(values)
    if q.channels:
        names = [c.lstrip("#").casefold() for c in q.channels]
        clauses.append(
            f"(lower(json_extract(c.locator, '$.channel_id')) IN ({_marks(names)}) "
            f"OR lower(json_extract(c.locator, '$.channel')) IN ({_marks(names)}))"
        )
        params.extend(names + names)
    if q.issue_keys:
        keys = [f"jira:{k.upper()}" for k in q.issue_keys]
        clauses.append(f"c.doc_key IN ({_marks(keys)})")
        params.extend(keys)
    if q.document_ids:
        clauses.append(f"json_extract(c.locator, '$.document_id') IN ({_marks(q.document_ids)})")
        params.extend(q.document_ids)
    if q.authors:
        clauses.append(
            f"EXISTS (SELECT 1 FROM json_each(c.authors) AS a WHERE a.value IN ({_marks(q.authors)}))"
        )
        params.extend(q.authors)
    if q.since is not None:
        clauses.append("c.ts_end >= ?")
        params.append(epoch(q.since))
    if q.until is not None:
        clauses.append("c.ts_start < ?")
        params.append(epoch(q.until))
    return (" AND ".join(clauses) or "1"), params
