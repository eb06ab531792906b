"""One analysis run end to end (spec 04 §0.5, §7): load → features → compute → write back → rows.

Loading and writing are async Store calls; feature extraction and the stage graph run in a worker
thread so the event loop stays free. A snapshot of the previous run is reused for every collection
whose data version did not move since this service last wrote, so an unchanged workspace costs a
few version reads, and a correction reloads only the facts.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from chiefops.intel.asof import parse_as_of_setting
from chiefops.intel.cache import ENGINE_VERSION, StageCache, snapshot_hash
from chiefops.intel.corrections import corrections_digest
from chiefops.intel.defaults import IntelConfig, build_config, setting_overrides
from chiefops.intel.features import FeatureCache, MessageFeatures, MessageText, extract_many
from chiefops.intel.gaps_checklists import ChecklistSet, load_checklists
from chiefops.intel.pipeline import Analysis, AnalysisInputs, identity_stage, run_context, run_pipeline
from chiefops.intel.rows import (
    RowSpec,
    latest_row,
    memory_from,
    people_row,
    project_extras,
    project_rows,
    projects_row,
    save_rows,
    tasks_row,
)
from chiefops.intel.snapshot import VERSIONED, MessageRow, Snapshot, load_snapshot, reload_collections
from chiefops.intel.stage_runner import StageRunner
from chiefops.intel.text_search import DocPart, RunTextSearch
from chiefops.intel.writeback import WriteSummary, sections_to_write, write_back
from chiefops.knowledge import EmbeddedIndex, KnowledgeIndex, Source
from chiefops.models import AnalysisType
from chiefops.runtime import collector_paused, heap_frozen
from chiefops.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Trigger:
    kind: str  # ingestion | correction | config | manual
    ref: str | None = None


@dataclass
class RunOutcome:
    run_id: str
    as_of: datetime | None
    snapshot_hash: str
    recomputed: list[str]
    failed: list[dict[str, str]]
    written: WriteSummary
    rows: list[RowSpec]
    warnings: list[str] = field(default_factory=list)
    skipped: bool = False
    analysis: Analysis | None = None


@dataclass
class RunState:
    """What a service remembers between runs (snapshot, post-write versions, caches)."""

    snapshot: Snapshot | None = None
    versions_after: dict[str, int] = field(default_factory=dict)
    feature_digests: dict[str, str] = field(default_factory=dict)
    features: dict[str, MessageFeatures] = field(default_factory=dict)
    doc_parts: dict[str, list[DocPart]] = field(default_factory=dict)
    doc_parts_version: int | None = None
    checklists: ChecklistSet | None = None
    search_cache: dict[str, RunTextSearch] = field(default_factory=dict)
    written_people: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    analysed: bool = False
    """The held snapshot has been through a full run (a prepared one has not)."""


async def document_parts(index: KnowledgeIndex | None, store: Store) -> dict[str, list[DocPart]]:
    """document_id → its extracted text section by section, from the knowledge index's stored Drive docs."""
    if not isinstance(index, EmbeddedIndex):
        return {}
    ids = {
        str(r["natural_key"]): str(r["document_id"])
        for r in await store.collection("documents").find_fields(fields=["natural_key", "document_id"])
    }
    parts: dict[str, list[DocPart]] = {}
    for doc in await index.stored_docs(source=Source.DRIVE):
        document_id = ids.get(doc.doc_key) or str(doc.locator.get("document_id", ""))
        if document_id:
            parts[document_id] = [DocPart(document_id, p.section, p.text) for p in doc.parts]
    return parts


async def _versions(store: Store) -> dict[str, int]:
    return {name: await store.data_version(name) for name in VERSIONED}


async def refresh_snapshot(store: Store, state: RunState) -> tuple[Snapshot, bool]:
    """(snapshot, changed): the snapshot held, with only the collections that moved reloaded.

    A collection counts as unchanged when its version is the one this service last wrote
    (`versions_after`) or the one the held snapshot was read at (a snapshot prepared by the
    `resolving_people` stage, say, before indexing touched documents). `changed` is False only when
    nothing moved and the held snapshot has been analysed already."""
    versions = await _versions(store)
    held = state.snapshot
    if held is None:
        return await load_snapshot(store), True
    stale = {
        name
        for name in VERSIONED
        if versions[name] not in (state.versions_after.get(name), held.versions.get(name))
    }
    if not stale:
        return replace(held, versions=versions), not state.analysed
    return await reload_collections(store, held, stale, versions=versions), True


async def message_features(
    snapshot: Snapshot, state: RunState, cache: FeatureCache
) -> dict[str, MessageFeatures]:
    """Features of every message, read from the per-batch cache or computed (in a thread) and cached."""
    if state.feature_digests == snapshot.message_batches and state.features:
        return state.features
    by_batch: dict[str, list[MessageRow]] = defaultdict(list)
    for m in snapshot.messages:
        if not m.is_system:
            by_batch[m.batch].append(m)
    features: dict[str, MessageFeatures] = {}
    for batch, batch_hash in sorted(snapshot.message_batches.items()):
        cached = cache.load(batch_hash)
        if cached is None:
            texts = [
                MessageText(
                    m.message_id, m.text, snapshot.raw_texts.get(m.message_id), m.at, bool(m.mentions)
                )
                for m in by_batch[batch]
            ]
            cached = await asyncio.to_thread(extract_many, texts)
            cache.save(batch_hash, cached)
        features.update(cached)
    cache.prune(list(snapshot.message_batches.values()))
    snapshot.raw_texts.clear()
    state.features, state.feature_digests = features, dict(snapshot.message_batches)
    return features


