"""Bad Jira files (spec 02 §13, §13.1, §12; §17 checks 10, 14, 15): exact codes and messages."""

from __future__ import annotations

import codecs
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.ingest.fixtures_jira import (
    Issue,
    Layout,
    comparable,
    failure,
    parse,
    render_csv,
    write_rows,
    write_text,
)

from chiefops.ingest.units import ParseContext

HEADER = ["Issue key", "Summary", "Status", "Created"]


def rows_file(tmp_path: Path, rows: list[list[str]], *, header: list[str] = HEADER) -> Path:
    return write_rows(tmp_path / "export.csv", [header, *rows])


def good_row(number: int) -> list[str]:
    return [f"ALPHA-{number}", f"Task {number}", "To Do", "14/Sep/26 9:30 AM"]


def test_a_missing_required_column_fails_naming_it_and_the_headers_found(tmp_path: Path) -> None:
    header = ["Issue key", "Summary", "Priority", "Assignee", *[f"Custom field ({n})" for n in range(1, 15)]]
    caught = failure(rows_file(tmp_path, [["ALPHA-1", "a", "High", ""] + [""] * 14], header=header))
    assert (caught.code, caught.reason) == (
        "missing_columns",
        "missing column(s): Status; found: Issue key, Summary, Priority, Assignee, Custom field (1), "
        "Custom field (2), Custom field (3), Custom field (4), Custom field (5), Custom field (6), "
        "Custom field (7), Custom field (8), Custom field (9), Custom field (10), Custom field (11), …",
    )


def test_three_malformed_rows_in_a_hundred_are_skipped_and_listed(tmp_path: Path) -> None:
    rows = [good_row(n) for n in range(1, 101)]
    rows[12] = ["", "no key", "To Do", "14/Sep/26 9:30 AM"]
    rows[40] = ["ALPHA 41", "bad key", "To Do", "14/Sep/26 9:30 AM"]
    rows[70] = ["ALPHA-71", "bad date", "To Do", "sometime"]
    parsed = parse(rows_file(tmp_path, rows))
    assert (len(parsed.tasks), parsed.done.status, parsed.done.code) == (97, "partial", "bad_rows")
    assert parsed.done.reason == (
        "97 of 100 rows ingested; skipped line 14: missing issue key; line 42: invalid issue key 'ALPHA 41'; "
        "line 72: Created 'sometime' is not a date"
    )
    assert parsed.done.counts["bad_rows"] == 3


def test_a_row_with_the_wrong_cell_count_is_skipped(tmp_path: Path) -> None:
    path = write_text(
        tmp_path / "export.csv", "Issue key,Summary,Status\nALPHA-1,a,Done\nALPHA-2,b\nALPHA-3,c,Done\n"
    )
    parsed = parse(path)
    assert [t.jira_key for t in parsed.tasks] == ["ALPHA-1", "ALPHA-3"]
    assert parsed.done.reason == "2 of 3 rows ingested; skipped line 3: 2 cells where the header has 3"


def test_more_than_half_malformed_fails_the_file(tmp_path: Path) -> None:
    rows = [good_row(n) if n % 5 in (0, 1) else ["", "x", "Done", ""] for n in range(1, 11)]
    caught = failure(rows_file(tmp_path, rows))
    assert (caught.code, caught.reason) == (
        "too_many_bad_rows",
        "does not look like a Jira export: 6 of 10 rows are malformed, e.g. line 3: missing issue key",
    )


def test_blank_rows_and_the_export_footer_are_not_rows(tmp_path: Path) -> None:
    path = rows_file(
        tmp_path,
        [good_row(1), ["", "", "", ""], good_row(2), ["Generated at 14/Sep/26 by Jane Doe", "", "", ""]],
    )
    parsed = parse(path)
    assert ([t.jira_key for t in parsed.tasks], parsed.done.status, parsed.done.counts["rows"]) == (
        ["ALPHA-1", "ALPHA-2"],
        "ingested",
        2,
    )


def test_a_repeated_issue_key_keeps_the_first_row(tmp_path: Path) -> None:
    parsed = parse(rows_file(tmp_path, [good_row(1), good_row(2), good_row(1)]))
    assert [t.jira_key for t in parsed.tasks] == ["ALPHA-1", "ALPHA-2"]
    assert (
        parsed.done.reason
        == "2 of 3 rows ingested; skipped line 4: ALPHA-1 appears again (the first row is kept)"
    )


def test_a_two_megabyte_description_parses(tmp_path: Path) -> None:
    description = ('A long design note; with, separators and "quotes".\n' * 41_000)[: 2 * 1024 * 1024]
    parsed = parse(
        write_text(tmp_path / "export.csv", render_csv([Issue("ALPHA-1", "big", description=description)]))
    )
    assert parsed.task("jira:ALPHA-1").description == description.strip()


