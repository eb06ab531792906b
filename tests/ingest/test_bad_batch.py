"""One batch of every kind of bad input plus good files (spec 02 §13, §17 checks 10, 13–15; 09
reliability "a corrupt file in a batch fails alone"): each file gets its documented status, code and
message naming the file, and the good files land."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

from tests.ingest.fixtures_drive import write_encrypted_pdf
from tests.ingest.fixtures_ingest import jira_csv, jira_row, slack_export

from chiefops.events import Event
from chiefops.models import FileStatus, JobOutcome
from chiefops.services import Services

SUPPORTED = (
    "Slack export ZIP or folder, Slack JSON, Jira CSV/XLSX, PDF, Word (.docx), PowerPoint (.pptx), "
    "Excel (.xlsx), HTML, Markdown, text, CSV, OpenDocument (.odt/.ods/.odp)"
)
MIB = 1024 * 1024


def _cut_zip(path: Path, scratch: Path) -> int:
    """A Slack export cut at 60 %, as a broken download; returns its length in bytes."""
    data = slack_export(scratch / "whole.zip").read_bytes()
    path.write_bytes(data[: int(len(data) * 0.6)])
    return path.stat().st_size


def _bomb_ratio(path: Path) -> float:
    """One 2 MiB member of zeros: far over the 100:1 ratio limit."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.txt", b"\0" * (2 * MIB))
    [info] = zipfile.ZipFile(path).infolist()
    return info.file_size / info.compress_size


def bad_batch(root: Path, scratch: Path) -> tuple[Path, int, float]:
    """The folder of bad inputs; returns it with the cut ZIP's length and the bomb's ratio."""
    batch = root / "batch"
    batch.mkdir(parents=True)
    scratch.mkdir()
    cut_at = _cut_zip(batch / "cut.zip", scratch)
    with zipfile.ZipFile(batch / "slip.zip", "w") as archive:
        archive.writestr("../../evil.md", "# Evil\n\nWritten outside the data dir.\n")
        archive.writestr("ok.md", "# Fine\n\nThis member lands.\n")
    ratio = _bomb_ratio(batch / "bomb.zip")
    (batch / "empty.txt").write_bytes(b"")
    (batch / "tool.exe").write_bytes(b"MZ\x90\x00" + b"\x00" * 60)
    (batch / "no-summary.csv").write_text("Issue key,Status,Assignee\nALPHA-1,To Do,Raj\nALPHA-2,Done,Raj\n")
    (batch / "footer.csv").write_text(
        "Issue key,Summary,Status,Created\n"
        "ALPHA-3,Task 3,To Do,14/Sep/26 9:30 AM\n,,,\n"
        "ALPHA-4,Task 4,Done,14/Sep/26 9:30 AM\n,,,\n"
        "Generated at 14/Sep/26 by Jane Doe,,,\n"
    )
    write_encrypted_pdf(scratch / "locked.pdf", user_password="secret").rename(batch / "locked.pdf")
    (batch / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + "Café plan for Q4\n".encode("utf-16-le"))
    (batch / "good.md").write_text("# Good\n\nThis one lands.\n")
    return batch, cut_at, ratio