def run_config(snapshot: Snapshot, env: Mapping[str, str]) -> IntelConfig:
    overrides: dict[str, object] = dict(env)
    overrides.update(setting_overrides(snapshot.settings))
    return build_config(overrides)


async def prepare_people(
    *, store: Store, state: RunState, stage_cache: StageCache, env: Mapping[str, str]
) -> int:
    """Ingestion stage `resolving_people` (spec 02 §11): read what changed and resolve identities
    over it with the COO's identity facts re-applied. The snapshot is kept and the identity stage
    cached, so the `analyzing` stage's run reuses both instead of doing the people work again.
    Nothing is written to the store here. Returns the number of persons resolved."""
    with collector_paused():
        snapshot, _ = await refresh_snapshot(store, state)
    state.snapshot, state.analysed = snapshot, False
    if snapshot.is_empty:
        return 0
    config = run_config(snapshot, env)
    memory = memory_from(await latest_row(store, AnalysisType.PEOPLE_IDENTIFICATION, None))
    override = parse_as_of_setting(snapshot.settings.get("intel.as_of"))

    def resolve() -> int:
        ctx = run_context(snapshot, config, {}, as_of_override=override)
        return len(identity_stage(ctx, StageRunner(stage_cache), memory).result.persons)

    with heap_frozen():
        resolved = await asyncio.to_thread(resolve)
    stage_cache.flush()
    return resolved


async def execute_run(
    *,
    store: Store,
    data_dir: Path | None,
    state: RunState,
    stage_cache: StageCache,
    index: KnowledgeIndex | None,
    env: Mapping[str, str],
    run_id: str,
    trigger: Trigger,
    now: datetime,
    started: float,
    monotonic: Any,
) -> RunOutcome:
    """Load, compute and write one run (see the module docstring)."""
    with collector_paused():
        snapshot, changed = await refresh_snapshot(store, state)
        if not changed and state.snapshot is not None:
            return RunOutcome(run_id, None, "", [], [], WriteSummary(), [], skipped=True)
        features = await message_features(
            snapshot, state, FeatureCache(data_dir / "intel" / "features" if data_dir else None)
        )
    with heap_frozen():
        return await _compute_and_write(
            store=store, state=state, stage_cache=stage_cache, index=index, env=env, run_id=run_id, trigger=trigger,
            now=now, started=started, monotonic=monotonic, snapshot=snapshot, features=features,
        )  # fmt: skip


async def _compute_and_write(
    *,
    store: Store,
    state: RunState,
    stage_cache: StageCache,
    index: KnowledgeIndex | None,
    env: Mapping[str, str],
    run_id: str,
    trigger: Trigger,
    now: datetime,
    started: float,
    monotonic: Any,
    snapshot: Snapshot,
    features: Mapping[str, MessageFeatures],
) -> RunOutcome:
    config = run_config(snapshot, env)
    if state.doc_parts_version is None or snapshot.versions.get("documents") != state.doc_parts_version:
        state.doc_parts = await document_parts(index, store)
        state.doc_parts_version = snapshot.versions.get("documents")
    if state.checklists is None:
        state.checklists = load_checklists()
    memory = memory_from(await latest_row(store, AnalysisType.PEOPLE_IDENTIFICATION, None))
    override = parse_as_of_setting(snapshot.settings.get("intel.as_of"))
    texts = {d: "\n".join(p.text for p in parts) for d, parts in state.doc_parts.items()}
    inputs = AnalysisInputs(
        snapshot=snapshot, config=config, features=features, memory=memory, doc_texts=texts, doc_parts=state.doc_parts,
        checklists=state.checklists,
        search_cache=state.search_cache, as_of_override=override,
    )  # fmt: skip
    analysis = await asyncio.to_thread(run_pipeline, inputs, stage_cache)
    moved = {name for name, version in snapshot.versions.items() if state.versions_after.get(name) != version}
    sections = sections_to_write(analysis, moved=moved) if state.versions_after else None
    written = await write_back(
        store, analysis, now=now, extra_projects=project_extras(analysis), sections=sections
    )
    if sections is None or "people" in sections:
        state.written_people = written.written_people
    snap_hash = snapshot_hash(
        config_hash=config.config_hash,
        batch_digests=[*snapshot.message_batches.values(), *snapshot.input_digests().values()],
        facts=corrections_digest(analysis.corrections),
        as_of=analysis.as_of.at,
    )
    failed = [{"stage": f"{r.stage}:{r.scope}", "error": r.error or ""} for r in analysis.runner.failures]
    meta = {
        "run_id": run_id,
        "as_of": analysis.as_of.at.isoformat(),
        "trigger": {"kind": trigger.kind, "ref": trigger.ref},
        "engine_version": ENGINE_VERSION,
        "config_hash": config.config_hash,
        "snapshot_hash": snap_hash,
        "duration_ms": round((monotonic() - started) * 1000),
        "warnings": analysis.warnings,
        **({"last_run_failed": failed[0]} if failed else {}),
    }
    specs = [
        people_row(analysis, state.written_people),
        projects_row(analysis),
        tasks_row(analysis),
        *project_rows(analysis),
    ]
    rows = await save_rows(store, specs, meta=meta, now=now)
    stage_cache.flush()
    state.snapshot, state.analysed = snapshot, True
    state.versions_after = await _versions(store)
    return RunOutcome(
        run_id,
        analysis.as_of.at,
        snap_hash,
        analysis.runner.recomputed,
        failed,
        written,
        rows,
        analysis.warnings,
        analysis=analysis,
    )