def test_a_cell_over_the_limit_skips_its_row(tmp_path: Path) -> None:
    issues = [Issue("ALPHA-1", "a"), Issue("ALPHA-2", "b", description="x" * 3000), Issue("ALPHA-3", "c")]
    ctx = ParseContext(job_id="j", max_cell_bytes=2 * 1024 * 1024)
    path = write_text(tmp_path / "export.csv", render_csv(issues))
    small = ParseContext(job_id="j", max_cell_bytes=1024)
    assert len(parse(path, ctx=ctx).tasks) == 3
    parsed = parse(path, ctx=small)
    assert [t.jira_key for t in parsed.tasks] == ["ALPHA-1", "ALPHA-3"]
    assert (
        parsed.done.reason
        == "2 of 3 rows ingested; skipped line 3: a cell is larger than 1 KB (setting CHIEFOPS_MAX_CELL_MB)"
    )
    assert parsed.warning("cell_too_large") == (
        "1 row was skipped: one of its cells is over the cell size limit (setting CHIEFOPS_MAX_CELL_MB), e.g. line 3"
    )


def test_more_rows_than_max_rows_fails_before_mapping(tmp_path: Path) -> None:
    path = rows_file(tmp_path, [good_row(n) for n in range(1, 52)])
    caught = failure(path, ctx=ParseContext(job_id="j", max_rows=50))
    assert (caught.code, caught.reason) == (
        "too_many_rows",
        "more than 50 data rows (limit MAX_ROWS = 50, setting CHIEFOPS_MAX_ROWS); split the export or raise the limit",
    )
    assert len(parse(path, ctx=ParseContext(job_id="j", max_rows=51)).tasks) == 51


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"", "empty"),
        (b"\xef\xbb\xbf  \r\n", "bom and spaces"),
        (b"Issue key,Summary,Status\r\n", "header only"),
    ],
)
def test_empty_files_are_empty_file(tmp_path: Path, content: bytes, name: str) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    caught = failure(path)
    assert (caught.code, caught.reason) == ("empty_file", "file is empty")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            'Issue key,Summary,Status\nALPHA-1,"open quote,Done\nALPHA-2,b,Done\n',
            "line 2: unterminated quoted field (a quote is never closed)",
        ),
        (
            "Issue key,Summary,Status\n" + "ALPHA-1,a,Done\n" * 20 + "ALPHA-2,b\x00,Done\n",
            "line 22: NUL byte in the text (the file is damaged or not a CSV)",
        ),
    ],
)
def test_structural_csv_errors_fail_with_the_line(tmp_path: Path, content: str, reason: str) -> None:
    caught = failure(write_text(tmp_path / "export.csv", content))
    assert (caught.code, caught.reason) == (
        "malformed_csv",
        f"not a well-formed CSV at {reason}; re-export the file",
    )


def test_random_bytes_named_csv_are_undecodable(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(random.Random(7).randbytes(8192))
    caught = failure(path)
    assert (caught.code, caught.reason) == (
        "undecodable_text",
        "not text in any supported encoding (UTF-8, UTF-16, UTF-32, cp1252, latin-1)",
    )


ENCODED_ISSUES = [
    Issue("ALPHA-1", "Launch “Zürich” build – €5 budget", description="Café; naïve"),
    Issue("ALPHA-2", "Second — with dash", labels=("façade",)),
]


@pytest.mark.parametrize(
    ("encode", "reported", "fallback"),
    [
        (lambda text: text.encode("utf-8"), "utf-8", False),
        (lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), "utf-8-sig", False),
        (lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "utf-16", False),
        (lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "utf-16", False),
        (lambda text: text.encode("cp1252"), "cp1252", True),
    ],
    ids=["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "cp1252"],
)
def test_one_csv_in_every_encoding_gives_identical_tasks(
    tmp_path: Path, encode: Callable[[str], bytes], reported: str, fallback: bool
) -> None:
    text = render_csv(ENCODED_ISSUES, layout=Layout())
    reference = parse(write_text(tmp_path / "reference.csv", text))
    path = tmp_path / "export.csv"
    path.write_bytes(encode(text))
    parsed = parse(path)
    assert [comparable(t) for t in parsed.tasks] == [comparable(t) for t in reference.tasks]
    assert parsed.done.encoding == reported
    assert ("encoding_fallback" in parsed.codes) is fallback


def test_latin1_text_that_is_not_cp1252_falls_back_to_latin1(tmp_path: Path) -> None:
    text = render_csv([Issue("ALPHA-1", "Zürich café", description="control \x81 byte")], layout=Layout())
    reference = parse(write_text(tmp_path / "reference.csv", text))
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("latin-1"))
    parsed = parse(path)
    assert [comparable(t) for t in parsed.tasks] == [comparable(t) for t in reference.tasks]
    assert (parsed.done.encoding, parsed.warning("encoding_fallback")) == (
        "latin-1",
        "not UTF-8: read as latin-1; check accented characters",
    )


def test_a_decoding_error_late_in_the_file_restarts_with_the_next_encoding(tmp_path: Path) -> None:
    issues = [Issue(f"ALPHA-{n}", f"Task {n}") for n in range(1, 400)] + [Issue("ALPHA-400", "Résumé")]
    path = tmp_path / "export.csv"
    path.write_bytes(render_csv(issues, layout=Layout()).encode("cp1252"))
    parsed = parse(path)
    assert (parsed.done.encoding, parsed.task("jira:ALPHA-400").summary) == ("cp1252", "Résumé")
