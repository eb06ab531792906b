"""Values inside one Jira cell (spec 02 §5.1–§5.3, §5.6): keys, lists, numbers, comments, effort."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

JIRA_KEY = re.compile(r"^[A-Z][A-Z0-9_]{1,9}-[1-9]\d*$")
"""A valid issue key (§5.6), after upper-casing."""

_SHEET_KEY = re.compile(r"^\s*([A-Z][A-Z0-9]{1,9}-\d+)\b[\s:.\-–]*")
_LINKED_KEY = re.compile(r"\b[A-Z][A-Z0-9_]{1,9}-[1-9]\d*\b")
_VALUE_SPLIT = re.compile(r"[,;]")

_EFFORT_LEVELS: dict[str, str] = {
    **dict.fromkeys(("low", "bajo", "baja", "faible", "niedrig", "baixo", "baixa"), "low"),
    **dict.fromkeys(("medium", "medio", "media", "moyen", "moyenne", "mittel", "medio", "média"), "medium"),
    **dict.fromkeys(("high", "alto", "alta", "eleve", "élevé", "elevee", "élevée", "hoch"), "high"),
}
_NO_ASSIGNEE = frozenset({"unassigned", "sin asignar", "non assigne", "non assigné", "nicht zugewiesen", "nao atribuido", "não atribuído"})  # fmt: skip


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


def split_labels(cells: Iterable[str]) -> list[str]:
    """Labels of every Labels column: split on `,` `;` and whitespace, order kept, duplicates dropped."""
    return _unique(part for cell in cells for part in cell.replace(",", " ").replace(";", " ").split())


def split_values(cells: Iterable[str]) -> list[str]:
    """Components / versions of every column: split on `,` `;`, trimmed, order kept, duplicates dropped."""
    return _unique(part.strip() for cell in cells for part in _VALUE_SPLIT.split(cell) if part)


def linked_keys(cells: Sequence[str]) -> list[str]:
    """Issue keys named in link cells (`Outward issue link (Blocks)`), order kept."""
    if not cells:
        return []
    return _unique(key for cell in cells for key in _LINKED_KEY.findall(cell.upper()))


def first_key(cells: Iterable[str]) -> str | None:
    """The first cell that is an issue key (a Parent column may hold a numeric id instead)."""
    return next((cell.strip().upper() for cell in cells if JIRA_KEY.match(cell.strip().upper())), None)


def parse_story_points(text: str) -> float:
    """A non-negative number, `,` accepted as the decimal mark; `ValueError` otherwise."""
    value = float(text.strip().replace(",", "."))
    if value < 0 or value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{text!r} is not a non-negative number")
    return value


def split_sheet_summary(summary: str) -> tuple[str | None, str]:
    """§5.3: the key that starts a task-sheet summary, and the summary without it."""
    match = _SHEET_KEY.match(summary)
    if match is None:
        return None, summary.strip()
    return match.group(1), summary[match.end() :].strip()


def effort_level(text: str) -> str:
    """`low` / `medium` / `high` (also in the supported languages), else the cell as written."""
    return _EFFORT_LEVELS.get(text.strip().casefold(), text.strip())


def is_unassigned(name: str) -> bool:
    """Exports that write a word instead of leaving an unassigned cell blank."""
    return name.strip().casefold() in _NO_ASSIGNEE


class CommentParts(NamedTuple):
    """A comment cell split at its first two `;`: `<date>;<author>;<body>`."""

    date_text: str
    author: str
    body: str


def split_comment(cell: str) -> CommentParts | None:
    """Split a comment cell; the body keeps later `;` and line breaks verbatim. None: no two `;`."""
    parts = cell.split(";", 2)
    if len(parts) < 3:
        return None
    return CommentParts(parts[0].strip(), parts[1].strip(), parts[2])


def comment_date_text(cell: str) -> str:
    """The text before a comment cell's first `;` (for the file's date-order scan)."""
    return cell.split(";", 1)[0]
