"""Document metadata values as files state them: author strings, dates, titles (spec 02 §6).

Parsed once here, at the edge: a date that does not parse is absent (the record falls back to
file times), an author that is a tool default ("python-docx") is no author.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

GENERIC_AUTHORS = frozenset(
    {
        "python-docx",
        "python-pptx",
        "openpyxl",
        "unknown",
        "author",
        "user",
        "admin",
        "administrator",
        "microsoft office user",
    }
)
"""Values office tools write when nobody is named (case-folded)."""

GENERIC_TITLES = frozenset(
    {
        "word document",
        "document",
        "untitled",
        "untitled document",
        "powerpoint presentation",
        "presentation",
        "untitled presentation",
        "spreadsheet",
        "untitled spreadsheet",
    }
)
"""Default titles that name no document (case-folded)."""

GENERIC_TITLE_PREFIXES = ("microsoft word - ", "microsoft powerpoint - ", "microsoft excel - ")

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-']+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_NAME_AND_EMAIL = re.compile(r"^\s*\"?(?P<name>[^<>\"]*?)\"?\s*<(?P<email>[^<>]+)>\s*$")
_PDF_DATE = re.compile(
    r"^(?:D:)?(?P<y>\d{4})(?P<mo>\d{2})?(?P<d>\d{2})?(?P<h>\d{2})?(?P<mi>\d{2})?(?P<s>\d{2})?"
    r"(?P<tz>Z|[+\-]\d{2}(?:'?\d{2})?)?"
)


@dataclass(frozen=True)
class Author:
    """An author string split into a human name and an email; at least one is set."""

    name: str | None
    email: str | None

    @property
    def source_id(self) -> str:
        """The gdrive source id of 02 §4.6: the email when known, else the name."""
        return self.email or self.name or ""


def clean_author(raw: str | None) -> str | None:
    """The author string, or None when blank or a tool default."""
    if raw is None:
        return None
    text = " ".join(raw.split())
    if not text or text.casefold() in GENERIC_AUTHORS:
        return None
    return text


def first_author(*candidates: str | None) -> str | None:
    """The first candidate that names somebody (docx: core creator, else last_modified_by)."""
    for candidate in candidates:
        author = clean_author(candidate)
        if author is not None:
            return author
    return None


def parse_author(raw: str) -> Author:
    """`Jane Doe <jane@x.io>` → both; `jane@x.io` → email only; anything else → name only."""
    match = _NAME_AND_EMAIL.match(raw)
    if match and _EMAIL.fullmatch(match["email"].strip()):
        name = " ".join(match["name"].split()) or None
        return Author(name=name, email=match["email"].strip().lower())
    text = " ".join(raw.split())
    if _EMAIL.fullmatch(text):
        return Author(name=None, email=text.lower())
    return Author(name=text, email=None)


def is_generic_title(title: str) -> bool:
    folded = " ".join(title.split()).casefold()
    return folded in GENERIC_TITLES or folded.startswith(GENERIC_TITLE_PREFIXES)


def choose_title(meta_title: str | None, first_heading: str | None, stem: str) -> str:
    """Metadata title unless empty or generic, else the first heading, else the file stem."""
    if meta_title is not None:
        title = " ".join(meta_title.split())
        if title and not is_generic_title(title):
            return title
    if first_heading:
        return first_heading
    return stem


def _offset(tz: str | None) -> timezone:
    if not tz or tz == "Z":
        return UTC
    digits = tz[1:].replace("'", "")
    minutes = int(digits[:2]) * 60 + (int(digits[2:4]) if len(digits) >= 4 else 0)
    return timezone(timedelta(minutes=-minutes if tz[0] == "-" else minutes))


def parse_pdf_date(raw: str | None) -> datetime | None:
    """A PDF date string (`D:20261114093000+05'30'`, parts after the year optional) in UTC."""
    if not raw:
        return None
    match = _PDF_DATE.match(raw.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second = (
        int(match[name] or default)
        for name, default in (("y", 0), ("mo", 1), ("d", 1), ("h", 0), ("mi", 0), ("s", 0))
    )
    try:
        local = datetime(year, month, day, hour, minute, second, tzinfo=_offset(match["tz"]))
    except ValueError:
        return None
    return local.astimezone(UTC)


def parse_iso_date(raw: str | None) -> datetime | None:
    """A W3CDTF / ISO 8601 date (OOXML core properties, ODF meta); naive values are UTC."""
    if not raw or not raw.strip():
        return None
    try:
        value = datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
