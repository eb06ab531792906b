"""Streaming text and CSV (spec 02 §3 step 2 dialect sniffing, §12 MAX_CELL_MB, §13 malformed_csv, §13.1)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from chiefops.ingest.csvio import CsvRecord, MalformedCsv, iter_csv_records
from chiefops.ingest.textio import (
    TextHead,
    UndecodableText,
    decode_text,
    file_encodings,
    open_text_lines,
    read_head,
    sniff_delimiter,
)

SAMPLE = "Issue key,Summary\nALPHA-1,Café “launch” – €5\n"


@pytest.mark.parametrize(
    ("encoding", "data", "expected"),
    [
        ("utf-8", SAMPLE.encode("utf-8"), ["utf-8", "cp1252", "latin-1"]),
        ("utf-8-sig", codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), ["utf-8-sig"]),
        ("utf-16-le bom", codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), ["utf-16"]),
        ("utf-16-be bom", codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), ["utf-16"]),
        ("utf-16-le plain", SAMPLE.encode("utf-16-le"), ["utf-16-le", "utf-8", "cp1252", "latin-1"]),
    ],
)
def test_file_encodings_follow_the_13_1_order(
    tmp_path: Path, encoding: str, data: bytes, expected: list[str]
) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    assert file_encodings(path) == expected


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_streamed_lines_equal_the_decoded_text(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(SAMPLE.encode(encoding))
    chosen = file_encodings(path)[0] if encoding != "cp1252" else "cp1252"
    with open_text_lines(path, encoding=chosen) as lines:
        assert "".join(lines) == SAMPLE


def test_streamed_lines_keep_line_endings_for_csv(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b'a,b\r\n1,"x\r\ny"\r\n')
    with open_text_lines(path, encoding="utf-8") as lines:
        assert list(lines) == ["a,b\r\n", '1,"x\r\n', 'y"\r\n']


def test_a_bad_byte_deep_in_the_file_surfaces_while_streaming(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"a,b\n" * 30_000 + b"caf\xe9,1\n")
    with open_text_lines(path, encoding="utf-8") as lines, pytest.raises(UnicodeDecodeError):
        for _ in lines:
            pass


def test_read_head_drops_the_bom_and_says_whether_the_file_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(codecs.BOM_UTF8 + b"a,b\n1,2\n")
    assert read_head(path, encoding="utf-8-sig") == TextHead(text="a,b\n1,2\n", is_truncated=False)
    assert read_head(path, encoding="utf-8-sig", size_bytes=6) == TextHead(text="a,b", is_truncated=True)


def test_read_head_refuses_binary_content(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(bytes(range(256)) * 16)
    with pytest.raises(UndecodableText):
        read_head(path, encoding="latin-1")


def test_decode_text_keeps_its_behaviour() -> None:
    decoded = decode_text("“quoted” €".encode("cp1252"))
    assert (decoded.text, decoded.encoding, decoded.is_fallback) == ("“quoted” €", "cp1252", True)


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ('"Issue key","Summary","Status"\n"A-1","x, y","Done"\n', ","),
        ("Issue key;Summary;Status\nA-1;x, y;Done\nA-2;z;Open\n", ";"),
        ("Issue key\tSummary\nA-1\tx; y\n", "\t"),
        ("Issue key|Summary|Status\nA-1|x|Done\n", "|"),
        ("just one column\nof plain text\n", None),
        ("a,b\n1,2,3\n", None),
    ],
)
def test_sniff_delimiter_needs_the_same_width_of_at_least_two(sample: str, expected: str | None) -> None:
    assert sniff_delimiter(sample) == expected


def test_sniff_delimiter_ignores_the_line_cut_by_a_truncated_head() -> None:
    assert sniff_delimiter("a;b\n1;2\n3;4;5;6", is_truncated=True) == ";"
    assert sniff_delimiter("a;b\n1;2\n3;4;5;6") is None


def records(text: str, *, max_cell_chars: int = 1000) -> list[CsvRecord]:
    return list(
        iter_csv_records(text.splitlines(keepends=True), delimiter=",", max_cell_chars=max_cell_chars)
    )


def test_csv_records_carry_the_line_they_start_on() -> None:
    assert records('a,b\n1,"two\nlines"\n\n3,4\n') == [
        CsvRecord(1, ["a", "b"]),
        CsvRecord(2, ["1", "two\nlines"]),
        CsvRecord(4, []),
        CsvRecord(5, ["3", "4"]),
    ]


def test_an_oversized_quoted_field_skips_only_its_record() -> None:
    text = 'a,b\n1,"' + "x" * 40 + '\nmore text, still quoted"\n2,ok\n'
    assert records(text, max_cell_chars=20) == [
        CsvRecord(1, ["a", "b"]),
        CsvRecord(2, [], is_too_large=True),
        CsvRecord(4, ["2", "ok"]),
    ]


def test_an_oversized_plain_field_skips_only_its_line() -> None:
    assert records("a,b\n1," + "x" * 40 + "\n2,ok\n", max_cell_chars=20) == [
        CsvRecord(1, ["a", "b"]),
        CsvRecord(2, [], is_too_large=True),
        CsvRecord(3, ["2", "ok"]),
    ]


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ('a,b\n1,2\n3,"open\nstill open\n', 3, "unterminated quoted field (a quote is never closed)"),
        ('a,b\n1,"x"y\n', 2, "a closing quote must be followed by the delimiter or the end of the line"),
        ("a,b\n1,2\n3,x\x00y\n", 3, "NUL byte in the text (the file is damaged or not a CSV)"),
    ],
)
def test_structural_errors_name_their_line(text: str, line: int, reason: str) -> None:
    with pytest.raises(MalformedCsv) as caught:
        records(text)
    assert (caught.value.line, caught.value.reason) == (line, reason)
