"""Same seed and scale → byte-identical output (spec 11 §1)."""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

from samples.drive_content import planted_documents
from samples.timeline import ARCHIVE_TIME
from samples.world import build_world

from samples import WorldReport


def _digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_two_runs_with_the_same_seed_write_identical_bytes(
    world: WorldReport, second_world: WorldReport
) -> None:
    first, second = _digests(world.out_dir), _digests(second_world.out_dir)
    assert len(first) == 3 + world.counts.documents  # ZIP, CSV, truth.json and every document
    assert first == second


def test_every_zip_member_has_the_fixed_entry_time(world: WorldReport) -> None:
    archives = [
        world.slack_zip,
        *(p for p in world.drive_dir.rglob("*") if p.suffix in {".docx", ".pptx", ".xlsx"}),
    ]
    times = {info.date_time for path in archives for info in zipfile.ZipFile(path).infolist()}
    assert times == {ARCHIVE_TIME}


def test_documents_keep_their_modified_date_as_file_time(world: WorldReport) -> None:
    for doc in planted_documents(7):
        assert os.stat(world.drive_dir / doc.folder / doc.file_name).st_mtime == doc.modified.timestamp()


def test_ids_come_from_the_seed() -> None:
    seven, eight = build_world(7, 1), build_world(8, 1)
    assert seven.person("raj-patel").slack_id == build_world(7, 1).person("raj-patel").slack_id
    assert seven.person("raj-patel").slack_id != eight.person("raj-patel").slack_id
    assert [c.id for c in seven.channels] != [c.id for c in eight.channels]
