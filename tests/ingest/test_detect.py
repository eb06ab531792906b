"""Detection (spec 02 §3, §17 checks 1 and 14): content first, the extension only breaks ties."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import orjson
import pytest
from tests.ingest.fixtures_slack import standard_export, ts, write_folder, write_zip

from chiefops.ingest.detect import Detection, SkippedInput, detect, dry_run_preview
from chiefops.ingest.detect_headers import jira_header_kind
from chiefops.ingest.safety import Limits
from chiefops.models import InputKind

LIMITS = Limits()
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
OLE2_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
JIRA_CSV = (
    '"Issue key";"Summary";"Status";"Assignee";"Sprint";"Sprint"\n'
    '"ALPHA-1";"Build login";"In Progress";"Raj";"S1";"S2"\n'
    '"ALPHA-2";"Fix; logout";"Done";"Maria";"S1";""\n'
)
CAPTURE = {
    "_meta": {
        "source": "chiefops-slack-capture",
        "channel_name": "proj-alpha",
        "channel_id": "C02",
        "total_messages": 1,
    },
    "messages": [{"ts": ts(0, 1), "user": "U01", "text": "hi"}],
    "users": [],
    "threads": {},
}


def run(tmp_path: Path, *paths: Path, limits: Limits = LIMITS) -> Detection:
    return detect(list(paths), limits=limits, work_dir=tmp_path / "work")


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def kinds(detection: Detection) -> list[tuple[str, InputKind, str]]:
    return [(d.source.display, d.kind, d.format) for d in detection.inputs]


def skipped(detection: Detection) -> list[tuple[str, str, str]]:
    return [(s.path, s.code, s.status) for s in detection.skipped]


def test_detection_table(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    paths = [
        write_zip(drop / "export.zip", standard_export()),
        write_zip(drop / "zipped-folder.zip", standard_export(), top_folder="Lumen Slack", macosx=True),
        write_folder(drop / "unpacked", standard_export()),
        write_zip(
            drop / "extract.zip",
            {"_metadata.json": {"source": "chiefops-slack-extract"}, **standard_export()},
        ),
        write(drop / "capture.json", orjson.dumps(CAPTURE)),
        write(drop / "manual.json", orjson.dumps([{"ts": ts(0, 1), "user": "U01", "text": "hi"}])),
        write(drop / "jira.csv", JIRA_CSV),
        write_xlsx(
            drop / "sheet.xlsx",
            [["Summary", "Status", "Effort Level"], ["ALPHA-12 Build login", "Done", "High"]],
        ),
        write(drop / "people.csv", "name,team\nAna,Ops\nBo,Eng\n"),
        write(drop / "report.csv", PDF_BYTES),
        write(drop / "tool.exe", b"MZ\x90\x00" + bytes(60)),
        write(drop / "other.json", b'{"a":1}'),
        write(drop / "old.doc", OLE2_BYTES),
        write(drop / "plan.gdoc", b'{"url": "https://docs.google.com/x"}'),
    ]
    detection = run(tmp_path, *paths)
    assert kinds(detection) == [
        ("export.zip", InputKind.SLACK_EXPORT, "zip"),
        ("zipped-folder.zip", InputKind.SLACK_EXPORT, "zip"),
        ("unpacked", InputKind.SLACK_EXPORT, "folder"),
        ("extract.zip", InputKind.SLACK_API, "zip"),
        ("capture.json", InputKind.SLACK_CAPTURE, "json"),
        ("manual.json", InputKind.SLACK_MANUAL, "json"),
        ("jira.csv", InputKind.JIRA_CSV, "csv"),
        ("sheet.xlsx", InputKind.JIRA_SHEET, "xlsx"),
        ("people.csv", InputKind.DOCUMENT, "csv"),
        ("report.csv", InputKind.DOCUMENT, "pdf"),
    ]
    assert [(w.code, w.message) for w in detection.inputs[-1].warnings] == [
        ("extension_mismatch", "report.csv: named .csv but its content is PDF; read as PDF")
    ]
    assert skipped(detection) == [
        ("tool.exe", "unsupported_type", "skipped"),
        ("other.json", "unsupported_type", "skipped"),
        ("old.doc", "legacy_office_format", "skipped"),
        ("plan.gdoc", "cloud_shortcut", "skipped"),
    ]
    assert detection.skipped[1].reason.startswith("other.json: JSON that is not a Slack export")


def test_zipped_folder_is_rooted_at_its_top_folder_and_macos_debris_is_not_a_warning(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "export.zip", standard_export(), top_folder="Lumen Slack", macosx=True)
    (found,) = run(tmp_path, path).inputs
    assert (found.source.root, found.warnings, found.estimate.channels) == ("Lumen Slack", (), 2)


def test_day_folders_without_users_are_an_export_with_users_missing(tmp_path: Path) -> None:
    files = {name: value for name, value in standard_export().items() if "/" in name}
    (found,) = run(tmp_path, write_zip(tmp_path / "days.zip", files)).inputs
    assert found.kind is InputKind.SLACK_EXPORT
    assert [w.code for w in found.warnings] == ["users_missing"]


def test_zip_slip_members_of_a_slack_zip_are_warnings_of_that_input(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "export.zip", standard_export())
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("../../evil.json", b"[]")
    (found,) = run(tmp_path, path).inputs
    assert [(w.code, w.message) for w in found.warnings] == [
        ("unsafe_path", "export.zip › ../../evil.json: skipped, its name climbs out of the archive (`..`)")
    ]


def test_empty_inputs_are_skipped_as_empty_file(tmp_path: Path) -> None:
    paths = [
        write(tmp_path / "zero.txt", b""),
        write(tmp_path / "blank.md", "\ufeff  \n\t\n"),
        write(tmp_path / "list.json", "[]"),
        write(tmp_path / "header.csv", "Issue key,Summary,Status\n"),
    ]
    detection = run(tmp_path, *paths)
    assert (kinds(detection), skipped(detection)) == (
        [],
        [
            ("zero.txt", "empty_file", "skipped"),
            ("blank.md", "empty_file", "skipped"),
            ("list.json", "empty_file", "skipped"),
            ("header.csv", "empty_file", "skipped"),
        ],
    )


def test_truncated_zip_fails_and_the_rest_of_the_batch_is_detected(tmp_path: Path) -> None:
    data = write_zip(tmp_path / "full.zip", standard_export()).read_bytes()
    cut = write(tmp_path / "export.zip", data[: len(data) * 6 // 10])
    notes = write(tmp_path / "notes.md", "# Notes\n")
    detection = run(tmp_path, cut, notes)
    assert kinds(detection) == [("notes.md", InputKind.DOCUMENT, "md")]
    assert detection.skipped == (
        SkippedInput(
            path="export.zip",
            code="corrupt_archive",
            reason=f"export.zip: not a readable ZIP (damaged or incomplete download; ends at byte {len(data) * 6 // 10:,})"
            " — download it again",
            status="failed",
        ),
    )


def test_random_bytes_named_csv_are_undecodable(tmp_path: Path) -> None:
    detection = run(tmp_path, write(tmp_path / "data.csv", bytes(range(0, 32)) * 40))
    assert skipped(detection) == [("data.csv", "undecodable_text", "failed")]


def test_container_zip_expands_to_one_input_per_member_under_the_work_dir(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "Drive.zip",
        {"Drive/Alpha/plan.md": b"# Plan\n", "Drive/notes.txt": b"hello", "Drive/~$lock.docx": b"x"},
    )
    detection = run(tmp_path, path)
    assert kinds(detection) == [
        ("Drive.zip › Alpha/plan.md", InputKind.DOCUMENT, "md"),
        ("Drive.zip › notes.txt", InputKind.DOCUMENT, "txt"),
    ]
    first = detection.inputs[0].source
    assert (first.root, first.rel_path, first.path.read_bytes()) == ("Drive", "Alpha/plan.md", b"# Plan\n")
    assert first.path.is_relative_to(tmp_path / "work")
    assert detection.ignored == 1


def test_nested_zip_depth_two_is_opened_and_depth_three_is_refused(tmp_path: Path) -> None:
    inner = write_zip(tmp_path / "inner.zip", {"doc.md": b"# Inner\n", "b.md": b"# B\n"})
    outer = tmp_path / "outer.zip"
    with zipfile.ZipFile(outer, "w") as archive:
        archive.write(inner, "inner.zip")
        archive.writestr("top.md", b"# Top\n")
    deeper = tmp_path / "deeper.zip"
    with zipfile.ZipFile(deeper, "w") as archive:
        archive.write(outer, "outer.zip")
        archive.writestr("top.md", b"# Top\n")
    assert kinds(run(tmp_path, outer)) == [
        ("outer.zip › inner.zip › b.md", InputKind.DOCUMENT, "md"),
        ("outer.zip › inner.zip › doc.md", InputKind.DOCUMENT, "md"),
        ("outer.zip › top.md", InputKind.DOCUMENT, "md"),
    ]
    detection = run(tmp_path, deeper)
    assert ("deeper.zip › outer.zip › inner.zip", "nested_too_deep", "failed") in skipped(detection)
    assert ("deeper.zip › outer.zip › top.md", InputKind.DOCUMENT, "md") in kinds(detection)


def test_folder_with_a_slack_root_inside_is_one_slack_input_plus_the_other_files(tmp_path: Path) -> None:
    drop = tmp_path / "Drop"
    write_folder(drop / "slack", standard_export())
    write(drop / "a.md", "# A\n")
    write(drop / ".hidden", "x")
    write(drop / "~$a.docx", "x")
    detection = run(tmp_path, drop)
    assert kinds(detection) == [
        ("Drop/a.md", InputKind.DOCUMENT, "md"),
        ("Drop/slack", InputKind.SLACK_EXPORT, "folder"),
    ]
    assert detection.ignored == 2


def test_folder_of_manual_day_files_is_one_manual_input(tmp_path: Path) -> None:
    drop = tmp_path / "proj-alpha"
    for day in range(3):
        write(
            drop / f"2026-06-0{day + 1}.json", orjson.dumps([{"ts": ts(day, 1), "user": "U01", "text": "x"}])
        )
    (found,) = run(tmp_path, drop).inputs
    assert (found.kind, found.format, found.source.path, found.estimate.messages) == (
        InputKind.SLACK_MANUAL,
        "folder",
        drop,
        3,
    )


def test_html_table_with_jira_headers_named_xls_is_jira_without_mismatch(tmp_path: Path) -> None:
    html = (
        "<html><body><table><tr><td>Jira</td></tr></table><table id='issuetable'>"
        "<tr><th>Key</th><th>Summary</th><th>Status</th></tr><tr><td>A-1</td><td>x</td><td>Done</td></tr>"
        "</table></body></html>"
    )
    (found,) = run(tmp_path, write(tmp_path / "Jira.xls", html)).inputs
    assert (found.kind, found.format, found.warnings) == (InputKind.JIRA_CSV, "html", ())


def test_batch_limit_skips_the_rest_on_one_line(tmp_path: Path) -> None:
    paths = [write(tmp_path / f"{i}.md", f"# {i}\n") for i in range(5)]
    detection = run(tmp_path, *paths, limits=Limits(max_batch_files=3))
    assert [d.source.display for d in detection.inputs] == ["0.md", "1.md", "2.md"]
    assert detection.skipped == (
        SkippedInput(
            path="3.md",
            code="too_many_files",
            reason="2 more file(s) were not ingested: a batch holds at most 3 files (CHIEFOPS_MAX_BATCH_FILES)",
            recoverable=True,  # a §12 limit: a retry after raising it ingests the rest
        ),
    )


def test_file_over_the_upload_limit_fails(tmp_path: Path) -> None:
    detection = run(tmp_path, write(tmp_path / "big.txt", "x" * 2048), limits=Limits(max_upload_bytes=1024))
    assert skipped(detection) == [("big.txt", "file_too_large", "failed")]


def test_dry_run_preview_lists_inputs_with_estimates_and_skips(tmp_path: Path) -> None:
    export = write_zip(tmp_path / "export.zip", standard_export())
    detection = run(
        tmp_path, export, write(tmp_path / "jira.csv", JIRA_CSV), write(tmp_path / "x.exe", b"MZ")
    )
    preview = dry_run_preview(detection)
    assert preview["inputs"] == [
        {
            "path": "export.zip",
            "kind": "slack_export",
            "size": export.stat().st_size,
            "estimate": {"channels": 2, "messages": 6, "rows": 0, "documents": 0},
        },
        {
            "path": "jira.csv",
            "kind": "jira_csv",
            "size": len(JIRA_CSV),
            "estimate": {"channels": 0, "messages": 0, "rows": 2, "documents": 0},
        },
    ]
    assert [(s["path"], s["code"]) for s in preview["skipped"]] == [("x.exe", "unsupported_type")]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["Issue key", "Summary", "Status"], "jira_csv"),
        (["Key", "Status"], "jira_csv"),
        (["Clave", "Resumen", "Estado"], "jira_csv"),
        (["Clé", "Résumé", "État"], "jira_csv"),
        (["Schlüssel", "Zusammenfassung", "Status"], "jira_csv"),
        (["Chave", "Resumo", "Situação"], "jira_csv"),
        (["Custom field (Issue key)", "  SUMMARY ", "Statut"], "jira_csv"),
        (["Summary", "Status", "Effort Level"], "jira_sheet"),
        (["Título", "Estado"], "jira_sheet"),
        (["Summary", "Owner"], None),
        (["Status Category", "Summary"], None),
    ],
)
def test_jira_header_kind(headers: list[str], expected: str | None) -> None:
    assert jira_header_kind(headers) == expected


def test_prose_is_text_even_with_a_comma_or_an_html_snippet(tmp_path: Path) -> None:
    paths = [
        write(tmp_path / "note.txt", "Hello, world"),
        write(tmp_path / "guide.md", "# Guide\n\nUse `<html lang='en'>` at the top.\n"),
        write(tmp_path / "page.txt", "<!doctype html><html><body>hi</body></html>"),
    ]
    assert kinds(run(tmp_path, *paths)) == [
        ("note.txt", InputKind.DOCUMENT, "txt"),
        ("guide.md", InputKind.DOCUMENT, "md"),
        ("page.txt", InputKind.DOCUMENT, "html"),
    ]


def test_tab_separated_text_without_csv_extension_is_sniffed_as_csv(tmp_path: Path) -> None:
    (found,) = run(
        tmp_path, write(tmp_path / "export.txt", "Issue key\tSummary\tStatus\nA-1\tx\tDone\n")
    ).inputs
    assert (found.kind, found.format, found.estimate.rows) == (InputKind.JIRA_CSV, "csv", 1)


def test_zipped_channel_folder_of_manual_day_files_keeps_the_channel_folder_name(tmp_path: Path) -> None:
    days = {f"2026-06-0{d + 1}.json": [{"ts": ts(d, 1), "user": "U01", "text": "x"}] for d in range(2)}
    detection = run(tmp_path, write_zip(tmp_path / "export.zip", days, top_folder="proj-alpha"))
    assert [(d.kind, d.source.path.parent.name, d.source.rel_path) for d in detection.inputs] == [
        (InputKind.SLACK_MANUAL, "proj-alpha", "2026-06-01.json"),
        (InputKind.SLACK_MANUAL, "proj-alpha", "2026-06-02.json"),
    ]
