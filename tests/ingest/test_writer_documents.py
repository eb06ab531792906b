"""The writer on Drive documents (spec 02 §6, §8, §17 check 12): unchanged files are neither
re-extracted nor re-indexed, a changed file is the only one re-indexed, a copy is a duplicate."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.ingest.fixtures_ingest import RecordingSink, counts, stamps

from chiefops.events import Event
from chiefops.ingest import IngestService
from chiefops.models import Document, FileStatus
from chiefops.services import Services


def drive_folder(root: Path) -> Path:
    folder = root / "Drive" / "Project Alpha"
    folder.mkdir(parents=True)
    (folder / "plan.md").write_text("# Launch plan\n\nShip the mobile app in December.\n")
    (folder / "notes.txt").write_text("Standup notes: SSO config still open.\n")
    (folder / "budget.md").write_text("# Budget\n\nTwo engineers for Q4.\n")
    return root / "Drive"


async def test_a_folder_of_documents_becomes_one_record_each(
    recording_ingest: IngestService, sink: RecordingSink, tmp_path: Path
) -> None:
    summary = await recording_ingest.run([drive_folder(tmp_path)])
    keys = sorted(text.natural_key for text in sink.received[0].documents)
    assert (summary.documents.new, summary.files.ingested) == (3, 3)
    assert keys == [
        "drive:Drive/Project Alpha/budget.md",
        "drive:Drive/Project Alpha/notes.txt",
        "drive:Drive/Project Alpha/plan.md",
    ]


async def test_reingesting_documents_writes_and_indexes_nothing(
    container: Services, recording_ingest: IngestService, sink: RecordingSink, tmp_path: Path
) -> None:
    drive = drive_folder(tmp_path)
    await recording_ingest.run([drive])
    before = (await counts(container.store), await stamps(container.store))
    summary = await recording_ingest.run([drive])
    assert (summary.documents.unchanged, summary.documents.new, summary.documents.updated) == (3, 0, 0)
    assert len(sink.received) == 1
    assert (await counts(container.store), await stamps(container.store)) == before


async def test_unchanged_documents_are_reported_unchanged_and_each_gets_its_done_event(
    recording_ingest: IngestService, tmp_path: Path
) -> None:
    """Audit ingest D1: a re-ingested, unchanged document was reported `ingested` and its file row
    never got a `done` event (the UI stayed at "detected")."""
    drive = drive_folder(tmp_path)
    await recording_ingest.run([drive])
    events: list[Event] = []
    summary = await recording_ingest.run_with_events([drive], on_event=events.append)
    phases = [(e.data["name"], e.data["phase"]) for e in events if e.name == "ingest.file"]
    assert (summary.files.unchanged, summary.files.ingested) == (3, 0)
    assert [f.status for f in summary.file_results] == [FileStatus.UNCHANGED] * 3
    assert phases == [
        ("Drive/Project Alpha/budget.md", "done"),
        ("Drive/Project Alpha/notes.txt", "done"),
        ("Drive/Project Alpha/plan.md", "done"),
    ]


async def test_only_the_changed_file_is_reindexed(
    container: Services, recording_ingest: IngestService, sink: RecordingSink, tmp_path: Path
) -> None:
    drive = drive_folder(tmp_path)
    await recording_ingest.run([drive])
    stored = await container.store.typed(Document).find_one({"file_name": "plan.md"})
    (drive / "Project Alpha" / "plan.md").write_text("# Launch plan\n\nShip the mobile app in January.\n")
    summary = await recording_ingest.run([drive])
    updated = await container.store.typed(Document).find_one({"file_name": "plan.md"})
    assert (summary.documents.updated, summary.documents.unchanged) == (1, 2)
    assert [t.natural_key for t in sink.received[-1].documents] == ["drive:Drive/Project Alpha/plan.md"]
    assert stored is not None and updated is not None
    assert (updated.document_id, updated.created_at) == (stored.document_id, stored.created_at)


async def test_a_copy_under_another_path_is_a_duplicate_noted_on_the_original(
    container: Services, recording_ingest: IngestService, tmp_path: Path
) -> None:
    drive = drive_folder(tmp_path)
    await recording_ingest.run([drive])
    (drive / "Archive").mkdir()
    shutil.copy(drive / "Project Alpha" / "plan.md", drive / "Archive" / "plan-copy.md")
    summary = await recording_ingest.run([drive])
    original = await container.store.typed(Document).find_one({"file_name": "plan.md"})
    assert (summary.documents.duplicate, summary.documents.new) == (1, 0)
    assert await container.store.collection("documents").count() == 3
    assert original is not None and original.also_at == ["Drive/Archive/plan-copy.md"]


async def test_the_same_file_twice_in_one_batch_is_skipped_the_second_time(
    recording_ingest: IngestService, tmp_path: Path
) -> None:
    first = tmp_path / "a" / "report.md"
    second = tmp_path / "b" / "report.md"
    for path in (first, second):
        path.parent.mkdir()
        path.write_text("# Report\n\nAll green.\n")
    summary = await recording_ingest.run([second, first])
    assert [(f.path, f.status.value, f.code) for f in summary.file_results] == [
        ("report.md", "ingested", None),
        ("report.md", "skipped", "duplicate_in_batch"),
    ]