async def test_every_bad_input_gets_its_documented_outcome_and_the_good_files_land(
    container: Services, tmp_path: Path
) -> None:
    batch, cut_at, ratio = bad_batch(tmp_path / "in", tmp_path / "scratch")
    summary = await container.ingest.run([batch])
    outcomes = [(f.path, f.status, f.code, f.reason, f.encoding) for f in summary.file_results]
    documents = await container.store.collection("documents").find_fields(fields=["file_name"])
    tasks = await container.store.collection("tasks").find_fields(fields=["jira_key"])
    assert outcomes == [
        (
            "batch/bomb.zip",
            FileStatus.FAILED,
            "zip_bomb_suspected",
            f"batch/bomb.zip › zeros.txt: compressed {ratio:,.0f}:1, over the limit of 100:1"
            " (CHIEFOPS_MAX_ZIP_RATIO) — this looks like a ZIP bomb",
            None,
        ),
        (
            "batch/cut.zip",
            FileStatus.FAILED,
            "corrupt_archive",
            f"batch/cut.zip: not a readable ZIP (damaged or incomplete download; ends at byte {cut_at:,})"
            " — download it again",
            None,
        ),
        ("batch/empty.txt", FileStatus.SKIPPED, "empty_file", "batch/empty.txt: file is empty", None),
        ("batch/footer.csv", FileStatus.INGESTED, None, None, "utf-8"),
        ("batch/good.md", FileStatus.INGESTED, None, None, "utf-8"),
        (
            "batch/locked.pdf",
            FileStatus.FAILED,
            "encrypted_document",
            "batch/locked.pdf: password-protected PDFs are not read — save an unprotected copy",
            None,
        ),
        (
            "batch/no-summary.csv",
            FileStatus.FAILED,
            "missing_columns",
            "batch/no-summary.csv: missing column(s): Summary; found: Issue key, Status, Assignee",
            None,
        ),
        (
            "batch/slip.zip › ../../evil.md",
            FileStatus.SKIPPED,
            "unsafe_path",
            "batch/slip.zip › ../../evil.md: skipped, its name climbs out of the archive (`..`)",
            None,
        ),
        ("batch/slip.zip › ok.md", FileStatus.INGESTED, None, None, "utf-8"),
        (
            "batch/tool.exe",
            FileStatus.SKIPPED,
            "unsupported_type",
            f"batch/tool.exe: unsupported file type (Windows executable); supported: {SUPPORTED}",
            None,
        ),
        ("batch/utf16.txt", FileStatus.INGESTED, None, None, "utf-16"),
    ]
    assert summary.outcome is JobOutcome.PARTIAL
    assert sorted(d["file_name"] for d in documents) == ["good.md", "ok.md", "utf16.txt"]
    assert sorted(t["jira_key"] for t in tasks) == ["ALPHA-3", "ALPHA-4"]
    assert list(tmp_path.rglob("evil.md")) == []


async def test_a_csv_without_status_in_a_three_file_batch_fails_alone(
    container: Services, tmp_path: Path
) -> None:
    """§17 check 10, in a batch: the CSV missing Status names it, the other two files land."""
    (tmp_path / "no-status.csv").write_text("Issue key,Summary,Assignee\nBETA-1,Login page,Raj\n")
    files = [
        slack_export(tmp_path / "export.zip"),
        jira_csv(tmp_path / "alpha.csv", [jira_row("ALPHA-1"), jira_row("ALPHA-2")]),
        tmp_path / "no-status.csv",
    ]
    summary = await container.ingest.run(files)
    tasks = await container.store.collection("tasks").find_fields(fields=["jira_key"])
    assert [(f.path, f.status, f.code, f.reason) for f in summary.file_results] == [
        ("alpha.csv", FileStatus.INGESTED, None, None),
        ("export.zip", FileStatus.INGESTED, None, None),
        (
            "no-status.csv",
            FileStatus.FAILED,
            "missing_columns",
            "no-status.csv: missing column(s): Status; found: Issue key, Summary, Assignee",
        ),
    ]
    assert (summary.outcome, summary.messages.new) == (JobOutcome.PARTIAL, 6)
    assert sorted(t["jira_key"] for t in tasks) == ["ALPHA-1", "ALPHA-2"]


async def test_a_reader_failure_names_the_file_in_its_result_and_its_event(
    container: Services, tmp_path: Path
) -> None:
    """Audit ingest D7: `file_results[].reason` and the `ingest.file` reason of a reader-level failure
    ("password-protected PDFs are not read …") did not say which file it was about."""
    locked = write_encrypted_pdf(tmp_path / "salaries.pdf", user_password="secret")
    events: list[Event] = []
    summary = await container.ingest.run_with_events([locked], on_event=events.append)
    failed = [e.data["reason"] for e in events if e.name == "ingest.file" and e.data["phase"] == "failed"]
    reason = "salaries.pdf: password-protected PDFs are not read — save an unprotected copy"
    assert [f.reason for f in summary.file_results] == [reason]
    assert failed == [reason]
