"""Decoding text files in the order spec 02 §13.1 fixes.

BOM (UTF-32, UTF-16 LE/BE, UTF-8-sig) → UTF-16 without BOM when ≥ 30 % of the first 4 KiB are NULs
in alternating positions → strict UTF-8 → strict cp1252 → latin-1 (always decodes). More than 1 %
NUL/C0 control characters (not tab/CR/LF) in the decoded text means the bytes are binary.

Small documents are decoded whole (`decode_text`); tables larger than memory are streamed line by
line (`open_text_lines`), and `sniff_delimiter` picks a CSV dialect from a file's head.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
FALLBACKS = ("utf-8", "cp1252", "latin-1")
PROBE = 4096


class UndecodableText(ValueError):
    """The bytes are not text in any supported encoding (spec 02 §13 `undecodable_text`)."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str

    @property
    def is_fallback(self) -> bool:
        """True when the text was not UTF-8/UTF-16/UTF-32: warn `encoding_fallback` naming it."""
        return is_fallback_encoding(self.encoding)


def _utf16_without_bom(head: bytes) -> str | None:
    if len(head) < 4:
        return None
    even = sum(1 for b in head[0::2] if b == 0)
    odd = sum(1 for b in head[1::2] if b == 0)
    alternating = max(even, odd) >= 0.3 * len(head) and min(even, odd) <= max(even, odd) / 10
    if not alternating:
        return None
    return "utf-16-be" if even > odd else "utf-16-le"


def sniff_encoding(data: bytes) -> list[str]:
    """Candidate encodings for `data`, best first (the caller tries them in order)."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return [name]
    utf16 = _utf16_without_bom(data[:PROBE])
    return [utf16, *FALLBACKS] if utf16 else list(FALLBACKS)


def is_binary(text: str) -> bool:
    """More than 1 % NUL/C0 control characters other than tab, CR, LF."""
    if not text:
        return False
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n")
    return controls > 0.01 * len(text)


def decode_text(data: bytes) -> DecodedText:
    """Decode bytes as text or raise `UndecodableText`; a leading BOM is never kept."""
    for encoding in sniff_encoding(data):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if is_binary(text):
            raise UndecodableText("not text in any supported encoding (binary content)")
        return DecodedText(text=text.removeprefix("\ufeff"), encoding=encoding)
    raise UndecodableText("not text in any supported encoding")


# --- Streaming (files larger than memory) -------------------------------------------------------

HEAD_BYTES = 64 * 1024
DELIMITERS = (",", ";", "\t", "|")
SNIFF_RECORDS = 20


def is_fallback_encoding(encoding: str) -> bool:
    """True for the encodings that earn a warning `encoding_fallback` (not UTF-8/16/32)."""
    return encoding in {"cp1252", "latin-1"}


def file_encodings(path: Path) -> list[str]:
    """Candidate encodings of a file, best first, from its first 4 KiB (§13.1 order)."""
    with path.open("rb") as handle:
        return sniff_encoding(handle.read(PROBE))


@dataclass(frozen=True)
class TextHead:
    """The decoded start of a file; `is_truncated` when the file goes on after it."""

    text: str
    is_truncated: bool


def read_head(path: Path, *, encoding: str, size_bytes: int = HEAD_BYTES) -> TextHead:
    """The decoded first `size_bytes` of a file, BOM removed.

    Raises `UnicodeDecodeError` when the head is not valid in `encoding` (try the next candidate)
    and `UndecodableText` when it decodes to binary content.
    """
    with path.open("rb") as handle:
        raw = handle.read(size_bytes + 1)
    is_truncated = len(raw) > size_bytes
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    text = decoder.decode(raw[:size_bytes], final=not is_truncated)
    if is_binary(text):
        raise UndecodableText("not text in any supported encoding (binary content)")
    return TextHead(text=text.removeprefix("\ufeff"), is_truncated=is_truncated)


@contextmanager
def open_text_lines(path: Path, *, encoding: str) -> Iterator[Iterator[str]]:
    """Stream a text file's lines, line endings kept untranslated (what `csv` needs).

    Decoding is strict and incremental: a `UnicodeDecodeError` surfaces while iterating, and the
    caller restarts the unit with the next candidate encoding (§13.1). A leading BOM is dropped.
    """
    with (
        path.open("rb") as raw,
        io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="") as text,
    ):
        yield _without_bom(text)


def _without_bom(lines: Iterable[str]) -> Iterator[str]:
    iterator = iter(lines)
    first = next(iterator, None)
    if first is None:
        return
    yield first.removeprefix("\ufeff")
    yield from iterator


def sniff_delimiter(sample: str, *, is_truncated: bool = False) -> str | None:
    """The delimiter among `,` `;` tab `|` giving the same ≥ 2 column count on the first 20 records.

    `sample` is a file or its head (`is_truncated`: the line cut by the head's end is not counted).
    Blank records are skipped. With several candidates the one giving more columns wins, then the
    order above. None: the text is not a table.
    """
    if is_truncated and not sample.endswith(("\n", "\r")):
        sample = sample[: sample.rfind("\n") + 1]
    best: tuple[int, str] | None = None
    for delimiter in DELIMITERS:
        width = _uniform_width(sample, delimiter)
        if width >= 2 and (best is None or width > best[0]):
            best = (width, delimiter)
    return best[1] if best else None


def _uniform_width(sample: str, delimiter: str) -> int:
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    widths: set[int] = set()
    try:
        for record in itertools.islice((r for r in reader if any(cell.strip() for cell in r)), SNIFF_RECORDS):
            widths.add(len(record))
    except csv.Error:
        return 0
    return widths.pop() if len(widths) == 1 else 0
